"""A project's scoring team: assignments, conflict declarations, submissions, unlocks, and who
may see what while scoring is blind."""

from __future__ import annotations

from pydantic import ValidationError
from sqlmodel import Session, select

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.enums import Role
from vendor_eval.domain.evidence import EvaluatorScore
from vendor_eval.domain.people import Actor
from vendor_eval.domain.team import (
    SCORING_ROLES,
    ConflictDeclaration,
    EvaluatorStatus,
    ScoringMode,
    ScoringStatus,
    Submission,
    scores_fingerprint,
    scoring_mode,
)
from vendor_eval.errors import InputError, NotFoundError, PermissionDeniedError
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.permissions import Action, allows, require
from vendor_eval.services.kernel.versions import next_version, require_row_current
from vendor_eval.services.kernel.visibility import project_visibility
from vendor_eval.services.workspace.people import new_person_row
from vendor_eval.store import repository
from vendor_eval.store.tables import (
    ConflictDeclarationRow,
    PersonRow,
    ProjectAssignmentRow,
    ProjectRow,
    SubmissionRow,
    utcnow,
)
from vendor_eval.store.unit_of_work import UnitOfWork

# --- reading --------------------------------------------------------------------------------

def scoring_status(uow: UnitOfWork, actor: Actor, project_key: str) -> ScoringStatus:
    """Frozen weights, each assigned evaluator's declaration, progress and submission, and what
    the actor may see: the Score and Team pages start from this."""
    require(actor, Action.READ)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        declarations = repository.declaration_rows(session, project.id)
        submissions = repository.submission_rows(session, project.id)
        counts = repository.score_counts(session, project.id)
        evaluators = []
        for person in repository.assigned_people(session, project.id):
            declaration = declarations.get(person.id)
            submission = submissions.get(person.id)
            evaluators.append(EvaluatorStatus(
                evaluator=person.name, role=Role(person.role),
                declaration=None if declaration is None
                else repository.declaration_to_domain(declaration, person.name),
                scored_cells=counts.get(person.id, 0),
                submission=None if submission is None
                else repository.submission_to_domain(submission, person.name),
            ))
        return ScoringStatus(
            project=project.key, project_version=project.version, profile_id=project.profile_id,
            freeze=repository.freeze_to_domain(project), evaluators=tuple(evaluators),
            unlock=repository.unlock_to_domain(project),
            visibility=project_visibility(session, actor, project),
        )


def list_conflicts(uow: UnitOfWork, actor: Actor, project_key: str) -> list[ConflictDeclaration]:
    """Every conflict-of-interest declaration on the project, for the report's methodology."""
    require(actor, Action.READ)
    with uow:
        project = repository.project_row(uow.session, project_key)
        names = {p.id: p.name for p in _people(uow.session)}
        rows = repository.declaration_rows(uow.session, project.id)
        return sorted((repository.declaration_to_domain(row, names[person_id])
                       for person_id, row in rows.items()), key=lambda d: d.evaluator)


# --- assignments ----------------------------------------------------------------------------

def assign_evaluators(uow: UnitOfWork, actor: Actor, project_key: str,
                      evaluators: list[str]) -> list[str]:
    """Assign people to score the project; returns those newly assigned (others were already)."""
    require(actor, Action.ASSIGN_EVALUATORS)
    if not evaluators:
        raise InputError("choose at least one person to assign", column="evaluators")
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        added = []
        for name in evaluators:
            person = _person(session, name)
            if Role(person.role) not in SCORING_ROLES:
                raise InputError(f"{name} is a {person.role}; only evaluators, analysts and "
                                 f"admins can score", column="evaluators")
            if repository.assignment_row(session, project.id, person.id) is None:
                session.add(ProjectAssignmentRow(project_id=project.id, person_id=person.id,
                                                 assigned_by=actor.name))
                added.append(name)
        if added:
            record_event(session, actor, AuditAction.PROJECT_ASSIGN, f"project:{project_key}",
                         {"assigned": added})
            uow.commit()
    return added


