"""The RFP as user actions: set it up, preview it, and issue it as a PDF and a response
workbook, with a record of what was issued (so returned workbooks can be recognised) and an
audit event.

What the document says lives in `documents.rfp.context`; how it looks in the organisation-editable
`rfp_templates/rfp.html.j2`; where each workbook cell sits in `render/rfp_workbook.py`.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from vendor_eval.documents.rfp.context import DOCUMENT_TITLE, rfp_context
from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.enums import PricingModel
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.people import Actor
from vendor_eval.domain.presentation import PRICING_NAMES
from vendor_eval.domain.questions import Question, QuestionBank
from vendor_eval.domain.rfp import (
    PRICING_TITLES,
    RfpOptions,
    Timeline,
    pricing_questions,
)
from vendor_eval.errors import InputError
from vendor_eval.files.output import output_path, write_beside
from vendor_eval.files.rfp_workbook import FORMAT, WorkbookLayout, WorkbookSheet
from vendor_eval.render.rfp_workbook import response_workbook_bytes
from vendor_eval.render.templates import render_template, template_environment
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.decision.results import defuse_cell
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.catalogue import get_question_bank
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.store import repository
from vendor_eval.store.tables import RfpIssueRow
from vendor_eval.store.unit_of_work import UnitOfWork

ORG_TEMPLATES_ENV = "VENDOR_EVAL_ORG_TEMPLATES_DIR"
DEFAULT_TEMPLATE_SET = "default"
RFP_TEMPLATE = "rfp.html.j2"
PREVIEW_REFERENCE = "preview, not issued"


def template_sets() -> dict[str, Path | None]:
    """Template sets to choose from: `default` (shipped) and the organisation's own.

    `VENDOR_EVAL_ORG_TEMPLATES_DIR` names a folder; it is a set itself when it holds templates
    or a style sheet directly, and each subfolder is a further set. A set's files override the
    shipped ones of the same name, and `{% extends "default:rfp.html.j2" %}` reaches the shipped
    template from inside an override.
    """
    sets: dict[str, Path | None] = {DEFAULT_TEMPLATE_SET: None}
    raw = os.environ.get(ORG_TEMPLATES_ENV, "").strip()
    if not raw:
        return sets
    root = Path(raw).expanduser().resolve()
    if not root.is_dir():
        raise InputError("is not a folder", file=str(root), column=ORG_TEMPLATES_ENV)
    if any(root.glob("*.j2")) or (root / "style.css").is_file():
        sets["organisation" if root.name == DEFAULT_TEMPLATE_SET else root.name] = root
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if folder.name != DEFAULT_TEMPLATE_SET:
            sets[folder.name] = folder
    return sets


@dataclass(frozen=True)
class RfpSetup:
    """What the RFP page offers to choose from."""

    inputs: EvaluationInputs
    bank: QuestionBank
    default_questions: tuple[str, ...]
    template_sets: tuple[str, ...]

    @property
    def vendors(self) -> list[str]:
        return self.inputs.vendor_names


@dataclass(frozen=True)
class IssuedRfp:
    """An issued RFP: the documents and what identifies them."""

    reference: str
    html: str
    pdf: bytes | None
    workbook: bytes | None
    bank_version: str
    checksum: str
    issued_at: datetime
    vendor: str | None
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class _Draft:
    inputs: EvaluationInputs
    bank: QuestionBank
    options: RfpOptions
    questions: list[Question]
    timeline: Timeline
    organisation_dir: Path | None


def rfp_setup(uow: UnitOfWork, actor: Actor, project_key: str) -> RfpSetup:
    require(actor, Action.READ)
    inputs = load_evaluation(uow, actor, project_key)
    bank = get_question_bank()
    return RfpSetup(inputs=inputs, bank=bank,
                    default_questions=tuple(bank.default_selection(inputs.project.scope)),
                    template_sets=tuple(template_sets()))


def issued_questions(bank: QuestionBank, question_ids: tuple[str, ...] | list[str],
                     pricing_models: tuple[PricingModel, ...] | list[PricingModel]
                     ) -> list[Question]:
    """The questions an RFP asks, in bank order. With pricing sheets, the question naming the
    main offer is always asked (it says which sheet becomes the quote), offering only the
    models asked for; without pricing sheets it is left out."""
    chosen = bank.ordered(list(question_ids))
    price_questions = [q for q in bank.questions if q.maps_to and q.maps_to.price_model]
    if not pricing_models:
        return [q for q in chosen if q not in price_questions]
    missing = [q.id for q in price_questions if q not in chosen]
    chosen = bank.ordered([q.id for q in chosen] + missing)
    wanted = {m.value for m in pricing_models}
    return [q.model_copy(update={"options": tuple(o for o in q.options if o in wanted)})
            if q in price_questions else q for q in chosen]


def response_sheets(bank: QuestionBank, questions: list[Question],
                    pricing_models: tuple[PricingModel, ...] | list[PricingModel],
                    unit: str) -> tuple[WorkbookSheet, ...]:
    """One sheet per bank section with questions, then one pricing sheet per pricing model."""
    sheets = [WorkbookSheet(title=section.title, intro=section.description,
                            questions=tuple(q for q in questions if q.section == section.id))
              for section in bank.sections]
    sheets = [s for s in sheets if s.questions]
    for model in pricing_models:
        sheets.append(WorkbookSheet(
            title=f"Pricing - {PRICING_TITLES[model].lower()}",
            intro=f"Fill in completely if “{PRICING_NAMES[model]}” is your main offer "
                  f"(named on the Commercials sheet); otherwise optional. Amounts without "
                  f"currency signs.",
            questions=pricing_questions(model, unit), required_note="if offered"))
    return tuple(sheets)


def layout_checksum(sheets: tuple[WorkbookSheet, ...]) -> str:
    return WorkbookLayout(metadata={}, instructions=(), sheets=sheets).checksum()


def rfp_preview_html(uow: UnitOfWork, actor: Actor, project_key: str,
                     options: RfpOptions | None = None, today: date | None = None) -> str:
    """The RFP's HTML as it would be issued today (for the app's preview); nothing recorded."""
    draft = _draft(uow, actor, project_key, options or RfpOptions(), today)
    return _html(draft, PREVIEW_REFERENCE, datetime.now(UTC))


def issue_rfp(uow: UnitOfWork, actor: Actor, project_key: str,
              options: RfpOptions | None = None, *, with_pdf: bool = True,
              with_workbook: bool = True, issued_at: datetime | None = None) -> IssuedRfp:
    """Render the RFP and its response workbook, and record the issue with an audit event."""
    issued = _render(uow, actor, project_key, options, with_pdf, with_workbook, issued_at)
    with uow:
        _record(uow, actor, project_key, issued, options or RfpOptions(), "download")
        uow.commit()
    return issued


def export_rfp(uow: UnitOfWork, actor: Actor, project_key: str, pdf_path: Path | None,
               workbook_path: Path | None = None, options: RfpOptions | None = None,
               issued_at: datetime | None = None) -> tuple[IssuedRfp, Path, Path | None]:
    """Write the RFP PDF (and workbook) to files, never half-written, and record the issue."""
    pdf_target = output_path(project_key, pdf_path, "rfp.pdf", "--output")
    book_target = output_path(project_key, workbook_path, "responses.xlsx", "--workbook") \
        if workbook_path is not None else None
    issued = _render(uow, actor, project_key, options, True, book_target is not None, issued_at)
    written = [(pdf_target, issued.pdf)]
    if book_target is not None:
        written.append((book_target, issued.workbook))
    temporary = [(write_beside(target, content or b""), target) for target, content in written]
    try:
        with uow:
            _record(uow, actor, project_key, issued, options or RfpOptions(),
                    ", ".join(str(target) for target, _ in written))
            for temp, target in temporary:
                os.replace(temp, target)
            uow.commit()
    finally:
        for temp, _ in temporary:
            temp.unlink(missing_ok=True)
    return issued, pdf_target, book_target


# --- internals ------------------------------------------------------------------------------

def _draft(uow: UnitOfWork, actor: Actor, project_key: str, options: RfpOptions,
           today: date | None) -> _Draft:
    inputs = load_evaluation(uow, actor, project_key)
    bank = get_question_bank()
    ids = options.question_ids if options.question_ids is not None \
        else tuple(bank.default_selection(inputs.project.scope))
    if options.vendor is not None and options.vendor not in inputs.vendor_names:
        raise InputError(f"vendor '{options.vendor}' is not in project '{project_key}' "
                         f"(vendors: {', '.join(inputs.vendor_names) or 'none'})",
                         column="vendor")
    sets = template_sets()
    if options.template_set not in sets:
        raise InputError(f"no template set '{options.template_set}' (available: "
                         f"{', '.join(sets)})", column="template set")
    return _Draft(inputs=inputs, bank=bank, options=options,
                  questions=issued_questions(bank, ids, options.pricing_models),
                  timeline=options.timeline(today or date.today()),
                  organisation_dir=sets[options.template_set])


def _html(draft: _Draft, reference: str, issued_at: datetime) -> str:
    inputs = draft.inputs
    context = rfp_context(inputs.project, inputs.profile, inputs.catalogue, inputs.checklist,
                          draft.bank, draft.options, draft.timeline, draft.questions,
                          reference=reference, issued_at=issued_at, vendor=draft.options.vendor)
    return render_template(template_environment(draft.organisation_dir), RFP_TEMPLATE, context)


def _render(uow: UnitOfWork, actor: Actor, project_key: str, options: RfpOptions | None,
            with_pdf: bool, with_workbook: bool, issued_at: datetime | None) -> IssuedRfp:
    require(actor, Action.EDIT_PROJECT)
    options = options or RfpOptions()
    moment = (issued_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    draft = _draft(uow, actor, project_key, options, moment.date())
    reference = secrets.token_hex(8)
    project = draft.inputs.project
    sheets = response_sheets(draft.bank, draft.questions, options.pricing_models,
                             project.scope.unit)
    checksum = layout_checksum(sheets)
    html = _html(draft, reference, moment)
    pdf = None
    if with_pdf:
        from vendor_eval.render.pdf import html_to_pdf
        from vendor_eval.render.templates import shipped_templates_dir

        overrides = [draft.organisation_dir] if draft.organisation_dir is not None else []
        pdf = html_to_pdf(html, shipped_templates_dir(), overrides, identifier=reference)
    workbook = None
    if with_workbook:
        metadata = {
            "format": FORMAT, "project": project.key, "issue": reference,
            "bank_version": draft.bank.version, "issued_at": moment.isoformat(),
            "vendor": options.vendor or "", "checksum": checksum, "project_title": project.title,
            "questions": ",".join(q.id for q in draft.questions),
            "pricing_models": ",".join(m.value for m in options.pricing_models),
        }
        layout = WorkbookLayout(metadata=metadata, instructions=(), sheets=sheets)
        layout = replace(layout, instructions=_instructions(draft, layout, reference))
        workbook = response_workbook_bytes(layout, defuse_cell)
    return IssuedRfp(reference=reference, html=html, pdf=pdf, workbook=workbook,
                     bank_version=draft.bank.version, checksum=checksum, issued_at=moment,
                     vendor=options.vendor, question_ids=tuple(q.id for q in draft.questions))


def _instructions(draft: _Draft, layout: WorkbookLayout, reference: str) -> tuple[str, ...]:
    project, timeline = draft.inputs.project, draft.timeline
    contact = f" to {draft.options.contact}" if draft.options.contact else ""
    lines = [
        f"{DOCUMENT_TITLE}: response workbook for {project.title}",
        f"Reference {reference}, question bank {draft.bank.version}, issued "
        f"{timeline.issued_on.isoformat()}"
        + (f" to {draft.options.vendor}" if draft.options.vendor else "") + ".",
        f"Return this workbook by {timeline.responses_due.isoformat()}{contact}, together with "
        "the files your answers refer to.",
        "",
        "How to answer",
        "• Each section of the RFP has a sheet. Write your answer in the yellow Answer column "
        "and anything you want to add in the Comment column.",
        "• Pick yes/no and choice answers from the dropdown. Type numbers without units (the "
        "unit is under 'How to answer'), dates as YYYY-MM-DD, and no formulas.",
        "• Every question marked 'required' needs an answer.",
        "• Do not edit, move, add or delete questions, rows or sheets: the workbook is read back "
        "cell by cell, and an answer only counts next to the question it was asked under.",
    ]
    if draft.options.pricing_models:
        lines.append("• Prices: name your main offer on the Commercials sheet and fill in that "
                     "model's pricing sheet completely. The other pricing sheets are optional "
                     "alternatives; fill in all of a sheet or none of it.")
    lines += ["", "Sheets"]
    for sheet in layout.sheets:
        required = sum(q.required for q in sheet.questions)
        lines.append(f"• {sheet.title}: {len(sheet.questions)} rows"
                     + (f", {required} {sheet.required_note}" if required else ""))
    return tuple(lines)


def _record(uow: UnitOfWork, actor: Actor, project_key: str, issued: IssuedRfp,
            options: RfpOptions, output: str) -> None:
    session = uow.session
    project = repository.project_row(session, project_key)
    session.add(RfpIssueRow(
        project_id=project.id, token=issued.reference,
        vendor_id=uow.vendors(project).id_of(issued.vendor) if issued.vendor else None,
        bank_version=issued.bank_version, checksum=issued.checksum,
        question_ids=list(issued.question_ids),
        pricing_models=[m.value for m in options.pricing_models],
        sections=[s.value for s in options.ordered_sections()],
        unit=repository.project_to_domain(project).scope.unit,
        issued_at=issued.issued_at, issued_by=actor.name))
    record_event(session, actor, AuditAction.RFP_ISSUE, f"project:{project_key}", {
        "reference": issued.reference, "vendor": issued.vendor, "output": output,
        "bank_version": issued.bank_version, "checksum": issued.checksum,
        "questions": list(issued.question_ids),
        "pricing_models": [m.value for m in options.pricing_models],
        "sections": [s.value for s in options.ordered_sections()],
        "template_set": options.template_set,
        "pdf_sha256": hashlib.sha256(issued.pdf).hexdigest() if issued.pdf else None,
        "workbook_sha256": hashlib.sha256(issued.workbook).hexdigest() if issued.workbook
        else None,
    })



