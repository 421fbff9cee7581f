"""Reading a vendor's returned response workbook back into the evaluation.

An import is one user action. The whole workbook is checked first: that it is the workbook
issued for this project under the installed question bank, that no question cell was edited,
and that every answer meets its question's rules. Any fault is reported cell by cell and
nothing is written. A clean workbook replaces the vendor's stored answers and, in the same
transaction, turns objective answers into measured values, the price quote and checklist
findings (through the checklist service, so its rules and audit apply), recorded in the audit
trail as one `rfp.import` event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlmodel import Session, delete, select

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.checklist import (
    SELF_DECLARED_SOURCE,
    ChecklistAssessment,
    ChecklistStatus,
)
from vendor_eval.domain.enums import PricingModel
from vendor_eval.domain.evidence import MeasuredValue, PriceQuote
from vendor_eval.domain.people import Actor
from vendor_eval.domain.questions import TEXT_LIMIT, YES, AnswerProblem, Question, QuestionBank
from vendor_eval.domain.rfp import (
    PRICING_SECTION,
    CellProblem,
    WorkbookProblems,
    pricing_field,
)
from vendor_eval.errors import InputError
from vendor_eval.files.rfp_workbook import (
    ANSWER_COL,
    COMMENT_COL,
    FIRST_ROW,
    FORMAT,
    ID_COL,
    META_SHEET,
    QUESTION_COL,
    ReturnedWorkbook,
    UnreadableWorkbook,
    WorkbookSheet,
    cell_text,
    metadata_cell,
    read_response_workbook,
)
from vendor_eval.services.decision.results import defuse_cell
from vendor_eval.services.evidence.prices import write_quotes
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.catalogue import get_question_bank
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.rfp.issue import (
    issued_questions,
    layout_checksum,
    response_sheets,
)
from vendor_eval.store import repository
from vendor_eval.store.locks import lock_for_write
from vendor_eval.store.tables import (
    MeasuredValueRow,
    ProjectRow,
    RfpAnswerRow,
    RfpIssueRow,
    VendorRow,
)
from vendor_eval.store.unit_of_work import UnitOfWork

RFP_REFERENCE = SELF_DECLARED_SOURCE
"""How findings written from a workbook begin their file reference; only those are replaced by
a later workbook, so a reviewer's own finding is never overwritten by a self-declaration."""
WORKBOOK = "(workbook)"


@dataclass(frozen=True)
class _Answer:
    question: Question
    sheet: str
    row: int
    value: str | None
    comment: str

    @property
    def cell(self) -> str:
        return f"{ANSWER_COL}{self.row}"


@dataclass(frozen=True)
class ImportedResponses:
    """What an import stored, for the per-vendor report in the app and the CLI."""

    vendor: str
    source: str
    reference: str
    bank_version: str
    answers: int
    measured: tuple[MeasuredValue, ...] = ()
    price: PriceQuote | None = None
    findings: tuple[ChecklistAssessment, ...] = ()
    kept: tuple[str, ...] = ()  # checklist items whose reviewer-recorded finding was kept
    missing: tuple[CellProblem, ...] = ()  # required answers left empty (a partial response)

    def lines(self) -> list[str]:
        out = [f"{self.answers} answer(s) from {self.vendor} stored (workbook {self.reference}, "
               f"question bank {self.bank_version})."]
        out += [f"Measured value {m.criterion_id} = {m.value:g}" for m in self.measured]
        if self.price is not None:
            out.append(f"Price quote: {self.price.model.value} in {self.price.currency}")
        out += [f"Checklist {f.item_id}: {f.status.value.replace('_', ' ')} (self-declared)"
                for f in self.findings]
        out += [f"Checklist {item}: a reviewer's finding is on record and was kept; the answer "
                f"is stored as evidence" for item in self.kept]
        if self.missing:
            out.append(f"Partial response: {len(self.missing)} required answer(s) missing: "
                       + ", ".join(p.question_id or f"{p.sheet}!{p.cell}" for p in self.missing))
        return out


