"""`vendor-eval pilot analyze` and `vendor-eval agreement` end to end, including `--apply demo`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import func, select
from typer.testing import CliRunner

from vendor_eval.cli.app import app
from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import Actor
from vendor_eval.errors import PermissionDeniedError
from vendor_eval.pilot.agreement import AgreementResult
from vendor_eval.pilot.analysis import PilotAnalysis
from vendor_eval.services.evidence.pilot import (
    analyze_pilot_files,
    apply_pilot_results,
    load_pilot_run,
    pilot_runs,
)
from vendor_eval.store.tables import AuditEventRow, MeasuredValueRow, PilotRunRow
from vendor_eval.store.unit_of_work import UnitOfWork

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pilot"
GOLD, LABELS, PRICES = (FIXTURES / n for n in ("gold.csv", "labels.csv", "prices.csv"))
MERIDIAN = "Meridian Clinical Review Partners"
SWARMWISE = "Swarmwise Labs"


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def demo(database_url):
    result = invoke("init", "--demo")
    assert result.exit_code == 0, result.output
    return database_url


def ranking() -> dict[str, dict]:
    result = invoke("rank", "demo", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["vendor"]: row for row in json.loads(result.stdout)}


def stored_state(database_url: str) -> tuple[list[tuple], int, int]:
    with UnitOfWork() as uow:
        values = sorted((r.vendor_id, r.criterion_id, r.value, r.sample_size, r.source)
                        for r in uow.session.exec(select(MeasuredValueRow)).all())
        runs = uow.session.exec(select(func.count()).select_from(PilotRunRow)).one()
        events = uow.session.exec(select(func.count()).select_from(AuditEventRow)).one()
    return values, runs, events


def test_pilot_analyze_json_round_trips_and_holds_the_hand_checked_figures():
    result = invoke("pilot", "analyze", "--gold", GOLD, "--labels", LABELS, "--price-file",
                    PRICES, "--volume", 1200, "--format", "json")
    assert result.exit_code == 0, result.output
    analysis = PilotAnalysis.model_validate_json(result.stdout)
    meridian = next(v for v in analysis.vendors if v.vendor == MERIDIAN)
    assert meridian.classification.accuracy.value == pytest.approx(14 / 16)
    assert meridian.cost.cost_per_correct_label == pytest.approx(2.0 / 0.875)
    assert meridian.forecast.ramp_up_weeks == 5
    assert meridian.operations.turnaround.median_hours == 8.5
    [comparison] = analysis.comparisons
    assert "no detectable difference" in comparison.verdict
    payload = json.loads(result.stdout)
    assert payload["vendors"][0]["agreement"]["cohen_kappa"] == pytest.approx(0.5)


def test_pilot_analyze_table_shows_metrics_and_verdicts():
    result = invoke("pilot", "analyze", "--gold", GOLD, "--labels", LABELS)
    assert result.exit_code == 0, result.output
    assert "87.5% [64.0%, 96.5%]" in result.stdout
    assert "Which vendor is more accurate (Holm-corrected):" in result.stdout
    assert SWARMWISE in result.stdout


def test_pilot_analyze_csv_has_one_row_per_vendor():
    result = invoke("pilot", "analyze", "--gold", GOLD, "--labels", LABELS, "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("vendor,labels,items,accuracy,accuracy_low,accuracy_high")
    assert len(lines) == 3 and lines[1].startswith(f"{MERIDIAN},16,12,0.875")


def test_agreement_json_gives_every_coefficient_that_applies():
    result = invoke("agreement", FIXTURES / "krippendorff_2011.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["krippendorff_alpha"] == pytest.approx(0.743, abs=5e-4)
    assert "cohen_kappa" not in payload and "fleiss_kappa" not in payload
    assert set(payload["skipped"]) == {"cohen_kappa", "fleiss_kappa"}
    AgreementResult.model_validate(payload)


def test_agreement_with_two_raters_gives_all_three(tmp_path):
    ratings = tmp_path / "ratings.csv"
    rows = [("1", "a", "x"), ("1", "b", "x"), ("2", "a", "y"), ("2", "b", "y"),
            ("3", "a", "x"), ("3", "b", "y"), ("4", "a", "y"), ("4", "b", "y")]
    ratings.write_text("item_id,rater_id,label\n" + "\n".join(",".join(r) for r in rows) + "\n")
    payload = json.loads(invoke("agreement", ratings, "--format", "json").stdout)
    assert set(payload) >= {"cohen_kappa", "fleiss_kappa", "krippendorff_alpha"}
    assert payload["cohen_kappa"] == pytest.approx(0.5)


def test_agreement_interval_level_table():
    result = invoke("agreement", FIXTURES / "krippendorff_2011.csv", "--level", "interval")
    assert result.exit_code == 0
    assert "krippendorff_alpha   0.849" in result.stdout
    assert "fleiss_kappa         not computed" in result.stdout


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["pilot", "analyze", "--gold", GOLD, "--labels", PRICES], "row 1, column/field 'item_id'"),
        (["pilot", "analyze", "--gold", LABELS, "--labels", LABELS],
         "row 14, column/field 'item_id': item 'c01' appears twice in the golden set"),
        (["agreement", GOLD], "row 1, column/field 'rater_id'"),
    ],
)
def test_bad_input_exits_2_naming_the_place(args, where):
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert where in result.stderr


def test_bad_label_row_exits_2_with_file_row_and_column(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text(LABELS.read_text().replace("c07,m1,ok", "c07,m1,approve"))
    result = invoke("pilot", "analyze", "--gold", GOLD, "--labels", labels)
    assert result.exit_code == 2
    assert f"{labels}, row 8, column/field 'label': label 'approve'" in result.stderr


def test_apply_demo_updates_measured_values_and_the_ranking_uses_them(demo):
    before = ranking()
    result = invoke("pilot", "analyze", "--gold", GOLD, "--labels", LABELS, "--apply", "demo",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    assert "applied 8 measured values to project 'demo'" in result.stderr
    with UnitOfWork() as uow:
        accuracy = sorted(r.value for r in uow.session.exec(select(MeasuredValueRow).where(
            MeasuredValueRow.criterion_id == "pilot_accuracy",
            MeasuredValueRow.sample_size == 16)).all())
    assert accuracy == pytest.approx([11 / 16, 14 / 16])
    after = ranking()
    # The engine prices correct labels with the new accuracy: total / (volume * accuracy).
    meridian_total = after[MERIDIAN]["total_cost"]
    assert after[MERIDIAN]["cost_per_correct_label"] == pytest.approx(
        meridian_total / (120_000 * 0.875), rel=1e-3)
    assert after[MERIDIAN]["score"] < before[MERIDIAN]["score"]
    assert after[SWARMWISE]["score"] < before[SWARMWISE]["score"]
    untouched = "Harborline Business Services"
    assert after[untouched]["score"] == before[untouched]["score"]


def test_apply_keeps_the_whole_analysis_with_the_project(demo):
    analysis = analyze_pilot_files(GOLD, LABELS)
    applied = apply_pilot_results(UnitOfWork(), Actor(name="ana", role=Role.ANALYST), "demo",
                                  analysis, cautious=True)
    assert applied.cautious and len(applied.values) == 8
    [run] = pilot_runs(UnitOfWork(), Actor(name="vi", role=Role.VIEWER), "demo")
    assert run.id == applied.pilot_run_id and run.fingerprint == analysis.fingerprint
    assert load_pilot_run(UnitOfWork(), Actor(name="vi", role=Role.VIEWER), "demo",
                          run.id) == analysis
    with UnitOfWork() as uow:
        event = uow.session.exec(select(AuditEventRow).order_by(AuditEventRow.id.desc())).first()
        assert event.action == "pilot.apply" and event.actor == "ana"
        assert event.detail["cautious"] is True and len(event.detail["changes"]) == 8


def test_nothing_is_stored_when_a_pilot_vendor_is_not_in_the_project(demo, tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text(LABELS.read_text().replace(SWARMWISE, "Nobody Inc"))
    before = stored_state(demo)
    result = invoke("pilot", "analyze", "--gold", GOLD, "--labels", labels, "--apply", "demo")
    assert result.exit_code == 2
    assert (f"{labels}, column/field 'vendor': vendor 'Nobody Inc' of the pilot is not in "
            f"project 'demo'") in result.stderr
    assert stored_state(demo) == before


def test_nothing_is_stored_when_the_files_are_bad(demo, tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text(LABELS.read_text().replace("2025-03-03T15:00:00Z", "soon", 1))
    before = stored_state(demo)
    result = invoke("pilot", "analyze", "--gold", GOLD, "--labels", labels, "--apply", "demo")
    assert result.exit_code == 2 and "column/field 'submitted_at'" in result.stderr
    assert stored_state(demo) == before


def test_a_viewer_may_not_apply_a_pilot(demo):
    analysis = analyze_pilot_files(GOLD, LABELS)
    before = stored_state(demo)
    with pytest.raises(PermissionDeniedError):
        apply_pilot_results(UnitOfWork(), Actor(name="vi", role=Role.VIEWER), "demo", analysis)
    assert stored_state(demo) == before


def test_apply_to_an_unknown_project_exits_2(demo):
    result = invoke("pilot", "analyze", "--gold", GOLD, "--labels", LABELS, "--apply", "nosuch")
    assert result.exit_code == 2 and "no project 'nosuch'" in result.stderr


def test_detection_pilot_from_coco_files(tmp_path):
    gold = {"images": [{"id": 1}, {"id": 2}], "categories": [{"id": 1, "name": "car"}],
            "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10]},
                            {"id": 2, "image_id": 2, "category_id": 1, "bbox": [5, 5, 10, 10]}]}
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    (tmp_path / "acme.json").write_text(json.dumps(
        [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 10, 10]}]))
    (tmp_path / "brio.json").write_text(json.dumps({"annotations": gold["annotations"]}))
    result = invoke("pilot", "analyze", "--task", "detection", "--gold", tmp_path / "gold.json",
                    "--labels", tmp_path / "acme.json", "--labels", tmp_path / "brio.json",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    analysis = PilotAnalysis.model_validate_json(result.stdout)
    recall = {v.vendor: v.detection.recall for v in analysis.vendors}
    assert recall == {"acme": 0.5, "brio": 1.0}
    table = invoke("pilot", "analyze", "--task", "detection", "--gold", tmp_path / "gold.json",
                   "--labels", tmp_path / "acme.json")
    assert table.exit_code == 0 and "map_50_95" in table.stdout
