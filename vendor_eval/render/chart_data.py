"""What the print charts show, without drawing them: the points, labels and page splits.

Kept free of matplotlib so the report can plan its charts (and a process that never draws
them never imports it); the drawing modules take these as their input.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

LABEL_WIDTH = 24
LABEL_LINES = 2
NAME_LABELS_UP_TO = 14  # beyond this many vendors, points carry their rank and a key explains


def vendor_label(name: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """A vendor name wrapped to the label column, cut with an ellipsis rather than overflowing."""
    wrapped = textwrap.wrap(name, width=width, break_long_words=True) or [name]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "\u2026"
    return "\n".join(wrapped)


def chart_chunks(vendors: list[str], per_chart: int) -> list[list[str]]:
    """Vendors in groups small enough for one chart to fit a page, in their given order."""
    return [vendors[i:i + per_chart] for i in range(0, len(vendors), per_chart)] or [[]]


@dataclass(frozen=True)
class ValuePoint:
    """One vendor on the map; `label` is what is written beside its point."""

    vendor: str
    label: str
    score: float
    total_cost: float
    qualified: bool


def pareto_frontier(points: list[ValuePoint]) -> list[ValuePoint]:
    """The qualified vendors no other qualified vendor beats on both score and cost (one at
    least as good on both and better on one), cheapest first."""
    qualified = [p for p in points if p.qualified]
    frontier = [p for p in qualified if not any(
        o.score >= p.score and o.total_cost <= p.total_cost
        and (o.score > p.score or o.total_cost < p.total_cost) for o in qualified)]
    return sorted(frontier, key=lambda p: (p.total_cost, -p.score, p.vendor))


def value_point_labels(vendors: list[str], ranks: list[int]) -> list[str]:
    """Names (wrapped) for a small field; rank numbers for a large one, keyed in the report."""
    if len(vendors) <= NAME_LABELS_UP_TO:
        return [vendor_label(v, width=22) for v in vendors]
    return [str(rank) for rank in ranks]


@dataclass(frozen=True)
class AccuracyPoint:
    """A vendor's pilot accuracy; `low`/`high` are None where no interval is known (F1 of boxes)."""

    vendor: str
    value: float
    low: float | None
    high: float | None
    n: int | None
