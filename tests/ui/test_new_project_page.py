"""The New project page: the recommendation follows the scope as it is typed; creating selects
the new project; a refused create explains itself beside the field and keeps what was typed."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, texts
from vendor_eval.domain.enums import Industry, Sensitivity
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.kernel.audit import list_events
from vendor_eval.services.project.bundles import list_projects
from vendor_eval.store.unit_of_work import UnitOfWork

PAGE = "new_project"


def field(name: str) -> str:
    return f"new_project:{name}"


def recommended(at: AppTest) -> str:
    """The recommended profile's name in the panel, in bold: '**Name**'."""
    return next(text for text in texts(at.markdown)
                if text.startswith("**") and text.endswith("**") and "Required" not in text)


def required_checks(at: AppTest) -> list[str]:
    """The checks the scope calls for, as the list under "Required before any data moves"
    names them in bold, whole (a list wraps where a table cell would cut the reason)."""
    listed = next(t for t in texts(at.markdown) if t.startswith("- **") and ", because " in t)
    return [line[4:line.index("**, because ")].replace("\\", "")
            for line in listed.splitlines()]


def shown_after(at: AppTest, key: str) -> object:
    """The element drawn right after the widget with `key` in the form column."""
    children = list(at.columns[0].children.values())
    index = next(i for i, child in enumerate(children) if getattr(child, "key", None) == key)
    return children[index + 1]


def fill_project(at: AppTest, key: str, title: str) -> None:
    at.text_input(key=field("key")).input(key)
    at.text_input(key=field("title")).input(title)


def create(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.label == "Create project").click().run()


def test_an_empty_scope_recommends_the_balanced_profile(open_page: OpenPage) -> None:
    at = open_page(PAGE)

    assert not at.exception
    assert recommended(at) == "**Balanced**"
    assert at.selectbox(key=field("profile")).value == "balanced"


def test_choosing_phi_recommends_the_regulated_profile_and_requires_a_hipaa_baa(
        open_page: OpenPage) -> None:
    at = open_page(PAGE)

    at.multiselect(key=field("sensitivity")).select(Sensitivity.PHI).run()

    assert not at.exception
    assert recommended(at) == "**Regulated human-in-the-loop QA**"
    assert any(text.startswith("- PHI in scope") for text in texts(at.markdown))
    assert "HIPAA compliance with a signed business associate agreement" in required_checks(at)
    assert at.selectbox(key=field("profile")).value == "regulated_hitl_qa"


def test_large_image_volumes_recommend_the_computer_vision_profile(open_page: OpenPage) -> None:
    at = open_page(PAGE)

    at.multiselect(key=field("data_types")).select("images").run()
    at.number_input(key=field("volume")).set_value(2_000_000).run()

    assert recommended(at) == "**Computer vision at mega volume**"


def test_a_profile_picked_by_hand_stays_when_the_scope_changes(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    at.selectbox(key=field("profile")).select("content_moderation").run()

    at.multiselect(key=field("sensitivity")).select(Sensitivity.PHI).run()

    assert recommended(at) == "**Regulated human-in-the-loop QA**"
    assert at.selectbox(key=field("profile")).value == "content_moderation"
    assert any("You chose **Content moderation review**" in text for text in texts(at.info))


def test_creating_a_project_selects_it_and_says_what_to_do_next(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page(PAGE)
    at.selectbox(key=field("industry")).select(Industry.INSURANCE)
    at.multiselect(key=field("sensitivity")).select(Sensitivity.FINANCIAL_DATA)
    fill_project(at, "claims", "Claims document QA")

    create(at)

    assert not at.exception
    assert at.session_state["project"] == "claims"
    [message] = texts(at.success)
    assert message.startswith("Created Claims document QA (claims)")
    assert "Vendors page" in message and "RFP page" in message
    assert at.text_input(key=field("key")).value == ""  # ready for the next project
    stored = {p.key: p for p in list_projects(UnitOfWork(demo_engine), LOCAL_ADMIN)}
    assert stored["claims"].profile_id == "regulated_hitl_qa"
    assert stored["claims"].scope.sensitivity == {Sensitivity.FINANCIAL_DATA}


def test_a_taken_key_is_refused_beside_the_key_and_keeps_the_typed_title(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page(PAGE)
    at.multiselect(key=field("sensitivity")).select(Sensitivity.PHI)
    fill_project(at, "demo", "Radiology second reads")

    create(at)

    assert not at.exception
    error = shown_after(at, field("key"))
    assert error.value == "a project 'demo' already exists; choose another key"
    assert at.text_input(key=field("title")).value == "Radiology second reads"
    assert at.multiselect(key=field("sensitivity")).value == [Sensitivity.PHI]
    assert at.session_state["project"] == "demo"
    assert not at.success
    events = list_events(UnitOfWork(demo_engine), LOCAL_ADMIN, actions=["project.create"])
    assert events == []


def test_the_key_error_goes_once_the_key_is_changed(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    fill_project(at, "Bad Key", "Anything")
    create(at)
    assert "is not a valid key" in shown_after(at, field("key")).value

    at.text_input(key=field("key")).input("good-key").run()

    assert not at.error


def test_an_empty_title_is_refused_beside_the_title(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    fill_project(at, "fresh", "  ")

    create(at)

    assert shown_after(at, field("title")).value == "give the project a title"
    assert at.text_input(key=field("key")).value == "fresh"


def test_a_blank_unit_is_flagged_under_the_unit_and_nothing_typed_is_lost(
        open_page: OpenPage) -> None:
    at = open_page(PAGE)
    fill_project(at, "fresh", "Typed title")
    at.multiselect(key=field("sensitivity")).select(Sensitivity.PHI).run()

    at.text_input(key=field("unit")).input(" ").run()

    assert not at.exception
    assert any("name the unit" in text for text in texts(at.error))
    assert at.text_input(key=field("title")).value == "Typed title"
    assert recommended(at) == "**Regulated human-in-the-loop QA**"  # the last complete scope's


def test_the_overview_of_a_new_project_shows_its_scope_and_no_vendors(
        open_page: OpenPage) -> None:
    at = open_page(PAGE)
    at.multiselect(key=field("data_types")).select("LLM preference data")
    fill_project(at, "prefs", "Preference data for the assistant")
    create(at)

    overview = open_page("overview", project="prefs")

    assert not overview.exception
    assert [text for text in texts(overview.info) if text.startswith("No vendors yet")]
    assert not overview.metric and not overview.dataframe
    assert "**Data:** LLM preference data" in overview.markdown[0].value


def test_the_volume_is_read_back_with_separators_and_profiles_are_offered_by_name(
        open_page: OpenPage) -> None:
    at = open_page(PAGE)
    at.number_input(key=field("volume")).set_value(2_500_000)
    at.text_input(key=field("unit")).input("document").run()

    assert not at.exception
    assert "2,500,000 documents" in texts(at.caption)
    offered = at.selectbox(key=field("profile")).options
    assert "Balanced" in offered and not any("(" in name for name in offered)
    assert "Id" not in next(t.value for t in at.dataframe if "Fit points" in t.value.columns)


def test_a_scope_without_checks_of_its_own_says_so_plainly(open_page: OpenPage) -> None:
    at = open_page(PAGE)

    assert not at.exception
    assert any(t.startswith("The 11 checks every project requires, listed below; this scope "
                            "calls for no others.") for t in texts(at.caption))
    assert not any("0 for this scope" in t for t in texts(at.markdown))
