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
    telling = frame[frame["utility"].notna()
                    & (np.abs(frame["points_vs_field"]) >= NEGLIGIBLE_POINTS)]
    # One stable sort for the whole field, then each vendor's first few: ties keep the
    # catalogue's order, and the cost does not grow with a loop over vendors.
    gains = telling[telling["points_vs_field"] > 0].sort_values(
        "points_vs_field", ascending=False, kind="stable")
    losses = telling[telling["points_vs_field"] < 0].sort_values(
        "points_vs_field", kind="stable")
    strengths = _by_vendor(gains.groupby("vendor", sort=False).head(FINDINGS_PER_SIDE))
    weaknesses = _by_vendor(losses.groupby("vendor", sort=False).head(FINDINGS_PER_SIDE))
    return {vendor: VendorExplanation(strengths=tuple(strengths.get(vendor, ())),
                                      weaknesses=tuple(weaknesses.get(vendor, ())))
            for vendor in vendors}


def _by_vendor(rows: pd.DataFrame) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for row in rows.itertuples(index=False):
        found.setdefault(row.vendor, []).append(Finding(
            criterion_id=row.criterion_id,
            criterion=row.criterion,
            category=row.category_name,
            detail=row.display_value,
            points_vs_field=round(float(row.points_vs_field), 2),
        ))
    return found
