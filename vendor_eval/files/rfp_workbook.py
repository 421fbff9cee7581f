"""The RFP response workbook's format, and reading it back when a vendor returns it.

Where every question, answer cell and metadata value sits is defined here once: the writer
(`render.rfp_workbook`) lays the workbook out by it, and the reader below finds the vendor's
answers by it. A very hidden sheet carries the metadata (project, issue token, bank version,
issue time, vendor, checksum) that lets an import recognise the workbook. Reading interprets
nothing: `services.rfp.responses` checks every cell again, since protection and validation in
the file can be switched off.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from openpyxl import load_workbook
from openpyxl.cell.cell import TYPE_FORMULA

from vendor_eval.domain.canonical import canonical_digest
from vendor_eval.domain.questions import Question

FORMAT = "vendor-eval response workbook 1"
META_KEYS = ("format", "project", "issue", "bank_version", "issued_at", "vendor", "checksum",
             "project_title", "questions", "pricing_models")
META_SHEET, LISTS_SHEET, INSTRUCTIONS_SHEET = "_vendor_eval", "_lists", "Instructions"
HEADER = ("Id", "Question", "How to answer", "Required", "Answer", "Comment")
ID_COL, QUESTION_COL, RULE_COL, REQUIRED_COL, ANSWER_COL, COMMENT_COL = "ABCDEF"
HEADER_ROW, FIRST_ROW = 3, 4
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000


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
