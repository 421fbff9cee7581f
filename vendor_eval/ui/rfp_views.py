"""What the RFP page shows, as plain values: question labels, the per-cell problem table, the
import report and the responses on record. Plain functions (Streamlit only for column
settings), so they are testable as they are."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from vendor_eval.domain.enums import PricingModel
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.presentation import PRICING_NAMES, format_timestamp, label, plural
from vendor_eval.domain.questions import Question, QuestionBank
from vendor_eval.domain.rfp import CellProblem, RfpOptions, pricing_questions
from vendor_eval.files.rfp_workbook import UnreadableWorkbook, read_response_workbook
from vendor_eval.services.rfp.answers import ResponseSummary
from vendor_eval.services.rfp.issue import DEFAULT_TEMPLATE_SET, IssuedRfp
from vendor_eval.services.rfp.responses import ImportedResponses
from vendor_eval.ui.frames import escape_markdown

ANY_VENDOR = "Any invited vendor"
FROM_WORKBOOK = "The vendor named in the workbook"
PROBLEM_COLUMNS = ["Sheet", "Cell", "Question", "Problem"]
RESPONSE_COLUMNS = ["Vendor", "Answers", "Missing required", "Withheld (sealed)", "Reference",
                    "Question bank", "Imported"]


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


def workbook_vendor(data: bytes) -> str | None:
    """The vendor a returned workbook was issued to, as its hidden metadata names it; None for
    one issued to any invited vendor; "" for one that cannot be read (the import says why)."""
    try:
        return read_response_workbook(data).metadata.get("vendor") or None
    except UnreadableWorkbook:
        return ""


def question_names(bank: QuestionBank, unit: str) -> dict[str, str]:
    """Question ids to their words, the pricing sheets' rows included."""
    names = {q.id: q.text for q in bank.questions}
    for model in PricingModel:
        names.update({q.id: f"{PRICING_NAMES[model]}: {q.text}"
                      for q in pricing_questions(model, unit)})
    return names


def problems_frame(problems: Sequence[CellProblem],
                   names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per faulty cell, in the order the workbook is read, each question in words."""
    names = names or {}
    return pd.DataFrame([{"Sheet": p.sheet, "Cell": p.cell,
                          "Question": names.get(p.question_id or "", p.question_id or ""),
                          "Problem": p.problem} for p in problems], columns=PROBLEM_COLUMNS)


def problems_column_config() -> dict[str, object]:
    return {"Sheet": st.column_config.TextColumn(width=130),
            "Cell": st.column_config.TextColumn(width=60),
            "Question": st.column_config.TextColumn(width="large"),
            "Problem": st.column_config.TextColumn(width="large")}


def import_markdown(result: ImportedResponses, inputs: EvaluationInputs | None = None,
                    names: Mapping[str, str] | None = None) -> str:
    """The import report as a bullet list in words (criteria, checklist items and pricing by
    name, statuses as words), user text escaped; the CLI prints `result.lines()` instead."""
    if inputs is None:
        return "\n".join(f"- {escape_markdown(line)}" for line in result.lines())
    criteria = {c.id: c for c in inputs.catalogue.criteria}
    items = {item.id: item.title for item in inputs.checklist.items}
    lines = [f"{plural(result.answers, 'answer')} from {result.vendor} stored (workbook "
             f"{result.reference}, question bank {result.bank_version})."]
    for m in result.measured:
        criterion = criteria.get(m.criterion_id)
        unit = f" {criterion.unit}" if criterion is not None and criterion.unit else ""
        lines.append(f"{criterion.name if criterion else m.criterion_id}: {m.value:g}{unit}")
    if result.price is not None:
        lines.append(f"Price quote: {PRICING_NAMES[result.price.model].lower()}, in "
                     f"{result.price.currency}")
    by_status: dict[str, list[str]] = {}
    for finding in result.findings:
        by_status.setdefault(label(finding.status), []).append(
            items.get(finding.item_id, finding.item_id))
    lines += [f"Checklist, self-declared {status.lower()} ({len(titles)}; to be confirmed by a "
              f"reviewer on the Risk page): {'; '.join(titles)}"
              for status, titles in by_status.items()]
    if result.kept:
        lines.append(f"Checklist, a reviewer's finding on record was kept "
                     f"({len(result.kept)}; the answers are stored as evidence): "
                     + "; ".join(items.get(item, item) for item in result.kept))
    if result.missing:
        asked = [(names or {}).get(p.question_id or "", p.question_id or f"{p.sheet}!{p.cell}")
                 for p in result.missing]
        lines.append(f"Partial response: {plural(len(asked), 'required answer')} missing: "
                     + "; ".join(asked))
    return "\n".join(f"- {escape_markdown(line)}" for line in lines)


def responses_frame(summaries: Sequence[ResponseSummary]) -> pd.DataFrame:
    return pd.DataFrame([{"Vendor": s.vendor, "Answers": s.answers,
                          "Missing required": f"{s.missing:,}" if s.missing else "none",
                          "Withheld (sealed)": s.withheld, "Reference": s.reference,
                          "Question bank": s.bank_version,
                          "Imported": format_timestamp(s.answered_at)}
                         for s in summaries], columns=RESPONSE_COLUMNS)


def responses_column_config() -> dict[str, object]:
    return {"Vendor": st.column_config.TextColumn(width="medium"),
            "Missing required": st.column_config.TextColumn(
                help="Required questions left unanswered: a partial response, incomplete until "
                     "the vendor returns the rest"),
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
