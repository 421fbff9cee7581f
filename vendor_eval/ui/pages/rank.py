"""Rank page: what-if category weights, the live ranking by weighted sum or TOPSIS, why each
vendor stands there, and how robust the ranking is."""

from __future__ import annotations

import streamlit as st

from vendor_eval.domain.presentation import format_coefficient, format_percent, format_score
from vendor_eval.errors import VendorEvalError
from vendor_eval.services.decision.profiles import save_profile_version
from vendor_eval.ui import cache, charts, evidence_views, frames, guidance, state, weights
from vendor_eval.ui.robustness import robustness_section

PAGE = "rank"
WSM, TOPSIS = "Weighted sum", "TOPSIS"
SLIDER_COLUMNS = 3
LISTED_NOTES = 3  # a vendor with more gate failures and flags gets them behind an expander

st.title("Rank")
key = state.require_project()
with state.stop_on_error():
    inputs = cache.evaluation(state.uow(), state.actor(), key)
if not inputs.vendors:
    guidance.stop(guidance.no_vendors("the ranking appears here"))
missing = guidance.missing_evidence(inputs)
profile = inputs.profile
category_names = inputs.catalogue.category_names
defaults = weights.slider_defaults(profile)
slider_keys = {c: f"weight:{key}:{profile.id}:v{profile.version}:{c}" for c in defaults}
for category, slider_key in slider_keys.items():
    st.session_state.setdefault(slider_key, defaults[category])


def reset_to_profile() -> None:
    for category, slider_key in slider_keys.items():
        st.session_state[slider_key] = defaults[category]


state.show_flash(PAGE)
# The sliders take the width of three columns and the saving controls sit beside them, so the
# ranking below has the page's full width and every column of its table is in view.
controls, keep = st.columns([3, 1], gap="large")

with controls:
    st.subheader("Category weights")
    st.caption(f"Starting point: {profile.name}, version {profile.version}.")
    slider_columns = st.columns(SLIDER_COLUMNS, gap="medium")
    values = {
        category: slider_columns[index % SLIDER_COLUMNS].slider(
            category_names.get(category, category), 0, 100, key=slider_key,
            persist_state="session")
        for index, (category, slider_key) in enumerate(slider_keys.items())
    }
    changed = values != defaults
    try:
        percentages = weights.proportional_percentages(values)
    except VendorEvalError as exc:  # e.g. every slider at 0: say so, keep Reset in reach
        state.show_error(exc)
        percentages = None

with keep:
    st.caption(f"Sliders total {sum(values.values())}. The weights are used in proportion "
               "(each slider divided by the total), so they need not add up to 100.")
    st.button("Reset to profile", on_click=reset_to_profile)
    st.subheader("Keep these weights")
    note = st.text_input("Note for the new version", key=f"weight_note:{key}:{profile.id}",
                         placeholder="why these weights")
    if st.button("Save as new profile version", disabled=not changed or percentages is None,
                 help="Stores the weights above, in proportion, as the next version of "
                      f"{profile.name}. Projects that follow it rank with the new version; a "
                      "project whose weights are frozen keeps its version until an analyst "
                      "changes it, with a reason, on the Team page."):
        try:
            saved = save_profile_version(
                state.uow(), state.actor(), weights.profile_body(profile, percentages),
                note or "weights tuned on the Rank page")
        except VendorEvalError as exc:
            state.show_error(exc)
        else:
            state.flash(PAGE, "success", f"Saved {saved.name} as version {saved.version}.")
            st.rerun()

if percentages is None:
    st.stop()  # the sliders say why; Reset to profile is beside them
with state.stop_on_error():
    result = cache.ranking(inputs, percentages if changed else None)
if changed:
    st.info("What-if weights: this ranking is not saved. Used as "
            + ", ".join(f"{category_names.get(c, c)} {format_percent(w / 100)}"
                        for c, w in percentages.items())
            + ".")
st.subheader("Ranking")
if result.top_vendor is None:
    st.warning("No vendor passes every gate, so none can be recommended."
               + (f" {guidance.NO_FINDINGS.text}" if guidance.NO_FINDINGS in missing else ""))
else:
    leader = result.table.iloc[0]
    st.markdown(f"**First place: {frames.escape_markdown(result.top_vendor)}** "
                f"with {format_score(leader['score'])} points"
                + (" under these what-if weights." if changed else "."))
evidence_views.evidence_header(inputs, result)
if missing:
    st.caption(guidance.provisional_note(missing))
method = st.radio("Method", [WSM, TOPSIS], horizontal=True, key=f"rank_method:{key}",
                  help="TOPSIS ranks by closeness to the ideal vendor and distance from the "
                       "worst, on the same evidence, weights, gates and risk adjustment.")
if method == TOPSIS:
    with state.stop_on_error():
        comparison = cache.topsis(inputs, percentages if changed else None)
    st.dataframe(frames.topsis_rows(comparison), hide_index=True,
                 column_config=frames.ranking_column_config())
    if comparison.disagree and comparison.kendall_tau is not None:
        st.info("TOPSIS and the weighted sum order the vendors differently: Kendall's tau "
                f"= {format_coefficient(comparison.kendall_tau)} between the two rankings of "
                "the vendors that pass the gates (1 = the same order, -1 = reversed).")
    else:
        st.caption("TOPSIS and the weighted sum rank the vendors in the same order.")
    st.caption(f"Method: {comparison.method}. The sections below explain the weighted "
               "sum's points.")
else:
    st.dataframe(frames.ranking_rows(result), hide_index=True,
                 column_config=frames.ranking_column_config())

points, flags = st.columns([3, 2], gap="large")
with points:
    st.subheader("Where the points come from")
    st.plotly_chart(charts.contribution_chart(result, category_names))
with flags:
    st.subheader("Gates and risk flags")
    flagged = False
    for row in result.table.itertuples(index=False):
        # The risk adjustment has its own column in the table above; only what it does not
        # say is listed here.
        notes = ([f"Gate failed: {failure}" for failure in row.gate_failures]
                 + frames.shown_flags(row.flags))
        if not notes:
            continue
        flagged = True
        listed = "\n".join(f"- {frames.escape_markdown(note)}" for note in notes)
        if len(notes) <= LISTED_NOTES:
            st.markdown(f"**{frames.escape_markdown(row.vendor)}**\n\n{listed}")
        else:  # a vendor failing many gates would push the page thousands of pixels down
            with st.expander(f"{row.vendor}: {frames.notes_summary(row.gate_failures, row.flags)}"):
                st.markdown(listed)
    if not flagged:
        st.caption("No vendor fails a gate or carries a flag beyond the risk adjustment shown "
                   "in the table.")

st.subheader("Strengths and weaknesses")
for vendor in result.table["vendor"]:
    explanation = result.explanations[vendor]
    with st.expander(vendor):
        strong, weak = st.columns(2)
        strong.markdown("**Strengths**\n\n" + frames.findings_markdown(explanation.strengths))
        weak.markdown("**Weaknesses**\n\n" + frames.findings_markdown(explanation.weaknesses))

st.divider()
robustness_section(inputs, percentages if changed else None)