def unassign_evaluator(uow: UnitOfWork, actor: Actor, project_key: str, evaluator: str) -> None:
    """Take someone off the project; refused once they have scores, which must stay accounted for."""
    require(actor, Action.ASSIGN_EVALUATORS)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        person = _person(session, evaluator)
        row = repository.assignment_row(session, project.id, person.id)
        if row is None:
            raise InputError(f"{evaluator} is not assigned to '{project_key}'", column="evaluator")
        if repository.scores_by_key(session, project.id, person.id):
            raise InputError(f"{evaluator} has already scored this project; their scores stay "
                             f"part of it, so they stay assigned", column="evaluator")
        session.delete(row)
        declaration = repository.declaration_rows(session, project.id).get(person.id)
        if declaration is not None:
            session.delete(declaration)
        record_event(session, actor, AuditAction.PROJECT_UNASSIGN, f"project:{project_key}",
                     {"unassigned": evaluator})
        uow.commit()


def start_scoring_alone(uow: UnitOfWork, actor: Actor, project_key: str, has_conflict: bool,
                        details: str = "") -> ConflictDeclaration:
    """A person alone on a project starts scoring from the Score page: assigned to it and their
    conflict-of-interest declaration recorded, in one transaction (no Team page).

    Only while nobody else is assigned: a second evaluator is an analyst's decision on the Team
    page, and it turns on the team rules. In local mode the acting admin gets a person record.
    """
    require(actor, Action.SCORE)
    require(actor, Action.DECLARE_CONFLICT)
    if actor.role not in SCORING_ROLES:
        raise PermissionDeniedError(f"{actor.name} ({actor.role.value}) does not score")
    declaration = _declaration(actor, actor.name, has_conflict, details)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key, for_update=True)
        person = repository.person_row(session, actor.name)
        if person is None:  # local mode: the acting admin has no person record yet
            require(actor, Action.MANAGE_PEOPLE)
            person = new_person_row(session, actor, actor)
        assigned = repository.assigned_people(session, project.id)
        others = [p.name for p in assigned if p.id != person.id]
        if others:
            raise InputError(f"{', '.join(others)} already {'scores' if len(others) == 1 else 'score'}"
                             f" '{project_key}'; an analyst assigns further evaluators on the "
                             f"Team page, where the team rules start", column="evaluator")
        if not assigned:
            session.add(ProjectAssignmentRow(project_id=project.id, person_id=person.id,
                                             assigned_by=actor.name))
            record_event(session, actor, AuditAction.PROJECT_ASSIGN, f"project:{project_key}",
                         {"assigned": [actor.name], "alone": True})
        result = _record_declaration(session, actor, project, person, declaration, None)
        uow.commit()
    return result


# --- conflict of interest -------------------------------------------------------------------

def declare_conflict(uow: UnitOfWork, actor: Actor, project_key: str, evaluator: str,
                     has_conflict: bool, details: str = "",
                     base_version: int | None = None) -> ConflictDeclaration:
    """Record an evaluator's conflict-of-interest declaration (none, or its details).

    Required before their scores can be saved. Evaluators declare for themselves; an analyst
    or admin may record a declaration made on paper (the audit event says who entered it).
    """
    require(actor, Action.DECLARE_CONFLICT)
    _check_acting_for(actor, evaluator, "declare a conflict of interest for")
    declaration = _declaration(actor, evaluator, has_conflict, details)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        person = _assigned(session, project, evaluator)
        result = _record_declaration(session, actor, project, person, declaration, base_version)
        uow.commit()
    return result


def _declaration(actor: Actor, evaluator: str, has_conflict: bool,
                 details: str) -> ConflictDeclaration:
    try:
        return ConflictDeclaration(evaluator=evaluator, has_conflict=has_conflict,
                                   details=details.strip(), declared_by=actor.name)
    except ValidationError as exc:
        raise InputError(exc.errors()[0]["msg"].removeprefix("Value error, "),
                         column="details") from None


