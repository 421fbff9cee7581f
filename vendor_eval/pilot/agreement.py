"""Chance-corrected agreement between raters: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from vendor_eval.pilot.vocabulary import Level


class AgreementResult(BaseModel):
    """Every coefficient that applies to the ratings; `skipped` says why the others do not.

    Counts cover pairable items only (two or more ratings), the only ones agreement can use.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: Level
    n_items: int
    n_raters: int
    n_ratings: int
    cohen_kappa: float | None = None
    fleiss_kappa: float | None = None
    krippendorff_alpha: float | None = None
    skipped: dict[str, str] = {}

    def coefficients(self) -> dict[str, float]:
        """The coefficients computed, by name (what `vendor-eval agreement` prints)."""
        names = ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}


def agreement(ratings: pd.DataFrame, level: Level = "nominal") -> AgreementResult:
    """Agreement of long ratings `item_id, rater_id, label` (one row per rating, any missing).

    Cohen's kappa (Cohen 1960) needs exactly two raters and uses the items both rated; at the
    ordinal level it is linearly weighted on the ranks, at the interval level quadratically on
    the values (Fleiss & Cohen 1973). Fleiss' kappa (Fleiss 1971) is nominal and needs the same
    number of ratings on every item. Krippendorff's alpha (Krippendorff 2011) takes any number
    of raters, missing ratings and the three levels, so it is the one that always applies.
    """
    # statsmodels and scikit-learn take seconds to import: only a page that measures agreement
    # pays for them, and only when it does.
    from statsmodels.stats.inter_rater import fleiss_kappa

    ratings = ratings.loc[ratings["label"].notna()]
    if ratings.duplicated(subset=["item_id", "rater_id"]).any():
        raise ValueError("a rater may rate an item only once")
    item_codes, _ = pd.factorize(ratings["item_id"])
    per_item = np.bincount(item_codes) if len(item_codes) else np.zeros(0, dtype=int)
    pairable = per_item[item_codes] >= 2 if len(item_codes) else np.zeros(0, dtype=bool)
    ratings = ratings.loc[pairable]
    item_codes, _ = pd.factorize(ratings["item_id"])
    rater_codes, raters = pd.factorize(ratings["rater_id"])
    label_codes, domain = pd.factorize(ratings["label"], sort=True)
    n_items, n_labels = int(item_codes.max(initial=-1)) + 1, len(domain)
    base = {"level": level, "n_items": n_items, "n_raters": len(raters),
            "n_ratings": len(ratings)}

    if n_items == 0:
        reason = "no item has two or more ratings"
        return AgreementResult(**base, skipped=dict.fromkeys(_NAMES, reason))
    if n_labels < 2:
        reason = (f"every rating is '{domain[0]}': with no variation, agreement beyond chance "
                  f"is undefined")
        return AgreementResult(**base, skipped=dict.fromkeys(_NAMES, reason))

    value_counts = np.bincount(item_codes * n_labels + label_codes,
                               minlength=n_items * n_labels).reshape(n_items, n_labels)
    skipped: dict[str, str] = {}
    values = np.asarray(domain, dtype=float) if level != "nominal" else None

    cohen = None
    if len(raters) != 2:
        skipped["cohen_kappa"] = f"needs exactly two raters; there are {len(raters)}"
    else:
        cohen, reason = _cohen(item_codes, rater_codes, label_codes, n_items, n_labels, level,
                               values)
        if reason:
            skipped["cohen_kappa"] = reason

    fleiss = None
    counts = value_counts.sum(axis=1)
    if counts.min() != counts.max():
        skipped["fleiss_kappa"] = (f"needs the same number of ratings on every item; items "
                                   f"have between {counts.min()} and {counts.max()}")
    else:
        fleiss = _finite(fleiss_kappa(value_counts, method="fleiss"))
        if fleiss is None:
            skipped["fleiss_kappa"] = "undefined for these ratings (no chance variation)"

    alpha = _finite(krippendorff.alpha(
        value_counts=value_counts, level_of_measurement=level,
        value_domain=values if values is not None else np.arange(n_labels)))
    if alpha is None:
        skipped["krippendorff_alpha"] = "undefined for these ratings (no expected disagreement)"
    return AgreementResult(**base, cohen_kappa=cohen, fleiss_kappa=fleiss,
                           krippendorff_alpha=alpha, skipped=skipped)


_NAMES = ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha")


def _cohen(item_codes: np.ndarray, rater_codes: np.ndarray, label_codes: np.ndarray,
           n_items: int, n_labels: int, level: Level,
           values: np.ndarray | None) -> tuple[float | None, str | None]:
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import cohens_kappa

    grid = np.full((n_items, 2), -1, dtype=np.int64)
    grid[item_codes, rater_codes] = label_codes
    both = (grid >= 0).all(axis=1)
    if not both.any():
        return None, "the two raters have no item in common"
    first, second = grid[both, 0], grid[both, 1]
    if level == "interval":
        table = np.bincount(first * n_labels + second,
                            minlength=n_labels * n_labels).reshape(n_labels, n_labels)
        kappa = cohens_kappa(table, weights=values, wt="quadratic", return_results=False)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            kappa = cohen_kappa_score(first, second, labels=np.arange(n_labels),
                                      weights="linear" if level == "ordinal" else None)
    kappa = _finite(kappa)
    return kappa, None if kappa is not None else "undefined: both raters used a single label"


def _finite(value: float) -> float | None:
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value
