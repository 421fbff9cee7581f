"""Wording of the shortlist report and the RFP (labels, plurals and number formats shared with
the app live in domain.presentation)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from vendor_eval.domain.presentation import possessive

RUNNING_TITLE_CHARS = 80
EXCERPT_CHARS = 600


def share_text(share: float) -> str:
    """A share of SMAA samples as a whole percentage that never rounds to a false 0% or 100%."""
    percent = 100.0 * share
    shown = f"{percent:.0f}%"  # rounds half to even: 0.5 would print as 0%
    if 0.0 < percent and shown == "0%":
        return "less than 1%"
    if percent < 100.0 and shown == "100%":
        return "more than 99%"
    return shown


MATERIAL_GAP = 0.05  # a vendor this much of whose weighted score is missing makes N unsure


def robustness_reason(first_rank: Mapping[str, float], missing_share: Mapping[str, float],
                      top: str) -> str:
    """Why the first-rank share is what it is, in words: how firmly the leader holds, missing
    evidence that the samples vary over its whole range, and the rival first in the rest."""
    share = first_rank.get(top, 0.0)
    thin = sorted(((v, m) for v, m in missing_share.items() if m >= 0.005),
                  key=lambda item: (-item[1], item[0]))
    rivals = sorted(((v, s) for v, s in first_rank.items() if v != top and s > 0),
                    key=lambda item: (-item[1], item[0]))
    named = ", ".join(f"{share_text(m)} of {possessive(v)}" for v, m in thin[:3])
    more = f" (and {len(thin) - 3} more vendors)" if len(thin) > 3 else ""
    parts = []
    if share >= 0.95:
        parts.append(f"{top} stays first under nearly every weighting tried, even with the "
                     "uncertainty of the scores" + (" and of the missing inputs." if thin else "."))
    if thin and (share < 0.95 or thin[0][1] >= MATERIAL_GAP):
        parts.append(f"Missing evidence keeps this uncertain: {named} weighted score{more} rests "
                     "on inputs not gathered yet, and each is sampled anywhere from zero to full "
                     "marks, so the figure will move as that evidence comes in.")
    elif thin:
        parts.append(f"Little rests on missing inputs ({named} weighted score{more}); they are "
                     "sampled anywhere from zero to full marks.")
    if rivals and rivals[0][1] >= 0.05:
        rival, rival_share = rivals[0]
        why = ("mostly where its missing inputs are drawn high"
               if missing_share.get(rival, 0.0) >= MATERIAL_GAP
               else "the two are close where the weights are uncertain")
        parts.append(f"In {share_text(rival_share)} of the samples {rival} comes first instead: "
                     f"{why}.")
    return " ".join(parts)


def number(value: object) -> float | None:
    """A table cell as a float, or None for missing (None or NaN)."""
    if value is None:
        return None
    try:
        result = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(result) or pd.isna(result) else result


def running_title(title: str, limit: int = RUNNING_TITLE_CHARS) -> str:
    """The title cut at a word to fit one header line (WeasyPrint's CSS ellipsis breaks the
    PDF's text layer, so the cut is made here)."""
    if len(title) <= limit:
        return title
    head = title[: limit - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(" ,;:-") + "\u2026"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> tuple[str, bool]:
    """Text cut at a word near `limit` characters, and whether anything was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    cut = head.rsplit(" ", 1)[0] if " " in head[limit // 2:] else head
    return cut.rstrip(" ,;:-") + "\u2026", True


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def join_words(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
