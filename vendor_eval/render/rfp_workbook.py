"""The RFP response workbook (XLSX): where every question, answer cell and metadata value sits,
written for vendors to fill in and read back cell by cell when they return it.

Question cells are locked (sheet protection), answer and comment cells unlocked with Excel data
validation that mirrors the question's rules (dropdowns, number ranges, dates, text length).
Protection and validation only guide the vendor: both can be switched off, so the import checks
every cell again. A very hidden sheet carries the metadata (project, issue token, bank version,
issue time, vendor, checksum) that lets an import recognise the workbook.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING, Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from vendor_eval.domain.canonical import canonical_digest
from vendor_eval.domain.questions import (
    EARLIEST_DATE,
    LATEST_DATE,
    REFERENCE_LIMIT,
    TEXT_LIMIT,
    AnswerType,
    Question,
)

FORMAT = "vendor-eval response workbook 1"
META_KEYS = ("format", "project", "issue", "bank_version", "issued_at", "vendor", "checksum",
             "project_title", "questions", "pricing_models")
META_SHEET, LISTS_SHEET, INSTRUCTIONS_SHEET = "_vendor_eval", "_lists", "Instructions"
HEADER = ("Id", "Question", "How to answer", "Required", "Answer", "Comment")
ID_COL, QUESTION_COL, RULE_COL, REQUIRED_COL, ANSWER_COL, COMMENT_COL = "ABCDEF"
HEADER_ROW, FIRST_ROW = 3, 4
WIDTHS = {ID_COL: 26, QUESTION_COL: 70, RULE_COL: 34, REQUIRED_COL: 11, ANSWER_COL: 34,
          COMMENT_COL: 44}
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000
ANSWER_FILL = PatternFill("solid", fgColor="FFF8E1")
EXCEL_EPOCH = date(1899, 12, 30)

Defuse = Callable[[object], object]


@dataclass(frozen=True)
class WorkbookSheet:
    """One sheet of questions: a bank section, or the pricing sheet of one pricing model."""

    title: str
    intro: str
    questions: tuple[Question, ...]
    required_note: str = "required"


@dataclass(frozen=True)
class WorkbookLayout:
    """Everything the workbook holds, in order; the same layout writes and reads the file."""

    metadata: Mapping[str, str]
    instructions: tuple[str, ...]
    sheets: tuple[WorkbookSheet, ...]

    def rows(self) -> list[tuple[WorkbookSheet, int, Question]]:
        """(sheet, row number, question) for every question row of every sheet."""
        return [(sheet, row, question) for sheet in self.sheets
                for row, question in enumerate(sheet.questions, start=FIRST_ROW)]

    def checksum(self) -> str:
        """SHA-256 over each sheet's rows: id, wording, the answer rule and whether required."""
        body = [[sheet.title, question.id, question.text, question.describe_rule(),
                 question.required] for sheet, _, question in self.rows()]
        return canonical_digest(body)


@dataclass(frozen=True)
class ReturnedCell:
    value: object
    formula: bool = False


@dataclass
class ReturnedWorkbook:
    """A workbook as returned: its metadata and the cells of each sheet, nothing interpreted."""

    metadata: dict[str, str]
    sheet_names: list[str]
    cells: dict[tuple[str, str], ReturnedCell] = field(default_factory=dict)

    def cell(self, sheet: str, coordinate: str) -> ReturnedCell:
        return self.cells.get((sheet, coordinate), ReturnedCell(None))


# --- writing --------------------------------------------------------------------------------

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


# --- reading --------------------------------------------------------------------------------

class UnreadableWorkbook(ValueError):
    """The bytes are not an XLSX workbook openpyxl can open."""


def read_response_workbook(data: bytes) -> ReturnedWorkbook:
    """The metadata and every cell of the question sheets, as the vendor left them.

    Formulas are reported as formulas (never evaluated, and their cached results are not
    trusted): an answer must be typed, not computed.
    """
    if len(data) > MAX_BYTES:
        raise UnreadableWorkbook(f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        book = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError) as error:
        raise UnreadableWorkbook("is not a readable .xlsx workbook") from error
    metadata: dict[str, str] = {}
    if META_SHEET in book.sheetnames:
        for key, value in book[META_SHEET].iter_rows(min_col=1, max_col=2, max_row=100,
                                                     values_only=True):
            if isinstance(key, str):
                metadata[key] = _undefuse("" if value is None else str(value))
    returned = ReturnedWorkbook(metadata=metadata, sheet_names=list(book.sheetnames))
    for sheet in book.worksheets:
        if sheet.title in (META_SHEET, LISTS_SHEET, INSTRUCTIONS_SHEET):
            continue
        for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, MAX_ROWS), max_col=6):
            for cell in row:
                if cell.value is None:
                    continue
                returned.cells[(sheet.title, cell.coordinate)] = ReturnedCell(
                    value=cell.value, formula=cell.data_type == TYPE_FORMULA)
    book.close()
    return returned


def metadata_cell(key: str) -> str:
    """Where a metadata value sits on the hidden sheet (for reporting a tampered value)."""
    return f"B{META_KEYS.index(key) + 1}"


def _undefuse(text: str) -> str:
    """Metadata values as written, before the formula guard's leading quote."""
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        return text[1:]
    return text


def cell_text(value: object) -> str:
    """A returned cell as the text a person sees in it (for comparing question cells)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)
