"""Project export and import: export -> import into an empty database -> export gives the same
file apart from `exported_at`; profile versions and the RFP history (issues and the vendors'
answers) travel with the project; bad files change nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, func, select
from typer.testing import CliRunner

from tests.integration.databases import NO_POSTGRES, TEST_DATABASE_URL, postgres_schema
from tests.rfp_support import COMMENTS, add_vendor, complete_answers, fill
from vendor_eval.cli.app import app
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.domain.rfp import RfpIssue, RfpOptions, RfpSection
from vendor_eval.errors import InputError, PermissionDeniedError, StaleWriteError
from vendor_eval.services.decision.profiles import get_profile, save_profile_version
from vendor_eval.services.decision.ranking import rank_project
from vendor_eval.services.kernel.audit import verify_audit_chain
from vendor_eval.services.project import bundles as projects
from vendor_eval.services.project.transfer import (
    SECTION_READERS,
    export_project,
    export_text,
    import_project,
    parse_export,
)
from vendor_eval.services.rfp.answers import answers_for, responses_on_record, vendor_answers
from vendor_eval.services.rfp.issue import issue_rfp
from vendor_eval.services.rfp.responses import import_responses
from vendor_eval.services.workspace.database import initialise
from vendor_eval.store import repository
from vendor_eval.store.database import get_engine
from vendor_eval.store.unit_of_work import UnitOfWork

runner = CliRunner()


def without_timestamp(document: dict) -> str:
    return export_text({k: v for k, v in document.items() if k != "exported_at"})


def counts(engine: Engine) -> dict[str, int]:
    with UnitOfWork(engine) as uow:
        return {name: uow.session.exec(select(func.count()).select_from(table)).one()
                for name, table in SQLModel.metadata.tables.items()}


@pytest.fixture
def empty_engine(tmp_path: Path) -> Engine:
    """A second database, set up as `vendor-eval init` leaves it: no projects."""
    engine = get_engine(f"sqlite:///{tmp_path / 'target.db'}")
    initialise(engine)
    yield engine
    engine.dispose()


ISSUED_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STILL_OUT_WITH = "Kestrel Data Teams"


@dataclass(frozen=True)
class RfpHistory:
    """The demo project after a round of RFPs: two vendors' workbooks imported, and one RFP
    issued to no vendor in particular whose workbook is still out when the project moves."""

    engine: Engine
    answered: tuple[str, ...]
    still_out: bytes
    still_out_questions: tuple[str, ...]


@pytest.fixture
def rfp_history(demo_engine: Engine) -> RfpHistory:
    """Built with the real services: issue, fill in the workbook as a vendor would, import."""
    answered = (add_vendor(UnitOfWork(demo_engine)), "Swarmwise Labs")
    for hour, vendor in enumerate(answered):
        issued = issue_rfp(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo",
                           RfpOptions(vendor=vendor), with_pdf=False,
                           issued_at=ISSUED_AT.replace(hour=9 + hour))
        import_responses(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", f"{vendor}.xlsx",
                         fill(issued.workbook, complete_answers(issued.question_ids), COMMENTS))
    open_call = issue_rfp(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo",
                          RfpOptions(pricing_models=(), sections=(RfpSection.BACKGROUND,
                                                                  RfpSection.QUESTIONS)),
                          with_pdf=False, issued_at=ISSUED_AT.replace(hour=12))
    return RfpHistory(demo_engine, answered, open_call.workbook, open_call.question_ids)


@pytest.fixture
def rfp_engine(rfp_history: RfpHistory) -> Engine:
    return rfp_history.engine


def issues_of(engine: Engine, key: str = "demo") -> list[RfpIssue]:
    with UnitOfWork(engine) as uow:
        return repository.rfp_issues(uow.session, repository.project_row(uow.session, key).id)


def round_trip(source: Engine, target: Engine, key: str = "demo") -> tuple[dict, dict]:
    first = export_project(UnitOfWork(source), LOCAL_ADMIN, key)
    data = parse_export(export_text(first), "demo.json")
    import_project(UnitOfWork(target), LOCAL_ADMIN, data, source="demo.json")
    return first, export_project(UnitOfWork(target), LOCAL_ADMIN, key)


@pytest.mark.parametrize("world, vendors, issues", [("demo_engine", 8, 0),
                                                     ("rfp_engine", 9, 3)])
def test_demo_export_import_export_is_identical_apart_from_exported_at(
        request: pytest.FixtureRequest, world: str, vendors: int, issues: int,
        empty_engine: Engine) -> None:
    source: Engine = request.getfixturevalue(world)
    first, second = round_trip(source, empty_engine)

    assert first["exported_at"] != "" and second["exported_at"] != ""
    assert without_timestamp(first) == without_timestamp(second)
    bundle = first["bundle"]
    assert len(bundle["vendors"]) == vendors and len(bundle["scores"]) > 0
    assert bundle["freeze"] is not None and bundle["assignments"]  # team sections travel too
    assert len(bundle["rfp_issues"]) == issues and bool(bundle["rfp_answers"]) == bool(issues)
    assert rank_project(UnitOfWork(empty_engine), LOCAL_ADMIN, "demo").to_records() == \
        rank_project(UnitOfWork(source), LOCAL_ADMIN, "demo").to_records()
    assert verify_audit_chain(UnitOfWork(empty_engine)).intact


def test_every_bundle_section_is_exported() -> None:
    """A section added to ProjectBundle without a reader would silently vanish from exports."""
    assert set(SECTION_READERS) == set(ProjectBundle.model_fields)


def test_the_export_carries_names_in_a_fixed_order(demo_engine: Engine) -> None:
    document = export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    bundle = document["bundle"]
    text = export_text(bundle)
    assert '"id"' not in text and "vendor_id" not in text and "person_id" not in text
    assert [v["name"] for v in bundle["vendors"]] == sorted(v["name"] for v in bundle["vendors"])
    keys = [(s["vendor"], s["criterion_id"], s["evaluator"]) for s in bundle["scores"]]
    assert keys == sorted(keys)
    assert bundle["project"]["scope"]["sensitivity"] == sorted(
        bundle["project"]["scope"]["sensitivity"])
    assert (document["format"], document["format_version"]) == ("vendor-eval project", 1)
    assert document["tool_version"]
    assert [(p["profile_id"], p["version"]) for p in document["profiles"]] == \
        [("regulated_hitl_qa", 1)]


def test_edited_profile_versions_travel_with_the_project(demo_engine: Engine,
                                                        empty_engine: Engine) -> None:
    profile = get_profile(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa")
    body = profile.model_dump(mode="json")
    body["name"] = "Regulated HITL QA (our edit)"
    save_profile_version(UnitOfWork(demo_engine), LOCAL_ADMIN, body, note="renamed")

    first, second = round_trip(demo_engine, empty_engine)

    assert [(p["profile_id"], p["version"]) for p in first["profiles"]] == \
        [("regulated_hitl_qa", 1), ("regulated_hitl_qa", 2)]
    assert without_timestamp(first) == without_timestamp(second)
    assert get_profile(UnitOfWork(empty_engine), LOCAL_ADMIN, "regulated_hitl_qa").name == \
        "Regulated HITL QA (our edit)"


def test_a_profile_version_with_other_weights_here_is_refused(demo_engine: Engine,
                                                             empty_engine: Engine) -> None:
    document = export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    profile = get_profile(UnitOfWork(empty_engine), LOCAL_ADMIN, "regulated_hitl_qa")
    body = profile.model_dump(mode="json")
    body["name"] = "someone else's v2"
    save_profile_version(UnitOfWork(empty_engine), LOCAL_ADMIN, body, note="local edit")
    body["name"] = "exported v2"
    save_profile_version(UnitOfWork(demo_engine), LOCAL_ADMIN, body, note="source edit")
    document = export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    before = counts(empty_engine)

    with pytest.raises(InputError, match="v2 has other weights in this database"):
        import_project(UnitOfWork(empty_engine), LOCAL_ADMIN, document)

    assert counts(empty_engine) == before


def test_an_existing_project_is_not_overwritten(demo_engine: Engine) -> None:
    document = export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    before = counts(demo_engine)
    with pytest.raises(InputError, match="already exists"):
        import_project(UnitOfWork(demo_engine), LOCAL_ADMIN, document)
    assert counts(demo_engine) == before


def test_a_bad_entry_names_its_place_and_writes_nothing(demo_engine: Engine,
                                                       empty_engine: Engine) -> None:
    document = export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    document["bundle"]["scores"][2]["score"] = 9
    before = counts(empty_engine)
    with pytest.raises(InputError) as error:
        import_project(UnitOfWork(empty_engine), LOCAL_ADMIN, document, source="p.json")
    assert error.value.file == "p.json" and error.value.row == 3
    assert error.value.column == "bundle.scores.2.score"
    assert counts(empty_engine) == before


@pytest.mark.parametrize("text, message", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"bundle": {}}', "lacks a format_version"),
    ('{"format": "something else", "format_version": 1}', "not a 'vendor-eval project'"),
    ('{"format_version": 99}', "newer than this vendor-eval reads"),
])
def test_files_that_are_not_exports_are_refused(empty_engine: Engine, text: str,
                                               message: str) -> None:
    with pytest.raises(InputError, match=message):
        import_project(UnitOfWork(empty_engine), LOCAL_ADMIN, parse_export(text, "x.json"))


def test_a_hand_edited_profile_body_is_refused(demo_engine: Engine, empty_engine) -> None:
    document = export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    document["profiles"][0]["body"]["name"] = "changed by hand"
    with pytest.raises(InputError, match="content_hash does not match"):
        import_project(UnitOfWork(empty_engine), LOCAL_ADMIN, document)


@pytest.mark.parametrize("role", ["analyst", "evaluator", "viewer"])
def test_only_admins_export_whole_projects(demo_engine: Engine, role: str) -> None:
    with pytest.raises(PermissionDeniedError):
        export_project(UnitOfWork(demo_engine), Actor(name="Someone", role=role), "demo")


def test_evaluators_and_viewers_may_not_import_projects(demo_engine: Engine,
                                                        empty_engine: Engine) -> None:
    document = export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    for role in ("evaluator", "viewer"):
        with pytest.raises(PermissionDeniedError):
            import_project(UnitOfWork(empty_engine), Actor(name="X", role=role), document)


@pytest.mark.postgres
@pytest.mark.skipif(not TEST_DATABASE_URL, reason=NO_POSTGRES)
def test_a_project_moves_from_sqlite_to_postgresql_unchanged(demo_engine: Engine) -> None:
    with postgres_schema(TEST_DATABASE_URL) as target:
        initialise(target)
        first, second = round_trip(demo_engine, target)
        assert without_timestamp(first) == without_timestamp(second)
        assert verify_audit_chain(UnitOfWork(target)).intact


# --- the RFP history -----------------------------------------------------------------------

def test_rfp_issues_and_answers_arrive_as_the_score_page_showed_them(
        rfp_history: RfpHistory, empty_engine: Engine) -> None:
    source = rfp_history.engine
    round_trip(source, empty_engine)

    issues = issues_of(source)
    assert [i.vendor for i in issues] == [*rfp_history.answered, None]
    assert [i.pricing_models for i in issues][-1] == ()
    assert issues_of(empty_engine) == issues
    for vendor in rfp_history.answered:
        beside_rubric = answers_for(UnitOfWork(empty_engine), LOCAL_ADMIN, "demo", vendor)
        assert beside_rubric == answers_for(UnitOfWork(source), LOCAL_ADMIN, "demo", vendor)
        assert beside_rubric["total_cost"] and beside_rubric["escalation_path"]
    assert responses_on_record(UnitOfWork(empty_engine), LOCAL_ADMIN, "demo") == \
        responses_on_record(UnitOfWork(source), LOCAL_ADMIN, "demo")


def test_the_export_lists_issues_by_date_and_answers_by_vendor_in_workbook_order(
        rfp_history: RfpHistory) -> None:
    bundle = export_project(UnitOfWork(rfp_history.engine), LOCAL_ADMIN, "demo")["bundle"]
    text = export_text(bundle)
    assert "issue_id" not in text and "vendor_id" not in text
    assert [i["issued_at"] for i in bundle["rfp_issues"]] == \
        sorted(i["issued_at"] for i in bundle["rfp_issues"])
    answers = bundle["rfp_answers"]
    assert [a["vendor"] for a in answers] == sorted(a["vendor"] for a in answers)
    acme = [a for a in answers if a["vendor"] == rfp_history.answered[0]]
    assert [a["issue_token"] for a in acme] == [bundle["rfp_issues"][0]["token"]] * len(acme)
    assert [a["question_id"] for a in acme] == [a.question_id for a in vendor_answers(
        UnitOfWork(rfp_history.engine), LOCAL_ADMIN, "demo", rfp_history.answered[0])]
    assert {a["question_id"]: a["comment"] for a in acme if a["comment"]} == COMMENTS


def test_a_workbook_still_out_with_a_vendor_is_read_into_the_moved_project(
        rfp_history: RfpHistory, empty_engine: Engine) -> None:
    round_trip(rfp_history.engine, empty_engine)
    asked = rfp_history.still_out_questions
    answers = {k: v for k, v in complete_answers(asked).items() if k in asked}

    result = import_responses(UnitOfWork(empty_engine), LOCAL_ADMIN, "demo", "kestrel.xlsx",
                              fill(rfp_history.still_out, answers), vendor=STILL_OUT_WITH)

    assert (result.vendor, result.answers) == (STILL_OUT_WITH, len(answers))
    assert result.reference == issues_of(empty_engine)[-1].token


def test_a_project_file_from_before_the_rfp_sections_still_imports(demo_engine: Engine,
                                                                    empty_engine: Engine) -> None:
    document = export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    for section in ("rfp_issues", "rfp_answers"):
        del document["bundle"][section]

    import_project(UnitOfWork(empty_engine), LOCAL_ADMIN, document, source="old.json")

    again = export_project(UnitOfWork(empty_engine), LOCAL_ADMIN, "demo")["bundle"]
    assert again["rfp_issues"] == [] and again["rfp_answers"] == []
    assert again["scores"] == document["bundle"]["scores"]


def another_vendors_issue(bundle: dict) -> None:
    bundle["rfp_answers"][0]["issue_token"] = bundle["rfp_issues"][1]["token"]


def unsealed_price(bundle: dict) -> None:
    """A hand-edited file that would show a vendor's price to evaluators still scoring."""
    answers = bundle["rfp_answers"]
    index = next(i for i, a in enumerate(answers) if a["question_id"].startswith("price_"))
    answers[index]["sealed"] = False
    bundle["_row"] = index + 1


