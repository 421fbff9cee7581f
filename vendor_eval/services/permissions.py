"""Which role may do what; enforced here, in the services, whatever the UI shows."""

from __future__ import annotations

from enum import StrEnum

from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import Actor
from vendor_eval.errors import PermissionDeniedError


class Action(StrEnum):
    READ = "read"
    EXPORT = "export"
    SCORE = "score"
    EDIT_PROFILE = "edit_profile"
    EDIT_PROJECT = "edit_project"
    ADMINISTER = "administer"


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.ANALYST: frozenset({Action.READ, Action.EXPORT, Action.SCORE, Action.EDIT_PROFILE,
                             Action.EDIT_PROJECT}),
    Role.EVALUATOR: frozenset({Action.READ, Action.EXPORT, Action.SCORE}),
    Role.VIEWER: frozenset({Action.READ, Action.EXPORT}),
}


def require(actor: Actor, action: Action) -> None:
    if action not in ALLOWED[actor.role]:
        raise PermissionDeniedError(
            f"{actor.name} ({actor.role.value}) may not {action.value.replace('_', ' ')}"
        )
