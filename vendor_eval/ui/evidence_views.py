"""The header every page that recommends opens with: interim or final, who has submitted, the
share of expected scores, and the required checks a reviewer checked vs those only declared."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.engine.evidence_state import EvidenceState, evidence_state
from vendor_eval.engine.result import RankResult
from vendor_eval.services.scoring.team import scoring_status
from vendor_eval.ui import state


def page_evidence_state(inputs: EvaluationInputs, result: RankResult) -> EvidenceState:
    """The evidence's state for the acting user, with the team's record of submissions."""
    with state.stop_on_error():
        status = scoring_status(state.uow(), state.actor(), inputs.project.key)
    checklist = result.checklist
    return evidence_state(
        inputs, checklist.rows if checklist is not None else pd.DataFrame(),
        assigned=[e.evaluator for e in status.evaluators],
        submitted=[e.evaluator for e in status.evaluators if e.submitted],
        unlocked=status.unlock is not None)


def evidence_header(inputs: EvaluationInputs, result: RankResult) -> EvidenceState:
    """Show the headline and the counts; a final state reads as success, an interim one warns."""
    evidence = page_evidence_state(inputs, result)
    text = f"**{evidence.headline()}**\n\n" + "\n".join(f"- {line}" for line in evidence.lines())
    if evidence.final:
        st.success(text, icon=":material/task_alt:")
    else:
        st.warning(text, icon=":material/pending:")
    return evidence

