"""Tables as the pages show them: the engine's frames with presentation's number formats."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from vendor_eval.domain.criteria import Catalogue
from vendor_eval.domain.flags import Flag
from vendor_eval.domain.presentation import (
    BLANK,
    condition_text,
    flag_texts,
    format_coefficient,
    format_interval,
    format_money,
    format_percent,
    format_points_change,
    format_score,
    label,
    plural,
)
from vendor_eval.domain.profiles import Profile
from vendor_eval.engine.result import Finding, RankResult

if TYPE_CHECKING:  # the services pull in scipy and statsmodels; only their types are needed
    from vendor_eval.engine.topsis import MethodComparison
    from vendor_eval.pilot.analysis import PilotAnalysis
    from vendor_eval.pilot.classification import ClassificationMetrics
    from vendor_eval.services.decision.robustness import RobustnessReport

RANKING_COLUMNS = ("Rank", "Vendor", "Score", "Gate status", "Risk adjustment", "Total cost",
                   "Cost per correct label", "Flags")


def gate_status(failures: Iterable[str]) -> str:
    """"pass", or how many gates the vendor fails: "fails 1 gate", "fails 2 gates"."""
    count = len(list(failures))
    return "pass" if count == 0 else f"fails {plural(count, 'gate')}"


def risk_adjustment(penalty: float) -> str:
    return "none" if penalty == 0 else f"-{format_percent(float(penalty))}"


def shown_flags(flags: Iterable[Flag]) -> list[str]:
    """A vendor's flags beyond the risk adjustment (which has a column of its own), in words."""
    return flag_texts(flags, risk_adjustment=False)


def ranking_rows(result: RankResult, top: int | None = None) -> pd.DataFrame:
    """One row per vendor in rank order, formatted for reading (the numbers stay in `result`)."""
    table = result.table if top is None else result.table.head(top)
    rows = [
        {
            "Rank": int(row.rank),
            "Vendor": row.vendor,
            "Score": format_score(float(row.score)),
            "Gate status": gate_status(row.gate_failures),
            "Risk adjustment": risk_adjustment(row.risk_penalty),
            "Total cost": format_money(_number(row.total_cost), row.currency or "USD"),
            "Cost per correct label": format_money(_number(row.cost_per_correct_label),
                                                   row.currency or "USD"),
            "Flags": flags_cell(shown_flags(row.flags)),
        }
        for row in table.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=list(RANKING_COLUMNS))


FLAG_CELL_CHARS = 38  # what the Flags column shows of a flag at a laptop's width


def flags_cell(flags: list[str]) -> str:
    """A vendor's flags as the table cell holds them: one short flag whole; otherwise a
    pointer to the full list under the table (a grid cell cuts long text)."""
    if not flags:
        return BLANK
    if len(flags) == 1 and len(flags[0]) <= FLAG_CELL_CHARS:
        return flags[0]
    return f"{plural(len(flags), 'flag')}, listed below"


def flags_markdown(result: RankResult) -> str | None:
    """Every vendor's flags in full, in rank order, for under the ranking; None if none."""
    lines = [f"- **{escape_markdown(row.vendor)}**: "
             + "; ".join(escape_markdown(f) for f in shown_flags(row.flags))
             for row in result.table.itertuples(index=False) if shown_flags(row.flags)]
    return "\n".join(lines) if lines else None


def notes_summary(gate_failures: Iterable[str], flags: Iterable[Flag]) -> str:
    """"fails 12 gates, 2 flags": what a vendor's folded list of notes holds."""
    parts = [f"fails {plural(len(list(gate_failures)), 'gate')}"] if gate_failures else []
    count = len(shown_flags(flags))
    if count:
        parts.append(plural(count, "flag"))
    return ", ".join(parts)


def ranking_column_config() -> dict[str, object]:
    """Widths that keep every column of the ranking in view at a laptop's width: the short
    figures compact, the vendor readable, the flags wrapping into the remaining space."""
    small = st.column_config.TextColumn(width="small")
    return {
        "Rank": st.column_config.NumberColumn(width=45, format="%d"),
        "Vendor": st.column_config.TextColumn(width=300),
        "Score": st.column_config.TextColumn(width=55, help="0-100, after the risk adjustment"),
        "Gate status": st.column_config.TextColumn(width=95),
        "Risk adjustment": st.column_config.TextColumn(
            "Risk adj.", width=70, help="Score reduction for the vendor's open risk exposure"),
        "Total cost": st.column_config.TextColumn(width=105),
        "Cost per correct label": st.column_config.TextColumn(
            "Per correct label", width=120, help="Cost per correct label"),
        "Flags": st.column_config.TextColumn(
            width="medium", help="Missing inputs, expiring certificates and other notes; "
                                 "each vendor's are listed in full below the table"),
        "Closeness": small,
        "Weighted-sum rank": st.column_config.NumberColumn(
            "WSM rank", width=70, help="Rank by the weighted sum"),
    }


def topsis_rows(comparison: MethodComparison) -> pd.DataFrame:
    """TOPSIS ranking beside the weighted sum's, one row per vendor in TOPSIS order."""
    return pd.DataFrame(
        [{"Rank": int(row.rank), "Vendor": row.vendor, "Score": format_score(float(row.score)),
          "Closeness": format_coefficient(float(row.closeness)),
          "Weighted-sum rank": int(row.wsm_rank),
          "Gate status": gate_status(row.gate_failures),
          "Risk adjustment": risk_adjustment(row.risk_penalty)}
         for row in comparison.table.itertuples(index=False)],
        columns=["Rank", "Vendor", "Score", "Closeness", "Weighted-sum rank", "Gate status",
                 "Risk adjustment"],
    )


