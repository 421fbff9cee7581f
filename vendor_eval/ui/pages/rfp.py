"""RFP page: choose the template set, chapters and questions, preview the RFP, issue it as a PDF
and a response workbook, and import the workbooks vendors send back, with a report per file."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from vendor_eval.domain.enums import PricingModel
from vendor_eval.domain.rfp import (
    DEFAULT_DAYS,
    PRICING_TITLES,
    SECTION_TITLES,
    RfpOptions,
    RfpSection,
    WorkbookProblems,
)
from vendor_eval.errors import VendorEvalError
from vendor_eval.services.rfp.answers import responses_on_record
from vendor_eval.services.rfp.issue import issue_rfp, rfp_preview_html, rfp_setup
from vendor_eval.services.rfp.responses import import_responses
from vendor_eval.ui import guidance, state
from vendor_eval.ui import rfp_views as views
from vendor_eval.ui.frames import escape_markdown

st.title("RFP")
key = state.require_project()
with state.stop_on_error():
    setup = rfp_setup(state.uow(), state.actor(), key)
bank = setup.bank
today = date.today()
if not setup.vendors:
    guidance.show(guidance.NO_VENDORS_FOR_RFP)

# ---------------------------------------------------------------- what to send
st.subheader("What to send")
st.caption(f"The RFP is written from the project's scope, its weighting profile "
           f"({setup.inputs.profile.name}, version {setup.inputs.profile.version}) and the "
           f"checklist, with questions from question bank {bank.version}.")
left, right = st.columns(2)
template_set = left.selectbox(
    "Template set", setup.template_sets, key=f"rfp_template_set:{key}",
    format_func=views.template_set_label,
    help="The shipped layout, or one an organisation adds under the folder named by "
         "VENDOR_EVAL_ORG_TEMPLATES_DIR.")
issue_to = right.selectbox(
    "Issue to", [*setup.vendors, views.ANY_VENDOR], key=f"rfp_vendor:{key}",
    help="Issued to one vendor, the workbook names it, so its answers go to that vendor on "
         "import: build one for each vendor. A workbook for any invited vendor needs the "
         "vendor picked when it comes back.")
sections = st.multiselect("Chapters", list(RfpSection), default=list(RfpSection),
                          format_func=lambda s: SECTION_TITLES[s], key=f"rfp_sections:{key}")
pricing = st.multiselect("Pricing models to ask for (one pricing sheet each)", list(PricingModel),
                         default=list(PricingModel), format_func=lambda m: PRICING_TITLES[m],
                         key=f"rfp_pricing:{key}")
left, right = st.columns(2)
responses_due = left.date_input(
    "Responses due", value=today + timedelta(days=DEFAULT_DAYS["responses_due"]),
    min_value=today, format="YYYY-MM-DD", key=f"rfp_due:{key}")
contact = right.text_input("Contact for questions and responses", key=f"rfp_contact:{key}",
                           placeholder="name and e-mail address")

st.markdown("**Questions**")
st.caption("Picked for this scope: questions that apply to the project's data and industry. "
           "The question naming the main pricing offer is always asked when prices are.")
chosen: list[str] = []
for section in bank.sections:
    questions = bank.in_section(section.id)
    defaults = [q.id for q in questions if q.id in setup.default_questions]
    with st.expander(f"{section.title} ({len(questions)} in the bank)"):
        st.caption(section.description)
        chosen += st.multiselect(
            f"Questions on {section.title}", [q.id for q in questions], default=defaults,
            format_func=lambda i: views.question_label(bank.by_id[i]),
            key=f"rfp_questions:{key}:{section.id}", label_visibility="collapsed")

options = RfpOptions(
    sections=tuple(sections), question_ids=tuple(chosen), pricing_models=tuple(pricing),
    vendor=None if issue_to == views.ANY_VENDOR else issue_to, template_set=template_set,
    issued_on=today, responses_due=responses_due, contact=contact.strip())

# ---------------------------------------------------------------- preview
st.subheader("Preview")
try:
    preview = rfp_preview_html(state.uow(), state.actor(), key, options, today)
except VendorEvalError as exc:
    state.show_error(exc)
else:
    st.caption(f"The RFP as it will read with the choices above: {views.contents_text(options)}.")
    # Shown whole when opened, not in a small scrolling box; the print-only running headers
    # are hidden, as on paper they sit in the page margins.
    with st.expander("Show the RFP as it will read", expanded=False):
        st.html(views.PREVIEW_STYLE + preview)

# ---------------------------------------------------------------- issue
st.subheader("Issue")
st.caption("Builds the PDF and the response workbook and records the issue (reference, question "
           "bank version, questions), so a returned workbook is recognised on import.")
issued_key = f"rfp_issued:{key}"
if st.button("Build RFP documents", type="primary", key=f"rfp_build:{key}"):
    with st.spinner("Writing the RFP and its response workbook..."):
        try:
            st.session_state[issued_key] = (options, issue_rfp(state.uow(), state.actor(), key,
                                                               options))
        except VendorEvalError as exc:
            state.show_error(exc)
built = st.session_state.get(issued_key)
if built is not None and built[0] == options:
    issued = built[1]
    st.success(f"Issued as reference {issued.reference} (question bank {issued.bank_version}, "
               f"{len(issued.question_ids)} questions)"
               + (f" to {escape_markdown(issued.vendor)}." if issued.vendor else "."),
               icon=":material/task_alt:")
    left, right = st.columns(2)
    left.download_button("Download RFP (PDF)", data=issued.pdf,
                         file_name=views.download_name(key, issued, "pdf"),
                         mime="application/pdf", on_click="ignore", icon=":material/download:")
    right.download_button("Download response workbook (XLSX)", data=issued.workbook,
                          file_name=views.download_name(key, issued, "xlsx"),
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          on_click="ignore", icon=":material/download:")
elif built is not None:
    st.caption("The choices changed since the last build: build the documents again.")

# ---------------------------------------------------------------- import
st.subheader("Import returned workbooks")
st.caption("Each workbook is checked cell by cell against what was issued; a workbook with any "
           "problem imports nothing. Answers replace the vendor's earlier answers; ramp-up "
           "weeks, the price quote and yes/no checklist answers update the evaluation.")
upload_generation_key = f"rfp_upload_generation:{key}"
upload_generation = st.session_state.get(upload_generation_key, 0)
uploads = st.file_uploader("Returned workbooks", type=["xlsx"], accept_multiple_files=True,
                           key=f"rfp_upload:{key}:{upload_generation}")
# A workbook issued to any invited vendor does not say whose answers it holds: ask, per file.
owners: dict[str, str | None] = {}
unnamed: list[str] = []
for upload in uploads or []:
    named = views.workbook_vendor(upload.getvalue())
    if named is None:
        owners[upload.name] = st.selectbox(
            f"Whose answers are in {upload.name}?", setup.vendors, index=None,
            placeholder="Choose the vendor", key=f"rfp_import_vendor:{key}:{upload.name}",
            help="This workbook was issued to any invited vendor, so it does not name one.")
        if owners[upload.name] is None:
            unnamed.append(upload.name)
    else:
        owners[upload.name] = None  # the workbook's own vendor (or unreadable: import says)
        if named:
            st.caption(f"{upload.name}: answers of {named}, as the workbook says.")
partial = st.checkbox(
    "Import a workbook with required answers missing as a partial response",
    key=f"rfp_partial:{key}",
    help="The answers given are stored and the vendor's response is marked incomplete, with "
         "what is missing listed. Other faults (edited questions, values outside their rules) "
         "still import nothing.")
if unnamed:
    st.caption("Choose whose answers are in " + ", ".join(unnamed) + " to import.")
report_key = f"rfp_import_report:{key}"
if st.button("Import responses", disabled=not uploads or bool(unnamed),
             key=f"rfp_import:{key}"):
    reports = []
    bar = st.progress(0.0)
    for done, upload in enumerate(uploads):
        bar.progress(done / len(uploads),
                     text=f"Checking and importing {upload.name} ({done + 1} of {len(uploads)})")
        try:
            reports.append((upload.name, import_responses(
                state.uow(), state.actor(), key, upload.name, upload.getvalue(),
                owners.get(upload.name), partial=partial)))
        except VendorEvalError as exc:
            reports.append((upload.name, exc))
    bar.empty()
    st.session_state[report_key] = reports
    st.session_state[upload_generation_key] = upload_generation + 1  # a corrected file anew
    st.rerun()
names = views.question_names(bank, setup.inputs.project.scope.unit)
for name, outcome in st.session_state.get(report_key, []):
    if isinstance(outcome, WorkbookProblems):
        st.error(f"**{escape_markdown(name)}**: {len(outcome.problems)} problem(s), nothing was "
                 "imported. Correct these cells and upload the workbook again.",
                 icon=":material/error:")
        st.dataframe(views.problems_frame(outcome.problems, names), hide_index=True,
                     column_config=views.problems_column_config())
    elif isinstance(outcome, VendorEvalError):
        state.show_error(outcome)
    else:
        st.success(f"**{escape_markdown(name)}**: imported for "
                   f"{escape_markdown(outcome.vendor)}"
                   + (" as a partial response." if outcome.missing else "."),
                   icon=":material/task_alt:")
        st.markdown(views.import_markdown(outcome, setup.inputs, names))

st.markdown("**Responses on record**")
with state.stop_on_error():
    on_record = responses_on_record(state.uow(), state.actor(), key)
if on_record:
    st.dataframe(views.responses_frame(on_record), hide_index=True,
                 column_config=views.responses_column_config())
else:
    st.caption("No vendor's answers have been imported yet: build the RFP documents above, send "
               "each vendor the response workbook, and import the workbooks they return here.")