@pytest.mark.parametrize("edit, row, column, message", [
    pytest.param(lambda b: b["rfp_answers"][4].update(vendor="Nobody Ltd"), 5,
                 "rfp_answers.vendor", "vendor 'Nobody Ltd' is not among the project's vendors",
                 id="answer-from-an-unknown-vendor"),
    pytest.param(lambda b: b["rfp_answers"][4].update(issue_token="0123456789abcdef"), 5,
                 "rfp_answers.issue_token",
                 "RFP reference '0123456789abcdef' is not listed under rfp_issues",
                 id="answer-to-an-unknown-issue"),
    pytest.param(another_vendors_issue, 1, "rfp_answers.vendor",
                 "was issued to Swarmwise Labs, so it cannot hold answers from Acme Review Co",
                 id="answer-under-another-vendors-rfp"),
    pytest.param(lambda b: b["rfp_answers"][0].update(question_id="never_asked"), 1,
                 "rfp_answers.question_id", "question 'never_asked' was not asked in RFP",
                 id="answer-to-a-question-not-asked"),
    pytest.param(lambda b: b["rfp_answers"].append(b["rfp_answers"][0]), 1,
                 "rfp_answers.vendor, question_id", "duplicate entry ('Acme Review Co', ",
                 id="two-answers-to-one-question"),
    pytest.param(lambda b: b["rfp_issues"].append(b["rfp_issues"][0]), 1, "rfp_issues.token",
                 "duplicate entry '", id="one-token-twice"),
    pytest.param(lambda b: b["rfp_issues"][2].update(vendor="Nobody Ltd"), 3,
                 "rfp_issues.vendor", "was issued to 'Nobody Ltd', who is not among the "
                 "project's vendors", id="issue-to-an-unknown-vendor"),
    pytest.param(unsealed_price, None, "rfp_answers.sealed", "is a commercial answer",
                 id="a-price-answer-unsealed"),
    pytest.param(lambda b: b["rfp_issues"][1].update(token="not a token"), 2,
                 "bundle.rfp_issues.1.token", "String should match pattern",
                 id="token-that-no-workbook-could-carry"),
])
def test_a_bad_rfp_entry_names_its_section_and_row_and_writes_nothing(
        rfp_engine: Engine, empty_engine: Engine, edit: Callable[[dict], None], row: int,
        column: str, message: str) -> None:
    document = export_project(UnitOfWork(rfp_engine), LOCAL_ADMIN, "demo")
    edit(document["bundle"])
    row = document["bundle"].pop("_row", row)  # an edit may say which row it changed
    before = counts(empty_engine)

    with pytest.raises(InputError) as error:
        import_project(UnitOfWork(empty_engine), LOCAL_ADMIN, document, source="p.json")

    assert (error.value.file, error.value.row, error.value.column) == ("p.json", row, column)
    assert message in error.value.message
    assert counts(empty_engine) == before


