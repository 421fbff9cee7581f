"""Overview page: where the current project's vendors stand and what to do next, then its scope
and profile."""

from __future__ import annotations

import streamlit as st

from vendor_eval.services.projects import list_projects
from vendor_eval.services.ranking import load_evaluation
from vendor_eval.ui import cache, guidance, state, tables

st.title("Overview")

with state.stop_on_error():
    projects = list_projects(state.uow(), state.actor())
if not projects:
    guidance.stop(guidance.NO_PROJECTS)

key = state.require_project()
with state.stop_on_error():
    inputs = load_evaluation(state.uow(), state.actor(), key)

project, scope, profile = inputs.project, inputs.project.scope, inputs.profile
st.subheader(project.title)
if project.description:
    st.write(project.description)

if not inputs.vendors:
    guidance.show(guidance.no_vendors("the ranking appears here"))
else:
    with state.stop_on_error():
        result = cache.ranking(inputs)
    vendors, top, qualified = st.columns(3)
    vendors.metric("Vendors", len(inputs.vendors))
    qualified.metric("Pass all gates", int(result.table["qualified"].sum()))
    top.metric("Top vendor", result.top_vendor or "none qualifies")
    guidance.show_steps(guidance.missing_evidence(inputs))

    st.subheader("Ranking")
    st.dataframe(tables.ranking_rows(result), hide_index=True)
    st.caption(f"Method: {result.method}; profile {result.profile_id} v{result.profile_version}. "
               "Tune the weights on the Rank page.")

st.subheader("Scope and profile")
left, right = st.columns(2)
with left:
    st.markdown(
        f"**Industry:** {scope.industry.value.replace('_', ' ')}  \n"
        f"**Data:** {', '.join(scope.data_types) or 'not stated'}  \n"
        f"**Volume:** {scope.volume:,} {scope.unit}s  \n"
        f"**Languages:** {', '.join(scope.languages) or 'not stated'}  \n"
        f"**Sensitive data:** {', '.join(sorted(s.value for s in scope.sensitivity)) or 'none'}"
    )
with right:
    st.markdown(f"**Weighting profile:** {profile.name} (`{profile.id}`, "
                f"version {profile.version})")
    st.caption(profile.description)
