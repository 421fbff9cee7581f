"""A plain decision matrix (alternatives x criteria) and its weighted-sum ranking.

This is the textbook path behind `vendor-eval rank-matrix`: one weight per criterion, no
hierarchy, no gates; the same kernels as the project engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from vendor_eval.domain.enums import Direction
from vendor_eval.domain.profiles import as_fractions, weights_total_problem
from vendor_eval.engine.aggregate import weighted_sum
from vendor_eval.engine.normalize import Normalization, normalize_columns
from vendor_eval.engine.rank import competition_ranks
from vendor_eval.errors import InputError


@dataclass(frozen=True)
class DecisionMatrix:
    """Validated at construction: finite values, one weight and direction per criterion."""

    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    values: np.ndarray
    weights: np.ndarray
    directions: tuple[Direction, ...]

    def __post_init__(self) -> None:
        if len(set(self.alternatives)) != len(self.alternatives):
            raise InputError("alternative names must be unique", column="alternative")
        if self.values.shape != (len(self.alternatives), len(self.criteria)):
            raise InputError("matrix shape does not match alternatives x criteria")
        if not np.isfinite(self.values).all():
            raise InputError("every matrix value must be a finite number")
        if len(self.weights) != len(self.criteria) or len(self.directions) != len(self.criteria):
            raise InputError("one weight and one direction per criterion are required")

    @classmethod
    def from_frame(
        cls, frame: pd.DataFrame, weights: dict[str, float], directions: dict[str, Direction]
    ) -> DecisionMatrix:
        """Build from a frame indexed by alternative, checking weights cover exactly the columns."""
        criteria = [str(c) for c in frame.columns]
        missing = [c for c in criteria if c not in weights]
        extra = [c for c in weights if c not in criteria]
        if missing:
            raise InputError(f"no weight given for criteria {missing}", column=missing[0])
        if extra:
            raise InputError(f"weights name criteria not in the matrix: {extra}", column=extra[0])
        problem = weights_total_problem({c: weights[c] for c in criteria})
        if problem:
            raise InputError(problem, column="weight")
        fractions = as_fractions({c: weights[c] for c in criteria})
        return cls(
            alternatives=tuple(str(a) for a in frame.index),
            criteria=tuple(criteria),
            values=frame.to_numpy(dtype=float),
            weights=np.array([fractions[c] for c in criteria]),
            directions=tuple(directions[c] for c in criteria),
        )


def rank_weighted_sum(matrix: DecisionMatrix, normalization: Normalization) -> pd.DataFrame:
    """Alternatives with their weighted-sum score and competition rank, best first."""
    is_cost = np.array([d is Direction.COST for d in matrix.directions])
    utilities = normalize_columns(matrix.values, is_cost, normalization)
    scores = weighted_sum(utilities, matrix.weights)
    table = pd.DataFrame({
        "alternative": matrix.alternatives,
        "score": scores,
        "rank": competition_ranks(scores),
    })
    return table.sort_values(["rank", "alternative"], kind="stable").reset_index(drop=True)
