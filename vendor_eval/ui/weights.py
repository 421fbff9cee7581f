"""Weights as pages edit them: slider defaults, proportional rescaling, edited profile bodies."""

from __future__ import annotations

import pandas as pd

from vendor_eval.domain.criteria import Catalogue
from vendor_eval.domain.profiles import Profile
from vendor_eval.errors import InputError

DECIMALS = 1
CATEGORY = "Category"
CRITERION = "Criterion"
WEIGHT = "Weight"


def slider_defaults(profile: Profile) -> dict[str, int]:
    """The profile's category weights as whole percentages, in the profile's order."""
    return {category: round(100 * share) for category, share in profile.category_weights().items()}


def proportional_percentages(values: dict[str, float]) -> dict[str, float]:
    """Slider values rescaled to sum to exactly 100, each to one decimal.

    Sliders need not add up to 100: they are used in proportion. Rounding drift goes to the
    largest weight so the result always passes the profile's sum rule.
    """
    total = sum(values.values())
    if total <= 0:
        raise InputError("set at least one category weight above zero", column="category weights")
    scaled = {key: round(100 * value / total, DECIMALS) for key, value in values.items()}
    largest = max(scaled, key=scaled.__getitem__)
    scaled[largest] = round(scaled[largest] + 100 - sum(scaled.values()), DECIMALS)
    return scaled


def profile_body(profile: Profile, category_weights: dict[str, float | None],
                 criterion_weights: dict[str, float | None] | None = None) -> dict:
    """The profile as a plain dict with edited weights, ready for `save_profile_version`.

    Nothing is validated here: the service validates and names the offending field.
    """
    body = profile.model_dump(mode="json")
    for category, weight in category_weights.items():
        body["categories"][category]["weight"] = weight
    for criterion, weight in (criterion_weights or {}).items():
        for category in body["categories"].values():
            if criterion in category["criteria"]:
                category["criteria"][criterion] = weight
    return body


def category_weights_frame(profile: Profile, names: dict[str, str]) -> pd.DataFrame:
    """The profile's category weights as stored, one row per category (index = category id)."""
    return pd.DataFrame(
        {CATEGORY: [names.get(c, c) for c in profile.categories],
         WEIGHT: [float(c.weight) for c in profile.categories.values()]},
        index=pd.Index(list(profile.categories), name="category"),
    )


def criterion_weights_frame(profile: Profile, catalogue: Catalogue) -> pd.DataFrame:
    """The weight of each criterion inside its category, grouped by category."""
    rows = [
        (criterion_id, catalogue.category_names.get(category_id, category_id),
         catalogue.by_id[criterion_id].name, float(weight))
        for category_id, category in profile.categories.items()
        for criterion_id, weight in category.criteria.items()
    ]
    return pd.DataFrame(
        {CATEGORY: [r[1] for r in rows], CRITERION: [r[2] for r in rows],
         WEIGHT: [r[3] for r in rows]},
        index=pd.Index([r[0] for r in rows], name="criterion"),
    )


def frame_weights(frame: pd.DataFrame) -> dict[str, float | None]:
    """Weights from an edited frame; an emptied cell becomes None, for the service to refuse."""
    return {str(k): None if pd.isna(v) else float(v) for k, v in frame[WEIGHT].items()}
