"""Ranking a project: load its evidence and profile, run the engine."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.people import Actor
from vendor_eval.domain.profiles import Profile
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.result import RankResult
from vendor_eval.services.catalogue import get_catalogue, get_checklist
from vendor_eval.services.permissions import Action, require
from vendor_eval.store import repository
from vendor_eval.store.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from vendor_eval.engine.topsis import MethodComparison


def load_evaluation(uow: UnitOfWork, actor: Actor, project_key: str,
                    profile_id: str | None = None, version: int | None = None) -> EvaluationInputs:
    """The project's evidence with its own profile, or with another profile for comparison."""
    require(actor, Action.READ)
    catalogue = get_catalogue()
    with uow:
        profile: Profile | None = None
        if profile_id is not None or version is not None:
            project = repository.project_row(uow.session, project_key)
            profile = repository.load_profile(uow.session, profile_id or project.profile_id,
                                              catalogue, version)
        return repository.load_inputs(uow.session, project_key, catalogue, get_checklist(),
                                      profile)


def rank_project(uow: UnitOfWork, actor: Actor, project_key: str,
                 profile_id: str | None = None, version: int | None = None) -> RankResult:
    return evaluate(load_evaluation(uow, actor, project_key, profile_id, version))


def rank_what_if(inputs: EvaluationInputs,
                 category_weights: dict[str, float] | None = None) -> RankResult:
    """The ranking under what-if category weights: computed for the user, never saved.

    Raises `InputError` when the weights are not acceptable (they must sum to 100 or to 1).
    """
    if category_weights is not None:
        inputs = inputs.with_profile(inputs.profile.with_category_weights(category_weights))
    return evaluate(inputs)


def compare_methods(result: RankResult) -> MethodComparison:
    """The same evidence ranked by TOPSIS, with Kendall's tau against the weighted sum."""
    from vendor_eval.engine.topsis import compare_with_topsis

    return compare_with_topsis(result)