def acceptability_rows(report: RobustnessReport) -> pd.DataFrame:
    """Per competing vendor: how often it ranks first, and how sure that is at its own best
    weights (the confidence factor); vendors never first have no confidence factor."""
    return pd.DataFrame(
        [{"Vendor": vendor,
          "Rank at profile weights": position,
          "First-rank acceptability": format_percent(report.first_rank_acceptability[vendor]),
          "Confidence factor": format_percent(report.confidence_factors[vendor])}
         for position, vendor in enumerate(report.ranking, start=1)],
        columns=["Vendor", "Rank at profile weights", "First-rank acceptability",
                 "Confidence factor"],
    )


def stability_rows(report: RobustnessReport) -> pd.DataFrame:
    """For each category weight, the range over which the winner and the top-k stay the same."""
    top = report.stability.top
    return pd.DataFrame(
        [{"Category": report.categories.get(category, category),
          "Profile weight": format_percent(interval.weight),
          "Same first place": format_interval(*interval.first_place),
          f"Same top {top}": format_interval(*interval.top_k)}
         for category, interval in report.stability.categories.items()],
        columns=["Category", "Profile weight", "Same first place", f"Same top {top}"],
    )


PILOT_PERCENT_COLUMNS = ("precision", "recall", "escalation_rate", "rework_rate")
PILOT_COEFFICIENT_COLUMNS = ("macro_f1", "f1", "map_50_95", "krippendorff_alpha")
PILOT_COLUMN_NAMES = {
    "vendor": "Vendor", "labels": "Labels", "items": "Items", "macro_f1": "Macro-F1",
    "precision": "Precision", "recall": "Recall", "f1": "F1", "map_50_95": "mAP@[.5:.95]",
    "krippendorff_alpha": "Agreement (alpha)", "turnaround_median_h": "Turnaround median (h)",
    "turnaround_p90_h": "Turnaround p90 (h)", "items_per_day": "Items per day",
    "escalation_rate": "Escalations", "rework_rate": "Rework",
    "cost_per_label": "Cost per label", "cost_per_correct_label": "Cost per correct label",
    "delivery_weeks": "Delivery (weeks)",
}


def pilot_metrics_rows(analysis: PilotAnalysis) -> pd.DataFrame:
    """The pilot's headline figures per vendor (the CLI's table), formatted for reading."""
    table = analysis.metrics_table()
    shown = pd.DataFrame({"Vendor": table["vendor"]})
    if "accuracy" in table:
        shown["Accuracy"] = [format_percent(_number(a)) for a in table["accuracy"]]
        shown[f"{format_percent(analysis.options.confidence, 0)} interval"] = [
            format_interval(_number(lo), _number(hi))
            for lo, hi in zip(table["accuracy_low"], table["accuracy_high"], strict=True)]
    currency = table["currency"] if "currency" in table else pd.Series("USD", table.index)
    for column, name in PILOT_COLUMN_NAMES.items():
        if column not in table or column == "vendor":
            continue
        values = table[column]
        if column in PILOT_PERCENT_COLUMNS:
            shown[name] = [format_percent(_number(v)) for v in values]
        elif column.startswith("cost"):
            shown[name] = [format_money(_number(v), c if isinstance(c, str) else "USD")
                           for v, c in zip(values, currency, strict=True)]
        elif column in ("labels", "items"):
            shown[name] = [int(v) for v in values]
        elif column in PILOT_COEFFICIENT_COLUMNS:
            shown[name] = [format_coefficient(_number(v)) for v in values]
        else:  # hours, items per day and weeks, to one decimal
            shown[name] = [_decimal(v, 1) for v in values]
    return shown


def class_rows(metrics: ClassificationMetrics) -> pd.DataFrame:
    """Precision and recall of each gold class for one vendor."""
    return pd.DataFrame(
        [{"Class": c.label, "Gold items": c.support, "Precision": format_percent(c.precision),
          "Recall": format_percent(c.recall), "F1": format_coefficient(c.f1)}
         for c in metrics.per_class],
        columns=["Class", "Gold items", "Precision", "Recall", "F1"],
    )


MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>~$"


def escape_markdown(text: str) -> str:
    """User text (vendor names, titles) shown literally inside st.markdown, never as markup."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in text)


def findings_markdown(findings: tuple[Finding, ...]) -> str:
    """A bullet list of strengths or weaknesses with the points they make against the field."""
    if not findings:
        return "- none stand out"
    return "\n".join(
        f"- {f.criterion} ({f.category}): {f.detail}; "
        f"{format_points_change(f.points_vs_field)} points against the field" for f in findings
    )


def thresholds_rows(profile: Profile, catalogue: Catalogue) -> pd.DataFrame:
    """Measured criteria and the values that score 0 (worst) and full marks (best)."""
    return pd.DataFrame(
        [{"Criterion": catalogue.by_id[c].name, "Unit": label(catalogue.by_id[c].unit or "")
          or BLANK, "Worst (scores 0)": t.worst, "Best (full marks)": t.best}
         for c, t in profile.thresholds.items()],
        columns=["Criterion", "Unit", "Worst (scores 0)", "Best (full marks)"],
    )


def gates_rows(profile: Profile, catalogue: Catalogue) -> pd.DataFrame:
    """Pass/fail requirements, when they apply, and why."""
    return pd.DataFrame(
        [{"Gate": catalogue.by_id[g.criterion].name,
          "Applies when": " and ".join(condition_text(c, short=True) for c in g.when_all) or "Always",
          "Reason": g.reason}
         for g in profile.gates],
        columns=["Gate", "Applies when", "Reason"],
    )


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _decimal(value: object, decimals: int) -> str:
    number = _number(value)
    return "n/a" if number is None else f"{number:,.{decimals}f}"
