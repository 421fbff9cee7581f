"""Profile versions through the services and the CLI: compare two versions, clone, export to
YAML and import it back, refusing bad or hostile files without writing anything."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from vendor_eval.cli.app import app
from vendor_eval.config import PROFILES_DIR
from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.domain.profiles import Profile, load_profile
from vendor_eval.engine.profile_diff import ChangeKind, ChangeStatus
from vendor_eval.errors import InputError, PermissionDeniedError
from vendor_eval.services.decision.profiles import (
    clone_profile,
    diff_versions,
    export_profile_yaml,
    get_profile,
    import_profile_yaml,
    list_profile_ids,
    list_versions,
    save_profile_version,
)
from vendor_eval.services.kernel.audit import list_events
from vendor_eval.services.kernel.catalogue import get_catalogue
from vendor_eval.store.unit_of_work import UnitOfWork

SHIPPED = sorted(PROFILES_DIR.glob("*.yaml"))
ANALYST = Actor(name="Nia", role=Role.ANALYST)
EVALUATOR = Actor(name="Eve", role=Role.EVALUATOR)
VIEWER = Actor(name="Vic", role=Role.VIEWER)
runner = CliRunner()


def more_pilot_accuracy(uow: UnitOfWork) -> Profile:
    """balanced v2: pilot accuracy 40 -> 50 and agreement 20 -> 10 inside pilot (16% of all),
    so accuracy moves from 6.4% to 8.0% of the whole profile."""
    body = get_profile(uow, LOCAL_ADMIN, "balanced").model_dump(mode="json")
    body["categories"]["pilot"]["criteria"].update(pilot_accuracy=50, pilot_agreement=10)
    return save_profile_version(uow, LOCAL_ADMIN, body, "pilot accuracy matters more")


def stored(uow: UnitOfWork) -> tuple[list[str], list[int], int]:
    """What a refused action must leave untouched: profiles, balanced's versions, audit events."""
    versions = [int(v["version"]) for v in list_versions(uow, LOCAL_ADMIN, "balanced")]
    return (list_profile_ids(uow, LOCAL_ADMIN), versions,
            len(list_events(uow, LOCAL_ADMIN, limit=10_000)))


# --------------------------------------------------------------------------- diff

def test_diff_between_two_stored_versions_reports_the_moves_in_percentage_points(uow) -> None:
    more_pilot_accuracy(uow)

    changes = {c.element: c for c in diff_versions(uow, VIEWER, "balanced", 1, 2)}

    assert set(changes) == {"pilot_accuracy", "pilot_agreement"}
    accuracy = changes["pilot_accuracy"]
    assert (accuracy.kind, accuracy.status, accuracy.before, accuracy.after) == (
        ChangeKind.CRITERION_WEIGHT, ChangeStatus.CHANGED, 40.0, 50.0)
    assert accuracy.effective_change_pp == pytest.approx(1.6)  # 16% x (50% - 40%)
    assert changes["pilot_agreement"].effective_change_pp == pytest.approx(-1.6)
    assert diff_versions(uow, VIEWER, "balanced", 2, 2) == []


# --------------------------------------------------------------------------- clone

def test_clone_then_edit_leaves_the_source_unchanged(uow) -> None:
    source = get_profile(uow, LOCAL_ADMIN, "balanced")

    clone = clone_profile(uow, ANALYST, "balanced", 1, "balanced_pilot_heavy",
                          "Balanced, pilot-heavy", "for the retail RFP")
    body = clone.model_dump(mode="json")
    body["categories"]["pilot"]["weight"] += 4
    body["categories"]["references"]["weight"] -= 4
    edited = save_profile_version(uow, ANALYST, body, "more pilot")

    assert (clone.id, clone.name, clone.version, edited.version) == (
        "balanced_pilot_heavy", "Balanced, pilot-heavy", 1, 2)
    assert clone.categories == source.categories and clone.gates == source.gates
    assert get_profile(uow, LOCAL_ADMIN, "balanced") == source
    assert [v["version"] for v in list_versions(uow, LOCAL_ADMIN, "balanced")] == [1]
    first = list_versions(uow, LOCAL_ADMIN, "balanced_pilot_heavy")[0]
    assert (first["author"], first["note"]) == ("Nia", "cloned from balanced v1: for the "
                                                       "retail RFP")
    [event] = list_events(uow, LOCAL_ADMIN, entity="profile:balanced_pilot_heavy:v1")
    assert (event.actor, event.action, event.detail["cloned_from"]) == (
        "Nia", "profile.save", "balanced:v1")


