"""Weighting profiles: hierarchical weights, measured-value thresholds, gates and risk rule.

Weight rule (documented in the README): at every level, the weights are either fractions
summing to 1 or percentages summing to 100. Anything else is refused rather than silently
rescaled, because a typo in a weight must never pass unnoticed. Negative weights are refused.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vendor_eval.domain.canonical import canonical_digest
from vendor_eval.domain.criteria import (
    IDENTIFIER,
    Catalogue,
    load_yaml,
    validation_error_to_input_error,
)
from vendor_eval.domain.enums import CriterionKind, Direction, MissingPolicy, RiskStatus
from vendor_eval.domain.project import Scope
from vendor_eval.errors import InputError

FRACTION_TOLERANCE = 1e-4
PERCENT_TOLERANCE = 1e-2


def weights_total_problem(weights: dict[str, float]) -> str | None:
    """Why these weights are unacceptable, or None; shared by profiles, forms and weight files."""
    for key, value in weights.items():
        if not isinstance(value, (int, float)) or math.isnan(value) or math.isinf(value):
            return f"weight of '{key}' is not a number"
        if value < 0:
            return f"weight of '{key}' is negative ({value})"
    total = sum(weights.values())
    if abs(total - 1.0) <= FRACTION_TOLERANCE or abs(total - 100.0) <= PERCENT_TOLERANCE:
        return None
    return f"weights sum to {total:g}; they must sum to 1 (fractions) or 100 (percent)"


def as_fractions(weights: dict[str, float]) -> dict[str, float]:
    """Weights that already passed `weights_total_problem`, as fractions summing to exactly 1."""
    total = sum(weights.values())
    return {key: value / total for key, value in weights.items()}


class CategoryWeights(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    weight: float
    criteria: dict[str, float]

    @model_validator(mode="after")
    def _criteria_weights_sum(self) -> CategoryWeights:
        if not self.criteria:
            raise ValueError("a category needs at least one criterion")
        problem = weights_total_problem(self.criteria)
        if problem:
            raise ValueError(f"criteria weights: {problem}")
        return self


class Threshold(BaseModel):
    """Linear utility for a measured value: `worst` maps to 0, `best` to 1, clipped outside.

    Direction follows from the order: best > worst for a benefit, best < worst for a cost.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    worst: float
    best: float

    @model_validator(mode="after")
    def _distinct(self) -> Threshold:
        if self.worst == self.best:
            raise ValueError("worst and best must differ")
        return self


class Gate(BaseModel):
    """A pass/fail requirement for the scopes where ALL of `when_all` hold (empty: always).

    The YAML key stays `when`; the attribute says "all", since a checklist item's and an RFP
    question's conditions are "any".

    Conditions are sensitivity flags (`phi`, `eu_personal_data`, ...) or `industry:<name>`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True,
                              validate_by_alias=True, serialize_by_alias=True)

    criterion: str = Field(pattern=IDENTIFIER)
    when_all: tuple[str, ...] = Field(default=(), alias="when")
    reason: str

    def applies_to(self, scope: Scope) -> bool:
        return all(scope.satisfies(condition) for condition in self.when_all)


class RiskRule(BaseModel):
    """Turns open residual risk into a score penalty (README, "Risk adjustment").

    exposure = sum over a vendor's risk items of status_factor * likelihood * impact / 25;
    penalty = min(cap, rate * exposure); adjusted score = score * (1 - penalty).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rate: float = Field(default=0.05, ge=0, le=1)
    cap: float = Field(default=0.25, ge=0, le=1)
    status_factors: dict[RiskStatus, float] = Field(
        default_factory=lambda: {
            RiskStatus.OPEN: 1.0,
            RiskStatus.MITIGATED: 0.4,
            RiskStatus.ACCEPTED: 0.6,
            RiskStatus.CLOSED: 0.0,
        }
    )

    @model_validator(mode="after")
    def _every_status_has_factor(self) -> RiskRule:
        missing = [s.value for s in RiskStatus if s not in self.status_factors]
        if missing:
            raise ValueError(f"status_factors lacks {missing}")
        if any(f < 0 or f > 1 for f in self.status_factors.values()):
            raise ValueError("status factors must lie between 0 and 1")
        return self


