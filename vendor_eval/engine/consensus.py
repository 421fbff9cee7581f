"""How far evaluators agree: per-cell spread, Krippendorff's alpha, and each evaluator's calibration.

Everything takes tidy frames (`vendor, criterion_id, evaluator, score`; consensus as
`vendor, criterion_id, score`) and returns frames, so the service, the app and tests share them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import krippendorff
import numpy as np
import pandas as pd

from vendor_eval.domain.team import SPREAD_TO_DISCUSS

SCORE_COLUMNS = ["vendor", "criterion_id", "evaluator", "score"]
CONSENSUS_COLUMNS = ["vendor", "criterion_id", "score"]
CELL = ["vendor", "criterion_id"]


@dataclass(frozen=True)
class ConsensusReport:
    """Agreement on one project's scores.

    `cells`: one row per vendor x criterion with n, mean, median, spread (max - min), the
    consensus score where set and `discuss` (spread at or above the threshold).
    `alpha`: ordinal Krippendorff's alpha over all cells (None when undefined).
    `alpha_by_criterion`: criterion_id, alpha (NaN when undefined), vendors, ratings.
    `calibration`: one row per evaluator, see `calibration`.
    """

    cells: pd.DataFrame
    alpha: float | None
    alpha_by_criterion: pd.DataFrame
    calibration: pd.DataFrame
    threshold: float

    @property
    def to_discuss(self) -> pd.DataFrame:
        return self.cells[self.cells["discuss"]].sort_values(
            ["spread", "vendor", "criterion_id"], ascending=[False, True, True],
            kind="stable").reset_index(drop=True)


def consensus_report(scores: pd.DataFrame, consensus: pd.DataFrame | None = None,
                     threshold: float = SPREAD_TO_DISCUSS) -> ConsensusReport:
    """Spread, agreement and calibration for a project's scores (the Consensus page)."""
    scores = _scores_frame(scores)
    consensus = _consensus_frame(consensus)
    return ConsensusReport(
        cells=cell_statistics(scores, consensus, threshold),
        alpha=ordinal_alpha(scores),
        alpha_by_criterion=alpha_by_criterion(scores),
        calibration=calibration(scores, consensus),
        threshold=threshold,
    )


def cell_statistics(scores: pd.DataFrame, consensus: pd.DataFrame | None = None,
                    threshold: float = SPREAD_TO_DISCUSS) -> pd.DataFrame:
    """Per vendor x criterion: n, mean, median, min, max, spread, consensus, discuss."""
    scores = _scores_frame(scores)
    consensus = _consensus_frame(consensus)
    grouped = scores.groupby(CELL, sort=True)["score"]
    cells = grouped.agg(n="count", mean="mean", median="median", min="min",
                        max="max").reset_index()
    cells["n"] = cells["n"].astype(int)
    cells["spread"] = cells["max"] - cells["min"]
    agreed = consensus.rename(columns={"score": "consensus"})[[*CELL, "consensus"]]
    cells = cells.merge(agreed, on=CELL, how="left")
    cells["discuss"] = cells["spread"] >= threshold
    return cells[[*CELL, "n", "mean", "median", "min", "max", "spread", "consensus", "discuss"]]


def ordinal_alpha(scores: pd.DataFrame) -> float | None:
    """Krippendorff's alpha, ordinal, with every vendor x criterion cell as a unit.

    Ordinal because rubric levels are ordered but not evenly spaced in meaning (Krippendorff
    2011). Cells scored by one evaluator are unpairable and add nothing. None when alpha is
    undefined: fewer than two distinct scores, or no cell scored twice.
    """
    scores = _scores_frame(scores)
    if scores.empty:
        return None
    units = scores["vendor"].astype(str) + "\x1f" + scores["criterion_id"].astype(str)
    return _alpha(units, scores["evaluator"], scores["score"])


