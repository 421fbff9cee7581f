"""The consensus page: agreement, the cells to discuss, consensus scores with a rationale, and
each evaluator's calibration (analysts only)."""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, texts
from tests.ui.team_support import DANA, click, team_page
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.scoring.consensus import project_consensus, set_consensus_score
from vendor_eval.services.scoring.team import reopen_submission
from vendor_eval.store.unit_of_work import UnitOfWork

# The demo's eight cells with a spread of two points or more (header of data/demo/demo.yaml).
WIDE = {"Meridian Clinical Review Partners", "Swarmwise Labs", "Kestrel Data Teams",
        "Tessellate Annotation Cloud", "Harborline Business Services",
        "Northbridge Healthcare Documentation Services", "Verity Loop",
        "Quillbridge Trust & Safety"}


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label.startswith(label))


def fill_consensus(at: AppTest, score: float, rationale: str) -> AppTest:
    at.number_input[0].set_value(score)
    at.text_area[0].input(rationale)
    return click(at, "Save consensus score")


def test_agreement_and_the_cells_to_discuss_are_shown(open_page: OpenPage,
                                                      demo_engine: Engine) -> None:
    at = open_page("consensus")

    assert not at.exception
    report = project_consensus(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo").report
    assert metric(at, "Agreement") == f"{report.alpha:.2f}"  # two decimals, as in the report
    assert metric(at, "Cells to discuss") == "8"
    discuss = at.dataframe[0].value
    assert set(discuss["Vendor"]) == WIDE
    assert {"Dana Whitfield", "Rahul Menon", "Lucía Ortega"} <= set(discuss.columns)
    assert (discuss["Spread"] >= 2).all()
    assert "Evaluator calibration" in texts(at.subheader)
    assert at.get("plotly_chart")


def test_a_consensus_score_with_a_rationale_is_saved_and_used(open_page: OpenPage,
                                                              demo_engine: Engine) -> None:
    at = open_page("consensus")
    vendor, criterion_id = at.selectbox[0].value

    at = fill_consensus(at, 4.0, "Reference calls confirmed surge capacity")

    assert not at.exception
    assert any("Consensus for" in t and "saved" in t for t in texts(at.success))
    assert metric(at, "Consensus scores set") == "1"
    inputs = load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    [agreed] = inputs.consensus
    assert (agreed.vendor, agreed.criterion_id, agreed.score) == (vendor, criterion_id, 4.0)
    assert agreed.rationale == "Reference calls confirmed surge capacity"


def test_a_consensus_without_rationale_is_refused_and_nothing_is_saved(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = fill_consensus(open_page("consensus"), 4.0, "   ")

    assert any("needs a rationale" in t for t in texts(at.error))
    assert load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo").consensus == ()


def test_a_consensus_saved_meanwhile_is_named_and_the_typed_rationale_stays(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("consensus")
    vendor, criterion_id = at.selectbox[0].value
    set_consensus_score(UnitOfWork(demo_engine), LOCAL_ADMIN.model_copy(update={"name": "Priya"}),
                        "demo", vendor, criterion_id, 3.0, "panel call", base_version=0)

    at = fill_consensus(at, 4.0, "my reading of the evidence")

    assert any("changed by Priya" in t for t in texts(at.error))
    assert at.text_area[0].value == "my reading of the evidence"
    assert at.number_input[0].value == 4.0


def test_an_evaluator_sees_the_spread_but_neither_calibration_nor_the_consensus_form(
        demo_engine: Engine) -> None:
    at = team_page("consensus", DANA)

    assert not at.exception
    assert metric(at, "Cells to discuss") == "8"
    assert "Evaluator calibration" not in texts(at.subheader)
    assert "Set a consensus score" not in texts(at.subheader)


def test_while_scoring_is_blind_the_page_says_why_it_is_closed(open_page: OpenPage,
                                                              demo_engine: Engine) -> None:
    reopen_submission(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "Rahul Menon", "recheck")

    at = open_page("consensus")

    assert not at.exception
    assert not at.error
    [message] = texts(at.info)
    assert message.startswith("The consensus is not open to you yet.") and "1 of 3" in message
    assert not at.dataframe


def test_tables_show_a_dash_for_an_unset_consensus_and_one_format_per_column(
        open_page: OpenPage) -> None:
    at = open_page("consensus")

    assert not at.exception
    [cells] = [t for t in at.dataframe if "Discuss" in t.value.columns]
    assert cells.value["Consensus"].isna().all()  # none set in the demo ...
    assert cells.proto.placeholder == "\u2014"  # ... and shown as a dash, not "None"
    formats = {name: config.get("type_config", {}).get("format")
               for name, config in json.loads(cells.proto.columns).items()}
    assert formats["Mean"] == "%.2f"  # one format per column: "3.00" beside "3.33"
    assert formats["Median"] == formats["Spread"] == formats["Consensus"] == "%.1f"
    [calibration] = [t for t in at.dataframe if "Leniency" in t.value.columns]
    assert all(str(v) != "-0.0" for v in calibration.value["Leniency"])  # never "-0.00"
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "-0.00" not in chart["data"][0]["text"]
