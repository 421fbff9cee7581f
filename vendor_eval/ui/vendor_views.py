"""What the Vendors page shows: the vendor table and the texts that explain the import format.

Pure functions (no streamlit), so they can be tested without running the page.
"""

from __future__ import annotations

import pandas as pd

from vendor_eval.domain.enums import DeliveryModel
from vendor_eval.services.imports import SPECS, ImportKind
from vendor_eval.services.vendors import ProjectVendor

VENDOR_COLUMNS = ("Vendor", "Delivery model", "Headquarters", "Scores", "Measured values",
                  "Price quote", "Checklist findings", "Risks", "RFP answers", "Removable")
SEALED = "sealed"


def delivery_label(model: DeliveryModel | str) -> str:
    """'platform_plus_workforce' as 'platform plus workforce'."""
    return str(getattr(model, "value", model)).replace("_", " ")


def vendor_rows(vendors: list[ProjectVendor], editable: bool = True) -> pd.DataFrame:
    """One row per vendor: its details and how much evidence it has in the project; whether it
    can be removed only for those who may remove it."""
    frame = pd.DataFrame(
        [{"Vendor": v.name, "Delivery model": delivery_label(v.vendor.delivery_model),
          "Headquarters": v.vendor.headquarters,
          "Scores": v.evidence.scores,
          "Measured values": v.evidence.measured,
          "Price quote": SEALED if v.evidence.prices is None else
          ("yes" if v.evidence.prices else "no"),
          "Checklist findings": v.evidence.checklist, "Risks": v.evidence.risks,
          "RFP answers": v.evidence.rfp_answers,
          "Removable": "yes" if v.removable else "no (has evidence)"}
         for v in vendors],
        columns=list(VENDOR_COLUMNS),
    )
    return frame if editable else frame.drop(columns="Removable")


def import_columns_text() -> str:
    """The columns a vendors file needs, from the importer's own spec so the two cannot drift."""
    spec = SPECS[ImportKind.VENDORS]
    models = ", ".join(f"`{m.value}`" for m in DeliveryModel)
    return (f"columns {', '.join(f'`{c}`' for c in spec.required)} (required) and "
            f"{', '.join(f'`{c}`' for c in spec.optional)} (optional), one row per vendor; "
            f"`delivery_model` is one of {models}")
