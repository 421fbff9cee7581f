"""Risk and compliance on a real database: scope-driven gates, imports, the `risk` command."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from vendor_eval.cli.app import app
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.domain.project import Scope
from vendor_eval.engine.checklist import required_item_ids
from vendor_eval.errors import InputError, PermissionDeniedError
from vendor_eval.services.decision.ranking import rank_project
from vendor_eval.services.evidence.risk import (
    import_assessments,
    risk_overview,
    save_assessments,
    save_risk_items,
)
from vendor_eval.services.kernel.catalogue import get_checklist
from vendor_eval.services.project.bundles import import_project_bundle

runner = CliRunner()


def required(*sensitivity: str) -> list[str]:
    scope = Scope(industry="healthcare", volume=1, sensitivity=frozenset(sensitivity))
    return sorted(required_item_ids(get_checklist(), scope, ["soc2_type2"]))


def bundle(key: str, sensitivity: list[str]) -> ProjectBundle:
    """Alpha meets everything; Beta meets everything except HIPAA with a BAA."""
    items = set(required("phi", "pii")) | set(required(*sensitivity))
    assessments = [
        {"vendor": v, "item_id": item, "expires_on": "2030-01-01",
         "status": "not_met" if (v, item) == ("Beta", "hipaa_baa") else "met"}
        for v in ("Alpha", "Beta") for item in sorted(items)
    ]
    return ProjectBundle.model_validate({
        "project": {"key": key, "title": key, "profile_id": "regulated_hitl_qa",
                    "scope": {"industry": "healthcare", "volume": 1000,
                              "sensitivity": sensitivity}},
        "vendors": [{"name": "Alpha", "delivery_model": "boutique_hitl"},
                    {"name": "Beta", "delivery_model": "crowd_platform"}],
        "evaluators": [{"name": "Ana", "role": "evaluator"}],
        "scores": [{"vendor": v, "criterion_id": "multi_stage_review", "evaluator": "Ana",
                    "score": 3} for v in ("Alpha", "Beta")],
        "assessments": assessments,
    })


@pytest.fixture
def projects(uow):
    import_project_bundle(uow, LOCAL_ADMIN, bundle("phi", ["phi", "pii"]))
    import_project_bundle(uow, LOCAL_ADMIN, bundle("nophi", ["pii"]))
    return uow


def qualified(uow, key: str) -> dict[str, bool]:
    table = rank_project(uow, LOCAL_ADMIN, key).table
    return dict(zip(table["vendor"], table["qualified"], strict=True))


def test_phi_project_disqualifies_the_vendor_without_a_baa_with_that_reason(projects):
    table = rank_project(projects, LOCAL_ADMIN, "phi").table.set_index("vendor")
    assert not table.loc["Beta", "qualified"]
    assert "business associate agreement" in table.loc["Beta", "gate_failures"][0].lower()


def test_the_same_vendor_passes_a_project_without_phi(projects):
    assert qualified(projects, "nophi") == {"Alpha": True, "Beta": True}


def test_unmet_optional_item_becomes_a_risk_that_lowers_the_score(projects):
    before = rank_project(projects, LOCAL_ADMIN, "nophi").table.set_index("vendor")
    assert "hipaa_baa" not in required("pii")  # so Beta's missing BAA is a risk here
    overview = risk_overview(projects, LOCAL_ADMIN, "nophi")
    titles = [r.title for r in overview.register if r.vendor == "Beta"]
    assert any("HIPAA" in t and t.startswith("Checklist:") for t in titles)
    assert before.loc["Beta", "risk_penalty"] > before.loc["Alpha", "risk_penalty"]


def test_risk_register_entries_with_residual_values_feed_the_adjustment(projects):
    save_risk_items(projects, LOCAL_ADMIN, "phi", [{
        "vendor": "Alpha", "title": "Key-person dependency", "likelihood": 4, "impact": 4,
        "mitigation": "named deputies", "status": "mitigated", "owner": "Ops",
        "residual_likelihood": 2, "residual_impact": 3}])
    entry = next(r for r in risk_overview(projects, LOCAL_ADMIN, "phi").to_json("Alpha")[0]
                 ["register"] if r["title"] == "Key-person dependency")
    assert (entry["severity"], entry["residual"]) == (16, 6)


def test_a_checklist_finding_changes_the_decision(projects):
    save_assessments(projects, LOCAL_ADMIN, "phi", [
        {"vendor": "Beta", "item_id": "hipaa_baa", "status": "met", "evidence": "BAA signed"}])
    assert qualified(projects, "phi") == {"Alpha": True, "Beta": True}


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("lines", "row", "column", "message"),
    [
        (["vendor,item_id,status", "Alpha,encryption,met", "Alpha,telepathy,met"], 3, "item_id",
         "unknown checklist item id"),
        (["vendor,item_id,status", "Alpha,encryption,maybe"], 2, "status", "Input should be"),
        (["vendor,item_id,status,expires_on", "Alpha,soc2_type2,met,next spring"], 2,
         "expires_on", "date"),
        (["vendor,item_id,status", "Gamma,encryption,met"], 2, "vendor", "not in project"),
        (["vendor,item_id,status", "Alpha,encryption,met", "Alpha,encryption,partly"], 2,
         "item_id", "more than once"),
        (["vendor,item_id", "Alpha,encryption"], 1, "status", "missing column"),
        (["vendor,item_id,status,colour", "Alpha,encryption,met,red"], 1, "colour",
         "unknown column"),
    ],
)
def test_bad_checklist_import_names_the_place_and_writes_nothing(projects, lines, row, column,
                                                                  message):
    before = risk_overview(projects, LOCAL_ADMIN, "phi").checklist.rows.copy()
    with pytest.raises(InputError) as error:
        import_assessments(projects, LOCAL_ADMIN, "phi", "findings.csv", csv_bytes(*lines))
    assert (error.value.file, error.value.row, error.value.column) == ("findings.csv", row, column)
    assert message in error.value.message
    after = risk_overview(projects, LOCAL_ADMIN, "phi").checklist.rows
    assert before.equals(after)


def test_empty_and_non_utf8_files_are_refused(projects):
    with pytest.raises(InputError, match="empty"):
        import_assessments(projects, LOCAL_ADMIN, "phi", "f.csv", b"")
    with pytest.raises(InputError, match="not UTF-8"):
        import_assessments(projects, LOCAL_ADMIN, "phi", "f.csv",
                           "vendor,item_id,status\nAlpha,encryption,n\xe9\n".encode("latin-1"))


def test_xlsx_import_records_findings(projects):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["vendor", "item_id", "status", "evidence"])
    sheet.append(["Beta", "hipaa_baa", "met", "BAA countersigned"])
    data = io.BytesIO()
    workbook.save(data)
    assert import_assessments(projects, LOCAL_ADMIN, "phi", "f.xlsx", data.getvalue()) == 1
    assert qualified(projects, "phi")["Beta"]


def test_a_viewer_may_not_record_findings(projects):
    with pytest.raises(PermissionDeniedError):
        save_assessments(projects, Actor(name="Vic", role="viewer"), "phi",
                         [{"vendor": "Beta", "item_id": "hipaa_baa", "status": "met"}])


def test_risk_cli_json_lists_required_items_gates_and_register(projects, database_url):
    result = runner.invoke(app, ["risk", "phi", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = {entry["vendor"]: entry for entry in json.loads(result.stdout)}
    assert not report["Beta"]["qualified"] and report["Beta"]["failed_gates"]
    statuses = {i["item_id"]: i["status"] for i in report["Beta"]["required_items"]}
    assert statuses["hipaa_baa"] == "not_met"
    assert set(statuses) == set(required("phi", "pii"))
    assert {"risk_exposure", "risk_penalty", "register"} <= set(report["Alpha"])


def test_risk_cli_for_one_vendor_and_unknown_vendor(projects, database_url):
    one = json.loads(runner.invoke(app, ["risk", "phi", "--vendor", "Alpha", "--format",
                                         "json"]).stdout)
    assert [entry["vendor"] for entry in one] == ["Alpha"]
    unknown = runner.invoke(app, ["risk", "phi", "--vendor", "Gamma"])
    assert unknown.exit_code == 2 and "Gamma" in unknown.stderr


def test_import_checklist_cli_is_all_or_nothing(projects, database_url, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("vendor,item_id,status", "Beta,hipaa_baa,met",
                               "Beta,encryption,sometimes"))
    result = runner.invoke(app, ["import-checklist", "phi", str(path)])
    assert result.exit_code == 2 and "bad.csv, row 3" in result.stderr
    assert not qualified(projects, "phi")["Beta"]


def test_rows_after_a_blank_line_keep_their_line_numbers(projects):
    data = csv_bytes("vendor,item_id,status", "Alpha,encryption,met", "", "Alpha,encryption,x")
    with pytest.raises(InputError) as error:
        import_assessments(projects, LOCAL_ADMIN, "phi", "f.csv", data)
    assert error.value.row == 4
