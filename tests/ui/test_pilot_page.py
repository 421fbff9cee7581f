"""The pilot page: upload a golden set and vendors' labels, read the measured quality, apply it.

Files go in through AppTest's own `file_uploader(...).set_value`, which Streamlit 1.67 supports,
so the page reads them exactly as it reads a browser's uploads.

tests/fixtures/pilot, counted by hand: 12 gold items; each vendor gives 16 labels (4 items
labelled twice). Meridian Clinical Review Partners gets 14 right (87.5%), Swarmwise Labs 11
(68.75%); with 16 trials each Fisher's exact test cannot tell them apart.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.domain.presentation import vendor_colours
from vendor_eval.pilot.analysis import PilotOptions, to_measured_values
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.evidence.pilot import analyze_pilot_files, pilot_runs
from vendor_eval.services.evidence.prices import project_quotes
from vendor_eval.store.unit_of_work import UnitOfWork

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pilot"
MERIDIAN, SWARMWISE = "Meridian Clinical Review Partners", "Swarmwise Labs"
CSV = "text/csv"
# A tiny COCO set (as in tests/unit/test_pilot_detection.py): three gold boxes on two images.
COCO_GOLD = {
    "images": [{"id": 1, "width": 200, "height": 200}, {"id": 2, "width": 200, "height": 200}],
    "categories": [{"id": 1, "name": "car"}, {"id": 2, "name": "person"}],
    "annotations": [
        {"id": 0, "image_id": 1, "category_id": 1, "bbox": [10, 10, 50, 50]},
        {"id": 7, "image_id": 1, "category_id": 2, "bbox": [100, 100, 20, 40]},
        {"id": 9, "image_id": 2, "category_id": 1, "bbox": [30, 30, 40, 40]},
    ],
}


def fixture(name: str) -> tuple[str, bytes, str]:
    return name, (FIXTURES / name).read_bytes(), CSV


def upload(at: AppTest, labels: list[tuple[str, bytes, str]] | None = None,
           prices: bool = True) -> AppTest:
    at.file_uploader(key="pilot_gold:classification").set_value(fixture("gold.csv"))
    at.file_uploader(key="pilot_labels:classification").set_value(
        labels or [fixture("labels.csv")])
    if prices:
        at.file_uploader(key="pilot_prices").set_value(fixture("prices.csv"))
    return at.run()


def expected_analysis(demo_engine: Engine):
    """The service's analysis of the fixtures with the page's defaults: the project's volume
    and a 2-point difference for the pilot-size estimate."""
    volume = load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo").project.scope.volume
    return analyze_pilot_files(FIXTURES / "gold.csv", [FIXTURES / "labels.csv"],
                               price_file=FIXTURES / "prices.csv",
                               options=PilotOptions(min_difference=0.02, volume=volume))


def apply(at: AppTest, cautious: bool = False) -> AppTest:
    at.checkbox(key="pilot_cautious").set_value(cautious)
    return next(b for b in at.button if b.label == "Apply to project demo").click().run()


def stored_measurements(demo_engine: Engine) -> dict[tuple[str, str], float]:
    inputs = load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    return {(m.vendor, m.criterion_id): m.value for m in inputs.measured}


def test_before_any_upload_the_page_explains_the_files_it_expects(open_page: OpenPage) -> None:
    at = open_page("pilot")

    assert not at.exception
    explained = "\n".join(texts(at.info))
    assert "`item_id,label`" in explained
    assert "`vendor,item_id,annotator_id,label`" in explained
    assert "`started_at,submitted_at`" in explained
    assert not at.dataframe and not at.button


def test_uploaded_pilot_shows_accuracy_with_intervals_confusion_and_verdicts(
        open_page: OpenPage, demo_engine: Engine) -> None:
    expected = expected_analysis(demo_engine)

    at = upload(open_page("pilot"))

    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert table["Vendor"].tolist() == [MERIDIAN, SWARMWISE]
    # 14 of 16 and 11 of 16, with their 95% Wilson intervals written as the report writes them.
    assert table["Accuracy"].tolist() == ["87.5%", "68.8%"]
    assert table["95% interval"].tolist() == ["64.0% \u2013 96.5%", "44.4% \u2013 85.8%"]
    assert table["Cost per correct label"].tolist() == ["USD 2.29", "USD 1.45"]  # 2/0.875, 1/0.6875
    charts = at.get("plotly_chart")
    accuracy = json.loads(charts[0].proto.spec)
    colours = vendor_colours(load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN,
                                             "demo").vendor_names)
    bars = {trace["x"][0]: trace for trace in accuracy["data"]}
    assert bars[MERIDIAN]["marker"]["color"] == colours[MERIDIAN]
    assert bars[MERIDIAN]["error_y"]["arrayminus"][0] == \
        expected.vendors[0].classification.accuracy.value - \
        expected.vendors[0].classification.accuracy.low
    assert [tab.label for tab in at.tabs] == [MERIDIAN, SWARMWISE]
    assert len(charts) == 3  # the accuracy chart and one confusion heatmap per vendor
    confusion = json.loads(charts[1].proto.spec)["data"][0]
    assert confusion["type"] == "heatmap"
    assert confusion["z"] == [[4, 1, 0], [1, 8, 0], [0, 0, 2]]  # Meridian: fix, ok, reject
    verdicts = texts(at.markdown)
    assert f"- {expected.comparisons[0].verdict}" in verdicts
    assert "no detectable difference" in expected.comparisons[0].verdict
    needed = expected.comparisons[0].items_needed
    assert next(m for m in at.metric if m.label.startswith("Pilot size")).value == \
        f"{needed:,} items per vendor"


def test_applying_the_pilot_stores_its_values_and_counts_the_changes(
        open_page: OpenPage, demo_engine: Engine) -> None:
    expected = expected_analysis(demo_engine)
    before = stored_measurements(demo_engine)
    values = to_measured_values(expected)
    changed = sum(before.get((v.vendor, v.criterion_id)) != v.value for v in values)
    at = upload(open_page("pilot"))

    apply(at)

    assert not at.exception
    assert (f"Applied the pilot to this project: {changed} of {len(values)} measured values "
            "changed") in texts(at.success)[0]
    assert stored_measurements(demo_engine)[(MERIDIAN, "pilot_accuracy")] == 0.875

    apply(at, cautious=True)

    assert "cautious bounds" in texts(at.success)[0]
    low = expected.vendors[0].classification.accuracy.low
    assert stored_measurements(demo_engine)[(MERIDIAN, "pilot_accuracy")] == low
    assert len(pilot_runs(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")) == 2


def test_a_label_outside_the_golden_set_is_reported_with_file_row_and_column(
        open_page: OpenPage, demo_engine: Engine) -> None:
    text = (FIXTURES / "labels.csv").read_text()
    bad = text.replace(",c03,m1,", ",c99,m1,", 1).encode()  # CSV line 4

    at = upload(open_page("pilot"), labels=[("labels.csv", bad, CSV)])

    assert not at.exception
    [error] = texts(at.error)
    assert error.startswith("labels.csv, row 4, column 'item_id': item 'c99'")
    assert not at.dataframe and not at.button
    assert pilot_runs(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo") == []


def test_a_pilot_vendor_the_project_does_not_know_is_refused_and_nothing_is_stored(
        open_page: OpenPage, demo_engine: Engine) -> None:
    text = (FIXTURES / "labels.csv").read_text().replace(SWARMWISE, "Acme Labelling")
    before = stored_measurements(demo_engine)
    at = upload(open_page("pilot"), labels=[("labels.csv", text.encode(), CSV)], prices=False)

    apply(at)

    assert not at.exception
    assert any("vendor 'Acme Labelling' of the pilot is not in project 'demo'" in e
               for e in texts(at.error))
    assert stored_measurements(demo_engine) == before


def test_a_detection_pilot_is_measured_from_coco_files(open_page: OpenPage) -> None:
    results = [{"image_id": a["image_id"], "category_id": a["category_id"],
                "bbox": a["bbox"], "score": 0.9} for a in COCO_GOLD["annotations"]]
    at = open_page("pilot")
    at.radio(key="pilot_task").set_value("detection").run()

    at.file_uploader(key="pilot_gold:detection").set_value(
        ("gold.json", json.dumps(COCO_GOLD).encode(), "application/json"))
    at.file_uploader(key="pilot_labels:detection").set_value([
        ("Kestrel Data Teams.json", json.dumps(results).encode(), "application/json"),
        ("Verity Loop.json", json.dumps(results[:2]).encode(), "application/json"),  # misses one
    ])
    at.run()

    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert table["Vendor"].tolist() == ["Kestrel Data Teams", "Verity Loop"]
    assert table["Recall"].tolist() == ["100.0%", "66.7%"]
    assert table["F1"].tolist() == ["1.00", "0.80"]
    assert not at.tabs  # no confusion matrices for boxes


def test_before_any_upload_the_page_says_where_the_measured_values_come_from(
        open_page: OpenPage) -> None:
    at = open_page("pilot")

    assert not at.exception
    # The demo's measured values came in with its data file, not from a pilot run in the app.
    assert ("The measured values come from the project's data; no pilot run has been analysed "
            "in the app yet.") in texts(at.caption)
    volume = next(n for n in at.number_input if n.label.startswith("Project volume"))
    assert volume.label == "Project volume (documents)"
    assert "120,000 documents" in texts(at.caption)


def test_the_pilots_price_file_can_become_the_projects_quotes(open_page: OpenPage,
                                                             demo_engine: Engine) -> None:
    at = upload(open_page("pilot"))
    at.checkbox(key="pilot_apply_prices").set_value(True)

    at = apply(at)

    assert not at.exception
    [message] = texts(at.success)
    assert message.endswith("2 price quotes recorded from prices.csv.")
    quotes = {q.vendor: q for q in project_quotes(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")}
    assert (quotes[MERIDIAN].unit_price, quotes[SWARMWISE].unit_price) == (2.0, 1.0)
