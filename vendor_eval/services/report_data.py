"""What a shortlist report reads besides the ranking: robustness, pilot evidence, people, audit.

Everything is gathered once, from one load of the project's evidence, into `ReportEvidence`;
the context builder and the templates then work on plain values and never touch the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd
from pydantic import BaseModel, ConfigDict
from sqlmodel import col, or_, select

from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.people import Actor
from vendor_eval.domain.team import SPREAD_TO_DISCUSS
from vendor_eval.engine.category_model import category_model
from vendor_eval.engine.consensus import cell_statistics, ordinal_alpha
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.result import RankResult
from vendor_eval.engine.smaa import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    WeightSampling,
    smaa,
)
from vendor_eval.services.audit import verify_audit_chain
from vendor_eval.services.ranking import load_evaluation, require_open_ranking
from vendor_eval.services.report_pilot import (
    PilotEvidence,
    PilotRunInfo,
    newest_pilot_run,
    pilot_evidence,
)
from vendor_eval.services.robustness import pilot_intervals
from vendor_eval.services.team import list_conflicts, scoring_status
from vendor_eval.services.weights import list_profile_changes
from vendor_eval.store import repository
from vendor_eval.store.tables import AuditEventRow
from vendor_eval.store.unit_of_work import UnitOfWork

if TYPE_CHECKING:  # scikit-learn and statsmodels' tests: loaded only for a stored pilot run
    from vendor_eval.pilot.analysis import PilotAnalysis

# The report's robustness statement uses `vendor-eval sensitivity`'s defaults: a fixed seed and
# sample count, so the same inputs always print the same percentages.
REPORT_SAMPLES = DEFAULT_SAMPLES
REPORT_SEED = DEFAULT_SEED
REPORT_CONCENTRATION = DEFAULT_CONCENTRATION
# Exporting a report reads the evidence without changing it; counting exports would make each
# export change the next one.
AUDIT_ACTIONS_LEFT_OUT = ("report.",)
EVIDENCE_GROUPS = ("vendors", "scores", "measured", "prices", "assessments", "risks",
                   "consensus")

Progress = Callable[[str], None]


class Robustness(BaseModel):
    """SMAA-2 rank acceptabilities of the vendors that pass the gates (Tervonen & Lahdelma 2007)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: str
    sampling: str
    concentration: float | None
    samples: int
    seed: int
    vendors: tuple[str, ...]
    rank_acceptability: dict[str, tuple[float, ...]]
    first_rank: dict[str, float]


