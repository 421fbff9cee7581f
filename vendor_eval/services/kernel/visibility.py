"""What an actor may see of a project while scoring is blind and prices are sealed: the one
rule every read of scores and prices goes through (ranking, the grid, consensus, reports)."""

from __future__ import annotations

from sqlmodel import Session

from vendor_eval.domain.people import Actor
from vendor_eval.domain.team import Visibility, visibility
from vendor_eval.services.kernel.permissions import Action, allows
from vendor_eval.store import repository
from vendor_eval.store.tables import ProjectRow


def project_visibility(session: Session, actor: Actor, project: ProjectRow) -> Visibility:
    """What `actor` may see of this project's scores and prices now (blind scoring, two envelopes)."""
    assigned = repository.assigned_people(session, project.id)
    submitted = repository.submission_rows(session, project.id)
    return visibility(
        actor,
        assigned=frozenset(p.name for p in assigned),
        submitted=frozenset(p.name for p in assigned if p.id in submitted),
        unlocked=project.unlocked_at is not None,
        role_sees_prices=allows(actor, Action.SEE_PRICES),
    )
