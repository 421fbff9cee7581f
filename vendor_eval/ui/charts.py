"""Plotly figures for the app, coloured by domain.presentation so every page agrees."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import plotly.graph_objects as go

from vendor_eval.domain.presentation import (
    VENDOR_PALETTE,
    category_colours,
    format_coefficient,
    format_interval,
    format_percent,
    format_score,
    vendor_colours,
)
from vendor_eval.engine.result import RankResult

if TYPE_CHECKING:  # the services pull in scipy and statsmodels; only their types are needed
    from vendor_eval.pilot.analysis import PilotAnalysis
    from vendor_eval.pilot.classification import ClassificationMetrics
    from vendor_eval.services.decision.robustness import (
        RobustnessReport,
        Sweep,
    )

HEATMAP_SCALE = "Blues"


def colours_for(project_vendors: Iterable[str], others: Iterable[str] = ()) -> dict[str, str]:
    """Each vendor's colour: the project's vendors keep the colours they have on every other
    page (presentation.vendor_colours over the project's vendors); vendors outside the project
    (a pilot file naming another) take the palette's next colours, so they never shift the
    project's."""
    colours = vendor_colours(list(project_vendors))
    extra = sorted(set(others) - set(colours))
    return {**colours, **{name: VENDOR_PALETTE[(len(colours) + i) % len(VENDOR_PALETTE)]
                          for i, name in enumerate(extra)}}


def contribution_chart(result: RankResult, categories: dict[str, str]) -> go.Figure:
    """Horizontal stacked bars: the points each category adds to each vendor's raw score.

    `categories` maps category id to name in catalogue order, which fixes each one's colour.
    """
    points = result.category_points()
    colours = category_colours([c for c in categories if c in points.columns])
    figure = go.Figure()
    for category, name in categories.items():
        if category not in points.columns:
            continue
        values = points[category]
        figure.add_trace(go.Bar(
            y=list(points.index), x=list(values), name=name, orientation="h",
            marker_color=colours[category], text=[format_score(v) for v in values],
            textposition="none", hovertemplate="%{y}: %{text} points<extra>" + name + "</extra>",
        ))
    figure.update_layout(
        barmode="stack",
        yaxis={"autorange": "reversed", "title": None},
        xaxis={"title": "points before risk adjustment (0-100)"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                "traceorder": "normal"},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        height=120 + 40 * len(points.index),
    )
    return figure


def acceptability_heatmap(report: RobustnessReport) -> go.Figure:
    """Vendors (rows, in the deterministic ranking's order) x ranks: the share of SMAA samples
    in which each vendor takes each rank (Lahdelma & Salminen 2001's rank acceptability)."""
    vendors = list(report.ranking)
    ranks = [f"rank {r}" for r in range(1, len(vendors) + 1)]
    shares = [report.rank_acceptability[v] for v in vendors]
    figure = go.Figure(go.Heatmap(
        z=shares, x=ranks, y=vendors, zmin=0, zmax=1, colorscale=HEATMAP_SCALE,
        text=[[format_percent(share, 0) for share in row] for row in shares],
        texttemplate="%{text}", hovertemplate="%{y}, %{x}: %{text} of samples<extra></extra>",
        colorbar={"title": "share", "tickformat": ".0%"},
    ))
    figure.update_layout(yaxis={"autorange": "reversed", "title": None},
                         xaxis={"title": None, "side": "top"},
                         margin={"l": 10, "r": 10, "t": 40, "b": 10},
                         height=100 + 40 * len(vendors))
    return figure


def sweep_chart(sweep: Sweep, vendors: list[str], colours: dict[str, str], category: str,
                profile_weight: float) -> go.Figure:
    """The rank of each vendor as one category weight goes from 0 to 100% (the others keep
    their ratios), with the profile's weight marked."""
    percent = [100 * w for w in sweep.weights]
    figure = go.Figure()
    for vendor in vendors:
        figure.add_trace(go.Scatter(
            x=percent, y=sweep.ranks[vendor], name=vendor, mode="lines+markers",
            line={"color": colours[vendor], "shape": "hv"}, marker={"size": 5},
            customdata=[format_score(s) for s in sweep.scores[vendor]],
            hovertemplate=f"{vendor}<br>{category} %{{x:.0f}}%: rank %{{y}} "
                          "(score %{customdata})<extra></extra>",
        ))
    figure.add_vline(x=100 * profile_weight, line_dash="dash", line_color="grey",
                     annotation_text="profile", annotation_position="top")
    figure.update_layout(
        xaxis={"title": f"weight of {category} (%)", "range": [0, 100]},
        yaxis={"title": "rank", "autorange": "reversed", "dtick": 1},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0},
        margin={"l": 10, "r": 10, "t": 30, "b": 10}, height=420,
    )
    return figure


def pilot_quality_chart(analysis: PilotAnalysis, colours: dict[str, str]) -> go.Figure:
    """Each vendor's accuracy against the golden set with its Wilson interval as error bars;
    for detection pilots, box F1 at IoU 0.5 (no interval is defined for it)."""
    vendors = analysis.vendor_names
    figure = go.Figure()
    for pilot in analysis.vendors:
        if pilot.classification is not None:
            acc = pilot.classification.accuracy
            value, error = acc.value, {"type": "data", "symmetric": False,
                                       "array": [acc.high - acc.value],
                                       "arrayminus": [acc.value - acc.low]}
            hover = (f"{format_percent(acc.value)} ({format_percent(acc.confidence, 0)} "
                     f"interval {format_interval(acc.low, acc.high)}, n={acc.n:,})")
        else:
            value, error = pilot.detection.f1, None
            hover = f"F1 {format_coefficient(pilot.detection.f1)}"
        figure.add_trace(go.Bar(
            x=[pilot.vendor], y=[value], name=pilot.vendor, error_y=error,
            marker_color=colours[pilot.vendor], hovertext=[hover],
            hovertemplate="%{x}: %{hovertext}<extra></extra>", showlegend=False,
        ))
    title = "accuracy against gold" if analysis.task == "classification" else "box F1 at IoU 0.5"
    figure.update_layout(
        yaxis={"title": title, "range": [0, 1.05], "tickformat": ".0%"},
        xaxis={"title": None, "categoryorder": "array", "categoryarray": vendors},
        margin={"l": 10, "r": 10, "t": 20, "b": 10}, height=360,
    )
    return figure


def confusion_heatmap(metrics: ClassificationMetrics) -> go.Figure:
    """Counts of gold label (rows) against the vendor's label (columns); the diagonal is right."""
    labels = list(metrics.labels)
    counts = [list(row) for row in metrics.confusion]
    figure = go.Figure(go.Heatmap(
        z=counts, x=labels, y=labels, colorscale=HEATMAP_SCALE, texttemplate="%{z}",
        hovertemplate="gold %{y}, labelled %{x}: %{z}<extra></extra>", showscale=False,
    ))
    figure.update_layout(
        xaxis={"title": "vendor's label", "side": "top"},
        yaxis={"title": "gold label", "autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        height=140 + 40 * len(labels),
    )
    return figure