def import_responses(uow: UnitOfWork, actor: Actor, project_key: str, name: str, data: bytes,
                     vendor: str | None = None, partial: bool = False) -> ImportedResponses:
    """Import one returned workbook; any fault raises WorkbookProblems and writes nothing.

    With `partial`, a workbook whose only faults are required answers left empty is imported
    as a partial response: the answers given are stored, the missing ones listed in the result
    and the audit event (a pricing sheet left incomplete gives no quote). Every other fault
    (edited questions, values outside their rules, formulas) still imports nothing.

    The vendor is the one the workbook was issued to, if it was issued to one (then `vendor`,
    when given, must match); a workbook issued to no vendor in particular needs `vendor`.
    """
    require(actor, Action.EDIT_PROJECT)
    require(actor, Action.SEE_PRICES)  # the workbook carries the vendor's prices
    try:
        returned = read_response_workbook(data)
    except UnreadableWorkbook as error:
        raise InputError(str(error), file=name) from None
    bank = get_question_bank()
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        issue = _recognise(session, returned, project, bank, name)
        models = [PricingModel(m) for m in issue.pricing_models]
        sheets = response_sheets(bank, issued_questions(bank, issue.question_ids, models),
                                 models, issue.unit)
        if layout_checksum(sheets) != issue.checksum:
            raise WorkbookProblems(name, [_meta_problem(
                "checksum", f"question bank {bank.version} was changed after this workbook was "
                            "issued (same version, other questions); issue a new workbook")])
        who = _vendor(uow.vendors(project), issue, returned, vendor, name)
        answers, problems = _read_answers(returned, sheets)
        flagged = {(p.sheet, p.cell) for p in problems}
        problems += [p for p in _pricing_problems(answers, sheets)
                     if (p.sheet, p.cell) not in flagged]
        faults = [p for p in problems if not p.missing]
        if faults or (problems and not partial):
            raise WorkbookProblems(name, problems)
        result = _store(uow, actor, project, who, issue, answers, name,
                        missing=tuple(problems))
        uow.commit()
    return result


# --- recognising the workbook ---------------------------------------------------------------

def _meta_problem(key: str, problem: str) -> CellProblem:
    return CellProblem(sheet=META_SHEET, cell=metadata_cell(key), problem=problem)


def _recognise(session: Session, returned: ReturnedWorkbook, project: ProjectRow,
               bank: QuestionBank, name: str) -> RfpIssueRow:
    """The issue this workbook came from; refuse another project's, an unknown or an older one."""
    meta = returned.metadata
    if meta.get("format") != FORMAT:
        raise WorkbookProblems(name, [CellProblem(
            sheet=WORKBOOK, cell="-", problem="not a response workbook issued by vendor-eval (its "
            "hidden metadata is missing); answers can only be read from the workbook that came "
            "with the RFP")])
    if meta.get("project") != project.key:
        raise WorkbookProblems(name, [_meta_problem(
            "project", f"this workbook was issued for project '{meta.get('project')}', not "
                       f"'{project.key}'; import it into its own project")])
    issue = session.exec(select(RfpIssueRow).where(RfpIssueRow.project_id == project.id,
                                                   RfpIssueRow.token == meta.get("issue"))).first()
    if issue is None:
        raise WorkbookProblems(name, [_meta_problem(
            "issue", f"reference '{meta.get('issue')}' was never issued for '{project.key}' in "
                     "this workspace; use a workbook issued here")])
    version = meta.get("bank_version")
    if version != bank.version:
        raise WorkbookProblems(name, [_meta_problem(
            "bank_version", f"issued with question bank {version}; the bank in use is "
                            f"{bank.version}, whose questions may differ. Send the vendor a new "
                            "workbook")])
    if version != issue.bank_version or meta.get("checksum") != issue.checksum:
        raise WorkbookProblems(name, [_meta_problem(
            "checksum", "the workbook's hidden metadata does not match what was issued under "
                        f"reference {issue.token}; it was edited")])
    return issue


def _vendor(vendors: repository.ProjectVendors, issue: RfpIssueRow, returned: ReturnedWorkbook,
            vendor: str | None, name: str) -> VendorRow:
    issued_to = vendors.names.get(issue.vendor_id)
    if (returned.metadata.get("vendor") or None) != issued_to:
        raise WorkbookProblems(name, [_meta_problem(
            "vendor", f"names vendor '{returned.metadata.get('vendor')}' but reference "
                      f"{issue.token} was issued to {issued_to or 'no vendor in particular'}")])
    if vendor and issued_to and vendor != issued_to:
        raise InputError(f"this workbook was issued to {issued_to}, not {vendor}", file=name,
                         column="vendor")
    chosen = vendor or issued_to
    if not chosen:
        raise InputError("the workbook was issued to no vendor in particular: say whose answers "
                         "these are", file=name, column="vendor")
    vendors.id_of(chosen, file=name)
    return vendors.row_named(chosen)


# --- reading and checking every cell --------------------------------------------------------

