"""Vendors page: the project's vendors and how much evidence each has; add, edit or remove one,
or import many from a file."""

from __future__ import annotations

import streamlit as st

from vendor_eval.domain.enums import DeliveryModel, ImportKind
from vendor_eval.errors import StaleWriteError, VendorEvalError
from vendor_eval.services.kernel.permissions import Action, allows
from vendor_eval.services.project.vendors import (
    add_vendor,
    list_project_vendors,
    remove_vendor_from_project,
    update_vendor,
)
from vendor_eval.ui import state, table_import
from vendor_eval.ui import vendor_views as views

ADD, EDIT, REMOVE, IMPORT = "vendors:add", "vendors:edit", "vendors:remove", "vendors:import"
MODELS = [m.value for m in DeliveryModel]

st.title("Vendors")
key = state.require_project()
me = state.actor()
editable = allows(me, Action.EDIT_PROJECT)
with state.stop_on_error():
    vendors = list_project_vendors(state.uow(), me, key)
# Bumped after every save, so forms and the uploader start afresh from what was stored.
generation_key = f"vendors_generation:{key}"
generation = st.session_state.get(generation_key, 0)


def saved(slot: str, text: str) -> None:
    """After a write: keep the message for the next run, empty the forms, rerun. (Rankings need
    no clearing: their cache key is a digest of the evidence, which now differs.)"""
    state.flash(slot, "success", text)
    st.session_state[generation_key] = generation + 1
    st.rerun()


if vendors:
    st.dataframe(views.vendor_rows(vendors), hide_index=True,
                 column_config=views.vendor_column_config())
    st.caption("Counts are this project's evidence for each vendor. A vendor's details are "
               "shared by every project it is in.")
else:
    st.info(f"This project has no vendors yet. Add one below, or import a CSV or XLSX file "
            f"with {views.import_columns_text()}.", icon=":material/storefront:")

if not editable:
    st.caption("Analysts and admins add, edit and remove vendors; your role can view them.")
    st.stop()

# ---------------------------------------------------------------- add
st.subheader("Add a vendor")
state.show_flash(ADD)
prefix = f"vendors_add:{key}:{generation}"
with st.form(prefix):
    left, right = st.columns(2)
    name = left.text_input("Name", key=f"{prefix}:name")
    model = right.selectbox("Delivery model", MODELS, index=None, format_func=views.delivery_label,
                            placeholder="Choose a delivery model", key=f"{prefix}:delivery_model")
    headquarters = st.text_input("Headquarters", key=f"{prefix}:headquarters")
    description = st.text_area("Description", key=f"{prefix}:description")
    if st.form_submit_button("Add vendor", type="primary"):
        try:
            added = add_vendor(state.uow(), me, key, {
                "name": name, "delivery_model": model, "headquarters": headquarters,
                "description": description})
        except VendorEvalError as exc:
            state.show_error(exc)  # the form keeps what the user typed: its state is untouched
        else:
            stored = added.vendor.vendor
            saved(ADD, f"Linked {stored.name}, known from another project, with its recorded "
                       f"details ({views.delivery_label(stored.delivery_model)}"
                       f"{', ' + stored.headquarters if stored.headquarters else ''}); edit "
                       "them below if they have changed." if added.linked
                  else f"Added {stored.name} to this project.")

if vendors:
    names = [v.name for v in vendors]
    by_name = {v.name: v for v in vendors}

    # ------------------------------------------------------------ edit
    st.subheader("Edit a vendor")
    st.caption("The name cannot be changed: scores, prices, findings and files refer to the "
               "vendor by it. Changes apply in every project the vendor is in.")
    state.show_flash(EDIT)
    who = st.selectbox("Vendor to edit", names, key=f"vendors_edit_pick:{key}")
    chosen = by_name[who]
    prefix = f"vendors_edit:{key}:{who}:{generation}"
    base_key = f"{prefix}:base"
    if f"{prefix}:delivery_model" not in st.session_state:
        # The form is shown afresh from this version: a save must find it unchanged.
        st.session_state[base_key] = chosen.version
    with st.form(prefix):
        model = st.selectbox("Delivery model", MODELS, format_func=views.delivery_label,
                             index=MODELS.index(chosen.vendor.delivery_model.value),
                             key=f"{prefix}:delivery_model")
        headquarters = st.text_input("Headquarters", value=chosen.vendor.headquarters,
                                     key=f"{prefix}:headquarters")
        description = st.text_area("Description", value=chosen.vendor.description,
                                   key=f"{prefix}:description")
        if st.form_submit_button("Save changes"):
            try:
                update_vendor(state.uow(), me, who, model, headquarters, description,
                              base_version=st.session_state[base_key])
            except StaleWriteError as exc:
                state.show_error(exc)
                # Saving again now deliberately puts the user's values over the other change.
                st.session_state[base_key] = chosen.version
                st.caption("Your values are still in the form: save again to apply them over "
                           "that change, or pick the vendor again after a reload to start "
                           "from what is stored.")
            except VendorEvalError as exc:
                state.show_error(exc)
            else:
                saved(EDIT, f"Saved {who}.")

    # ------------------------------------------------------------ remove
    st.subheader("Remove a vendor from this project")
    st.caption("For a vendor added by mistake: only one without evidence in this project can "
               "be removed, so nothing recorded is lost. It stays known to other projects.")
    state.show_flash(REMOVE)
    # Only vendors without evidence are offered: removing one with evidence is refused anyway.
    removable = [v.name for v in vendors if v.removable]
    gone = st.selectbox("Vendor to remove", removable, disabled=not removable,
                        placeholder="No vendor can be removed",
                        key=f"vendors_remove_pick:{key}:{generation}")
    reason = views.removal_note(vendors)
    if reason is not None:
        st.caption(reason)
    if st.button("Remove from project", key=f"vendors_remove:{key}", disabled=gone is None,
                 help=reason):
        try:
            remove_vendor_from_project(state.uow(), me, key, gone)
        except VendorEvalError as exc:
            state.show_error(exc)
        else:
            saved(REMOVE, f"Removed {gone} from this project.")

# ---------------------------------------------------------------- import
st.subheader("Import vendors from a file")
st.caption(f"A CSV or XLSX file with {views.import_columns_text()}. A vendor known from another "
           "project is linked, and the file's columns update its details. Every row must be "
           "valid, or nothing is imported.")
state.show_flash(IMPORT)
table_import.import_file(key, ImportKind.VENDORS, "Vendors file", "Import vendors", "vendors",
                         generation, lambda text: saved(IMPORT, text))