def test_importing_a_project_into_its_own_database_is_refused_for_its_key_first(
        rfp_engine: Engine) -> None:
    document = export_project(UnitOfWork(rfp_engine), LOCAL_ADMIN, "demo")
    before = counts(rfp_engine)
    with pytest.raises(InputError, match="a project 'demo' already exists") as error:
        import_project(UnitOfWork(rfp_engine), LOCAL_ADMIN, document)
    assert error.value.column == "project.key"
    assert counts(rfp_engine) == before


def test_a_copy_under_another_key_is_refused_for_the_rfp_references_it_shares(
        rfp_engine: Engine) -> None:
    """A token is all a returned workbook carries, so it may name one RFP in a database."""
    document = export_project(UnitOfWork(rfp_engine), LOCAL_ADMIN, "demo")
    document["bundle"]["project"]["key"] = "demo-copy"
    token = document["bundle"]["rfp_issues"][0]["token"]
    before = counts(rfp_engine)

    with pytest.raises(InputError) as error:
        import_project(UnitOfWork(rfp_engine), LOCAL_ADMIN, document, source="copy.json")

    assert (error.value.row, error.value.column) == (1, "rfp_issues.token")
    assert error.value.message.startswith(
        f"RFP reference {token} is already issued in this database, by project 'demo'")
    assert counts(rfp_engine) == before

    # What the message offers works: the copy arrives without its RFP history.
    document["bundle"]["rfp_issues"] = document["bundle"]["rfp_answers"] = []
    import_project(UnitOfWork(rfp_engine), LOCAL_ADMIN, document, source="copy.json")
    assert issues_of(rfp_engine, "demo-copy") == []


