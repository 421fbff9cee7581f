"""Ranking a project: load its evidence and profile as the actor may see them, run the engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.people import Actor
from vendor_eval.domain.profiles import Profile
from vendor_eval.domain.team import Visibility
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.result import RankResult
from vendor_eval.errors import InputError, PermissionDeniedError
from vendor_eval.services.kernel.catalogue import get_catalogue, get_checklist
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.kernel.visibility import project_visibility
from vendor_eval.store import repository
from vendor_eval.store.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from vendor_eval.engine.topsis import MethodComparison


def load_evaluation(uow: UnitOfWork, actor: Actor, project_key: str,
                    profile_id: str | None = None, version: int | None = None) -> EvaluationInputs:
    """The project's evidence with its own profile, or with another profile for comparison.

    Blind scoring and the two-envelope rule apply here, so every page and command that
    starts from these inputs obeys them: while the actor may not see everyone's scores, the
    inputs hold only the actor's own scores and no consensus; while prices are sealed for
    them, no prices. `inputs.visibility` says what was withheld and why.
    """
    require(actor, Action.READ)
    catalogue = get_catalogue()
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        profile: Profile | None = None
        if profile_id is not None or version is not None:
            profile = repository.load_profile(session, profile_id or project.profile_id,
                                              catalogue, version)
        inputs = repository.load_inputs(session, project_key, catalogue, get_checklist(),
                                        profile)
        return blinded(inputs, actor, project_visibility(session, actor, project))


def blinded(inputs: EvaluationInputs, actor: Actor, seen: Visibility) -> EvaluationInputs:
    """The inputs as `seen` allows: own scores only while blind, no prices while sealed."""
    update: dict[str, object] = {"visibility": seen}
    if not seen.all_scores:
        update["scores"] = tuple(s for s in inputs.scores if s.evaluator == actor.name)
        update["consensus"] = ()
    if not seen.prices:
        update["prices"] = ()
    return inputs.model_copy(update=update)


def require_open_ranking(inputs: EvaluationInputs) -> None:
    """Refuse to rank or report on blinded inputs: a ranking from part of the scores or without
    prices misleads, and a ranking of the full evidence would break blind scoring or the seal.

    So an evaluator opens the ranking only after they have submitted and every assigned
    evaluator has too (or an analyst has unlocked the scores).
    """
    if inputs.scores_blind or inputs.prices_sealed:
        notes = " ".join(inputs.visibility.notes) if inputs.visibility else ""
        raise PermissionDeniedError(
            f"the ranking of '{inputs.project.key}' is not open to you yet. {notes}".strip())


def rank_project(uow: UnitOfWork, actor: Actor, project_key: str,
                 profile_id: str | None = None, version: int | None = None) -> RankResult:
    inputs = load_evaluation(uow, actor, project_key, profile_id, version)
    require_open_ranking(inputs)
    return evaluate(inputs)


def rank_what_if(inputs: EvaluationInputs,
                 category_weights: dict[str, float] | None = None) -> RankResult:
    """The ranking under what-if category weights: computed for the user, never saved.

    Raises `InputError` when the weights are not acceptable (they must sum to 100 or to 1),
    and `PermissionDeniedError` for inputs blinded for the actor (see `require_open_ranking`):
    so the Overview and Rank pages stay closed to an evaluator until scoring has opened.
    """
    require_open_ranking(inputs)
    if category_weights is not None:
        inputs = inputs.with_profile(inputs.profile.with_category_weights(category_weights))
    return evaluate(inputs)


def rank_project_topsis(uow: UnitOfWork, actor: Actor, key: str,
                        profile_id: str | None = None,
                        version: int | None = None) -> MethodComparison:
    """Rank a project by TOPSIS on the same evidence and weights, beside its weighted sum."""
    from vendor_eval.engine.topsis import compare_with_topsis

    ranking = rank_project(uow, actor, key, profile_id, version)
    if ranking.table.empty:
        raise InputError(f"project '{key}' has no vendors yet: add them on the Vendors page or "
                         f"with `vendor-eval import {key} vendors VENDORS.csv`, then rank again")
    return compare_with_topsis(ranking)
