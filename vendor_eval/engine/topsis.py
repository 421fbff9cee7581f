"""TOPSIS beside the weighted sum, and Kendall's tau between the rankings of the two methods."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from vendor_eval.domain.enums import Direction, MissingPolicy
from vendor_eval.engine.aggregate import own_gaps
from vendor_eval.engine.matrix import DecisionMatrix
from vendor_eval.engine.normalize import Normalization, normalize_columns, vector_normalize
from vendor_eval.engine.rank import competition_ranks
from vendor_eval.engine.result import RankResult
from vendor_eval.errors import InputError

METHOD = "TOPSIS, vector normalisation (Hwang & Yoon 1981)"


def topsis_closeness(normalized: np.ndarray, weights: np.ndarray,
                     is_cost: np.ndarray | None = None) -> np.ndarray:
    """Kernel: relative closeness D- / (D+ + D-) to the ideal (Hwang & Yoon 1981, step 6).

    `normalized` is (..., n, m), `weights` (..., m): any leading axes (samples) broadcast, so a
    sampling loop needs no Python loop. The ideal takes the max of a benefit and the min of a
    cost column. An alternative equally far from both (all alternatives identical) gets 0.5.
    """
    weighted = np.asarray(normalized, dtype=float) * np.asarray(weights, dtype=float)[..., None, :]
    best, worst = weighted.max(axis=-2, keepdims=True), weighted.min(axis=-2, keepdims=True)
    if is_cost is not None:
        cost = np.asarray(is_cost, dtype=bool)
        best, worst = np.where(cost, worst, best), np.where(cost, best, worst)
    to_best = np.sqrt(((weighted - best) ** 2).sum(axis=-1))
    to_worst = np.sqrt(((weighted - worst) ** 2).sum(axis=-1))
    total = to_best + to_worst
    return np.divide(to_worst, total, out=np.full_like(total, 0.5), where=total > 0)


def topsis(values: np.ndarray, weights: np.ndarray, is_cost: np.ndarray) -> np.ndarray:
    """Kernel: textbook TOPSIS on raw values: vector normalisation, then closeness."""
    return topsis_closeness(vector_normalize(values), weights, is_cost)


def rank_topsis(matrix: DecisionMatrix,
                normalization: Normalization = Normalization.VECTOR) -> pd.DataFrame:
    """Alternatives with their closeness coefficient and competition rank, best first.

    Vector normalisation is Hwang & Yoon's; with another normalisation, columns are first made
    benefit-oriented utilities (TOPSIS distances do not change when a column is reflected).
    """
    _check_weights(matrix.weights)
    is_cost = np.array([d is Direction.COST for d in matrix.directions])
    if normalization is Normalization.VECTOR:
        closeness = topsis(matrix.values, matrix.weights, is_cost)
    else:
        closeness = topsis_closeness(normalize_columns(matrix.values, is_cost, normalization),
                                     matrix.weights)
    table = pd.DataFrame({
        "alternative": matrix.alternatives,
        "score": closeness,
        "rank": competition_ranks(closeness),
    })
    return table.sort_values(["rank", "alternative"], kind="stable").reset_index(drop=True)


def kendall_tau(ranks_a: np.ndarray, ranks_b: np.ndarray) -> float | None:
    """Kendall's tau-b between two rankings of the same alternatives (ties allowed).

    None when it is undefined: fewer than two alternatives, or a ranking with everyone tied.
    """
    ranks_a, ranks_b = np.asarray(ranks_a, dtype=float), np.asarray(ranks_b, dtype=float)
    if ranks_a.size < 2:
        return None
    from scipy.stats import kendalltau  # imported here: scipy.stats costs ~0.4 s at start-up

    tau = kendalltau(ranks_a, ranks_b).statistic
    return None if np.isnan(tau) else float(tau)


@dataclass(frozen=True)
class MethodComparison:
    """A project ranked by TOPSIS next to its weighted-sum ranking, recording how it was made.

    `table` has one row per vendor in TOPSIS rank order: `score` is 100 x closeness after the
    profile's risk adjustment, `wsm_rank`/`wsm_score` the weighted sum's. `kendall_tau` compares
    the two rankings of the qualified vendors.
    """

    table: pd.DataFrame
    kendall_tau: float | None
    method: str
    profile_id: str
    profile_version: int
    profile_hash: str

    def __post_init__(self) -> None:
        ranks = self.table["rank"].to_numpy()
        if len(ranks) and (ranks[0] != 1 or (np.diff(ranks) < 0).any()):
            raise AssertionError("TOPSIS table must be sorted by rank starting at 1")
        closeness = self.table["closeness"].to_numpy(dtype=float)
        if ((closeness < -1e-12) | (closeness > 1 + 1e-12)).any():
            raise AssertionError("closeness coefficients lie between 0 and 1")

    @property
    def disagree(self) -> bool:
        return bool((self.table["rank"] != self.table["wsm_rank"]).any())

    def to_records(self) -> list[dict[str, object]]:
        return [
            {
                "vendor": row.vendor,
                "rank": int(row.rank),
                "score": round(float(row.score), 4),
                "closeness": round(float(row.closeness), 6),
                "wsm_rank": int(row.wsm_rank),
                "wsm_score": round(float(row.wsm_score), 4),
                "risk_penalty": round(float(row.risk_penalty), 4),
                "qualified": bool(row.qualified),
                "gate_status": "pass" if row.qualified else "fail",
                "gate_failures": list(row.gate_failures),
            }
            for row in self.table.itertuples(index=False)
        ]


def compare_with_topsis(result: RankResult) -> MethodComparison:
    """Rank a project's vendors by TOPSIS on the same utilities and weights as its weighted sum.

    Missing utilities follow the profile's policy so both methods see the same evidence: with
    `zero` they count as 0; with `reweight` a missing criterion takes the vendor's weighted mean
    of the known criteria in its category, and a category with nothing known takes the vendor's
    overall score - exactly what leaving it out and sharing its weight does to a weighted sum.
    Gates and the risk adjustment apply as in the weighted sum.
    """
    table = result.table.set_index("vendor")
    vendors = list(table.index)
    criteria = list(dict.fromkeys(result.contributions["criterion_id"]))
    utilities = result.contributions.pivot(
        index="vendor", columns="criterion_id", values="utility"
    ).reindex(index=vendors, columns=criteria).to_numpy(dtype=float)
    first = result.contributions.drop_duplicates("criterion_id").set_index("criterion_id")
    weights = first.loc[criteria, "profile_weight"].to_numpy(dtype=float)
    categories = first.loc[criteria, "category"].to_numpy()
    overall = table["raw_score"].to_numpy(dtype=float) / 100.0
    policy = MissingPolicy(result.parameters.get("missing_scores", MissingPolicy.REWEIGHT.value))
    filled = impute_missing(utilities, weights, categories, overall, policy)
    if not np.allclose(filled @ weights, overall, atol=1e-9):
        raise AssertionError("imputed utilities must reproduce the weighted-sum scores")

    closeness = topsis_closeness(vector_normalize(filled), weights)
    qualified = table["qualified"].to_numpy(dtype=bool)
    penalty = table["risk_penalty"].to_numpy(dtype=float)
    scores = 100.0 * closeness * (1.0 - penalty)
    ranks = competition_ranks(scores, qualified)
    frame = pd.DataFrame({
        "vendor": vendors,
        "rank": ranks,
        "score": scores,
        "closeness": closeness,
        "wsm_rank": table["rank"].to_numpy(dtype=int),
        "wsm_score": table["score"].to_numpy(dtype=float),
        "risk_penalty": penalty,
        "qualified": qualified,
        "gate_failures": list(table["gate_failures"]),
    }).sort_values(["rank", "vendor"], kind="stable").reset_index(drop=True)
    mask = frame["qualified"].to_numpy(dtype=bool)
    return MethodComparison(
        table=frame,
        kendall_tau=kendall_tau(frame["rank"][mask], frame["wsm_rank"][mask]),
        method=METHOD,
        profile_id=result.profile_id,
        profile_version=result.profile_version,
        profile_hash=result.profile_hash,
    )


def impute_missing(utilities: np.ndarray, weights: np.ndarray, categories: np.ndarray,
                   overall: np.ndarray, policy: MissingPolicy) -> np.ndarray:
    """Fill NaN utilities so that a flat weighted sum equals the hierarchical one (see above)."""
    if policy is MissingPolicy.ZERO:
        return np.nan_to_num(utilities, nan=0.0)
    utilities = np.where(own_gaps(utilities), 0.0, utilities)  # a vendor's own gap is the worst
    known = ~np.isnan(utilities)
    _, category_index = np.unique(categories, return_inverse=True)
    membership = np.zeros((weights.size, category_index.max(initial=-1) + 1))
    membership[np.arange(weights.size), category_index] = 1.0
    known_weight = (known * weights) @ membership
    weighted = (np.nan_to_num(utilities, nan=0.0) * weights) @ membership
    category_mean = np.divide(weighted, known_weight, out=np.full_like(weighted, np.nan),
                              where=known_weight > 0)
    fill = category_mean[:, category_index]
    fill = np.where(np.isnan(fill), overall[:, None], fill)
    return np.where(known, utilities, fill)


def _check_weights(weights: np.ndarray) -> None:
    weights = np.asarray(weights, dtype=float)
    if not np.isfinite(weights).all():
        raise InputError("every weight must be a number (found NaN or infinity)", column="weight")
    if (weights < 0).any():
        raise InputError("weights must not be negative", column="weight")
