"""Risk page: who may legally receive the data, all vendors' open risks, and each vendor's
checklist, with forms to record findings and risks and to import findings from a file."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vendor_eval.domain.checklist import ChecklistStatus
from vendor_eval.domain.enums import RiskStatus
from vendor_eval.domain.presentation import flag_text, format_percent, label, labels
from vendor_eval.errors import VendorEvalError
from vendor_eval.services.evidence.risk import (
    ASSESSMENT_COLUMNS,
    OPTIONAL_ASSESSMENT_COLUMNS,
    confirm_self_declared,
    import_assessments,
    risk_overview,
    save_assessments,
    save_risk_items,
)
from vendor_eval.ui import cache, frames, guidance, state
from vendor_eval.ui import risk_views as views

FINDING, REGISTER, IMPORT, GRID = ("risk:finding", "risk:register", "risk:import",
                                   "risk:grid")  # flash slots
ALL_VENDORS = "All vendors"
NEW_RISK = "New risk"
CHECKLIST_FILTERS = ("Required and not met", "All items")
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)

st.title("Risk")
key = state.require_project()
me = state.actor()
with state.stop_on_error():
    overview = risk_overview(state.uow(), state.actor(), key)
    # The findings and risks as recorded (file references, residuals left empty), for the forms.
    inputs = cache.evaluation(state.uow(), state.actor(), key)
# Bumped after every save, so the forms are read afresh from what was stored.
generation_key = f"risk_generation:{key}"
generation = st.session_state.get(generation_key, 0)


def codes(names: list[str] | tuple[str, ...]) -> str:
    """Names a file must use exactly, as code: `vendor`, `item_id`."""
    return ", ".join(f"`{name}`" for name in names)


def saved(slot: str, text: str) -> None:
    """After a write: keep the message for the next run, read every form afresh, rerun."""
    state.flash(slot, "success", text)
    st.session_state[generation_key] = generation + 1
    st.rerun()


table, rows, checklist = overview.result.table, overview.checklist.rows, inputs.checklist
vendors = list(table["vendor"])
if not vendors:
    guidance.stop(guidance.no_vendors("each vendor's checklist and risks appear here"))
summary = views.gate_summary(table, rows)
if not inputs.assessments:
    st.info("No checklist findings yet, so no vendor may receive the data. Record them below "
            "one at a time, import a findings file at the foot of the page, or import vendors' "
            "RFP workbooks (their yes/no checklist answers count).",
            icon=":material/arrow_downward:")
elif summary.excluded:
    st.warning(f"**{summary.headline}**\n\n{summary.reasons_markdown()}",
               icon=":material/gpp_bad:")
    if summary.has_hidden_details:
        with st.expander("Every failed requirement, by vendor"):
            st.markdown(summary.reasons_markdown(limit=None))
else:
    st.success(summary.headline, icon=":material/verified_user:")
declared_met = views.self_declared_met(rows)
if declared_met:
    st.warning(views.self_declared_met_text(declared_met), icon=":material/fact_check:")

# ---------------------------------------------------------------- who may receive the data
st.subheader("Who may receive the data")
sensitive = labels(inputs.project.scope.sensitivity, empty="none")
required_count = rows.loc[rows["required"], "item_id"].nunique()
st.caption(f"The {required_count} checklist items this project requires x vendors (sensitive "
           f"data: {sensitive}). A vendor may receive the data only if it meets every one: partly "
           "met, not applicable, expired and not assessed all fail. Hover a cell for the evidence.")
st.plotly_chart(views.coverage_heatmap(rows, vendors), key="risk_coverage")
with st.expander("Coverage as a table"):
    st.dataframe(views.coverage_table(rows, vendors), hide_index=True,
                 column_config=views.coverage_column_config(vendors))
expiring = [f"{vendor}: {flag_text(flag)}" for vendor, flags in overview.checklist.expiry_flags.items()
            for flag in flags]
if expiring:
    st.caption("Certificates to watch: " + "; ".join(expiring) + ".")

# ---------------------------------------------------------------- open risks
st.subheader("Open risks")
register = overview.register_frame()
residual = st.toggle("Residual risk (after mitigation)", value=True, key="risk_residual",
                     help="Off: the inherent likelihood and impact, before any mitigation.")
grid, adjustment = st.columns([2, 3], gap="medium")
with grid:
    st.plotly_chart(views.risk_heatmap(register, residual), key="risk_heatmap")
    st.caption("Every vendor's open, accepted and mitigated risks, recorded and from checklist "
               "gaps (closed ones are left out); the number is how many fall in the cell. "
               "Hover a cell for the list.")
with adjustment:
    st.dataframe(views.adjustment_rows(table), hide_index=True,
                 column_config=views.adjustment_column_config())
    rule = inputs.profile.risk
    st.caption("Exposure: the sum over a vendor's risks of status factor x residual likelihood "
               "x impact / 25 (factors: " + ", ".join(
                   f"{s.value} {f:g}" for s, f in rule.status_factors.items())
               + f"). Score adjustment: {format_percent(rule.rate, 0)} per unit of exposure, "
               f"at most {format_percent(rule.cap, 0)}.")

# The register, the checklists and the forms are tabs: the page opens on who may receive the
# data and the open risks, and the rest is one click away instead of a long scroll.
register_tab, checklist_tab, grid_tab, risk_tab, import_tab = st.tabs(
    ["Risk register", "Checklist per vendor", "Findings grid", "Add or update a risk",
     "Import findings"])
with register_tab:
    register_vendor = st.selectbox("Register of", [ALL_VENDORS, *vendors],
                                   key=f"risk_register_vendor:{key}")
    st.dataframe(views.register_rows(register, None if register_vendor == ALL_VENDORS
                                     else register_vendor), hide_index=True,
                 column_config=views.register_column_config())

# ---------------------------------------------------------------- checklist per vendor
with checklist_tab:
    st.subheader("Checklist per vendor")
    picker, filter_ = st.columns([2, 3])
    vendor = picker.selectbox("Vendor", views.vendors_by_gaps(table), key=f"risk_vendor:{key}")
    only_gaps = filter_.radio("Show", CHECKLIST_FILTERS, horizontal=True,
                              key=f"risk_filter:{key}") == CHECKLIST_FILTERS[0]
    shown = views.checklist_rows(rows, checklist, vendor, only_gaps)
    if shown.empty:
        st.success(f"{vendor} meets every checklist item this project requires.")
    else:
        st.dataframe(shown, hide_index=True, column_config=views.checklist_column_config())

    declared = views.self_declared_titles(rows, vendor)
    if declared:
        st.info(views.self_declared_text(vendor, declared), icon=":material/fact_check:")
        with st.expander(f"The {len(declared)} self-declared findings"):
            st.markdown("\n".join(f"- {frames.escape_markdown(t)}" for t in declared))
        if st.button(f"Confirm {len(declared)} self-declared finding"
                     f"{'' if len(declared) == 1 else 's'} as reviewed by {me.name}",
                     key=f"risk_confirm:{key}:{vendor}"):
            try:
                confirmed = confirm_self_declared(state.uow(), me, key, vendor)
            except VendorEvalError as exc:
                state.show_error(exc)
            else:
                saved(FINDING, f"Confirmed {len(confirmed)} of {vendor}'s self-declared "
                               f"findings, each recorded as reviewed by {me.name}.")

    st.markdown(f"**Record a finding for {vendor}**")
    item_ids = [item.id for item in checklist.items]
    gaps = list(views.checklist_gaps(rows, vendor)["item_id"])
    first = gaps[0] if gaps else item_ids[0]  # the vendor's first gap is what to review next
    item_id = st.selectbox("Checklist item", item_ids, index=item_ids.index(first),
                           format_func=lambda i: checklist.by_id[i].title,
                           key=f"risk_item:{key}:{vendor}:{generation}")
    item = checklist.by_id[item_id]
    st.markdown(f"*What satisfies it:* {item.evidence}  \n*It guards against:* "
                f"{item.guards_against}  \n*Mitigation to ask for:* {item.mitigation}")
    state.show_flash(FINDING)
    finding = next((a for a in inputs.assessments if (a.vendor, a.item_id) == (vendor, item_id)),
                   None)
    statuses = [s.value for s in ChecklistStatus]
    prefix = f"risk_finding:{key}:{vendor}:{item_id}:{generation}"
    with st.form(prefix):
        left, right = st.columns(2)
        status = left.selectbox(
            "Status", statuses, index=statuses.index(finding.status.value) if finding else None,
            format_func=label, placeholder="Choose a status",
            key=f"{prefix}:status")
        expires_on = right.date_input(
            "Expiry date", value=finding.expires_on if finding else None, min_value=EARLIEST,
            max_value=LATEST, format="YYYY-MM-DD", key=f"{prefix}:expires_on",
            help="For certificates and dated reports; an expired certificate fails, one expiring "
                 "within 90 days is flagged." if item.certificate else "Not a certificate: "
                 "leave empty unless the evidence goes out of date.")
        evidence = st.text_area("Evidence", value=finding.evidence if finding else "",
                                key=f"{prefix}:evidence")
        left, right = st.columns(2)
        file_reference = left.text_input("File reference",
                                         value=finding.file_reference if finding else "",
                                         key=f"{prefix}:file_reference")
        reviewer = right.text_input("Reviewer",
                                    value=(finding.reviewer if finding else "") or me.name,
                                    key=f"{prefix}:reviewer")
        if st.form_submit_button("Save finding", type="primary"):
            try:
                save_assessments(state.uow(), state.actor(), key, [{
                    "vendor": vendor, "item_id": item_id, "status": status, "evidence": evidence,
                    "file_reference": file_reference, "expires_on": expires_on,
                    "reviewer": reviewer}])
            except VendorEvalError as exc:
                state.show_error(exc)  # the form keeps what the user typed: its state is untouched
            else:
                saved(FINDING, f"Saved the finding for {vendor}: {item.title} is "
                               f"{label(status).lower()}.")

# ---------------------------------------------------------------- findings grid
with grid_tab:
    st.subheader("Findings grid")
    st.caption("Every item this project requires, for every vendor at once: pick a status in "
               "words; an empty cell is not assessed. A finding saved here is recorded as "
               f"reviewed by {me.name}, and keeps any evidence already recorded for it (add "
               "evidence and expiry dates under Checklist per vendor).")
    grid_base = views.findings_grid(rows, vendors)
    grid_edited = st.data_editor(grid_base, hide_index=True, disabled=[views.GRID_ITEM],
                                 column_config=views.findings_grid_config(vendors),
                                 key=f"risk_grid:{key}:{generation}")
    state.show_flash(GRID)
    if st.button("Save findings", key=f"risk_grid_save:{key}", type="primary"):
        grid_edits = views.grid_changes(grid_base, grid_edited, vendors)
        cleared = [f"{c.vendor} / {checklist.by_id[c.item_id].title}" for c in grid_edits
                   if c.status is None]
        recorded = {(a.vendor, a.item_id): a for a in inputs.assessments}
        if cleared:
            st.error("A recorded finding cannot be emptied here, only changed: "
                     + "; ".join(cleared) + ". Choose its status instead.")
        elif not grid_edits:
            st.info("Nothing changed in the grid.")
        else:
            try:
                count = save_assessments(state.uow(), me, key, [
                    views.grid_finding(change, recorded.get((change.vendor, change.item_id)),
                                       me.name) for change in grid_edits],
                    source="findings grid")
            except VendorEvalError as exc:
                state.show_error(exc)  # the grid keeps what the user picked
            else:
                saved(GRID, f"Saved {count} finding{'' if count == 1 else 's'} from the grid, "
                            f"reviewed by {me.name}.")

# ---------------------------------------------------------------- risk register editing
with risk_tab:
    st.subheader("Add or update a risk")
    recorded = {f"{r.vendor}: {r.title}": r for r in inputs.risks}
    choice = st.selectbox("Register entry", [NEW_RISK, *recorded],
                          key=f"risk_entry:{key}:{generation}")
    st.caption("An entry is matched by vendor and title, so a new title adds an entry. Checklist "
               "gaps join the register by themselves: record the finding above to change them.")
    state.show_flash(REGISTER)
    risk = recorded.get(choice)
    risk_statuses = [s.value for s in RiskStatus]
    prefix = f"risk_register:{key}:{choice}:{generation}"
    with st.form(prefix):
        left, right = st.columns(2)
        risk_vendor = left.selectbox("Vendor", vendors,
                                     index=vendors.index(risk.vendor) if risk else 0,
                                     key=f"{prefix}:vendor")
        title = right.text_input("Risk", value=risk.title if risk else "",
                                 placeholder="What could go wrong", key=f"{prefix}:title")
        levels = st.columns(4)
        likelihood = levels[0].number_input("Likelihood (1-5)", min_value=1, max_value=5, step=1,
                                            value=risk.likelihood if risk else 3,
                                            key=f"{prefix}:likelihood")
        impact = levels[1].number_input("Impact (1-5)", min_value=1, max_value=5, step=1,
                                        value=risk.impact if risk else 3, key=f"{prefix}:impact")
        residual_likelihood = levels[2].number_input(
            "Residual likelihood", min_value=1, max_value=5, step=1,
            value=risk.residual_likelihood if risk else None, placeholder="as inherent",
            key=f"{prefix}:residual_likelihood")
        residual_impact = levels[3].number_input(
            "Residual impact", min_value=1, max_value=5, step=1,
            value=risk.residual_impact if risk else None, placeholder="as inherent",
            key=f"{prefix}:residual_impact")
        left, right = st.columns(2)
        risk_status = left.selectbox("Status", risk_statuses,
                                     index=risk_statuses.index(risk.status.value) if risk else 0,
                                     format_func=label, key=f"{prefix}:status")
        owner = right.text_input("Owner", value=risk.owner if risk else "", key=f"{prefix}:owner")
        mitigation = st.text_area("Mitigation", value=risk.mitigation if risk else "",
                                  key=f"{prefix}:mitigation")
        if st.form_submit_button("Save risk", type="primary"):
            try:
                changed = save_risk_items(state.uow(), state.actor(), key, [{
                    "vendor": risk_vendor, "title": title.strip(), "likelihood": likelihood,
                    "impact": impact, "mitigation": mitigation, "status": risk_status,
                    "owner": owner, "residual_likelihood": residual_likelihood,
                    "residual_impact": residual_impact}])
            except VendorEvalError as exc:
                state.show_error(exc)
            else:
                saved(REGISTER, f"Saved the risk '{title.strip()}' for {risk_vendor}." if changed
                      else f"'{title.strip()}' for {risk_vendor} was already recorded as entered.")

# ---------------------------------------------------------------- import findings
with import_tab:
    st.subheader("Import findings")
    st.caption(f"A CSV or XLSX file with the columns {codes(ASSESSMENT_COLUMNS)} and optionally "
               f"{codes(OPTIONAL_ASSESSMENT_COLUMNS)}: one row per vendor and checklist item "
               "(by the id listed below), status one of "
               f"{codes(statuses)}, dates as YYYY-MM-DD. Every row must be valid, or nothing is "
               "recorded.")
    with st.expander("Checklist item ids for the file"):
        st.dataframe(views.item_ids_rows(checklist), hide_index=True, column_config={
            "Checklist item": st.column_config.TextColumn(width="large")})
    state.show_flash(IMPORT)
    upload = st.file_uploader("Findings file", type=["csv", "xlsx"],
                              key=f"risk_import:{key}:{generation}")
    if st.button("Import findings", disabled=upload is None, key=f"risk_import_button:{key}"):
        try:
            with st.spinner(f"Importing {upload.name}..."):
                changed = import_assessments(state.uow(), state.actor(), key, upload.name,
                                             upload.getvalue())
        except VendorEvalError as exc:
            state.show_error(exc)
        else:
            saved(IMPORT, f"Imported {upload.name}: {changed} finding{'' if changed == 1 else 's'} "
                          "recorded (rows identical to what is stored are not counted).")
