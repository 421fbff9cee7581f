"""Reconciling evaluators: spread and agreement per cell, consensus scores with a rationale,
and each evaluator's calibration (after blind scoring has opened)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pydantic import ValidationError

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.enums import CriterionKind
from vendor_eval.domain.people import Actor
from vendor_eval.domain.team import ConsensusScore
from vendor_eval.engine.consensus import ConsensusReport, consensus_report
from vendor_eval.errors import InputError, PermissionDeniedError
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.catalogue import get_catalogue
from vendor_eval.services.kernel.permissions import Action, allows, require
from vendor_eval.services.kernel.versions import commit_or_stale, next_version, require_row_current
from vendor_eval.services.kernel.visibility import project_visibility
from vendor_eval.store import repository
from vendor_eval.store.tables import ConsensusScoreRow
from vendor_eval.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ProjectConsensus:
    """The consensus view of one project: the engine's report plus what editing needs.

    `versions` holds each consensus score's version (the base of the next edit);
    `calibration_visible` is False for roles that may not see evaluators' calibration, whose
    report then has an empty calibration table.
    """

    project: str
    report: ConsensusReport
    scores: pd.DataFrame  # vendor, criterion_id, evaluator, score: the long table behind it
    consensus: tuple[ConsensusScore, ...]
    versions: dict[tuple[str, str], int]
    criterion_names: dict[str, str]
    calibration_visible: bool


def project_consensus(uow: UnitOfWork, actor: Actor, project_key: str) -> ProjectConsensus:
    """Spread, Krippendorff's alpha and (for analysts) calibration, once scores are open."""
    inputs = load_evaluation(uow, actor, project_key)
    if inputs.scores_blind:
        notes = " ".join(inputs.visibility.notes) if inputs.visibility else ""
        raise PermissionDeniedError(f"the consensus of '{project_key}' is not open to you yet. "
                                    f"{notes}".strip())
    scores = pd.DataFrame([s.model_dump() for s in inputs.scores],
                          columns=["vendor", "criterion_id", "evaluator", "score", "comment"])
    consensus = pd.DataFrame([c.model_dump() for c in inputs.consensus],
                             columns=["vendor", "criterion_id", "score"])
    report = consensus_report(scores, consensus)
    calibration_visible = allows(actor, Action.SEE_CALIBRATION)
    if not calibration_visible:
        report = ConsensusReport(cells=report.cells, alpha=report.alpha,
                                 alpha_by_criterion=report.alpha_by_criterion,
                                 calibration=report.calibration.iloc[0:0],
                                 threshold=report.threshold)
    with uow:
        project = repository.project_row(uow.session, project_key)
        names = uow.vendors(project).names
        versions = {(names[vendor_id], criterion_id): row.version for (vendor_id, criterion_id), row
                    in repository.consensus_rows(uow.session, project.id).items()}
    return ProjectConsensus(
        project=project_key, report=report, scores=scores[["vendor", "criterion_id",
                                                            "evaluator", "score"]],
        consensus=inputs.consensus, versions=versions,
        criterion_names={c.id: c.name for c in inputs.catalogue.criteria},
        calibration_visible=calibration_visible,
    )


def set_consensus_score(uow: UnitOfWork, actor: Actor, project_key: str, vendor: str,
                        criterion_id: str, score: float, rationale: str,
                        base_version: int | None = None) -> ConsensusScore:
    """Record the score the team agreed on for one cell, and why; the ranking then uses it.

    `base_version`: the version the analyst loaded (0 = there was none); a consensus changed
    by someone else since is refused, naming them, instead of being overwritten.
    """
    require(actor, Action.SET_CONSENSUS)
    try:
        agreed = ConsensusScore(vendor=vendor, criterion_id=criterion_id, score=score,
                                rationale=(rationale or "").strip(), set_by=actor.name)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else None
        message = ("a consensus score needs a rationale" if field == "rationale"
                   else first["msg"].removeprefix("Value error, "))
        raise InputError(message, column=field) from None
    criterion = get_catalogue().by_id.get(criterion_id)
    if criterion is None or criterion.kind is not CriterionKind.SCORED:
        raise InputError(f"'{criterion_id}' is not a scored criterion", column="criterion_id")
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        _check_open(session, actor, project)
        vendor_id = uow.vendors(project).id_of(vendor)
        row = repository.consensus_rows(session, project.id, for_update=True).get(
            (vendor_id, criterion_id))
        _check_not_stale(row, base_version, f"{vendor} / {criterion_id}")
        before = None if row is None else {"score": row.score, "rationale": row.rationale}
        if row is None:
            row = ConsensusScoreRow(project_id=project.id, vendor_id=vendor_id,
                                    criterion_id=criterion_id, score=agreed.score,
                                    rationale=agreed.rationale, updated_by=actor.name)
        else:
            row.score, row.rationale = agreed.score, agreed.rationale
            next_version(row, actor.name)
        session.add(row)
        record_event(session, actor, AuditAction.CONSENSUS_SET, f"project:{project_key}", {
            "vendor": vendor, "criterion": criterion_id, "before": before,
            "after": {"score": agreed.score, "rationale": agreed.rationale}})
        commit_or_stale(uow, f"the consensus on {vendor} / {criterion_id}")
        return agreed.model_copy(update={"set_at": row.updated_at})


def clear_consensus_score(uow: UnitOfWork, actor: Actor, project_key: str, vendor: str,
                          criterion_id: str, reason: str, base_version: int | None = None) -> None:
    """Withdraw a consensus score (with a reason): the cell goes back to the evaluators' mean."""
    require(actor, Action.SET_CONSENSUS)
    reason = (reason or "").strip()
    if not reason:
        raise InputError("give a reason for withdrawing the consensus score", column="reason")
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        _check_open(session, actor, project)
        row = repository.consensus_rows(session, project.id, for_update=True).get(
            (uow.vendors(project).ids.get(vendor, -1), criterion_id))
        if row is None:
            raise InputError(f"{vendor} / {criterion_id} has no consensus score",
                             column="criterion_id")
        _check_not_stale(row, base_version, f"{vendor} / {criterion_id}")
        session.delete(row)
        record_event(session, actor, AuditAction.CONSENSUS_CLEAR, f"project:{project_key}", {
            "vendor": vendor, "criterion": criterion_id, "reason": reason,
            "before": {"score": row.score, "rationale": row.rationale}})
        uow.commit()


def _check_open(session, actor: Actor, project) -> None:
    if not project_visibility(session, actor, project).all_scores:
        raise PermissionDeniedError(
            f"consensus for '{project.key}' opens when every assigned evaluator has submitted, "
            f"or after an analyst unlocks the scores")


def _check_not_stale(row: ConsensusScoreRow | None, base_version: int | None, cell: str) -> None:
    require_row_current(f"the consensus on {cell}", row, base_version,
                        now="" if row is None else f"agreed score {row.score:g}")
