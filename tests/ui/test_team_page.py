"""The team page: scoring progress, frozen weights, reopening and unlocking with a reason,
and people with their roles (admins only)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, texts
from tests.ui.team_support import DANA, click, team_page
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.scoring.team import reopen_submission, scoring_status
from vendor_eval.services.workspace.people import actor_for_login, add_person, list_people
from vendor_eval.store.unit_of_work import UnitOfWork


def status_table(at: AppTest):
    return next(d.value for d in at.dataframe if "Conflict of interest" in d.value.columns)


def people_table(at: AppTest):
    return next(d.value for d in at.dataframe if "E-mail" in d.value.columns)


def text_input(at: AppTest, label_start: str):
    return next(t for t in at.text_input if t.label.startswith(label_start))


def test_the_demo_team_is_frozen_declared_and_submitted(open_page: OpenPage) -> None:
    at = open_page("team")

    assert not at.exception
    assert any(t.startswith("Weights frozen: Regulated human-in-the-loop QA, version 1 (hash `")
               for t in texts(at.success))
    table = status_table(at).set_index("Evaluator")
    assert list(table.index) == ["Dana Whitfield", "Lucía Ortega", "Rahul Menon"]
    assert table.loc["Dana Whitfield", "Conflict of interest"] == "none"
    assert table.loc["Rahul Menon", "Conflict of interest"].startswith("yes: Worked with")
    conflicts = next(t for t in texts(at.markdown) if t.startswith("**Conflicts of interest"))
    assert "- **Rahul Menon**: Worked with Kestrel Data Teams" in conflicts  # in full
    assert "not yet" not in set(table["Submitted"])
    assert "Reopen a submission" in texts(at.subheader)
    assert "Unlock blind scores" not in texts(at.subheader)  # everyone has submitted


def test_reopening_a_submission_needs_a_reason(open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("team")
    at = click(at, "Reopen submission")
    assert any("give a reason" in t for t in texts(at.error))

    at.selectbox[0].set_value("Rahul Menon")
    text_input(at, "Reason for reopening").input("asked to revisit language coverage")
    at = click(at, "Reopen submission")

    assert not at.exception
    assert "Rahul Menon's scores are open for changes again." in texts(at.success)
    assert status_table(at).set_index("Evaluator").loc["Rahul Menon", "Submitted"] == "not yet"
    assert any("1 of 3 assigned evaluators has not submitted" in t for t in texts(at.info))


def test_unlocking_blind_scores_records_who_and_why(open_page: OpenPage,
                                                   demo_engine: Engine) -> None:
    reopen_submission(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "Dana Whitfield", "recheck")
    at = open_page("team")
    text_input(at, "Reason for unlocking").input("steering committee moved forward")

    at = click(at, "Unlock scores")

    assert not at.exception
    assert any("unlocked by local admin" in t and "steering committee moved forward" in t
               for t in texts(at.warning))
    assert scoring_status(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo").unlock is not None


def test_freezing_the_weights_opens_scoring(open_page: OpenPage, demo_engine: Engine) -> None:
    import_project_bundle(UnitOfWork(demo_engine), LOCAL_ADMIN, ProjectBundle.model_validate({
        "project": {"key": "fresh", "title": "Fresh", "profile_id": "balanced",
                    "scope": {"industry": "retail", "volume": 100}},
        "vendors": [{"name": "Alpha", "delivery_model": "bpo"}]}))
    at = open_page("team", project="fresh")
    assert any(t.startswith("Weights not frozen") for t in texts(at.warning))

    at = click(at, "Freeze weights")

    assert not at.exception
    assert "Weights frozen at Balanced, version 1." in texts(at.success)
    assert any(t.startswith("Weights frozen: Balanced, version 1 (hash `")
               for t in texts(at.success))


def test_an_admin_adds_a_person_and_a_duplicate_email_is_refused_keeping_the_form(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("team")
    text_input(at, "Name").input("Priya Natarajan")
    text_input(at, "E-mail (what").input("priya@bluemesa.example")
    at = click(at, "Add person")

    assert "Added Priya Natarajan as evaluator." in texts(at.success)
    assert "Priya Natarajan" in set(people_table(at)["Name"])
    assert actor_for_login(UnitOfWork(demo_engine), "priya@bluemesa.example") is not None

    text_input(at, "Name").input("Priya Again")
    text_input(at, "E-mail (what").input(DANA)
    at = click(at, "Add person")
    assert any("already belongs to Dana Whitfield" in t for t in texts(at.error))
    assert text_input(at, "Name").value == "Priya Again"


def test_a_role_change_made_meanwhile_by_another_admin_is_refused_naming_them(
        open_page: OpenPage, demo_engine: Engine) -> None:
    from vendor_eval.services.workspace.people import update_person

    at = open_page("team")  # the admin picks Dana: her version is taken now
    next(s for s in at.selectbox if s.label == "Person").set_value("Dana Whitfield").run()
    other = LOCAL_ADMIN.model_copy(update={"name": "Other Admin"})
    update_person(UnitOfWork(demo_engine), other, "Dana Whitfield", "analyst", DANA)

    change_form_role = [s for s in at.selectbox if s.label == "Role"][-1]
    change_form_role.set_value("viewer")
    at = click(at, "Save person")

    assert any("changed by Other Admin" in t for t in texts(at.error))
    dana = next(p for p in list_people(UnitOfWork(demo_engine), LOCAL_ADMIN)
                if p.name == "Dana Whitfield")
    assert dana.role.value == "analyst"


def test_an_evaluator_sees_progress_but_no_controls(demo_engine: Engine) -> None:
    at = team_page("team", DANA)

    assert not at.exception
    assert len(status_table(at)) == 3
    labels = {b.label for b in at.button}
    assert not labels & {"Freeze weights", "Reopen submission", "Unlock scores", "Add person",
                         "Save person", "Assign", "Change weights"}


def test_a_new_person_can_be_assigned_to_the_project(open_page: OpenPage,
                                                    demo_engine: Engine) -> None:
    add_person(UnitOfWork(demo_engine), LOCAL_ADMIN, "Eve Park", "evaluator")
    at = open_page("team")
    at.multiselect[0].select("Eve Park").run()

    at = click(at, "Assign")

    assert "Assigned Eve Park." in texts(at.success)
    table = status_table(at).set_index("Evaluator")
    assert table.loc["Eve Park", "Conflict of interest"] == "not declared"


def test_a_successful_reopen_empties_the_reason_box(open_page: OpenPage) -> None:
    at = open_page("team")
    at.selectbox[0].set_value("Rahul Menon")
    text_input(at, "Reason for reopening").input("asked to revisit language coverage")

    at = click(at, "Reopen submission")

    assert "Rahul Menon's scores are open for changes again." in texts(at.success)
    assert text_input(at, "Reason for reopening").value == ""  # ready for the next one


def test_a_refused_reopen_keeps_what_was_typed(open_page: OpenPage) -> None:
    at = open_page("team")
    text_input(at, "Reason for reopening").input("   ")

    at = click(at, "Reopen submission")

    assert any("give a reason" in t for t in texts(at.error))
    assert text_input(at, "Reason for reopening").value == "   "


def test_people_show_roles_in_words_and_no_empty_column(open_page: OpenPage) -> None:
    at = open_page("team")

    people = people_table(at)
    assert set(people["Role"]) == {"Evaluator"}
    assert "Last changed by" not in people.columns  # nobody has changed the demo's people
    assert set(status_table(at)["Role"]) == {"Evaluator"}
    assert "None" not in people.to_string()
