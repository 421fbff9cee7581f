"""Reading a pairwise comparison CSV (cells such as `1/5`) and deriving AHP weights from it."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from vendor_eval.engine.ahp import AhpResult, pairwise_weights
from vendor_eval.errors import InputError
from vendor_eval.files.tables import read_csv_lines


@dataclass(frozen=True)
class PairwiseTable:
    """A pairwise matrix as written: column labels, row labels, values and their CSV lines."""

    labels: list[str]
    row_labels: list[str]
    values: np.ndarray
    lines: list[int]


def read_pairwise_csv(path: Path) -> PairwiseTable:
    """Header: a corner cell, then the labels; each row: its label, then one judgement per column.

    Judgements are numbers or fractions (`5`, `1/5`, `0.2`). An empty cell is filled from its
    mirror (1/a_ji), so writing only the upper triangle is enough; an empty diagonal cell is 1.
    """
    path = Path(path)
    numbered = read_csv_lines(path)
    if len(numbered) < 2:
        raise InputError("needs a header row of labels and at least one row of judgements",
                         file=str(path))
    header_line, header = numbered[0]
    labels = [cell.strip() for cell in header[1:]]
    if not labels:
        raise InputError("the header needs a corner cell, then one label per column",
                         file=str(path), row=header_line)
    for position, label in enumerate(labels, start=2):
        if not label:
            raise InputError(f"column {position} has no label", file=str(path), row=header_line)
    rows = numbered[1:]
    if len(rows) != len(labels):
        if len(rows) > len(labels):
            line, row = rows[len(labels)]
            raise InputError(f"extra row '{row[0].strip()}': the header has {len(labels)} labels, "
                             "so the matrix must have as many rows", file=str(path), row=line)
        raise InputError(f"column '{labels[len(rows)]}' has no row: the header has {len(labels)} "
                         f"labels but there are {len(rows)} rows; the matrix must be square",
                         file=str(path), row=header_line, column=labels[len(rows)])
    row_labels: list[str] = []
    values = np.full((len(labels), len(labels)), np.nan)
    for i, (line, row) in enumerate(rows):
        if len(row) != len(header):
            raise InputError(f"has {len(row)} cells, the header has {len(header)}",
                             file=str(path), row=line)
        row_labels.append(row[0].strip())
        for j, cell in enumerate(row[1:]):
            values[i, j] = _judgement(cell, path, line, labels[j])
    return PairwiseTable(labels=labels, row_labels=row_labels,
                         values=_fill_blanks(values, labels, rows, path),
                         lines=[line for line, _ in rows])


def derive_weights(path: Path) -> AhpResult:
    """AHP weights, lambda_max, CI and CR of the pairwise matrix in a CSV file."""
    table = read_pairwise_csv(path)
    try:
        return pairwise_weights(table.values, table.labels, table.row_labels)
    except InputError as error:
        line = table.lines[error.row - 1] if error.row is not None else None
        raise InputError(error.message, file=str(path), row=line, column=error.column) from None


def _judgement(cell: str, path: Path, line: int, column: str) -> float:
    text = cell.strip().replace(" ", "")
    if not text:
        return np.nan
    try:
        return float(Fraction(text))
    except ValueError:
        raise InputError(f"'{cell.strip()}' is not a number or a fraction such as 1/5",
                         file=str(path), row=line, column=column) from None
    except ZeroDivisionError:
        raise InputError(f"'{cell.strip()}' divides by zero", file=str(path), row=line,
                         column=column) from None


def _fill_blanks(values: np.ndarray, labels: list[str], rows: list[tuple[int, list[str]]],
                 path: Path) -> np.ndarray:
    filled = values.copy()
    diagonal = np.diag(filled)
    np.fill_diagonal(filled, np.where(np.isnan(diagonal), 1.0, diagonal))
    mirror = filled.T
    both = np.isnan(filled) & np.isnan(mirror)
    if both.any():
        i, j = np.argwhere(both)[0]
        raise InputError(f"{labels[i]} vs {labels[j]} is empty and so is its mirror cell; give "
                         "one of the two", file=str(path), row=rows[i][0], column=labels[j])
    usable = np.isfinite(mirror) & (mirror > 0)
    # A blank facing an unusable judgement gets a neutral 1, so the error names the bad cell.
    reciprocal = np.divide(1.0, mirror, out=np.ones_like(mirror), where=usable)
    return np.where(np.isnan(filled), reciprocal, filled)


def derive_pairwise_weights(matrix: np.ndarray, labels: list[str]) -> AhpResult:
    """Weights, lambda_max, CI and CR from judgements entered in a form (no file involved)."""
    return pairwise_weights(matrix, labels)
