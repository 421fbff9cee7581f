"""Weights from pairwise comparisons: Saaty's principal eigenvector and consistency ratio."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vendor_eval.errors import InputError

# Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill: mean consistency index of random
# reciprocal matrices on the 1-9 scale, by order n (the table that defines CR = CI / RI).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
    11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
}
CONSISTENCY_LIMIT = 0.10  # Saaty's rule of thumb: revise the judgements when CR exceeds 10%
RECIPROCAL_TOLERANCE = 0.03  # 0.33 for 1/3 or 0.14 for 1/7 are reciprocals written by hand
SAATY_SCALE = np.array([1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2,
                        1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0])
JUDGEMENTS_SHOWN = 3
METHOD = "principal eigenvector (Saaty 1980)"


@dataclass(frozen=True)
class Judgement:
    """One comparison worth revisiting: what was said, what the derived weights imply, and a
    nearby value on the 1-9 scale that would agree with them."""

    row: str
    column: str
    value: float
    implied: float
    suggested: float
    deviation: float

    def to_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "value": round(self.value, 4),
            "implied": round(self.implied, 4),
            "suggested": _scale_label(self.suggested),
            "deviation": round(self.deviation, 4),
        }


@dataclass(frozen=True)
class AhpResult:
    """Priority weights of a pairwise matrix with its consistency, recording how they were made."""

    labels: tuple[str, ...]
    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    random_index: float
    inconsistent_judgements: tuple[Judgement, ...] = ()
    method: str = METHOD

    def __post_init__(self) -> None:
        n = len(self.labels)
        if self.weights.shape != (n,) or not np.isclose(self.weights.sum(), 1.0):
            raise AssertionError("AHP weights must be one per label and sum to 1")
        if (self.weights <= 0).any():
            raise AssertionError("AHP weights of a positive matrix are positive (Perron)")
        if self.lambda_max < n - 1e-9:
            raise AssertionError("lambda_max of a positive reciprocal matrix is at least n")
        if bool(self.inconsistent_judgements) and not self.cr > CONSISTENCY_LIMIT:
            raise AssertionError("judgements are pointed out only when CR exceeds the limit")

    @property
    def consistent(self) -> bool:
        return self.cr <= CONSISTENCY_LIMIT

    def weight_map(self) -> dict[str, float]:
        return {label: float(w) for label, w in zip(self.labels, self.weights, strict=True)}

    def to_dict(self) -> dict[str, object]:
        """The CLI's `--format json`: `inconsistent_judgements` appears only when CR > 0.10."""
        body: dict[str, object] = {
            "weights": {label: round(w, 6) for label, w in self.weight_map().items()},
            "lambda_max": round(self.lambda_max, 6),
            "ci": round(self.ci, 6),
            "cr": round(self.cr, 6),
            "random_index": self.random_index,
            "consistent": self.consistent,
            "method": self.method,
        }
        if not self.consistent:
            body["inconsistent_judgements"] = [j.to_dict() for j in self.inconsistent_judgements]
        return body


