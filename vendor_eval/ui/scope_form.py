"""What the New project page offers and shows: scope choices with readable labels, where a
refused create's message belongs, and the recommendation's tables.

Pure functions (no streamlit), so they can be tested without running the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from vendor_eval.domain.enums import Industry, Sensitivity
from vendor_eval.domain.presentation import label
from vendor_eval.engine.recommend import ProfileFit, RequiredCheck
from vendor_eval.errors import InputError, VendorEvalError
from vendor_eval.ui.frames import escape_markdown

# Offered in the pickers; users may type their own as well. Worded so the recommendation's
# rules recognise them (images, video and lidar; preference data; content for moderation).
DATA_TYPE_OPTIONS = (
    "images", "video", "lidar / point clouds", "medical images", "product photos", "audio",
    "text", "documents", "EHR records", "KYC documents", "call transcripts", "product reviews",
    "LLM preference data", "model outputs for red-teaming", "user-generated content for moderation",
)
LANGUAGE_OPTIONS = (
    "English", "Spanish", "French", "German", "Portuguese", "Italian", "Dutch", "Polish",
    "Arabic", "Hindi", "Japanese", "Korean", "Mandarin Chinese", "Indonesian", "Turkish",
)
SENSITIVITY_LABELS: dict[Sensitivity, str] = {
    Sensitivity.PII: "Personal data (PII)",
    Sensitivity.PHI: "Health data (PHI, HIPAA)",
    Sensitivity.EU_PERSONAL_DATA: "Personal data of people in the EU (GDPR)",
    Sensitivity.PAYMENT_DATA: "Payment card data (PCI DSS)",
    Sensitivity.FINANCIAL_DATA: "Financial data (accounts, trades, KYC)",
    Sensitivity.HARMFUL_CONTENT: "Harmful content (moderators exposed)",
}
# The form fields a refused create can point at; anything else shows under the button.
FIELDS = ("industry", "data_types", "volume", "unit", "languages", "sensitivity", "profile",
          "key", "title", "description")
GENERAL = "general"


@dataclass(frozen=True)
class FieldError:
    """A refused create's message, the field it belongs beside, and that field's value then:
    once the user changes the field, the message no longer applies and is hidden."""

    field: str
    message: str
    value: object = None

    def applies_to(self, field: str, current: object) -> bool:
        return self.field == field and (field == GENERAL or self.value == current)


def field_error(error: VendorEvalError, values: dict[str, object]) -> FieldError:
    """Place a service's refusal beside the field its `column` names, without the location
    prefix (the position on the page says where)."""
    column = error.column if isinstance(error, InputError) else None
    if column in FIELDS:
        return FieldError(column, error.message, values.get(column))
    return FieldError(GENERAL, str(error))


def industry_label(industry: Industry) -> str:
    return label(industry)


def sensitivity_label(flag: Sensitivity) -> str:
    return SENSITIVITY_LABELS[flag]


def required_markdown(checks: tuple[RequiredCheck, ...]) -> str:
    """The checks as a list that wraps in a narrow column (a table cell would cut the reason):
    "- **HIPAA BAA**, because the data holds PHI: why it matters"."""
    return "\n".join(f"- **{escape_markdown(check.name)}**, because "
                     f"{escape_markdown('; '.join(check.triggers))}: "
                     f"{escape_markdown(check.reason)}" for check in checks)


def alternative_rows(fits: tuple[ProfileFit, ...]) -> pd.DataFrame:
    """The other profiles, best fit first, with the signals that speak for each."""
    return pd.DataFrame([
        {"Profile": fit.name, "Fit points": fit.points,
         "Why": " ".join(f"{reason}." for reason in fit.reasons)}
        for fit in fits
    ], columns=["Profile", "Fit points", "Why"])
