"""Creating projects from bundles (demo, imports) and listing them."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.checklist import ChecklistCatalogue
from vendor_eval.domain.criteria import Catalogue
from vendor_eval.domain.enums import CriterionKind
from vendor_eval.domain.people import Actor
from vendor_eval.domain.project import Project
from vendor_eval.domain.team import scores_fingerprint
from vendor_eval.errors import InputError, StaleWriteError
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.catalogue import get_catalogue, get_checklist, get_question_bank
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.store import repository
from vendor_eval.store.tables import (
    ChecklistAssessmentRow,
    ConflictDeclarationRow,
    ConsensusScoreRow,
    MeasuredValueRow,
    PersonRow,
    PriceQuoteRow,
    ProfileChangeRow,
    ProjectAssignmentRow,
    ProjectRow,
    ProjectVendorRow,
    RfpAnswerRow,
    RfpIssueRow,
    RiskItemRow,
    ScoreRow,
    SubmissionRow,
    VendorRow,
    utcnow,
)
from vendor_eval.store.unit_of_work import UnitOfWork


def list_projects(uow: UnitOfWork, actor: Actor) -> list[Project]:
    require(actor, Action.READ)
    with uow:
        return repository.list_projects(uow.session)


def validate_bundle(bundle: ProjectBundle, catalogue: Catalogue, checklist: ChecklistCatalogue,
                    source: str) -> None:
    """Check every reference before anything is written, naming the first bad entry."""
    vendors = {v.name for v in bundle.vendors}
    evaluators = {e.name for e in bundle.evaluators}
    _no_duplicates([v.name for v in bundle.vendors], source, "vendors", "name")
    expected_kind = {"scores": CriterionKind.SCORED, "measured": CriterionKind.MEASURED}
    for section, kind in expected_kind.items():
        for index, item in enumerate(getattr(bundle, section), start=1):
            criterion = catalogue.by_id.get(item.criterion_id)
            if criterion is None:
                raise InputError(f"unknown criterion id '{item.criterion_id}'", file=source,
                                 row=index, column=f"{section}.criterion_id")
            if criterion.kind is not kind:
                raise InputError(f"'{item.criterion_id}' is a {criterion.kind.value} criterion, "
                                 f"not {kind.value}", file=source, row=index,
                                 column=f"{section}.criterion_id")
    for index, assessment in enumerate(bundle.assessments, start=1):
        if assessment.item_id not in checklist.by_id:
            raise InputError(f"unknown checklist item id '{assessment.item_id}'", file=source,
                             row=index, column="assessments.item_id")
    for section in ("scores", "measured", "prices", "assessments", "risks"):
        for index, item in enumerate(getattr(bundle, section), start=1):
            if item.vendor not in vendors:
                raise InputError(f"vendor '{item.vendor}' is not among the project's vendors",
                                 file=source, row=index, column=f"{section}.vendor")
    for index, score in enumerate(bundle.scores, start=1):
        if score.evaluator not in evaluators:
            raise InputError(f"evaluator '{score.evaluator}' is not listed under evaluators",
                             file=source, row=index, column="scores.evaluator")
    _no_duplicates([(s.vendor, s.criterion_id, s.evaluator) for s in bundle.scores], source,
                   "scores", "vendor, criterion_id, evaluator")
    _no_duplicates([(m.vendor, m.criterion_id) for m in bundle.measured], source, "measured",
                   "vendor, criterion_id")
    _no_duplicates([p.vendor for p in bundle.prices], source, "prices", "vendor")
    currencies = [p.currency for p in bundle.prices]
    for index, price in enumerate(bundle.prices, start=1):
        if price.currency != currencies[0]:  # costs compare only in one currency
            raise InputError(f"{price.vendor}'s quote is in {price.currency}, the first quote "
                             f"({bundle.prices[0].vendor}) in {currencies[0]}: a project "
                             f"compares costs in one currency, so convert the amounts",
                             file=source, row=index, column="prices.currency")
    _no_duplicates([(a.vendor, a.item_id) for a in bundle.assessments], source,
                   "assessments", "vendor, item_id")
    _validate_team_sections(bundle, catalogue, source)
    _validate_rfp_sections(bundle, source)


def _validate_team_sections(bundle: ProjectBundle, catalogue: Catalogue, source: str) -> None:
    """Assignments, declarations, submissions and consensus must name known people and cells."""
    evaluators = {e.name for e in bundle.evaluators}
    _no_duplicates([e.name for e in bundle.evaluators], source, "evaluators", "name")
    _no_duplicates([e.email for e in bundle.evaluators if e.email], source, "evaluators", "email")
    for index, name in enumerate(bundle.assignments, start=1):
        if name not in evaluators:
            raise InputError(f"'{name}' is not listed under evaluators", file=source, row=index,
                             column="assignments")
    _no_duplicates(list(bundle.assignments), source, "assignments", "name")
    assigned = set(bundle.assignments)
    for section in ("conflicts", "submissions"):
        entries = getattr(bundle, section)
        for index, entry in enumerate(entries, start=1):
            if entry.evaluator not in assigned:
                raise InputError(f"'{entry.evaluator}' is not among the assignments", file=source,
                                 row=index, column=f"{section}.evaluator")
        _no_duplicates([e.evaluator for e in entries], source, section, "evaluator")
    declared = {c.evaluator for c in bundle.conflicts}
    for index, submission in enumerate(bundle.submissions, start=1):
        if submission.evaluator not in declared:
            raise InputError(f"{submission.evaluator} submitted without a conflict-of-interest "
                             f"declaration", file=source, row=index, column="conflicts")
        mine = [s for s in bundle.scores if s.evaluator == submission.evaluator]
        if not mine:
            raise InputError(f"{submission.evaluator} submitted no scores", file=source,
                             row=index, column="submissions.evaluator")
        if submission.scores_hash and submission.scores_hash != scores_fingerprint(mine):
            raise InputError(f"{submission.evaluator}'s scores differ from the ones they "
                             f"submitted (scores_hash does not match)", file=source, row=index,
                             column="submissions.scores_hash")
    vendors = {v.name for v in bundle.vendors}
    for index, agreed in enumerate(bundle.consensus, start=1):
        if agreed.vendor not in vendors:
            raise InputError(f"vendor '{agreed.vendor}' is not among the project's vendors",
                             file=source, row=index, column="consensus.vendor")
        criterion = catalogue.by_id.get(agreed.criterion_id)
        if criterion is None or criterion.kind is not CriterionKind.SCORED:
            raise InputError(f"'{agreed.criterion_id}' is not a scored criterion", file=source,
                             row=index, column="consensus.criterion_id")
    _no_duplicates([(c.vendor, c.criterion_id) for c in bundle.consensus], source, "consensus",
                   "vendor, criterion_id")
    if bundle.freeze is not None and bundle.freeze.profile_id != bundle.project.profile_id:
        raise InputError(f"the weights are frozen on '{bundle.freeze.profile_id}' but the project "
                         f"uses '{bundle.project.profile_id}'", file=source,
                         column="freeze.profile_id")


def _validate_rfp_sections(bundle: ProjectBundle, source: str) -> None:
    """Issues name project vendors and unique tokens; each answer names a project vendor, an
    issue of the file, and a row that issue asked, under the rule the response import applies
    (an RFP issued to one vendor holds only that vendor's answers)."""
    vendors = {v.name for v in bundle.vendors}
    _no_duplicates([i.token for i in bundle.rfp_issues], source, "rfp_issues", "token")
    for index, issue in enumerate(bundle.rfp_issues, start=1):
        if issue.vendor is not None and issue.vendor not in vendors:
            raise InputError(f"RFP {issue.token} was issued to '{issue.vendor}', who is not "
                             f"among the project's vendors", file=source, row=index,
                             column="rfp_issues.vendor")
    issues = {i.token: i for i in bundle.rfp_issues}
    sealed_questions = {q.id for q in get_question_bank().questions if q.sealed}
    for index, answer in enumerate(bundle.rfp_answers, start=1):
        if answer.vendor not in vendors:
            raise InputError(f"vendor '{answer.vendor}' is not among the project's vendors",
                             file=source, row=index, column="rfp_answers.vendor")
        issue = issues.get(answer.issue_token)
        if issue is None:
            raise InputError(f"RFP reference '{answer.issue_token}' is not listed under "
                             f"rfp_issues", file=source, row=index,
                             column="rfp_answers.issue_token")
        if issue.vendor is not None and issue.vendor != answer.vendor:
            raise InputError(f"RFP {issue.token} was issued to {issue.vendor}, so it cannot "
                             f"hold answers from {answer.vendor}", file=source, row=index,
                             column="rfp_answers.vendor")
        if answer.question_id not in issue.answerable_ids:
            raise InputError(f"question '{answer.question_id}' was not asked in RFP "
                             f"{issue.token}", file=source, row=index,
                             column="rfp_answers.question_id")
        commercial = (answer.question_id in sealed_questions
                      or answer.question_id not in issue.question_ids)  # a pricing-sheet row
        if commercial and not answer.sealed:
            raise InputError(f"'{answer.question_id}' is a commercial answer: it stays sealed "
                             "from evaluators until they submit, so 'sealed' must be true",
                             file=source, row=index, column="rfp_answers.sealed")
    _no_duplicates([(a.vendor, a.question_id) for a in bundle.rfp_answers], source,
                   "rfp_answers", "vendor, question_id")


def _no_duplicates(keys: list[object], source: str, section: str, column: str) -> None:
    counts = Counter(keys)
    for index, key in enumerate(keys, start=1):
        if counts[key] > 1:
            raise InputError(f"duplicate entry {key!r}", file=source, row=index,
                             column=f"{section}.{column}")


def import_project_bundle(uow: UnitOfWork, actor: Actor, bundle: ProjectBundle,
                          source: str = "project bundle") -> Project:
    """Create a project with all its evidence in one transaction: all of it, or none of it."""
    require(actor, Action.EDIT_PROJECT)
    validate_bundle(bundle, get_catalogue(), get_checklist(), source)
    try:
        _store_bundle(uow, actor, bundle, source)
    except IntegrityError:
        # Checked above, so only a concurrent writer gets here: the same key, a new vendor's
        # name or an RFP reference stored by another import at the same moment.
        raise StaleWriteError(
            f"another change stored the same project key, vendor or RFP reference while "
            f"{source} was being imported; nothing was imported, try again") from None
    return bundle.project


def _store_bundle(uow: UnitOfWork, actor: Actor, bundle: ProjectBundle, source: str) -> None:
    """Write a validated bundle in one transaction (and its audit event)."""
    with uow:
        session = uow.session
        if session.exec(select(ProjectRow).where(ProjectRow.key == bundle.project.key)).first():
            raise InputError(f"a project '{bundle.project.key}' already exists", file=source,
                             column="project.key")
        repository.load_profile(session, bundle.project.profile_id, get_catalogue())
        project = repository.project_from_domain(bundle.project)
        session.add(project)
        session.flush()
        vendor_ids: dict[str, int] = {}
        for vendor in bundle.vendors:
            row = repository.vendor_named(session, vendor.name)
            if row is None:
                new = VendorRow(**vendor.model_dump(mode="json"))
                session.add(new)
                session.flush()
                vendor_ids[vendor.name] = new.id
            else:
                vendor_ids[vendor.name] = row.id
            session.add(ProjectVendorRow(project_id=project.id, vendor_id=vendor_ids[vendor.name]))
        people = {e.name: _person_for(session, e, source).id for e in bundle.evaluators}
        for s in bundle.scores:
            session.add(ScoreRow(project_id=project.id, vendor_id=vendor_ids[s.vendor],
                                 evaluator_id=people[s.evaluator], criterion_id=s.criterion_id,
                                 score=s.score, comment=s.comment, updated_by=s.evaluator))
        for m in bundle.measured:
            session.add(MeasuredValueRow(project_id=project.id, vendor_id=vendor_ids[m.vendor],
                                         **m.model_dump(exclude={"vendor"})))
        for p in bundle.prices:
            session.add(PriceQuoteRow(project_id=project.id, vendor_id=vendor_ids[p.vendor],
                                      **p.model_dump(mode="json", exclude={"vendor"})))
        for a in bundle.assessments:
            session.add(ChecklistAssessmentRow(project_id=project.id, vendor_id=vendor_ids[a.vendor],
                                               **a.model_dump(exclude={"vendor"})))
        for r in bundle.risks:
            session.add(RiskItemRow(project_id=project.id, vendor_id=vendor_ids[r.vendor],
                                    **r.model_dump(mode="json", exclude={"vendor"})))
        _write_team_sections(session, actor, bundle, project, people, vendor_ids, source)
        _write_rfp_sections(session, bundle, project, vendor_ids, source)
        record_event(session, actor, AuditAction.PROJECT_IMPORT, f"project:{bundle.project.key}", {
            "source": source, "vendors": len(bundle.vendors), "scores": len(bundle.scores),
            "measured": len(bundle.measured), "prices": len(bundle.prices),
            "assessments": len(bundle.assessments), "risks": len(bundle.risks),
            "assignments": len(bundle.assignments), "conflicts": len(bundle.conflicts),
            "submissions": len(bundle.submissions), "consensus": len(bundle.consensus),
            "frozen": None if bundle.freeze is None
            else f"{bundle.freeze.profile_id} v{bundle.freeze.version}",
            "rfp_issues": [i.token for i in bundle.rfp_issues],
            "rfp_answers": len(bundle.rfp_answers),
        })
        uow.commit()


def _person_for(session: Session, person: Actor, source: str) -> PersonRow:
    """The bundle's person in this database: found by name (their stored role is kept), or added."""
    row = repository.person_row(session, person.name)
    if row is not None:
        return row
    if person.email and repository.person_by_email(session, person.email) is not None:
        holder = repository.person_by_email(session, person.email)
        raise InputError(f"{person.email} already belongs to {holder.name}, not {person.name}",
                         file=source, column="evaluators.email")
    return repository.ensure_person(session, person)


def _write_team_sections(session: Session, actor: Actor, bundle: ProjectBundle,
                         project: ProjectRow, people: dict[str, int],
                         vendor_ids: dict[str, int], source: str) -> None:
    """Assignments, declarations, submissions, consensus, frozen weights and their history."""
    now = utcnow()
    for name in bundle.assignments:
        session.add(ProjectAssignmentRow(project_id=project.id, person_id=people[name],
                                         assigned_by=actor.name))
    for c in bundle.conflicts:
        session.add(ConflictDeclarationRow(
            project_id=project.id, person_id=people[c.evaluator], has_conflict=c.has_conflict,
            details=c.details, declared_at=c.declared_at or now,
            declared_by=c.declared_by or c.evaluator, updated_by=c.declared_by or c.evaluator))
    for sub in bundle.submissions:
        mine = [s for s in bundle.scores if s.evaluator == sub.evaluator]
        session.add(SubmissionRow(project_id=project.id, person_id=people[sub.evaluator],
                                  submitted_at=sub.submitted_at or now,
                                  submitted_by=sub.evaluator,
                                  scores_hash=scores_fingerprint(mine)))
    for agreed in bundle.consensus:
        session.add(ConsensusScoreRow(
            project_id=project.id, vendor_id=vendor_ids[agreed.vendor],
            criterion_id=agreed.criterion_id, score=agreed.score, rationale=agreed.rationale,
            updated_at=agreed.set_at or now, updated_by=agreed.set_by or actor.name))
    if bundle.freeze is not None:
        freeze = bundle.freeze
        stored = next((r for r in repository.profile_versions(session, freeze.profile_id)
                       if r.version == freeze.version), None)
        if stored is None:
            raise InputError(f"profile '{freeze.profile_id}' has no version {freeze.version} in "
                             f"this database; import that profile version first", file=source,
                             column="freeze.version")
        if freeze.content_hash and freeze.content_hash != stored.content_hash:
            raise InputError(f"profile '{freeze.profile_id}' v{freeze.version} here has other "
                             f"weights than the ones frozen (content hash differs)", file=source,
                             column="freeze.content_hash")
        project.frozen_version, project.frozen_hash = stored.version, stored.content_hash
        project.frozen_at, project.frozen_by = freeze.frozen_at or now, freeze.frozen_by or actor.name
    if bundle.unlock is not None:
        project.unlocked_at = bundle.unlock.unlocked_at or now
        project.unlocked_by = bundle.unlock.unlocked_by or actor.name
        project.unlock_reason = bundle.unlock.reason
    for change in bundle.profile_changes:
        session.add(ProfileChangeRow(project_id=project.id, **change.model_dump(
            exclude={"at", "by"}), at=change.at or now, by=change.by or actor.name))
    session.add(project)


def _write_rfp_sections(session: Session, bundle: ProjectBundle, project: ProjectRow,
                        vendor_ids: dict[str, int], source: str) -> None:
    """The RFPs issued and the answers that came back, tokens unchanged: a workbook still out
    with a vendor names its RFP by token, so it can be imported into the project here.

    A token names one issue in the whole database (it is all a returned workbook carries), so
    a token already issued here, e.g. by the project this file was copied from, is refused.
    """
    tokens = [issue.token for issue in bundle.rfp_issues]
    taken = dict(session.exec(
        select(RfpIssueRow.token, ProjectRow.key)
        .join(ProjectRow, ProjectRow.id == RfpIssueRow.project_id)
        .where(RfpIssueRow.token.in_(tokens))).all()) if tokens else {}
    for index, token in enumerate(tokens, start=1):
        if token in taken:
            raise InputError(
                f"RFP reference {token} is already issued in this database, by project "
                f"'{taken[token]}'; a reference names one RFP, so the vendors' workbooks can be "
                f"read back. Import into another database, or remove rfp_issues and rfp_answers "
                f"from the file to import the project without its RFP history", file=source,
                row=index, column="rfp_issues.token")
    issue_rows: dict[str, RfpIssueRow] = {}
    for issue in bundle.rfp_issues:
        row = RfpIssueRow(
            project_id=project.id, token=issue.token,
            vendor_id=vendor_ids[issue.vendor] if issue.vendor is not None else None,
            bank_version=issue.bank_version, checksum=issue.checksum,
            question_ids=list(issue.question_ids),
            pricing_models=[m.value for m in issue.pricing_models],
            sections=[s.value for s in issue.sections], unit=issue.unit,
            issued_at=issue.issued_at, issued_by=issue.issued_by)
        session.add(row)
        issue_rows[issue.token] = row
    session.flush()
    # Added in file order, so row ids keep each vendor's answers in workbook order.
    for answer in bundle.rfp_answers:
        session.add(RfpAnswerRow(
            project_id=project.id, vendor_id=vendor_ids[answer.vendor],
            issue_id=issue_rows[answer.issue_token].id, criteria=list(answer.criteria),
            answer_type=answer.answer_type.value,
            **answer.model_dump(exclude={"vendor", "issue_token", "criteria", "answer_type"})))
