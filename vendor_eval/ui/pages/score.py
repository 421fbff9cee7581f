"""Score page: declare conflicts of interest, score vendors blind in a grid, submit (which locks)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from vendor_eval.domain.presentation import format_timestamp
from vendor_eval.domain.team import SCORING_ROLES, ScoringStatus
from vendor_eval.errors import VendorEvalError
from vendor_eval.services.kernel.permissions import Action, allows
from vendor_eval.services.rfp.answers import answers_for
from vendor_eval.services.scoring.scores import evaluator_grid, save_scores
from vendor_eval.services.scoring.team import (
    declare_conflict,
    scoring_status,
    start_scoring_alone,
    submit_scores,
)
from vendor_eval.ui import cache, grid, guidance, state, team_views
from vendor_eval.ui.frames import escape_markdown

PAGE = "score"
NO_CONFLICT, CONFLICT = "I have no conflict of interest", "I have a conflict to declare"

st.title("Score")
key = state.require_project()
me = state.actor()
with state.stop_on_error():
    status: ScoringStatus = scoring_status(state.uow(), me, key)
    inputs = cache.evaluation(state.uow(), me, key)
state.show_flash(PAGE)

if not inputs.vendors:
    guidance.stop(guidance.no_vendors("the score grid appears here"))
# Nobody assigned yet: whoever may score starts alone here (solo mode); a team is formed on the
# Team page, and its rules start with the second evaluator.
starting_alone = not status.evaluators and allows(me, Action.SCORE) and me.role in SCORING_ROLES
if not status.evaluators and not starting_alone:
    guidance.stop(guidance.NO_EVALUATORS)
st.info(team_views.mode_text(status, me), icon=":material/groups:")
choices = [me.name] if starting_alone else team_views.score_sheets_for(me, status)
if not choices:
    if allows(me, Action.ACT_FOR_OTHERS) and allows(me, Action.UNLOCK_SCORES):
        # Someone who may score for others only reaches their sheets once the blind is lifted.
        guidance.stop(team_views.unlock_to_act_for_others(status),
                      icon=":material/visibility_off:")
    st.info("You are not assigned to score this project. " + " ".join(status.visibility.notes))
    st.stop()

evaluator = st.selectbox("Evaluator", choices, key=f"score_evaluator:{key}",
                         disabled=len(choices) == 1)
sheet = status.of(evaluator)  # None for someone about to start alone
declaration = None if sheet is None else sheet.declaration
own = evaluator == me.name
may_write = allows(me, Action.SCORE) and (own or allows(me, Action.ACT_FOR_OTHERS))

for note in status.visibility.notes if own else ():
    st.info(note, icon=":material/visibility_off:")
if not status.open_for_scoring:
    st.warning("Scoring has not opened: with more than one evaluator the project's weights are "
               "frozen first. An analyst freezes them on the Team page, so nobody scores "
               "against weights that may still move.", icon=":material/lock_clock:")

# --- conflict of interest: declared before the first score --------------------------------
if declaration is None and not may_write:
    st.info(f"{evaluator} has not declared any conflict of interest yet, so has not scored.")
    st.stop()
if declaration is None:
    st.subheader("Conflict of interest")
    st.write(f"Before {'you score' if own else evaluator + ' scores'}, declare any relationship "
             "with a vendor in this project (employment, shares, family, recent work), or that "
             "there is none. The declaration is recorded and shown in the report.")
    with st.form(f"score_conflict:{key}:{evaluator}"):
        answer = st.radio("Declaration", [NO_CONFLICT, CONFLICT], index=None,
                          key=f"score_conflict_answer:{key}:{evaluator}")
        details = st.text_area("Details of the conflict (who, which vendor, what relationship)",
                               key=f"score_conflict_details:{key}:{evaluator}")
        declared = st.form_submit_button("Declare", type="primary")
    if declared:
        if answer is None:
            st.error("Choose one of the two declarations.")
        else:
            declare = start_scoring_alone if starting_alone else partial(declare_conflict,
                                                                         evaluator=evaluator)
            try:
                declare(state.uow(), me, key, has_conflict=answer == CONFLICT,
                        details=details if answer == CONFLICT else "")
            except VendorEvalError as exc:
                state.show_error(exc)  # the form keeps what was typed
            else:
                state.flash(PAGE, "success", "Declaration recorded.")
                st.rerun()
    st.stop()

st.caption(team_views.declaration_text(declaration))
if sheet.submitted:
    st.success(f"{'You' if own else evaluator} submitted these scores on "
               f"{format_timestamp(sheet.submission.submitted_at)}. They are locked; an "
               "analyst can reopen them on the Team page.", icon=":material/lock:")

vendors = inputs.vendor_names
criteria = grid.scored_criteria(inputs.profile, inputs.catalogue)
names = {c.id: c.name for c in criteria}
editable = status.open_for_scoring and not sheet.submitted and may_write

# While the user has unsaved grid edits, the grid stays on the snapshot they started from:
# its versions are what make a concurrent change by someone else detectable. Without pending
# edits it is read afresh, so it never shows stale scores.
base_key = f"score_base:{key}:{evaluator}"
generation_key = f"score_generation:{key}:{evaluator}"
generation = st.session_state.get(generation_key, 0)
editor_key = f"score_grid:{key}:{evaluator}:{generation}"
if base_key not in st.session_state or not grid.has_edits(st.session_state.get(editor_key)):
    with state.stop_on_error():
        st.session_state[base_key] = grid.cells_by_key(
            evaluator_grid(state.uow(), me, key, evaluator))
cells = st.session_state[base_key]
base = grid.score_grid(cells, criteria, vendors, inputs.catalogue.category_names)

st.caption("0-5 on the rubric; empty = not scored. The ranking uses the team's consensus score "
           "where one was set, otherwise the mean of all evaluators. Hover a vendor's column "
           "header for its full name.")
# The rubric sits in the sidebar, in view beside the grid however far it scrolls, while the
# grid keeps the page's width for the vendors; it follows the criterion picked there
# (Streamlit's grid does not report the selected cell).
with st.sidebar:
    st.subheader("Rubric", anchor=False)
    criterion_id = st.selectbox("Rubric of", list(names), format_func=names.__getitem__,
                                key=f"score_rubric:{key}")
    criterion = inputs.catalogue.by_id[criterion_id]
    st.caption(criterion.description)
    st.markdown("\n".join(f"- **{level}**: {anchor}"
                          for level, anchor in sorted((criterion.rubric or {}).items())))
edited = st.data_editor(
    base,
    key=editor_key,
    hide_index=True,
    height=grid.editor_height(len(criteria)),
    disabled=True if not editable else [grid.CATEGORY, grid.CRITERION],
    column_config=grid.column_config(vendors, names.values()),
    placeholder="",  # an empty cell is one not scored yet
)
wrong = grid.out_of_range(edited, vendors, names) if editable else []
if wrong:  # beside the grid at once, before anyone presses Save
    st.error(grid.out_of_range_message(wrong))
actions = st.container()  # the save and submit buttons, filled in below, sit under the grid

# The comment box belongs to the cell picked here (the vendor below and the criterion of the
# rubric), not to the cell last edited in the grid: its label and caption say which.
st.subheader("RFP answers and comment", anchor=False)
comment_column, _ = st.columns([3, 2], gap="large")
with comment_column:
    vendor = st.selectbox("Vendor", vendors, key=f"score_comment_vendor:{key}")
    with state.stop_on_error():
        evidence = answers_for(state.uow(), state.actor(), key, vendor).get(criterion_id, [])
    with st.expander(team_views.answers_heading(vendor, len(evidence))):
        if not evidence:
            st.caption("No RFP answers imported for this vendor and criterion yet.")
        for answer in evidence:
            st.markdown(f"**{escape_markdown(answer.question)}**  \n"
                        f"{escape_markdown(answer.display)}"
                        + (f"  \n*{escape_markdown(answer.comment)}*" if answer.comment else ""))
    comment = st.text_area(
        f"Comment on {vendor} — {criterion.name}",
        value=str(cells.get((vendor, criterion_id), {}).get("comment") or ""),
        key=f"score_comment:{key}:{evaluator}:{generation}:{vendor}:{criterion_id}",
        disabled=not editable,
    )
    if editable:
        st.caption(f"For the cell of {escape_markdown(vendor)} and {criterion.name} (the "
                   "criterion under Rubric of); saved with that cell's score when you press "
                   "Save scores.")

if not editable:
    st.stop()

with actions:  # messages of a save or submit appear under the buttons too
    save, submit, discard = st.columns([1, 1, 3])
    if save.button("Save scores", type="primary"):
        if wrong:  # refused whole; the typed values stay in the grid to be corrected
            st.error(grid.out_of_range_message(wrong))
            st.stop()
        try:
            edits = grid.score_edits(cells, base, edited, vendors, (vendor, criterion_id, comment))
            count = save_scores(state.uow(), me, key, evaluator, edits)
        except VendorEvalError as exc:
            state.show_error(exc)  # the grid keeps the user's edits: its state is left alone
        else:
            del st.session_state[base_key]
            st.session_state[generation_key] = generation + 1
            state.flash(PAGE, "success", f"Saved {count} change{'' if count == 1 else 's'}.")
            st.rerun()
    if submit.button("Submit scores", help="Hand in these scores: they are locked from then on "
                     "(an analyst can reopen them), and the prices open to you."):
        if grid.has_edits(st.session_state.get(editor_key)):
            st.error("You have unsaved edits: save or discard them before you submit.")
        else:
            try:
                submit_scores(state.uow(), me, key, evaluator)
            except VendorEvalError as exc:
                state.show_error(exc)
            else:
                st.session_state.pop(base_key, None)
                state.flash(PAGE, "success", "Scores submitted and locked.")
                st.rerun()
    if discard.button("Discard edits and reload"):
        del st.session_state[base_key]
        st.session_state[generation_key] = generation + 1
        st.rerun()
