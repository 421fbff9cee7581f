"""Which role may do what; enforced here, in the services, whatever the UI shows.

Role capabilities are static (ALLOWED). Rules that depend on the state of a project, such as
blind scoring and sealed prices, are decided by `vendor_eval.domain.team.visibility` and the
team services on top of these.
"""

from __future__ import annotations

from enum import StrEnum

from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import Actor
from vendor_eval.errors import PermissionDeniedError


class Action(StrEnum):
    READ = "read"
    EXPORT = "export"
    SCORE = "score"  # enter one's own rubric scores
    SUBMIT_SCORES = "submit_scores"  # hand in one's scores, which locks them
    DECLARE_CONFLICT = "declare_conflict"  # one's own conflict-of-interest declaration
    SEE_PRICES = "see_prices"  # evaluators see them only after submitting (two envelopes)
    EDIT_PROFILE = "edit_profile"
    EDIT_PROJECT = "edit_project"
    ASSIGN_EVALUATORS = "assign_evaluators"
    FREEZE_WEIGHTS = "freeze_weights"
    UNLOCK_SCORES = "unlock_scores"  # see scores before every evaluator has submitted
    REOPEN_SUBMISSION = "reopen_submission"
    SET_CONSENSUS = "set_consensus"
    SEE_CALIBRATION = "see_calibration"  # evaluators' leniency and consistency
    ACT_FOR_OTHERS = "act_for_others"  # enter scores or declarations on someone's behalf
    MANAGE_PEOPLE = "manage_people"
    ADMINISTER = "administer"


_EVALUATOR = frozenset({Action.READ, Action.EXPORT, Action.SCORE, Action.SUBMIT_SCORES,
                        Action.DECLARE_CONFLICT})
_ANALYST = _EVALUATOR | {Action.SEE_PRICES, Action.EDIT_PROFILE, Action.EDIT_PROJECT,
                         Action.ASSIGN_EVALUATORS, Action.FREEZE_WEIGHTS, Action.UNLOCK_SCORES,
                         Action.REOPEN_SUBMISSION, Action.SET_CONSENSUS,
                         Action.SEE_CALIBRATION, Action.ACT_FOR_OTHERS}

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.ANALYST: frozenset(_ANALYST),
    Role.EVALUATOR: _EVALUATOR,
    Role.VIEWER: frozenset({Action.READ, Action.EXPORT, Action.SEE_PRICES}),
}


def allows(actor: Actor, action: Action) -> bool:
    return action in ALLOWED[actor.role]


def require(actor: Actor, action: Action) -> None:
    if not allows(actor, action):
        raise PermissionDeniedError(
            f"{actor.name} ({actor.role.value}) may not {action.value.replace('_', ' ')}"
        )