def _read_answers(returned: ReturnedWorkbook, sheets: Iterable[WorkbookSheet]
                  ) -> tuple[list[_Answer], list[CellProblem]]:
    answers: list[_Answer] = []
    problems: list[CellProblem] = []
    for sheet in sheets:
        title = sheet.title
        if title not in returned.sheet_names:
            problems.append(CellProblem(sheet=title, cell="A1", problem="the sheet is missing "
                                        "(renamed or deleted); restore it"))
            continue
        for row, question in enumerate(sheet.questions, start=FIRST_ROW):
            def problem(column: str, text: str, question: Question = question, row: int = row
                        ) -> None:
                problems.append(CellProblem(sheet=title, cell=f"{column}{row}",
                                            question_id=question.id, problem=text))

            found_id = cell_text(returned.cell(title, f"{ID_COL}{row}").value)
            if found_id != question.id:
                problem(ID_COL, f"should hold the question id '{question.id}' but holds "
                                f"'{found_id[:60]}'; rows were added, moved or deleted")
                continue
            if cell_text(returned.cell(title, f"{QUESTION_COL}{row}").value) != \
                    defuse_cell(question.text):
                problem(QUESTION_COL, "the question's text was edited; an answer counts only "
                                      "for the question as asked, so restore the text")
            value = None
            answer = returned.cell(title, f"{ANSWER_COL}{row}")
            if answer.formula:
                problem(ANSWER_COL, "holds a formula; type the answer itself")
            else:
                try:
                    value = question.normalise(answer.value)
                except AnswerProblem as error:
                    problem(ANSWER_COL, str(error))
                else:
                    if value is None and question.required and \
                            question.section != PRICING_SECTION:
                        problems.append(CellProblem(
                            sheet=title, cell=f"{ANSWER_COL}{row}", question_id=question.id,
                            missing=True, problem=f"a required answer is missing; enter "
                                                  f"{question.describe_rule()}"))
            comment = returned.cell(title, f"{COMMENT_COL}{row}")
            comment_text = "" if comment.formula else cell_text(comment.value).strip()
            if comment.formula:
                problem(COMMENT_COL, "holds a formula; type the comment as text")
            elif len(comment_text) > TEXT_LIMIT:
                problem(COMMENT_COL, f"is {len(comment_text):,} characters long; keep it to "
                                     f"{TEXT_LIMIT:,}")
            answers.append(_Answer(question, title, row, value, comment_text))
    return answers, problems


def _pricing_problems(answers: list[_Answer], sheets: Iterable[WorkbookSheet]
                      ) -> list[CellProblem]:
    """The main offer's pricing sheet must be complete; any other used sheet too."""
    main = next((a.value for a in answers if a.question.maps_to is not None
                 and a.question.maps_to.price_model), None)
    problems = []
    for sheet in sheets:
        rows = [a for a in answers if a.sheet == sheet.title
                and a.question.section == PRICING_SECTION]
        if not rows:
            continue
        model = _sheet_model(rows[0].question)
        used = any(a.value is not None for a in rows)
        if model.value != main and not used:
            continue
        why = (f"required: {model.value} is named as your main offer" if model.value == main
               else "this pricing sheet is partly filled: complete it or clear it")
        problems += [CellProblem(sheet=a.sheet, cell=a.cell, question_id=a.question.id,
                                 problem=why, missing=True) for a in rows
                     if a.value is None and a.question.required]
    return problems


def _sheet_model(question: Question) -> PricingModel:
    return next(m for m in PricingModel if question.id.startswith(f"price_{m.value}_"))


# --- storing a clean workbook ---------------------------------------------------------------

