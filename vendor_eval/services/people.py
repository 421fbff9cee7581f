"""People who take part in evaluations, for pickers in the app and checks in services."""

from __future__ import annotations

from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import Actor
from vendor_eval.services.permissions import Action, require
from vendor_eval.store import repository
from vendor_eval.store.unit_of_work import UnitOfWork


def list_evaluators(uow: UnitOfWork, actor: Actor) -> list[str]:
    """Everyone who may hold scores: people with the evaluator role, then analysts and admins."""
    require(actor, Action.READ)
    with uow:
        people = repository.list_people(uow.session)
    order = {Role.EVALUATOR: 0, Role.ANALYST: 1, Role.ADMIN: 2}
    scorers = [p for p in people if p.role in order]
    return [p.name for p in sorted(scorers, key=lambda p: (order[p.role], p.name))]
