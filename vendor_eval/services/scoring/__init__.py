"""Evaluators' scoring: the grid, the team (assignments, conflicts, submissions, unlocks),
consensus, and the frozen weights scoring runs under."""

from vendor_eval.services import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "assign_evaluators": "team",
    "change_project_profile": "frozen_weights",
    "clear_consensus_score": "consensus",
    "declare_conflict": "team",
    "evaluator_grid": "scores",
    "freeze_profile": "frozen_weights",
    "list_conflicts": "team",
    "list_profile_changes": "frozen_weights",
    "project_consensus": "consensus",
    "reopen_submission": "team",
    "save_scores": "scores",
    "scoring_status": "team",
    "set_consensus_score": "consensus",
    "start_scoring_alone": "team",
    "submit_scores": "team",
    "unassign_evaluator": "team",
    "unlock_scores": "team",
})
