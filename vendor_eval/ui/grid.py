"""The evaluator's score grid: criteria x vendors for st.data_editor, and the edits to save."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd
import streamlit as st

from vendor_eval.domain.criteria import Catalogue, Criterion
from vendor_eval.domain.enums import CriterionKind
from vendor_eval.domain.profiles import Profile
from vendor_eval.errors import InputError

CATEGORY = "Category"
CRITERION = "Criterion"

ROW_PIXELS = 35
MAX_VISIBLE_ROWS = 24
# Column widths (pixels) that show the criterion, its category and eight vendors side by side
# at a laptop's width; more vendors scroll, with the criterion pinned on the left.
CRITERION_PIXELS, CATEGORY_PIXELS, VENDOR_PIXELS = 270, 140, 64
MAX_CRITERION_PIXELS, MAX_VENDOR_PIXELS = 330, 130
CHARACTER_PIXELS, CELL_PADDING = 7, 18  # the grid's 13-14 px font, on average


def short_names(vendors: list[str]) -> dict[str, str]:
    """Each vendor by its first words, as few as tell it from the others ("Harborline" for
    Harborline Business Services): a column header that fits, the full name on hover."""
    words = {vendor: vendor.split() or [vendor] for vendor in vendors}
    short = {}
    for vendor, own in words.items():
        for count in range(1, len(own) + 1):
            prefix = own[:count]
            if not any(other != vendor and theirs[:count] == prefix
                       for other, theirs in words.items()):
                break
        short[vendor] = " ".join(prefix)
    return short


def text_pixels(texts: Iterable[str], least: int, most: int) -> int:
    """A column width that fits the longest text, between `least` and `most` pixels."""
    longest = max((len(t) for t in texts), default=0)
    return int(min(max(longest * CHARACTER_PIXELS + CELL_PADDING, least), most))

Cell = tuple[str, str]  # (vendor, criterion_id)
RUBRIC_LOW, RUBRIC_HIGH = 0.0, 5.0


def scored_criteria(profile: Profile, catalogue: Catalogue) -> list[Criterion]:
    """The profile's rubric-scored criteria, grouped by category in the profile's order."""
    return [
        catalogue.by_id[criterion_id]
        for category in profile.categories.values()
        for criterion_id in category.criteria
        if catalogue.by_id[criterion_id].kind is CriterionKind.SCORED
    ]


def cells_by_key(records: list[dict[str, object]]) -> dict[Cell, dict[str, object]]:
    """`evaluator_grid` rows keyed by (vendor, criterion_id)."""
    return {(str(r["vendor"]), str(r["criterion_id"])): r for r in records}


def score_grid(cells: dict[Cell, dict[str, object]], criteria: list[Criterion],
               vendors: list[str], category_names: dict[str, str]) -> pd.DataFrame:
    """Rows are criteria (index = criterion id), columns Category, Criterion and one per vendor."""
    frame = pd.DataFrame(
        {
            CATEGORY: [category_names.get(c.category, c.category) for c in criteria],
            CRITERION: [c.name for c in criteria],
            **{
                vendor: pd.Series(
                    [_score(cells.get((vendor, c.id))) for c in criteria], dtype="float64"
                ).to_numpy()
                for vendor in vendors
            },
        },
        index=pd.Index([c.id for c in criteria], name="criterion_id"),
    )
    return frame


def column_config(vendors: list[str], criterion_names: Iterable[str] = ()) -> dict[str, object]:
    """Vendor columns as wide as their names (within bounds; the full name shows on hover) and
    a criterion column as wide as the longest criterion, which stays in view while the vendors
    scroll.

    No min/max on the columns: the browser would silently turn a typed 7 into 5 (and -1 into
    1). What was typed stays in its cell; `out_of_range` names it and saving is refused.
    """
    return {
        CATEGORY: st.column_config.TextColumn(CATEGORY, width=CATEGORY_PIXELS),
        CRITERION: st.column_config.TextColumn(CRITERION, pinned=True,
                                               width=text_pixels(criterion_names,
                                                                 CRITERION_PIXELS,
                                                                 MAX_CRITERION_PIXELS)),
        **{vendor: st.column_config.NumberColumn(
            short, help=vendor, format="%.1f",
            width=text_pixels([short], VENDOR_PIXELS, MAX_VENDOR_PIXELS))
           for vendor, short in short_names(vendors).items()},
    }


def out_of_range(edited: pd.DataFrame, vendors: list[str], names: dict[str, str]) -> list[str]:
    """Every typed score outside the rubric's 0-5, as "Vendor, Criterion: 7", in grid order."""
    wrong = []
    for criterion_id in edited.index:
        for vendor in vendors:
            value = _number(edited.at[criterion_id, vendor])
            if value is not None and not RUBRIC_LOW <= value <= RUBRIC_HIGH:
                wrong.append(f"{vendor}, {names.get(criterion_id, criterion_id)}: {value:g}")
    return wrong


def out_of_range_message(wrong: list[str]) -> str:
    cells = "; ".join(wrong)
    return (f"Scores run from {RUBRIC_LOW:g} to {RUBRIC_HIGH:g} on the rubric. Correct "
            f"{'this cell' if len(wrong) == 1 else f'these {len(wrong)} cells'} before saving "
            f"(nothing was saved): {cells}.")


def has_edits(editor_state: object) -> bool:
    """Whether a st.data_editor edit state (edited_rows, added_rows, deleted_rows) holds edits."""
    if not isinstance(editor_state, dict):
        return False
    return any(editor_state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


def editor_height(rows: int) -> int:
    """Tall enough to show the whole grid up to MAX_VISIBLE_ROWS, then it scrolls."""
    return ROW_PIXELS * (min(rows, MAX_VISIBLE_ROWS) + 1) + 3


def score_edits(cells: dict[Cell, dict[str, object]], base: pd.DataFrame, edited: pd.DataFrame,
                vendors: list[str], comment: tuple[str, str, str] | None = None) -> list[dict]:
    """The cells whose score differs from `base`, plus the commented cell if its comment changed.

    Each edit carries the version the user started from, so a concurrent change is refused
    instead of overwritten; edits stay dicts so `save_scores` validates them.
    """
    changed: dict[Cell, float | None] = {}
    for vendor in vendors:
        for criterion_id in base.index:
            before = _number(base.at[criterion_id, vendor])
            after = _number(edited.at[criterion_id, vendor])
            if before != after:
                changed[(vendor, criterion_id)] = after
    comments = {cell: str(record.get("comment") or "") for cell, record in cells.items()}
    if comment is not None:
        vendor, criterion_id, text = comment
        cell = (vendor, criterion_id)
        if text != comments.get(cell, ""):
            score = _number(edited.at[criterion_id, vendor])
            if score is None:
                raise InputError("a comment needs a score in the same cell",
                                 column=f"{vendor} / {criterion_id}")
            comments[cell] = text
            changed.setdefault(cell, score)
    return [
        {"vendor": vendor, "criterion_id": criterion_id, "score": score,
         "comment": comments.get((vendor, criterion_id), ""),
         "base_version": cells.get((vendor, criterion_id), {}).get("version", 0)}
        for (vendor, criterion_id), score in changed.items()
    ]


def _score(record: dict[str, object] | None) -> float:
    return math.nan if record is None or record.get("score") is None else float(record["score"])


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
