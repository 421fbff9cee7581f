"""The team workspace through its services, on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
people and logins, conflicts of interest, blind scoring, sealed prices, frozen weights,
consensus scores, and no lost updates."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.integration.databases import team_engine  # noqa: F401  (fixture)
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.errors import InputError, PermissionDeniedError, StaleWriteError
from vendor_eval.services.decision.profiles import get_profile, save_profile_version
from vendor_eval.services.decision.ranking import load_evaluation, rank_project
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.scoring.consensus import (
    clear_consensus_score,
    project_consensus,
    set_consensus_score,
)
from vendor_eval.services.scoring.frozen_weights import (
    change_project_profile,
    freeze_profile,
    list_profile_changes,
)
from vendor_eval.services.scoring.scores import ScoreEdit, evaluator_grid, save_scores
from vendor_eval.services.scoring.team import (
    assign_evaluators,
    declare_conflict,
    list_conflicts,
    reopen_submission,
    scoring_status,
    submit_scores,
    unassign_evaluator,
    unlock_scores,
)
from vendor_eval.services.workspace.people import (
    actor_for_login,
    add_person,
    list_people,
    update_person,
)
from vendor_eval.store.tables import AuditEventRow
from vendor_eval.store.unit_of_work import UnitOfWork

PROJECT = "tender"
ANA = Actor(name="Ana", role="evaluator", email="ana@example.org")
BO = Actor(name="Bo", role="evaluator", email="bo@example.org")
CY = Actor(name="Cy", role="analyst", email="cy@example.org")
VIC = Actor(name="Vic", role="viewer", email="vic@example.org")
REVIEW, ESCALATION = "multi_stage_review", "escalation_path"


def tender(**overrides) -> ProjectBundle:
    """Two vendors, two evaluators assigned (nothing declared, weights not frozen), an analyst
    and a viewer; Alpha has quoted a price."""
    body = {
        "project": {"key": PROJECT, "title": "Tender", "profile_id": "balanced",
                    "scope": {"industry": "retail", "volume": 10_000}},
        "vendors": [{"name": "Alpha", "delivery_model": "managed_team"},
                    {"name": "Beta", "delivery_model": "bpo"}],
        "evaluators": [p.model_dump() for p in (ANA, BO, CY, VIC)],
        "assignments": ["Ana", "Bo"],
        "prices": [{"vendor": "Alpha", "model": "per_unit", "unit_price": 0.5}],
    }
    body.update(overrides)
    return ProjectBundle.model_validate(body)


@pytest.fixture
def uow(team_engine: Engine) -> UnitOfWork:  # noqa: F811
    return UnitOfWork(team_engine)


@pytest.fixture
def tender_uow(uow: UnitOfWork) -> UnitOfWork:
    import_project_bundle(uow, LOCAL_ADMIN, tender())
    return uow


@pytest.fixture
def open_tender(tender_uow: UnitOfWork) -> UnitOfWork:
    """Scoring open: weights frozen, Ana and Bo declared no conflict."""
    freeze_profile(tender_uow, CY, PROJECT)
    for person in (ANA, BO):
        declare_conflict(tender_uow, person, PROJECT, person.name, has_conflict=False)
    return tender_uow


def score(uow: UnitOfWork, actor: Actor, vendor: str, criterion: str, value: float,
          evaluator: str | None = None, base_version: int | None = None) -> int:
    return save_scores(uow, actor, PROJECT, evaluator or actor.name,
                       [ScoreEdit(vendor=vendor, criterion_id=criterion, score=value,
                                  base_version=base_version)])


def events(uow: UnitOfWork, action: str) -> list[AuditEventRow]:
    """The audit events of one kind, oldest first, as detached copies."""
    with uow:
        rows = uow.session.exec(select(AuditEventRow).where(AuditEventRow.action == action)
                                .order_by(AuditEventRow.id)).all()
        return [AuditEventRow.model_validate(row.model_dump()) for row in rows]


# ---------------------------------------------------------------- people and logins

def test_an_admin_adds_a_person_whose_login_email_then_maps_to_them(uow):
    add_person(uow, LOCAL_ADMIN, "Dee", "analyst", "Dee.Ellis@Example.org")
    assert actor_for_login(uow, "dee.ellis@example.org") == Actor(
        name="Dee", role="analyst", email="dee.ellis@example.org")
    assert actor_for_login(uow, "  DEE.ELLIS@example.org ").name == "Dee"
    assert actor_for_login(uow, "stranger@example.org") is None
    assert actor_for_login(uow, "") is None
    [event] = events(uow, "person.add")
    assert event.detail["after"] == {"role": "analyst", "email": "dee.ellis@example.org"}


def test_names_and_emails_are_unique_and_emails_must_look_like_emails(tender_uow):
    with pytest.raises(InputError, match="already a person named 'Ana'"):
        add_person(tender_uow, LOCAL_ADMIN, "Ana", "viewer")
    with pytest.raises(InputError, match="already belongs to Bo") as error:
        add_person(tender_uow, LOCAL_ADMIN, "Bob", "viewer", "BO@example.org")
    assert error.value.column == "email"
    with pytest.raises(InputError, match="not an e-mail address"):
        add_person(tender_uow, LOCAL_ADMIN, "Zed", "viewer", "zed-at-example")


def test_a_role_change_on_a_stale_view_is_refused_naming_who_changed_it(tender_uow):
    loaded = next(p for p in list_people(tender_uow, LOCAL_ADMIN) if p.name == "Vic")
    update_person(tender_uow, LOCAL_ADMIN, "Vic", "analyst", VIC.email, base_version=loaded.version)
    with pytest.raises(StaleWriteError, match="changed by local admin"):
        update_person(tender_uow, LOCAL_ADMIN, "Vic", "evaluator", VIC.email,
                      base_version=loaded.version)
    assert actor_for_login(tender_uow, VIC.email).role.value == "analyst"
    [event] = events(tender_uow, "person.update")
    assert event.detail == {"before": {"role": "viewer", "email": VIC.email},
                            "after": {"role": "analyst", "email": VIC.email}}


def test_the_last_admin_cannot_be_demoted(uow):
    add_person(uow, LOCAL_ADMIN, "Ada", "admin", "ada@example.org")
    with pytest.raises(InputError, match="only admin"):
        update_person(uow, LOCAL_ADMIN, "Ada", "viewer", "ada@example.org")


# ---------------------------------------------------------------- when scoring opens

def test_scoring_opens_only_when_weights_are_frozen_and_a_declaration_is_made(tender_uow):
    with pytest.raises(InputError, match="freeze the weights"):
        score(tender_uow, ANA, "Alpha", REVIEW, 4)
    freeze_profile(tender_uow, CY, PROJECT)
    with pytest.raises(InputError, match="must declare any conflict of interest"):
        score(tender_uow, ANA, "Alpha", REVIEW, 4)
    declare_conflict(tender_uow, ANA, PROJECT, "Ana", has_conflict=False)
    assert score(tender_uow, ANA, "Alpha", REVIEW, 4) == 1


def test_only_assigned_people_score(open_tender):
    declare_conflict_for_cy = pytest.raises(InputError, match="not assigned")
    with declare_conflict_for_cy:
        declare_conflict(open_tender, CY, PROJECT, "Cy", has_conflict=False)
    with pytest.raises(InputError, match="not assigned"):
        score(open_tender, CY, "Alpha", REVIEW, 3)
    with pytest.raises(InputError, match="viewer"):
        assign_evaluators(open_tender, CY, PROJECT, ["Vic"])


def test_a_declared_conflict_needs_details_and_is_listed_for_the_report(open_tender):
    with pytest.raises(InputError, match="describe the conflict"):
        declare_conflict(open_tender, BO, PROJECT, "Bo", has_conflict=True, details="  ")
    declare_conflict(open_tender, BO, PROJECT, "Bo", has_conflict=True,
                     details="Sister works at Beta")
    declared = {d.evaluator: d for d in list_conflicts(open_tender, VIC, PROJECT)}
    assert not declared["Ana"].has_conflict
    assert declared["Bo"].has_conflict and declared["Bo"].details == "Sister works at Beta"
    change = events(open_tender, "conflict.declare")[-1].detail
    assert change["before"] == {"has_conflict": False, "details": ""}


def test_an_evaluator_declares_only_for_themself(open_tender):
    with pytest.raises(PermissionDeniedError):
        declare_conflict(open_tender, BO, PROJECT, "Ana", has_conflict=False)


# ---------------------------------------------------------------- blind scoring

def test_before_submitting_an_evaluator_sees_only_their_own_scores_and_no_prices(open_tender):
    score(open_tender, ANA, "Alpha", REVIEW, 4)
    score(open_tender, BO, "Alpha", REVIEW, 1)
    mine = load_evaluation(open_tender, ANA, PROJECT)
    assert {s.evaluator for s in mine.scores} == {"Ana"}
    assert mine.prices == () and mine.prices_sealed and mine.scores_blind
    assert any("sealed" in note for note in mine.visibility.notes)
    with pytest.raises(PermissionDeniedError):
        evaluator_grid(open_tender, ANA, PROJECT, "Bo")
    with pytest.raises(PermissionDeniedError, match="not open to you"):
        rank_project(open_tender, ANA, PROJECT)


def test_submitting_locks_the_scores_and_opens_the_prices_to_that_evaluator(open_tender):
    score(open_tender, ANA, "Alpha", REVIEW, 4)
    submission = submit_scores(open_tender, ANA, PROJECT, "Ana")
    assert len(submission.scores_hash) == 64
    with pytest.raises(InputError, match="locked"):
        score(open_tender, ANA, "Alpha", REVIEW, 5)
    after = load_evaluation(open_tender, ANA, PROJECT)
    assert [p.vendor for p in after.prices] == ["Alpha"]
    assert {s.evaluator for s in after.scores} == {"Ana"}  # Bo has not submitted yet
    with pytest.raises(InputError, match="no scores to submit"):
        submit_scores(open_tender, BO, PROJECT, "Bo")


def test_analysts_see_everyones_scores_only_when_all_assigned_evaluators_have_submitted(
        open_tender):
    score(open_tender, ANA, "Alpha", REVIEW, 4)
    score(open_tender, BO, "Alpha", REVIEW, 2)
    submit_scores(open_tender, ANA, PROJECT, "Ana")
    early = load_evaluation(open_tender, CY, PROJECT)
    assert early.scores == () and early.scores_blind and early.prices
    with pytest.raises(PermissionDeniedError):
        evaluator_grid(open_tender, CY, PROJECT, "Ana")
    with pytest.raises(PermissionDeniedError):
        project_consensus(open_tender, CY, PROJECT)
    with pytest.raises(PermissionDeniedError, match="1 of 2 assigned evaluators"):
        rank_project(open_tender, VIC, PROJECT)

    submit_scores(open_tender, BO, PROJECT, "Bo")
    opened = load_evaluation(open_tender, CY, PROJECT)
    assert {s.evaluator for s in opened.scores} == {"Ana", "Bo"}
    assert rank_project(open_tender, VIC, PROJECT).table["vendor"].tolist()
    assert scoring_status(open_tender, CY, PROJECT).all_submitted


def test_an_explicit_unlock_opens_scores_to_analysts_but_not_to_those_still_scoring(open_tender):
    score(open_tender, ANA, "Alpha", REVIEW, 4)
    score(open_tender, BO, "Alpha", REVIEW, 2)
    with pytest.raises(InputError, match="reason"):
        unlock_scores(open_tender, CY, PROJECT, "  ")
    with pytest.raises(PermissionDeniedError):
        unlock_scores(open_tender, ANA, PROJECT, "curious")
    unlock_scores(open_tender, CY, PROJECT, "steering committee meets before Bo is back")
    assert {s.evaluator for s in load_evaluation(open_tender, CY, PROJECT).scores} == {"Ana", "Bo"}
    assert {s.evaluator for s in load_evaluation(open_tender, BO, PROJECT).scores} == {"Bo"}
    [event] = events(open_tender, "scores.unlock")
    assert event.actor == "Cy"
    assert event.detail == {"reason": "steering committee meets before Bo is back",
                            "not_yet_submitted": ["Ana", "Bo"]}
    status = scoring_status(open_tender, VIC, PROJECT)
    assert status.unlock.unlocked_by == "Cy"


def test_an_analyst_reopens_one_submission_with_a_reason(open_tender):
    score(open_tender, ANA, "Alpha", REVIEW, 4)
    submit_scores(open_tender, ANA, PROJECT, "Ana")
    with pytest.raises(InputError, match="reason"):
        reopen_submission(open_tender, CY, PROJECT, "Ana", "")
    with pytest.raises(PermissionDeniedError):
        reopen_submission(open_tender, BO, PROJECT, "Ana", "please")
    reopen_submission(open_tender, CY, PROJECT, "Ana", "typo on Alpha reported by Ana")
    assert score(open_tender, ANA, "Alpha", REVIEW, 5) == 1
    [event] = events(open_tender, "scores.reopen")
    assert event.detail["reason"] == "typo on Alpha reported by Ana"


def test_entering_scores_for_someone_else_never_bypasses_blind_scoring(open_tender):
    with pytest.raises(PermissionDeniedError, match="while scoring is blind"):
        score(open_tender, CY, "Alpha", REVIEW, 3, evaluator="Ana")
    unlock_scores(open_tender, CY, PROJECT, "entering paper score sheets")
    assert score(open_tender, CY, "Alpha", REVIEW, 3, evaluator="Ana") == 1
    with pytest.raises(PermissionDeniedError):
        score(open_tender, BO, "Alpha", REVIEW, 3, evaluator="Ana")


def test_a_person_who_has_scored_stays_assigned(open_tender):
    score(open_tender, ANA, "Alpha", REVIEW, 4)
    with pytest.raises(InputError, match="already scored"):
        unassign_evaluator(open_tender, CY, PROJECT, "Ana")
    unassign_evaluator(open_tender, CY, PROJECT, "Bo")
    assert [e.evaluator for e in scoring_status(open_tender, CY, PROJECT).evaluators] == ["Ana"]


def test_a_cell_scored_meanwhile_in_another_tab_is_not_overwritten(open_tender):
    # Both tabs loaded the cell empty (base version 0); the second save is refused.
    assert score(open_tender, ANA, "Alpha", REVIEW, 4, base_version=0) == 1
    with pytest.raises(StaleWriteError, match="changed by Ana since you loaded it"):
        score(open_tender, ANA, "Alpha", REVIEW, 2, base_version=0)
    [cell] = evaluator_grid(open_tender, ANA, PROJECT, "Ana")
    assert (cell["score"], cell["version"], cell["updated_by"]) == (4, 1, "Ana")


# ---------------------------------------------------------------- frozen weights

def test_freezing_records_version_and_hash_and_pins_the_project_to_it(tender_uow):
    newest = get_profile(tender_uow, CY, "balanced")
    freeze = freeze_profile(tender_uow, CY, PROJECT)
    assert (freeze.profile_id, freeze.version) == ("balanced", newest.version)
    assert freeze.content_hash == newest.content_hash() and freeze.frozen_by == "Cy"
    body = newest.model_dump(mode="json")
    first, second = list(body["categories"])[:2]
    body["categories"][first]["weight"] += 5
    body["categories"][second]["weight"] -= 5
    save_profile_version(tender_uow, CY, body, "tuned later")
    assert load_evaluation(tender_uow, CY, PROJECT).profile.version == newest.version
    with pytest.raises(InputError, match="frozen already"):
        freeze_profile(tender_uow, CY, PROJECT)


def test_changing_frozen_weights_needs_a_reason_and_is_listed_for_the_report(tender_uow):
    freeze_profile(tender_uow, CY, PROJECT)
    with pytest.raises(InputError, match="give a reason"):
        change_project_profile(tender_uow, CY, PROJECT, "regulated_hitl_qa")
    with pytest.raises(InputError, match="give a reason"):
        change_project_profile(tender_uow, CY, PROJECT, "regulated_hitl_qa")
    change_project_profile(tender_uow, CY, PROJECT, "regulated_hitl_qa",
                           reason="scope now includes PHI")
    [change] = list_profile_changes(tender_uow, VIC, PROJECT)
    target = get_profile(tender_uow, CY, "regulated_hitl_qa")
    assert (change.before_profile_id, change.after_profile_id) == ("balanced", "regulated_hitl_qa")
    assert change.after_hash == target.content_hash() and change.by == "Cy"
    assert change.reason == "scope now includes PHI"
    status = scoring_status(tender_uow, CY, PROJECT)
    assert status.freeze.profile_id == "regulated_hitl_qa"
    assert status.freeze.content_hash == target.content_hash()


def test_once_scores_exist_even_unfrozen_weights_change_only_with_a_reason(uow):
    bundle = tender(scores=[{"vendor": "Alpha", "criterion_id": REVIEW, "evaluator": "Ana",
                             "score": 3}])
    import_project_bundle(uow, LOCAL_ADMIN, bundle)
    with pytest.raises(InputError, match="scores or measured results exist"):
        change_project_profile(uow, CY, PROJECT, "regulated_hitl_qa")
    change_project_profile(uow, CY, PROJECT, "regulated_hitl_qa", reason="wrong profile at import")
    assert len(list_profile_changes(uow, CY, PROJECT)) == 1


def test_a_project_change_on_a_stale_view_is_refused_naming_who_changed_it(tender_uow):
    loaded = scoring_status(tender_uow, CY, PROJECT).project_version
    freeze_profile(tender_uow, LOCAL_ADMIN, PROJECT, base_version=loaded)
    with pytest.raises(StaleWriteError, match="changed by local admin"):
        change_project_profile(tender_uow, CY, PROJECT, "regulated_hitl_qa", reason="x",
                               base_version=loaded)


def test_a_profile_version_saved_on_a_stale_base_is_refused(tender_uow):
    profile = get_profile(tender_uow, CY, "balanced")
    body = profile.model_dump(mode="json")
    save_profile_version(tender_uow, LOCAL_ADMIN, body, "first", base_version=profile.version)
    with pytest.raises(StaleWriteError, match="changed by local admin since you loaded it"):
        save_profile_version(tender_uow, CY, body, "second", base_version=profile.version)


# ---------------------------------------------------------------- consensus

@pytest.fixture
def scored_tender(open_tender: UnitOfWork) -> UnitOfWork:
    """Ana and Bo disagree by 3 points on Alpha's review and have both submitted."""
    save_scores(open_tender, ANA, PROJECT, "Ana", [
        ScoreEdit(vendor="Alpha", criterion_id=REVIEW, score=5),
        ScoreEdit(vendor="Beta", criterion_id=REVIEW, score=3)])
    save_scores(open_tender, BO, PROJECT, "Bo", [
        ScoreEdit(vendor="Alpha", criterion_id=REVIEW, score=2),
        ScoreEdit(vendor="Beta", criterion_id=REVIEW, score=3)])
    for person in (ANA, BO):
        submit_scores(open_tender, person, PROJECT, person.name)
    return open_tender


