"""A buyer alone on a project scores from the Score page, with no Team page steps; the team rules
(assignment, blind until submitted, sealed prices, frozen weights) start with the second
evaluator. On SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.integration.databases import team_engine  # noqa: F401  (fixture)
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.domain.team import ScoreView, ScoringMode
from vendor_eval.errors import InputError, PermissionDeniedError
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.scoring.frozen_weights import freeze_profile
from vendor_eval.services.scoring.scores import ScoreEdit, save_scores
from vendor_eval.services.scoring.team import (
    assign_evaluators,
    declare_conflict,
    scoring_status,
    start_scoring_alone,
    unlock_scores,
)
from vendor_eval.store.tables import AuditEventRow, PersonRow
from vendor_eval.store.unit_of_work import UnitOfWork

PROJECT = "solo"
ANA = Actor(name="Ana", role="evaluator", email="ana@example.org")
VIC = Actor(name="Vic", role="viewer", email="vic@example.org")
REVIEW = "multi_stage_review"


@pytest.fixture
def uow(team_engine: Engine) -> UnitOfWork:  # noqa: F811
    """Beside the demo, a project as a buyer leaves it after adding vendors and one price:
    nobody assigned, weights not frozen; Ana (an evaluator) and Vic (a viewer) exist."""
    uow = UnitOfWork(team_engine)
    import_project_bundle(uow, LOCAL_ADMIN, ProjectBundle.model_validate({
        "project": {"key": PROJECT, "title": "Alone", "profile_id": "balanced",
                    "scope": {"industry": "retail", "volume": 10_000}},
        "vendors": [{"name": "Alpha", "delivery_model": "managed_team"},
                    {"name": "Beta", "delivery_model": "bpo"}],
        "evaluators": [ANA.model_dump(), VIC.model_dump()],
        "prices": [{"vendor": "Alpha", "model": "per_unit", "unit_price": 0.5}],
    }))
    return uow


def score(uow: UnitOfWork, actor: Actor, value: float) -> int:
    return save_scores(uow, actor, PROJECT, actor.name,
                       [ScoreEdit(vendor="Alpha", criterion_id=REVIEW, score=value)])


def test_the_local_admin_starts_alone_and_scores_without_assignment_or_freeze(uow):
    declaration = start_scoring_alone(uow, LOCAL_ADMIN, PROJECT, has_conflict=False)

    assert declaration.evaluator == "local admin" and not declaration.has_conflict
    status = scoring_status(uow, LOCAL_ADMIN, PROJECT)
    assert status.mode is ScoringMode.SOLO and status.open_for_scoring
    assert status.freeze is None
    assert [e.evaluator for e in status.evaluators] == ["local admin"]
    assert status.visibility.scores is ScoreView.ALL and status.visibility.prices
    assert score(uow, LOCAL_ADMIN, 4) == 1
    inputs = load_evaluation(uow, LOCAL_ADMIN, PROJECT)
    assert inputs.prices, "a person alone sees the prices they are weighing"
    with uow:
        actions = [e.action for e in uow.session.exec(
            select(AuditEventRow).order_by(AuditEventRow.id)).all()][-4:]
    assert actions == ["person.add", "project.assign", "conflict.declare", "scores.save"]


def test_a_declaration_without_details_records_nothing(uow):
    with pytest.raises(InputError, match="describe the conflict"):
        start_scoring_alone(uow, LOCAL_ADMIN, PROJECT, has_conflict=True, details="  ")

    with uow:
        assert uow.session.exec(select(PersonRow).where(PersonRow.name == "local admin")
                                ).first() is None
    assert not scoring_status(uow, LOCAL_ADMIN, PROJECT).evaluators


def test_an_evaluator_alone_scores_but_sees_prices_only_after_submitting(uow):
    start_scoring_alone(uow, ANA, PROJECT, has_conflict=False)

    assert score(uow, ANA, 3) == 1
    seen = scoring_status(uow, ANA, PROJECT).visibility
    assert seen.scores is ScoreView.ALL
    assert not seen.prices, "the evaluator role does not read prices before submitting"


def test_a_viewer_cannot_start_scoring(uow):
    with pytest.raises(PermissionDeniedError):
        start_scoring_alone(uow, VIC, PROJECT, has_conflict=False)


def test_once_someone_scores_others_join_through_the_team_page_only(uow):
    start_scoring_alone(uow, ANA, PROJECT, has_conflict=False)

    with pytest.raises(InputError, match="Ana already scores 'solo'; an analyst assigns"):
        start_scoring_alone(uow, LOCAL_ADMIN, PROJECT, has_conflict=False)
    start_scoring_alone(uow, ANA, PROJECT, has_conflict=False)  # her own again: a re-declaration


def test_scores_alone_need_no_unlock(uow):
    start_scoring_alone(uow, ANA, PROJECT, has_conflict=False)

    with pytest.raises(InputError, match="only Ana scores 'solo', so the scores are not blind"):
        unlock_scores(uow, LOCAL_ADMIN, PROJECT, "to look")


def test_a_second_evaluator_turns_on_blind_scoring_sealed_prices_and_frozen_weights(uow):
    start_scoring_alone(uow, LOCAL_ADMIN, PROJECT, has_conflict=False)
    score(uow, LOCAL_ADMIN, 4)

    assign_evaluators(uow, LOCAL_ADMIN, PROJECT, ["Ana"])

    status = scoring_status(uow, LOCAL_ADMIN, PROJECT)
    assert status.mode is ScoringMode.TEAM and not status.open_for_scoring
    assert status.visibility.scores is ScoreView.OWN
    assert not status.visibility.prices, "prices are sealed for an evaluator still scoring"
    assert not load_evaluation(uow, LOCAL_ADMIN, PROJECT).prices
    with pytest.raises(InputError, match="an analyst must freeze the weights first"):
        score(uow, LOCAL_ADMIN, 5)
    freeze_profile(uow, LOCAL_ADMIN, PROJECT)
    declare_conflict(uow, ANA, PROJECT, "Ana", has_conflict=False)
    assert score(uow, LOCAL_ADMIN, 5) == 1
    assert scoring_status(uow, ANA, PROJECT).visibility.scores is ScoreView.OWN
