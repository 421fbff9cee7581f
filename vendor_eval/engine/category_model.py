"""A project's score as an exact function of its category weights, with the spread of each input.

The hierarchical weighted sum (engine/evaluate.py) factorises by category: a vendor's category
utility s_vk (its criteria's weighted mean, with the profile's missing-value policy) does not
depend on the category weights w, and its score is

    score_v(w) = 100 * (1 - risk_penalty_v) * sum_k p_vk w_k s_vk / sum_k p_vk w_k

where p_vk says whether anything is known of category k for vendor v (always 1 under the `zero`
policy). Sweeps, stability intervals and SMAA work on this form, so they reproduce the project's
ranking exactly at the profile's weights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtri

from vendor_eval.domain.enums import CriterionKind, MissingPolicy
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.profiles import as_fractions
from vendor_eval.engine.aggregate import assessed_for_anyone
from vendor_eval.engine.normalize import RUBRIC_MAX, threshold_utility
from vendor_eval.engine.result import RankResult
from vendor_eval.engine.smaa import SmaaResult, smaa

SCORE_TOLERANCE = 1e-6  # points on the 0-100 scale


def category_scores(utilities: np.ndarray, present: np.ndarray, multiplier: np.ndarray,
                    weights: np.ndarray) -> np.ndarray:
    """Kernel: scores (0-100) for category weights of shape (..., K) -> (..., n); no validation.

    A vendor with nothing known in any weighted category scores 0, as in the weighted sum.
    """
    present = np.asarray(present, dtype=float)
    numerator = weights @ (present * utilities).T
    denominator = weights @ present.T
    ratio = np.divide(numerator, denominator, out=np.zeros_like(numerator),
                      where=denominator > 0)
    return 100.0 * multiplier * ratio


@dataclass(frozen=True)
class CategoryModel:
    """Vendors (rank order of the project) x categories, at the profile's category weights."""

    vendors: tuple[str, ...]
    categories: tuple[str, ...]
    category_names: tuple[str, ...]
    weights: np.ndarray
    utilities: np.ndarray
    spreads: np.ndarray
    present: np.ndarray
    multiplier: np.ndarray
    qualified: np.ndarray
    # Share of each category score that rests on inputs the vendor lacks (counted as 0 in the
    # ranking); None: nothing missing.
    gaps: np.ndarray | None = None

    def __post_init__(self) -> None:
        n, k = len(self.vendors), len(self.categories)
        if self.gaps is None:
            object.__setattr__(self, "gaps", np.zeros((n, k)))
        for name in ("utilities", "spreads", "present", "gaps"):
            if getattr(self, name).shape != (n, k):
                raise AssertionError(f"{name} must be vendors x categories")
        if self.weights.shape != (k,) or not np.isclose(self.weights.sum(), 1.0):
            raise AssertionError("category weights must be one per category and sum to 1")
        if (self.spreads < 0).any() or not np.isfinite(self.utilities).all():
            raise AssertionError("utilities must be finite and spreads non-negative")

    def scores(self, weights: np.ndarray | None = None) -> np.ndarray:
        """Risk-adjusted scores (0-100) at the given category weights (default: the profile's)."""
        weights = self.weights if weights is None else np.asarray(weights, dtype=float)
        return category_scores(self.utilities, self.present, self.multiplier, weights)

    def only(self, mask: np.ndarray) -> CategoryModel:
        """The same model restricted to some vendors (e.g. those that pass the gates)."""
        mask = np.asarray(mask, dtype=bool)
        return CategoryModel(
            vendors=tuple(v for v, keep in zip(self.vendors, mask, strict=True) if keep),
            categories=self.categories, category_names=self.category_names, weights=self.weights,
            utilities=self.utilities[mask], spreads=self.spreads[mask],
            present=self.present[mask], multiplier=self.multiplier[mask],
            qualified=self.qualified[mask], gaps=self.gaps[mask],
        )

    def sampling_means(self) -> np.ndarray:
        """Category utilities as robustness samples them: a missing input may be anything from
        0 to full marks, so it enters at the middle of its range (the ranking counts it as 0)."""
        return self.utilities + 0.5 * self.gaps

    def sampling_spreads(self) -> np.ndarray:
        """Spreads with a missing input's whole range added: a uniform 0-1 value has a standard
        deviation of 1/sqrt(12), so thin evidence widens what the samples can show."""
        return np.sqrt(self.spreads ** 2 + self.gaps ** 2 / 12.0)

    def sample(self, **options: object) -> SmaaResult:
        """SMAA-2 of these vendors: weights drawn around the model's, scores varied within
        their uncertainty and missing inputs over their whole range (`smaa`'s options)."""
        return smaa(list(self.vendors), list(self.categories), self.sampling_means(),
                    self.weights, spreads=self.sampling_spreads(), present=self.present,
                    multiplier=self.multiplier, **options)

    @property
    def missing_share(self) -> np.ndarray:
        """Per vendor: the share of its weighted score that rests on missing inputs."""
        return (self.gaps * self.weights).sum(axis=1) / self.weights.sum()


