"""How much a project's ranking depends on its weights, its noisy scores and the method chosen."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, model_validator

from vendor_eval.domain.people import Actor
from vendor_eval.engine.category_model import CategoryModel, category_model
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.objective_weights import ObjectiveMethod, objective_weights
from vendor_eval.engine.result import RankResult
from vendor_eval.engine.sensitivity import (
    StabilityResult,
    WeightSweep,
    stability_intervals,
    weight_sweeps,
)
from vendor_eval.engine.smaa import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_TOP,
    MAX_SAMPLES,
    SmaaResult,
    WeightSampling,
)
from vendor_eval.errors import InputError, VendorEvalError
from vendor_eval.pilot.intervals import pilot_intervals
from vendor_eval.services.decision.ranking import (
    load_evaluation,
    require_open_ranking,
)
from vendor_eval.store.unit_of_work import UnitOfWork

SCORE_MODEL = (
    "category utilities ~ Normal(point estimate, spread): rubric means with the standard error "
    "of their evaluators' scores (a single score uses the project's pooled evaluator variance), "
    "pilot measurements with their 95% Wilson interval mapped through the profile's threshold, "
    "prices as quoted; risk adjustment and gates as in the ranking"
)


class StabilityInterval(BaseModel):
    model_config = ConfigDict(frozen=True)

    weight: float
    first_place: tuple[float, float]
    top_k: tuple[float, float]


class Stability(BaseModel):
    model_config = ConfigDict(frozen=True)

    top: int
    first_place: list[str]
    top_set: list[str]
    categories: dict[str, StabilityInterval]


class Sweep(BaseModel):
    model_config = ConfigDict(frozen=True)

    weights: list[float]
    ranks: dict[str, list[int]]
    scores: dict[str, list[float]]


class RobustnessReport(BaseModel):
    """`vendor-eval sensitivity --format json`: SMAA-2 indices, stability intervals and sweeps.

    Vendors that fail a gate cannot be chosen whatever the weights, so they are listed under
    `disqualified` and take no part in the ranks, acceptabilities or intervals.
    """

    model_config = ConfigDict(frozen=True)

    project: str
    profile_id: str
    profile_version: int
    method: str
    weight_sampling: WeightSampling
    concentration: float | None
    samples: int
    seed: int
    score_model: str
    categories: dict[str, str]
    profile_weights: dict[str, float]
    ranking: list[str]
    disqualified: dict[str, list[str]]
    rank_acceptability: dict[str, list[float]]
    first_rank_acceptability: dict[str, float]
    # Per vendor in the analysis: the share of its weighted score resting on inputs it lacks,
    # which the samples vary over their whole range.
    missing_share: dict[str, float] = {}
    central_weights: dict[str, dict[str, float] | None]
    confidence_factors: dict[str, float | None]
    pairwise_winning: dict[str, dict[str, float]]
    stability: Stability
    sweeps: dict[str, Sweep]
    reference_weights: dict[str, dict[str, float]]

    @model_validator(mode="after")
    def _acceptabilities_sum_to_one(self) -> RobustnessReport:
        for vendor, shares in self.rank_acceptability.items():
            if len(shares) != len(self.ranking) or not math.isclose(sum(shares), 1.0,
                                                                    abs_tol=1e-4):
                raise ValueError(f"rank acceptabilities of {vendor} must cover every rank and "
                                 "sum to 1")
        return self


@dataclass(frozen=True)
class ProjectRobustness:
    """Everything `vendor-eval sensitivity` reports, with the ranking it was computed from."""

    project: str
    ranking: RankResult
    model: CategoryModel
    smaa: SmaaResult
    sweeps: WeightSweep
    stability: StabilityResult
    reference_weights: dict[str, dict[str, float]]

    def report(self) -> RobustnessReport:
        result, model, s = self.ranking, self.model, self.smaa
        vendors, categories = s.alternatives, model.categories
        table = result.table.set_index("vendor")
        sweeps = {}
        for category, steps in self.sweeps.table.groupby("category", sort=False):
            wide_rank = steps.pivot(index="weight", columns="vendor", values="rank")
            wide_score = steps.pivot(index="weight", columns="vendor", values="score")
            sweeps[str(category)] = Sweep(
                weights=[round(float(w), 6) for w in wide_rank.index],
                ranks={v: [int(r) for r in wide_rank[v]] for v in model.vendors},
                scores={v: [round(float(x), 4) for x in wide_score[v]] for v in model.vendors},
            )
        return RobustnessReport(
            project=self.project,
            profile_id=result.profile_id,
            profile_version=result.profile_version,
            method=s.method,
            weight_sampling=s.sampling,
            concentration=s.concentration,
            samples=s.samples,
            seed=s.seed,
            score_model=SCORE_MODEL,
            categories=dict(zip(categories, model.category_names, strict=True)),
            profile_weights={c: round(float(w), 6) for c, w in zip(categories, model.weights,
                                                                   strict=True)},
            ranking=list(vendors),
            disqualified={v: list(table.loc[v, "gate_failures"]) for v in model.vendors
                          if not table.loc[v, "qualified"]},
            rank_acceptability={v: [round(float(b), 6) for b in row]
                                for v, row in zip(vendors, s.rank_acceptability, strict=True)},
            first_rank_acceptability={v: round(float(b), 6) for v, b in
                                      zip(vendors, s.first_rank_acceptability, strict=True)},
            missing_share={v: round(float(m), 6) for v, m, q in
                           zip(model.vendors, model.missing_share, model.qualified, strict=True)
                           if q},
            central_weights={v: None if np.isnan(row).any()
                             else {c: round(float(w), 6) for c, w in zip(categories, row,
                                                                         strict=True)}
                             for v, row in zip(vendors, s.central_weights, strict=True)},
            confidence_factors={v: None if np.isnan(p) else round(float(p), 6)
                                for v, p in zip(vendors, s.confidence_factors, strict=True)},
            pairwise_winning={v: {o: round(float(s.pairwise_winning[i, k]), 6)
                                  for k, o in enumerate(vendors) if k != i}
                              for i, v in enumerate(vendors)},
            stability=Stability(
                top=self.stability.top,
                first_place=list(self.stability.first_place),
                top_set=list(self.stability.top_set),
                categories={row.category: StabilityInterval(
                    weight=round(row.weight, 6),
                    first_place=(round(row.first_low, 6), round(row.first_high, 6)),
                    top_k=(round(row.top_low, 6), round(row.top_high, 6)))
                    for row in self.stability.table.itertuples(index=False)},
            ),
            sweeps=sweeps,
            reference_weights=self.reference_weights,
        )


def project_robustness(
    uow: UnitOfWork,
    actor: Actor,
    key: str,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    concentration: float = DEFAULT_CONCENTRATION,
    method: WeightSampling = WeightSampling.DIRICHLET,
    top: int = DEFAULT_TOP,
    profile_id: str | None = None,
    progress: Callable[[float], None] | None = None,
    category_weights: dict[str, float] | None = None,
) -> ProjectRobustness:
    """Test how robust a project's ranking is: SMAA-2 over category weights drawn by `method`
    (a Dirichlet of the given concentration around the profile, or uniform) and noisy scores,
    plus one-at-a-time sweeps and exact stability intervals of the first place and top `top`.

    With `category_weights` (what-if weights, summing to 100 or to 1) the analysis centres on
    those instead of the profile's, so it tests the ranking the user is looking at."""
    if isinstance(samples, bool) or not 1 <= samples <= MAX_SAMPLES:
        raise InputError(f"the number of samples must be from 1 to {MAX_SAMPLES:,}, not "
                         f"{samples}", column="samples")
    if not (isinstance(concentration, (int, float)) and math.isfinite(concentration)
            and concentration > 0):
        raise InputError(f"concentration must be a positive number, not {concentration}",
                         column="concentration")
    if top < 1:
        raise InputError(f"the shortlist size must be 1 or more, not {top}", column="top")
    inputs = load_evaluation(uow, actor, key, profile_id)
    require_open_ranking(inputs)
    if category_weights is not None:
        inputs = inputs.with_profile(inputs.profile.with_category_weights(category_weights))
    ranking = evaluate(inputs)
    model = category_model(inputs, ranking, pilot_intervals(inputs))
    competing = model.only(model.qualified)
    if not competing.vendors:
        raise VendorEvalError(f"no vendor of '{key}' passes the gates, so there is no ranking "
                              "to test")
    sampled = competing.sample(samples=samples, seed=seed, concentration=float(concentration),
                               sampling=method, progress=progress)
    return ProjectRobustness(
        project=key,
        ranking=ranking,
        model=model,
        smaa=sampled,
        sweeps=weight_sweeps(model),
        stability=stability_intervals(model, top),
        reference_weights=reference_weights(competing),
    )


def reference_weights(model: CategoryModel) -> dict[str, dict[str, float]]:
    """Entropy and CRITIC category weights implied by the competing vendors' category utilities;
    empty when the data cannot imply any (fewer than two vendors, or no category separates them)."""
    values = model.utilities
    if values.shape[0] < 2 or not (values.max(axis=0) > values.min(axis=0)).any():
        return {}
    return {
        method.value: {c: round(float(w), 6) for c, w in
                       zip(model.categories, objective_weights(values, method), strict=True)}
        for method in ObjectiveMethod
    }