@pytest.mark.parametrize(("new_id", "name", "column", "message"), [
    ("balanced", "Copy", "id", "a profile 'balanced' already exists"),
    ("Balanced Copy", "Copy", "id", "is not a valid profile id"),
    ("9lives", "Copy", "id", "is not a valid profile id"),
    ("copy", "  ", "name", "give the profile a name"),
])
def test_a_clone_with_a_bad_or_taken_id_is_refused_on_that_field(uow, new_id: str, name: str,
                                                                 column: str,
                                                                 message: str) -> None:
    before = stored(uow)

    with pytest.raises(InputError, match=message) as refused:
        clone_profile(uow, ANALYST, "balanced", None, new_id, name)

    assert refused.value.column == column
    assert stored(uow) == before


# --------------------------------------------------------------------------- export / import

@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_profile_exports_to_yaml_that_the_shipped_loader_reads_back_equal(
        uow, tmp_path: Path, path: Path) -> None:
    shipped = load_profile(path, get_catalogue())
    target = tmp_path / f"{shipped.id}-v1.yaml"

    target.write_text(export_profile_yaml(uow, VIEWER, shipped.id, 1), encoding="utf-8")

    assert load_profile(target, get_catalogue()) == shipped


def test_export_then_import_stores_the_next_version_with_equal_weights(uow) -> None:
    more_pilot_accuracy(uow)
    exported = export_profile_yaml(uow, LOCAL_ADMIN, "balanced", 2)

    imported = import_profile_yaml(uow, ANALYST, exported, "balanced-v2.yaml", "")

    assert imported.version == 3
    assert imported.criterion_weights() == get_profile(uow, LOCAL_ADMIN, "balanced",
                                                       2).criterion_weights()
    assert list_versions(uow, LOCAL_ADMIN, "balanced")[-1]["note"] == (
        "imported from balanced-v2.yaml")
    assert diff_versions(uow, LOCAL_ADMIN, "balanced", 2, 3) == []


def test_importing_a_file_with_a_new_id_creates_that_profile(uow) -> None:
    text = export_profile_yaml(uow, LOCAL_ADMIN, "balanced").replace(
        "id: balanced", "id: balanced_retail", 1)

    imported = import_profile_yaml(uow, ANALYST, text.encode(), "retail.yaml", "retail variant")

    assert (imported.id, imported.version) == ("balanced_retail", 1)
    assert "balanced_retail" in list_profile_ids(uow, LOCAL_ADMIN)


def edit_yaml(uow: UnitOfWork, change: Callable[[dict], None]) -> str:
    body = yaml.safe_load(export_profile_yaml(uow, LOCAL_ADMIN, "balanced"))
    change(body)
    return yaml.safe_dump(body, sort_keys=False)


def _unbalanced_criteria(body: dict) -> None:
    body["categories"]["pilot"]["criteria"]["pilot_accuracy"] = 35  # pilot now sums to 95


def _unbalanced_categories(body: dict) -> None:
    body["categories"]["pilot"]["weight"] = 20  # categories now sum to 104


def _negative_weight(body: dict) -> None:
    body["categories"]["pilot"]["criteria"].update(pilot_accuracy=-10, pilot_agreement=70)


def _unknown_criterion(body: dict) -> None:
    criteria = body["categories"]["pilot"]["criteria"]
    criteria["pilot_magic"] = criteria.pop("pilot_escalation_handling")


def _text_weight(body: dict) -> None:
    body["categories"]["pilot"]["criteria"]["pilot_accuracy"] = "forty"


@pytest.mark.parametrize(("change", "column", "message"), [
    (_unbalanced_criteria, "categories.pilot.criteria", "criteria weights: weights sum to 95"),
    (_unbalanced_categories, "categories", "category weights: weights sum to 104"),
    (_negative_weight, "categories.pilot.criteria.pilot_accuracy", "is negative"),
    (_unknown_criterion, "categories.pilot.criteria.pilot_magic",
     "unknown criterion id 'pilot_magic'"),
    (_text_weight, "categories.pilot.criteria.pilot_accuracy", "valid number"),
], ids=["criteria-sum", "category-sum", "negative", "unknown-criterion", "not-a-number"])
def test_an_invalid_profile_file_is_refused_naming_the_field_path_and_nothing_is_stored(
        uow, change: Callable[[dict], None], column: str, message: str) -> None:
    text = edit_yaml(uow, change)
    before = stored(uow)

    with pytest.raises(InputError, match=message) as refused:
        import_profile_yaml(uow, ANALYST, text, "edited.yaml", "")

    assert (refused.value.file, refused.value.column) == ("edited.yaml", column)
    assert stored(uow) == before