def _store(uow: UnitOfWork, actor: Actor, project: ProjectRow, vendor: VendorRow,
           issue: RfpIssueRow, answers: list[_Answer], name: str,
           missing: tuple[CellProblem, ...] = ()) -> ImportedResponses:
    from vendor_eval.services.evidence.risk import save_assessments

    session = uow.session
    # One import per vendor at a time: a second waits here and then replaces the first's answers
    # (instead of both inserting and one failing on the unique answer key).
    lock_for_write(session, "rfp-answers", project.id, vendor.id)
    now = datetime.now(UTC)
    kept_rows = [a for a in answers if a.value is not None or a.comment]
    replaced = len(session.exec(select(RfpAnswerRow.id).where(
        RfpAnswerRow.project_id == project.id, RfpAnswerRow.vendor_id == vendor.id)).all())
    session.exec(delete(RfpAnswerRow).where(RfpAnswerRow.project_id == project.id,
                                            RfpAnswerRow.vendor_id == vendor.id))
    for a in kept_rows:
        q = a.question
        session.add(RfpAnswerRow(
            project_id=project.id, vendor_id=vendor.id, issue_id=issue.id, question_id=q.id,
            question=q.text, answer_type=q.answer.value, unit=q.unit, criteria=list(q.criteria),
            sealed=q.sealed, value=a.value or "", comment=a.comment, sheet=a.sheet, cell=a.cell,
            bank_version=issue.bank_version, answered_at=now, imported_by=actor.name))
    measured = _measured(vendor.name, answers, name)
    changes = {"measured": _write_measured(session, project, vendor, measured)}
    incomplete_pricing = any(p.question_id and p.question_id.startswith("price_")
                             for p in missing)
    price = None if incomplete_pricing else _price(vendor.name, answers, name)
    changes["price"] = next(iter(write_quotes(session, project, {vendor.id: price})),
                            None) if price else None
    findings = _findings(vendor.name, answers, name)
    existing = repository.assessments_by_key(session, project.id)
    write, kept = [], []
    for finding in findings:
        row = existing.get((vendor.id, finding.item_id))
        # A reviewer's own finding stands; so does a confirmed answer the vendor repeats. A
        # changed answer replaces it, and is self-declared again until someone checks it.
        from_rfp = row is not None and row.file_reference.startswith(RFP_REFERENCE)
        if row is None or (from_rfp and (not row.reviewer or row.status != finding.status)):
            write.append(finding)
        else:
            kept.append(finding.item_id)
    if write:
        save_assessments(uow.joined(), actor, project.key, write, source=name)
    record_event(session, actor, AuditAction.RFP_IMPORT, f"project:{project.key}", {
        "source": name, "vendor": vendor.name, "reference": issue.token,
        "bank_version": issue.bank_version, "answers": len(kept_rows),
        "answers_replaced": replaced, **changes,
        "checklist": [{"item": f.item_id, "status": f.status.value} for f in write],
        "checklist_kept": kept,
        "missing": [p.question_id or f"{p.sheet}!{p.cell}" for p in missing],
    })
    return ImportedResponses(vendor=vendor.name, source=name, reference=issue.token,
                             bank_version=issue.bank_version, answers=len(kept_rows),
                             measured=tuple(measured), price=price, findings=tuple(write),
                             kept=tuple(kept), missing=missing)


def _where(name: str, answer: _Answer) -> str:
    return f"{RFP_REFERENCE} {name}, {answer.sheet}!{answer.cell}"


def _measured(vendor: str, answers: list[_Answer], name: str) -> list[MeasuredValue]:
    return [MeasuredValue(vendor=vendor, criterion_id=a.question.maps_to.measured,
                          value=float(a.value), source=_where(name, a))
            for a in answers if a.value is not None and a.question.maps_to is not None
            and a.question.maps_to.measured]


def _price(vendor: str, answers: list[_Answer], name: str) -> PriceQuote | None:
    main = next((a for a in answers if a.question.maps_to is not None
                 and a.question.maps_to.price_model and a.value is not None), None)
    if main is None:
        return None
    model = PricingModel(main.value)
    values: dict[str, object] = {}
    for a in answers:
        if a.question.section == PRICING_SECTION and a.value is not None \
                and _sheet_model(a.question) is model:
            values[pricing_field(model, a.question.id)] = a.question.typed(a.value)
    try:
        return PriceQuote(vendor=vendor, model=model, **values)
    except ValidationError as error:  # the sheet's rules should make this unreachable
        first = error.errors()[0]
        raise WorkbookProblems(name, [CellProblem(sheet=main.sheet, cell=main.cell,
                                                  question_id=main.question.id,
                                                  problem=str(first["msg"]))]) from None


def _findings(vendor: str, answers: list[_Answer], name: str) -> list[ChecklistAssessment]:
    """Yes -> met, no -> not met; several questions on one item must all say yes."""
    by_item: dict[str, list[_Answer]] = {}
    for a in answers:
        if a.value is not None and a.question.maps_to is not None and a.question.maps_to.checklist:
            by_item.setdefault(a.question.maps_to.checklist, []).append(a)
    findings = []
    for item_id, given in by_item.items():
        met = all(a.value == YES for a in given)
        evidence = " ".join(
            f"Self-declared in the RFP response: \"{a.question.text}\" - {a.value}."
            + (f" Comment: {a.comment}" if a.comment else "") for a in given)
        findings.append(ChecklistAssessment(
            vendor=vendor, item_id=item_id,
            status=ChecklistStatus.MET if met else ChecklistStatus.NOT_MET,
            evidence=evidence, file_reference=_where(name, given[0])))  # nobody reviewed it
    return findings


def _write_measured(session: Session, project: ProjectRow, vendor: VendorRow,
                    values: list[MeasuredValue]) -> list[dict[str, object]]:
    existing = {criterion: row for (_, criterion), row
                in repository.measured_by_key(session, project.id, vendor.id).items()}
    changes = []
    for value in values:
        row = existing.get(value.criterion_id)
        before = None if row is None else row.value
        if row is None:
            row = MeasuredValueRow(project_id=project.id, vendor_id=vendor.id,
                                   criterion_id=value.criterion_id, value=value.value)
        row.value, row.sample_size, row.source = value.value, None, value.source
        session.add(row)
        changes.append({"criterion": value.criterion_id, "before": before, "after": value.value})
    return changes
