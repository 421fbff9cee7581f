"""New project page: describe the scope, see the profile and the checks it calls for, create.

The scope widgets sit outside any form so the recommendation beside them follows every change.
Creating runs in the button's callback: it may then select the new project in the sidebar's
picker (a widget's value can only be set before that widget is drawn), and the callback's own
rerun shows the result; a refused create leaves every field as typed and puts the message
beside the field it concerns.
"""

from __future__ import annotations

import streamlit as st

from vendor_eval.domain.enums import Industry, Sensitivity
from vendor_eval.domain.people import Actor
from vendor_eval.domain.presentation import label, plural
from vendor_eval.domain.project import Scope
from vendor_eval.engine.recommend import Recommendation
from vendor_eval.errors import VendorEvalError
from vendor_eval.services.kernel.permissions import Action, allows
from vendor_eval.services.project.new_project import (
    build_scope,
    create_project,
    recommend_for_scope,
)
from vendor_eval.ui import state
from vendor_eval.ui.scope_form import (
    DATA_TYPE_OPTIONS,
    GENERAL,
    LANGUAGE_OPTIONS,
    FieldError,
    alternative_rows,
    field_error,
    industry_label,
    required_markdown,
    sensitivity_label,
)

PAGE = "new_project"
ERROR = "new_project:error"
PICKED = "new_project:profile_picked"  # the user chose a profile other than the recommendation
LAST = "new_project:recommendation"  # for the last complete scope
DEFAULTS: dict[str, object] = {"industry": Industry.OTHER, "data_types": [], "volume": 10_000,
                               "unit": "item", "languages": [], "sensitivity": [],
                               "key": "", "title": "", "description": ""}


def widget(field: str) -> str:
    return f"new_project:{field}"


def values() -> dict[str, object]:
    return {field: st.session_state.get(widget(field)) for field in (*DEFAULTS, "profile")}


def show_field_error(field: str, live: FieldError | None = None) -> None:
    """The scope's current problem, or the last refused create's message, under the field it
    concerns while that field still holds the value refused (a general one is shown once)."""
    for error in (live, st.session_state.get(ERROR)):
        if error is not None and error.applies_to(field, st.session_state.get(widget(field))):
            st.error(error.message, icon=":material/error:")
            if field == GENERAL:
                st.session_state.pop(ERROR, None)
            return


def scope_from_widgets() -> Scope:
    v = values()
    return build_scope(v["industry"], v["data_types"], v["volume"], v["unit"], v["languages"],
                       v["sensitivity"])


def create(actor: Actor) -> None:
    """The Create button's callback: create and select the project, or keep why not."""
    st.session_state.pop(ERROR, None)
    v = values()
    try:
        scope = scope_from_widgets()
        profile = str(v["profile"])
        if not st.session_state.get(PICKED):
            # Follow the recommendation for the scope as it is now, even if a scope change
            # arrived together with the click and the panel has not caught up yet.
            profile = recommend_for_scope(state.uow(), actor, scope).profile_id
        project = create_project(state.uow(), actor, str(v["key"]), str(v["title"]),
                                 str(v["description"]), scope, profile)
    except VendorEvalError as exc:
        st.session_state[ERROR] = field_error(exc, v)
        return
    st.session_state[state.PROJECT_KEY] = project.key
    for field in ("key", "title", "description"):  # ready for another project
        st.session_state[widget(field)] = ""
    state.flash(PAGE, "success",
                f"Created {project.title} ({project.key}) and selected it in the sidebar. Next: "
                "add vendors on the Vendors page, or issue an RFP on the RFP page and import "
                "each vendor's response workbook.")


def follow_recommendation(recommended: str) -> None:
    """A profile picked by hand stays picked; picking the recommended one follows it again."""
    st.session_state[PICKED] = st.session_state[widget("profile")] != recommended