HOSTILE = {
    "python-tag": ("id: balanced\nname: !!python/object/apply:os.system ['touch /tmp/owned']\n",
                   2, "tag '!!python/object/apply:os.system'"),
    "billion-laughs": ("a: &a [x, x, x, x, x, x, x, x, x]\n"
                       "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                       "id: balanced\n", 1, "anchor or alias"),
    "duplicate-key": ("id: balanced\nname: A\nname: B\n", 3, "'name' appears twice"),
    "syntax": ("id: balanced\ncategories: {pilot: [\n", 3, "not valid YAML"),
    "not-a-mapping": ("- balanced\n", None, "expected a profile"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_or_broken_yaml_is_refused_before_anything_is_built(uow, case: str) -> None:
    text, row, message = HOSTILE[case]
    before = stored(uow)

    with pytest.raises(InputError, match=message) as refused:
        import_profile_yaml(uow, ANALYST, text, "evil.yaml", "")

    assert (refused.value.file, refused.value.row) == ("evil.yaml", row)
    assert stored(uow) == before


def test_a_file_that_is_not_utf8_is_refused(uow) -> None:
    with pytest.raises(InputError, match="not UTF-8"):
        import_profile_yaml(uow, ANALYST, b"id: \xff\xfe", "latin.yaml", "")


# --------------------------------------------------------------------------- permissions

@pytest.mark.parametrize("actor", [VIEWER, EVALUATOR], ids=["viewer", "evaluator"])
def test_viewers_and_evaluators_may_compare_and_export_but_not_clone_or_import(
        uow, actor: Actor) -> None:
    more_pilot_accuracy(uow)
    before = stored(uow)
    exported = export_profile_yaml(uow, actor, "balanced")

    assert diff_versions(uow, actor, "balanced", 1, 2)
    with pytest.raises(PermissionDeniedError):
        clone_profile(uow, actor, "balanced", None, "mine", "Mine")
    with pytest.raises(PermissionDeniedError):
        import_profile_yaml(uow, actor, exported, "balanced.yaml", "")
    assert stored(uow) == before


# --------------------------------------------------------------------------- CLI

@pytest.fixture
def cli_database(engine) -> None:
    """The shipped profiles in the database DATABASE_URL names (as `vendor-eval init` leaves it)."""


def test_cli_lists_profiles_with_their_newest_version(cli_database) -> None:
    result = runner.invoke(app, ["profile", "list", "--format", "json"])

    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {path.stem for path in SHIPPED}
    assert rows["balanced"] == {"id": "balanced", "version": 1, "name": "Balanced"}


def test_cli_export_edit_import_and_diff(cli_database, tmp_path: Path) -> None:
    target = tmp_path / "balanced-v1.yaml"
    exported = runner.invoke(app, ["profile", "export", "balanced", "-o", str(target)])
    assert exported.exit_code == 0, exported.output
    body = yaml.safe_load(target.read_text(encoding="utf-8"))
    body["categories"]["pilot"]["criteria"].update(pilot_accuracy=50, pilot_agreement=10)
    target.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")

    imported = runner.invoke(app, ["profile", "import", str(target), "--note", "pilot first"])
    diff = runner.invoke(app, ["profile", "diff", "balanced", "--from", "1", "--to", "2",
                               "--format", "json"])
    table = runner.invoke(app, ["profile", "diff", "balanced", "--from", "1", "--to", "2"])

    assert imported.exit_code == 0, imported.output
    assert "imported balanced as version 2" in imported.stdout
    rows = json.loads(diff.stdout)
    assert [(r["element"], r["status"]) for r in rows] == [("pilot_accuracy", "changed"),
                                                           ("pilot_agreement", "changed")]
    assert rows[0]["effective_change_pp"] == pytest.approx(1.6)
    assert "Pilot accuracy against the golden set: 6.4% → 8.0% (+1.6 pp)" in table.stdout


def test_cli_clone_and_its_refusal(cli_database) -> None:
    cloned = runner.invoke(app, ["profile", "clone", "balanced", "balanced_copy",
                                 "--name", "Balanced copy"])
    again = runner.invoke(app, ["profile", "clone", "balanced", "balanced_copy",
                                "--name", "Balanced copy"])

    assert cloned.exit_code == 0, cloned.output
    assert "cloned balanced as balanced_copy v1" in cloned.stdout
    assert again.exit_code == 2
    assert "column/field 'id': a profile 'balanced_copy' already exists" in again.stderr


def test_cli_import_of_a_bad_file_exits_2_naming_the_field(cli_database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    assert runner.invoke(app, ["profile", "export", "balanced", "-o", str(bad)]).exit_code == 0
    text = bad.read_text(encoding="utf-8")
    bad.write_text(text.replace("pilot_accuracy: 40", "pilot_accuracy: 45"), encoding="utf-8")

    result = runner.invoke(app, ["profile", "import", str(bad)])
    missing = runner.invoke(app, ["profile", "import", str(tmp_path / "nope.yaml")])

    assert result.exit_code == 2
    assert ("bad.yaml, column/field 'categories.pilot.criteria': criteria weights: weights sum "
            "to 105") in result.stderr
    assert missing.exit_code == 2 and "file not found" in missing.stderr
