"""Consensus page: where evaluators disagree, how far they agree overall, the scores the team
settles on (with a rationale), and each evaluator's calibration."""

from __future__ import annotations

import math

import streamlit as st

from vendor_eval.domain.presentation import BLANK, format_mean
from vendor_eval.errors import StaleWriteError, VendorEvalError
from vendor_eval.services.kernel.permissions import Action, allows
from vendor_eval.services.scoring.consensus import project_consensus, set_consensus_score
from vendor_eval.services.scoring.team import scoring_status
from vendor_eval.ui import cache, guidance, state, team_views

PAGE = "consensus"

st.title("Consensus")
key = state.require_project()
me = state.actor()


def stop_without_vendors() -> None:
    with state.stop_on_error():
        vendors = cache.evaluation(state.uow(), me, key).vendors
    if not vendors:
        guidance.stop(guidance.no_vendors("evaluators' scores are compared here"))


with state.stop_on_error():
    status = scoring_status(state.uow(), me, key)
if not status.evaluators:
    stop_without_vendors()
    guidance.stop(guidance.NO_EVALUATORS)
if not status.visibility.all_scores:  # blind scoring: a state to wait out, not an error
    st.info(" ".join(("The consensus is not open to you yet.", *status.visibility.notes)),
            icon=":material/visibility_off:")
    st.stop()
with state.stop_on_error():
    view = project_consensus(state.uow(), me, key)
state.show_flash(PAGE)

report = view.report
if view.scores.empty:
    stop_without_vendors()
    guidance.stop(guidance.NO_SCORES_TO_COMPARE)

alpha, discuss, agreed = st.columns(3)
alpha.metric("Agreement (Krippendorff's alpha, ordinal)", team_views.alpha_text(report.alpha),
             help="1 = perfect agreement, 0 = no better than chance. Above 0.8 is reliable, "
                  "0.667-0.8 allows tentative conclusions (Krippendorff 2011).")
discuss.metric("Cells to discuss", len(report.to_discuss),
               help=f"Evaluators' scores lie {report.threshold:g} points or more apart.")
agreed.metric("Consensus scores set", len(view.consensus))

st.subheader("To discuss")
if report.to_discuss.empty:
    st.caption(f"No cell has a spread of {report.threshold:g} points or more.")
else:
    st.caption(f"Scores {report.threshold:g} or more points apart: talk these through rather "
               "than let the mean paper over them, then record what the team agrees.")
    evaluators = sorted(str(e) for e in view.scores["evaluator"].unique())
    st.dataframe(team_views.discussion_rows(report.to_discuss, view.scores, view.criterion_names),
                 hide_index=True, placeholder=BLANK,
                 column_config=team_views.discussion_column_config(evaluators))

if allows(me, Action.SET_CONSENSUS):
    st.subheader("Set a consensus score")
    cells = report.cells
    options = list(zip(report.to_discuss["vendor"], report.to_discuss["criterion_id"]))
    options += [c for c in zip(cells["vendor"], cells["criterion_id"]) if c not in options]
    cell = st.selectbox("Cell", options, key=f"consensus_cell:{key}",
                        format_func=lambda c: f"{c[0]} / {view.criterion_names.get(c[1], c[1])}")
    row = cells[(cells["vendor"] == cell[0]) & (cells["criterion_id"] == cell[1])].iloc[0]
    current = None if math.isnan(row["consensus"]) else float(row["consensus"])
    st.caption(f"Evaluators: mean {format_mean(row['mean'])}, median "
               f"{team_views.format_rubric(row['median'])}, spread "
               f"{team_views.format_rubric(row['spread'])}."
               + (f" Current consensus: {team_views.format_rubric(current)}."
                  if current is not None else ""))
    # The version the analyst starts from is taken when the cell is chosen and kept while
    # they type, so a consensus someone else saves meanwhile is detected, not overwritten.
    base_key = f"consensus_base:{key}:{cell[0]}:{cell[1]}"
    st.session_state.setdefault(base_key, view.versions.get(cell, 0))
    # Widget values live under keys of their own, so a consensus saved by someone else (which
    # changes the suggested value) never resets what the analyst typed.
    score_key = f"consensus_score:{key}:{cell[0]}:{cell[1]}"
    rationale_key = f"consensus_rationale:{key}:{cell[0]}:{cell[1]}"
    st.session_state.setdefault(score_key, current if current is not None else float(row["median"]))
    with st.form(f"consensus_form:{key}:{cell[0]}:{cell[1]}"):
        score = st.number_input("Consensus score (0-5)", min_value=0.0, max_value=5.0, step=0.5,
                                format="%.1f", key=score_key)
        rationale = st.text_area("Rationale (kept with the score and in the audit trail)",
                                 key=rationale_key)
        saved = st.form_submit_button("Save consensus score", type="primary")
    if saved:
        try:
            set_consensus_score(state.uow(), me, key, cell[0], cell[1], score, rationale,
                                base_version=st.session_state[base_key])
        except StaleWriteError as exc:
            # The form keeps the analyst's score and rationale; the page above already shows
            # the other save, so a second click saves over it knowingly.
            state.show_error(exc)
            st.session_state[base_key] = view.versions.get(cell, 0)
        except VendorEvalError as exc:
            state.show_error(exc)  # the form keeps the score and rationale for a retry
        else:
            for stale in (base_key, score_key, rationale_key):
                st.session_state.pop(stale, None)
            state.flash(PAGE, "success", f"Consensus for {cell[0]} / "
                                         f"{view.criterion_names.get(cell[1], cell[1])} saved.")
            st.rerun()

st.subheader("All cells")
st.dataframe(team_views.spread_rows(report.cells, view.criterion_names), hide_index=True,
             placeholder=BLANK, column_config=team_views.spread_column_config())

st.subheader("Agreement per criterion")
st.caption("Ordinal Krippendorff's alpha with vendors as units: a low value points at a rubric "
           "whose levels evaluators read differently.")
st.dataframe(team_views.alpha_rows(report.alpha_by_criterion, view.criterion_names),
             hide_index=True, column_config=team_views.alpha_column_config())

if view.calibration_visible and not report.calibration.empty:
    st.subheader("Evaluator calibration")
    st.caption("Leniency: an evaluator's mean score minus the team's (the consensus where set, "
               "else the other evaluators' mean); positive is generous, negative harsh. Mean "
               "absolute deviation and correlation show how consistently they follow the team.")
    st.plotly_chart(team_views.calibration_chart(report.calibration), key="calibration_chart")
    st.dataframe(team_views.calibration_rows(report.calibration), hide_index=True,
                 placeholder=BLANK, column_config=team_views.calibration_column_config())
