"""Project export and import: export -> import into an empty database -> export gives the same
file apart from `exported_at`; profile versions travel with the project; bad files change
nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, func, select
from typer.testing import CliRunner

from tests.integration.databases import NO_POSTGRES, TEST_DATABASE_URL, postgres_schema
from vendor_eval.cli import app
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.errors import InputError, PermissionDeniedError
from vendor_eval.services.audit import verify_audit_chain
from vendor_eval.services.profiles import get_profile, save_profile_version
from vendor_eval.services.ranking import rank_project
from vendor_eval.services.setup import initialise
from vendor_eval.services.transfer import (
    SECTION_READERS,
    export_project,
    export_text,
    import_project,
    parse_export,
)
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


def round_trip(source: Engine, target: Engine, key: str = "demo") -> tuple[dict, dict]:
    first = export_project(UnitOfWork(source), LOCAL_ADMIN, key)
    data = parse_export(export_text(first), "demo.json")
    import_project(UnitOfWork(target), LOCAL_ADMIN, data, source="demo.json")
    return first, export_project(UnitOfWork(target), LOCAL_ADMIN, key)


def test_demo_export_import_export_is_identical_apart_from_exported_at(
        demo_engine: Engine, empty_engine: Engine) -> None:
    first, second = round_trip(demo_engine, empty_engine)

    assert first["exported_at"] != "" and second["exported_at"] != ""
    assert without_timestamp(first) == without_timestamp(second)
    bundle = first["bundle"]
    assert len(bundle["vendors"]) == 8 and len(bundle["scores"]) > 0
    assert bundle["freeze"] is not None and bundle["assignments"]  # team sections travel too
    assert rank_project(UnitOfWork(empty_engine), LOCAL_ADMIN, "demo").to_records() == \
        rank_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo").to_records()
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
    from vendor_eval.services.audit import list_events

    export_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    event = list_events(UnitOfWork(demo_engine), LOCAL_ADMIN, limit=1)[0]
    assert (event.action, event.entity, event.actor) == ("project.export", "project:demo",
                                                         LOCAL_ADMIN.name)
    assert event.detail["vendors"] == 8 and event.detail["profiles"] == ["regulated_hitl_qa v1"]
