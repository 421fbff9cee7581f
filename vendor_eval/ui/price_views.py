"""Tables and words of the Prices page: each quote in words, its cost at the project's volume,
and the columns a price file takes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from vendor_eval.domain.enums import PricingModel
from vendor_eval.domain.evidence import PriceQuote
from vendor_eval.domain.presentation import (
    BLANK,
    PRICE_FIELD_NAMES,
    PRICING_NAMES,
    format_money,
    plural,
)
from vendor_eval.engine.cost import total_cost
from vendor_eval.services.evidence.table_imports import SPECS, ImportKind
from vendor_eval.ui.frames import escape_markdown

MODELS = list(PricingModel)


def model_name(model: PricingModel, unit: str = "item") -> str:
    """A pricing model in words, per the scope's unit: "Per document" rather than "Per item"."""
    return f"Per {unit}" if model is PricingModel.PER_UNIT else PRICING_NAMES[model]


def terms_text(quote: PriceQuote, unit: str = "item") -> str:
    """What the vendor charges, in words: "USD 0.420 per document", "USD 38.00 an hour, at 12
    documents an hour"."""
    money = lambda value: format_money(value, quote.currency)  # noqa: E731
    if quote.model is PricingModel.PER_UNIT:
        return f"{money(quote.unit_price)} per {unit}"
    if quote.model is PricingModel.PER_HOUR:
        return (f"{money(quote.hourly_rate)} an hour, at {quote.units_per_hour:,g} {unit}s an "
                f"hour")
    if quote.model is PricingModel.MANAGED_TEAM:
        return (f"{money(quote.monthly_fee)} a month, for {quote.units_per_month:,g} {unit}s a "
                f"month")
    return f"{money(quote.fixed_price)} for the whole project"


TOTAL = "Total"


def quote_rows(quotes: list[PriceQuote], volume: int, unit: str = "item") -> pd.DataFrame:
    """One row per quote: pricing model and terms in words, set-up fee, total at the volume.
    Notes, which run long, are listed under the table (`notes_markdown`)."""
    return pd.DataFrame([{
        "Vendor": q.vendor,
        "Pricing": model_name(q.model, unit),
        "Terms": terms_text(q, unit),
        "Set-up fee": format_money(q.setup_fee, q.currency) if q.setup_fee else BLANK,
        TOTAL: format_money(total_cost(q, volume), q.currency),
    } for q in quotes], columns=["Vendor", "Pricing", "Terms", "Set-up fee", TOTAL])


def quote_column_config(volume: int, unit: str) -> dict[str, object]:
    """Widths that keep every column in view at a laptop's width."""
    return {"Vendor": st.column_config.TextColumn(width=240),
            "Pricing": st.column_config.TextColumn(width=185),
            "Terms": st.column_config.TextColumn(width=310),
            "Set-up fee": st.column_config.TextColumn(width=95),
            TOTAL: st.column_config.TextColumn(
                width=110, help=f"For {plural(volume, unit)}, set-up fee included")}


def notes_markdown(quotes: list[PriceQuote]) -> str | None:
    """Each quote's notes in full, for under the table; None when no quote has any."""
    lines = [f"- **{escape_markdown(q.vendor)}**: {escape_markdown(q.notes)}"
             for q in quotes if q.notes.strip()]
    return "\n".join(lines) if lines else None


def missing_text(vendors: list[str], quotes: list[PriceQuote]) -> str | None:
    """Which vendors have no quote yet; they count as the most expensive in the ranking."""
    quoted = {q.vendor for q in quotes}
    missing = [v for v in vendors if v not in quoted]
    if not missing:
        return None
    return (f"No quote yet from {plural(len(missing), 'vendor')}: {', '.join(missing)}. While "
            "others have quotes, a vendor without one scores zero on cost, never as cheap.")


def fields_of(model: PricingModel) -> tuple[str, ...]:
    """The amounts a quote of this model needs, in the order a buyer reads them."""
    return PriceQuote.REQUIRED[model]


def field_name(field: str, unit: str = "item") -> str:
    """An amount's name with the scope's unit: "Price per document", "Documents per hour"."""
    name = PRICE_FIELD_NAMES.get(field, field)
    return name.replace("Items", f"{unit.capitalize()}s").replace("item", unit)


def import_columns_text() -> str:
    """The columns a price file takes, from the importer's own spec so the two cannot drift."""
    spec = SPECS[ImportKind.PRICES]
    models = "; ".join(f"`{m.value}` ({PRICING_NAMES[m].lower()}: "
                       f"{', '.join(f'`{f}`' for f in fields_of(m))})" for m in MODELS)
    return (f"columns `vendor` and `model` and the amounts of the model: {models}; optional "
            f"{', '.join(f'`{c}`' for c in spec.optional if c not in _AMOUNTS)}")


_AMOUNTS = {f for m in MODELS for f in PriceQuote.REQUIRED[m]}
