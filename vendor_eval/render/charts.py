"""Print charts for reports: matplotlib figures rendered to deterministic SVG text."""

from __future__ import annotations

import io

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from vendor_eval.domain.presentation import category_colours, format_score, vendor_colours
from vendor_eval.engine.result import RankResult
from vendor_eval.render.chart_data import vendor_label

# One print style for every chart; rc_context applies it to one figure at a time, so the
# process-wide matplotlib defaults are never left changed.
PRINT_STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 8,
    "legend.fontsize": 7.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.6,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "hatch.linewidth": 0.6,
    # Same inputs, same bytes: a fixed id salt. Text stays text ("none"): WeasyPrint sets it in
    # the document's own DejaVu Sans, so chart labels print as crisply as the body, can be
    # searched and copied, and render about three times faster than glyphs drawn as paths.
    "svg.hashsalt": "vendor-eval",
    "svg.fonttype": "none",
    "svg.id": "chart",
}
PRINT_WIDTH_INCHES = 6.7  # A4 text width with 2 cm margins
HATCHES = ("", "////", "\\\\\\\\", "xxx", "----", "||||", "+++", "//--")
# Marker shapes per vendor, beside the shared vendor colours, so points stay distinguishable
# when the page is printed in greyscale.
MARKERS = ("o", "s", "D", "^", "v", "P", "X", "p", "h", "<", ">", "*")
MAX_PAGE_CHART_INCHES = 7.4  # taller, a chart no longer fits an A4 page under its heading
LEGEND_COLUMNS = 3


def svg_text(figure: Figure) -> str:
    """The figure as SVG without the creation date, so identical inputs give identical bytes."""
    buffer = io.StringIO()
    with matplotlib.rc_context(PRINT_STYLE):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def vendor_styles(vendors: list[str], project_vendors: list[str] | None = None,
                  ) -> dict[str, tuple[str, str]]:
    """(colour, marker) per vendor: the app's colours from presentation, plus a marker shape
    that follows the same name order, so a vendor looks the same on every chart.

    Pass all of the project's vendors as `project_vendors` (as the app does): a vendor left off
    one chart (no price, no pilot) must not shift the others' colours.
    """
    palette = sorted({*vendors, *(project_vendors or ())})
    colours = vendor_colours(palette)
    markers = {name: MARKERS[i % len(MARKERS)] for i, name in enumerate(palette)}
    return {name: (colours[name], markers[name]) for name in vendors}


def category_contribution_svg(result: RankResult, vendors: list[str] | None = None) -> str:
    """Stacked horizontal bars: the points each category adds to each vendor's score.

    Vendors run top to bottom in rank order (all of them, or the given ones, so a long field
    can be split over pages); categories keep the shared presentation colours and add a hatch
    each so the chart still reads when printed in greyscale. A diamond marks the score after
    risk adjustment where a penalty applies.
    """
    points = result.category_points()
    names = (result.contributions.drop_duplicates("category")
             .set_index("category")["category_name"])
    categories = [c for c in names.index if c in points.columns]
    colours = category_colours(categories)
    table = result.table
    if vendors is not None:
        table = table[table["vendor"].isin(vendors)]
    n_vendors = len(table)
    labels = [vendor_label(str(v)) + ("" if q else "\n(excluded)")
              for v, q in zip(table["vendor"], table["qualified"])]
    label_lines = max((label.count("\n") + 1 for label in labels), default=1)
    row_inches = max(0.28, 0.125 * label_lines + 0.04)  # room for the tallest wrapped label
    legend_rows = -(-(len(categories) + 1) // LEGEND_COLUMNS)
    height = 0.8 + row_inches * max(n_vendors, 1) + 0.2 * legend_rows

    with matplotlib.rc_context(PRINT_STYLE):
        figure = Figure(figsize=(PRINT_WIDTH_INCHES, height), layout="constrained")
        FigureCanvasAgg(figure)  # an explicit Agg canvas: no pyplot, no global backend switch
        ax = figure.add_subplot()
        y = list(range(n_vendors))
        left = [0.0] * n_vendors
        handles: list[Patch | Line2D] = []
        for index, category in enumerate(categories):
            widths = [float(points.at[v, category]) for v in table["vendor"]]
            fill = colours[category]
            ax.barh(y, widths, left=left, height=0.62, color=fill, edgecolor="white",
                    linewidth=0.5, hatch=HATCHES[index % len(HATCHES)],
                    hatchcolor=_hatch_colour(fill))
            left = [a + b for a, b in zip(left, widths)]
            handles.append(Patch(facecolor=fill, edgecolor="white",
                                 hatch=HATCHES[index % len(HATCHES)],
                                 hatchcolor=_hatch_colour(fill), label=names[category]))
        penalised = False
        for row_y, row in zip(y, table.itertuples(index=False)):
            ax.text(float(row.raw_score) + 1.2, row_y, format_score(float(row.raw_score)),
                    va="center", ha="left", fontsize=7.5, color="#222222")
            if float(row.risk_penalty) > 0:
                penalised = True
                ax.plot([float(row.score)], [row_y], marker="D", markersize=4.5,
                        color="black", markeredgecolor="white", markeredgewidth=0.6,
                        linestyle="none", zorder=3)
        if penalised:
            handles.append(Line2D([], [], marker="D", color="black", markeredgecolor="white",
                                  linestyle="none", markersize=4.5,
                                  label="score after risk adjustment"))

        ax.set_yticks(y, labels)
        for tick, qualified in zip(ax.get_yticklabels(), table["qualified"]):
            if not qualified:
                tick.set_color("#888888")
        ax.set_ylim(max(n_vendors, 1) - 0.5, -0.5)  # rank order top to bottom
        ax.set_xlim(0, 110)
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel("Points added to the score before risk adjustment (0-100)")
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        figure.legend(handles=handles, loc="outside lower center",
                      ncols=min(LEGEND_COLUMNS, len(handles)), frameon=False, handlelength=1.6,
                      columnspacing=1.2)
    return svg_text(figure)


def _hatch_colour(fill: str) -> str:
    """Light hatching on dark fills, dark on light ones, so both stay visible."""
    red, green, blue = to_rgb(fill)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#ffffff" if luminance < 0.45 else "#333333"