@pytest.mark.postgres
@pytest.mark.skipif(not TEST_DATABASE_URL, reason=NO_POSTGRES)
def test_a_project_with_rfp_history_moves_from_sqlite_to_postgresql_unchanged(
        rfp_history: RfpHistory) -> None:
    source = rfp_history.engine
    with postgres_schema(TEST_DATABASE_URL) as target:
        initialise(target)
        first, second = round_trip(source, target)
        assert without_timestamp(first) == without_timestamp(second)
        assert issues_of(target) == issues_of(source)
        for vendor in rfp_history.answered:
            assert answers_for(UnitOfWork(target), LOCAL_ADMIN, "demo", vendor) == \
                answers_for(UnitOfWork(source), LOCAL_ADMIN, "demo", vendor)


# --- the commands ---------------------------------------------------------------------------

def test_export_then_import_project_into_a_brand_new_database(demo_engine: Engine, tmp_path: Path,
                                                              monkeypatch) -> None:
    exported = tmp_path / "demo.json"
    result = runner.invoke(app, ["export", "demo", "-o", str(exported)])
    assert result.exit_code == 0, result.output

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")  # not even init
    get_engine.cache_clear()
    result = runner.invoke(app, ["import-project", str(exported)])
    assert result.exit_code == 0, result.output
    assert "imported project demo" in result.stdout
    again = tmp_path / "again.json"
    assert runner.invoke(app, ["export", "demo", "-o", str(again)]).exit_code == 0
    get_engine(f"sqlite:///{tmp_path / 'new.db'}").dispose()

    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (exported, again))
    assert without_timestamp(first) == without_timestamp(second)