def show_recommendation(recommendation: Recommendation, chosen: str) -> None:
    st.subheader("Recommended profile")
    st.markdown(f"**{recommendation.recommended.name}**")
    st.markdown("\n".join(f"- {reason}" for reason in recommendation.reasons))
    fit = recommendation.fit(chosen)
    if chosen != recommendation.profile_id:
        st.info(f"You chose **{fit.name}**. The checks below are the ones it requires.",
                icon=":material/tune:")
    specific = tuple(check for check in fit.required if not check.always)
    always = [check.name for check in fit.required if check.always]
    st.markdown("**Required before any data moves to a vendor**")
    if specific:
        st.caption(f"This scope calls for {plural(len(specific), 'check')} on top of the "
                   f"{len(always)} every project requires:")
        st.markdown(required_markdown(specific))
    else:
        st.caption(f"The {len(always)} checks every project requires, listed below; this scope "
                   "calls for no others.")
    with st.expander(f"Required on every project ({len(always)})"):
        st.markdown("\n".join(f"- {name}" for name in always))
    with st.expander("Other profiles, best fit first"):
        st.dataframe(alternative_rows(recommendation.alternatives), hide_index=True,
                     column_config={"Why": st.column_config.TextColumn(width="large")})


st.title("New project")
me = state.actor()
state.show_flash(PAGE)
if not allows(me, Action.EDIT_PROJECT):
    st.info(f"Your role ({label(me.role)}) may not create projects. Ask an analyst or an admin.")
    st.stop()
for field, default in DEFAULTS.items():
    st.session_state.setdefault(widget(field), default)

# Every widget is drawn on every run, even while the scope is incomplete: a widget left out
# of a run loses its value, and nothing typed may be lost.
try:
    scope, problem = scope_from_widgets(), None
except VendorEvalError as exc:
    scope, problem = None, field_error(exc, values())
if scope is not None or LAST not in st.session_state:
    with state.stop_on_error():
        st.session_state[LAST] = recommend_for_scope(
            state.uow(), me, scope or build_scope(Industry.OTHER, (), 1))
recommendation: Recommendation = st.session_state[LAST]

profile_ids = [recommendation.profile_id, *(fit.profile_id for fit in recommendation.alternatives)]
names = {pid: recommendation.fit(pid).name for pid in profile_ids}
if st.session_state.get(widget("profile")) not in names:
    st.session_state[PICKED] = False
if not st.session_state.get(PICKED):
    st.session_state[widget("profile")] = recommendation.profile_id

form, panel = st.columns([3, 2], gap="large")
with form:
    st.subheader("Scope")
    st.selectbox("Industry", list(Industry), format_func=industry_label, key=widget("industry"))
    show_field_error("industry", problem)
    st.multiselect("Data types", DATA_TYPE_OPTIONS, accept_new_options=True,
                   key=widget("data_types"), help="Pick from the list or type your own.")
    volume, unit = st.columns(2)
    with volume:
        volume_value = st.number_input("Volume over the contract", min_value=1, step=1_000,
                                       format="%d", key=widget("volume"))
        # The box cannot show thousands separators; the caption reads the number back.
        st.caption(plural(int(volume_value), str(st.session_state.get(widget("unit")) or "item")))
        show_field_error("volume", problem)
    with unit:
        st.text_input("Unit", key=widget("unit"), help="What one unit is: image, document, "
                                                       "conversation, ...")
        show_field_error("unit", problem)
    st.multiselect("Languages", LANGUAGE_OPTIONS, accept_new_options=True,
                   key=widget("languages"), help="Pick from the list or type your own.")
    st.multiselect("Sensitive data in scope", list(Sensitivity), format_func=sensitivity_label,
                   key=widget("sensitivity"))
    show_field_error("sensitivity", problem)

    st.subheader("Project")
    chosen = st.selectbox("Weighting profile", sorted(profile_ids), key=widget("profile"),
                          format_func=names.__getitem__,
                          on_change=follow_recommendation, args=(recommendation.profile_id,),
                          help="Follows the recommendation until you pick another profile.")
    show_field_error("profile")
    st.text_input("Key", key=widget("key"), placeholder="e.g. claims-qa-2026",
                  help="A short name used on the command line: lowercase letters, digits, "
                       "'-' and '_'.")
    show_field_error("key")
    st.text_input("Title", key=widget("title"), placeholder="e.g. Claims document QA")
    show_field_error("title")
    st.text_area("Description", key=widget("description"),
                 placeholder="What is bought, for which model or workflow, and by when.")
    show_field_error("description")
    st.button("Create project", type="primary", on_click=create, args=(me,))
    show_field_error(GENERAL)

with panel:
    if scope is None:
        st.caption("Shown for the last complete scope; complete the scope to update it.")
    show_recommendation(recommendation, chosen)
