"""Team page: who scores the project and how far they are, frozen weights, unlocks and reopened
submissions with their reasons, and (for admins) people and their roles."""

from __future__ import annotations

import streamlit as st

from vendor_eval.domain.enums import Role
from vendor_eval.domain.presentation import format_date, label
from vendor_eval.domain.team import SCORING_ROLES, TEAM_FROM, ScoringMode
from vendor_eval.errors import StaleWriteError, VendorEvalError
from vendor_eval.services.decision.profiles import list_profile_ids, list_versions
from vendor_eval.services.kernel.permissions import Action, allows
from vendor_eval.services.scoring.frozen_weights import (
    change_project_profile,
    freeze_profile,
    list_profile_changes,
)
from vendor_eval.services.scoring.team import (
    assign_evaluators,
    reopen_submission,
    scoring_status,
    unlock_scores,
)
from vendor_eval.services.workspace.people import add_person, list_people, update_person
from vendor_eval.ui import profile_views, state, team_views

PAGE = "team"
CLEAR_KEY = "team_clear"  # reason boxes to empty once what they were typed for has succeeded


def attempt(action, success: str, clear: tuple[str, ...] = ()) -> None:
    """Run a service call from a button: flash and rerun on success, emptying the `clear`
    inputs (a reason is typed for one action); on failure show why and leave every widget as
    the user filled it, so they can retry."""
    try:
        action()
    except VendorEvalError as exc:
        state.show_error(exc)
    else:
        state.flash(PAGE, "success", success)
        st.session_state[CLEAR_KEY] = clear
        st.rerun()


st.title("Team")
key = state.require_project()
me = state.actor()
# A widget's value may only be set before the widget is drawn: the reasons typed for a
# reopen or an unlock that succeeded are emptied here, on the run after it.
for typed in st.session_state.pop(CLEAR_KEY, ()):
    st.session_state[typed] = ""
with state.stop_on_error():
    status = scoring_status(state.uow(), me, key)
    changes = list_profile_changes(state.uow(), me, key)
    people = list_people(state.uow(), me)
    profile_ids = list_profile_ids(state.uow(), me)
    profile_names = profile_views.profile_names(state.uow, me, profile_ids)
state.show_flash(PAGE)


def name_of(profile_id: str) -> str:
    """A profile's name for the messages and pickers below (its id if it is no longer stored)."""
    return profile_names.get(profile_id, profile_id)


# --- where scoring stands -----------------------------------------------------------------
st.subheader("Scoring")
st.info(team_views.mode_text(status, me), icon=":material/groups:")
if status.freeze is None:
    st.warning(f"Weights not frozen: the project follows the newest version of "
               f"{name_of(status.profile_id)}"
               + (", and team scoring has not opened." if not status.open_for_scoring else "."),
               icon=":material/lock_open:")
else:
    freeze = status.freeze
    frozen = profile_views.profile_text(name_of(freeze.profile_id), freeze.version,
                                        freeze.content_hash)
    st.success(f"Weights frozen: {frozen}, by {freeze.frozen_by} on "
               f"{format_date(freeze.frozen_at)}.", icon=":material/lock:")
if status.unlock is not None:
    st.warning(f"Blind scores unlocked by {status.unlock.unlocked_by} on "
               f"{format_date(status.unlock.unlocked_at)}: {status.unlock.reason}",
               icon=":material/visibility:")
for note in status.visibility.notes:
    st.info(note, icon=":material/visibility_off:")
if status.evaluators:
    st.dataframe(team_views.status_rows(status), hide_index=True,
                 column_config=team_views.status_column_config())
    declared = team_views.conflicts_markdown(status)
    if declared:
        st.markdown("**Conflicts of interest declared**\n\n" + declared)
elif allows(me, Action.ASSIGN_EVALUATORS):
    st.info("Nobody is assigned to score this project yet. Someone scoring alone starts on "
            "the Score page; for a team, assign evaluators below"
            + (" and freeze the weights." if status.freeze is None else "."),
            icon=":material/arrow_downward:")
else:
    st.info("Nobody is assigned to score this project yet — an analyst assigns evaluators on "
            "this page.")
if changes:
    st.markdown("**Changes of weights after the freeze or after evidence existed**")
    st.dataframe(team_views.profile_change_rows(changes, profile_names), hide_index=True,
                 column_config={"Reason": st.column_config.TextColumn(width="large")})

# --- an analyst's controls ----------------------------------------------------------------
if allows(me, Action.FREEZE_WEIGHTS) and status.freeze is None:
    st.subheader("Freeze the weights")
    with state.stop_on_error():
        versions = list_versions(state.uow(), me, status.profile_id)
    newest = versions[-1]
    fixed = profile_views.profile_text(name_of(status.profile_id), int(newest["version"]),
                                       str(newest["hash"]))
    st.caption(f"Fixes {fixed} for this project and opens scoring. Later versions of the "
               "profile will not change this project; changing its weights then needs a "
               "reason, shown in the report.")
    if st.button("Freeze weights", type="primary"):
        attempt(lambda: freeze_profile(state.uow(), me, key, newest["version"],
                                       base_version=status.project_version),
                f"Weights frozen at {name_of(status.profile_id)}, version {newest['version']}.")

