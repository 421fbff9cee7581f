"""Writing the RFP response workbook (XLSX) for vendors to fill in; its format (where each
cell sits) and the reader are in `files.rfp_workbook`.

Question cells are locked (sheet protection), answer and comment cells unlocked with Excel data
validation that mirrors the question's rules (dropdowns, number ranges, dates, text length).
Protection and validation only guide the vendor: both can be switched off, so the import checks
every cell again.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING, Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from vendor_eval.domain.questions import (
    EARLIEST_DATE,
    LATEST_DATE,
    REFERENCE_LIMIT,
    TEXT_LIMIT,
    AnswerType,
    Question,
)
from vendor_eval.files.rfp_workbook import (
    ANSWER_COL,
    COMMENT_COL,
    FIRST_ROW,
    HEADER,
    HEADER_ROW,
    ID_COL,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    META_KEYS,
    META_SHEET,
    QUESTION_COL,
    REQUIRED_COL,
    RULE_COL,
    WorkbookLayout,
    WorkbookSheet,
)

WIDTHS = {ID_COL: 26, QUESTION_COL: 70, RULE_COL: 34, REQUIRED_COL: 11, ANSWER_COL: 34,
          COMMENT_COL: 44}
ANSWER_FILL = PatternFill("solid", fgColor="FFF8E1")
EXCEL_EPOCH = date(1899, 12, 30)

Defuse = Callable[[object], object]


def response_workbook_bytes(layout: WorkbookLayout, defuse: Defuse) -> bytes:
    """The XLSX file for `layout`; every text goes through `defuse` and is stored as text."""
    book = Workbook()
    instructions = book.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, layout, defuse)
    lists = book.create_sheet(LISTS_SHEET)
    list_ranges = _write_lists(lists, layout, defuse)
    for sheet in layout.sheets:
        _write_questions(book.create_sheet(sheet.title), sheet, list_ranges, defuse)
    meta = book.create_sheet(META_SHEET)
    for row, key in enumerate(META_KEYS, start=1):
        meta.cell(row=row, column=1).value = key
        _set_text(meta.cell(row=row, column=2), defuse(layout.metadata.get(key, "")))
    for hidden, state in ((lists, "hidden"), (meta, "veryHidden")):
        hidden.sheet_state = state
        hidden.protection.sheet = True
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_instructions(sheet: Worksheet, layout: WorkbookLayout, defuse: Defuse) -> None:
    sheet.column_dimensions["A"].width = 110
    for row, line in enumerate(layout.instructions, start=1):
        cell = sheet.cell(row=row, column=1)
        _set_text(cell, defuse(line))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
    _protect(sheet)


def _write_lists(sheet: Worksheet, layout: WorkbookLayout, defuse: Defuse) -> dict[str, str]:
    """Each choice question's options in a column of the hidden list sheet, for its dropdown."""
    ranges: dict[str, str] = {}
    column = 0
    for _, _, question in layout.rows():
        if question.answer is not AnswerType.CHOICE:
            continue
        column += 1
        letter = get_column_letter(column)
        for row, option in enumerate(question.options, start=1):
            _set_text(sheet.cell(row=row, column=column), defuse(option))
        ranges[question.id] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(question.options)}"
    return ranges


def _write_questions(sheet: Worksheet, spec: WorkbookSheet, list_ranges: dict[str, str],
                     defuse: Defuse) -> None:
    _set_text(sheet["A1"], defuse(spec.title))
    sheet["A1"].font = Font(bold=True, size=13)
    _set_text(sheet["A2"], defuse(spec.intro))
    sheet["A2"].alignment = Alignment(wrap_text=False)
    for column, title in zip(ID_COL + QUESTION_COL + RULE_COL + REQUIRED_COL + ANSWER_COL +
                             COMMENT_COL, HEADER, strict=True):
        cell = sheet[f"{column}{HEADER_ROW}"]
        cell.value = title
        cell.font = Font(bold=True)
        sheet.column_dimensions[column].width = WIDTHS[column]
    sheet.freeze_panes = f"A{FIRST_ROW}"
    comments = DataValidation(type="textLength", operator="lessThanOrEqual",
                              formula1=str(TEXT_LIMIT), allow_blank=True, showErrorMessage=True,
                              errorTitle="Comment too long",
                              error=f"Keep comments to {TEXT_LIMIT:,} characters.")
    sheet.add_data_validation(comments)
    for row, question in enumerate(spec.questions, start=FIRST_ROW):
        _set_text(sheet[f"{ID_COL}{row}"], question.id)
        _set_text(sheet[f"{QUESTION_COL}{row}"], defuse(question.text))
        rule = question.describe_rule() + (f". {question.help}" if question.help else "")
        _set_text(sheet[f"{RULE_COL}{row}"], defuse(rule))
        _set_text(sheet[f"{REQUIRED_COL}{row}"], spec.required_note if question.required
                  else "optional")
        for column in (QUESTION_COL, RULE_COL):
            sheet[f"{column}{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        for column in (ANSWER_COL, COMMENT_COL):
            cell = sheet[f"{column}{row}"]
            cell.protection = Protection(locked=False)
            cell.fill = ANSWER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        answer = sheet[f"{ANSWER_COL}{row}"]
        if question.answer is AnswerType.DATE:
            answer.number_format = "yyyy-mm-dd"
        elif question.answer in (AnswerType.TEXT, AnswerType.FILE_REFERENCE):
            answer.number_format = "@"  # typed text stays text (no date or number guessing)
        validation = _validation(question, list_ranges)
        sheet.add_data_validation(validation)
        validation.add(answer)
        comments.add(sheet[f"{COMMENT_COL}{row}"])
    _protect(sheet)


def _validation(question: Question, list_ranges: dict[str, str]) -> DataValidation:
    """Excel's own check of the answer cell, matching `Question.normalise`."""
    rule = question.describe_rule()
    common = dict(allow_blank=True, showErrorMessage=True, showInputMessage=True,
                  errorStyle="stop", errorTitle="Not an accepted answer",
                  error=f"Enter {rule}."[:225], promptTitle="Answer", prompt=rule[:255])
    kind = question.answer
    if kind is AnswerType.YES_NO:
        return DataValidation(type="list", formula1='"yes,no"', **common)
    if kind is AnswerType.CHOICE:
        return DataValidation(type="list", formula1=list_ranges[question.id], **common)
    if kind is AnswerType.NUMBER:
        return DataValidation(type="whole" if question.whole else "decimal", operator="between",
                              formula1=_formula_number(question.minimum),
                              formula2=_formula_number(question.maximum), **common)
    if kind is AnswerType.DATE:
        return DataValidation(type="date", operator="between",
                              formula1=str((EARLIEST_DATE - EXCEL_EPOCH).days),
                              formula2=str((LATEST_DATE - EXCEL_EPOCH).days), **common)
    limit = REFERENCE_LIMIT if kind is AnswerType.FILE_REFERENCE else TEXT_LIMIT
    return DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(limit),
                          **common)


def _formula_number(value: float | None) -> str:
    number = float(value or 0)
    return str(int(number)) if number.is_integer() else repr(number)


def _protect(sheet: Worksheet) -> None:
    """Lock the sheet (unlocked cells stay editable); columns and rows may still be resized."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _set_text(cell: Cell, value: object) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = TYPE_STRING  # openpyxl would otherwise take a leading '=' as a formula