def _record_declaration(session: Session, actor: Actor, project: ProjectRow, person: PersonRow,
                        declaration: ConflictDeclaration,
                        base_version: int | None) -> ConflictDeclaration:
    """Write (or replace) one evaluator's declaration and its audit event; the caller commits."""
    row = repository.declaration_rows(session, project.id).get(person.id)
    now = utcnow()
    if row is None:
        before = None
        row = ConflictDeclarationRow(project_id=project.id, person_id=person.id,
                                     has_conflict=declaration.has_conflict,
                                     details=declaration.details, declared_at=now,
                                     declared_by=actor.name, updated_by=actor.name)
    else:
        require_row_current(f"{person.name}'s declaration", row, base_version)
        before = {"has_conflict": row.has_conflict, "details": row.details}
        row.has_conflict, row.details = declaration.has_conflict, declaration.details
        row.declared_at, row.declared_by = now, actor.name
        next_version(row, actor.name)
    session.add(row)
    record_event(session, actor, AuditAction.CONFLICT_DECLARE, f"project:{project.key}", {
        "evaluator": person.name, "before": before,
        "after": {"has_conflict": declaration.has_conflict, "details": declaration.details}})
    return repository.declaration_to_domain(row, person.name)


# --- submissions ----------------------------------------------------------------------------

def submit_scores(uow: UnitOfWork, actor: Actor, project_key: str, evaluator: str) -> Submission:
    """Hand in an evaluator's scores: they are locked from now on, and the evaluator may see
    prices; when the last assigned evaluator submits, everyone's scores open."""
    require(actor, Action.SUBMIT_SCORES)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        person = _assigned(session, project, evaluator)
        # Under the grid lock no save can slip in between the checks and the fingerprint.
        rows = repository.scores_by_key(session, project.id, person.id, for_update=True)
        check_may_write_scores_of(session, actor, project, evaluator)
        if not rows:
            raise InputError(f"{evaluator} has no scores to submit in '{project_key}'",
                             column="evaluator")
        names = uow.vendors(project).names
        fingerprint = scores_fingerprint(
            EvaluatorScore(vendor=names[vendor_id], criterion_id=criterion_id,
                           evaluator=evaluator, score=row.score, comment=row.comment)
            for (vendor_id, criterion_id), row in rows.items())
        row = SubmissionRow(project_id=project.id, person_id=person.id, submitted_by=actor.name,
                            scores_hash=fingerprint)
        session.add(row)
        record_event(session, actor, AuditAction.SCORES_SUBMIT, f"project:{project_key}",
                     {"evaluator": evaluator, "cells": len(rows), "scores_hash": fingerprint})
        result = repository.submission_to_domain(row, evaluator)
        uow.commit()
    return result


def reopen_submission(uow: UnitOfWork, actor: Actor, project_key: str, evaluator: str,
                      reason: str) -> None:
    """Unlock one evaluator's submitted scores so they can correct them (analysts; with a reason)."""
    require(actor, Action.REOPEN_SUBMISSION)
    reason = _reason(reason, "reopening a submission")
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        person = _person(session, evaluator)
        row = repository.submission_rows(session, project.id).get(person.id)
        if row is None:
            raise InputError(f"{evaluator} has not submitted scores in '{project_key}'",
                             column="evaluator")
        session.delete(row)
        record_event(session, actor, AuditAction.SCORES_REOPEN, f"project:{project_key}", {
            "evaluator": evaluator, "reason": reason, "submitted_at": row.submitted_at,
            "scores_hash": row.scores_hash})
        uow.commit()


