"""Plotly figures for the app, coloured by domain.presentation so every page agrees."""

from __future__ import annotations

import plotly.graph_objects as go

from vendor_eval.domain.presentation import category_colours, format_score
from vendor_eval.engine.result import RankResult


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
