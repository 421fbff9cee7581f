"""Reading a decision matrix CSV and a weights YAML/JSON for `rank-matrix`, with exact error places."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from vendor_eval.domain.criteria import yaml_document
from vendor_eval.domain.enums import Direction
from vendor_eval.errors import InputError
from vendor_eval.files.decode import read_text
from vendor_eval.files.tables import read_csv_lines


def read_matrix_csv(path: Path) -> pd.DataFrame:
    """First column: alternative names; every other column: one criterion, numbers only."""
    path = Path(path)
    rows = read_csv_lines(path)
    if len(rows) < 2:
        raise InputError("needs a header row and at least one alternative", file=str(path))
    header_line, header = rows[0][0], [cell.strip() for cell in rows[0][1]]
    if len(header) < 2:
        raise InputError("needs a name column and at least one criterion column", file=str(path),
                         row=header_line)
    criteria = header[1:]
    for column in criteria:
        if not column:
            raise InputError("a criterion column has no name", file=str(path), row=header_line)
        if criteria.count(column) > 1:
            raise InputError("duplicate criterion column", file=str(path), row=header_line,
                             column=column)
    names: list[str] = []
    values: list[list[float]] = []
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise InputError(f"has {len(row)} cells, the header has {len(header)}",
                             file=str(path), row=line)
        name = row[0].strip()
        if not name:
            raise InputError("alternative name is empty", file=str(path), row=line,
                             column=header[0] or "name")
        if name in names:
            raise InputError(f"duplicate alternative '{name}'", file=str(path), row=line,
                             column=header[0] or "name")
        names.append(name)
        numbers = []
        for column, cell in zip(criteria, row[1:], strict=True):
            try:
                number = float(cell)
            except ValueError:
                raise InputError(f"'{cell}' is not a number", file=str(path), row=line,
                                 column=column) from None
            if number != number or number in (float("inf"), float("-inf")):
                raise InputError(f"'{cell}' is not a finite number", file=str(path), row=line,
                                 column=column)
            numbers.append(number)
        values.append(numbers)
    return pd.DataFrame(values, index=names, columns=criteria)


def read_weights(path: Path) -> tuple[dict[str, float], dict[str, Direction]]:
    """`{criterion: {weight: float, direction: benefit|cost}}` from YAML or JSON."""
    path = Path(path)
    text = read_text(path, "a mapping {criterion: {weight, direction}}")
    if path.suffix.lower() == ".json":
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", file=str(path), row=exc.lineno) from None
    else:
        raw = yaml_document(text, str(path))
    if not isinstance(raw, dict) or not raw:
        raise InputError("expected a mapping {criterion: {weight, direction}}", file=str(path))
    weights: dict[str, float] = {}
    directions: dict[str, Direction] = {}
    for criterion, spec in raw.items():
        if not isinstance(spec, dict) or "weight" not in spec:
            raise InputError("expected {weight: number, direction: benefit|cost}", file=str(path),
                             column=str(criterion))
        weight = spec["weight"]
        if isinstance(weight, bool) or not isinstance(weight, (int, float)):
            raise InputError(f"weight '{weight}' is not a number", file=str(path),
                             column=f"{criterion}.weight")
        direction = spec.get("direction", "benefit")
        try:
            directions[str(criterion)] = Direction(direction)
        except ValueError:
            raise InputError(f"direction '{direction}' must be benefit or cost", file=str(path),
                             column=f"{criterion}.direction") from None
        weights[str(criterion)] = float(weight)
    return weights, directions
