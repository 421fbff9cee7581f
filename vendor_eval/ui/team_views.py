"""Tables, texts and the calibration chart of the Score, Consensus and Team pages."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from vendor_eval.domain.people import Actor, Person
from vendor_eval.domain.presentation import (
    BLANK,
    VENDOR_PALETTE,
    format_coefficient,
    format_date,
    format_signed,
    format_timestamp,
    label,
    plural,
    possessive,
)
from vendor_eval.domain.team import (
    ConflictDeclaration,
    ProfileChange,
    ScoringMode,
    ScoringStatus,
)
from vendor_eval.ui.frames import escape_markdown
from vendor_eval.ui.guidance import NextStep

# Okabe-Ito blue and vermilion from the shared palette: generous vs harsh, colour-blind safe.
POSITIVE, NEGATIVE = VENDOR_PALETTE[0], VENDOR_PALETTE[5]


def score_sheets_for(actor: Actor, status: ScoringStatus) -> list[str]:
    """Whose score sheets the actor may open: their own first, others' once scores are open."""
    assigned = [e.evaluator for e in status.evaluators]
    own = [actor.name] if actor.name in assigned else []
    others = [name for name in assigned if name != actor.name]
    return own + (others if status.visibility.all_scores else [])


def mode_text(status: ScoringStatus, actor: Actor) -> str:
    """Which rules the project is scored under, said on the Score and Team pages."""
    if status.mode is ScoringMode.SOLO:
        alone = status.evaluators[0].evaluator if status.evaluators else None
        who = ("you are its only evaluator" if alone in (None, actor.name)
               else f"{escape_markdown(alone)} is its only evaluator")
        return (f"**Solo evaluation**: {who}, so scores are not blind, prices are not sealed "
                "and the weights need no freeze. The team rules (blind scoring until every "
                "evaluator submits, prices sealed until one submits, frozen weights) start "
                "when a second evaluator is assigned on the Team page.")
    return (f"**Team evaluation**: {plural(len(status.evaluators), 'evaluator')} assigned. "
            "Each scores blind until every one has submitted, sees prices only after "
            "submitting, and scores against frozen weights.")


def unlock_to_act_for_others(status: ScoringStatus) -> NextStep:
    """For someone who may score on others' behalf but is not assigned: while scores are blind
    no sheet opens to them, and the way on is to unlock the blind scores on the Team page."""
    assigned = len(status.evaluators)
    waiting = len(status.waiting)
    return NextStep(
        f"You are not assigned to score this project, and its scores are blind while "
        f"{waiting} of {plural(assigned, 'assigned evaluator')} "
        f"{'has' if waiting == 1 else 'have'} not submitted. To enter scores on an evaluator's "
        "behalf, unlock the blind scores with a reason on the Team page (Unlock blind "
        "scores); their score sheets then open here.",
        "team", "Unlock blind scores on the Team page")


def answers_heading(vendor: str, count: int) -> str:
    """The heading of a vendor's RFP answers on one criterion, saying when there are none."""
    if count == 0:
        return f"{possessive(vendor)} RFP answers on this criterion: none imported yet"
    return f"{possessive(vendor)} RFP answers on this criterion ({count:,})"


def declaration_text(declaration: ConflictDeclaration) -> str:
    when = f" on {format_date(declaration.declared_at)}" if declaration.declared_at else ""
    if declaration.has_conflict:
        return f"Declared conflict of interest{when}: {declaration.details}"
    return f"Declared no conflict of interest{when}."


def status_rows(status: ScoringStatus) -> pd.DataFrame:
    """One row per assigned evaluator: declaration, scored cells, submission."""
    return pd.DataFrame([
        {
            "Evaluator": e.evaluator,
            "Role": label(e.role),
            "Conflict of interest": "not declared" if e.declaration is None
            else (f"yes: {e.declaration.details}" if e.declaration.has_conflict else "none"),
            "Scored cells": e.scored_cells,
            "Submitted": format_timestamp(e.submission.submitted_at)
            if e.submission and e.submission.submitted_at else "not yet",
        }
        for e in status.evaluators
    ], columns=["Evaluator", "Role", "Conflict of interest", "Scored cells", "Submitted"])


def status_column_config() -> dict[str, object]:
    """The declaration wraps into the widest column; the rest keep to their contents."""
    return {"Evaluator": st.column_config.TextColumn(width="medium"),
            "Role": st.column_config.TextColumn(width="small"),
            "Conflict of interest": st.column_config.TextColumn(
                width="large", help="As the evaluator declared it before scoring"),
            "Scored cells": st.column_config.NumberColumn(width=95, format="%d"),
            "Submitted": st.column_config.TextColumn(width="medium")}


def conflicts_markdown(status: ScoringStatus) -> str:
    """The conflicts of interest declared, in full (a table cell cuts a long one short)."""
    return "\n".join(f"- **{escape_markdown(e.evaluator)}**: "
                     f"{escape_markdown(e.declaration.details)}"
                     for e in status.evaluators
                     if e.declaration is not None and e.declaration.has_conflict)


def people_rows(people: list[Person]) -> pd.DataFrame:
    """Name, role and e-mail; who last changed the entry only once anyone has (the demo's and
    the command line's people have none recorded, and an empty column says nothing)."""
    frame = pd.DataFrame([{"Name": p.name, "Role": label(p.role), "E-mail": p.email or BLANK,
                           "Last changed by": p.updated_by or BLANK} for p in people],
                         columns=["Name", "Role", "E-mail", "Last changed by"])
    if not any(p.updated_by for p in people):
        frame = frame.drop(columns="Last changed by")
    return frame


