"""Helpers for RFP tests: a vendor's filled-in response workbook, made the way a vendor would
(openpyxl writing into the answer column), and a small second project."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from datetime import date

from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.domain.questions import AnswerType, Question
from vendor_eval.files.rfp_workbook import ANSWER_COL, COMMENT_COL, FIRST_ROW, ID_COL
from vendor_eval.services.evidence.table_imports import import_table
from vendor_eval.services.kernel.catalogue import get_question_bank
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.project.demo import demo_bundle
from vendor_eval.store.unit_of_work import UnitOfWork

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW_VENDOR = "Acme Review Co"

# What the test vendor answers where a generic sample would not say enough.
CHOSEN = {
    "ramp_up_weeks": 3.5,
    "industry_projects": 12,
    "review_stages": 3,
    "deletion_days": 30,
    "breach_notice_hours": 24,
    "surge_capacity_percent": 40,
    "batch_turnaround_hours": 48,
    "pilot_price": 7500.5,
    "pricing_model": "per_unit",
    "iso27001_certificate": "no",
    "delivery_model": "Managed core team with crowd overflow",
    "pilot_start": date(2027, 1, 4),
    "not_a_fit": "We do not label lidar or video; the Spanish clinical notes would need our "
                 "Madrid team, which is smaller.",
    "price_per_unit_currency": "USD",  # the demo compares its quotes in USD
    "price_per_unit_unit_price": 1.25,
    "price_per_unit_setup_fee": 500,
    "price_per_unit_notes": "Includes two review stages and weekly QA reports.",
}
COMMENTS = {"encryption": "Keys are held in our cloud KMS and rotated every 90 days.",
            "sign_baa": "Our standard BAA template can be replaced by yours."}


def sample_answer(question: Question) -> object:
    """A valid answer of the question's type (what a careful vendor would type)."""
    if question.id in CHOSEN:
        return CHOSEN[question.id]
    if question.answer is AnswerType.YES_NO:
        return "yes"
    if question.answer is AnswerType.CHOICE:
        return question.options[0]
    if question.answer is AnswerType.NUMBER:
        return int(question.minimum or 0) + 1
    if question.answer is AnswerType.DATE:
        return date(2027, 2, 1)
    if question.answer is AnswerType.FILE_REFERENCE:
        return f"{question.id}.pdf"
    return f"Our answer on {question.id.replace('_', ' ')}, with the detail you asked for."


def complete_answers(question_ids: list[str] | tuple[str, ...]) -> dict[str, object]:
    """A full response to the given questions, plus a complete per-unit pricing sheet."""
    bank = get_question_bank()
    answers = {q.id: sample_answer(q) for q in bank.ordered(list(question_ids))}
    answers["pricing_model"] = CHOSEN["pricing_model"]
    answers.update({k: v for k, v in CHOSEN.items() if k.startswith("price_per_unit_")})
    return answers


def question_rows(book: Workbook) -> dict[str, tuple[str, int]]:
    """Question id -> (sheet, row) for every question row in the workbook."""
    rows = {}
    for sheet in book.worksheets:
        if sheet.title.startswith("_") or sheet.title == "Instructions":
            continue
        for row in range(FIRST_ROW, sheet.max_row + 1):
            value = sheet[f"{ID_COL}{row}"].value
            if isinstance(value, str):
                rows[value] = (sheet.title, row)
    return rows


def fill(workbook: bytes, answers: Mapping[str, object],
         comments: Mapping[str, str] | None = None,
         change: Callable[[Workbook, dict[str, tuple[str, int]]], None] | None = None) -> bytes:
    """The workbook with answers (and comments) typed into their cells, then `change` applied."""
    book = load_workbook(io.BytesIO(workbook))
    rows = question_rows(book)
    for question_id, value in answers.items():
        sheet, row = rows[question_id]
        book[sheet][f"{ANSWER_COL}{row}"] = value
    for question_id, text in (comments or {}).items():
        sheet, row = rows[question_id]
        book[sheet][f"{COMMENT_COL}{row}"] = text
    if change is not None:
        change(book, rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def add_vendor(uow: UnitOfWork, name: str = NEW_VENDOR) -> str:
    """A vendor new to the demo project, so nothing about it is on record yet."""
    import_table(uow, LOCAL_ADMIN, "demo", "vendors", "vendors.csv",
                 f"name,delivery_model\n{name},managed_team\n".encode())
    return name


def second_project(uow: UnitOfWork, key: str = "other", description: str | None = None,
                   title: str | None = None) -> str:
    """A copy of the demo under another key (optionally with its own title and description)."""
    bundle: ProjectBundle = demo_bundle()
    project = bundle.project.model_copy(update={
        "key": key, "title": title or f"{bundle.project.title} (copy)",
        "description": bundle.project.description if description is None else description})
    import_project_bundle(uow, LOCAL_ADMIN, bundle.model_copy(update={"project": project}),
                          source="test bundle")
    return key
