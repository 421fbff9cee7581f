"""What a shortlist report shows, as values: the evidence read at one moment, and the figures
derived from it without a database (robustness, agreement, who scored, the input fingerprint).

`services.report.evidence` reads it from a project; tests and previews build it from inputs in
memory with `evidence_from_inputs`. The context builder and templates work on these values only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from pydantic import BaseModel, ConfigDict

from vendor_eval.documents.shortlist.pilot import (
    PilotEvidence,
    PilotRunInfo,
    pilot_evidence,
)
from vendor_eval.domain.evaluation import EvaluationInputs
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
)
from vendor_eval.pilot.intervals import pilot_intervals

if TYPE_CHECKING:  # scikit-learn and statsmodels' tests: loaded only for a stored pilot run
    from vendor_eval.pilot.analysis import PilotAnalysis

# The report's robustness statement uses `vendor-eval sensitivity`'s defaults: a fixed seed and
# sample count, so the same inputs always print the same percentages.
REPORT_SAMPLES = DEFAULT_SAMPLES
REPORT_SEED = DEFAULT_SEED
REPORT_CONCENTRATION = DEFAULT_CONCENTRATION

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
    missing_share: dict[str, float] = {}  # of each vendor's weighted score, inputs it lacks


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
    """The team workspace's record of how scoring went (services.scoring: team and frozen weights)."""

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
        fingerprint=inputs.fingerprint(pilot_run.fingerprint if pilot_run else None),
        author=author, audit=audit, agreement=evaluator_agreement(inputs), team=team,
    )


def robustness_of(inputs: EvaluationInputs, result: RankResult,
                  samples: int = REPORT_SAMPLES, seed: int = REPORT_SEED) -> Robustness | None:
    """SMAA-2 over the category weights and noisy scores of the qualified vendors, exactly as
    `project_robustness` computes it with the same samples and seed; None if none qualifies."""
    model = category_model(inputs, result, pilot_intervals(inputs))
    competing = model.only(model.qualified)
    if not competing.vendors:
        return None
    sampled = competing.sample(samples=samples, seed=seed, concentration=REPORT_CONCENTRATION,
                               sampling=WeightSampling.DIRICHLET)
    vendors = tuple(sampled.alternatives)
    return Robustness(
        method=sampled.method, sampling=sampled.sampling.value,
        concentration=sampled.concentration, samples=sampled.samples, seed=sampled.seed,
        vendors=vendors,
        rank_acceptability={v: tuple(round(float(b), 6) for b in row)
                            for v, row in zip(vendors, sampled.rank_acceptability, strict=True)},
        first_rank={v: round(float(b), 6)
                    for v, b in zip(vendors, sampled.first_rank_acceptability, strict=True)},
        missing_share={v: round(float(m), 6)
                       for v, m in zip(competing.vendors, competing.missing_share, strict=True)},
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

