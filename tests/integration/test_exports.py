"""Result exports: the ranking and the full score matrix (vendor x criterion x evaluator, with the
consensus) as CSV and XLSX; a cell that a spreadsheet would run as a formula comes out as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from vendor_eval.cli.app import app
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.errors import PermissionDeniedError
from vendor_eval.services.decision.ranking import rank_project
from vendor_eval.services.decision.results import defuse_cell, export_results, project_results
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.store.unit_of_work import UnitOfWork

runner = CliRunner()
FORMULA = '=HYPERLINK("http://x")'
EVALUATOR = "@Bo"  # a name that starts like a formula, and becomes a column header


@pytest.fixture
def matrix(engine: Engine) -> Engine:
    """Two vendors, two evaluators who both submitted, one agreed consensus score."""
    scores = [(FORMULA, "multi_stage_review", "Ana", 4),
              (FORMULA, "multi_stage_review", EVALUATOR, 2),
              ("Beta", "multi_stage_review", "Ana", 3),
              ("Beta", "multi_stage_review", EVALUATOR, 3),
              (FORMULA, "escalation_path", "Ana", 5), ("Beta", "escalation_path", EVALUATOR, 1)]
    import_project_bundle(UnitOfWork(engine), LOCAL_ADMIN, ProjectBundle.model_validate({
        "project": {"key": "matrix", "title": "Matrix", "profile_id": "regulated_hitl_qa",
                    "scope": {"industry": "other", "volume": 1000}},
        "vendors": [{"name": FORMULA, "delivery_model": "bpo", "description": "-1+2"},
                    {"name": "Beta", "delivery_model": "bpo"}],
        "evaluators": [{"name": "Ana", "role": "evaluator"},
                       {"name": EVALUATOR, "role": "evaluator"}],
        "scores": [{"vendor": v, "criterion_id": c, "evaluator": e, "score": s}
                   for v, c, e, s in scores],
        "prices": [{"vendor": FORMULA, "model": "per_unit", "unit_price": 1.0},
                   {"vendor": "Beta", "model": "per_unit", "unit_price": 2.0}],
        "assignments": ["Ana", EVALUATOR],
        "conflicts": [{"evaluator": "Ana", "has_conflict": False},
                      {"evaluator": EVALUATOR, "has_conflict": False}],
        "submissions": [{"evaluator": "Ana"}, {"evaluator": EVALUATOR}],
        "freeze": {"profile_id": "regulated_hitl_qa", "version": 1},
        "consensus": [{"vendor": FORMULA, "criterion_id": "multi_stage_review", "score": 3.5,
                       "rationale": "+agreed on the call"}],
    }))
    return engine


def test_the_score_matrix_has_every_evaluator_the_consensus_and_what_the_ranking_used(
        matrix: Engine) -> None:
    scores = project_results(UnitOfWork(matrix), LOCAL_ADMIN, "matrix").scores
    row = scores[(scores["vendor"] == FORMULA)
                 & (scores["criterion_id"] == "multi_stage_review")].iloc[0]
    assert (row["Ana"], row[EVALUATOR], row["mean"], row["spread"]) == (4, 2, 3, 2)
    assert (row["consensus"], row["consensus_rationale"]) == (3.5, "+agreed on the call")
    assert row["used_in_ranking"] == 3.5  # the consensus replaces the mean
    beta = scores[(scores["vendor"] == "Beta") & (scores["criterion_id"] == "escalation_path")]
    assert beta.iloc[0]["used_in_ranking"] == 1 and pd.isna(beta.iloc[0]["Ana"])
    assert list(scores.columns[:7]) == ["rank", "vendor", "category", "criterion_id",
                                        "criterion", "@Bo", "Ana"]


def test_the_ranking_table_follows_the_ranking(matrix: Engine) -> None:
    ranking = project_results(UnitOfWork(matrix), LOCAL_ADMIN, "matrix").ranking
    expected = rank_project(UnitOfWork(matrix), LOCAL_ADMIN, "matrix").to_records()
    assert list(ranking["vendor"]) == [r["vendor"] for r in expected]
    assert list(ranking["score"]) == [r["score"] for r in expected]


def test_csv_defuses_formulas_in_cells_and_headers(matrix: Engine) -> None:
    for table in ("scores", "ranking"):
        text = export_results(UnitOfWork(matrix), LOCAL_ADMIN, "matrix", "csv",
                              table).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        cells = [cell for row in rows for cell in row]
        assert "'" + FORMULA in cells and FORMULA not in cells
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    header = next(csv.reader(io.StringIO(export_results(
        UnitOfWork(matrix), LOCAL_ADMIN, "matrix", "csv").decode("utf-8-sig"))))
    assert "'@Bo" in header


def test_xlsx_defuses_formulas_and_stores_them_as_text(matrix: Engine) -> None:
    data = export_results(UnitOfWork(matrix), LOCAL_ADMIN, "matrix", "xlsx")
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Ranking", "Scores", "About"]
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    vendor_cells = [c for c in cells if c.value == "'" + FORMULA]
    assert len(vendor_cells) >= 2  # in the ranking and in the score matrix
    assert all(c.data_type == "s" for c in vendor_cells)
    assert not any(c.data_type == "f" for c in cells)
    assert not any(isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
                   for c in cells)
    scores = book["Scores"]
    assert [c.value for c in scores[1]][5] == "'@Bo"
    assert isinstance(scores["A2"].value, int)  # numbers stay numbers


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), (3.5, 3.5), (-2, -2), (None, None),
])
def test_defuse_cell(value: object, expected: object) -> None:
    assert defuse_cell(value) == expected


def test_results_are_refused_while_the_ranking_is_blind(demo_engine: Engine) -> None:
    """Dana is assigned to the demo: once reopened, she sees only her own scores, so no results."""
    from vendor_eval.services.scoring.team import reopen_submission

    reopen_submission(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "Dana Whitfield",
                      reason="one more look")
    dana = Actor(name="Dana Whitfield", role="evaluator")
    with pytest.raises(PermissionDeniedError, match="not open to you"):
        export_results(UnitOfWork(demo_engine), dana, "demo", "xlsx")


# --- the command ----------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_results_writes_the_file(matrix: Engine, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"results.{suffix}"
    result = runner.invoke(app, ["export-results", "matrix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0 and f"wrote {out}" in result.stdout


def test_export_results_csv_can_hold_the_ranking(matrix: Engine, tmp_path: Path) -> None:
    out = tmp_path / "ranking.csv"
    assert runner.invoke(app, ["export-results", "matrix", "-o", str(out),
                               "--table", "ranking"]).exit_code == 0
    assert out.read_text(encoding="utf-8-sig").startswith("rank,vendor,score")


def test_export_results_refuses_an_unknown_suffix(matrix: Engine, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export-results", "matrix", "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2 and ".xlsx or .csv" in result.stderr


def test_a_results_export_is_recorded_in_the_audit_log(matrix: Engine) -> None:
    from vendor_eval.services.kernel.audit import list_events

    export_results(UnitOfWork(matrix), LOCAL_ADMIN, "matrix", "csv", "ranking")
    event = list_events(UnitOfWork(matrix), LOCAL_ADMIN, limit=1)[0]
    assert (event.action, event.entity) == ("results.export", "project:matrix")
    rows = len(project_results(UnitOfWork(matrix), LOCAL_ADMIN, "matrix").scores)
    assert event.detail == {"format": "csv", "tables": ["ranking"], "vendors": 2,
                            "score_rows": rows}
