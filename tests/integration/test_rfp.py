"""The RFP and its response workbook, round trip: written from the demo project, filled in by a
vendor (openpyxl), read back into answers, measured values, the quote and checklist findings;
and every way a returned workbook can be wrong, reported per cell with nothing written."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader
from sqlalchemy.engine import Engine
from sqlmodel import select
from typer.testing import CliRunner

from tests.rfp_support import (
    CHOSEN,
    COMMENTS,
    NEW_VENDOR,
    add_vendor,
    complete_answers,
    fill,
    second_project,
)
from vendor_eval.cli.app import app
from vendor_eval.domain.checklist import ChecklistStatus
from vendor_eval.domain.enums import PricingModel, Role
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.domain.project import Scope
from vendor_eval.domain.questions import AnswerType
from vendor_eval.domain.rfp import (
    SECTION_TITLES,
    RfpOptions,
    RfpSection,
    WorkbookProblems,
    pricing_questions,
)
from vendor_eval.errors import InputError, PermissionDeniedError
from vendor_eval.files.rfp_workbook import META_SHEET
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.kernel.catalogue import get_question_bank
from vendor_eval.services.rfp import issue as rfp_service
from vendor_eval.services.rfp.answers import answers_for, responses_on_record, vendor_answers
from vendor_eval.services.rfp.issue import issue_rfp, rfp_preview_html
from vendor_eval.services.rfp.responses import RFP_REFERENCE, import_responses
from vendor_eval.services.scoring.team import assign_evaluators
from vendor_eval.services.workspace.people import add_person
from vendor_eval.store.tables import (
    AuditEventRow,
    ChecklistAssessmentRow,
    MeasuredValueRow,
    PriceQuoteRow,
    RfpAnswerRow,
    RfpIssueRow,
)
from vendor_eval.store.unit_of_work import UnitOfWork

HOSTILE = '<img src="file:///etc/passwd"> {{ 7*7 }} <script>alert(1)</script>'
TODAY = date(2026, 11, 23)
runner = CliRunner()


def pdf_text(pdf: bytes, first_page: int = 0) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages[first_page:]))


def issued_workbook(engine: Engine, vendor: str | None = NEW_VENDOR,
                    options: RfpOptions | None = None, project: str = "demo"
                    ) -> tuple[bytes, list[str]]:
    options = options or RfpOptions(vendor=vendor)
    issued = issue_rfp(UnitOfWork(engine), LOCAL_ADMIN, project, options, with_pdf=False)
    return issued.workbook, list(issued.question_ids)


def snapshot(engine: Engine) -> dict[str, list[dict]]:
    """Everything an import could write, to show that a refused import wrote nothing."""
    tables = (RfpAnswerRow, MeasuredValueRow, PriceQuoteRow, ChecklistAssessmentRow,
              AuditEventRow)
    with UnitOfWork(engine) as uow:
        return {t.__tablename__: [r.model_dump() for r in uow.session.exec(select(t)).all()]
                for t in tables}


def problems_of(engine: Engine, data: bytes, vendor: str | None = None,
                project: str = "demo") -> list[tuple[str, str, str | None, str]]:
    before = snapshot(engine)
    with pytest.raises(WorkbookProblems) as caught:
        import_responses(UnitOfWork(engine), LOCAL_ADMIN, project, "returned.xlsx", data, vendor)
    assert snapshot(engine) == before, "a refused workbook must write nothing"
    assert caught.value.file == "returned.xlsx"
    return [(p.sheet, p.cell, p.question_id, p.problem) for p in caught.value.problems]


@pytest.fixture
def acme(demo_engine: Engine) -> str:
    return add_vendor(UnitOfWork(demo_engine))


# --- the document ---------------------------------------------------------------------------

def test_every_section_renders_for_the_demo_project(demo_engine: Engine) -> None:
    html = rfp_preview_html(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", RfpOptions(), TODAY)
    for section in RfpSection:
        assert f"<h1>{SECTION_TITLES[section]}</h1>" in html
    # Background from the project: industry, volume, languages, sensitive data.
    assert "120,000 documents over the contract" in html
    assert "English, Spanish" in html
    assert "Protected health information (PHI)" in html
    # Requirements derived from PHI and the profile's gates, not from EU or card data.
    assert "HIPAA applies" in html and "business associate agreement" in html
    assert "GDPR applies" not in html and "PCI DSS applies" not in html
    # Weights disclosed from the project's profile (regulated_hitl_qa: quality system 25%).
    assert "Regulated human-in-the-loop QA" in html
    assert re.search(r"Quality system</td><td class=\"number\">25%", html)
    # Service levels from the profile's thresholds: accuracy 90% floor, 99% target.
    assert "<td>90%</td><td>99%</td>" in html
    # Questions the scope calls for, and not those it does not.
    assert "sign_baa" in html and "sign_dpa" not in html and "pci_attestation" not in html


@pytest.mark.parametrize(("sensitivity", "industry", "expected", "absent"), [
    ({"phi"}, "healthcare", ["HIPAA applies", "HIPAA compliance with a signed business "
                             "associate agreement"], ["GDPR applies", "PCI DSS applies"]),
    ({"eu_personal_data"}, "retail", ["GDPR applies", "GDPR data processing agreement with a "
                                      "lawful transfer mechanism"], ["HIPAA applies"]),
    ({"payment_data"}, "finance", ["PCI DSS applies", "PCI DSS attestation for any environment "
                                   "that sees card data"], ["HIPAA applies", "GDPR applies"]),
    (set(), "retail", ["No sensitive data is declared"], ["HIPAA applies", "PCI DSS applies"]),
])
def test_security_requirements_follow_the_scope(demo_engine: Engine, sensitivity: set[str],
                                                industry: str, expected: list[str],
                                                absent: list[str]) -> None:
    from vendor_eval.documents.rfp.context import rfp_context
    from vendor_eval.render.templates import render_template, template_environment

    inputs = load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    scope = Scope.model_validate({**inputs.project.scope.model_dump(),
                                  "sensitivity": sensitivity, "industry": industry})
    project = inputs.project.model_copy(update={"scope": scope})
    bank = get_question_bank()
    options = RfpOptions(sections=(RfpSection.SECURITY,))
    context = rfp_context(project, inputs.profile, inputs.catalogue, inputs.checklist, bank,
                          options, options.timeline(TODAY), [], reference="r", vendor=None,
                          issued_at=datetime(2026, 11, 23, tzinfo=UTC))
    html = render_template(template_environment(), "rfp.html.j2", context)
    section = html[html.index('id="sec-security"'):]
    for text in expected:
        assert text in section
    for text in absent:
        assert text not in section
    default = bank.default_selection(scope)
    assert ("sign_baa" in default) == ("phi" in sensitivity)
    assert ("sign_dpa" in default) == ("eu_personal_data" in sensitivity)
    assert ("pci_attestation" in default) == ("payment_data" in sensitivity)


def test_pdf_holds_the_sections_in_order(demo_engine: Engine) -> None:
    issued = issue_rfp(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", RfpOptions(),
                       with_workbook=False)
    text = pdf_text(issued.pdf, first_page=1)  # page 1 lists the contents
    positions = [text.find(SECTION_TITLES[s]) for s in RfpSection]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    assert f"Reference {issued.reference}" in pdf_text(issued.pdf)


def test_only_the_chosen_sections_and_questions_are_issued(demo_engine: Engine) -> None:
    options = RfpOptions(sections=(RfpSection.QUESTIONS, RfpSection.BACKGROUND),
                         question_ids=("ramp_up_weeks", "not_a_fit"),
                         pricing_models=(PricingModel.FIXED_PRICE, PricingModel.PER_UNIT))
    issued = issue_rfp(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", options, with_pdf=False)
    html = issued.html
    assert SECTION_TITLES[RfpSection.BACKGROUND] in html
    assert SECTION_TITLES[RfpSection.CONTRACT] not in html
    assert html.index(SECTION_TITLES[RfpSection.BACKGROUND]) < html.index("<h1>Questions</h1>")
    # The main-offer question comes with pricing sheets, offering only the models asked for.
    assert issued.question_ids == ("not_a_fit", "ramp_up_weeks", "pricing_model")
    book = load_workbook(io.BytesIO(issued.workbook))
    assert [s for s in book.sheetnames if not s.startswith("_")] == [
        "Instructions", "Scope acknowledgement", "Operations", "Commercials",
        "Pricing - per unit", "Pricing - fixed price"]
    options_range = book["_lists"]
    assert [c.value for c in options_range["A"] if c.value] == [
        "Per item", "Fixed price for the project"]  # in words, in the bank's order


def test_issuing_records_the_issue_and_an_audit_event(demo_engine: Engine, acme: str) -> None:
    issued = issue_rfp(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", RfpOptions(vendor=acme),
                       with_pdf=False)
    with UnitOfWork(demo_engine) as uow:
        row = uow.session.exec(select(RfpIssueRow)).one()
        event = uow.session.exec(select(AuditEventRow).where(
            AuditEventRow.action == "rfp.issue")).one()
        assert (row.token, row.bank_version, row.checksum) == (
            issued.reference, get_question_bank().version, issued.checksum)
        assert row.question_ids == list(issued.question_ids)
        assert row.vendor_id is not None and row.issued_by == LOCAL_ADMIN.name
        assert event.detail["reference"] == issued.reference and event.detail["vendor"] == acme


def test_user_text_renders_as_text_in_the_rfp(demo_engine: Engine) -> None:
    second_project(UnitOfWork(demo_engine), "hostile", description=HOSTILE, title=HOSTILE)
    options = RfpOptions(contact=HOSTILE)
    html = rfp_preview_html(UnitOfWork(demo_engine), LOCAL_ADMIN, "hostile", options, TODAY)
    assert '<img src="file:///etc/passwd">' not in html
    assert "<script>" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7*7 }}" in html
    assert "&gt; 49 &lt;" not in html
    issued = issue_rfp(UnitOfWork(demo_engine), LOCAL_ADMIN, "hostile", options)
    text = pdf_text(issued.pdf)
    assert '<img src="file:///etc/passwd"> {{ 7*7 }}' in text
    assert b"root:" not in issued.pdf
    # In the workbook the title is text, and a title that starts like a formula stays inert.
    book = load_workbook(io.BytesIO(issued.workbook))
    assert book[META_SHEET]["B8"].value == HOSTILE
    assert HOSTILE in book["Instructions"]["A1"].value


def test_formula_like_project_title_is_defused_in_the_workbook(demo_engine: Engine) -> None:
    second_project(UnitOfWork(demo_engine), "formula", title='=HYPERLINK("http://x","y")')
    workbook, _ = issued_workbook(demo_engine, vendor=None, project="formula")
    book = load_workbook(io.BytesIO(workbook))
    cell = book[META_SHEET]["B8"]
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://x","y")'


def test_a_template_reaching_python_internals_is_stopped(demo_engine: Engine, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rfp.html.j2").write_text(
        '{% extends "default:rfp.html.j2" %}'
        "{% block contract %}{{ project.__class__.__mro__[1].__subclasses__() }}{% endblock %}")
    monkeypatch.setenv(rfp_service.ORG_TEMPLATES_ENV, str(tmp_path))
    options = RfpOptions(template_set=tmp_path.name)
    with pytest.raises(InputError, match="refused by the sandbox") as caught:
        rfp_preview_html(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", options, TODAY)
    assert caught.value.file == str(tmp_path / "rfp.html.j2")


def test_an_organisation_template_set_replaces_one_chapter(demo_engine: Engine, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    acme_set = tmp_path / "acme"
    acme_set.mkdir()
    (acme_set / "rfp.html.j2").write_text(
        '{% extends "default:rfp.html.j2" %}{% block contract %}<section id="sec-contract">'
        "<h1>Our master agreement applies</h1></section>{% endblock %}")
    monkeypatch.setenv(rfp_service.ORG_TEMPLATES_ENV, str(tmp_path))
    assert list(rfp_service.template_sets()) == ["default", "acme"]
    html = rfp_preview_html(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo",
                            RfpOptions(template_set="acme"), TODAY)
    assert "Our master agreement applies" in html
    assert f"<h1>{SECTION_TITLES[RfpSection.CONTRACT]}</h1>" not in html
    assert SECTION_TITLES[RfpSection.PILOT] in html
    with pytest.raises(InputError, match="no template set 'nope'"):
        rfp_preview_html(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo",
                         RfpOptions(template_set="nope"), TODAY)


# --- the workbook ---------------------------------------------------------------------------

def test_workbook_locks_questions_and_validates_answers(demo_engine: Engine, acme: str) -> None:
    workbook, _ = issued_workbook(demo_engine)
    book = load_workbook(io.BytesIO(workbook))
    sheet = book["Security & compliance"]
    assert sheet.protection.sheet
    assert sheet["A4"].value == "soc2_report"
    assert sheet["B4"].protection.locked and not sheet["E4"].protection.locked
    assert not sheet["F4"].protection.locked
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules["E4"].type == "list" and rules["E4"].formula1 == '"yes,no"'
    days = next(v for ref, v in rules.items() if ref == "E16")  # deletion_days: 0-365 whole
    assert (days.type, days.operator, days.formula1, days.formula2) == (
        "whole", "between", "0", "365")
    pilot = book["Pilot"]
    start = {str(v.sqref): v for v in pilot.data_validations.dataValidation}["E5"]
    assert start.type == "date"
    choice = {str(v.sqref): v for v in book["Commercials"].data_validations.dataValidation}["E4"]
    assert choice.formula1.startswith("'_lists'!")
    price = {str(v.sqref): v for v in book["Pricing - per unit"].data_validations.dataValidation}
    assert price["E5"].type == "decimal"
    meta = book[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    values = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert values["project"] == "demo" and values["vendor"] == acme
    assert values["bank_version"] == get_question_bank().version
    assert len(values["checksum"]) == 64 and values["issued_at"].startswith(str(date.today().year))


def test_round_trip_reproduces_the_answers_and_updates_the_evaluation(
        demo_engine: Engine, acme: str) -> None:
    workbook, ids = issued_workbook(demo_engine)
    answers = complete_answers(ids)
    returned = fill(workbook, answers, COMMENTS)

    result = import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "acme.xlsx",
                              returned)

    assert result.vendor == acme
    stored = {a.question_id: a for a in vendor_answers(UnitOfWork(demo_engine), LOCAL_ADMIN,
                                                       "demo", acme)}
    assert set(stored) == set(answers)
    questions = {**get_question_bank().by_id,
                 **{q.id: q for q in pricing_questions(PricingModel.PER_UNIT, "document")}}
    for question_id, given in answers.items():
        question = questions[question_id]
        expected = {"yes": True, "no": False}.get(given, given) \
            if question.answer is AnswerType.YES_NO else given
        assert question.typed(stored[question_id].value) == expected, question_id
    assert {k: stored[k].comment for k in COMMENTS} == COMMENTS
    assert stored["ramp_up_weeks"].display == "3.5 weeks"

    inputs = load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    measured = {(m.vendor, m.criterion_id): m for m in inputs.measured}
    assert measured[(acme, "ramp_up_weeks")].value == 3.5
    assert measured[(acme, "ramp_up_weeks")].source.startswith(RFP_REFERENCE)
    quote = next(p for p in inputs.prices if p.vendor == acme)
    assert (quote.model, quote.currency, quote.unit_price, quote.setup_fee, quote.notes) == (
        PricingModel.PER_UNIT, "USD", 1.25, 500.0, CHOSEN["price_per_unit_notes"])
    findings = {a.item_id: a for a in inputs.assessments if a.vendor == acme}
    assert findings["hipaa_baa"].status is ChecklistStatus.MET
    assert "Our standard BAA template" in findings["hipaa_baa"].evidence
    assert findings["iso27001"].status is ChecklistStatus.NOT_MET  # answered "no"
    assert findings["soc2_type2"].status is ChecklistStatus.MET
    assert findings["encryption"].file_reference.startswith(f"{RFP_REFERENCE} acme.xlsx, ")
    assert {m.criterion_id for m in result.measured} == {"ramp_up_weeks"}
    assert len(result.findings) == len(findings) and not result.kept

    evidence = answers_for(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", acme)
    assert [a.question_id for a in evidence["escalation_path"]] == [
        "escalation_path", "escalation_response_hours"]
    assert "price_per_unit_unit_price" in [a.question_id for a in evidence["total_cost"]]
    with UnitOfWork(demo_engine) as uow:
        detail = uow.session.exec(select(AuditEventRow.detail).where(
            AuditEventRow.action == "rfp.import")).one()
    assert detail["vendor"] == acme and detail["answers"] == len(answers)
    [summary] = responses_on_record(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    assert (summary.vendor, summary.answers) == (acme, len(answers))


def test_a_new_workbook_replaces_the_answers_and_its_own_findings(demo_engine: Engine,
                                                                  acme: str) -> None:
    workbook, ids = issued_workbook(demo_engine)
    import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "first.xlsx",
                     fill(workbook, complete_answers(ids)))
    later, ids = issued_workbook(demo_engine)
    answers = {**complete_answers(ids), "iso27001_certificate": "yes", "ramp_up_weeks": 2,
               "language_staffing": None}
    import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "second.xlsx",
                     fill(later, answers))
    inputs = load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    finding = next(a for a in inputs.assessments if (a.vendor, a.item_id) == (acme, "iso27001"))
    assert finding.status is ChecklistStatus.MET
    assert next(m.value for m in inputs.measured if (m.vendor, m.criterion_id) ==
                (acme, "ramp_up_weeks")) == 2
    stored = {a.question_id for a in vendor_answers(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo",
                                                    acme)}
    assert "language_staffing" not in stored


def test_a_reviewers_finding_is_never_overwritten_by_a_self_declaration(
        demo_engine: Engine) -> None:
    vendor = "Swarmwise Labs"  # the demo's reviewer found it will not sign a BAA
    workbook, ids = issued_workbook(demo_engine, vendor=vendor)
    result = import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "swarmwise.xlsx",
                              fill(workbook, complete_answers(ids)))
    assert "hipaa_baa" in result.kept
    inputs = load_evaluation(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    finding = next(a for a in inputs.assessments if (a.vendor, a.item_id) ==
                   (vendor, "hipaa_baa"))
    assert finding.status is ChecklistStatus.NOT_MET
    assert any("reviewer's finding is on record" in line for line in result.lines())


def test_commercial_answers_stay_sealed_for_an_evaluator_who_has_not_submitted(
        demo_engine: Engine, acme: str) -> None:
    workbook, ids = issued_workbook(demo_engine)
    import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "acme.xlsx",
                     fill(workbook, complete_answers(ids)))
    add_person(UnitOfWork(demo_engine), LOCAL_ADMIN, "Eve Newcomer", Role.EVALUATOR)
    assign_evaluators(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", ["Eve Newcomer"])
    eve = Actor(name="Eve Newcomer", role=Role.EVALUATOR)
    seen = {a.question_id for a in vendor_answers(UnitOfWork(demo_engine), eve, "demo", acme)}
    assert "escalation_path" in seen
    assert not seen & {"pricing_model", "price_assumptions", "pilot_price",
                       "price_per_unit_unit_price"}
    assert "total_cost" not in answers_for(UnitOfWork(demo_engine), eve, "demo", acme)


def test_a_workbook_issued_to_nobody_needs_the_vendor_named(demo_engine: Engine,
                                                            acme: str) -> None:
    workbook, ids = issued_workbook(demo_engine, vendor=None)
    returned = fill(workbook, complete_answers(ids))
    with pytest.raises(InputError, match="say whose answers these are"):
        import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "x.xlsx", returned)
    result = import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "x.xlsx", returned,
                              vendor=acme)
    assert result.vendor == acme


def test_a_workbook_issued_to_one_vendor_cannot_be_filed_under_another(demo_engine: Engine,
                                                                       acme: str) -> None:
    workbook, ids = issued_workbook(demo_engine)
    before = snapshot(demo_engine)
    with pytest.raises(InputError, match=f"issued to {acme}, not Swarmwise Labs"):
        import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "x.xlsx",
                         fill(workbook, complete_answers(ids)), vendor="Swarmwise Labs")
    assert snapshot(demo_engine) == before


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.VIEWER])
def test_only_analysts_and_admins_issue_and_import(demo_engine: Engine, acme: str,
                                                   role: Role) -> None:
    workbook, ids = issued_workbook(demo_engine)
    someone = Actor(name="Sam", role=role)
    with pytest.raises(PermissionDeniedError):
        issue_rfp(UnitOfWork(demo_engine), someone, "demo", RfpOptions(), with_pdf=False)
    with pytest.raises(PermissionDeniedError):
        import_responses(UnitOfWork(demo_engine), someone, "demo", "x.xlsx",
                         fill(workbook, complete_answers(ids)))
    assert "<h1>Questions</h1>" in rfp_preview_html(UnitOfWork(demo_engine), someone, "demo",
                                                    RfpOptions(), TODAY)


# --- bad workbooks: a per-cell report, nothing written ---------------------------------------

Change = Callable[[Workbook, dict[str, tuple[str, int]]], None]


def _set(question_id: str, column: str, value: object) -> Change:
    def change(book: Workbook, rows: dict[str, tuple[str, int]]) -> None:
        sheet, row = rows[question_id]
        book[sheet][f"{column}{row}"] = value
    return change


def _delete_row(sheet: str, row: int) -> Change:
    return lambda book, rows: book[sheet].delete_rows(row)


def _drop_sheet(sheet: str) -> Change:
    return lambda book, rows: book.remove(book[sheet])


BAD_CELLS = [
    pytest.param(_set("sign_baa", "B", "Will you sign a BAA one day?"),
                 ("Security & compliance", "B6", "sign_baa", "question's text was edited"),
                 id="edited question cell"),
    pytest.param(_set("sign_baa", "E", "Maybe later"),
                 ("Security & compliance", "E6", "sign_baa", "'Maybe later' is not one of"),
                 id="typed over the yes/no dropdown"),
    pytest.param(_set("delivery_model", "E", "Robots"),
                 ("Scope acknowledgement", "E9", "delivery_model", "'Robots' is not one of"),
                 id="typed over a choice dropdown"),
    pytest.param(_set("not_a_fit", "E", None),
                 ("Scope acknowledgement", "E5", "not_a_fit", "required answer is missing"),
                 id="missing required answer"),
    pytest.param(_set("ramp_up_weeks", "E", "about 4 weeks"),
                 ("Operations", "E4", "ramp_up_weeks", "holds the text 'about 4 weeks'"),
                 id="text in a number cell"),
    pytest.param(_set("price_per_unit_unit_price", "E", "1.20 EUR"),
                 ("Pricing - per unit", "E5", "price_per_unit_unit_price", "type a number"),
                 id="text in a price cell"),
    pytest.param(_set("deletion_days", "E", 400),
                 ("Security & compliance", "E16", "deletion_days", "outside the allowed range"),
                 id="number out of range"),
    pytest.param(_set("review_stages", "E", 2.5),
                 ("Quality", "E6", "review_stages", "not a whole number"),
                 id="fraction in a whole-number cell"),
    pytest.param(_set("pilot_start", "E", "next month"),
                 ("Pilot", "E5", "pilot_start", "is not a date"), id="text in a date cell"),
    pytest.param(_set("encryption", "E", '=IF(TRUE,"yes","no")'),
                 ("Security & compliance", "E8", "encryption", "holds a formula"),
                 id="formula in an answer cell"),
    pytest.param(_set("pricing_model", "E", "per_hour"),
                 ("Pricing - per hour", "E5", "price_per_hour_hourly_rate",
                  "per_hour is named as your main offer"), id="main offer's sheet empty"),
    pytest.param(_set("price_per_hour_hourly_rate", "E", 30),
                 ("Pricing - per hour", "E6", "price_per_hour_units_per_hour", "partly filled"),
                 id="alternative pricing sheet half filled"),
    pytest.param(_delete_row("Quality", 5),
                 ("Quality", "A5", "golden_set_practice", "rows were added, moved or deleted"),
                 id="deleted row"),
    pytest.param(_drop_sheet("References"), ("References", "A1", None, "sheet is missing"),
                 id="deleted sheet"),
]


@pytest.mark.parametrize(("change", "expected"), BAD_CELLS)
def test_a_bad_cell_is_reported_and_nothing_is_imported(demo_engine: Engine, acme: str,
                                                        change: Change,
                                                        expected: tuple[str, str, str | None, str]
                                                        ) -> None:
    workbook, ids = issued_workbook(demo_engine)
    returned = fill(workbook, complete_answers(ids), change=change)
    problems = problems_of(demo_engine, returned)
    sheet, cell, question_id, fragment = expected
    assert any((p[0], p[1], p[2]) == (sheet, cell, question_id) and fragment in p[3]
               for p in problems), problems


def test_every_problem_in_a_workbook_is_reported_at_once(demo_engine: Engine, acme: str) -> None:
    workbook, ids = issued_workbook(demo_engine)
    answers = {**complete_answers(ids), "sign_baa": "Maybe", "not_a_fit": None,
               "ramp_up_weeks": "soon", "price_per_unit_unit_price": "cheap"}
    problems = problems_of(demo_engine, fill(workbook, answers))
    assert [(p[0], p[1]) for p in problems] == [
        ("Scope acknowledgement", "E5"), ("Security & compliance", "E6"), ("Operations", "E4"),
        ("Pricing - per unit", "E5")]


def test_a_workbook_of_another_project_is_refused(demo_engine: Engine) -> None:
    second_project(UnitOfWork(demo_engine), "other")
    workbook, ids = issued_workbook(demo_engine, vendor="Verity Loop", project="other")
    problems = problems_of(demo_engine, fill(workbook, complete_answers(ids)))
    assert problems == [(META_SHEET, "B2", None, "this workbook was issued for project 'other', "
                                                 "not 'demo'; import it into its own project")]


def test_a_workbook_of_an_older_question_bank_is_refused(demo_engine: Engine, acme: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    current = get_question_bank()
    older = current.model_copy(update={"version": "2025.2"})
    monkeypatch.setattr(rfp_service, "get_question_bank", lambda: older)
    workbook, ids = issued_workbook(demo_engine)
    monkeypatch.undo()
    [(sheet, cell, _, problem)] = problems_of(demo_engine, fill(workbook, complete_answers(ids)))
    assert (sheet, cell) == (META_SHEET, "B4")
    assert f"issued with question bank 2025.2; the bank in use is {current.version}" in problem


@pytest.mark.parametrize(("key", "value", "cell", "fragment"), [
    ("checksum", "0" * 64, "B7", "hidden metadata does not match"),
    ("issue", "feedfacefeedface", "B3", "was never issued for 'demo'"),
    ("vendor", "Verity Loop", "B6", "names vendor 'Verity Loop'"),
])
def test_edited_metadata_is_refused(demo_engine: Engine, acme: str, key: str, value: str,
                                    cell: str, fragment: str) -> None:
    workbook, ids = issued_workbook(demo_engine)

    def tamper(book: Workbook, rows: dict) -> None:
        meta = book[META_SHEET]
        row = next(r for r in range(1, 20) if meta[f"A{r}"].value == key)
        meta[f"B{row}"] = value

    [(sheet, where, _, problem)] = problems_of(
        demo_engine, fill(workbook, complete_answers(ids), change=tamper))
    assert (sheet, where) == (META_SHEET, cell) and fragment in problem


def test_a_workbook_not_issued_by_vendor_eval_is_refused(demo_engine: Engine) -> None:
    book = Workbook()
    book.active["A1"] = "Our answers"
    buffer = io.BytesIO()
    book.save(buffer)
    [(sheet, _, _, problem)] = problems_of(demo_engine, buffer.getvalue(), vendor="Verity Loop")
    assert sheet == "(workbook)" and "not a response workbook issued by vendor-eval" in problem
    with pytest.raises(InputError, match="not a readable .xlsx workbook"):
        import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "notes.xlsx",
                         b"plain text, not a workbook")


# --- the command line -----------------------------------------------------------------------

def test_cli_writes_the_rfp_and_imports_a_returned_workbook(demo_engine: Engine, acme: str,
                                                            tmp_path: Path) -> None:
    pdf, book = tmp_path / "rfp.pdf", tmp_path / "responses.xlsx"
    result = runner.invoke(app, ["rfp", "demo", "-o", str(pdf), "--workbook", str(book),
                                 "--sections", "background,security", "--sections", "questions",
                                 "--vendor", acme])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF") and book.stat().st_size > 0
    text = pdf_text(pdf.read_bytes(), first_page=1)
    assert SECTION_TITLES[RfpSection.SECURITY] in text
    assert SECTION_TITLES[RfpSection.CONTRACT] not in text
    ids = load_workbook(book)[META_SHEET]["B9"].value.split(",")

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(fill(book.read_bytes(), {**complete_answers(ids), "sign_baa": "perhaps"}))
    refused = runner.invoke(app, ["import-responses", "demo", str(bad)])
    assert refused.exit_code == 2
    assert "Security & compliance!E6 (sign_baa): 'perhaps' is not one of" in refused.stderr

    good = tmp_path / "good.xlsx"
    good.write_bytes(fill(book.read_bytes(), complete_answers(ids)))
    imported = runner.invoke(app, ["import-responses", "demo", str(good)])
    assert imported.exit_code == 0, imported.output
    assert f"answer(s) from {acme} stored" in imported.stdout
    assert "Measured value ramp_up_weeks = 3.5" in imported.stdout


def test_cli_names_a_bad_option(demo_engine: Engine, tmp_path: Path) -> None:
    result = runner.invoke(app, ["rfp", "demo", "-o", str(tmp_path / "x.pdf"),
                                 "--sections", "background,appendix"])
    assert result.exit_code == 2
    assert "--sections" in result.stderr
    result = runner.invoke(app, ["rfp", "demo", "-o", str(tmp_path / "x.pdf"),
                                 "--questions", "no_such_question"])
    assert result.exit_code == 2 and "no_such_question" in result.stderr
    assert not (tmp_path / "x.pdf").exists()



def test_a_partial_response_on_request_stores_what_was_given_and_lists_what_is_missing(
        demo_engine: Engine, acme: str) -> None:
    workbook, ids = issued_workbook(demo_engine)
    answers = {**complete_answers(ids), "sign_baa": None, "price_per_unit_unit_price": None}
    returned = fill(workbook, answers)
    before = snapshot(demo_engine)
    with pytest.raises(InputError, match="2 problems found, nothing was imported"):
        import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "acme.xlsx", returned)
    assert snapshot(demo_engine) == before, "all-or-nothing stays the default"

    result = import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "acme.xlsx",
                              returned, partial=True)

    assert sorted(p.question_id for p in result.missing) == ["price_per_unit_unit_price",
                                                              "sign_baa"]
    assert result.price is None, "an incomplete pricing sheet gives no quote"
    assert result.answers == len([v for v in answers.values() if v is not None])
    [summary] = responses_on_record(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    assert summary.missing == 1, "sign_baa: required and unanswered (pricing rows aside)"
    with UnitOfWork(demo_engine) as uow:
        [detail] = uow.session.exec(select(AuditEventRow.detail).where(
            AuditEventRow.action == "rfp.import")).all()
    assert sorted(detail["missing"]) == ["price_per_unit_unit_price", "sign_baa"]


def test_a_partial_import_still_refuses_any_other_fault(demo_engine: Engine, acme: str) -> None:
    workbook, ids = issued_workbook(demo_engine)
    returned = fill(workbook, {**complete_answers(ids), "sign_baa": None,
                               "ramp_up_weeks": "soon"})

    with pytest.raises(InputError, match="nothing was imported"):
        import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "acme.xlsx", returned,
                         partial=True)
