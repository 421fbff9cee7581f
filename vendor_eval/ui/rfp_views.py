"""What the RFP page shows, as plain values: question labels, the per-cell problem table, the
import report and the responses on record. No Streamlit here, so it is testable as it is."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from vendor_eval.domain.questions import Question
from vendor_eval.domain.rfp import CellProblem
from vendor_eval.services.rfp import IssuedRfp
from vendor_eval.services.rfp_answers import ResponseSummary
from vendor_eval.services.rfp_import import ImportedResponses
from vendor_eval.ui.tables import escape_markdown

ANY_VENDOR = "Any invited vendor"
FROM_WORKBOOK = "The vendor named in the workbook"
PROBLEM_COLUMNS = ["Sheet", "Cell", "Question", "Problem"]
RESPONSE_COLUMNS = ["Vendor", "Answers", "Withheld (sealed)", "Reference", "Question bank",
                    "Imported"]


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
                          "Imported": s.answered_at.strftime("%Y-%m-%d %H:%M")}
                         for s in summaries], columns=RESPONSE_COLUMNS)


def download_name(project_key: str, issued: IssuedRfp, kind: str) -> str:
    """`demo-rfp-<reference>.pdf`, or `demo-responses-<vendor>-<reference>.xlsx`."""
    vendor = re.sub(r"[^a-z0-9]+", "-", (issued.vendor or "").lower()).strip("-")
    middle = f"{vendor}-" if vendor else ""
    if kind == "pdf":
        return f"{project_key}-rfp-{middle}{issued.reference}.pdf"
    return f"{project_key}-responses-{middle}{issued.reference}.xlsx"
