"""What is known about each vendor: evaluators' scores, measured values, quotes, gates, risks."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vendor_eval.domain.criteria import IDENTIFIER
from vendor_eval.domain.enums import DeliveryModel, PricingModel, RiskStatus


class Vendor(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    delivery_model: DeliveryModel
    headquarters: str = ""
    description: str = ""


class EvaluatorScore(BaseModel):
    """One evaluator's rubric score (0-5) for one vendor on one criterion, as submitted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    criterion_id: str = Field(pattern=IDENTIFIER)
    evaluator: str = Field(min_length=1)
    score: float = Field(ge=0, le=5)
    comment: str = ""


class MeasuredValue(BaseModel):
    """A number from data; `sample_size` is set when it is a proportion measured on a pilot."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    criterion_id: str = Field(pattern=IDENTIFIER)
    value: float
    sample_size: int | None = Field(default=None, gt=0)
    source: str = ""


class PriceQuote(BaseModel):
    """A vendor's price in one of the four models; the fields that model needs are required."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    model: PricingModel
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")  # ISO 4217, e.g. USD, EUR
    unit_price: float | None = Field(default=None, ge=0)
    hourly_rate: float | None = Field(default=None, ge=0)
    units_per_hour: float | None = Field(default=None, gt=0)
    monthly_fee: float | None = Field(default=None, ge=0)
    units_per_month: float | None = Field(default=None, gt=0)
    fixed_price: float | None = Field(default=None, ge=0)
    setup_fee: float = Field(default=0.0, ge=0)
    notes: str = ""

    REQUIRED: ClassVar[dict[PricingModel, tuple[str, ...]]] = {
        PricingModel.PER_UNIT: ("unit_price",),
        PricingModel.PER_HOUR: ("hourly_rate", "units_per_hour"),
        PricingModel.MANAGED_TEAM: ("monthly_fee", "units_per_month"),
        PricingModel.FIXED_PRICE: ("fixed_price",),
    }

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_code(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _fields_for_model(self) -> PriceQuote:
        missing = [f for f in self.REQUIRED[self.model] if getattr(self, f) is None]
        if missing:
            raise ValueError(f"a {self.model.value} quote needs {', '.join(missing)}")
        return self


class RiskItem(BaseModel):
    """A risk-register entry: inherent likelihood x impact, and the residual after mitigation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    title: str = Field(min_length=1)
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    mitigation: str = ""
    status: RiskStatus = RiskStatus.OPEN
    owner: str = ""
    residual_likelihood: int | None = Field(default=None, ge=1, le=5)
    residual_impact: int | None = Field(default=None, ge=1, le=5)

    @property
    def severity(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_severity(self) -> int:
        """Likelihood x impact after mitigation; the inherent values where none is assessed."""
        return (self.residual_likelihood or self.likelihood) * (self.residual_impact or self.impact)
