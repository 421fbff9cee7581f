"""Reading what a shortlist report shows from a project: its evidence, team record, audit trail
and newest pilot run, in one pass, into `documents.shortlist.evidence.ReportEvidence`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import col, or_, select

from vendor_eval.documents.shortlist.evidence import (
    AuditSummary,
    ReportEvidence,
    TeamEvidence,
    evidence_from_inputs,
    robustness_of,
)
from vendor_eval.documents.shortlist.pilot import PilotRunInfo
from vendor_eval.domain.people import Actor
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.services.decision.ranking import load_evaluation, require_open_ranking
from vendor_eval.services.kernel.audit import verify_audit_chain
from vendor_eval.services.scoring.frozen_weights import list_profile_changes
from vendor_eval.services.scoring.team import list_conflicts, scoring_status
from vendor_eval.store import repository
from vendor_eval.store.tables import AuditEventRow
from vendor_eval.store.unit_of_work import UnitOfWork

# Exporting a report reads the evidence without changing it; counting exports would make each
# export change the next one.
AUDIT_ACTIONS_LEFT_OUT = ("report.",)

Progress = Callable[[str], None]


def gather_report_evidence(uow: UnitOfWork, actor: Actor, project_key: str,
                           progress: Progress | None = None) -> ReportEvidence:
    """Load the project once and compute what the report needs; `progress` hears each step."""
    step = progress or (lambda _: None)
    step("ranking")
    inputs = load_evaluation(uow, actor, project_key)
    require_open_ranking(inputs)  # a report on part of the scores, or without prices, misleads
    result = evaluate(inputs)
    step("robustness")
    robustness = robustness_of(inputs, result)
    with uow:
        roles = {person.name: person.role.value
                 for person in repository.list_people(uow.session)}
        audit = _audit_summary(uow, project_key, inputs.profile.id)
        run = newest_pilot_run(uow, project_key)
    chain = verify_audit_chain(uow)
    audit = audit.model_copy(update={"chain_intact": chain.intact,
                                     "chain_message": "" if chain.intact else chain.describe()})
    analysis = None
    if run is not None:
        from vendor_eval.services.evidence.pilot import load_pilot_run

        analysis = load_pilot_run(uow, actor, project_key, run.id)
    return evidence_from_inputs(inputs, result, author=actor.name, roles=roles, audit=audit,
                                pilot_run=run, pilot_analysis=analysis, robustness=robustness,
                                team=team_evidence(uow, actor, project_key))


def team_evidence(uow: UnitOfWork, actor: Actor, project_key: str) -> TeamEvidence:
    """Assignments, submissions, conflict declarations, the weights freeze and later changes of
    weights, read through the team workspace's services."""
    status = scoring_status(uow, actor, project_key)
    declared = {d.evaluator: d for d in list_conflicts(uow, actor, project_key)}
    changes = list_profile_changes(uow, actor, project_key)
    people = [e.evaluator for e in status.evaluators]
    conflicts = {}
    for name in sorted({*people, *declared}):
        declaration = declared.get(name)
        if declaration is None:
            conflicts[name] = "not declared"
        elif declaration.has_conflict:
            conflicts[name] = f"declared: {declaration.details.strip()}"
        else:
            conflicts[name] = "none declared"
    freeze = status.freeze
    return TeamEvidence(
        assigned=tuple(people),
        submitted=tuple(e.evaluator for e in status.evaluators if e.submitted),
        conflicts=conflicts,
        freeze=None if freeze is None else (
            f"{freeze.profile_id} v{freeze.version}"
            + (f", frozen {_day(freeze.frozen_at)}" if freeze.frozen_at else "")
            + (f" by {freeze.frozen_by}" if freeze.frozen_by else "")),
        unlock=None if status.unlock is None else (
            f"{status.unlock.reason} ({status.unlock.unlocked_by or 'unknown'}"
            + (f", {_day(status.unlock.unlocked_at)}" if status.unlock.unlocked_at else "")
            + ")"),
        profile_changes=tuple(
            f"{_day(c.at) if c.at else 'undated'}: {c.before_profile_id}"
            + (f" v{c.before_version}" if c.before_version else "")
            + f" \u2192 {c.after_profile_id} v{c.after_version}"
            + (f" by {c.by}" if c.by else "") + f"; reason: {c.reason}"
            for c in changes),
    )


def newest_pilot_run(uow: UnitOfWork, project_key: str) -> PilotRunInfo | None:
    """The project's most recently applied pilot run (call inside `with uow:`), or None."""
    project = repository.project_row(uow.session, project_key)
    row = next(iter(repository.pilot_runs(uow.session, project.id, limit=1)), None)
    if row is None:
        return None
    return PilotRunInfo(id=row.id, created_at=row.created_at.isoformat(), task=row.task,
                        fingerprint=row.fingerprint)


def _audit_summary(uow: UnitOfWork, project_key: str, profile_id: str) -> AuditSummary:
    project_entity = f"project:{project_key}"
    profile_entities = f"profile:{profile_id}:v%"
    rows = uow.session.exec(
        select(AuditEventRow.action, AuditEventRow.at, AuditEventRow.entity)
        .where(or_(AuditEventRow.entity == project_entity,
                   col(AuditEventRow.entity).like(profile_entities)))
        .order_by(AuditEventRow.id)
    ).all()
    kept = [row for row in rows if not row[0].startswith(AUDIT_ACTIONS_LEFT_OUT)]
    counts: dict[str, int] = {}
    for action, _, _ in kept:
        counts[action] = counts.get(action, 0) + 1
    return AuditSummary(
        counts=dict(sorted(counts.items())),
        first_at=kept[0][1].isoformat() if kept else None,
        last_at=kept[-1][1].isoformat() if kept else None,
        entities=tuple(sorted({entity for _, _, entity in kept})),
    )


def _day(moment: datetime) -> str:
    return moment.date().isoformat()
