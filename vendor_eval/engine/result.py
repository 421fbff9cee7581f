"""RankResult: the ranking table and its explanation, which checks its own invariants."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from vendor_eval.domain.presentation import flag_texts
from vendor_eval.engine.checklist import ChecklistOutcome

TABLE_COLUMNS = (
    "vendor", "rank", "score", "raw_score", "risk_penalty", "qualified", "gate_failures",
    "flags", "total_cost", "currency", "cost_per_correct_label", "pilot_accuracy",
)


class Finding(BaseModel):
    """A strength or weakness: a criterion where the vendor stands out from the field."""

    model_config = ConfigDict(frozen=True)

    criterion_id: str
    criterion: str
    category: str
    detail: str
    points_vs_field: float


class VendorExplanation(BaseModel):
    model_config = ConfigDict(frozen=True)

    strengths: tuple[Finding, ...]
    weaknesses: tuple[Finding, ...]


@dataclass(frozen=True)
class RankResult:
    """Ranking of one project under one profile, recording how it was made.

    `table` has one row per vendor in rank order; `contributions` one row per vendor and
    criterion with the points (0-100 scale) that criterion adds to the vendor's raw score.
    """

    table: pd.DataFrame
    contributions: pd.DataFrame
    explanations: dict[str, VendorExplanation]
    method: str
    profile_id: str
    profile_version: int
    profile_hash: str
    parameters: dict[str, object] = field(default_factory=dict)
    checklist: ChecklistOutcome | None = None

    def __post_init__(self) -> None:
        missing = set(TABLE_COLUMNS) - set(self.table.columns)
        if missing:
            raise AssertionError(f"rank table lacks columns {sorted(missing)}")
        ranks = self.table["rank"].to_numpy()
        if len(ranks) and (ranks[0] != 1 or (np.diff(ranks) < 0).any()):
            raise AssertionError("rank table must be sorted by rank starting at 1")
        points = self.contributions.groupby("vendor")["points"].sum()
        for vendor, raw in zip(self.table["vendor"], self.table["raw_score"], strict=True):
            if not math.isclose(points.get(vendor, 0.0), raw, abs_tol=1e-6):
                raise AssertionError(f"contributions of {vendor} do not add up to its score")

    @property
    def top_vendor(self) -> str | None:
        qualified = self.table[self.table["qualified"]]
        return None if qualified.empty else str(qualified.iloc[0]["vendor"])

    def category_points(self) -> pd.DataFrame:
        """Vendors (rank order) x categories: points each category adds to the raw score."""
        wide = self.contributions.pivot_table(
            index="vendor", columns="category", values="points", aggfunc="sum", fill_value=0.0
        )
        return wide.reindex(self.table["vendor"])

    def to_records(self) -> list[dict[str, object]]:
        """JSON-ready rows (the CLI's `--format json`), numbers rounded for reading."""
        rows = []
        for row in self.table.itertuples(index=False):
            rows.append({
                "vendor": row.vendor,
                "rank": int(row.rank),
                "score": round(float(row.score), 4),
                "raw_score": round(float(row.raw_score), 4),
                "risk_penalty": round(float(row.risk_penalty), 4),
                "qualified": bool(row.qualified),
                "gate_status": "pass" if row.qualified else "fail",
                "gate_failures": list(row.gate_failures),
                "flags": flag_texts(row.flags),
                "total_cost": None if pd.isna(row.total_cost) else round(float(row.total_cost), 2),
                "currency": row.currency,
                "cost_per_correct_label": None if pd.isna(row.cost_per_correct_label)
                else round(float(row.cost_per_correct_label), 4),
            })
        return rows
