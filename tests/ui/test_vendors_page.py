"""The vendors page: the project's vendors with their evidence, and adding, editing, removing
and importing them. Forms keep what was typed when a save is refused.

The demo has eight vendors, each scored, priced and assessed, so none of them can be removed.
"""

from __future__ import annotations

from typing import TypeVar

import pandas as pd
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, texts
from tests.ui.team_support import DANA, team_page
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.project.vendors import list_project_vendors, update_vendor
from vendor_eval.store.unit_of_work import UnitOfWork

VERITY = "Verity Loop"
CSV = "text/csv"
W = TypeVar("W")


def vendor_table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value.set_index("Vendor")


def field(elements: list[W], form: str, name: str) -> W:
    """A form's field: keys are `vendors_<form>:<project>:...:<name>`."""
    return next(w for w in elements
                if w.key and w.key.startswith(f"vendors_{form}:") and w.key.endswith(f":{name}"))


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def add(at: AppTest, name: str, model: str | None, headquarters: str = "") -> AppTest:
    field(at.text_input, "add", "name").input(name)
    if model is not None:
        field(at.selectbox, "add", "delivery_model").set_value(model)
    field(at.text_input, "add", "headquarters").input(headquarters)
    return click(at, "Add vendor")


def test_the_demo_vendors_are_listed_first_with_their_evidence(open_page: OpenPage) -> None:
    at = open_page("vendors")

    assert not at.exception
    table = vendor_table(at)
    assert len(table) == 8
    assert table.loc[VERITY, "Delivery model"] == "Platform plus workforce"
    assert set(table["Delivery model"]) >= {"BPO", "Boutique HITL", "Managed team"}
    assert table.loc[VERITY, "Scores"] == 120
    assert table.loc[VERITY, "Price quote"] == "yes"


def test_an_added_vendor_appears_in_the_table(open_page: OpenPage) -> None:
    at = add(open_page("vendors"), "Acme Labelling", "managed_team", "Lisbon")

    assert not at.exception
    assert "Added Acme Labelling to this project." in texts(at.success)
    table = vendor_table(at)
    assert len(table) == 9
    assert table.loc["Acme Labelling", "Headquarters"] == "Lisbon"
    assert at.selectbox(key="vendors_remove_pick:demo:1").options == ["Acme Labelling"]
    assert field(at.text_input, "add", "name").value == ""  # the form starts afresh


def test_a_duplicate_is_refused_next_to_the_form_keeping_what_was_typed(
        open_page: OpenPage) -> None:
    at = add(open_page("vendors"), VERITY, "bpo", "Typed HQ")

    assert not at.exception
    assert any(f"'{VERITY}' is already a vendor of project 'demo'" in t for t in texts(at.error))
    assert field(at.text_input, "add", "name").value == VERITY
    assert field(at.text_input, "add", "headquarters").value == "Typed HQ"
    assert field(at.selectbox, "add", "delivery_model").value == "bpo"
    assert len(vendor_table(at)) == 8


def test_a_missing_delivery_model_is_asked_for(open_page: OpenPage) -> None:
    at = add(open_page("vendors"), "Acme Labelling", None)

    assert any("choose a delivery model" in t for t in texts(at.error))
    assert field(at.text_input, "add", "name").value == "Acme Labelling"