def test_the_consensus_view_lists_wide_spreads_and_calibration_for_analysts(scored_tender):
    view = project_consensus(scored_tender, CY, PROJECT)
    assert view.report.to_discuss[["vendor", "criterion_id", "spread"]].values.tolist() == [
        ["Alpha", REVIEW, 3.0]]
    leniency = view.report.calibration.set_index("evaluator")["leniency"]
    assert leniency["Ana"] == pytest.approx(1.5) and leniency["Bo"] == pytest.approx(-1.5)
    for_evaluator = project_consensus(scored_tender, ANA, PROJECT)
    assert not for_evaluator.calibration_visible and for_evaluator.report.calibration.empty


def test_a_consensus_score_with_its_rationale_is_what_the_ranking_uses(scored_tender):
    with pytest.raises(InputError, match="rationale"):
        set_consensus_score(scored_tender, CY, PROJECT, "Alpha", REVIEW, 4, " ")
    with pytest.raises(PermissionDeniedError):
        set_consensus_score(scored_tender, ANA, PROJECT, "Alpha", REVIEW, 4, "I say so")
    set_consensus_score(scored_tender, CY, PROJECT, "Alpha", REVIEW, 4,
                        "Bo missed the second-review log", base_version=0)
    contributions = rank_project(scored_tender, VIC, PROJECT).contributions
    cell = contributions[(contributions["vendor"] == "Alpha")
                         & (contributions["criterion_id"] == REVIEW)]
    assert cell["display_value"].iloc[0] == "scored 4.0/5"  # not the mean, 3.5
    [event] = events(scored_tender, "consensus.set")
    assert event.detail["after"] == {"score": 4.0, "rationale": "Bo missed the second-review log"}


