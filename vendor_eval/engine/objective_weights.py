"""Objective reference weights (entropy, CRITIC) from the data alone, through pymcdm."""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from vendor_eval.errors import InputError

# pymcdm gives a column that contains an exact zero an entropy of 0 (maximal weight); Shannon's
# convention is 0 * log 0 = 0. A zero replaced by this tiny share follows the convention.
ZERO_SHARE = 1e-300


class ObjectiveMethod(StrEnum):
    ENTROPY = "entropy"
    CRITIC = "critic"


def objective_weights(values: np.ndarray, method: ObjectiveMethod,
                      is_cost: np.ndarray | None = None) -> np.ndarray:
    """Weights (summing to 1) that reflect how much each criterion separates the alternatives.

    Entropy (Shannon; Zeleny 1982): a criterion on which alternatives differ more carries more
    information. CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995): contrast (standard deviation
    of min-max scaled values) times conflict (1 - correlation with the other criteria). A
    criterion on which every alternative is equal gets weight 0. They are references to set
    beside the analysts' weights, not replacements for them.
    """
    # pymcdm imports matplotlib.pyplot when loaded; keep that off every other command's start-up
    from pymcdm.weights import critic_weights, entropy_weights

    values = _checked(values)
    varies = values.max(axis=0) > values.min(axis=0)
    weights = np.zeros(values.shape[1])
    if method is ObjectiveMethod.ENTROPY:
        if (values < 0).any():
            raise InputError("entropy weights need values of 0 or more", column="values")
        shares = np.where(values == 0, ZERO_SHARE, values)
        weights[varies] = entropy_weights(shares[:, varies])
    else:
        if is_cost is not None:
            cost = np.asarray(is_cost, dtype=bool)
            values = np.where(cost, values.max(axis=0) - values, values)
        if varies.sum() == 1:
            weights[varies] = 1.0  # a single varying criterion conflicts with nothing
        else:
            weights[varies] = critic_weights(values[:, varies])
    return weights


def _checked(values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or values.shape[0] < 2 or values.shape[1] < 1:
        raise InputError("objective weights need at least two alternatives and one criterion")
    if not np.isfinite(values).all():
        raise InputError("every value must be a finite number", column="values")
    if not (values.max(axis=0) > values.min(axis=0)).any():
        raise InputError("no criterion separates the alternatives, so the data imply no weights")
    return values