class AuditSummary(BaseModel):
    """Events recorded on the project and its weighting profile, counted by action."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    counts: dict[str, int]
    first_at: str | None
    last_at: str | None
    entities: tuple[str, ...]
    chain_intact: bool | None = None  # the whole trail's hash chain, checked when gathered
    chain_message: str = ""


class EvaluatorInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    role: str | None
    scores: int
    vendors: int
    comments: int


class Agreement(BaseModel):
    """How far the evaluators agree (engine.consensus, the Consensus page's figures)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    alpha: float | None  # ordinal Krippendorff's alpha over all vendor x criterion cells
    cells: int
    cells_to_discuss: int  # spread at or above the discussion threshold
    threshold: float
    consensus_cells: int  # cells where the team set an agreed score with a rationale


class TeamEvidence(BaseModel):
    """The team workspace's record of how scoring went (services.team and services.weights)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    assigned: tuple[str, ...] = ()
    submitted: tuple[str, ...] = ()
    conflicts: dict[str, str] = {}  # evaluator -> "none declared" or the conflict described
    freeze: str | None = None  # "regulated_hitl_qa v1, frozen 2026-11-23 by ..."
    unlock: str | None = None  # why scores were opened before everyone submitted
    profile_changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportEvidence:
    """Everything one shortlist report shows, read at one moment."""

    inputs: EvaluationInputs
    result: RankResult
    robustness: Robustness | None
    pilot: PilotEvidence
    evaluators: tuple[EvaluatorInfo, ...]
    fingerprint: str
    author: str = ""
    audit: AuditSummary | None = None
    agreement: Agreement | None = None
    team: TeamEvidence | None = None


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
        from vendor_eval.services.pilot import load_pilot_run

        analysis = load_pilot_run(uow, actor, project_key, run.id)
    return evidence_from_inputs(inputs, result, author=actor.name, roles=roles, audit=audit,
                                pilot_run=run, pilot_analysis=analysis, robustness=robustness,
                                team=team_evidence(uow, actor, project_key))


def evidence_from_inputs(inputs: EvaluationInputs, result: RankResult | None = None, *,
                         author: str = "", roles: dict[str, str] | None = None,
                         audit: AuditSummary | None = None,
                         pilot_run: PilotRunInfo | None = None,
                         pilot_analysis: PilotAnalysis | None = None,
                         robustness: Robustness | None = None,
                         team: TeamEvidence | None = None) -> ReportEvidence:
    """The report's evidence from inputs in memory (no database): what tests and previews use."""
    result = result if result is not None else evaluate(inputs)
    if robustness is None:
        robustness = robustness_of(inputs, result)
    pilot = pilot_evidence(inputs, list(result.table["vendor"]), pilot_analysis, pilot_run)
    return ReportEvidence(
        inputs=inputs, result=result, robustness=robustness, pilot=pilot,
        evaluators=evaluator_summary(inputs, roles or {}),
        fingerprint=input_fingerprint(inputs, pilot_run.fingerprint if pilot_run else None),
        author=author, audit=audit, agreement=evaluator_agreement(inputs), team=team,
    )


def robustness_of(inputs: EvaluationInputs, result: RankResult,
                  samples: int = REPORT_SAMPLES, seed: int = REPORT_SEED) -> Robustness | None:
    """SMAA-2 over the category weights and noisy scores of the qualified vendors, exactly as
    `project_sensitivity` computes it with the same samples and seed; None if none qualifies."""
    model = category_model(inputs, result, pilot_intervals(inputs))
    competing = model.only(model.qualified)
    if not competing.vendors:
        return None
    sampled = smaa(
        list(competing.vendors), list(competing.categories), competing.utilities,
        competing.weights, spreads=competing.spreads, present=competing.present,
        multiplier=competing.multiplier, samples=samples, seed=seed,
        concentration=REPORT_CONCENTRATION, sampling=WeightSampling.DIRICHLET,
    )
    vendors = tuple(sampled.alternatives)
    return Robustness(
        method=sampled.method, sampling=sampled.sampling.value,
        concentration=sampled.concentration, samples=sampled.samples, seed=sampled.seed,
        vendors=vendors,
        rank_acceptability={v: tuple(round(float(b), 6) for b in row)
                            for v, row in zip(vendors, sampled.rank_acceptability, strict=True)},
        first_rank={v: round(float(b), 6)
                    for v, b in zip(vendors, sampled.first_rank_acceptability, strict=True)},
    )


def evaluator_agreement(inputs: EvaluationInputs) -> Agreement | None:
    """Krippendorff's alpha (ordinal) and the cells to discuss, as the Consensus page has them."""
    if not inputs.scores:
        return None
    scores = pd.DataFrame([s.model_dump() for s in inputs.scores],
                          columns=["vendor", "criterion_id", "evaluator", "score", "comment"])
    consensus = pd.DataFrame([c.model_dump() for c in inputs.consensus],
                             columns=["vendor", "criterion_id", "score"])
    cells = cell_statistics(scores, consensus, SPREAD_TO_DISCUSS)
    return Agreement(alpha=ordinal_alpha(scores), cells=len(cells),
                     cells_to_discuss=int(cells["discuss"].sum()),
                     threshold=SPREAD_TO_DISCUSS, consensus_cells=len(inputs.consensus))


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


def input_fingerprint(inputs: EvaluationInputs, pilot_fingerprint: str | None = None) -> str:
    """SHA-256 of a canonical JSON of everything the report is computed from.

    All of `EvaluationInputs` (project and scope, criteria catalogue, profile, vendors, scores
    and comments, measured values, prices, checklist and assessments, risks, the as-of date)
    and the stored pilot run shown, if any. Keys are sorted and each list of evidence is sorted
    by content, so the same evidence stored in another order or another database gives the same
    fingerprint.
    """
    # `visibility` is the reader's view, not evidence (a report refuses partial views).
    body = inputs.model_dump(mode="json", exclude={"visibility"})
    body["project"]["scope"]["sensitivity"] = sorted(body["project"]["scope"]["sensitivity"])
    for group in EVIDENCE_GROUPS:
        body[group] = sorted(body[group], key=_canonical)
    return hashlib.sha256(_canonical({"evaluation": body, "pilot_run": pilot_fingerprint})
                          .encode("utf-8")).hexdigest()


def evaluator_summary(inputs: EvaluationInputs, roles: dict[str, str]) -> tuple[EvaluatorInfo, ...]:
    """Who scored: per evaluator, how many scores and comments, on how many vendors."""
    people: dict[str, list] = {}
    for score in inputs.scores:
        people.setdefault(score.evaluator, []).append(score)
    return tuple(
        EvaluatorInfo(name=name, role=roles.get(name), scores=len(scores),
                      vendors=len({s.vendor for s in scores}),
                      comments=sum(1 for s in scores if s.comment.strip()))
        for name, scores in sorted(people.items())
    )


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


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