def unlock_scores(uow: UnitOfWork, actor: Actor, project_key: str, reason: str) -> None:
    """Open every evaluator's scores to analysts before all have submitted (with a reason).

    Evaluators still scoring stay blind: an unlock never shows others' scores to them.
    """
    require(actor, Action.UNLOCK_SCORES)
    reason = _reason(reason, "unlocking blind scores")
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        if project.unlocked_at is not None:
            raise InputError(f"scores of '{project_key}' were already unlocked by "
                             f"{project.unlocked_by} on {project.unlocked_at:%Y-%m-%d}",
                             column="reason")
        assigned = repository.assigned_people(session, project.id)
        submitted = repository.submission_rows(session, project.id)
        waiting = [p.name for p in assigned if p.id not in submitted]
        if not waiting:
            raise InputError("every assigned evaluator has submitted; the scores are open "
                             "already", column="reason")
        if scoring_mode(len(assigned)) is ScoringMode.SOLO:
            raise InputError(f"only {assigned[0].name} scores '{project_key}', so the scores "
                             f"are not blind and need no unlock", column="reason")
        project.unlocked_at, project.unlocked_by = utcnow(), actor.name
        project.unlock_reason = reason
        next_version(project, actor.name)
        session.add(project)
        record_event(session, actor, AuditAction.SCORES_UNLOCK, f"project:{project_key}",
                     {"reason": reason, "not_yet_submitted": waiting})
        uow.commit()


# --- rules shared with scoring --------------------------------------------------------------

def check_may_write_scores_of(session: Session, actor: Actor, project: ProjectRow,
                              evaluator: str) -> None:
    """Who may change or submit an evaluator's scores, and when.

    The evaluator themself while scoring is open (weights frozen, conflict declared, not yet
    submitted); an analyst or admin on their behalf only where they may see those scores, so
    entering paper score sheets never bypasses blind scoring.
    """
    _check_acting_for(actor, evaluator, "enter scores of")
    if actor.name != evaluator and not project_visibility(session, actor, project).all_scores:
        raise PermissionDeniedError(
            f"{actor.name} may not enter scores for {evaluator} while scoring is blind; "
            f"unlock the scores with a reason first (Team page)")
    person = _assigned(session, project, evaluator)
    team = scoring_mode(len(repository.assigned_people(session, project.id)))
    if project.frozen_version is None and team is ScoringMode.TEAM:
        raise InputError(f"scoring of '{project.key}' has not opened: with more than one "
                         f"evaluator an analyst must freeze the weights first (Team page, or "
                         f"freeze_profile)")
    if person.id not in repository.declaration_rows(session, project.id):
        raise InputError(f"{evaluator} must declare any conflict of interest (or none) for "
                         f"'{project.key}' before scoring", column="conflict of interest")
    submission = repository.submission_rows(session, project.id).get(person.id)
    if submission is not None:
        raise InputError(f"{evaluator} submitted these scores on "
                         f"{submission.submitted_at:%Y-%m-%d %H:%M} UTC; they are locked unless "
                         f"an analyst reopens the submission")


def _check_acting_for(actor: Actor, evaluator: str, verb: str) -> None:
    if actor.name != evaluator and not allows(actor, Action.ACT_FOR_OTHERS):
        raise PermissionDeniedError(f"{actor.name} may not {verb} {evaluator}")


def _person(session: Session, name: str) -> PersonRow:
    person = repository.person_row(session, name)
    if person is None:
        raise NotFoundError(f"no person '{name}'; an admin adds people on the Team page")
    return person


def _assigned(session: Session, project: ProjectRow, name: str) -> PersonRow:
    person = _person(session, name)
    if repository.assignment_row(session, project.id, person.id) is None:
        raise InputError(f"{name} is not assigned to score '{project.key}'; an analyst assigns "
                         f"evaluators on the Team page", column="evaluator")
    return person


def _people(session: Session) -> list[PersonRow]:
    return list(session.exec(select(PersonRow)).all())


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InputError(f"give a reason for {what}; it is kept in the audit trail",
                         column="reason")
    return reason