def test_a_consensus_changed_meanwhile_is_refused_naming_who_changed_it(scored_tender):
    set_consensus_score(scored_tender, CY, PROJECT, "Alpha", REVIEW, 4, "first", base_version=0)
    with pytest.raises(StaleWriteError, match="changed by Cy"):
        set_consensus_score(scored_tender, LOCAL_ADMIN, PROJECT, "Alpha", REVIEW, 3, "mine",
                            base_version=0)
    versions = project_consensus(scored_tender, CY, PROJECT).versions
    set_consensus_score(scored_tender, LOCAL_ADMIN, PROJECT, "Alpha", REVIEW, 3, "after talk",
                        base_version=versions[("Alpha", REVIEW)])
    with pytest.raises(StaleWriteError, match="changed by local admin"):
        clear_consensus_score(scored_tender, CY, PROJECT, "Alpha", REVIEW, "withdrawn",
                              base_version=versions[("Alpha", REVIEW)])


def test_consensus_waits_for_blind_scoring_to_end(open_tender):
    score(open_tender, ANA, "Alpha", REVIEW, 4)
    with pytest.raises(PermissionDeniedError, match="opens when every assigned evaluator"):
        set_consensus_score(open_tender, CY, PROJECT, "Alpha", REVIEW, 4, "early")


