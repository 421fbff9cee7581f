"""Confidence intervals for proportions measured on a pilot (accuracy against a golden set)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vendor_eval.domain.evaluation import EvaluationInputs


@dataclass(frozen=True)
class ProportionEstimate:
    """A measured share with its interval; `n` is the number of golden-set items compared."""

    value: float
    low: float
    high: float
    n: int
    confidence: float


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> ProportionEstimate:
    """Wilson score interval (Wilson 1927; Newcombe 1998 recommends it over the Wald interval,
    which misbehaves near 0 and 1 - exactly where pilot accuracies live).

    Closed form, as statsmodels' `proportion_confint(method="wilson")` computes it; written out
    because importing statsmodels costs most of a second on every report and CLI call.
    """
    if n <= 0:
        raise ValueError("a proportion needs at least one observation")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie between 0 and {n}")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return ProportionEstimate(value=p, low=max(0.0, centre - half_width),
                              high=min(1.0, centre + half_width), n=n, confidence=confidence)


def accuracy_estimate(accuracy: float, sample_size: int, confidence: float = 0.95) -> ProportionEstimate:
    """Interval for an accuracy reported as a share of `sample_size` items."""
    return wilson_interval(round(accuracy * sample_size), sample_size, confidence)


def pilot_intervals(inputs: EvaluationInputs) -> dict[tuple[str, str], tuple[float, float]]:
    """95% Wilson intervals of the proportions measured on a pilot (those with a sample size),
    by (vendor, criterion): the noise the robustness analysis draws scores from."""
    intervals = {}
    for measured in inputs.measured:
        if measured.sample_size is not None and 0.0 <= measured.value <= 1.0:
            estimate = accuracy_estimate(measured.value, measured.sample_size)
            intervals[(measured.vendor, measured.criterion_id)] = (estimate.low, estimate.high)
    return intervals
