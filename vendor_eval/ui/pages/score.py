"""Score page: one evaluator's rubric scores for every vendor, edited in a grid, saved together."""

from __future__ import annotations

import streamlit as st

from vendor_eval.errors import VendorEvalError
from vendor_eval.services.people import list_evaluators
from vendor_eval.services.ranking import load_evaluation
from vendor_eval.services.scoring import evaluator_grid, save_scores
from vendor_eval.ui import grid, state

PAGE = "score"

st.title("Score")
key = state.require_project()
with state.stop_on_error():
    inputs = load_evaluation(state.uow(), state.actor(), key)
    evaluators = list_evaluators(state.uow(), state.actor())
if not evaluators:
    st.info("There are no evaluators yet: import a project with its evaluators, or add people "
            "with the evaluator role.")
    st.stop()

evaluator = st.selectbox("Evaluator", evaluators, key=f"score_evaluator:{key}")
st.caption("These are the chosen evaluator's own scores (0-5 on the rubric; empty = not scored). "
           "The ranking uses the mean of all evaluators.")

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
            evaluator_grid(state.uow(), state.actor(), key, evaluator))
cells = st.session_state[base_key]

vendors = inputs.vendor_names
criteria = grid.scored_criteria(inputs.profile, inputs.catalogue)
names = {c.id: c.name for c in criteria}
base = grid.score_grid(cells, criteria, vendors, inputs.catalogue.category_names)

state.show_flash(PAGE)
table, side = st.columns([4, 1], gap="medium")
with table:
    edited = st.data_editor(
        base,
        key=editor_key,
        hide_index=True,
        height=grid.editor_height(len(criteria)),
        disabled=[grid.CATEGORY, grid.CRITERION],
        column_config={
            grid.CATEGORY: st.column_config.TextColumn(grid.CATEGORY, width="small"),
            grid.CRITERION: st.column_config.TextColumn(grid.CRITERION, pinned=True),
            **{vendor: st.column_config.NumberColumn(vendor, help=vendor, width="medium",
                                                     min_value=0, max_value=5, step=0.5)
               for vendor in vendors},
        },
    )
with side:
    criterion_id = st.selectbox("Rubric of", list(names), format_func=names.__getitem__,
                                key=f"score_rubric:{key}")
    criterion = inputs.catalogue.by_id[criterion_id]
    st.caption(criterion.description)
    st.markdown("\n".join(f"- **{level}**: {anchor}"
                          for level, anchor in sorted((criterion.rubric or {}).items())))
    vendor = st.selectbox("Comment on vendor", vendors, key=f"score_comment_vendor:{key}")
    comment = st.text_area(
        f"Comment on {vendor} / {criterion.name}",
        value=str(cells.get((vendor, criterion_id), {}).get("comment") or ""),
        key=f"score_comment:{key}:{evaluator}:{generation}:{vendor}:{criterion_id}",
    )

save, discard = st.columns([1, 4])
if save.button("Save scores", type="primary"):
    try:
        edits = grid.score_edits(cells, base, edited, vendors, (vendor, criterion_id, comment))
        count = save_scores(state.uow(), state.actor(), key, evaluator, edits)
    except VendorEvalError as exc:
        state.show_error(exc)  # the grid keeps the user's edits: its state is left alone
    else:
        del st.session_state[base_key]
        st.session_state[generation_key] = generation + 1
        state.flash(PAGE, "success", f"Saved {count} change{'' if count == 1 else 's'}.")
        st.rerun()
if discard.button("Discard edits and reload"):
    del st.session_state[base_key]
    st.session_state[generation_key] = generation + 1
    st.rerun()
