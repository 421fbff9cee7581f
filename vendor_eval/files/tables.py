"""Reading uploaded CSV and XLSX tables into rows, with errors that name file, line and column."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path, PurePath

from vendor_eval.errors import InputError
from vendor_eval.files.decode import content, read_text, utf8_text

MAX_ROWS = 200_000
TABLE = "a header row and data rows"
LINE = "__line__"  # each row carries the line it came from, for messages after validation


def read_rows(name: str, data: bytes, required: tuple[str, ...],
              optional: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows as dicts of text (line 2 is the first row), header checked against the columns."""
    suffix = PurePath(name).suffix.lower()
    data = content(data, name, TABLE)
    if suffix in (".xlsx", ".xlsm"):
        header, body, first_line = _split_header(name, _xlsx_rows(name, data))
    elif suffix in (".csv", ".txt", ""):
        header, body, first_line = _split_header(name, _csv_rows(name, data))
    else:
        raise InputError(f"expected a .csv or .xlsx file, got '{suffix}'", file=name)
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; expected "
                         f"{', '.join(required + optional)}", file=name, row=1, column=missing[0])
    unknown = [h for h in header if h and h not in required + optional]
    if unknown:
        raise InputError(f"unknown column '{unknown[0]}'; expected "
                         f"{', '.join(required + optional)}", file=name, row=1, column=unknown[0])
    if sum(1 for cells in body if any(c.strip() for c in cells)) > MAX_ROWS:
        raise InputError(f"{len(body):,} rows is more than the {MAX_ROWS:,} a file may hold",
                         file=name)
    rows = []
    for line, cells in enumerate(body, start=first_line):
        if not any(c.strip() for c in cells):
            continue  # a blank line: skipped, but counted, so later lines keep their numbers
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            raise InputError(f"has {len(cells)} cells, the header has {len(header)}", file=name,
                             row=line)
        row = {column: (cells[i].strip() if i < len(cells) else "")
               for i, column in enumerate(header) if column}
        row[LINE] = str(line)
        for column in required:
            if not row[column]:
                raise InputError("is empty", file=name, row=line, column=column)
        rows.append(row)
    if not rows:
        raise InputError("has a header but no rows", file=name)
    return rows


def read_csv_lines(path: Path) -> list[tuple[int, list[str]]]:
    """The non-blank rows of a UTF-8 CSV file, each with the line it stands on in the file."""
    text = read_text(path, TABLE)
    return [(line, row) for line, row in enumerate(csv.reader(io.StringIO(text)), start=1)
            if any(cell.strip() for cell in row)]


def _split_header(name: str, rows: list[list[str]]) -> tuple[list[str], list[list[str]], int]:
    """The first non-blank row as header, the rows after it, and the line number of the first."""
    for index, cells in enumerate(rows):
        if any(c.strip() for c in cells):
            return cells, rows[index + 1:], index + 2
    raise InputError(f"is empty; expected {TABLE}", file=name)


def _csv_rows(name: str, data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(utf8_text(data, name, TABLE))))


def _xlsx_rows(name: str, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise InputError("is not a readable .xlsx workbook", file=name) from None
    sheet = workbook.worksheets[0]
    rows = [["" if v is None else (v.date().isoformat() if hasattr(v, "date") and
                                   callable(v.date) else str(v)) for v in row]
            for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows
