"""Tables, texts and the calibration chart of the Score, Consensus and Team pages."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from vendor_eval.domain.people import Actor, Person
from vendor_eval.domain.presentation import VENDOR_PALETTE, format_coefficient
from vendor_eval.domain.team import ConflictDeclaration, ProfileChange, ScoringStatus

# Okabe-Ito blue and vermilion from the shared palette: generous vs harsh, colour-blind safe.
POSITIVE, NEGATIVE = VENDOR_PALETTE[0], VENDOR_PALETTE[5]


def score_sheets_for(actor: Actor, status: ScoringStatus) -> list[str]:
    """Whose score sheets the actor may open: their own first, others' once scores are open."""
    assigned = [e.evaluator for e in status.evaluators]
    own = [actor.name] if actor.name in assigned else []
    others = [name for name in assigned if name != actor.name]
    return own + (others if status.visibility.all_scores else [])


def declaration_text(declaration: ConflictDeclaration) -> str:
    when = f" on {declaration.declared_at:%d %B %Y}" if declaration.declared_at else ""
    if declaration.has_conflict:
        return f"Declared conflict of interest{when}: {declaration.details}"
    return f"Declared no conflict of interest{when}."


def status_rows(status: ScoringStatus) -> pd.DataFrame:
    """One row per assigned evaluator: declaration, scored cells, submission."""
    return pd.DataFrame([
        {
            "Evaluator": e.evaluator,
            "Role": e.role.value,
            "Conflict of interest": "not declared" if e.declaration is None
            else (f"yes: {e.declaration.details}" if e.declaration.has_conflict else "none"),
            "Scored cells": e.scored_cells,
            "Submitted": f"{e.submission.submitted_at:%Y-%m-%d %H:%M} UTC"
            if e.submission and e.submission.submitted_at else "not yet",
        }
        for e in status.evaluators
    ], columns=["Evaluator", "Role", "Conflict of interest", "Scored cells", "Submitted"])


def people_rows(people: list[Person]) -> pd.DataFrame:
    return pd.DataFrame([{"Name": p.name, "Role": p.role.value, "E-mail": p.email or "",
                          "Last changed by": p.updated_by} for p in people],
                        columns=["Name", "Role", "E-mail", "Last changed by"])


def profile_change_rows(changes: list[ProfileChange]) -> pd.DataFrame:
    return pd.DataFrame([
        {"When": f"{c.at:%Y-%m-%d %H:%M}" if c.at else "", "By": c.by,
         "From": f"{c.before_profile_id}" + (f" v{c.before_version}" if c.before_version else ""),
         "To": f"{c.after_profile_id} v{c.after_version}", "Reason": c.reason}
        for c in changes
    ], columns=["When", "By", "From", "To", "Reason"])


def spread_rows(cells: pd.DataFrame, criterion_names: dict[str, str]) -> pd.DataFrame:
    """The consensus table: one row per vendor and criterion, widest disagreement first."""
    frame = cells.sort_values(["spread", "vendor", "criterion_id"],
                              ascending=[False, True, True], kind="stable")
    return pd.DataFrame({
        "Vendor": frame["vendor"],
        "Criterion": [criterion_names.get(c, c) for c in frame["criterion_id"]],
        "Evaluators": frame["n"],
        "Mean": frame["mean"].round(2),
        "Median": frame["median"],
        "Spread": frame["spread"],
        "Consensus": frame["consensus"],
        "Discuss": frame["discuss"],
    }).reset_index(drop=True)


def discussion_rows(discuss: pd.DataFrame, scores: pd.DataFrame,
                    criterion_names: dict[str, str]) -> pd.DataFrame:
    """Cells to discuss with each evaluator's score side by side."""
    if discuss.empty:
        return pd.DataFrame(columns=["Vendor", "Criterion", "Spread", "Consensus"])
    wide = scores.pivot_table(index=["vendor", "criterion_id"], columns="evaluator",
                              values="score", aggfunc="mean")
    keys = list(zip(discuss["vendor"], discuss["criterion_id"]))
    rows = wide.reindex(keys)
    out = pd.DataFrame({
        "Vendor": discuss["vendor"].to_numpy(),
        "Criterion": [criterion_names.get(c, c) for c in discuss["criterion_id"]],
        **{str(e): rows[e].to_numpy() for e in wide.columns},
        "Spread": discuss["spread"].to_numpy(),
        "Consensus": discuss["consensus"].to_numpy(),
    })
    return out


def alpha_rows(by_criterion: pd.DataFrame, criterion_names: dict[str, str]) -> pd.DataFrame:
    frame = by_criterion.sort_values("alpha", na_position="last", kind="stable")
    return pd.DataFrame({
        "Criterion": [criterion_names.get(c, c) for c in frame["criterion_id"]],
        "Krippendorff's alpha": [alpha_text(a) for a in frame["alpha"]],
        "Vendors": frame["vendors"],
        "Ratings": frame["ratings"],
    }).reset_index(drop=True)


def calibration_rows(calibration: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Evaluator": calibration["evaluator"],
        "Cells": calibration["cells"],
        "Leniency": calibration["leniency"].round(2),
        "Mean absolute deviation": calibration["mean_abs_deviation"].round(2),
        "Correlation with team": calibration["correlation"].round(2),
    })


def calibration_chart(calibration: pd.DataFrame) -> go.Figure:
    """Each evaluator's leniency as a bar around zero, with the mean absolute deviation as
    whiskers: generous scorers to the right, harsh ones to the left."""
    frame = calibration.sort_values("leniency", kind="stable")
    colours = [POSITIVE if v >= 0 else NEGATIVE for v in frame["leniency"]]
    figure = go.Figure(go.Bar(
        y=list(frame["evaluator"]), x=list(frame["leniency"]), orientation="h",
        marker_color=colours,
        error_x={"type": "data", "array": list(frame["mean_abs_deviation"]),
                 "color": "#555555", "thickness": 1},
        text=[f"{v:+.2f}" for v in frame["leniency"]], textposition="outside",
        hovertemplate="%{y}: %{x:+.2f} points against the team<extra></extra>",
    ))
    figure.add_vline(x=0, line_width=1, line_color="#555555")
    figure.update_layout(
        xaxis={"title": "leniency: mean score minus the team's (points on the 0-5 rubric)"},
        yaxis={"title": None}, height=120 + 40 * len(frame), margin={"l": 10, "r": 30, "t": 10},
        showlegend=False,
    )
    return figure


def alpha_text(alpha: float | None) -> str:
    if alpha is None or (isinstance(alpha, float) and math.isnan(alpha)):
        return "undefined"
    return format_coefficient(alpha)
