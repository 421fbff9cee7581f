"""Tabular imports (vendors, scores, prices, risks from CSV or XLSX): a correct file lands whole;
a hostile one is refused with the file, row and column to fix, and the database is unchanged."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, func, select, text
from typer.testing import CliRunner

from tests.integration.databases import team_engine  # noqa: F401  (fixture)
from vendor_eval.cli.app import app
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.errors import InputError, PermissionDeniedError
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.evidence.table_imports import import_table
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.store.unit_of_work import UnitOfWork

runner = CliRunner()
KESTREL = "Kestrel Data Teams"  # a demo vendor
VERITY = "Verity Loop"  # another


def csv_bytes(*rows: list[object]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(*rows: list[object], text_cells: bool = True) -> bytes:
    book = Workbook()
    sheet = book.active
    for values in rows:
        sheet.append(values)
    if text_cells:  # a typed-in "=..." is text when the cell is formatted as text
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def snapshot(engine: Engine) -> tuple[dict[str, int], str]:
    """Every table's row count and all of the demo project's evidence, as read for ranking."""
    with UnitOfWork(engine) as uow:
        counts = {name: uow.session.exec(select(func.count()).select_from(table)).one()
                  for name, table in SQLModel.metadata.tables.items()}
    evidence = load_evaluation(UnitOfWork(engine), LOCAL_ADMIN, "demo").model_dump_json()
    return counts, evidence


def run(engine: Engine, kind: str, name: str, data: bytes, project: str = "demo"):
    return import_table(UnitOfWork(engine), LOCAL_ADMIN, project, kind, name, data)


# --- correct files --------------------------------------------------------------------------

@pytest.mark.parametrize("make, suffix", [(csv_bytes, "csv"), (xlsx_bytes, "xlsx")],
                         ids=["csv", "xlsx"])
def test_vendors_are_added_and_known_ones_updated(demo_engine: Engine, make, suffix) -> None:
    data = make(["name", "delivery_model", "headquarters"],
                ["Acme Labelling", "crowd_platform", "Lisbon"],
                [KESTREL, "managed_team", "Nairobi"])

    report = run(demo_engine, "vendors", f"vendors.{suffix}", data)

    assert (report.rows, report.changed) == (2, 2)
    inputs = load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    vendors = {v.name: v for v in inputs.vendors}
    assert vendors["Acme Labelling"].headquarters == "Lisbon"
    assert vendors[KESTREL].headquarters == "Nairobi"
    assert vendors[KESTREL].description  # no description column: the old one is kept
    assert run(demo_engine, "vendors", f"again.{suffix}", data).changed == 0


def test_prices_replace_the_vendors_quote(demo_engine: Engine) -> None:
    data = csv_bytes(["vendor", "model", "unit_price", "setup_fee", "notes"],
                     [KESTREL, "per_unit", "0.95", "", "volume discount"])
    assert run(demo_engine, "prices", "prices.csv", data).changed == 1
    quote = next(p for p in load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo").prices
                 if p.vendor == KESTREL)
    assert (quote.model.value, quote.unit_price, quote.setup_fee, quote.notes) == \
        ("per_unit", 0.95, 0.0, "volume discount")


def test_risks_are_added_or_updated_by_vendor_and_title(demo_engine: Engine) -> None:
    first = csv_bytes(["vendor", "title", "likelihood", "impact", "status"],
                      [KESTREL, "Key reviewer leaves", "3", "4", "open"])
    run(demo_engine, "risks", "risks.csv", first)
    second = csv_bytes(["vendor", "title", "likelihood", "impact", "status", "residual_impact"],
                       [KESTREL, "Key reviewer leaves", "3", "4", "mitigated", "2"])
    assert run(demo_engine, "risks", "risks.csv", second).changed == 1
    risks = [r for r in load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo").risks
             if r.title == "Key reviewer leaves"]
    assert len(risks) == 1 and risks[0].status.value == "mitigated"
    assert risks[0].residual_severity == 3 * 2


@pytest.fixture
def open_scoring(team_engine: Engine) -> Engine:  # noqa: F811
    """A project whose scoring is open and unlocked, so an admin may enter paper score sheets
    (on SQLite and on PostgreSQL)."""
    engine = team_engine
    import_project_bundle(UnitOfWork(engine), LOCAL_ADMIN, ProjectBundle.model_validate({
        "project": {"key": "paper", "title": "Paper sheets", "profile_id": "regulated_hitl_qa",
                    "scope": {"industry": "healthcare", "volume": 100}},
        "vendors": [{"name": "Alpha", "delivery_model": "bpo"},
                    {"name": "Beta", "delivery_model": "bpo"}],
        "evaluators": [{"name": "Ana", "role": "evaluator"}, {"name": "Bo", "role": "evaluator"},
                       {"name": "Cy", "role": "evaluator"}],
        "assignments": ["Ana", "Bo"],
        "conflicts": [{"evaluator": "Ana", "has_conflict": False},
                      {"evaluator": "Bo", "has_conflict": False}],
        "freeze": {"profile_id": "regulated_hitl_qa", "version": 1},
        "unlock": {"reason": "scores arrive on paper"},
    }))
    return engine


def test_scores_of_several_evaluators_land_together(open_scoring: Engine) -> None:
    data = csv_bytes(["vendor", "criterion_id", "evaluator", "score", "comment"],
                     ["Alpha", "multi_stage_review", "Ana", "4", "two-stage QA"],
                     ["Beta", "multi_stage_review", "Ana", "2.5", ""],
                     ["Alpha", "multi_stage_review", "Bo", "5", ""])
    report = run(open_scoring, "scores", "sheet.csv", data, project="paper")
    assert (report.rows, report.changed) == (3, 3)
    scores = load_evaluation(UnitOfWork(open_scoring), LOCAL_ADMIN, "paper").scores
    assert sorted((s.vendor, s.evaluator, s.score) for s in scores) == [
        ("Alpha", "Ana", 4.0), ("Alpha", "Bo", 5.0), ("Beta", "Ana", 2.5)]


def test_scores_obey_the_scoring_rules_and_name_the_row(open_scoring: Engine) -> None:
    """Cy is not assigned to score this project: save_scores refuses, the import names row 3,
    and Ana's scores, already saved in the same transaction, are rolled back with it."""
    data = csv_bytes(["vendor", "criterion_id", "evaluator", "score"],
                     ["Alpha", "multi_stage_review", "Ana", "4"],
                     ["Alpha", "multi_stage_review", "Cy", "3"])
    with pytest.raises(InputError) as error:
        run(open_scoring, "scores", "sheet.csv", data, project="paper")
    assert "not assigned" in error.value.message
    assert (error.value.file, error.value.row, error.value.column) == ("sheet.csv", 3, "evaluator")
    assert load_evaluation(UnitOfWork(open_scoring), LOCAL_ADMIN, "paper").scores == ()