def category_model(
    inputs: EvaluationInputs,
    result: RankResult,
    value_intervals: Mapping[tuple[str, str], tuple[float, float]] | None = None,
    confidence: float = 0.95,
) -> CategoryModel:
    """Factorise a project's ranking by category, with a standard deviation for every utility.

    Spreads: a rubric mean has the standard error of its evaluators' scores (s / sqrt(k); a lone
    score borrows the project's pooled evaluator variance); a measured value with an interval
    (pilot accuracy: the Wilson interval at `confidence`) has the interval's width, mapped
    through the profile's threshold, over 2 z; prices and other values are taken as exact.
    """
    profile = inputs.profile
    vendors = list(result.table["vendor"])
    categories = list(profile.categories)
    inner = {criterion: share for category in categories
             for criterion, share in as_fractions(profile.categories[category].criteria).items()}
    criteria = list(inner)
    category_of = np.array([categories.index(c) for c in categories
                            for _ in profile.categories[c].criteria])
    membership = np.zeros((len(criteria), len(categories)))
    membership[np.arange(len(criteria)), category_of] = 1.0
    inner_share = np.array([inner[c] for c in criteria])

    utilities = result.contributions.pivot(
        index="vendor", columns="criterion_id", values="utility"
    ).reindex(index=vendors, columns=criteria).to_numpy(dtype=float)
    known = ~np.isnan(utilities)
    if profile.missing_scores is MissingPolicy.REWEIGHT:
        weighed = np.broadcast_to(assessed_for_anyone(utilities), utilities.shape)
        known_share = (weighed * inner_share) @ membership
        present = known_share > 0
        share = np.divide(weighed * inner_share, known_share[:, category_of],
                          out=np.zeros_like(utilities), where=present[:, category_of])
    else:
        present = np.ones((len(vendors), len(categories)), dtype=bool)
        share = np.broadcast_to(inner_share, utilities.shape).copy()

    spreads = criterion_spreads(inputs, vendors, criteria, value_intervals or {}, confidence)
    table = result.table.set_index("vendor").loc[vendors]
    model = CategoryModel(
        vendors=tuple(vendors),
        categories=tuple(categories),
        category_names=tuple(inputs.catalogue.category_names.get(c, c) for c in categories),
        weights=np.array([profile.category_weights()[c] for c in categories]),
        utilities=(np.nan_to_num(utilities, nan=0.0) * share) @ membership,
        spreads=np.sqrt(((share * np.where(known, spreads, 0.0)) ** 2) @ membership),
        present=present,
        multiplier=1.0 - table["risk_penalty"].to_numpy(dtype=float),
        qualified=table["qualified"].to_numpy(dtype=bool),
        gaps=(~known * share) @ membership,
    )
    if not np.allclose(model.scores(), table["score"].to_numpy(dtype=float),
                       atol=SCORE_TOLERANCE):
        raise AssertionError("the category factorisation must reproduce the project's scores")
    return model


def criterion_spreads(
    inputs: EvaluationInputs,
    vendors: list[str],
    criteria: list[str],
    value_intervals: Mapping[tuple[str, str], tuple[float, float]],
    confidence: float = 0.95,
) -> np.ndarray:
    """Standard deviation of each vendor x criterion utility (0 where it is taken as exact)."""
    spreads = np.zeros((len(vendors), len(criteria)))
    column = {c: j for j, c in enumerate(criteria)}
    row = {v: i for i, v in enumerate(vendors)}
    rubric = rubric_standard_errors(inputs)
    for (vendor, criterion), error in rubric.items():
        if vendor in row and criterion in column:
            spreads[row[vendor], column[criterion]] = error / RUBRIC_MAX
    z = float(ndtri(0.5 + confidence / 2))
    for (vendor, criterion), (low, high) in value_intervals.items():
        threshold = inputs.profile.thresholds.get(criterion)
        known = inputs.catalogue.by_id.get(criterion)
        if threshold is None or known is None or known.kind is not CriterionKind.MEASURED \
                or vendor not in row or criterion not in column:
            continue
        ends = threshold_utility(np.array([low, high]), threshold.worst, threshold.best)
        spreads[row[vendor], column[criterion]] = abs(ends[1] - ends[0]) / (2 * z)
    return spreads


def rubric_standard_errors(inputs: EvaluationInputs) -> dict[tuple[str, str], float]:
    """Standard error of each rubric mean: s / sqrt(k) over its k evaluators.

    With one evaluator there is no spread to measure, so the project's pooled within-cell
    variance (sum (k-1) s^2 / sum (k-1)) stands in; with no replicated cell at all, 0.
    """
    if not inputs.scores:
        return {}
    frame = pd.DataFrame([s.model_dump() for s in inputs.scores])
    cells = frame.groupby(["vendor", "criterion_id"])["score"].agg(["count", "var"])
    replicated = cells[cells["count"] >= 2]
    degrees = (replicated["count"] - 1).sum()
    pooled = float(((replicated["count"] - 1) * replicated["var"]).sum() / degrees) \
        if degrees else 0.0
    variance = cells["var"].where(cells["count"] >= 2, pooled)
    errors = np.sqrt(variance / cells["count"])
    return {key: float(value) for key, value in errors.items()}
