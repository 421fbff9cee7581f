"""Point labels that do not overlap each other, the points or the plot's edges."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

# Offsets from the point in typographic points, tried in this order: beside the point first,
# then above and below, then diagonally, then further out with a leader line.
NEAR = (6.0, 0.0), (-6.0, 0.0), (0.0, 7.0), (0.0, -7.0), (6.0, 6.0), (-6.0, 6.0), \
    (6.0, -6.0), (-6.0, -6.0)
FAR_STEPS = (2.0, 3.0, 4.5)
LEADER_FROM = 9.0  # offsets longer than this get a thin line back to the point
PADDING_PIXELS = 1.5


def place_labels(ax: Axes, renderer: RendererBase, xy: Sequence[tuple[float, float]],
                 texts: Sequence[str], marker_radius_points: float = 4.0,
                 fontsize: float = 7.0, colour: str = "#222222",
                 lines: Sequence[Sequence[tuple[float, float]]] = ()) -> list[Annotation]:
    """Annotate each point with its text at the first candidate position that overlaps no label
    placed before it, no point, none of the polylines `lines` and stays inside the axes; when
    none is free, the candidate with the least overlap. Greedy and deterministic: the same
    points give the same picture.

    Call after the axes' limits and the figure's layout are final (`draw_without_rendering`).
    """
    to_pixels = ax.figure.dpi / 72.0
    radius = marker_radius_points * to_pixels
    points = [ax.transData.transform(p) for p in xy]
    obstacles = [Bbox.from_extents(px - radius, py - radius, px + radius, py + radius)
                 for px, py in points]
    line_boxes = [box for line in lines for box in _line_boxes(ax, line, to_pixels)]
    frame = ax.get_window_extent(renderer)
    placed: list[Bbox] = []
    annotations: list[Annotation] = []
    candidates = [*NEAR, *((dx * k, dy * k) for k in FAR_STEPS for dx, dy in NEAR)]
    for index, (point, text) in enumerate(zip(xy, texts, strict=True)):
        best: tuple[float, Annotation, Bbox] | None = None
        for dx, dy in candidates:
            label = _annotation(ax, point, text, dx, dy, fontsize, colour)
            box = label.get_window_extent(renderer).padded(PADDING_PIXELS)
            others = [b for i, b in enumerate(obstacles) if i != index]
            cost = (_overlap(box, [*placed, *others]) + 0.5 * _overlap(box, line_boxes)
                    + _outside(box, frame))
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, label, box)
                if cost == 0.0:
                    break
            else:
                label.remove()
        assert best is not None
        _, label, box = best
        dx, dy = label.xyann
        if (dx * dx + dy * dy) ** 0.5 > LEADER_FROM:
            label.remove()
            label = _annotation(ax, point, text, dx, dy, fontsize, colour, leader=True)
        placed.append(box)
        annotations.append(label)
    return annotations


def _annotation(ax: Axes, point: tuple[float, float], text: str, dx: float, dy: float,
                fontsize: float, colour: str, leader: bool = False) -> Annotation:
    horizontal = "left" if dx > 0 else "right" if dx < 0 else "center"
    vertical = "bottom" if dy > 0 else "top" if dy < 0 else "center"
    arrow = ({"arrowstyle": "-", "color": "#888888", "linewidth": 0.5, "shrinkA": 0,
              "shrinkB": 3} if leader else None)
    label = ax.annotate(text, xy=point, xytext=(dx, dy), textcoords="offset points",
                        ha=horizontal, va=vertical, fontsize=fontsize, color=colour,
                        annotation_clip=False, linespacing=1.1, arrowprops=arrow)
    label.set_in_layout(False)  # labels must not make constrained layout move the axes again
    return label


def _line_boxes(ax: Axes, line: Sequence[tuple[float, float]], to_pixels: float,
                step_points: float = 3.0) -> list[Bbox]:
    """Small boxes along a polyline (display space), so labels keep off the line too."""
    half = 1.0 * to_pixels
    step = step_points * to_pixels
    corners = [ax.transData.transform(p) for p in line]
    boxes = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:]):
        length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
        count = max(1, int(length // step))
        for k in range(count + 1):
            x, y = x0 + (x1 - x0) * k / count, y0 + (y1 - y0) * k / count
            boxes.append(Bbox.from_extents(x - half, y - half, x + half, y + half))
    return boxes


def _overlap(box: Bbox, others: Sequence[Bbox]) -> float:
    total = 0.0
    for other in others:
        width = min(box.x1, other.x1) - max(box.x0, other.x0)
        height = min(box.y1, other.y1) - max(box.y0, other.y0)
        if width > 0 and height > 0:
            total += width * height
    return total


def _outside(box: Bbox, frame: Bbox) -> float:
    """Area of the label beyond the axes, weighted so that leaving the plot costs the most."""
    inside_width = max(0.0, min(box.x1, frame.x1) - max(box.x0, frame.x0))
    inside_height = max(0.0, min(box.y1, frame.y1) - max(box.y0, frame.y0))
    return 4.0 * (box.width * box.height - inside_width * inside_height)