def principal_eigenvector(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Kernel: the Perron vector (summing to 1) and root of a positive matrix; no validation."""
    values, vectors = np.linalg.eig(np.asarray(matrix, dtype=float))
    index = int(np.argmax(values.real))
    vector = np.abs(vectors[:, index].real)
    return vector / vector.sum(), float(values[index].real)


def consistency(lambda_max: float, n: int) -> tuple[float, float]:
    """Kernel: Saaty's consistency index CI = (lambda_max - n) / (n - 1) and ratio CR = CI / RI.

    Matrices of order 1 and 2 are always consistent (RI = 0), so both are 0 there.
    """
    if n <= 2:
        return 0.0, 0.0
    ci = max(0.0, (lambda_max - n) / (n - 1))  # never below 0 but for rounding
    return ci, ci / RANDOM_INDEX[n]


def most_inconsistent(matrix: np.ndarray, weights: np.ndarray,
                      count: int) -> list[tuple[int, int, float]]:
    """Kernel: the judgements a_ij that deviate most from the weights' ratio w_i / w_j.

    Saaty (2003, "Decision-making with the AHP: why is the principal eigenvector necessary",
    EJOR 145:85-91) revises first the a_ij for which eps_ij = a_ij * w_j / w_i is furthest from 1;
    max(eps, 1/eps) treats over- and under-statement alike. Returns (i, j, deviation), i < j.
    """
    upper_i, upper_j = np.triu_indices(len(weights), k=1)
    eps = matrix[upper_i, upper_j] * weights[upper_j] / weights[upper_i]
    deviation = np.maximum(eps, 1.0 / eps)
    order = np.argsort(-deviation, kind="stable")[:count]
    return [(int(upper_i[k]), int(upper_j[k]), float(deviation[k])) for k in order]


def check_pairwise(matrix: np.ndarray, labels: list[str],
                   row_labels: list[str] | None = None) -> None:
    """Refuse what is not a square, positive, reciprocal matrix on Saaty's 1-9 scale.

    Errors name the matrix row (1-based) and the column label, so a reader can find the cell.
    """
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        shape = " x ".join(str(size) for size in matrix.shape) or "a single number"
        raise InputError(f"the pairwise matrix is {shape}; it must be square, one row and one "
                         "column per element compared")
    n = matrix.shape[0]
    if n == 0:
        raise InputError("the pairwise matrix is empty")
    if n > max(RANDOM_INDEX):
        raise InputError(f"{n} elements: Saaty's random index is tabulated up to "
                         f"{max(RANDOM_INDEX)}; group them into a hierarchy of smaller matrices")
    if len(labels) != n:
        raise InputError(f"{len(labels)} labels for a {n} x {n} matrix")
    if len(set(labels)) != n:
        duplicate = next(label for label in labels if labels.count(label) > 1)
        raise InputError(f"label '{duplicate}' appears twice", column=duplicate)
    if row_labels is not None:
        for i, (row, column) in enumerate(zip(row_labels, labels, strict=True)):
            if row != column:
                raise InputError(f"row {i + 1} is labelled '{row}' but column {i + 1} is "
                                 f"'{column}'; rows and columns must list the same elements in "
                                 "the same order", row=i + 1, column=column)
    bad = ~np.isfinite(matrix) | (matrix <= 0)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise InputError(f"judgement {labels[i]} vs {labels[j]} is {matrix[i, j]:g}; every "
                         "judgement must be a positive number (1-9 or a reciprocal such as 1/5)",
                         row=int(i) + 1, column=labels[j])
    low, high = SAATY_SCALE[0] * (1 - RECIPROCAL_TOLERANCE), SAATY_SCALE[-1]
    outside = (matrix < low) | (matrix > high)
    if outside.any():
        i, j = np.argwhere(outside)[0]
        raise InputError(f"judgement {labels[i]} vs {labels[j]} is {matrix[i, j]:g}, outside "
                         "Saaty's scale from 1/9 to 9", row=int(i) + 1, column=labels[j])
    off_diagonal = np.abs(np.diag(matrix) - 1.0) > RECIPROCAL_TOLERANCE
    if off_diagonal.any():
        i = int(np.argmax(off_diagonal))
        raise InputError(f"an element compared with itself must be 1, not {matrix[i, i]:g}",
                         row=i + 1, column=labels[i])
    not_reciprocal = np.triu(np.abs(matrix * matrix.T - 1.0) > RECIPROCAL_TOLERANCE, k=1)
    if not_reciprocal.any():
        i, j = np.argwhere(not_reciprocal)[0]
        raise InputError(
            f"{labels[i]} vs {labels[j]} is {matrix[i, j]:g} but {labels[j]} vs {labels[i]} is "
            f"{matrix[j, i]:g}; the two must be reciprocals (e.g. 5 and 1/5)",
            row=int(i) + 1, column=labels[j])


def pairwise_weights(matrix: np.ndarray, labels: list[str],
                     row_labels: list[str] | None = None) -> AhpResult:
    """Validate a pairwise matrix, then derive its priority vector and consistency (Saaty 1980).

    Hand-written reciprocals (0.33 for 1/3) are reconciled by the geometric mean of a_ij and
    1/a_ji, so rounding is not mistaken for inconsistency.
    """
    check_pairwise(matrix, labels, row_labels)
    given = np.asarray(matrix, dtype=float)
    reconciled = np.sqrt(given / given.T)
    weights, lambda_max = principal_eigenvector(reconciled)
    n = len(labels)
    lambda_max = max(lambda_max, float(n))  # a consistent matrix has exactly n; eig rounds
    ci, cr = consistency(lambda_max, n)
    judgements: tuple[Judgement, ...] = ()
    if cr > CONSISTENCY_LIMIT:
        judgements = tuple(
            Judgement(row=labels[i], column=labels[j], value=float(reconciled[i, j]),
                      implied=float(weights[i] / weights[j]),
                      suggested=nearest_on_scale(weights[i] / weights[j]), deviation=deviation)
            for i, j, deviation in most_inconsistent(reconciled, weights, JUDGEMENTS_SHOWN)
        )
    return AhpResult(labels=tuple(labels), weights=weights, lambda_max=lambda_max, ci=ci, cr=cr,
                     random_index=RANDOM_INDEX[n], inconsistent_judgements=judgements)


def nearest_on_scale(ratio: float) -> float:
    """The value of Saaty's 1-9 scale (or its reciprocal) nearest to a ratio, in log terms."""
    return float(SAATY_SCALE[np.argmin(np.abs(np.log(SAATY_SCALE) - np.log(ratio)))])


def _scale_label(value: float) -> str:
    return f"{value:g}" if value >= 1 else f"1/{round(1 / value)}"