def test_import_project_with_a_broken_file_exits_2(demo_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format_version": 1,\n "bundle": [}', encoding="utf-8")
    result = runner.invoke(app, ["import-project", str(path)])
    assert result.exit_code == 2
    assert "broken.json, row 2: is not valid JSON" in result.stderr


def test_export_of_an_unknown_project_exits_2(demo_engine: Engine, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "nosuch", "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2 and "no project 'nosuch'" in result.stderr


def test_an_export_is_recorded_in_the_audit_log(demo_engine: Engine) -> None:
    from vendor_eval.services.kernel.audit import list_events

    export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    event = list_events(UnitOfWork(demo_engine), LOCAL_ADMIN, limit=1)[0]
    assert (event.action, event.entity, event.actor) == ("project.export", "project:demo",
                                                         LOCAL_ADMIN.name)
    assert event.detail["vendors"] == 8 and event.detail["profiles"] == ["regulated_hitl_qa v1"]


def test_an_import_that_loses_a_race_for_its_key_is_refused_as_stale_and_writes_nothing(
        demo_engine: Engine, empty_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked free, then taken by another import before this one writes: a clear refusal,
    not a database error, and only the other import's project exists."""
    document = export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    bundle = ProjectBundle.model_validate(document["bundle"])
    import_project(UnitOfWork(empty_engine), LOCAL_ADMIN,
                   {**document, "bundle": {**document["bundle"], "project": {
                       **document["bundle"]["project"], "key": "scratch"}}}, source="a.json")
    rival = bundle.model_copy(update={"vendors": (), "scores": (), "measured": (), "prices": (),
                                      "assessments": (), "risks": (), "evaluators": (),
                                      "assignments": (), "conflicts": (), "submissions": (),
                                      "consensus": (), "freeze": None, "unlock": None,
                                      "profile_changes": (), "rfp_issues": (),
                                      "rfp_answers": ()})
    original = repository.project_from_domain

    def taken_meanwhile(project):
        monkeypatch.setattr(repository, "project_from_domain", original)  # the rival's own
        projects.import_project_bundle(UnitOfWork(empty_engine), LOCAL_ADMIN, rival, "rival")
        return original(project)

    monkeypatch.setattr(repository, "project_from_domain", taken_meanwhile)
    with pytest.raises(StaleWriteError, match="nothing was imported"):
        projects.import_project_bundle(UnitOfWork(empty_engine), LOCAL_ADMIN, bundle, "b.json")

    keys = {p.key for p in projects.list_projects(UnitOfWork(empty_engine), LOCAL_ADMIN)}
    assert keys == {"scratch", "demo"}
    assert len(rank_project(UnitOfWork(empty_engine), LOCAL_ADMIN, "demo").table) == 0
