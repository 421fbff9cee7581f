"""The evaluation pipeline: evidence -> utilities -> gates -> weighted sum -> risk -> rank -> why."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vendor_eval.domain.criteria import Criterion
from vendor_eval.domain.enums import CriterionKind
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.flags import Flag, FlagCode
from vendor_eval.domain.presentation import format_measure, format_money
from vendor_eval.engine.aggregate import (
    assessed_for_anyone,
    effective_weights,
    hierarchical_score,
)
from vendor_eval.engine.checklist import evaluate_checklist
from vendor_eval.engine.cost import cost_per_correct_label, total_cost
from vendor_eval.engine.explain import explain
from vendor_eval.engine.gates import applicable_gates
from vendor_eval.engine.normalize import lowest_price_utility, rubric_utility, threshold_utility
from vendor_eval.engine.rank import competition_ranks
from vendor_eval.engine.result import RankResult
from vendor_eval.engine.risk import risk_exposure, risk_penalty

ACCURACY_CRITERION = "pilot_accuracy"
METHOD = "hierarchical weighted sum"


def mean_scores(inputs: EvaluationInputs) -> pd.DataFrame:
    """Vendors x criteria: the team's consensus score where one was set, else the mean of
    evaluators' rubric scores (NaN where nobody scored)."""
    if not inputs.scores and not inputs.consensus:
        return pd.DataFrame(index=inputs.vendor_names, dtype=float)
    frame = pd.DataFrame([s.model_dump() for s in inputs.scores],
                         columns=["vendor", "criterion_id", "score"])
    means = frame.pivot_table(index="vendor", columns="criterion_id", values="score",
                              aggfunc="mean")
    if not inputs.consensus:
        return means
    agreed = pd.DataFrame([c.model_dump() for c in inputs.consensus]).pivot(
        index="vendor", columns="criterion_id", values="score")
    return agreed.combine_first(means)


def vendor_costs(inputs: EvaluationInputs) -> dict[str, tuple[float, str]]:
    volume = inputs.project.scope.volume
    return {q.vendor: (total_cost(q, volume), q.currency) for q in inputs.prices}


def evaluate(inputs: EvaluationInputs) -> RankResult:
    """Rank the project's vendors under its profile; see the README's "How scores are computed"."""
    profile, catalogue = inputs.profile, inputs.catalogue
    vendors = inputs.vendor_names
    weights = profile.criterion_weights()
    criteria = [catalogue.by_id[c] for c in weights]

    gates = applicable_gates(profile.gates, inputs.project.scope)
    checklist = evaluate_checklist(inputs.checklist, inputs.project.scope, vendors,
                                   inputs.assessments, inputs.as_of, [g.criterion for g in gates])
    failures = checklist.gate_failures
    risks = (*inputs.risks, *checklist.register)
    qualified = np.array([not failures[v] for v in vendors], dtype=bool)

    costs = vendor_costs(inputs)
    measured = {(m.vendor, m.criterion_id): m.value for m in inputs.measured}
    means = mean_scores(inputs)
    utilities = np.full((len(vendors), len(criteria)), np.nan)
    shown = np.full((len(vendors), len(criteria)), "not available", dtype=object)
    for j, criterion in enumerate(criteria):
        raw = _raw_column(criterion, vendors, means, measured, costs)
        utilities[:, j] = _utility_column(criterion, raw, qualified, profile.thresholds)
        shown[:, j] = [_display(criterion, value, costs.get(v)) for v, value in zip(vendors, raw)]

    weight_vector = np.array([weights[c.id] for c in criteria])
    categories = np.array([c.category for c in criteria])
    effective = effective_weights(utilities, weight_vector, categories, profile.missing_scores)
    raw_scores = 100.0 * hierarchical_score(utilities, effective)

    exposure = risk_exposure(risks, profile.risk, vendors)
    penalties = np.array([risk_penalty(exposure[v], profile.risk) for v in vendors])
    scores = raw_scores * (1.0 - penalties)
    ranks = competition_ranks(scores, qualified)

    contributions = _contributions(vendors, criteria, catalogue.category_names, weight_vector,
                                   effective, utilities, shown)
    flags = _flags(vendors, criteria, utilities, profile.missing_scores.value, exposure, penalties)
    for vendor in vendors:
        flags[vendor].extend(checklist.expiry_flags[vendor])
    accuracy = {v: measured.get((v, ACCURACY_CRITERION)) for v in vendors}
    volume = inputs.project.scope.volume
    table = pd.DataFrame({
        "vendor": vendors,
        "rank": ranks,
        "score": scores,
        "raw_score": raw_scores,
        "risk_penalty": penalties,
        "risk_exposure": [exposure[v] for v in vendors],
        "qualified": qualified,
        "gate_failures": [tuple(failures[v]) for v in vendors],
        "flags": [tuple(flags[v]) for v in vendors],
        "total_cost": [costs[v][0] if v in costs else np.nan for v in vendors],
        "currency": [costs[v][1] if v in costs else "" for v in vendors],
        "cost_per_correct_label": [
            np.nan if v not in costs
            else (cost_per_correct_label(costs[v][0], volume, accuracy[v]) or np.nan)
            for v in vendors
        ],
        "pilot_accuracy": [np.nan if accuracy[v] is None else accuracy[v] for v in vendors],
    })
    table = table.sort_values(["rank", "vendor"], kind="stable").reset_index(drop=True)
    return RankResult(
        table=table,
        contributions=contributions,
        explanations=explain(contributions, vendors),
        method=METHOD,
        profile_id=profile.id,
        profile_version=profile.version,
        profile_hash=profile.content_hash(),
        parameters={
            "missing_scores": profile.missing_scores.value,
            "gates": [g.criterion for g in gates],
            "required_checklist_items": sorted(
                checklist.rows.loc[checklist.rows["required"], "item_id"].unique()),
            "as_of": inputs.as_of.isoformat(),
            "risk_rate": profile.risk.rate,
            "risk_cap": profile.risk.cap,
            "volume": volume,
        },
        checklist=checklist,
    )


