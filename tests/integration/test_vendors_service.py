"""Managing a project's vendors one at a time: add (new or linked), edit with optimistic
locking, remove only while nothing recorded would be lost; every change audited.

The world: project `north` with Alpha (evidence of the kind under test) and Beta (none), and
project `south` with Gamma. All three are BPOs, so a reader can follow every count by hand.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import SQLModel, select

from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.enums import DeliveryModel, Role
from vendor_eval.domain.evidence import Vendor
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.errors import InputError, NotFoundError, PermissionDeniedError, StaleWriteError
from vendor_eval.services.decision.ranking import rank_project
from vendor_eval.services.kernel.audit import list_events
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.project.vendors import (
    add_vendor,
    list_project_vendors,
    remove_vendor_from_project,
    update_vendor,
)
from vendor_eval.store.unit_of_work import UnitOfWork

ANALYST = Actor(name="Nadia", role=Role.ANALYST)
EVIDENCE = {
    "prices": [{"vendor": "Alpha", "model": "per_unit", "unit_price": 0.1}],
    "measured": [{"vendor": "Alpha", "criterion_id": "ramp_up_weeks", "value": 3}],
    "assessments": [{"vendor": "Alpha", "item_id": "soc2_type2", "status": "met"}],
    "risks": [{"vendor": "Alpha", "title": "Key staff leave", "likelihood": 2, "impact": 3}],
}


def bundle(key: str, vendors: list[str], **evidence: list[dict]) -> ProjectBundle:
    return ProjectBundle.model_validate({
        "project": {"key": key, "title": key.title(), "profile_id": "balanced",
                    "scope": {"industry": "retail", "volume": 1000}},
        "vendors": [{"name": name, "delivery_model": "bpo", "headquarters": "Porto"}
                    for name in vendors],
        **evidence,
    })


def world(uow: UnitOfWork, evidence: str = "prices") -> None:
    import_project_bundle(uow, LOCAL_ADMIN, bundle("north", ["Alpha", "Beta"],
                                                   **{evidence: EVIDENCE[evidence]}))
    import_project_bundle(uow, LOCAL_ADMIN, bundle("south", ["Gamma"]))


def names(uow: UnitOfWork, project: str) -> list[str]:
    return [v.name for v in list_project_vendors(uow, LOCAL_ADMIN, project)]


def row_counts(uow: UnitOfWork) -> dict[str, int]:
    with uow:
        return {name: uow.session.exec(select(func.count()).select_from(table)).one()
                for name, table in SQLModel.metadata.tables.items()}


def vendor_events(uow: UnitOfWork) -> list[tuple[str, str, dict]]:
    """(action, entity, detail) of vendor events, oldest first."""
    events = list_events(uow, LOCAL_ADMIN, actions=["vendor.add", "vendor.update",
                                                     "vendor.remove"])
    return [(e.action, e.entity, e.detail) for e in reversed(events)]


# --- listing --------------------------------------------------------------------------------

def test_the_list_counts_each_vendors_evidence_in_the_project(uow: UnitOfWork) -> None:
    world(uow)
    alpha, beta = list_project_vendors(uow, LOCAL_ADMIN, "north")

    assert (alpha.name, alpha.version, alpha.vendor.headquarters) == ("Alpha", 1, "Porto")
    assert alpha.evidence.prices == 1 and alpha.evidence.total == 1
    assert not alpha.removable
    assert beta.evidence.total == 0 and beta.removable


# --- adding ---------------------------------------------------------------------------------

def test_a_new_vendor_is_added_to_the_project_and_audited(uow: UnitOfWork) -> None:
    world(uow)
    added = add_vendor(uow, ANALYST, "north", {"name": "  Delta Annotate ",
                                               "delivery_model": "managed_team",
                                               "headquarters": "Nairobi"})

    assert not added.linked
    assert added.vendor.vendor == Vendor(name="Delta Annotate",
                                         delivery_model=DeliveryModel.MANAGED_TEAM,
                                         headquarters="Nairobi")
    assert names(uow, "north") == ["Alpha", "Beta", "Delta Annotate"]
    assert names(uow, "south") == ["Gamma"]
    assert vendor_events(uow) == [("vendor.add", "project:north", {
        "vendor": "Delta Annotate", "linked": False,
        "after": {"delivery_model": "managed_team", "headquarters": "Nairobi",
                  "description": ""}})]
    assert list_events(uow, LOCAL_ADMIN, actions=["vendor.add"])[0].actor == "Nadia"


def test_a_vendor_known_from_another_project_is_linked_not_duplicated(uow: UnitOfWork) -> None:
    world(uow)
    before = row_counts(uow)

    added = add_vendor(uow, ANALYST, "south", Vendor(name="Alpha", delivery_model="crowd_platform",
                                                     headquarters="elsewhere"))

    assert added.linked
    # The shared record is kept as it was: the add form does not overwrite other projects' data.
    assert added.vendor.vendor.delivery_model is DeliveryModel.BPO
    assert added.vendor.vendor.headquarters == "Porto"
    assert names(uow, "south") == ["Alpha", "Gamma"]
    after = row_counts(uow)
    assert after["vendor"] == before["vendor"]
    assert after["project_vendor"] == before["project_vendor"] + 1
    # Evidence stays with its project: Alpha's price in north is not Alpha's in south.
    south_alpha = list_project_vendors(uow, LOCAL_ADMIN, "south")[0]
    assert south_alpha.evidence.total == 0
    assert vendor_events(uow)[-1][2]["linked"] is True


@pytest.mark.parametrize("name, shown", [("Beta", "'Beta' is already a vendor of project"),
                                         ("beta ", "already a vendor of project 'north' as "
                                                   "'Beta'")])
def test_a_vendor_already_in_the_project_is_refused_naming_the_name_and_writing_nothing(
        uow: UnitOfWork, name: str, shown: str) -> None:
    world(uow)
    before = row_counts(uow)

    with pytest.raises(InputError) as refused:
        add_vendor(uow, ANALYST, "north", {"name": name, "delivery_model": "bpo"})

    assert refused.value.column == "name"
    assert shown in refused.value.message
    assert row_counts(uow) == before


def test_a_name_differing_from_a_known_vendor_only_in_case_is_refused(uow: UnitOfWork) -> None:
    world(uow)
    with pytest.raises(InputError, match="a vendor named 'Gamma' is already known") as refused:
        add_vendor(uow, ANALYST, "north", {"name": "GAMMA", "delivery_model": "bpo"})
    assert refused.value.column == "name"


@pytest.mark.parametrize("values, column, text", [
    ({"name": "  ", "delivery_model": "bpo"}, "name", "give the vendor a name"),
    ({"name": "Delta"}, "delivery_model", "choose a delivery model"),
    ({"name": "Delta", "delivery_model": "freelance"}, "delivery_model",
     "'freelance' is not a delivery model"),
])
def test_bad_form_values_name_the_field(uow: UnitOfWork, values: dict, column: str,
                                        text: str) -> None:
    world(uow)
    with pytest.raises(InputError) as refused:
        add_vendor(uow, ANALYST, "north", values)
    assert refused.value.column == column
    assert text in refused.value.message


def test_an_added_vendor_takes_part_in_the_ranking(uow: UnitOfWork) -> None:
    world(uow)
    add_vendor(uow, ANALYST, "north", {"name": "Delta", "delivery_model": "bpo"})

    table = rank_project(uow, LOCAL_ADMIN, "north").table

    assert sorted(table["vendor"]) == ["Alpha", "Beta", "Delta"]


# --- editing --------------------------------------------------------------------------------

def test_an_edit_from_the_current_version_is_saved_everywhere_and_audited(
        uow: UnitOfWork) -> None:
    world(uow)
    add_vendor(uow, ANALYST, "south", {"name": "Alpha", "delivery_model": "bpo"})

    saved = update_vendor(uow, ANALYST, "Alpha", "managed_team", "Lisbon", "Medical coders",
                          base_version=1)

    assert saved.version == 2
    for project in ("north", "south"):
        alpha = next(v for v in list_project_vendors(uow, LOCAL_ADMIN, project)
                     if v.name == "Alpha")
        assert (alpha.vendor.delivery_model, alpha.vendor.headquarters, alpha.version) == (
            DeliveryModel.MANAGED_TEAM, "Lisbon", 2)
    action, entity, detail = vendor_events(uow)[-1]
    assert (action, entity) == ("vendor.update", "vendor:Alpha")
    assert detail["projects"] == ["north", "south"]
    assert detail["before"] == {"delivery_model": "bpo", "headquarters": "Porto",
                                "description": ""}
    assert detail["after"]["headquarters"] == "Lisbon"


def test_an_edit_from_a_stale_version_is_refused_saying_what_is_stored_now(
        uow: UnitOfWork) -> None:
    world(uow)
    update_vendor(uow, ANALYST, "Alpha", "bpo", "Lisbon", "", base_version=1)  # someone else
    events_before = len(vendor_events(uow))

    with pytest.raises(StaleWriteError) as refused:
        update_vendor(uow, ANALYST, "Alpha", "crowd_platform", "Porto", "", base_version=1)

    message = str(refused.value)
    assert "you had version 1, it is now version 2" in message
    assert "headquarters 'Lisbon'" in message and "reload" in message
    alpha = list_project_vendors(uow, LOCAL_ADMIN, "north")[0]
    assert (alpha.vendor.delivery_model, alpha.vendor.headquarters) == (DeliveryModel.BPO,
                                                                        "Lisbon")
    assert len(vendor_events(uow)) == events_before


def test_an_edit_that_changes_nothing_records_nothing(uow: UnitOfWork) -> None:
    world(uow)
    same = update_vendor(uow, ANALYST, "Alpha", "bpo", "Porto", "", base_version=1)
    assert same.version == 1
    assert vendor_events(uow) == []


def test_editing_an_unknown_vendor_says_so(uow: UnitOfWork) -> None:
    world(uow)
    with pytest.raises(NotFoundError, match="no vendor 'Omega'"):
        update_vendor(uow, ANALYST, "Omega", "bpo", "", "", base_version=1)


# --- removing -------------------------------------------------------------------------------

@pytest.mark.parametrize("evidence, described", [
    ("prices", "1 price quote"), ("measured", "1 measured value"),
    ("assessments", "1 checklist finding"), ("risks", "1 risk register entry"),
])
def test_a_vendor_with_evidence_in_the_project_is_not_removed(
        uow: UnitOfWork, evidence: str, described: str) -> None:
    world(uow, evidence)
    before = row_counts(uow)

    with pytest.raises(InputError) as refused:
        remove_vendor_from_project(uow, ANALYST, "north", "Alpha")

    assert f"Alpha has evidence in project 'north' ({described})" in refused.value.message
    assert "would lose that evidence" in refused.value.message
    assert row_counts(uow) == before


def test_a_scored_demo_vendor_is_not_removed(demo_uow: UnitOfWork) -> None:
    with pytest.raises(InputError, match=r"Verity Loop has evidence in project 'demo' \(120 "
                                         r"scores, .*1 price quote"):
        remove_vendor_from_project(demo_uow, LOCAL_ADMIN, "demo", "Verity Loop")
    assert len(list_project_vendors(demo_uow, LOCAL_ADMIN, "demo")) == 8


def test_a_vendor_without_evidence_is_unlinked_from_that_project_only(uow: UnitOfWork) -> None:
    world(uow)
    add_vendor(uow, ANALYST, "south", {"name": "Beta", "delivery_model": "bpo"})

    remove_vendor_from_project(uow, ANALYST, "north", "Beta")

    assert names(uow, "north") == ["Alpha"]
    assert names(uow, "south") == ["Beta", "Gamma"]  # still known, still in south
    assert vendor_events(uow)[-1][:2] == ("vendor.remove", "project:north")
    assert sorted(rank_project(uow, LOCAL_ADMIN, "north").table["vendor"]) == ["Alpha"]


def test_removing_a_vendor_not_in_the_project_says_so(uow: UnitOfWork) -> None:
    world(uow)
    with pytest.raises(NotFoundError, match="'Gamma' is not a vendor of project 'north'"):
        remove_vendor_from_project(uow, ANALYST, "north", "Gamma")


# --- who may ------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.VIEWER], ids=lambda r: r.value)
def test_evaluators_and_viewers_may_read_but_not_change_vendors(uow: UnitOfWork,
                                                                role: Role) -> None:
    world(uow)
    me = Actor(name="Sam", role=role)
    before = row_counts(uow)

    assert [v.name for v in list_project_vendors(uow, me, "north")] == ["Alpha", "Beta"]
    for change in (
        lambda: add_vendor(uow, me, "north", {"name": "Delta", "delivery_model": "bpo"}),
        lambda: update_vendor(uow, me, "Alpha", "bpo", "Lisbon", "", base_version=1),
        lambda: remove_vendor_from_project(uow, me, "north", "Beta"),
    ):
        with pytest.raises(PermissionDeniedError, match=f"Sam \\({role.value}\\) may not"):
            change()
    assert row_counts(uow) == before


def test_an_evaluator_does_not_learn_whether_a_sealed_price_exists(uow: UnitOfWork) -> None:
    world(uow)
    evaluator = Actor(name="Sam", role=Role.EVALUATOR)
    alpha = list_project_vendors(uow, evaluator, "north")[0]
    assert alpha.evidence.prices is None
    assert alpha.evidence.total == 0 and alpha.evidence.describe() == ""
    assert not alpha.removable  # unknown while sealed, so not offered as removable