def profile_change_rows(changes: list[ProfileChange],
                        names: dict[str, str] | None = None) -> pd.DataFrame:
    """Changes of a project's weights, the profiles by name (`names`: id to name)."""
    def profile(profile_id: str, version: int | None) -> str:
        name = (names or {}).get(profile_id, profile_id)
        return name + (f", version {version}" if version else "")

    return pd.DataFrame([
        {"When": format_timestamp(c.at), "By": c.by,
         "From": profile(c.before_profile_id, c.before_version),
         "To": profile(c.after_profile_id, c.after_version), "Reason": c.reason}
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
        "Mean": frame["mean"],
        "Median": frame["median"],
        "Spread": frame["spread"],
        "Consensus": frame["consensus"],  # unset for most cells: the table shows a dash
        "Discuss": ["yes" if d else "no" for d in frame["discuss"]],
    }).reset_index(drop=True)


def spread_column_config() -> dict[str, object]:
    """One format per column (means to two decimals, medians, spreads and scores to one) in
    compact columns, so vendor and criterion keep their width."""
    return {
        "Vendor": st.column_config.TextColumn(width="medium"),
        "Criterion": st.column_config.TextColumn(width="medium"),
        "Evaluators": st.column_config.NumberColumn(width=80, format="%d"),
        "Mean": st.column_config.NumberColumn(width=60, format="%.2f",
                                              help="Mean of the evaluators' scores"),
        "Median": st.column_config.NumberColumn(width=65, format="%.1f"),
        "Spread": st.column_config.NumberColumn(
            width=60, format="%.1f", help="Highest minus lowest of the evaluators' scores"),
        "Consensus": st.column_config.NumberColumn(
            width=85, format="%.1f", help="The score the team settled on; a dash where none "
                                          "is set"),
        "Discuss": st.column_config.TextColumn(width=65),
    }


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


def discussion_column_config(evaluators: list[str]) -> dict[str, object]:
    """Evaluators' scores in compact columns headed by their names (in full on hover)."""
    return {
        "Vendor": st.column_config.TextColumn(width="medium"),
        "Criterion": st.column_config.TextColumn(width="medium"),
        **{name: st.column_config.NumberColumn(name, width=90, format="%.1f",
                                               help=f"{possessive(name)} score")
           for name in evaluators},
        "Spread": st.column_config.NumberColumn(width=60, format="%.1f"),
        "Consensus": st.column_config.NumberColumn(
            width=85, format="%.1f",
            help="The score the team settled on; a dash where none is set"),
    }


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
        # Rounded first, so a leniency a hair below zero shows as +0.00, never -0.00.
        "Leniency": [_unsigned(v) for v in calibration["leniency"]],
        "Mean absolute deviation": [_unsigned(v) for v in calibration["mean_abs_deviation"]],
        "Correlation with team": [_unsigned(v) for v in calibration["correlation"]],
    })


def calibration_column_config() -> dict[str, object]:
    return {"Cells": st.column_config.NumberColumn(format="%d"),
            "Leniency": st.column_config.NumberColumn(format="%+.2f"),
            "Mean absolute deviation": st.column_config.NumberColumn(format="%.2f"),
            "Correlation with team": st.column_config.NumberColumn(format="%.2f")}


def alpha_column_config() -> dict[str, object]:
    return {"Criterion": st.column_config.TextColumn(width="large"),
            "Krippendorff's alpha": st.column_config.TextColumn(alignment="right")}


def calibration_chart(calibration: pd.DataFrame) -> go.Figure:
    """Each evaluator's leniency as a bar around zero, with the mean absolute deviation as
    whiskers: generous scorers to the right, harsh ones to the left."""
    frame = calibration.sort_values("leniency", kind="stable")
    colours = [POSITIVE if round(v, 2) >= 0 else NEGATIVE for v in frame["leniency"]]
    figure = go.Figure(go.Bar(
        y=list(frame["evaluator"]), x=list(frame["leniency"]), orientation="h",
        marker_color=colours,
        error_x={"type": "data", "array": list(frame["mean_abs_deviation"]),
                 "color": "#555555", "thickness": 1},
        text=[format_signed(v) for v in frame["leniency"]], textposition="outside",
        hovertemplate="%{y}: %{text} points against the team<extra></extra>",
    ))
    figure.add_vline(x=0, line_width=1, line_color="#555555")
    figure.update_layout(
        xaxis={"title": "leniency: mean score minus the team's (points on the 0-5 rubric)"},
        yaxis={"title": None}, height=120 + 40 * len(frame), margin={"l": 10, "r": 30, "t": 10},
        showlegend=False,
    )
    return figure


def _unsigned(value: float) -> float:
    """Two decimals, with a negative zero made plain zero (`-0.001` prints as `+0.00`)."""
    return value if pd.isna(value) else round(float(value), 2) + 0.0


def format_rubric(value: object) -> str:
    """A score on the 0-5 rubric, or a median or spread of scores, with one decimal: `3.0`,
    `3.5`; a dash where there is none (no consensus set)."""
    if value is None or pd.isna(value):
        return BLANK
    return f"{float(value):.1f}"


def alpha_text(alpha: float | None) -> str:
    if alpha is None or (isinstance(alpha, float) and math.isnan(alpha)):
        return "undefined"
    return format_coefficient(alpha)