def test_editing_a_vendor_saves_its_details(open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("vendors")
    at.selectbox(key="vendors_edit_pick:demo").set_value(VERITY).run()
    field(at.text_input, "edit", "headquarters").input("Rotterdam, Netherlands")
    at = click(at, "Save changes")

    assert not at.exception
    assert f"Saved {VERITY}." in texts(at.success)
    assert vendor_table(at).loc[VERITY, "Headquarters"] == "Rotterdam, Netherlands"
    stored = next(v for v in list_project_vendors(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
                  if v.name == VERITY)
    assert stored.version == 2


def test_an_edit_made_meanwhile_by_someone_else_is_not_overwritten(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("vendors")
    at.selectbox(key="vendors_edit_pick:demo").set_value(VERITY).run()  # version 1 is loaded
    update_vendor(UnitOfWork(demo_engine), LOCAL_ADMIN, VERITY, "bpo", "Antwerp", "", 1)

    field(at.text_input, "edit", "headquarters").input("Rotterdam")
    at = click(at, "Save changes")

    assert any(f"{VERITY} was changed since you loaded it" in t and "Antwerp" in t
               for t in texts(at.error))
    assert field(at.text_input, "edit", "headquarters").value == "Rotterdam"  # kept
    assert vendor_table(at).loc[VERITY, "Headquarters"] == "Antwerp"


def test_vendors_with_evidence_are_not_offered_for_removal_and_the_page_says_why(
        open_page: OpenPage) -> None:
    at = open_page("vendors")

    assert not at.exception
    picker = at.selectbox(key="vendors_remove_pick:demo:0")
    assert picker.options == [] and picker.disabled
    assert next(b for b in at.button if b.label == "Remove from project").disabled
    assert any(t.startswith("No vendor can be removed now: each has evidence in this project")
               for t in texts(at.caption))


def test_a_vendor_added_by_mistake_is_removed(open_page: OpenPage) -> None:
    at = add(open_page("vendors"), "Acme Labelling", "bpo")
    # The first vendor without evidence is offered first.
    assert at.selectbox(key="vendors_remove_pick:demo:1").value == "Acme Labelling"

    at = click(at, "Remove from project")

    assert "Removed Acme Labelling from this project." in texts(at.success)
    assert "Acme Labelling" not in vendor_table(at).index


def test_importing_a_file_adds_its_vendors(open_page: OpenPage) -> None:
    good = (b"name,delivery_model,headquarters\n"
            b"Acme Labelling,bpo,Lisbon\n"
            b"Brightline Data,managed_team,Accra\n")
    at = open_page("vendors")

    at.file_uploader(key="vendors_import:demo:0").set_value(("vendors.csv", good, CSV)).run()
    at = click(at, "Import vendors")

    assert not at.exception
    assert any(t.startswith("2 vendors row(s) from vendors.csv imported into demo: 2 changed")
               for t in texts(at.success))
    assert {"Acme Labelling", "Brightline Data"} <= set(vendor_table(at).index)


def test_a_bad_file_names_row_and_column_and_imports_nothing(open_page: OpenPage) -> None:
    bad = (b"name,delivery_model\n"
           b"Acme Labelling,bpo\n"
           b"Brightline Data,freelancers\n")
    at = open_page("vendors")

    at.file_uploader(key="vendors_import:demo:0").set_value(("vendors.csv", bad, CSV)).run()
    at = click(at, "Import vendors")

    assert any(t.startswith("vendors.csv, row 3, column 'delivery_model'")
               for t in texts(at.error))
    assert any("Nothing was imported" in t for t in texts(at.caption))
    assert len(vendor_table(at)) == 8  # row 2 was not written either


def test_a_project_without_vendors_says_how_to_add_them(open_page: OpenPage,
                                                        demo_engine: Engine) -> None:
    import_project_bundle(UnitOfWork(demo_engine), LOCAL_ADMIN, ProjectBundle.model_validate({
        "project": {"key": "fresh", "title": "Fresh", "profile_id": "balanced",
                    "scope": {"industry": "retail", "volume": 100}},
        "vendors": []}))

    at = open_page("vendors", project="fresh")

    assert not at.exception
    hint = "\n".join(texts(at.info))
    assert "This project has no vendors yet. Add one below, or import" in hint
    assert "`name`, `delivery_model` (required)" in hint
    assert not at.dataframe
    at = add(at, "Acme Labelling", "bpo")
    assert list(vendor_table(at).index) == ["Acme Labelling"]


def test_an_evaluator_sees_the_vendors_but_no_forms(demo_engine: Engine) -> None:
    at = team_page("vendors", DANA)

    assert not at.exception
    assert len(vendor_table(at)) == 8
    assert not at.button and not at.text_input
    assert any("your role can view them" in t for t in texts(at.caption))


def test_a_vendor_known_from_another_project_is_linked_with_its_recorded_details(
        open_page: OpenPage, demo_engine: Engine) -> None:
    import_project_bundle(UnitOfWork(demo_engine), LOCAL_ADMIN, ProjectBundle.model_validate({
        "project": {"key": "other", "title": "Other", "profile_id": "balanced",
                    "scope": {"industry": "retail", "volume": 100}},
        "vendors": [{"name": "Acme Labelling", "delivery_model": "bpo",
                     "headquarters": "Lisbon"}]}))

    at = add(open_page("vendors"), "Acme Labelling", "crowd_platform", "somewhere else")

    assert ("Linked Acme Labelling, known from another project, with its recorded details "
            "(BPO, Lisbon); edit them below if they have changed.") in texts(at.success)
    assert vendor_table(at).loc["Acme Labelling", "Headquarters"] == "Lisbon"


def test_the_vendor_table_shows_words_and_a_dash_for_a_missing_headquarters(
        open_page: OpenPage) -> None:
    at = add(open_page("vendors"), "Acme Labelling", "boutique_hitl")

    table = vendor_table(at)
    assert table.loc["Acme Labelling", "Delivery model"] == "Boutique HITL"
    assert table.loc["Acme Labelling", "Headquarters"] == "\u2014"
    assert "None" not in table.to_string()
    assert "Boutique HITL" in field(at.selectbox, "add", "delivery_model").options
