"""Tables and small texts of the Profiles page: version differences, where an error belongs."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from vendor_eval.domain.criteria import Catalogue
from vendor_eval.engine.profile_diff import ChangeKind, ProfileDifference, largest_moves_first
from vendor_eval.errors import InputError, VendorEvalError
from vendor_eval.ui import state

DIFF_COLUMNS = ("What", "Element", "Id", "Change", "Before", "After", "Effective before (%)",
                "Effective after (%)", "Move (pp)")
# Where a refused save shows its message: beside the editor holding the field, else below.
CATEGORY_SLOT, CRITERIA_SLOT, FORM_SLOT = "categories", "criteria", "form"


def element_names(catalogue: Catalogue) -> dict[str, str]:
    """Display names of categories and criteria by id, for rows and summary sentences."""
    return catalogue.category_names | {c.id: c.name for c in catalogue.criteria}


def diff_rows(changes: list[ProfileDifference], catalogue: Catalogue) -> pd.DataFrame:
    """One row per difference, the largest effective weight moves first."""
    names = element_names(catalogue)
    rows = [{
        "What": change.kind.value,
        "Element": _element_name(change, names),
        "Id": f"{change.category}.{change.element}" if change.category else change.element,
        "Change": change.status.value + (f" ({change.note})" if change.note else ""),
        "Before": _stated(change.before),
        "After": _stated(change.after),
        "Effective before (%)": _percent(change.effective_before, change),
        "Effective after (%)": _percent(change.effective_after, change),
        "Move (pp)": change.effective_change_pp,
    } for change in largest_moves_first(changes)]
    return pd.DataFrame(rows, columns=list(DIFF_COLUMNS))


def diff_column_config() -> dict[str, object]:
    """Shares to one decimal, and the move with its sign, as in "+3.0 pp"."""
    return {"Effective before (%)": st.column_config.NumberColumn(format="%.1f"),
            "Effective after (%)": st.column_config.NumberColumn(format="%.1f"),
            "Move (pp)": st.column_config.NumberColumn(format="%+.1f")}


def error_slot(error: VendorEvalError) -> str:
    """Which editor a refused save's message belongs beside, from the field path it names."""
    column = error.column if isinstance(error, InputError) else None
    if not column or not column.startswith("categories"):
        return FORM_SLOT
    return CRITERIA_SLOT if ".criteria" in column else CATEGORY_SLOT


def show_error_beside(exc: VendorEvalError, slots: dict[str, DeltaGenerator],
                      field: str | None = None) -> None:
    """The message in the slot under the field it names (or `field`), so the reader sees it
    where the fix goes; without a matching slot, where the page is now."""
    slot = slots.get(field or (exc.column if isinstance(exc, InputError) else None) or "")
    if slot is None:
        state.show_error(exc)
        return
    with slot.container():
        state.show_error(exc)


def download_name(profile_id: str, version: int) -> str:
    return f"{profile_id}-v{version}.yaml"


def _element_name(change: ProfileDifference, names: dict[str, str]) -> str:
    if change.kind in (ChangeKind.NAME, ChangeKind.DESCRIPTION, ChangeKind.MISSING_POLICY):
        return change.kind.value.capitalize()
    if change.kind is ChangeKind.RISK_RULE:
        return f"Risk rule: {change.element.replace('_', ' ')}"
    base = change.element.split("#")[0]  # the second gate on a criterion is keyed 'id#2'
    return names.get(base, base)


def _stated(value: float | str | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else value


def _percent(share: float | None, change: ProfileDifference) -> float | None:
    if not change.is_weight:
        return None
    return 100 * (share or 0.0)
