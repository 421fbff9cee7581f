"""One-at-a-time weight sweeps and stability intervals of the first place and the top-k shortlist.

Both move one category weight t from 0 to 1 and rescale the others in proportion, so they keep
their ratios: w(t) = t e_k + (1 - t) r_k, with r_k the profile's other weights summed to 1. On
the category model (engine/category_model.py) each score is a ratio of functions linear in t,
so the points where two vendors swap places are roots of a quadratic: the intervals are exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from vendor_eval.engine.category_model import CategoryModel
from vendor_eval.engine.rank import SCORE_DECIMALS

SWEEP_POINTS = 21  # 0%, 5%, ..., 100%
ROOT_EPSILON = 1e-12


def rescaled_weights(weights: np.ndarray, category: int, values: np.ndarray) -> np.ndarray:
    """Kernel: (T, K) weights with category `category` set to each of `values` (T,) and the
    others rescaled in proportion; if the others are all 0, they share the rest equally."""
    weights = np.asarray(weights, dtype=float)
    values = np.asarray(values, dtype=float)
    others = weights.copy()
    others[category] = 0.0
    total = others.sum()
    if total > 0:
        others = others / total
    else:
        others = np.where(np.arange(weights.size) == category, 0.0, 1.0)
        others = others / max(others.sum(), 1.0)
    unit = np.zeros(weights.size)
    unit[category] = 1.0
    return values[:, None] * unit + (1.0 - values[:, None]) * others


def competition_ranks_along(scores: np.ndarray, qualified: np.ndarray) -> np.ndarray:
    """Kernel: competition ranks (1, 2, 2, 4) along the last axis, qualified vendors first.

    The vectorised twin of engine.rank.competition_ranks for stacks of score vectors.
    """
    scores = np.round(np.asarray(scores, dtype=float), SCORE_DECIMALS)
    qualified = np.asarray(qualified, dtype=bool)
    same_group = qualified[:, None] == qualified[None, :]
    better = (scores[..., None, :] > scores[..., :, None]) & same_group  # [.., i, j]: j beats i
    offset = np.where(qualified, 0, int(qualified.sum()))
    return 1 + offset + better.sum(axis=-1)


@dataclass(frozen=True)
class WeightSweep:
    """Ranks of every vendor as each category weight goes from 0 to 100% (others rescaled).

    `table`: one row per category, weight step and vendor, with `score` (0-100) and `rank`.
    """

    table: pd.DataFrame
    profile_weights: dict[str, float]
    points: int

    def __post_init__(self) -> None:
        counts = self.table.groupby(["category", "weight"]).size()
        if counts.nunique() > 1:
            raise AssertionError("every sweep step must rank every vendor")


def weight_sweeps(model: CategoryModel, points: int = SWEEP_POINTS) -> WeightSweep:
    """Sweep every category weight over `points` evenly spaced values from 0 to 1."""
    grid = np.linspace(0.0, 1.0, points)
    n_categories = len(model.categories)
    weights = np.stack([rescaled_weights(model.weights, k, grid) for k in range(n_categories)])
    scores = model.scores(weights)  # (K, T, n)
    ranks = competition_ranks_along(scores, model.qualified)
    n_vendors = len(model.vendors)
    table = pd.DataFrame({
        "category": np.repeat(model.categories, points * n_vendors),
        "weight": np.tile(np.repeat(grid, n_vendors), n_categories),
        "vendor": np.tile(model.vendors, n_categories * points),
        "score": scores.ravel(),
        "rank": ranks.ravel(),
    })
    return WeightSweep(table=table, points=points,
                       profile_weights=dict(zip(model.categories, model.weights.tolist(),
                                                strict=True)))


@dataclass(frozen=True)
class StabilityResult:
    """For each category weight, the range in which the winner and the top-k set stay the same.

    `table`: category, weight (the profile's), first_low/first_high, top_low/top_high, all as
    fractions 0-1. Only vendors that pass the gates compete; ties at the profile's weights make
    the winner a set.
    """

    table: pd.DataFrame
    top: int
    first_place: tuple[str, ...]
    top_set: tuple[str, ...]

    def __post_init__(self) -> None:
        for low, weight, high in (("first_low", "weight", "first_high"),
                                  ("top_low", "weight", "top_high")):
            inside = (self.table[low] <= self.table[weight] + 1e-9) & \
                     (self.table[weight] <= self.table[high] + 1e-9)
            if not inside.all():
                raise AssertionError("a stability interval must contain the profile's weight")


def stability_intervals(model: CategoryModel, top: int = 3) -> StabilityResult:
    """Exact stability intervals of the first place and the top-`top` set, per category weight."""
    competing = model.only(model.qualified)
    base = competing.scores()[None, :]
    rows = []
    for k, category in enumerate(model.categories):
        t0 = float(model.weights[k])
        probes, is_point = _probes(competing, k, t0)
        scores = competing.scores(rescaled_weights(model.weights, k, probes))
        start = int(np.argmin(np.where(is_point, np.abs(probes - t0), np.inf)))
        first_low, first_high = _run_around(probes, is_point, _top_mask(scores, 1), start)
        top_low, top_high = _run_around(probes, is_point, _top_mask(scores, top), start)
        rows.append({"category": category, "weight": t0, "first_low": first_low,
                     "first_high": first_high, "top_low": top_low, "top_high": top_high})
    names = np.array(competing.vendors, dtype=object)
    return StabilityResult(
        table=pd.DataFrame(rows, columns=["category", "weight", "first_low", "first_high",
                                          "top_low", "top_high"]),
        top=top,
        first_place=tuple(names[_top_mask(base, 1)[0]]),
        top_set=tuple(names[_top_mask(base, top)[0]]),
    )


def crossing_points(model: CategoryModel, category: int) -> np.ndarray:
    """Kernel: every t in (0, 1) where two vendors' scores are equal along the sweep of `category`.

    score_v(t) = m_v N_v(t) / D_v(t) with N, D linear in t; score_i = score_j is the quadratic
    m_i N_i D_j - m_j N_j D_i = 0, solved for all pairs at once.
    """
    ends = rescaled_weights(model.weights, category, np.array([0.0, 1.0]))  # w(0), w(1)
    present = model.present.astype(float)
    numerator = ends @ (present * model.utilities).T  # (2, n): N(0), N(1)
    denominator = ends @ present.T
    n0, n1 = numerator[0], numerator[1] - numerator[0]
    d0, d1 = denominator[0], denominator[1] - denominator[0]
    m = model.multiplier
    i, j = np.triu_indices(len(model.vendors), k=1)
    a = m[i] * n1[i] * d1[j] - m[j] * n1[j] * d1[i]
    b = m[i] * (n0[i] * d1[j] + n1[i] * d0[j]) - m[j] * (n0[j] * d1[i] + n1[j] * d0[i])
    c = m[i] * n0[i] * d0[j] - m[j] * n0[j] * d0[i]
    with np.errstate(divide="ignore", invalid="ignore"):
        linear = np.abs(a) <= ROOT_EPSILON
        root_linear = np.where(np.abs(b) > ROOT_EPSILON, -c / b, np.nan)
        disc = np.sqrt(np.where(b * b - 4 * a * c >= 0, b * b - 4 * a * c, np.nan))
        root_a = np.where(linear, root_linear, (-b + disc) / (2 * a))
        root_b = np.where(linear, np.nan, (-b - disc) / (2 * a))
    roots = np.concatenate([root_a, root_b])
    return np.unique(roots[(roots > 0) & (roots < 1)])


def _probes(model: CategoryModel, category: int, t0: float) -> tuple[np.ndarray, np.ndarray]:
    """Breakpoints (0, 1, crossings, t0) and the midpoints between them, in order."""
    points = np.unique(np.concatenate([[0.0, 1.0, t0], crossing_points(model, category)]))
    middles = (points[:-1] + points[1:]) / 2
    probes = np.empty(points.size + middles.size)
    probes[0::2], probes[1::2] = points, middles
    is_point = np.zeros(probes.size, dtype=bool)
    is_point[0::2] = True
    return probes, is_point


def _top_mask(scores: np.ndarray, top: int) -> np.ndarray:
    """(P, n) bool: for each row of scores, the vendors ranked `top` or better."""
    ranks = competition_ranks_along(scores, np.ones(scores.shape[-1], dtype=bool))
    return ranks <= top


def _run_around(probes: np.ndarray, is_point: np.ndarray, outcome: np.ndarray,
                start: int) -> tuple[float, float]:
    """The closure of the connected stretch of probes around `start` with the same outcome.

    A stretch that ends on a midpoint is bounded by the breakpoint next to it (where the
    outcome changes or is tied), so the interval is reported as [breakpoint, breakpoint].
    """
    differs = np.flatnonzero((outcome != outcome[start]).any(axis=1))
    before, after = differs[differs < start], differs[differs > start]
    low = int(before.max()) + 1 if before.size else 0
    high = int(after.min()) - 1 if after.size else len(probes) - 1
    low_value = probes[low] if is_point[low] else probes[low - 1]
    high_value = probes[high] if is_point[high] else probes[high + 1]
    return float(low_value), float(high_value)
