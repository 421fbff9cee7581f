"""Operational pilot metrics: turnaround, throughput, escalation, rework, costs, delivery date."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from vendor_eval.domain.evidence import PriceQuote
from vendor_eval.engine.cost import cost_per_correct_label, total_cost
from vendor_eval.pilot.classification import Proportion, proportion

HOURS_PER_DAY = 24.0
DAYS_PER_WEEK = 7.0


class Turnaround(BaseModel):
    """Hours from an item's `started_at` (released to the vendor) to its `submitted_at`.

    p90 uses numpy's default linear interpolation between order statistics (Hyndman & Fan 1996,
    definition 7), the same as spreadsheets' PERCENTILE.INC, so buyers can check it by hand.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    median_hours: float
    p90_hours: float
    n: int


class Throughput(BaseModel):
    """Distinct items delivered over the pilot's calendar span (first start, or first
    submission when starts are absent, to the last submission)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    items: int
    span_hours: float
    items_per_hour: float
    items_per_day: float


class OperationsMetrics(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    turnaround: Turnaround | None = None
    throughput: Throughput | None = None
    escalation_rate: Proportion | None = None
    rework_rate: Proportion | None = None


class PilotCost(BaseModel):
    """Cost per label and per correct label under the vendor's quote at `volume` items."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    currency: str
    volume: int
    total_cost: float
    cost_per_label: float
    cost_per_correct_label: float | None


class DeliveryForecast(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    volume: int
    items_per_day: float
    ramp_up_weeks: float
    days: float
    weeks: float


def operations_by_vendor(labels: pd.DataFrame,
                         confidence: float = 0.95) -> dict[str, OperationsMetrics]:
    """Every vendor's operational metrics from the optional timestamp and flag columns, computed
    for all vendors at once; a metric whose columns are absent is left out."""
    vendors = [str(v) for v in labels["vendor"].cat.categories]
    by_vendor = labels.groupby("vendor", observed=True, sort=True)
    parts: dict[str, dict[str, object]] = {v: {} for v in vendors}

    if {"started_at", "submitted_at"} <= set(labels.columns):
        hours = (labels["submitted_at"] - labels["started_at"]).dt.total_seconds() / 3600.0
        grouped = hours.groupby(labels["vendor"], observed=True)
        quantiles = grouped.quantile([0.5, 0.9]).unstack()
        counts = grouped.count()
        for vendor, row in quantiles.iterrows():
            if counts[vendor] > 0:
                parts[str(vendor)]["turnaround"] = Turnaround(
                    median_hours=float(row[0.5]), p90_hours=float(row[0.9]),
                    n=int(counts[vendor]))

    if "submitted_at" in labels.columns:
        start_column = "started_at" if "started_at" in labels.columns else "submitted_at"
        spans = pd.DataFrame({
            "start": by_vendor[start_column].min(),
            "end": by_vendor["submitted_at"].max(),
            "items": by_vendor["item_id"].nunique(),
        })
        span_hours = (spans["end"] - spans["start"]).dt.total_seconds() / 3600.0
        for vendor, hours, items in zip(spans.index, span_hours, spans["items"], strict=True):
            if hours > 0:
                parts[str(vendor)]["throughput"] = Throughput(
                    items=int(items), span_hours=float(hours),
                    items_per_hour=float(items / hours),
                    items_per_day=float(items / hours * HOURS_PER_DAY))

    for column, name in (("escalated", "escalation_rate"), ("reworked", "rework_rate")):
        if column in labels.columns:
            flagged = by_vendor[column].agg(["sum", "count"])
            for vendor, (hits, n) in flagged.iterrows():
                if n > 0:  # a vendor whose file had no such column
                    parts[str(vendor)][name] = proportion(int(hits), int(n), confidence)
    return {vendor: OperationsMetrics(**fields) for vendor, fields in parts.items()}


def pilot_cost(quote: PriceQuote, volume: int, accuracy: float | None) -> PilotCost:
    """What one label, and one *correct* label, cost under the quote at `volume` items
    (the pilot's own size unless the project's volume is given); reuses the engine's pricing."""
    total = total_cost(quote, volume)
    return PilotCost(currency=quote.currency, volume=volume, total_cost=total,
                     cost_per_label=total / volume,
                     cost_per_correct_label=cost_per_correct_label(total, volume, accuracy))


def delivery_forecast(items_per_day: float, ramp_up_weeks: float,
                      volume: int) -> DeliveryForecast:
    """Calendar days to deliver `volume` items at the pilot's measured rate after ramp-up.

    The vendor's stated ramp-up is read as a linear climb from nothing to the measured rate
    over `ramp_up_weeks` (the catalogue's definition: weeks to full production volume), so the
    ramp delivers half of what full speed would: days = ramp/2 + volume/rate, or, when the
    volume is done before full speed is reached, the root of rate * t^2 / (2 * ramp) = volume.
    The measured rate is the pilot team's; a vendor that staffs production differently should
    be forecast with its committed rate.
    """
    if items_per_day <= 0 or not math.isfinite(items_per_day):
        raise ValueError("a forecast needs a positive throughput")
    if ramp_up_weeks < 0 or volume <= 0:
        raise ValueError("ramp-up must be non-negative and the volume positive")
    ramp_days = ramp_up_weeks * DAYS_PER_WEEK
    if volume >= items_per_day * ramp_days / 2:
        days = ramp_days / 2 + volume / items_per_day
    else:
        days = float(np.sqrt(2 * ramp_days * volume / items_per_day))
    return DeliveryForecast(volume=volume, items_per_day=items_per_day,
                            ramp_up_weeks=ramp_up_weeks, days=days,
                            weeks=days / DAYS_PER_WEEK)
