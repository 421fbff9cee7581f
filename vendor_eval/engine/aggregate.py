"""Weighted-sum aggregation, flat (textbook) and hierarchical with an explicit missing-value policy."""

from __future__ import annotations

import numpy as np

from vendor_eval.domain.enums import MissingPolicy


def weighted_sum(utilities: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Kernel: scores = U @ w for complete data; no validation, so sampling loops can call it."""
    return np.asarray(utilities, dtype=float) @ np.asarray(weights, dtype=float)


def assessed_for_anyone(utilities: np.ndarray) -> np.ndarray:
    """Per criterion (column): whether any vendor has evidence for it."""
    return ~np.isnan(np.asarray(utilities, dtype=float)).all(axis=0)


def own_gaps(utilities: np.ndarray) -> np.ndarray:
    """Per vendor and criterion: missing for this vendor although another vendor has it."""
    utilities = np.asarray(utilities, dtype=float)
    return np.isnan(utilities) & assessed_for_anyone(utilities)


def effective_weights(
    utilities: np.ndarray,
    criterion_weights: np.ndarray,
    category_of: np.ndarray,
    policy: MissingPolicy,
) -> np.ndarray:
    """Per-vendor weights after the missing-value policy; row v sums to 1 unless v has no data.

    With `reweight`, a criterion no vendor has evidence for is left out for every vendor: its
    weight is shared among the other criteria of its category, and a category with nothing
    known for anyone shares its weight among the other categories (the hierarchy of the profile
    is kept). A criterion that some vendor has evidence for keeps its weight for all: where a
    vendor lacks it, it counts as 0, the worst, so missing evidence never helps a vendor.
    With `zero`, weights stay as the profile says.
    """
    utilities = np.asarray(utilities, dtype=float)
    weights = np.asarray(criterion_weights, dtype=float)
    n_vendors = utilities.shape[0]
    if policy is MissingPolicy.ZERO:
        return np.broadcast_to(weights, utilities.shape).copy()
    categories, category_index = np.unique(category_of, return_inverse=True)
    membership = np.zeros((weights.size, categories.size))
    membership[np.arange(weights.size), category_index] = 1.0
    category_weight = weights @ membership  # (k,)
    known = np.broadcast_to(assessed_for_anyone(utilities), utilities.shape)
    known_weight = (known * weights) @ membership  # (n, k): weight still present per category
    category_known = known_weight > 0
    present_category_total = (category_known * category_weight).sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        category_share = np.where(
            category_known, category_weight / present_category_total, 0.0
        )  # (n, k)
        inner_share = np.where(
            known, weights / (known_weight @ membership.T), 0.0
        )  # (n, m): share inside its category among known criteria
    result = inner_share * (category_share @ membership.T)
    return np.nan_to_num(result, nan=0.0) if n_vendors else result


def hierarchical_score(utilities: np.ndarray, effective: np.ndarray) -> np.ndarray:
    """Scores in 0-1 from utilities (NaN = missing, counted as 0) and per-vendor weights."""
    return (np.nan_to_num(np.asarray(utilities, dtype=float), nan=0.0) * effective).sum(axis=1)