# ---------------------------------------------------------------- bundles and the demo

def test_a_bundle_carries_the_whole_team_state(uow):
    from vendor_eval.domain.evidence import EvaluatorScore
    from vendor_eval.domain.team import scores_fingerprint

    ana_scores = [{"vendor": "Alpha", "criterion_id": REVIEW, "evaluator": "Ana", "score": 4}]
    bundle = tender(
        scores=ana_scores,
        assignments=["Ana"],
        conflicts=[{"evaluator": "Ana", "has_conflict": True, "details": "ex-employee of Beta"}],
        submissions=[{"evaluator": "Ana", "scores_hash": scores_fingerprint(
            [EvaluatorScore.model_validate(s) for s in ana_scores])}],
        consensus=[{"vendor": "Alpha", "criterion_id": REVIEW, "score": 3.5,
                    "rationale": "agreed in review", "set_by": "Cy"}],
        freeze={"profile_id": "balanced", "version": 1},
        profile_changes=[{"before_profile_id": "cv_mega_volume", "before_version": 1,
                          "after_profile_id": "balanced", "after_version": 1,
                          "after_hash": "a" * 64, "reason": "wrong profile", "by": "Cy"}],
    )
    import_project_bundle(uow, LOCAL_ADMIN, bundle)
    status = scoring_status(uow, CY, PROJECT)
    assert status.freeze.version == 1 and status.all_submitted
    assert status.of("Ana").declaration.details == "ex-employee of Beta"
    inputs = load_evaluation(uow, CY, PROJECT)
    assert [(c.vendor, c.score, c.set_by) for c in inputs.consensus] == [("Alpha", 3.5, "Cy")]
    assert list_profile_changes(uow, CY, PROJECT)[0].reason == "wrong profile"


