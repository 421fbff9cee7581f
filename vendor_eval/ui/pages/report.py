"""Report page: build the shortlist PDF for the current project and offer it for download."""

from __future__ import annotations

import streamlit as st

from vendor_eval.errors import VendorEvalError
from vendor_eval.services.ranking import load_evaluation
from vendor_eval.ui import cache, state, tables


def build_pdf(project_key: str, top_k: int) -> bytes:
    # Imported on demand: the PDF stack (WeasyPrint) is slow to load and only needed here.
    from vendor_eval.services.reports import shortlist_pdf_bytes

    return shortlist_pdf_bytes(state.uow(), state.actor(), project_key, top_k)


st.title("Shortlist report")
key = state.require_project()
with state.stop_on_error():
    result = cache.ranking(load_evaluation(state.uow(), state.actor(), key))

top_k = int(st.number_input("Shortlist size", min_value=1, max_value=5, value=3, step=1,
                            key=f"report_top_k:{key}"))
pdf_key = f"report_pdf:{key}"
if st.button("Build PDF", type="primary"):
    with st.spinner("Building the shortlist PDF..."):
        try:
            st.session_state[pdf_key] = (top_k, build_pdf(key, top_k))
        except VendorEvalError as exc:
            state.show_error(exc)
built = st.session_state.get(pdf_key)
if built is not None and built[0] == top_k:
    st.download_button("Download PDF", data=built[1], file_name=f"{key}-shortlist.pdf",
                       mime="application/pdf", on_click="ignore", icon=":material/download:")
elif built is not None:
    st.caption("The shortlist size changed: build the PDF again.")

st.subheader("Ranking preview")
st.caption(f"The first {top_k} rows of the current ranking, under the project's profile.")
st.dataframe(tables.ranking_rows(result, top=top_k), hide_index=True)
