"""Writing the RFP response workbook (XLSX) for vendors to fill in; its format (where each
cell sits) and the reader are in `files.rfp_workbook`.

Question cells are locked (sheet protection), answer and comment cells unlocked with Excel data
validation that mirrors the question's rules (dropdowns in words, number ranges, dates, text
length). Protection and validation only guide the vendor: both can be switched off, so the import
checks every cell again. Every sheet prints landscape, one page wide, with its header row on each
page, and each row is as tall as its wrapped text.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
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

# Column widths in characters: together about 190, which prints one page wide in landscape at
# about 70% (A4 or Letter) and leaves the answer and comment columns room to type in.
WIDTHS = {ID_COL: 30, QUESTION_COL: 56, RULE_COL: 28, REQUIRED_COL: 10, ANSWER_COL: 34,
          COMMENT_COL: 34}
INSTRUCTIONS_WIDTH = 100  # one column: it must fit a landscape page unscaled (LibreOffice clips)
ANSWER_FILL = PatternFill("solid", fgColor="FFF8E1")
HEADER_FILL = PatternFill("solid", fgColor="E8EAED")
EDGE = Side(style="thin", color="A6A6A6")
BOX = Border(left=EDGE, right=EDGE, top=EDGE, bottom=EDGE)
FONT = "Calibri"  # named, so no spreadsheet falls back to a serif face for bold or small text
ID_FONT = Font(name=FONT, size=9, color="595959")  # ids fit the column; vendors read the question
WRAP = Alignment(wrap_text=True, vertical="top")
EXCEL_EPOCH = date(1899, 12, 30)
# Row heights: spreadsheets do not grow a row to its wrapped text when opening a file, so each
# row is given the height its longest cell needs. The estimate errs on the tall side: a column of
# width w holds about w characters of 11-point text per line, at 15 points a line.
LINE_POINTS = 15.0
ROW_PADDING = 3.0
ANSWER_LINES = {AnswerType.TEXT: 4, AnswerType.FILE_REFERENCE: 2}  # room to type before resizing

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
        _write_questions(book.create_sheet(sheet.title), sheet, layout, list_ranges, defuse)
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
    sheet.column_dimensions["A"].width = INSTRUCTIONS_WIDTH
    for row, line in enumerate(layout.instructions, start=1):
        cell = sheet.cell(row=row, column=1)
        _set_text(cell, defuse(line))
        cell.alignment = WRAP
        if row == 1:
            cell.font = Font(name=FONT, bold=True, size=14)
        _fit_row(sheet, row, [(line, INSTRUCTIONS_WIDTH)], size=14 if row == 1 else 11)
    _print_setup(sheet, layout, title_rows=None)
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
        for row, words in enumerate(question.option_words, start=1):
            _set_text(sheet.cell(row=row, column=column), defuse(words))
        ranges[question.id] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(question.options)}"
    return ranges


def _write_questions(sheet: Worksheet, spec: WorkbookSheet, layout: WorkbookLayout,
                     list_ranges: dict[str, str], defuse: Defuse) -> None:
    columns = ID_COL + QUESTION_COL + RULE_COL + REQUIRED_COL + ANSWER_COL + COMMENT_COL
    _set_text(sheet["A1"], defuse(spec.title))
    sheet["A1"].font = Font(name=FONT, bold=True, size=13)
    _fit_row(sheet, 1, [(spec.title, sum(WIDTHS.values()))], size=13)
    _set_text(sheet["A2"], defuse(spec.intro))
    sheet["A2"].alignment = WRAP
    sheet.merge_cells(f"A2:{COMMENT_COL}2")  # the intro wraps across the table's width
    _fit_row(sheet, 2, [(spec.intro, sum(WIDTHS.values()))])
    for column, title in zip(columns, HEADER, strict=True):
        cell = sheet[f"{column}{HEADER_ROW}"]
        cell.value = title
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(vertical="center")
        sheet.column_dimensions[column].width = WIDTHS[column]
    sheet.freeze_panes = f"A{FIRST_ROW}"
    comments = DataValidation(type="textLength", operator="lessThanOrEqual",
                              formula1=str(TEXT_LIMIT), allow_blank=True, showErrorMessage=True,
                              errorTitle="Comment too long",
                              error=f"Keep comments to {TEXT_LIMIT:,} characters.")
    sheet.add_data_validation(comments)
    for row, question in enumerate(spec.questions, start=FIRST_ROW):
        _set_text(sheet[f"{ID_COL}{row}"], question.id)
        sheet[f"{ID_COL}{row}"].font = ID_FONT
        _set_text(sheet[f"{QUESTION_COL}{row}"], defuse(question.text))
        rule = question.describe_rule() + (f". {question.help}" if question.help else "")
        _set_text(sheet[f"{RULE_COL}{row}"], defuse(rule))
        _set_text(sheet[f"{REQUIRED_COL}{row}"], spec.required_note if question.required
                  else "optional")
        for column in columns:
            sheet[f"{column}{row}"].alignment = WRAP
            sheet[f"{column}{row}"].border = BOX
        for column in (ANSWER_COL, COMMENT_COL):
            cell = sheet[f"{column}{row}"]
            cell.protection = Protection(locked=False)
            cell.fill = ANSWER_FILL
        room = "\n" * (ANSWER_LINES.get(question.answer, 1) - 1)
        _fit_row(sheet, row, [(question.text, WIDTHS[QUESTION_COL]),
                              (rule, WIDTHS[RULE_COL]), (room, WIDTHS[ANSWER_COL])])
        answer = sheet[f"{ANSWER_COL}{row}"]
        if question.answer is AnswerType.DATE:
            answer.number_format = "yyyy-mm-dd"
        elif question.answer in (AnswerType.TEXT, AnswerType.FILE_REFERENCE):
            answer.number_format = "@"  # typed text stays text (no date or number guessing)
        validation = _validation(question, list_ranges)
        sheet.add_data_validation(validation)
        validation.add(answer)
        comments.add(sheet[f"{COMMENT_COL}{row}"])
    _print_setup(sheet, layout, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
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


def _print_setup(sheet: Worksheet, layout: WorkbookLayout, title_rows: str | None) -> None:
    """Landscape, one page wide and as many long as needed, the header row on every page, and
    the sheet's name, the issue reference and the page number on each, so a printed page can be
    read and placed on its own."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25,
                                     footer=0.25)
    if title_rows is not None:
        sheet.print_title_rows = title_rows
    sheet.oddHeader.center.text = "&A"  # the sheet's name
    reference = "".join(c for c in str(layout.metadata.get("issue", "")) if c.isalnum())
    if reference:  # only letters and digits: '&' would start a header code
        sheet.oddFooter.left.text = f"Reference {reference}"
    sheet.oddFooter.right.text = "Page &P of &N"


def _fit_row(sheet: Worksheet, row: int, texts: list[tuple[str, float]], size: float = 11
             ) -> None:
    """Make the row as tall as the most lines any of its `(text, column width)` wraps to, for
    text of `size` points."""
    scale = size / 11
    lines = max(_wrapped_lines(text, width / scale) for text, width in texts)
    sheet.row_dimensions[row].height = lines * LINE_POINTS * scale + ROW_PADDING


def _wrapped_lines(text: str, width: float) -> int:
    per_line = max(int(width), 1)
    return sum(max(len(textwrap.wrap(part, per_line)), 1) for part in text.split("\n"))


def _protect(sheet: Worksheet) -> None:
    """Lock the sheet (unlocked cells stay editable); columns and rows may still be resized."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _set_text(cell: Cell, value: object) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = TYPE_STRING  # openpyxl would otherwise take a leading '=' as a formula