def test_a_bundle_whose_scores_differ_from_the_submitted_ones_is_refused(uow):
    bundle = tender(
        scores=[{"vendor": "Alpha", "criterion_id": REVIEW, "evaluator": "Ana", "score": 4}],
        assignments=["Ana"], conflicts=[{"evaluator": "Ana", "has_conflict": False}],
        submissions=[{"evaluator": "Ana", "scores_hash": "0" * 64}])
    with pytest.raises(InputError, match="differ from the ones they submitted"):
        import_project_bundle(uow, LOCAL_ADMIN, bundle)


def test_a_bundle_frozen_on_weights_this_database_lacks_is_refused(uow):
    with pytest.raises(InputError, match="no version 7"):
        import_project_bundle(uow, LOCAL_ADMIN, tender(
            freeze={"profile_id": "balanced", "version": 7}))
    with pytest.raises(InputError, match="content hash differs"):
        import_project_bundle(uow, LOCAL_ADMIN, tender(
            freeze={"profile_id": "balanced", "version": 1, "content_hash": "f" * 64}))


def test_the_demo_is_frozen_declared_and_submitted_so_its_ranking_is_open(uow):
    status = scoring_status(uow, LOCAL_ADMIN, "demo")
    assert status.freeze.profile_id == "regulated_hitl_qa"
    assert [e.evaluator for e in status.evaluators] == ["Dana Whitfield", "Lucía Ortega",
                                                       "Rahul Menon"]
    assert status.all_submitted and status.visibility.all_scores
    conflicts = [d for d in list_conflicts(uow, LOCAL_ADMIN, "demo") if d.has_conflict]
    assert [d.evaluator for d in conflicts] == ["Rahul Menon"]
    assert actor_for_login(uow, "dana.whitfield@bluemesa.example").name == "Dana Whitfield"
    assert rank_project(uow, LOCAL_ADMIN, "demo").top_vendor == \
        "Meridian Clinical Review Partners"
