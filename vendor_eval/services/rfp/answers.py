"""A vendor's RFP answers as evaluators see them: by criterion beside the rubric, and which
responses are on record. Commercial answers stay sealed like the prices they belong to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from vendor_eval.domain.people import Actor
from vendor_eval.domain.questions import QuestionBank
from vendor_eval.domain.rfp import PRICING_SECTION, RfpAnswer
from vendor_eval.errors import NotFoundError
from vendor_eval.services.kernel.catalogue import get_question_bank
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.kernel.visibility import project_visibility
from vendor_eval.store import repository
from vendor_eval.store.tables import RfpAnswerRow, RfpIssueRow
from vendor_eval.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ResponseSummary:
    vendor: str
    answers: int
    reference: str
    bank_version: str
    answered_at: datetime
    withheld: int = 0  # sealed answers the actor may not see yet
    missing: int = 0  # required questions of the workbook left unanswered (a partial response)


def answers_for(uow: UnitOfWork, actor: Actor, project_key: str, vendor: str
                ) -> dict[str, list[RfpAnswer]]:
    """A vendor's answers grouped by the criteria they are evidence for, for the Score page.

    Commercial answers stay hidden while prices are sealed for the actor (two envelopes).
    """
    result: dict[str, list[RfpAnswer]] = {}
    for answer in vendor_answers(uow, actor, project_key, vendor):
        for criterion_id in answer.criteria:
            result.setdefault(criterion_id, []).append(answer)
    return result


def vendor_answers(uow: UnitOfWork, actor: Actor, project_key: str, vendor: str
                   ) -> list[RfpAnswer]:
    """A vendor's stored answers in workbook order, as the actor may see them."""
    require(actor, Action.READ)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        vendor_id = uow.vendors(project).ids.get(vendor)
        if vendor_id is None:
            raise NotFoundError(f"no vendor '{vendor}' in project '{project_key}'")
        prices_open = project_visibility(session, actor, project).prices
        rows = session.exec(select(RfpAnswerRow).where(
            RfpAnswerRow.project_id == project.id, RfpAnswerRow.vendor_id == vendor_id)
            .order_by(RfpAnswerRow.id)).all()
        return [_to_domain(row, vendor) for row in rows if prices_open or not row.sealed]


def responses_on_record(uow: UnitOfWork, actor: Actor, project_key: str
                        ) -> list[ResponseSummary]:
    """Per vendor with answers: how many, from which workbook, imported when."""
    require(actor, Action.READ)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        names = uow.vendors(project).names
        prices_open = project_visibility(session, actor, project).prices
        issues = {row.id: row for row in session.exec(
            select(RfpIssueRow).where(RfpIssueRow.project_id == project.id))}
        bank = get_question_bank()
        rows = session.exec(select(RfpAnswerRow).where(
            RfpAnswerRow.project_id == project.id)).all()
        summaries = []
        for vendor_id in sorted({r.vendor_id for r in rows}, key=lambda i: names.get(i, "")):
            mine = [r for r in rows if r.vendor_id == vendor_id]
            withheld = 0 if prices_open else sum(r.sealed for r in mine)
            issue = issues.get(mine[0].issue_id)
            summaries.append(ResponseSummary(
                vendor=names.get(vendor_id, "?"), answers=len(mine) - withheld,
                reference=issue.token if issue else "?", bank_version=mine[0].bank_version,
                answered_at=max(r.answered_at for r in mine), withheld=withheld,
                missing=_unanswered(bank, issue, {r.question_id for r in mine if r.value})))
        return summaries


def _unanswered(bank: QuestionBank, issue: RfpIssueRow | None, answered: set[str]) -> int:
    """Required questions of the issued workbook (pricing sheets aside) with no answer stored."""
    if issue is None:
        return 0
    return sum(1 for question_id in issue.question_ids
               if (question := bank.by_id.get(question_id)) is not None and question.required
               and question.section != PRICING_SECTION and question_id not in answered)


def _to_domain(row: RfpAnswerRow, vendor: str) -> RfpAnswer:
    return RfpAnswer(vendor=vendor, question_id=row.question_id, question=row.question,
                     answer_type=row.answer_type, unit=row.unit, value=row.value,
                     comment=row.comment, criteria=tuple(row.criteria), sealed=row.sealed,
                     sheet=row.sheet, cell=row.cell, bank_version=row.bank_version,
                     answered_at=row.answered_at)
