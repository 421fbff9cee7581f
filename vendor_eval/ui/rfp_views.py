"""What the RFP page shows, as plain values: question labels, the per-cell problem table, the
import report and the responses on record. Plain functions (Streamlit only for column
settings), so they are testable as they are."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from vendor_eval.domain.presentation import format_timestamp, plural
from vendor_eval.domain.questions import Question
from vendor_eval.domain.rfp import CellProblem, RfpOptions
from vendor_eval.services.rfp.answers import ResponseSummary
from vendor_eval.services.rfp.issue import DEFAULT_TEMPLATE_SET, IssuedRfp
from vendor_eval.services.rfp.responses import ImportedResponses
from vendor_eval.ui.frames import escape_markdown

ANY_VENDOR = "Any invited vendor"
FROM_WORKBOOK = "The vendor named in the workbook"
PROBLEM_COLUMNS = ["Sheet", "Cell", "Question", "Problem"]
RESPONSE_COLUMNS = ["Vendor", "Answers", "Withheld (sealed)", "Reference", "Question bank",
                    "Imported"]


# The document's running header and footer texts are print-only (WeasyPrint moves them into the
# page margins); on screen they would repeat the title and "Request for proposal" at the top.
PREVIEW_STYLE = ("<style>.running-title, .running-document, .running-fingerprint "
                 "{ display: none; }</style>")


def template_set_label(name: str) -> str:
    """The shipped set by what it is; an organisation's sets by their folder names."""
    return "Shipped layout" if name == DEFAULT_TEMPLATE_SET else name


def contents_text(options: RfpOptions) -> str:
    """What the chosen RFP holds, in a few words: "7 chapters, 38 questions, 4 pricing sheets"."""
    return ", ".join((plural(len(options.sections), "chapter"),
                      plural(len(options.question_ids), "question"),
                      plural(len(options.pricing_models), "pricing sheet")))


def question_label(question: Question) -> str:
    """A question as a pick-list entry: its words, its id, and whether it must be answered."""
    required = ", required" if question.required else ""
    return f"{question.text} [{question.id}{required}]"


def section_label(title: str, picked: int, total: int) -> str:
    return f"{title}: {picked} of {total} questions"


def problems_frame(problems: Sequence[CellProblem]) -> pd.DataFrame:
    """One row per faulty cell, in the order the workbook is read."""
    return pd.DataFrame([{"Sheet": p.sheet, "Cell": p.cell, "Question": p.question_id or "",
                          "Problem": p.problem} for p in problems], columns=PROBLEM_COLUMNS)


def import_markdown(result: ImportedResponses) -> str:
    """The import report as a bullet list, user text escaped."""
    return "\n".join(f"- {escape_markdown(line)}" for line in result.lines())


def responses_frame(summaries: Sequence[ResponseSummary]) -> pd.DataFrame:
    return pd.DataFrame([{"Vendor": s.vendor, "Answers": s.answers,
                          "Withheld (sealed)": s.withheld, "Reference": s.reference,
                          "Question bank": s.bank_version,
                          "Imported": format_timestamp(s.answered_at)}
                         for s in summaries], columns=RESPONSE_COLUMNS)


def responses_column_config() -> dict[str, object]:
    return {"Vendor": st.column_config.TextColumn(width="medium"),
            "Withheld (sealed)": st.column_config.NumberColumn(
                help="Answers hidden from you until you have submitted your scores (prices)"),
            "Imported": st.column_config.TextColumn(width="medium")}


def download_name(project_key: str, issued: IssuedRfp, kind: str) -> str:
    """`demo-rfp-<reference>.pdf`, or `demo-responses-<vendor>-<reference>.xlsx`."""
    vendor = re.sub(r"[^a-z0-9]+", "-", (issued.vendor or "").lower()).strip("-")
    middle = f"{vendor}-" if vendor else ""
    if kind == "pdf":
        return f"{project_key}-rfp-{middle}{issued.reference}.pdf"
    return f"{project_key}-responses-{middle}{issued.reference}.xlsx"
