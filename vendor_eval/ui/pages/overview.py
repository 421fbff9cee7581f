"""Overview page: where the current project's vendors stand and what to do next, then its scope
and profile."""

from __future__ import annotations

import streamlit as st

from vendor_eval.domain.presentation import label, labels, language_name, plural
from vendor_eval.services.project.bundles import list_projects
from vendor_eval.ui import cache, evidence_views, frames, guidance, state

st.title("Overview")

with state.stop_on_error():
    projects = list_projects(state.uow(), state.actor())
if not projects:
    guidance.stop(guidance.NO_PROJECTS)

key = state.require_project()
with state.stop_on_error():
    inputs = cache.evaluation(state.uow(), state.actor(), key)

project, scope, profile = inputs.project, inputs.project.scope, inputs.profile
st.subheader(project.title)
if project.description:
    st.write(project.description)

if not inputs.vendors:
    guidance.show(guidance.no_vendors("the ranking appears here"))
else:
    with state.stop_on_error():
        result = cache.ranking(inputs)
    vendors, qualified, top = st.columns([1, 1, 2])
    vendors.metric("Vendors", len(inputs.vendors))
    qualified.metric("Pass all gates", int(result.table["qualified"].sum()))
    # A metric cuts a long name short; the leader's name is written out in full instead.
    with top:
        st.caption("Top vendor")
        st.subheader(frames.escape_markdown(result.top_vendor) if result.top_vendor
                     else "none qualifies", anchor=False)
    evidence_views.evidence_header(inputs, result)
    guidance.show_steps(guidance.missing_evidence(inputs))

    st.subheader("Ranking")
    st.dataframe(frames.ranking_rows(result), hide_index=True,
                 column_config=frames.ranking_column_config())
    flag_list = frames.flags_markdown(result)
    if flag_list:
        with st.expander("Flags in full"):
            st.markdown(flag_list)
    st.caption(f"Method: {result.method}; weighting profile {profile.name}, version "
               f"{result.profile_version}. Tune the weights on the Rank page.")

st.subheader("Scope and profile")
left, right = st.columns(2)
with left:
    st.markdown(
        f"**Industry:** {label(scope.industry)}  \n"
        f"**Data:** {frames.escape_markdown(', '.join(scope.data_types)) or 'not stated'}  \n"
        f"**Volume:** {plural(scope.volume, scope.unit)}  \n"
        f"**Languages:** "
        f"{', '.join(language_name(lang) for lang in scope.languages) or 'not stated'}  \n"
        f"**Sensitive data:** {labels(scope.sensitivity, empty='none')}"
    )
with right:
    st.markdown(f"**Weighting profile:** {profile.name}, version {profile.version}")
    st.caption(profile.description)
