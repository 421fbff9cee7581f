"""Tables as the pages show them: the engine's frames with presentation's number formats."""

from __future__ import annotations

import pandas as pd

from vendor_eval.domain.criteria import Catalogue
from vendor_eval.domain.presentation import format_money, format_percent, format_score
from vendor_eval.domain.profiles import Profile
from vendor_eval.engine.result import Finding, RankResult

RANKING_COLUMNS = ("Rank", "Vendor", "Score", "Gate status", "Risk adjustment", "Total cost",
                   "Cost per correct label", "Flags")


def ranking_rows(result: RankResult, top: int | None = None) -> pd.DataFrame:
    """One row per vendor in rank order, formatted for reading (the numbers stay in `result`)."""
    table = result.table if top is None else result.table.head(top)
    rows = [
        {
            "Rank": int(row.rank),
            "Vendor": row.vendor,
            "Score": format_score(float(row.score)),
            "Gate status": "pass" if row.qualified else
            f"fails {len(row.gate_failures)} gate(s)",
            "Risk adjustment": "none" if row.risk_penalty == 0 else
            f"-{format_percent(float(row.risk_penalty))}",
            "Total cost": format_money(_number(row.total_cost), row.currency or "USD"),
            "Cost per correct label": format_money(_number(row.cost_per_correct_label),
                                                   row.currency or "USD"),
            "Flags": "; ".join(row.flags),
        }
        for row in table.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=list(RANKING_COLUMNS))


def findings_markdown(findings: tuple[Finding, ...]) -> str:
    """A bullet list of strengths or weaknesses with the points they make against the field."""
    if not findings:
        return "- none stand out"
    return "\n".join(
        f"- {f.criterion} ({f.category}): {f.detail}; {f.points_vs_field:+.1f} points against "
        "the field" for f in findings
    )


def thresholds_rows(profile: Profile, catalogue: Catalogue) -> pd.DataFrame:
    """Measured criteria and the values that score 0 (worst) and full marks (best)."""
    return pd.DataFrame(
        [{"Criterion": catalogue.by_id[c].name, "Unit": catalogue.by_id[c].unit or "",
          "Worst (scores 0)": t.worst, "Best (full marks)": t.best}
         for c, t in profile.thresholds.items()],
        columns=["Criterion", "Unit", "Worst (scores 0)", "Best (full marks)"],
    )


def gates_rows(profile: Profile, catalogue: Catalogue) -> pd.DataFrame:
    """Pass/fail requirements, when they apply, and why."""
    return pd.DataFrame(
        [{"Gate": catalogue.by_id[g.criterion].name,
          "Applies when": ", ".join(g.when) or "always", "Reason": g.reason}
         for g in profile.gates],
        columns=["Gate", "Applies when", "Reason"],
    )


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
