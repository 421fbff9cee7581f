"""Starting a project from its scope: the recommendation read from the stored profiles, the
project created empty with an audit event, refusals that name the field and write nothing, the
roles that may create, and the `new-project` command."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from vendor_eval.cli.app import app
from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.domain.project import Scope
from vendor_eval.engine.recommend import Recommendation
from vendor_eval.errors import InputError, PermissionDeniedError
from vendor_eval.services.decision.profiles import get_profile, save_profile_version
from vendor_eval.services.decision.ranking import load_evaluation, rank_project
from vendor_eval.services.kernel.audit import list_events, verify_audit_chain
from vendor_eval.services.project.bundles import list_projects
from vendor_eval.services.project.new_project import (
    build_scope,
    create_project,
    recommend_for_scope,
)
from vendor_eval.store.unit_of_work import UnitOfWork

runner = CliRunner()
CLAIMS = Scope(industry="insurance", data_types=("claim documents",), volume=50_000,
               unit="document", languages=("English", "German"),
               sensitivity=frozenset({"pii", "financial_data"}))


def create_claims(uow: UnitOfWork, actor: Actor = LOCAL_ADMIN, key: str = "claims",
                  title: str = "Claims QA", profile: str = "regulated_hitl_qa"):
    return create_project(uow, actor, key, title, "Second review of claim decisions", CLAIMS,
                          profile)


def creations(uow: UnitOfWork) -> list:
    return list_events(uow, LOCAL_ADMIN, actions=["project.create"])


# --- the recommendation -----------------------------------------------------------------------

def test_recommendation_comes_from_the_stored_profiles(uow: UnitOfWork) -> None:
    result = recommend_for_scope(uow, LOCAL_ADMIN, CLAIMS)

    assert result.profile_id == "regulated_hitl_qa"
    assert any(reason.startswith("Insurance is a regulated industry") for reason in result.reasons)
    assert {"soc2_type2", "audit_trail", "eu_ai_act_data_governance"} <= {
        check.id for check in result.required}


def test_a_profile_saved_in_the_database_is_among_the_alternatives(uow: UnitOfWork) -> None:
    body = get_profile(uow, LOCAL_ADMIN, "balanced").model_dump(mode="json")
    body.update(id="claims_team", name="Claims team weights")
    save_profile_version(uow, LOCAL_ADMIN, body, "our own weights")

    result = recommend_for_scope(uow, LOCAL_ADMIN, CLAIMS)

    assert result.fit("claims_team").name == "Claims team weights"


def test_a_viewer_may_see_a_recommendation(uow: UnitOfWork) -> None:
    viewer = Actor(name="Vic", role=Role.VIEWER)
    assert recommend_for_scope(uow, viewer, CLAIMS).profile_id == "regulated_hitl_qa"


# --- creating ---------------------------------------------------------------------------------

def test_a_created_project_is_listed_with_its_scope_and_profile(uow: UnitOfWork) -> None:
    created = create_claims(uow)

    [stored] = list_projects(uow, LOCAL_ADMIN)
    assert stored == created
    assert stored.scope == CLAIMS
    assert stored.profile_id == "regulated_hitl_qa"
    assert stored.description == "Second review of claim decisions"


def test_creating_records_who_created_what_in_the_audit_trail(uow: UnitOfWork) -> None:
    analyst = Actor(name="Nia", role=Role.ANALYST)
    create_claims(uow, analyst)

    [event] = creations(uow)
    assert (event.actor, event.entity) == ("Nia", "project:claims")
    assert event.detail["profile"] == "regulated_hitl_qa"
    assert event.detail["profile_version"] == 1
    assert event.detail["scope"]["sensitivity"] == ["financial_data", "pii"]
    assert verify_audit_chain(uow).intact


def test_a_taken_key_is_refused_naming_the_key_and_nothing_is_written(uow: UnitOfWork) -> None:
    create_claims(uow)

    with pytest.raises(InputError, match="a project 'claims' already exists") as refused:
        create_claims(uow, title="Another title", profile="balanced")

    assert refused.value.column == "key"
    [stored] = list_projects(uow, LOCAL_ADMIN)
    assert (stored.title, stored.profile_id) == ("Claims QA", "regulated_hitl_qa")
    assert len(creations(uow)) == 1


@pytest.mark.parametrize(("key", "title", "profile", "column", "message"), [
    ("Claims QA", "Claims", "balanced", "key", "'Claims QA' is not a valid key"),
    ("-claims", "Claims", "balanced", "key", "is not a valid key"),
    ("  ", "Claims", "balanced", "key", "give the project a short key"),
    ("c" * 81, "Claims", "balanced", "key", "keep it to 80"),
    ("claims", "   ", "balanced", "title", "give the project a title"),
    ("claims", "Claims", "nosuch", "profile", r"no profile 'nosuch' \(known profiles: balanced"),
    ("claims", "Claims", "", "profile", "choose a weighting profile"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
        uow: UnitOfWork, key: str, title: str, profile: str, column: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as refused:
        create_project(uow, LOCAL_ADMIN, key, title, "", CLAIMS, profile)

    assert refused.value.column == column
    assert list_projects(uow, LOCAL_ADMIN) == []
    assert creations(uow) == []


def test_key_and_title_are_trimmed(uow: UnitOfWork) -> None:
    created = create_project(uow, LOCAL_ADMIN, " claims ", " Claims QA ", "", CLAIMS, "balanced")
    assert (created.key, created.title) == ("claims", "Claims QA")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EVALUATOR])
def test_viewers_and_evaluators_may_not_create_projects(uow: UnitOfWork, role: Role) -> None:
    with pytest.raises(PermissionDeniedError, match="may not edit project"):
        create_claims(uow, Actor(name="Sam", role=role))

    assert list_projects(uow, LOCAL_ADMIN) == []


@pytest.mark.parametrize(("field", "values", "message"), [
    ("volume", {"volume": 0}, "at least 1"),
    ("unit", {"unit": "  "}, "name the unit"),
    ("industry", {"industry": "mining"}, "'mining' is not an industry"),
    ("sensitivity", {"sensitivity": ["secret"]}, "'secret' is not a kind of sensitive data"),
])
def test_a_bad_scope_value_names_its_field(field: str, values: dict, message: str) -> None:
    given = {"industry": "retail", "data_types": (), "volume": 10, **values}
    with pytest.raises(InputError, match=message) as refused:
        build_scope(**given)
    assert refused.value.column == field


def test_a_scope_drops_blank_and_repeated_entries() -> None:
    built = build_scope("retail", [" images", "Images", "", "video"], 5, " photo ",
                        ["English", "english "], ["pii", "pii"])

    assert built.data_types == ("images", "video")
    assert built.languages == ("English",)
    assert built.unit == "photo"
    assert built.sensitivity == frozenset({"pii"})


# --- a new project has no vendors yet --------------------------------------------------------

def test_a_new_project_ranks_to_an_empty_table(uow: UnitOfWork) -> None:
    create_claims(uow)

    inputs = load_evaluation(uow, LOCAL_ADMIN, "claims")
    result = rank_project(uow, LOCAL_ADMIN, "claims")

    assert inputs.vendors == ()
    assert result.table.empty
    assert result.top_vendor is None
    assert result.profile_id == "regulated_hitl_qa"


# --- the command line ------------------------------------------------------------------------

@pytest.fixture
def initialised(engine: Engine) -> Engine:
    return engine


def new_project(*args: str):
    return runner.invoke(app, ["new-project", *args])


def test_new_project_prints_the_recommendation_reasons_and_required_checks(
        initialised: Engine) -> None:
    result = new_project("scans", "--title", "CT scan review", "--industry", "healthcare",
                         "--data-type", "medical images", "--volume", "50000", "--unit",
                         "CT scan", "--sensitivity", "phi")

    assert result.exit_code == 0, result.output
    assert "created project scans (CT scan review) with profile regulated_hitl_qa (recommended)" \
        in result.stdout
    assert "  - PHI in scope" in result.stdout
    assert "HIPAA compliance with a signed business associate agreement [hipaa_baa]: health " \
           "data (PHI) in scope" in result.stdout
    assert "next: add vendors (`vendor-eval import scans vendors VENDORS.csv`)" in result.stdout
    [stored] = list_projects(UnitOfWork(initialised), LOCAL_ADMIN)
    assert stored.scope.volume == 50_000 and stored.scope.unit == "CT scan"


def test_new_project_json_round_trips_and_honours_a_chosen_profile(initialised: Engine) -> None:
    result = new_project("frames", "--title", "Dashcam frames", "--industry",
                         "autonomous_vehicles", "--data-type", "video", "--data-type", "lidar",
                         "--volume", "3000000", "--sensitivity", "eu_personal_data",
                         "--profile", "balanced", "--format", "json")

    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    recommendation = Recommendation.model_validate(body["recommendation"])
    assert recommendation.profile_id == "cv_mega_volume"
    assert body["project"]["profile_id"] == "balanced"
    assert body["project"]["scope"]["data_types"] == ["video", "lidar"]
    assert "gdpr_dpa" in {check["id"] for check in body["required"]}


@pytest.mark.parametrize(("args", "option", "message"), [
    (["demo-x", "--title", "T", "--industry", "retail", "--volume", "0"], "--volume",
     "at least 1"),
    (["Demo X", "--title", "T", "--industry", "retail", "--volume", "5"], "KEY",
     "is not a valid key"),
    (["demo-x", "--title", " ", "--industry", "retail", "--volume", "5"], "--title",
     "give the project a title"),
    (["demo-x", "--title", "T", "--industry", "retail", "--volume", "5", "--profile", "nosuch"],
     "--profile", "no profile 'nosuch'"),
])
def test_new_project_errors_exit_2_naming_the_option(initialised: Engine, args: list[str],
                                                     option: str, message: str) -> None:
    result = new_project(*args)

    assert result.exit_code == 2
    assert f"'{option}'" in result.stderr and message in result.stderr
    assert list_projects(UnitOfWork(initialised), LOCAL_ADMIN) == []


def test_new_project_refuses_a_taken_key(initialised: Engine) -> None:
    args = ["claims", "--title", "Claims", "--industry", "insurance", "--volume", "10"]
    assert new_project(*args).exit_code == 0

    again = new_project(*args)

    assert again.exit_code == 2
    assert "'KEY'" in again.stderr and "a project 'claims' already exists" in again.stderr


def test_rank_json_of_a_new_project_is_an_empty_list(initialised: Engine) -> None:
    assert new_project("claims", "--title", "Claims", "--industry", "insurance",
                       "--volume", "10").exit_code == 0

    result = runner.invoke(app, ["rank", "claims", "--format", "json"])

    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_ranking_a_new_project_says_how_to_add_vendors(initialised: Engine) -> None:
    assert new_project("claims", "--title", "Claims", "--industry", "insurance",
                       "--volume", "10").exit_code == 0

    table = runner.invoke(app, ["rank", "claims"])
    topsis = runner.invoke(app, ["rank", "claims", "--method", "topsis"])

    assert table.exit_code == 0 and "no vendors yet" in table.stdout
    assert topsis.exit_code == 2
    assert "has no vendors yet" in topsis.stderr and "vendor-eval import claims" in topsis.stderr
