"""Report page: choose the shortlist and sections, preview the summary, build and download."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from vendor_eval.documents.shortlist.options import SECTION_TITLES, ReportOptions, Section
from vendor_eval.errors import VendorEvalError
from vendor_eval.ui import cache, evidence_views, guidance, state

if TYPE_CHECKING:
    from vendor_eval.domain.evaluation import EvaluationInputs

# What the build is doing, step by step (services.report.shortlist.BUILD_STEPS).
STEP_LABELS = {
    "ranking": "Ranking the vendors",
    "robustness": "Testing how robust the ranking is (SMAA-2)",
    "charts": "Drawing the charts and writing the report",
    "pdf": "Laying out the PDF",
}
SECTION_COLUMNS = 3


@st.cache_data(max_entries=16, show_spinner="Preparing the preview...")
def preview(evidence_key: str, top_k: int, _inputs: EvaluationInputs) -> str:
    """The executive summary and ranking as HTML, cached on the evidence and the shortlist size."""
    # Imported on demand: the report stack (WeasyPrint, matplotlib) is slow to load.
    from vendor_eval.documents.shortlist.evidence import evidence_from_inputs
    from vendor_eval.services.report.shortlist import preview_html

    return preview_html(evidence_from_inputs(_inputs), top_k)


def build_pdf(project_key: str, options: ReportOptions) -> bytes:
    """The PDF, with a progress bar that moves through the build's steps."""
    from vendor_eval.services.report.shortlist import BUILD_STEPS, shortlist_pdf_bytes

    with st.status("Building the shortlist PDF...", expanded=True) as status:
        bar = st.progress(0.0, text="Starting")

        def progress(step: str) -> None:
            done = BUILD_STEPS.index(step) if step in BUILD_STEPS else 0
            bar.progress(done / len(BUILD_STEPS), text=STEP_LABELS.get(step, step))

        try:
            pdf = shortlist_pdf_bytes(state.uow(), state.actor(), project_key,
                                      options=options, progress=progress)
        except VendorEvalError:
            status.update(label="The PDF could not be built", state="error")
            raise
        bar.progress(1.0, text="Done")
        status.update(label=f"PDF ready ({len(pdf) / 1024:,.0f} KiB)", state="complete",
                      expanded=False)
    return pdf


def export_buttons(project_key: str) -> None:
    """The ranking and full score matrix as XLSX and CSV, generated when clicked."""
    from vendor_eval.services.decision.results import export_results

    new_uow, actor = state.uow_factory(), state.actor()

    def results(fmt: str, table: str = "scores"):
        return lambda: export_results(new_uow(), actor, project_key, fmt, table)

    left, middle, right = st.columns(3)
    left.download_button("Results (XLSX)", data=results("xlsx"),
                         file_name=f"{project_key}-results.xlsx", on_click="ignore",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         icon=":material/table:")
    middle.download_button("Score matrix (CSV)", data=results("csv", "scores"),
                           file_name=f"{project_key}-scores.csv", mime="text/csv",
                           on_click="ignore", icon=":material/download:")
    right.download_button("Ranking (CSV)", data=results("csv", "ranking"),
                          file_name=f"{project_key}-ranking.csv", mime="text/csv",
                          on_click="ignore", icon=":material/download:")


st.title("Shortlist report")
key = state.require_project()
with state.stop_on_error():
    inputs = cache.evaluation(state.uow(), state.actor(), key)
if not inputs.vendors:
    guidance.stop(guidance.no_vendors("the shortlist report is built from their ranking"))
if inputs.scores_blind or inputs.prices_sealed:
    notes = " ".join(inputs.visibility.notes) if inputs.visibility else ""
    st.info(f"The report needs every score and price of this project. {notes}".strip(),
            icon=":material/visibility_off:")
    st.stop()

with state.stop_on_error():
    evidence_views.evidence_header(inputs, cache.ranking(inputs))
size, _ = st.columns([1, 3])
top_k = int(size.number_input("Shortlist size", min_value=1, max_value=5, value=3, step=1,
                              key=f"report_top_k:{key}",
                              help="How many of the best-ranked vendors the report shortlists."))
st.caption("Sections (the cover and the contents are always included)")
columns = st.columns(SECTION_COLUMNS)
chosen = tuple(section for index, section in enumerate(Section)
               if columns[index % SECTION_COLUMNS].checkbox(
                   SECTION_TITLES[section], value=True, key=f"report_section:{key}:{section}"))
options = ReportOptions(top_k=top_k, sections=chosen)
missing = guidance.missing_evidence(inputs)
if missing:
    st.caption(guidance.provisional_note(missing))

pdf_key = f"report_pdf:{key}"
if st.button("Build PDF", type="primary"):
    try:
        st.session_state[pdf_key] = (options, build_pdf(key, options))
    except VendorEvalError as exc:
        state.show_error(exc)
built = st.session_state.get(pdf_key)
if built is not None and built[0] == options:
    st.subheader("Downloads")
    st.download_button("Download PDF", data=built[1], file_name=f"{key}-shortlist.pdf",
                       mime="application/pdf", on_click="ignore", icon=":material/download:",
                       type="primary")
    st.caption("The results behind it, for your own analysis:")
    export_buttons(key)
elif built is not None:
    st.caption("The shortlist size or the sections changed: build the PDF again.")
else:
    st.caption("Build the PDF to download it, with the ranking and score matrix as XLSX and "
               "CSV beside it.")

st.subheader("Preview")
st.caption(f"The executive summary and ranking as they will print, with a shortlist of {top_k}.")
with state.stop_on_error():
    st.html(preview(cache.cache_key(inputs), top_k, inputs))
