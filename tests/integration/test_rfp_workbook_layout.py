"""The response workbook as a vendor opens and prints it: instructions as plain text, every sheet
landscape and one page wide with its header row repeated, wrapped rows tall enough for their
text, and choices offered in words that import back as the codes the evaluation reads."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.engine import Engine

from tests.rfp_support import add_vendor, complete_answers, fill
from vendor_eval.domain.enums import PricingModel
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.domain.rfp import RfpOptions
from vendor_eval.files.rfp_workbook import (
    ANSWER_COL,
    COMMENT_COL,
    HEADER_ROW,
    ID_COL,
    INSTRUCTIONS_SHEET,
    QUESTION_COL,
    RULE_COL,
)
from vendor_eval.services.rfp.answers import vendor_answers
from vendor_eval.services.rfp.issue import issue_rfp
from vendor_eval.services.rfp.responses import import_responses
from vendor_eval.store.unit_of_work import UnitOfWork

ONE_LINE = 15.0  # points: one line of 11-point text
PRICING_WORDS = ["Per item", "Per hour worked", "Managed team, monthly fee",
                 "Fixed price for the project"]


def issued(engine: Engine, vendor: str | None = None) -> tuple[bytes, tuple[str, ...]]:
    rfp = issue_rfp(UnitOfWork(engine), LOCAL_ADMIN, "demo", RfpOptions(vendor=vendor),
                    with_pdf=False)
    assert rfp.workbook is not None
    return rfp.workbook, rfp.question_ids


def opened(workbook: bytes) -> Workbook:
    return load_workbook(io.BytesIO(workbook))


def visible(book: Workbook) -> list[Worksheet]:
    return [s for s in book.worksheets if s.sheet_state == "visible"]


def row_of(sheet: Worksheet, question_id: str) -> int:
    return next(c.row for c in sheet[ID_COL] if c.value == question_id)


def list_values(book: Workbook, sheet: Worksheet, row: int) -> list[str]:
    """The values a list validation on the answer cell of `row` offers, read from its range."""
    rule = next(v for v in sheet.data_validations.dataValidation
                if str(v.sqref) == f"{ANSWER_COL}{row}")
    assert rule.type == "list"
    where, cells = rule.formula1.split("!")
    source = book[where.strip("'")]
    return [c.value for line in source[cells.replace("$", "")] for c in line]


def test_instructions_are_plain_text_bullets_without_a_leading_quote(demo_engine: Engine) -> None:
    book = opened(issued(demo_engine)[0])
    lines = [c.value for c in book[INSTRUCTIONS_SHEET]["A"] if c.value]
    assert "\u2022 Every question marked 'required' needs an answer." in lines
    assert sum(line.startswith("\u2022 ") for line in lines) >= 5
    texts = [c.value for sheet in visible(book) for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith("'")]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]


def test_every_sheet_prints_landscape_one_page_wide_with_its_header_on_each_page(
        demo_engine: Engine) -> None:
    book = opened(issued(demo_engine)[0])
    for sheet in visible(book):
        setup = sheet.page_setup
        assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0), \
            sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.oddFooter.right.text == "Page &P of &N"
        assert sheet.oddHeader.center.text == "&A"  # the sheet's name on every page
        if sheet.title != INSTRUCTIONS_SHEET:
            assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}", sheet.title


def test_question_and_answer_cells_wrap_and_each_row_is_tall_enough_for_its_text(
        demo_engine: Engine) -> None:
    book = opened(issued(demo_engine)[0])
    for sheet in visible(book)[1:]:
        widths = {c: sheet.column_dimensions[c].width for c in (QUESTION_COL, ANSWER_COL)}
        assert widths[QUESTION_COL] >= 50 and widths[ANSWER_COL] >= 30
        for row in range(HEADER_ROW + 1, sheet.max_row + 1):
            for column in (QUESTION_COL, RULE_COL, ANSWER_COL, COMMENT_COL):
                assert sheet[f"{column}{row}"].alignment.wrap_text, f"{sheet.title}!{column}{row}"
            text = sheet[f"{QUESTION_COL}{row}"].value
            # Never less than one line per question-column width of text.
            needed = ONE_LINE * -(-len(text) // int(widths[QUESTION_COL]))
            assert sheet.row_dimensions[row].height >= needed, f"{sheet.title} row {row}"
    security = book["Security & compliance"]
    short, long = (security.row_dimensions[row_of(security, q)].height
                   for q in ("iso27001_certificate", "in_tool_controls"))
    assert long >= 5 * ONE_LINE > short
    scope = book["Scope acknowledgement"]  # a free-text answer gets room to type
    assert scope.row_dimensions[row_of(scope, "not_a_fit")].height >= 4 * ONE_LINE


def test_the_pricing_model_and_other_choices_are_offered_in_words(demo_engine: Engine) -> None:
    book = opened(issued(demo_engine)[0])
    commercials = book["Commercials"]
    row = row_of(commercials, "pricing_model")
    assert list_values(book, commercials, row) == PRICING_WORDS
    assert commercials[f"{RULE_COL}{row}"].value == "one of: " + "; ".join(PRICING_WORDS)
    scope = book["Scope acknowledgement"]
    assert "Managed core team with crowd overflow" in list_values(
        book, scope, row_of(scope, "delivery_model"))
    intro = book["Pricing - per hour"]["A2"].value
    assert "\u201cPer hour worked\u201d is your main offer" in intro and "per_hour" not in intro


@pytest.mark.parametrize(("typed", "model"), [
    ("Per hour worked", PricingModel.PER_HOUR),
    ("per item", PricingModel.PER_UNIT),  # the words in any case
    ("per_unit", PricingModel.PER_UNIT),  # a code, as workbooks issued before said it
])
def test_a_pricing_model_answered_in_words_imports_as_its_code(
        demo_engine: Engine, typed: str, model: PricingModel) -> None:
    vendor = add_vendor(UnitOfWork(demo_engine))
    workbook, ids = issued(demo_engine, vendor)
    answers = complete_answers(ids)
    answers.update({"pricing_model": typed, "price_per_hour_currency": "USD",
                    "price_per_hour_hourly_rate": 22, "price_per_hour_units_per_hour": 40})
    result = import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "words.xlsx",
                              fill(workbook, answers))
    assert result.price is not None and result.price.model is model
    stored = {a.question_id: a.value for a in vendor_answers(UnitOfWork(demo_engine),
                                                             LOCAL_ADMIN, "demo", vendor)}
    assert stored["pricing_model"] == model.value
