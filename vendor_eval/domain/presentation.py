"""One place for number formats and vendor colours, shared by app charts, print charts and tables."""

from __future__ import annotations

import math
from collections.abc import Callable

# Okabe-Ito plus darker companions: distinguishable for colour-blind readers and in greyscale
# print (the PDF also uses hatching), in the order vendors are listed.
VENDOR_PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#6A3D9A", "#B15928", "#1F78B4", "#33A02C",
)
CATEGORY_PALETTE = (
    "#1b4f72", "#2e86c1", "#85c1e9", "#117864", "#45b39d", "#a3e4d7", "#7d6608", "#f4d03f",
)


def vendor_colours(vendors: list[str]) -> dict[str, str]:
    """Stable colour per vendor: sorted by name so a vendor keeps its colour on every page."""
    return {name: VENDOR_PALETTE[i % len(VENDOR_PALETTE)] for i, name in enumerate(sorted(vendors))}


def category_colours(categories: list[str]) -> dict[str, str]:
    """Stable colour per category id (sorted), whatever order a caller lists them in.

    Pass the categories the ranking uses (its profile's), as the app and the PDF both do.
    """
    return {c: CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)] for i, c in enumerate(sorted(categories))}


def format_score(value: float | None) -> str:
    """Scores are shown on 0-100 with one decimal everywhere."""
    return "n/a" if value is None or _isnan(value) else f"{value:.1f}"


def format_money(value: float | None, currency: str = "USD") -> str:
    if value is None or _isnan(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{currency} {value:,.0f}"
    return f"{currency} {value:,.3f}" if abs(value) < 1 else f"{currency} {value:,.2f}"


def format_percent(value: float | None, decimals: int = 1) -> str:
    return "n/a" if value is None or _isnan(value) else f"{100 * value:.{decimals}f}%"


def format_coefficient(value: float | None, decimals: int = 2) -> str:
    """Coefficients on a 0-1 or -1 to 1 scale (Krippendorff's alpha, kappa, Kendall's tau, F1,
    TOPSIS closeness) with two decimals, as the report prints agreement."""
    return "n/a" if value is None or _isnan(value) else f"{value:.{decimals}f}"


def format_interval(low: float | None, high: float | None,
                    fmt: Callable[[float], str] = format_percent) -> str:
    """A range as the report prints it, each end in `fmt`: `64.0% \u2013 96.5%`."""
    if low is None or high is None or _isnan(low) or _isnan(high):
        return "n/a"
    return f"{fmt(low)} \u2013 {fmt(high)}"


def format_points_change(value: float) -> str:
    """A difference in score points, signed: `+2.4`, `-0.8`."""
    return f"{value:+.1f}"


def format_measure(value: float | None, unit: str | None) -> str:
    """A measured value in its unit: fractions as percentages, others with their unit name."""
    if value is None or _isnan(value):
        return "n/a"
    if unit == "fraction":
        return format_percent(value)
    if unit in (None, "", "kappa", "ratio"):
        return f"{value:.2f}"
    return f"{value:g} {unit}"


def _isnan(value: float) -> bool:
    return isinstance(value, float) and math.isnan(value)
