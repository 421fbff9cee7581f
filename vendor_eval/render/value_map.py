"""The value map for print: each vendor's score against its total cost, as SVG."""

from __future__ import annotations

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from vendor_eval.render.chart_data import ValuePoint, pareto_frontier
from vendor_eval.render.charts import PRINT_STYLE, PRINT_WIDTH_INCHES, svg_text, vendor_styles
from vendor_eval.render.label_placement import place_labels

HEIGHT_INCHES = 3.5
EXCLUDED_COLOUR = "#8c8c8c"
FRONTIER_COLOUR = "#555555"


def frontier_steps(frontier: list[ValuePoint]) -> list[tuple[float, float]]:
    """The frontier as a staircase: from each vendor across at its score to the next one's
    cost, then up to that vendor (more money buys more score)."""
    corners: list[tuple[float, float]] = []
    for point, following in zip(frontier, frontier[1:]):
        corners += [(point.total_cost, point.score), (following.total_cost, point.score)]
    if frontier:
        corners.append((frontier[-1].total_cost, frontier[-1].score))
    return corners


def value_map_svg(points: list[ValuePoint], currency: str, volume_text: str,
                  project_vendors: list[str] | None = None) -> str:
    """Score (0-100, after risk adjustment) against total cost at the project's volume.

    Qualified vendors are filled markers in their shared colour and shape; excluded vendors are
    grey crosses. A dashed step line joins the frontier: moving along it buys score with money,
    and every vendor below it is beaten on both. Labels are placed so that none overlap.
    """
    styles = vendor_styles([p.vendor for p in points], project_vendors)
    frontier = pareto_frontier(points)
    with matplotlib.rc_context(PRINT_STYLE):
        figure = Figure(figsize=(PRINT_WIDTH_INCHES, HEIGHT_INCHES), layout="constrained")
        canvas = FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        for point in points:
            colour, marker = styles[point.vendor]
            if point.qualified:
                ax.plot([point.total_cost], [point.score], linestyle="none", marker=marker,
                        markersize=7, color=colour, markeredgecolor="#222222",
                        markeredgewidth=0.6, zorder=3)
            else:
                ax.plot([point.total_cost], [point.score], linestyle="none", marker="x",
                        markersize=6.5, color=EXCLUDED_COLOUR, markeredgewidth=1.2, zorder=3)
        steps = frontier_steps(frontier)
        if len(frontier) > 1:
            ax.plot([x for x, _ in steps], [y for _, y in steps], linestyle=(0, (4, 3)),
                    color=FRONTIER_COLOUR, linewidth=0.8, zorder=2)
        _limits(ax, points)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: _money_tick(value)))
        ax.set_xlabel(f"Total cost at {volume_text} ({currency})")
        ax.set_ylabel("Score after risk adjustment (0-100)")
        ax.grid(color="#e3e3e3", linewidth=0.5)
        ax.set_axisbelow(True)
        ax.set_title("better value: up and to the left", loc="right", fontsize=7,
                     color="#666666", style="italic")
        handles = [
            Line2D([], [], linestyle="none", marker="o", color="#bbbbbb",
                   markeredgecolor="#222222", markersize=6, label="qualified vendor"),
            Line2D([], [], linestyle="none", marker="x", color=EXCLUDED_COLOUR,
                   markeredgewidth=1.2, markersize=6, label="excluded (failed a gate)"),
        ]
        if len(frontier) > 1:
            handles.append(Line2D([], [], linestyle=(0, (4, 3)), color=FRONTIER_COLOUR,
                                  linewidth=0.8, label="not beaten on both score and cost"))
        figure.legend(handles=handles, loc="outside lower center", ncols=len(handles),
                      frameon=False, handlelength=2.0)
        figure.draw_without_rendering()  # fixes the layout, so label boxes are final
        spots = _shared_spots(points)
        place_labels(ax, canvas.get_renderer(), list(spots), list(spots.values()),
                     marker_radius_points=4.5, lines=[steps] if len(frontier) > 1 else [])
    return svg_text(figure)


def _shared_spots(points: list[ValuePoint]) -> dict[tuple[float, float], str]:
    """One label per position: vendors with the same score and cost share it."""
    spots: dict[tuple[float, float], list[str]] = {}
    for point in points:
        labels = spots.setdefault((point.total_cost, point.score), [])
        if point.label not in labels:
            labels.append(point.label)
    return {spot: ", ".join(labels) for spot, labels in spots.items()}


def _limits(ax: Axes, points: list[ValuePoint]) -> None:
    costs = [p.total_cost for p in points]
    scores = [p.score for p in points]
    low, high = min(costs), max(costs)
    spread = (high - low) or max(high, 1.0) * 0.2
    # Room on the left and right for labels beside the outermost points.
    ax.set_xlim(max(0.0, low - 0.18 * spread), high + 0.18 * spread)
    bottom, top = min(scores), max(scores)
    margin = max(2.0, 0.15 * (top - bottom))
    ax.set_ylim(max(0.0, bottom - margin), top + margin)


def _money_tick(value: float) -> str:
    """Ticks in thousands or millions; the currency is named once, in the axis label."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.1f}M"
    if abs(value) >= 1_000:
        return f"{value / 1_000:,.0f}k"
    return f"{value:,.0f}"