def alpha_by_criterion(scores: pd.DataFrame) -> pd.DataFrame:
    """Ordinal alpha per criterion, vendors as units: which criteria the rubric anchors well."""
    scores = _scores_frame(scores)
    rows = []
    for criterion_id, group in scores.groupby("criterion_id", sort=True):
        alpha = _alpha(group["vendor"], group["evaluator"], group["score"])
        rows.append({"criterion_id": criterion_id,
                     "alpha": math.nan if alpha is None else alpha,
                     "vendors": int(group["vendor"].nunique()), "ratings": len(group)})
    return pd.DataFrame(rows, columns=["criterion_id", "alpha", "vendors", "ratings"])


def calibration(scores: pd.DataFrame, consensus: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per evaluator: how lenient and how consistent against the team's view of each cell.

    The reference for a cell is its consensus score where one was set, else the mean of the
    *other* evaluators' scores (leaving the evaluator out, so nobody is compared with themself).
    `leniency` is the mean of score - reference (positive: generous, negative: harsh);
    `mean_abs_deviation` the mean of |score - reference|; `correlation` Pearson's r between
    the evaluator's scores and the references (ordering agreement whatever the leniency; NaN
    with fewer than three cells or no variation). Cells with no reference are left out.
    """
    scores = _scores_frame(scores)
    consensus = _consensus_frame(consensus)
    columns = ["evaluator", "cells", "leniency", "mean_abs_deviation", "correlation"]
    if scores.empty:
        return pd.DataFrame(columns=columns)
    grid = scores.pivot_table(index=CELL, columns="evaluator", values="score", aggfunc="mean")
    values = grid.to_numpy(dtype=float)
    present = ~np.isnan(values)
    totals = np.nansum(values, axis=1, keepdims=True)
    counts = present.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        others = np.where(present & (counts > 1), (totals - np.nan_to_num(values)) / (counts - 1),
                          np.nan)
    agreed = (consensus.set_index(CELL)["score"].reindex(grid.index).to_numpy(dtype=float)
              if not consensus.empty else np.full(len(grid), np.nan))
    reference = np.where(np.isnan(agreed)[:, None], others, agreed[:, None])
    deviation = np.where(present, values - reference, np.nan)
    rows = []
    for j, evaluator in enumerate(grid.columns):
        usable = ~np.isnan(deviation[:, j])
        d = deviation[usable, j]
        rows.append({
            "evaluator": evaluator,
            "cells": int(usable.sum()),
            "leniency": float(d.mean()) if d.size else math.nan,
            "mean_abs_deviation": float(np.abs(d).mean()) if d.size else math.nan,
            "correlation": _pearson(values[usable, j], reference[usable, j]),
        })
    return pd.DataFrame(rows, columns=columns)


def _alpha(units: pd.Series, raters: pd.Series, values: pd.Series) -> float | None:
    unit_codes, _ = pd.factorize(units)
    rater_codes, rater_names = pd.factorize(raters)
    data = np.full((len(rater_names), int(unit_codes.max()) + 1), np.nan)
    data[rater_codes, unit_codes] = values.to_numpy(dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if not pairable.any():
        return None
    domain = np.unique(data[:, pairable][~np.isnan(data[:, pairable])])
    if domain.size < 2:
        return None
    alpha = krippendorff.alpha(reliability_data=data[:, pairable],
                               level_of_measurement="ordinal", value_domain=domain)
    return float(alpha) if np.isfinite(alpha) else None


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    if x.size < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def _scores_frame(scores: pd.DataFrame) -> pd.DataFrame:
    missing = set(SCORE_COLUMNS) - set(scores.columns)
    if missing:
        raise ValueError(f"scores lack columns {sorted(missing)}")
    frame = scores[SCORE_COLUMNS].dropna(subset=["score"])
    if frame.duplicated(subset=[*CELL, "evaluator"]).any():
        raise ValueError("an evaluator may score a vendor on a criterion only once")
    return frame.astype({"score": float})


def _consensus_frame(consensus: pd.DataFrame | None) -> pd.DataFrame:
    if consensus is None or consensus.empty:
        return pd.DataFrame({"vendor": pd.Series(dtype=str),
                             "criterion_id": pd.Series(dtype=str),
                             "score": pd.Series(dtype=float)})
    return consensus[CONSENSUS_COLUMNS].astype({"score": float})