class Profile(BaseModel):
    """A versioned weighting scenario; frozen because a saved version is a fact."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=IDENTIFIER)
    name: str
    description: str
    version: int = Field(default=1, ge=1)
    missing_scores: MissingPolicy = MissingPolicy.REWEIGHT
    categories: dict[str, CategoryWeights]
    thresholds: dict[str, Threshold] = Field(default_factory=dict)
    gates: tuple[Gate, ...] = ()
    risk: RiskRule = Field(default_factory=RiskRule)

    @model_validator(mode="after")
    def _category_weights_sum(self) -> Profile:
        problem = weights_total_problem({k: v.weight for k, v in self.categories.items()})
        if problem:
            raise ValueError(f"category weights: {problem}")
        criteria = [c for cat in self.categories.values() for c in cat.criteria]
        duplicates = sorted({c for c in criteria if criteria.count(c) > 1})
        if duplicates:
            raise ValueError(f"criteria weighted in more than one category: {duplicates}")
        return self

    def category_weights(self) -> dict[str, float]:
        """Category weights as fractions summing to 1."""
        return as_fractions({k: v.weight for k, v in self.categories.items()})

    def criterion_weights(self) -> dict[str, float]:
        """Global weight of each criterion: its category's fraction times its share inside it."""
        result: dict[str, float] = {}
        for category_id, share in self.category_weights().items():
            for criterion_id, inner in as_fractions(self.categories[category_id].criteria).items():
                result[criterion_id] = share * inner
        return result

    def with_category_weights(self, weights: dict[str, float]) -> Profile:
        """A what-if copy with other category weights (validated like any profile)."""
        unknown = set(weights) - set(self.categories)
        if unknown:
            raise InputError(f"unknown categories {sorted(unknown)}", column="category weights")
        body = self.model_dump()
        for category_id, weight in weights.items():
            body["categories"][category_id]["weight"] = weight
        return profile_from_dict(body, source=f"what-if weights for {self.id}")

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of everything that changes a result (not the version)."""
        return canonical_digest(self.model_dump(mode="json", exclude={"version"}),
                                ascii_only=True)

    def check_against(self, catalogue: Catalogue, source: str) -> None:
        """Refuse references the catalogue does not know, and measured criteria lacking a threshold."""
        for category_id, category in self.categories.items():
            if category_id not in catalogue.category_names:
                raise InputError(f"unknown category '{category_id}'", file=source,
                                 column=f"categories.{category_id}")
            for criterion_id in category.criteria:
                field = f"categories.{category_id}.criteria.{criterion_id}"
                criterion = catalogue.by_id.get(criterion_id)
                if criterion is None:
                    raise InputError(f"unknown criterion id '{criterion_id}'", file=source,
                                     column=field)
                if criterion.category != category_id:
                    raise InputError(
                        f"criterion '{criterion_id}' belongs to category '{criterion.category}'",
                        file=source, column=field)
                if criterion.kind is CriterionKind.GATE:
                    raise InputError(f"'{criterion_id}' is a gate; list it under gates, not weights",
                                     file=source, column=field)
                if criterion.kind is CriterionKind.MEASURED and criterion_id not in self.thresholds:
                    raise InputError(f"measured criterion '{criterion_id}' needs a threshold",
                                     file=source, column=f"thresholds.{criterion_id}")
        for criterion_id, threshold in self.thresholds.items():
            criterion = catalogue.by_id.get(criterion_id)
            if criterion is None or criterion.kind is not CriterionKind.MEASURED:
                raise InputError(f"'{criterion_id}' is not a measured criterion", file=source,
                                 column=f"thresholds.{criterion_id}")
            if (threshold.best > threshold.worst) != (criterion.direction is Direction.BENEFIT):
                raise InputError(
                    f"'{criterion_id}' is a {criterion.direction.value} criterion, so best must be "
                    f"{'above' if criterion.direction is Direction.BENEFIT else 'below'} worst",
                    file=source, column=f"thresholds.{criterion_id}")
        for index, gate in enumerate(self.gates):
            criterion = catalogue.by_id.get(gate.criterion)
            if criterion is None or criterion.kind is not CriterionKind.GATE:
                raise InputError(f"'{gate.criterion}' is not a gate criterion", file=source,
                                 column=f"gates.{index}.criterion")
            for condition in gate.when_all:
                if not Scope.is_known_condition(condition):
                    raise InputError(f"unknown scope condition '{condition}'", file=source,
                                     column=f"gates.{index}.when")


def profile_from_dict(body: object, source: str, catalogue: Catalogue | None = None) -> Profile:
    try:
        profile = Profile.model_validate(body)
    except ValidationError as exc:
        raise validation_error_to_input_error(exc, source) from None
    if catalogue is not None:
        profile.check_against(catalogue, source)
    return profile


def load_profile(path: Path, catalogue: Catalogue | None = None) -> Profile:
    return profile_from_dict(load_yaml(path), str(path), catalogue)


def load_shipped_profiles(catalogue: Catalogue, folder: Path | None = None) -> list[Profile]:
    from vendor_eval.config import PROFILES_DIR

    folder = Path(folder or PROFILES_DIR)
    return [load_profile(path, catalogue) for path in sorted(folder.glob("*.yaml"))]