if allows(me, Action.ASSIGN_EVALUATORS):
    st.subheader("Assign evaluators")
    assigned = {e.evaluator for e in status.evaluators}
    candidates = [p.name for p in people if p.role in SCORING_ROLES and p.name not in assigned]
    if candidates:
        chosen = st.multiselect("People to assign", candidates, key=f"team_assign:{key}")
        if len(assigned) + len(chosen) >= TEAM_FROM > len(assigned):
            st.caption("With a second evaluator the team rules start: scores turn blind until "
                       "every evaluator submits, prices are sealed for those still scoring, and "
                       "scoring waits for the weights to be frozen.")
        if st.button("Assign", disabled=not chosen):
            attempt(lambda: assign_evaluators(state.uow(), me, key, chosen),
                    f"Assigned {', '.join(chosen)}.")
    else:
        st.caption("Everyone who can score is assigned. An admin adds people below.")

submitted = [e.evaluator for e in status.evaluators if e.submitted]
if allows(me, Action.REOPEN_SUBMISSION) and submitted:
    st.subheader("Reopen a submission")
    who = st.selectbox("Evaluator", submitted, key=f"team_reopen_who:{key}")
    reason_key = f"team_reopen_reason:{key}"
    why = st.text_input("Reason for reopening (kept in the audit trail)", key=reason_key)
    if st.button("Reopen submission"):
        attempt(lambda: reopen_submission(state.uow(), me, key, who, why),
                f"{who}'s scores are open for changes again.", clear=(reason_key,))

if (allows(me, Action.UNLOCK_SCORES) and status.unlock is None and status.mode is ScoringMode.TEAM
        and not status.all_submitted):
    st.subheader("Unlock blind scores")
    st.caption("Shows every evaluator's scores to analysts before all have submitted. Use it "
               "only when waiting is not possible; evaluators still scoring stay blind.")
    reason_key = f"team_unlock_reason:{key}"
    why = st.text_input("Reason for unlocking (kept in the audit trail)", key=reason_key)
    if st.button("Unlock scores"):
        attempt(lambda: unlock_scores(state.uow(), me, key, why), "Scores unlocked.",
                clear=(reason_key,))

if allows(me, Action.EDIT_PROJECT):
    with st.expander("Change the project's weights"):
        profile_id = st.selectbox("Profile", profile_ids, key=f"team_profile:{key}",
                                  format_func=name_of,
                                  index=profile_ids.index(status.profile_id)
                                  if status.profile_id in profile_ids else 0)
        version = None
        if status.freeze is not None:
            with state.stop_on_error():
                numbers = [v["version"] for v in list_versions(state.uow(), me, profile_id)]
            version = st.selectbox("Version", numbers, index=len(numbers) - 1,
                                   format_func=lambda n: f"version {n}",
                                   key=f"team_profile_version:{key}:{profile_id}")
        change_reason_key = f"team_profile_reason:{key}"
        why = st.text_input("Reason for the change (required once weights are frozen or "
                            "evidence exists; shown in the report)", key=change_reason_key)
        if st.button("Change weights"):
            try:
                change_project_profile(state.uow(), me, key, profile_id, version, why,
                                       base_version=status.project_version)
            except StaleWriteError as exc:
                state.show_error(exc)  # the fields keep the user's choice; reload to retry
            except VendorEvalError as exc:
                state.show_error(exc)
            else:
                state.flash(PAGE, "success", f"The project now ranks with {name_of(profile_id)}"
                                             + (f", version {version}." if version else "."))
                st.session_state[CLEAR_KEY] = (change_reason_key,)
                st.rerun()

# --- people and roles (admins) ------------------------------------------------------------
st.subheader("People")
st.dataframe(team_views.people_rows(people), hide_index=True)
if allows(me, Action.MANAGE_PEOPLE):
    roles = [r.value for r in Role]
    add, change = st.columns(2, gap="large")
    with add, st.form("team_add_person"):
        st.markdown("**Add a person**")
        name = st.text_input("Name")
        email = st.text_input("E-mail (what they log in with in team mode)")
        role = st.selectbox("Role", roles, index=roles.index(Role.EVALUATOR.value),
                            format_func=label)
        if st.form_submit_button("Add person"):
            attempt(lambda: add_person(state.uow(), me, name, role, email or None),
                    f"Added {name.strip()} as {role}.")
    with change:
        st.markdown("**Change a role or e-mail**")
        names = [p.name for p in people]
        if names:
            who = st.selectbox("Person", names, key="team_person")
            person = next(p for p in people if p.name == who)
            # The version is taken when the person is picked, so a concurrent change by
            # another admin is refused with their name instead of being overwritten.
            base_key = f"team_person_base:{who}"
            st.session_state.setdefault(base_key, person.version)
            with st.form(f"team_change_person:{who}"):
                new_role = st.selectbox("Role", roles, index=roles.index(person.role.value),
                                        format_func=label)
                new_email = st.text_input("E-mail", value=person.email or "")
                if st.form_submit_button("Save person"):
                    try:
                        update_person(state.uow(), me, who, new_role, new_email or None,
                                      base_version=st.session_state[base_key])
                    except StaleWriteError as exc:
                        state.show_error(exc)
                        st.session_state[base_key] = person.version
                    except VendorEvalError as exc:
                        state.show_error(exc)
                    else:
                        del st.session_state[base_key]
                        state.flash(PAGE, "success", f"Saved {who}.")
                        st.rerun()
