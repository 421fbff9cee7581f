"""The permission matrix: every role tries every action through the real services.

Each action has one scenario: a service call in a small world where the only thing that can
stop it is the acting person's role. Allowed means the call goes through; denied means
PermissionDeniedError (or, for prices, that they are withheld). The expected matrix is spelled
out here, independently of `services/kernel/permissions.py`, so a change to either shows up.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.errors import PermissionDeniedError
from vendor_eval.services.decision.profiles import get_profile, save_profile_version
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.decision.results import project_results
from vendor_eval.services.kernel.audit import list_events
from vendor_eval.services.kernel.permissions import ALLOWED, Action
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.scoring.consensus import project_consensus, set_consensus_score
from vendor_eval.services.scoring.frozen_weights import change_project_profile, freeze_profile
from vendor_eval.services.scoring.scores import ScoreEdit, save_scores
from vendor_eval.services.scoring.team import (
    assign_evaluators,
    declare_conflict,
    reopen_submission,
    submit_scores,
    unlock_scores,
)
from vendor_eval.services.workspace.people import add_person
from vendor_eval.store.unit_of_work import UnitOfWork

SUBJECT = "Sam"  # the person whose role is under test
REVIEW = "multi_stage_review"
SCORING_ROLES = {Role.ADMIN, Role.ANALYST, Role.EVALUATOR}

A, N, E, V = Role.ADMIN, Role.ANALYST, Role.EVALUATOR, Role.VIEWER
EXPECTED: dict[Action, set[Role]] = {
    Action.READ: {A, N, E, V},
    Action.EXPORT: {A, N, E, V},
    Action.SCORE: {A, N, E},
    Action.SUBMIT_SCORES: {A, N, E},
    Action.DECLARE_CONFLICT: {A, N, E},
    Action.SEE_PRICES: {A, N, V},  # evaluators: only once they have submitted (test_team.py)
    Action.EDIT_PROFILE: {A, N},
    Action.EDIT_PROJECT: {A, N},
    Action.ASSIGN_EVALUATORS: {A, N},
    Action.FREEZE_WEIGHTS: {A, N},
    Action.UNLOCK_SCORES: {A, N},
    Action.REOPEN_SUBMISSION: {A, N},
    Action.SET_CONSENSUS: {A, N},
    Action.SEE_CALIBRATION: {A, N},
    Action.ACT_FOR_OTHERS: {A, N},
    Action.MANAGE_PEOPLE: {A},
    Action.ADMINISTER: {A},
}


def project(key: str, role: Role, *, frozen: bool, subject_assigned: bool,
            subject_submitted: bool = False, ana_submitted: bool = False) -> ProjectBundle:
    """Vendors Alpha (with a price) and Beta; Ana scores; the subject joins where asked."""
    assigned = ["Ana"] + ([SUBJECT] if subject_assigned else [])
    scores = [{"vendor": "Alpha", "criterion_id": REVIEW, "evaluator": name, "score": 3}
              for name in assigned]
    submitted = (["Ana"] if ana_submitted else []) + ([SUBJECT] if subject_submitted else [])
    return ProjectBundle.model_validate({
        "project": {"key": key, "title": key, "profile_id": "balanced",
                    "scope": {"industry": "retail", "volume": 1000}},
        "vendors": [{"name": "Alpha", "delivery_model": "bpo"},
                    {"name": "Beta", "delivery_model": "bpo"}],
        "evaluators": [{"name": "Ana", "role": "evaluator"}, {"name": SUBJECT, "role": role}],
        "prices": [{"vendor": "Alpha", "model": "per_unit", "unit_price": 1.0}],
        "freeze": {"profile_id": "balanced", "version": 1} if frozen else None,
        "assignments": assigned if frozen else [],
        "conflicts": [{"evaluator": n, "has_conflict": False} for n in assigned] if frozen else [],
        "scores": scores if frozen else [],
        "submissions": [{"evaluator": n} for n in submitted],
    })


def world(uow: UnitOfWork, role: Role) -> None:
    """draft: nothing yet. scoring: frozen, Ana and the subject (if they can score) mid-way.
    open: Ana alone, submitted, so scores are open. done: both submitted."""
    scorer = role in SCORING_ROLES
    for bundle in (
        project("draft", role, frozen=False, subject_assigned=False),
        project("scoring", role, frozen=True, subject_assigned=scorer),
        project("open", role, frozen=True, subject_assigned=False, ana_submitted=True),
        project("done", role, frozen=True, subject_assigned=scorer, subject_submitted=scorer,
                ana_submitted=True),
    ):
        import_project_bundle(uow, LOCAL_ADMIN, bundle)


def _prices_visible(uow: UnitOfWork, me: Actor) -> None:
    if not load_evaluation(uow, me, "open").prices:
        raise PermissionDeniedError("prices withheld")


def _calibration_visible(uow: UnitOfWork, me: Actor) -> None:
    if not project_consensus(uow, me, "open").calibration_visible:
        raise PermissionDeniedError("calibration withheld")


def _new_profile_version(uow: UnitOfWork, me: Actor) -> None:
    body = get_profile(uow, me, "balanced").model_dump(mode="json")
    save_profile_version(uow, me, body, "matrix")


SCENARIOS: dict[Action, Callable[[UnitOfWork, Actor], object]] = {
    Action.READ: lambda uow, me: load_evaluation(uow, me, "open"),
    Action.EXPORT: lambda uow, me: project_results(uow, me, "done"),
    Action.SCORE: lambda uow, me: save_scores(uow, me, "scoring", me.name, [
        ScoreEdit(vendor="Beta", criterion_id=REVIEW, score=4)]),
    Action.SUBMIT_SCORES: lambda uow, me: submit_scores(uow, me, "scoring", me.name),
    Action.DECLARE_CONFLICT: lambda uow, me: declare_conflict(
        uow, me, "scoring", me.name, has_conflict=True, details="consulted for Beta in 2024"),
    Action.SEE_PRICES: _prices_visible,
    Action.EDIT_PROFILE: _new_profile_version,
    Action.EDIT_PROJECT: lambda uow, me: change_project_profile(uow, me, "draft", "cv_mega_volume"),
    Action.ASSIGN_EVALUATORS: lambda uow, me: assign_evaluators(uow, me, "draft", ["Ana"]),
    Action.FREEZE_WEIGHTS: lambda uow, me: freeze_profile(uow, me, "draft"),
    Action.UNLOCK_SCORES: lambda uow, me: unlock_scores(uow, me, "scoring", "deadline moved"),
    Action.REOPEN_SUBMISSION: lambda uow, me: reopen_submission(uow, me, "open", "Ana", "typo"),
    Action.SET_CONSENSUS: lambda uow, me: set_consensus_score(
        uow, me, "open", "Alpha", REVIEW, 3, "agreed in the panel"),
    Action.SEE_CALIBRATION: _calibration_visible,
    Action.ACT_FOR_OTHERS: lambda uow, me: declare_conflict(
        uow, me, "open", "Ana", has_conflict=False),
    Action.MANAGE_PEOPLE: lambda uow, me: add_person(uow, me, "Newcomer", "viewer"),
    Action.ADMINISTER: lambda uow, me: list_events(uow, me, limit=1),
}


def test_every_action_has_a_scenario_and_an_expectation():
    assert set(SCENARIOS) == set(Action) == set(EXPECTED)


def test_the_static_table_says_the_same_as_the_matrix():
    for action, roles in EXPECTED.items():
        assert {role for role in Role if action in ALLOWED[role]} == roles, action


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_permission_matrix(uow: UnitOfWork, role: Role, action: Action) -> None:
    world(uow, role)
    me = Actor(name=SUBJECT, role=role)
    if role in EXPECTED[action]:
        SCENARIOS[action](uow, me)
    else:
        with pytest.raises(PermissionDeniedError):
            SCENARIOS[action](uow, me)
