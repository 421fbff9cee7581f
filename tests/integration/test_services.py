"""Services on a real SQLite database: all-or-nothing writes, permissions, versions, audit."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.domain.project import Scope
from vendor_eval.engine.checklist import required_item_ids
from vendor_eval.errors import InputError, PermissionDeniedError, StaleWriteError
from vendor_eval.services.decision.profiles import get_profile, list_versions, save_profile_version
from vendor_eval.services.decision.ranking import rank_project
from vendor_eval.services.kernel.catalogue import get_checklist
from vendor_eval.services.project.bundles import import_project_bundle, list_projects
from vendor_eval.services.scoring.scores import ScoreEdit, evaluator_grid, save_scores
from vendor_eval.store.tables import AuditEventRow, ProjectRow, ScoreRow
from vendor_eval.store.unit_of_work import UnitOfWork

ANA = Actor(name="Ana", role="evaluator")
# what a PHI healthcare project under regulated_hitl_qa requires (data/checklist.yaml)
REQUIRED_FOR_PHI = sorted(required_item_ids(
    get_checklist(), Scope(industry="healthcare", volume=1, sensitivity=frozenset({"phi"})),
    ["soc2_type2", "hipaa_baa"]))
BO = Actor(name="Bo", role="evaluator")
VIEWER = Actor(name="Vic", role="viewer")


def bundle(**overrides) -> ProjectBundle:
    body = {
        "project": {"key": "claims", "title": "Claims QA", "profile_id": "regulated_hitl_qa",
                    "scope": {"industry": "healthcare", "volume": 5000, "sensitivity": ["phi"]}},
        "vendors": [{"name": "Alpha", "delivery_model": "boutique_hitl"},
                    {"name": "Beta", "delivery_model": "crowd_platform"}],
        "evaluators": [ANA.model_dump(), BO.model_dump()],
        "scores": [
            {"vendor": "Alpha", "criterion_id": "multi_stage_review", "evaluator": "Ana", "score": 5},
            {"vendor": "Beta", "criterion_id": "multi_stage_review", "evaluator": "Ana", "score": 2},
        ],
        "prices": [{"vendor": "Alpha", "model": "per_unit", "unit_price": 2.0}],
        "assessments": [{"vendor": "Alpha", "item_id": item, "status": "met",
                         "expires_on": "2030-01-01"} for item in REQUIRED_FOR_PHI],
        # scoring is open: weights frozen, both evaluators assigned and declared
        "freeze": {"profile_id": "regulated_hitl_qa", "version": 1},
        "assignments": ["Ana", "Bo"],
        "conflicts": [{"evaluator": "Ana", "has_conflict": False},
                      {"evaluator": "Bo", "has_conflict": False}],
    }
    body.update(overrides)
    return ProjectBundle.model_validate(body)


def count(engine, table) -> int:
    with UnitOfWork(engine) as uow:
        return uow.session.exec(select(func.count()).select_from(table)).one()


def test_imported_project_can_be_ranked(uow):
    import_project_bundle(uow, LOCAL_ADMIN, bundle(
        assignments=["Ana"], conflicts=[{"evaluator": "Ana", "has_conflict": False}],
        submissions=[{"evaluator": "Ana"}]))
    assert [p.key for p in list_projects(uow, LOCAL_ADMIN)] == ["claims"]
    result = rank_project(uow, LOCAL_ADMIN, "claims")
    assert result.top_vendor == "Alpha"
    assert not result.table.set_index("vendor").loc["Beta", "qualified"]


def test_import_with_an_unknown_criterion_writes_nothing(uow, engine):
    bad = bundle(scores=[
        {"vendor": "Alpha", "criterion_id": "multi_stage_review", "evaluator": "Ana", "score": 5},
        {"vendor": "Alpha", "criterion_id": "telepathy", "evaluator": "Ana", "score": 5}])
    with pytest.raises(InputError) as error:
        import_project_bundle(uow, LOCAL_ADMIN, bad, source="claims.json")
    assert error.value.row == 2 and "telepathy" in error.value.message
    assert count(engine, ProjectRow) == 0 and count(engine, ScoreRow) == 0


def test_import_with_a_duplicate_score_names_the_row(uow):
    row = {"vendor": "Alpha", "criterion_id": "multi_stage_review", "evaluator": "Ana", "score": 5}
    with pytest.raises(InputError, match="duplicate"):
        import_project_bundle(uow, LOCAL_ADMIN, bundle(scores=[row, row]))


def test_import_of_an_existing_project_key_is_refused(uow):
    import_project_bundle(uow, LOCAL_ADMIN, bundle())
    with pytest.raises(InputError, match="already exists"):
        import_project_bundle(uow, LOCAL_ADMIN, bundle())


def test_saving_scores_updates_the_grid_and_records_an_audit_event(uow, engine):
    import_project_bundle(uow, LOCAL_ADMIN, bundle())
    events_before = count(engine, AuditEventRow)
    changed = save_scores(uow, ANA, "claims", "Ana", [
        ScoreEdit(vendor="Beta", criterion_id="multi_stage_review", score=3, comment="re-checked"),
        ScoreEdit(vendor="Alpha", criterion_id="escalation_path", score=4)])
    assert changed == 2
    grid = {(r["vendor"], r["criterion_id"]): r for r in evaluator_grid(uow, ANA, "claims", "Ana")}
    assert grid[("Beta", "multi_stage_review")]["score"] == 3
    assert grid[("Beta", "multi_stage_review")]["comment"] == "re-checked"
    assert count(engine, AuditEventRow) == events_before + 1


def test_one_invalid_score_means_no_score_is_saved(uow):
    import_project_bundle(uow, LOCAL_ADMIN, bundle())
    with pytest.raises(InputError) as error:
        save_scores(uow, ANA, "claims", "Ana", [
            {"vendor": "Beta", "criterion_id": "multi_stage_review", "score": 4},
            {"vendor": "Beta", "criterion_id": "escalation_path", "score": 7}])
    assert error.value.row == 2 and error.value.column == "score"
    grid = {(r["vendor"], r["criterion_id"]): r["score"]
            for r in evaluator_grid(uow, ANA, "claims", "Ana")}
    assert grid[("Beta", "multi_stage_review")] == 2


def test_score_for_a_vendor_outside_the_project_is_refused(uow):
    import_project_bundle(uow, LOCAL_ADMIN, bundle())
    with pytest.raises(InputError, match="not in project"):
        save_scores(uow, ANA, "claims", "Ana", [
            ScoreEdit(vendor="Gamma", criterion_id="multi_stage_review", score=3)])


def test_stale_edit_is_refused_not_overwritten(uow):
    import_project_bundle(uow, LOCAL_ADMIN, bundle())
    save_scores(uow, ANA, "claims", "Ana", [
        ScoreEdit(vendor="Alpha", criterion_id="multi_stage_review", score=4, base_version=1)])
    with pytest.raises(StaleWriteError, match="changed by Ana since you loaded it"):
        save_scores(uow, ANA, "claims", "Ana", [
            ScoreEdit(vendor="Alpha", criterion_id="multi_stage_review", score=3, base_version=1)])


def test_evaluator_cannot_score_for_someone_else_and_viewer_cannot_score(uow):
    import_project_bundle(uow, LOCAL_ADMIN, bundle())
    edit = [ScoreEdit(vendor="Alpha", criterion_id="multi_stage_review", score=1)]
    with pytest.raises(PermissionDeniedError):
        save_scores(uow, BO, "claims", "Ana", edit)
    with pytest.raises(PermissionDeniedError):
        save_scores(uow, VIEWER, "claims", "Vic", edit)


def test_viewer_cannot_save_a_profile_version(uow):
    body = get_profile(uow, LOCAL_ADMIN, "balanced").model_dump(mode="json")
    with pytest.raises(PermissionDeniedError):
        save_profile_version(uow, VIEWER, body, "try")


def test_saving_a_profile_creates_a_new_version_and_keeps_the_old(uow):
    original = get_profile(uow, LOCAL_ADMIN, "balanced")
    body = original.model_dump(mode="json")
    first, second = list(body["categories"])[:2]
    body["categories"][first]["weight"] += 2
    body["categories"][second]["weight"] -= 2
    saved = save_profile_version(uow, LOCAL_ADMIN, body, "more weight on quality")
    assert saved.version == original.version + 1
    assert get_profile(uow, LOCAL_ADMIN, "balanced", version=original.version) == original
    assert [v["version"] for v in list_versions(uow, LOCAL_ADMIN, "balanced")] == [1, 2]


def test_profile_whose_weights_do_not_sum_is_not_saved(uow):
    body = get_profile(uow, LOCAL_ADMIN, "balanced").model_dump(mode="json")
    body["categories"][next(iter(body["categories"]))]["weight"] += 5
    with pytest.raises(InputError, match="sum to 105"):
        save_profile_version(uow, LOCAL_ADMIN, body, "typo")
    assert [v["version"] for v in list_versions(uow, LOCAL_ADMIN, "balanced")] == [1]


def test_initialise_is_idempotent(engine):
    from vendor_eval.services.workspace.database import initialise

    report = initialise(engine)
    assert report.profiles_added == []
