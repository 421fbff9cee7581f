"""Strengths and weaknesses: where each vendor gains or loses most against the field."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vendor_eval.engine.result import Finding, VendorExplanation

FINDINGS_PER_SIDE = 3
NEGLIGIBLE_POINTS = 0.05


def explain(contributions: pd.DataFrame, vendors: list[str]) -> dict[str, VendorExplanation]:
    """For each vendor, the criteria where weight x (its utility - field mean) is largest either way.

    Comparing with the field mean, not with the maximum, names what sets a vendor apart.
    """
    frame = contributions.copy()
    field_mean = frame.groupby("criterion_id")["utility"].transform("mean")
    frame["points_vs_field"] = 100.0 * frame["profile_weight"] * (frame["utility"] - field_mean)
    result: dict[str, VendorExplanation] = {}
    for vendor in vendors:
        mine = frame[(frame["vendor"] == vendor) & frame["utility"].notna()]
        mine = mine[np.abs(mine["points_vs_field"]) >= NEGLIGIBLE_POINTS]
        best = mine.sort_values("points_vs_field", ascending=False)
        strengths = best[best["points_vs_field"] > 0].head(FINDINGS_PER_SIDE)
        weaknesses = best[best["points_vs_field"] < 0].sort_values("points_vs_field").head(
            FINDINGS_PER_SIDE
        )
        result[vendor] = VendorExplanation(
            strengths=tuple(_findings(strengths)), weaknesses=tuple(_findings(weaknesses))
        )
    return result


def _findings(rows: pd.DataFrame) -> list[Finding]:
    return [
        Finding(
            criterion_id=row.criterion_id,
            criterion=row.criterion,
            category=row.category_name,
            detail=row.display_value,
            points_vs_field=round(float(row.points_vs_field), 2),
        )
        for row in rows.itertuples(index=False)
    ]
