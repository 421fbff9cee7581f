"""Turn raw values into 0-1 utilities: rubric scores, thresholded measurements, prices, columns."""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from vendor_eval.errors import InputError

RUBRIC_MAX = 5.0


class Normalization(StrEnum):
    NONE = "none"
    MINMAX = "minmax"
    MAX = "max"
    VECTOR = "vector"


def rubric_utility(scores: np.ndarray) -> np.ndarray:
    """A 0-5 rubric score as a fraction of the best level; NaN (not scored) stays NaN."""
    return np.asarray(scores, dtype=float) / RUBRIC_MAX


def threshold_utility(values: np.ndarray, worst: float, best: float) -> np.ndarray:
    """Linear between `worst` (0) and `best` (1), clipped; works for either direction."""
    values = np.asarray(values, dtype=float)
    return np.clip((values - worst) / (best - worst), 0.0, 1.0)


def lowest_price_utility(costs: np.ndarray, reference: float) -> np.ndarray:
    """Lowest-price-gets-full-marks scoring: reference / cost, so half the price-gap halves the gap.

    The reference is the lowest cost among compliant bids, the usual rule in public procurement.
    """
    costs = np.asarray(costs, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        utility = np.where(costs > 0, reference / costs, 1.0)
    return np.clip(utility, 0.0, 1.0)


def vector_normalize(values: np.ndarray) -> np.ndarray:
    """x_ij / ||x_j|| over the alternatives axis (-2), so any leading axes (samples) broadcast.

    A column of zeros stays zeros: it tells the alternatives nothing apart. (`normalize_columns`
    refuses such a column instead, since a user chose vector normalisation for it.)
    """
    values = np.asarray(values, dtype=float)
    norms = np.sqrt((values**2).sum(axis=-2, keepdims=True))
    return np.divide(values, norms, out=np.zeros_like(values), where=norms > 0)


def normalize_columns(
    values: np.ndarray, is_cost: np.ndarray, method: Normalization
) -> np.ndarray:
    """Normalise a decision matrix column by column so that higher is always better.

    minmax: (x - min) / (max - min), reversed for cost; a constant column scores 1.
    max: x / max for benefit, min / x for cost (needs positive values).
    vector: x / ||x||, and 1 - x / ||x|| for cost.
    none: values as given; only benefit criteria are allowed, as textbook weighted sums assume.
    """
    values = np.asarray(values, dtype=float)
    is_cost = np.asarray(is_cost, dtype=bool)
    if method is Normalization.NONE:
        if is_cost.any():
            raise InputError(
                "normalisation 'none' sums values as given, so every criterion must be a "
                "benefit; choose minmax, max or vector to handle cost criteria",
                column="normalize",
            )
        return values.copy()
    if method is Normalization.MINMAX:
        low, high = values.min(axis=0), values.max(axis=0)
        span = np.where(high > low, high - low, 1.0)
        scaled = (values - low) / span
        scaled = np.where(is_cost, 1.0 - scaled, scaled)
        return np.where(high > low, scaled, 1.0)
    if method is Normalization.MAX:
        if (values <= 0).any():
            raise InputError("normalisation 'max' needs strictly positive values",
                             column="normalize")
        return np.where(is_cost, values.min(axis=0) / values, values / values.max(axis=0))
    if not np.abs(values).sum(axis=0).all():
        raise InputError("normalisation 'vector' needs a non-zero value in every column",
                         column="normalize")
    scaled = vector_normalize(values)
    return np.where(is_cost, 1.0 - scaled, scaled)
