"""Pilot accuracy for print: each vendor's measured accuracy with its confidence interval."""

from __future__ import annotations

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from vendor_eval.render.chart_data import LABEL_WIDTH, AccuracyPoint, vendor_label
from vendor_eval.render.charts import (
    MAX_PAGE_CHART_INCHES,
    PRINT_STYLE,
    PRINT_WIDTH_INCHES,
    svg_text,
    vendor_styles,
)

THRESHOLD_COLOUR = "#777777"
ONE_LINE_LABEL_WIDTH = 34


def accuracy_interval_svg(points: list[AccuracyPoint], confidence: float = 0.95,
                          worst: float | None = None, best: float | None = None,
                          project_vendors: list[str] | None = None) -> str:
    """Dots with error bars, vendors top to bottom in the given (rank) order.

    The profile's threshold is drawn as two lines: at `worst` accuracy a vendor earns no points
    for the criterion, at `best` all of them. Overlapping bars say the pilot could not tell two
    vendors apart; the pairwise tests in the report say it exactly.
    """
    styles = vendor_styles([p.vendor for p in points], project_vendors)
    n_rows = max(len(points), 1)
    row_inches = min(0.34, (MAX_PAGE_CHART_INCHES - 1.0) / n_rows)
    height = 1.0 + row_inches * n_rows
    # Two-line labels need about 0.3 in a row; a long field gets one line each, cut short.
    lines = 2 if row_inches >= 0.3 else 1
    width = LABEL_WIDTH if lines == 2 else ONE_LINE_LABEL_WIDTH
    lows = [p.low if p.low is not None else p.value for p in points]
    left = min([*lows, *(t for t in (worst, best) if t is not None)], default=0.0)
    left = max(0.0, left - 0.02)
    right = 1.0 + (1.0 - left) * 0.24  # a column right of 100% for the figures

    with matplotlib.rc_context(PRINT_STYLE):
        figure = Figure(figsize=(PRINT_WIDTH_INCHES, height), layout="constrained")
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        for row, point in enumerate(points):
            colour, marker = styles[point.vendor]
            if point.low is not None and point.high is not None:
                ax.errorbar([point.value], [row],
                            xerr=[[point.value - point.low], [point.high - point.value]],
                            fmt="none", ecolor="#333333", elinewidth=1.0, capsize=2.5,
                            capthick=1.0, zorder=2)
            ax.plot([point.value], [row], linestyle="none", marker=marker, markersize=6,
                    color=colour, markeredgecolor="#222222", markeredgewidth=0.6, zorder=3)
            note = f"{100 * point.value:.1f}%" + (f" (n={point.n:,})" if point.n else "")
            ax.text(1.0 + (right - left) * 0.02, row, note, va="center", ha="left",
                    fontsize=7, color="#222222")
        handles = []
        for value, style, text in ((worst, (0, (1.5, 2)), "no points below"),
                                   (best, (0, (5, 2)), "full points from")):
            # Thresholds are drawn only inside the plotted range.
            if value is not None and left <= value <= 1.0:
                ax.axvline(value, color=THRESHOLD_COLOUR, linewidth=0.8, linestyle=style,
                           zorder=1)
                handles.append(Line2D([], [], color=THRESHOLD_COLOUR, linewidth=0.8,
                                      linestyle=style,
                                      label=f"{text} {100 * value:.1f}%"))
        handles.insert(0, Line2D([], [], color="#333333", marker="o", markersize=5,
                                 markerfacecolor="#bbbbbb", markeredgecolor="#222222",
                                 label=f"accuracy with {confidence:.0%} interval"))
        ax.set_yticks(range(len(points)),
                      [vendor_label(p.vendor, width=width, lines=lines) for p in points])
        if lines == 1:
            ax.tick_params(axis="y", labelsize=6.5)
        ax.set_ylim(n_rows - 0.5, -0.5)
        ax.set_xlim(left, right)
        ax.set_xticks([t for t in ax.get_xticks() if left <= t <= 1.0 + 1e-9])
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        ax.set_xlabel("Accuracy against the golden set")
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#e3e3e3", linewidth=0.5)
        ax.set_axisbelow(True)
        figure.legend(handles=handles, loc="outside lower center", ncols=len(handles),
                      frameon=False, handlelength=2.2)
    return svg_text(figure)