def test_a_viewer_may_not_import(demo_engine: Engine) -> None:
    data = csv_bytes(["name", "delivery_model"], ["Acme", "bpo"])
    with pytest.raises(PermissionDeniedError):
        import_table(UnitOfWork(demo_engine), Actor(name="Vic", role="viewer"), "demo",
                     "vendors", "v.csv", data)


# --- hostile files --------------------------------------------------------------------------

HOSTILE = [
    pytest.param("scores", "s.csv", csv_bytes(
        ["vendor", "criterion_id", "evaluator", "score"],
        [KESTREL, "multi_stage_review", "Dana Whitfield", "high"]),
        (2, "score", "valid number"), id="wrong-type-score"),
    pytest.param("vendors", "v.csv",
                 b"name,delivery_model\nAcme,bpo\n\nZeta,bpo\n\nAcme,bpo\n",
                 (6, "name", "appears again (first on row 2)"),
                 id="duplicate-vendor-after-blank-lines"),
    pytest.param("prices", "p.csv",
                 f"vendor,model,unit_price\n{KESTREL},per_unit,1\n\nNobody Inc,per_unit,1\n"
                 .encode(), (4, "vendor", "not in project"),
                 id="vendor-not-in-project-after-a-blank-line"),
    pytest.param("risks", "r.csv", csv_bytes(
        ["vendor", "title", "likelihood", "impact"], [KESTREL, "Churn", "2", "3"],
        [KESTREL, "Attrition", "7", "3"]), (3, "likelihood", "less than or equal to 5"),
        id="out-of-range"),
    pytest.param("risks", "r.csv", csv_bytes(
        ["vendor", "title", "likelihood", "impact"], [KESTREL, "Churn", "2.5", "3"]),
        (2, "likelihood", "valid integer"), id="fraction-for-integer"),
    pytest.param("prices", "p.csv", csv_bytes(
        ["vendor", "model", "hourly_rate"], [KESTREL, "per_hour", "18"]),
        (2, None, "needs units_per_hour"), id="price-model-lacks-field"),
    pytest.param("prices", "p.csv", csv_bytes(
        ["vendor", "model", "unit_price"], [KESTREL, "per_item", "1"]),
        (2, "model", "per_unit"), id="unknown-pricing-model"),
    pytest.param("vendors", "v.csv", csv_bytes(
        ["name", "headquarters"], ["Acme", "Lisbon"]),
        (1, "delivery_model", "missing column"), id="missing-column"),
    pytest.param("vendors", "v.csv", csv_bytes(
        ["name", "delivery_model", "rating"], ["Acme", "bpo", "5"]),
        (1, "rating", "unknown column"), id="unknown-column"),
    pytest.param("vendors", "v.csv", csv_bytes(
        ["name", "delivery_model"], ["Acme", "bpo"], ["Zeta", "bpo"], ["Acme", "bpo"]),
        (4, "name", "appears again (first on row 2)"), id="duplicate-vendor"),
    pytest.param("risks", "r.csv", csv_bytes(
        ["vendor", "title", "likelihood", "impact"], [KESTREL, "Churn", "2", "3"],
        [KESTREL, "Churn", "4", "4"]), (3, "vendor, title", "appears again"),
        id="duplicate-risk"),
    pytest.param("scores", "s.csv", csv_bytes(
        ["vendor", "criterion_id", "evaluator", "score"],
        [KESTREL, "multi_stage_review", "Dana Whitfield", "3"],
        [KESTREL, "multi_stage_review", "Dana Whitfield", "4"]),
        (3, "vendor, criterion_id, evaluator", "appears again"), id="duplicate-score"),
    pytest.param("scores", "s.csv", csv_bytes(
        ["vendor", "criterion_id", "evaluator", "score"],
        [KESTREL, "telepathy", "Dana Whitfield", "3"]),
        (2, "criterion_id", "unknown criterion"), id="unknown-criterion"),
    pytest.param("scores", "s.csv", csv_bytes(
        ["vendor", "criterion_id", "evaluator", "score"],
        [KESTREL, "pilot_accuracy", "Dana Whitfield", "3"]),
        (2, "criterion_id", "measured criterion"), id="measured-criterion"),
    pytest.param("prices", "p.csv", csv_bytes(
        ["vendor", "model", "unit_price"], [KESTREL, "per_unit", "1"],
        ["Nobody Inc", "per_unit", "1"]), (3, "vendor", "not in project"),
        id="vendor-not-in-project"),
    pytest.param("vendors", "v.csv", b"", (None, None, "empty"), id="empty-file"),
    pytest.param("vendors", "v.csv", b"\n \n", (None, None, "empty"), id="blank-lines"),
    pytest.param("vendors", "v.csv", b"name,delivery_model\n", (None, None, "no rows"),
                 id="header-only"),
    pytest.param("vendors", "v.csv", "name,delivery_model\nMüller GmbH,bpo\n".encode("latin-1"),
                 (2, None, "not UTF-8"), id="latin-1"),
    pytest.param("vendors", "v.csv", "name,delivery_model\nAcme,bpo\n".encode("utf-16"),
                 (1, None, "not UTF-8"), id="utf-16"),
    pytest.param("vendors", "v.xlsx", b"PK\x03\x04 not really a workbook",
                 (None, None, "not a readable .xlsx"), id="broken-xlsx"),
    pytest.param("vendors", "v.pdf", b"%PDF-1.7", (None, None, "expected a .csv or .xlsx"),
                 id="wrong-file-type"),
    pytest.param("vendors", "v.csv", csv_bytes(
        ["name", "delivery_model"], ["Acme", "bpo", "surplus"]),
        (2, None, "header has 2"), id="ragged-row"),
    pytest.param("vendors", "v.csv", csv_bytes(
        ["name", "delivery_model"], ["", "bpo"]), (2, "name", "is empty"), id="empty-required"),
]


