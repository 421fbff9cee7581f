"""XLSX workbooks from data frames, with every text cell stored as text, never as a formula."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

MAX_WIDTH = 60


def workbook_bytes(sheets: Mapping[str, pd.DataFrame],
                   defuse: Callable[[object], object]) -> bytes:
    """One sheet per frame (header row bold and frozen). `defuse` is applied to every header
    and text cell, and text is written with the string type explicitly, so a value such as
    `=HYPERLINK(...)` can never become a live formula, whatever `defuse` does."""
    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title=title[:31])
        sheet.append([_text_cell(sheet, defuse(str(c))) for c in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in frame.itertuples(index=False, name=None):
            sheet.append([_cell(sheet, defuse, v) for v in values])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            longest = max([len(str(column)), *(len(str(v)) for v in frame.iloc[:, index - 1])],
                          default=8)
            sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, MAX_WIDTH)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet, defuse: Callable[[object], object], value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (bool, int, float, datetime, date)):
        return value
    return _text_cell(sheet, defuse(str(value)))


def _text_cell(sheet, value: object):
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, value=None)
    cell.value = value
    cell.data_type = TYPE_STRING  # openpyxl would otherwise take a leading '=' as a formula
    return cell
