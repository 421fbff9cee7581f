"""Total cost of a quote at the project's volume, and cost per correct label."""

from __future__ import annotations

import math

from vendor_eval.domain.enums import PricingModel
from vendor_eval.domain.evidence import PriceQuote


def total_cost(quote: PriceQuote, volume: int) -> float:
    """What the whole project would cost under this quote, setup fee included.

    Hourly quotes are converted with the vendor's stated throughput; managed teams are billed
    for whole months, because nobody rents a team for 2.3 months.
    """
    if quote.model is PricingModel.PER_UNIT:
        variable = quote.unit_price * volume
    elif quote.model is PricingModel.PER_HOUR:
        variable = quote.hourly_rate * volume / quote.units_per_hour
    elif quote.model is PricingModel.MANAGED_TEAM:
        variable = quote.monthly_fee * math.ceil(volume / quote.units_per_month)
    else:
        variable = quote.fixed_price
    return float(variable + quote.setup_fee)


def cost_per_correct_label(total: float, volume: int, accuracy: float | None) -> float | None:
    """Total cost divided by the labels expected to be right, given the pilot accuracy."""
    if accuracy is None or accuracy <= 0 or math.isnan(accuracy):
        return None
    return total / (volume * accuracy)