@pytest.mark.parametrize("kind, name, data, where", HOSTILE)
def test_a_hostile_file_is_refused_and_changes_nothing(demo_engine: Engine, kind: str,
                                                       name: str, data: bytes,
                                                       where: tuple) -> None:
    before = snapshot(demo_engine)
    with pytest.raises(InputError) as error:
        run(demo_engine, kind, name, data)
    row, column, message = where
    assert error.value.file == name
    assert error.value.row == row and error.value.column == column
    assert message in error.value.message
    assert snapshot(demo_engine) == before


def test_an_error_in_the_last_of_many_rows_writes_none_of_them(demo_engine: Engine) -> None:
    rows = [[f"Vendor {n}", "bpo"] for n in range(500)] + [["Broken", "pigeon_post"]]
    before = snapshot(demo_engine)
    with pytest.raises(InputError) as error:
        run(demo_engine, "vendors", "v.csv", csv_bytes(["name", "delivery_model"], *rows))
    assert error.value.row == 502 and error.value.column == "delivery_model"
    assert snapshot(demo_engine) == before


def test_formula_strings_are_stored_as_plain_text(demo_engine: Engine) -> None:
    hostile = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3"]
    data = xlsx_bytes(["name", "delivery_model", "description"],
                      *[[f"Vendor {n}", "bpo", value] for n, value in enumerate(hostile)])
    data_csv = csv_bytes(["name", "delivery_model", "description"], [hostile[0], "bpo", hostile[1]])
    run(demo_engine, "vendors", "v.xlsx", data)
    run(demo_engine, "vendors", "v.csv", data_csv)
    vendors = {v.name: v.description
               for v in load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo").vendors}
    assert [vendors[f"Vendor {n}"] for n in range(4)] == hostile
    assert vendors[hostile[0]] == hostile[1]


def test_a_hundred_thousand_rows_import_correctly(demo_engine: Engine) -> None:
    """Large but legal: every row lands (timed by benchmarks/bench_imports.py, not here)."""
    count = 100_000
    rows = [[f"Vendor {n:06d}", "crowd_platform", "", f"row {n}"] for n in range(count)]
    data = csv_bytes(["name", "delivery_model", "headquarters", "description"], *rows)

    report = run(demo_engine, "vendors", "many.csv", data)

    assert (report.rows, report.changed) == (count, count)
    with UnitOfWork(demo_engine) as uow:
        linked = uow.session.exec(text(
            "SELECT count(*) FROM project_vendor pv JOIN project p ON p.id = pv.project_id "
            "WHERE p.key = 'demo'")).one()[0]
    assert linked == count + 8


def test_more_rows_than_a_file_may_hold_is_a_clear_error(demo_engine: Engine) -> None:
    from vendor_eval.files.tables import MAX_ROWS

    data = b"name,delivery_model\n" + b"".join(b"V%d,bpo\n" % n for n in range(MAX_ROWS + 1))
    with pytest.raises(InputError, match="more than the"):
        run(demo_engine, "vendors", "huge.csv", data)


# --- the command ----------------------------------------------------------------------------

def test_import_command_reports_what_changed(demo_engine: Engine, tmp_path) -> None:
    path = tmp_path / "vendors.csv"
    path.write_bytes(csv_bytes(["name", "delivery_model"], ["Acme", "bpo"]))
    result = runner.invoke(app, ["import", "demo", "vendors", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 vendors row(s) from vendors.csv imported into demo: 1 changed" in result.stdout


def test_import_command_exits_2_naming_file_row_and_column(demo_engine: Engine, tmp_path) -> None:
    path = tmp_path / "risks.csv"
    path.write_bytes(csv_bytes(["vendor", "title", "likelihood", "impact"],
                               [KESTREL, "Churn", "2", "3"], [KESTREL, "Strike", "x", "3"]))
    result = runner.invoke(app, ["import", "demo", "risks", str(path)])
    assert result.exit_code == 2
    assert "risks.csv, row 3, column/field 'likelihood'" in result.stderr


def test_import_command_refuses_an_unknown_kind(demo_engine: Engine, tmp_path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a\n1\n")
    result = runner.invoke(app, ["import", "demo", "people", str(path)])
    assert result.exit_code == 2 and "people" in result.output


# --- on PostgreSQL too ----------------------------------------------------------------------

def test_imports_are_all_or_nothing_on_both_databases(team_engine: Engine) -> None:  # noqa: F811
    good = csv_bytes(["vendor", "title", "likelihood", "impact"], [KESTREL, "Churn", "2", "3"])
    assert run(team_engine, "risks", "r.csv", good).changed == 1
    before = snapshot(team_engine)
    bad = csv_bytes(["name", "delivery_model", "description"], ["Acme", "bpo", "=1+1"],
                    ["Zeta", "bpo", ""], ["Acme", "bpo", ""])
    with pytest.raises(InputError, match="appears again"):
        run(team_engine, "vendors", "v.csv", bad)
    late = csv_bytes(["vendor", "model", "unit_price"], [KESTREL, "per_unit", "1"],
                     [VERITY, "per_unit", "-1"])
    with pytest.raises(InputError) as error:
        run(team_engine, "prices", "p.csv", late)
    assert (error.value.row, error.value.column) == (3, "unit_price")
    assert snapshot(team_engine) == before
