"""Tables and small texts of the Profiles page: version differences, where an error belongs."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from vendor_eval.domain.criteria import Catalogue
from vendor_eval.domain.people import Actor
from vendor_eval.domain.presentation import BLANK, format_timestamp, label, short_hash
from vendor_eval.domain.team import WeightsFreeze
from vendor_eval.engine.profile_diff import ChangeKind, ProfileDifference, largest_moves_first
from vendor_eval.errors import InputError, VendorEvalError
from vendor_eval.services.decision.profiles import get_profile
from vendor_eval.store.unit_of_work import UnitOfWork
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
        "What": label(change.kind),
        "Element": _element_name(change, names),
        "Id": f"{change.category}.{change.element}" if change.category else change.element,
        "Change": label(change.status) + (f" ({change.note})" if change.note else ""),
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


def profile_names(uow_for: Callable[[], UnitOfWork], actor: Actor,
                  profile_ids: list[str]) -> dict[str, str]:
    """Each profile's name by id, for pickers that show names, not ids."""
    return {pid: get_profile(uow_for(), actor, pid).name for pid in profile_ids}


def profile_text(name: str, version: int | None = None, digest: str | None = None) -> str:
    """A profile as people read it: "Balanced, version 2 (hash 592ad2b6f602)"."""
    text = name if version is None else f"{name}, version {version}"
    return text + (f" (hash `{short_hash(digest)}`)" if digest else "")


def project_ranks_with(project_title: str, freeze: WeightsFreeze | None, newest: int) -> str:
    """Which version of the shown profile the current project ranks with: the one its weights
    are frozen at, or (not frozen) always the newest."""
    if freeze is None:
        return (f"The current project ({project_title}) ranks with this profile's newest "
                f"version, {newest}: its weights are not frozen, so it follows every new version.")
    text = (f"The current project ({project_title}) ranks with version {freeze.version} of this "
            "profile: its weights were frozen at that version")
    if freeze.version == newest:
        return text + "."
    return (text + f", so the newer version {newest} does not change it. An analyst changes it, "
                   "with a reason, on the Team page.")


HISTORY_COLUMNS = ("Version", "Created", "Author", "Note", "Hash")


def history_rows(history: list[dict[str, object]]) -> pd.DataFrame:
    """A profile's versions, newest first, as people read them."""
    return pd.DataFrame([
        {"Version": int(v["version"]), "Created": format_timestamp(v["created_at"]),
         "Author": v["author"] or BLANK, "Note": v["note"] or BLANK, "Hash": v["hash"]}
        for v in reversed(history)], columns=list(HISTORY_COLUMNS))


def history_column_config() -> dict[str, object]:
    return {"Version": st.column_config.NumberColumn(width=70, format="%d"),
            "Created": st.column_config.TextColumn(width=160),
            "Author": st.column_config.TextColumn(width="medium"),
            "Note": st.column_config.TextColumn(width="large"),
            "Hash": st.column_config.TextColumn(
                width=120, help="The first 12 digits of the version's SHA-256: the same hash "
                                "means the same weights")}


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
