"""Confidence intervals for proportions measured on a pilot (accuracy against a golden set)."""

from __future__ import annotations

from dataclasses import dataclass

from statsmodels.stats.proportion import proportion_confint


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
    which misbehaves near 0 and 1 - exactly where pilot accuracies live)."""
    if n <= 0:
        raise ValueError("a proportion needs at least one observation")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie between 0 and {n}")
    low, high = proportion_confint(successes, n, alpha=1 - confidence, method="wilson")
    return ProportionEstimate(value=successes / n, low=float(low), high=float(high), n=n,
                              confidence=confidence)


def accuracy_estimate(accuracy: float, sample_size: int, confidence: float = 0.95) -> ProportionEstimate:
    """Interval for an accuracy reported as a share of `sample_size` items."""
    return wilson_interval(round(accuracy * sample_size), sample_size, confidence)
