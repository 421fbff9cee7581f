"""What the Vendors page shows: the vendor table and the texts that explain the import format.

Plain functions of the vendors (streamlit only for the table's column settings), so they can be
tested without running the page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from vendor_eval.domain.enums import DeliveryModel
from vendor_eval.domain.presentation import BLANK, label
from vendor_eval.services.evidence.table_imports import SPECS, ImportKind
from vendor_eval.services.project.vendors import ProjectVendor

VENDOR_COLUMNS = ("Vendor", "Delivery model", "Headquarters", "Scores", "Measured values",
                  "Price quote", "Checklist findings", "Risks", "RFP answers")
SEALED = "sealed"


def delivery_label(model: DeliveryModel | str) -> str:
    """'platform_plus_workforce' as 'Platform plus workforce', 'bpo' as 'BPO'."""
    return label(model)


def vendor_rows(vendors: list[ProjectVendor]) -> pd.DataFrame:
    """One row per vendor: its details and how much evidence it has in the project."""
    return pd.DataFrame(
        [{"Vendor": v.name, "Delivery model": delivery_label(v.vendor.delivery_model),
          "Headquarters": v.vendor.headquarters or BLANK,
          "Scores": v.evidence.scores,
          "Measured values": v.evidence.measured,
          "Price quote": SEALED if v.evidence.prices is None else
          ("yes" if v.evidence.prices else "no"),
          "Checklist findings": v.evidence.checklist, "Risks": v.evidence.risks,
          "RFP answers": v.evidence.rfp_answers}
         for v in vendors],
        columns=list(VENDOR_COLUMNS),
    )


def vendor_column_config() -> dict[str, object]:
    """Short headers (the full wording on hover) and widths that keep all columns in view."""
    def count(title: str, help_: str, width: int) -> object:
        return st.column_config.NumberColumn(title, help=help_, width=width, format="%d")

    return {
        "Vendor": st.column_config.TextColumn(width=255),
        "Delivery model": st.column_config.TextColumn(width=160),
        "Headquarters": st.column_config.TextColumn(width=165),
        "Scores": count("Scores", "Rubric scores recorded by evaluators", 55),
        "Measured values": count("Measured", "Measured values (pilot results and the like)", 70),
        "Price quote": st.column_config.TextColumn(
            "Price", width=50, help="Whether a price quote is recorded (sealed: hidden from you "
                                    "until you have submitted your scores)"),
        "Checklist findings": count("Findings", "Checklist findings recorded", 65),
        "Risks": count("Risks", "Entries in the risk register", 45),
        "RFP answers": count("Answers", "Answers imported from the vendor's RFP workbook", 65),
    }


def removal_note(vendors: list[ProjectVendor]) -> str | None:
    """Why no vendor is offered for removal, or None when at least one can be removed."""
    if any(v.removable for v in vendors):
        return None
    return ("No vendor can be removed now: each has evidence in this project (scores, "
            "measured values, a price, checklist findings, risks or RFP answers), and removing "
            "it would lose that record.")


def import_columns_text() -> str:
    """The columns a vendors file needs, from the importer's own spec so the two cannot drift."""
    spec = SPECS[ImportKind.VENDORS]
    models = ", ".join(f"`{m.value}`" for m in DeliveryModel)
    return (f"columns {', '.join(f'`{c}`' for c in spec.required)} (required) and "
            f"{', '.join(f'`{c}`' for c in spec.optional)} (optional), one row per vendor; "
            f"`delivery_model` is one of {models}")