def _raw_column(
    criterion: Criterion,
    vendors: list[str],
    means: pd.DataFrame,
    measured: dict[tuple[str, str], float],
    costs: dict[str, tuple[float, str]],
) -> np.ndarray:
    if criterion.kind is CriterionKind.SCORED:
        if criterion.id not in means.columns:
            return np.full(len(vendors), np.nan)
        return means[criterion.id].reindex(vendors).to_numpy(dtype=float)
    if criterion.kind is CriterionKind.MEASURED:
        return np.array([measured.get((v, criterion.id), np.nan) for v in vendors], dtype=float)
    return np.array([costs[v][0] if v in costs else np.nan for v in vendors], dtype=float)


def _utility_column(criterion, raw, qualified, thresholds) -> np.ndarray:
    if criterion.kind is CriterionKind.SCORED:
        return rubric_utility(raw)
    if criterion.kind is CriterionKind.MEASURED:
        threshold = thresholds[criterion.id]
        utility = threshold_utility(raw, threshold.worst, threshold.best)
        return np.where(np.isnan(raw), np.nan, utility)
    known = ~np.isnan(raw)
    pool = raw[known & qualified] if (known & qualified).any() else raw[known]
    if pool.size == 0:
        return raw
    return np.where(known, lowest_price_utility(raw, float(pool.min())), np.nan)


def _display(criterion: Criterion, value: float, cost: tuple[float, str] | None) -> str:
    if np.isnan(value):
        return "not available"
    if criterion.kind is CriterionKind.SCORED:
        return f"scored {value:.1f}/5"
    if criterion.kind is CriterionKind.PRICE:
        return f"total cost {format_money(value, cost[1] if cost else 'USD')}"
    return f"measured {format_measure(value, criterion.unit)}"


def _contributions(vendors, criteria, category_names, weights, effective, utilities, shown):
    n_vendors, n_criteria = utilities.shape
    return pd.DataFrame({
        "vendor": np.repeat(vendors, n_criteria),
        "category": np.tile([c.category for c in criteria], n_vendors),
        "category_name": np.tile([category_names[c.category] for c in criteria], n_vendors),
        "criterion_id": np.tile([c.id for c in criteria], n_vendors),
        "criterion": np.tile([c.name for c in criteria], n_vendors),
        "profile_weight": np.tile(weights, n_vendors),
        "weight": effective.ravel(),
        "utility": utilities.ravel(),
        "points": 100.0 * (np.nan_to_num(utilities, nan=0.0) * effective).ravel(),
        "display_value": shown.ravel(),
    })


def _flags(vendors, criteria, utilities, policy, exposure, penalties) -> dict[str, list[Flag]]:
    """Under `reweight`, a vendor's own gaps count as zero and are flagged so; criteria no vendor
    has evidence for are left out for all (flagged "re-weighted"). Under `zero`, all count 0."""
    flags: dict[str, list[Flag]] = {}
    reweight = policy == "reweight"
    for_anyone = assessed_for_anyone(utilities)
    for i, vendor in enumerate(vendors):
        gaps = np.isnan(utilities[i])
        zeroed = tuple(c.name for c, gap, any_ in zip(criteria, gaps, for_anyone)
                       if gap and (any_ or not reweight))
        left_out = tuple(c.name for c, gap, any_ in zip(criteria, gaps, for_anyone)
                         if gap and not any_ and reweight)
        vendor_flags = []
        if zeroed:
            vendor_flags.append(Flag(FlagCode.MISSING_INPUTS, subjects=zeroed, reweighted=False))
        if left_out:
            vendor_flags.append(Flag(FlagCode.MISSING_INPUTS, subjects=left_out,
                                     reweighted=True))
        if penalties[i] > 0:
            vendor_flags.append(Flag(FlagCode.RISK_ADJUSTMENT, penalty=float(penalties[i]),
                                     exposure=float(exposure[vendor])))
        flags[vendor] = vendor_flags
    return flags
