"""Prices page: each vendor's quote in words and its cost at the project's volume; type one in
for any pricing model, remove one, or import many from a CSV/XLSX file."""

from __future__ import annotations

import streamlit as st

from vendor_eval.domain.enums import ImportKind
from vendor_eval.errors import PermissionDeniedError, StaleWriteError, VendorEvalError
from vendor_eval.services.evidence.prices import project_quotes, remove_quote, save_quote
from vendor_eval.services.kernel.permissions import Action, allows
from vendor_eval.ui import cache, guidance, state, table_import
from vendor_eval.ui import price_views as views

PAGE, IMPORT = "prices", "prices:import"

st.title("Prices")
key = state.require_project()
me = state.actor()
with state.stop_on_error():
    inputs = cache.evaluation(state.uow(), me, key)
if not inputs.vendors:
    guidance.stop(guidance.no_vendors("their price quotes are entered and compared here"))
try:
    quotes = project_quotes(state.uow(), me, key)
except PermissionDeniedError:  # the two-envelope rule: not even whether a quote exists
    st.info(" ".join(inputs.visibility.notes) if inputs.visibility.notes else
            "Prices are sealed for you on this project.", icon=":material/lock:")
    st.stop()
scope = inputs.project.scope
generation_key = f"prices_generation:{key}"
generation = st.session_state.get(generation_key, 0)
state.show_flash(PAGE)


def saved(slot: str, text: str) -> None:
    """After a write: keep the message, start the forms afresh from what is stored, rerun."""
    state.flash(slot, "success", text)
    st.session_state[generation_key] = generation + 1
    st.rerun()


if quotes:
    st.dataframe(views.quote_rows(quotes, scope.volume, scope.unit), hide_index=True,
                 column_config=views.quote_column_config(scope.volume, scope.unit))
    notes = views.notes_markdown(quotes)
    if notes:
        with st.expander("Notes on the quotes"):
            st.markdown(notes)
    st.caption(f"Totals are for the project's volume ({scope.volume:,} {scope.unit}s), set-up "
               "fee included; a managed team is billed for whole months. The ranking's cost "
               "criterion compares these totals.")
missing = views.missing_text(inputs.vendor_names, quotes)
if missing:
    st.info(missing, icon=":material/request_quote:")

if not allows(me, Action.EDIT_PROJECT):
    st.caption("Analysts and admins enter prices; your role can view them.")
    st.stop()

# ---------------------------------------------------------------- one quote, typed in
st.subheader("Enter or change a quote")
by_vendor = {q.vendor: q for q in quotes}
left, right = st.columns(2)
vendor = left.selectbox("Vendor", inputs.vendor_names, key=f"prices_vendor:{key}")
loaded = by_vendor.get(vendor)
model = right.selectbox(
    "Pricing model", views.MODELS, format_func=lambda m: views.model_name(m, scope.unit),
    index=views.MODELS.index(loaded.model) if loaded else 0,
    key=f"prices_model:{key}:{vendor}:{generation}")
currency_default = loaded.currency if loaded else (quotes[0].currency if quotes else "USD")
prefix = f"prices_form:{key}:{vendor}:{model.value}:{generation}"
with st.form(prefix):
    amounts = {}
    columns = st.columns(len(views.fields_of(model)) + 2)
    for column, field in zip(columns, views.fields_of(model), strict=False):
        stored = getattr(loaded, field) if loaded and loaded.model is model else None
        amounts[field] = column.number_input(
            views.field_name(field, scope.unit), min_value=0.0, value=stored, step=None,
            format="%g", key=f"{prefix}:{field}")
    amounts["setup_fee"] = columns[-2].number_input(
        views.field_name("setup_fee"), min_value=0.0, value=loaded.setup_fee if loaded else 0.0,
        format="%g", key=f"{prefix}:setup_fee", help="Charged once, on top of the price")
    amounts["currency"] = columns[-1].text_input(
        views.field_name("currency"), value=currency_default, max_chars=3,
        key=f"{prefix}:currency", help="Three-letter code (USD, EUR, GBP); every quote of a "
        "project is in one currency, so totals compare")
    amounts["notes"] = st.text_input(views.field_name("notes"),
                                     value=loaded.notes if loaded else "",
                                     key=f"{prefix}:notes")
    if st.form_submit_button("Save quote", type="primary"):
        empty = [views.field_name(f, scope.unit).lower() for f in views.fields_of(model)
                 if amounts[f] is None]
        if empty:  # in the words of the form, before the service names its fields
            st.error(f"Enter the {' and the '.join(empty)}: a quote "
                     f"{views.model_name(model, scope.unit).lower()} needs "
                     f"{'them' if len(empty) > 1 else 'it'}.")
            st.stop()
        try:
            changed = save_quote(state.uow(), me, key,
                                 {"vendor": vendor, "model": model.value, **amounts}, loaded)
        except StaleWriteError as exc:
            state.show_error(exc)
        except VendorEvalError as exc:
            state.show_error(exc)  # the form keeps what was typed
        else:
            saved(PAGE, f"Saved {vendor}'s quote ({views.model_name(model, scope.unit).lower()})."
                  if changed
                  else f"{vendor}'s quote is unchanged.")
if loaded is not None and loaded.model is not model:
    st.caption(f"{vendor}'s stored quote is {views.model_name(loaded.model, scope.unit).lower()}; "
               "saving this form replaces it (a quote is one offer, whole).")

if quotes:
    with st.expander("Remove a quote"):
        gone = st.selectbox("Quote of", list(by_vendor), key=f"prices_remove:{key}:{generation}")
        if st.button("Remove quote", key=f"prices_remove_button:{key}"):
            try:
                remove_quote(state.uow(), me, key, gone)
            except VendorEvalError as exc:
                state.show_error(exc)
            else:
                saved(PAGE, f"Removed {gone}'s quote.")

# ---------------------------------------------------------------- many quotes from a file
st.subheader("Import quotes from a file")
st.caption(f"A CSV or XLSX file with {views.import_columns_text()}; one row per vendor, each "
           "replacing that vendor's quote. Every row must be valid, or nothing is imported.")
state.show_flash(IMPORT)
table_import.import_file(key, ImportKind.PRICES, "Price file", "Import quotes", "prices",
                         generation, lambda text: saved(IMPORT, text))
