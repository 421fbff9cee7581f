"""The whole app from app.py: it prepares the database, picks the demo, and routes to every page."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.support import APP, TIMEOUT

PAGE_TITLES = {
    "vendor_eval/ui/pages/rfp.py": "RFP",
    "vendor_eval/ui/pages/score.py": "Score",
    "vendor_eval/ui/pages/pilot.py": "Pilot",
    "vendor_eval/ui/pages/risk.py": "Risk",
    "vendor_eval/ui/pages/rank.py": "Rank",
    "vendor_eval/ui/pages/consensus.py": "Consensus",
    "vendor_eval/ui/pages/team.py": "Team",
    "vendor_eval/ui/pages/audit.py": "Audit log",
    "vendor_eval/ui/pages/profiles.py": "Weighting profiles",
    "vendor_eval/ui/pages/report.py": "Shortlist report",
    "vendor_eval/ui/pages/overview.py": "Overview",
    "vendor_eval/ui/pages/new_project.py": "New project",
    "vendor_eval/ui/pages/vendors.py": "Vendors",
    "vendor_eval/ui/pages/settings.py": "Settings",
}


@pytest.fixture
def app(database_url: str) -> AppTest:
    """The app on an empty database: app.py itself must create the schema and load the demo."""
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()


def test_app_opens_on_the_overview_with_the_demo_project_selected(app: AppTest) -> None:
    assert not app.exception
    assert [t.value for t in app.title] == ["Overview"]
    picker = app.sidebar.selectbox[0]
    assert picker.label == "Project"
    assert picker.value == "demo"
    assert app.metric[0].value == "8"


def test_every_page_is_reachable_from_the_app_without_errors(app: AppTest) -> None:
    for page, title in PAGE_TITLES.items():
        app.switch_page(page).run()

        assert not app.exception, page
        assert not app.error, page
        assert [t.value for t in app.title] == [title]
        assert app.sidebar.selectbox[0].value == "demo"


def test_what_if_weights_survive_a_visit_to_another_page(app: AppTest) -> None:
    app.switch_page("vendor_eval/ui/pages/rank.py").run()
    next(s for s in app.slider if s.label == "Commercials").set_value(40).run()

    app.switch_page("vendor_eval/ui/pages/overview.py").run()
    app.switch_page("vendor_eval/ui/pages/rank.py").run()

    assert next(s for s in app.slider if s.label == "Commercials").value == 40


def test_the_project_picker_shows_titles_and_the_key_for_the_command_line(app: AppTest) -> None:
    picker = app.sidebar.selectbox[0]

    assert picker.options == [
        "Claims document-AI validation: human review vendor selection (sample data)"]
    assert any("Key on the command line: `demo`" in c.value for c in app.sidebar.caption)
    assert any(c.value.startswith("Sample data: fictional vendors") for c in app.sidebar.caption)


def own_project(database_url: str) -> None:
    from vendor_eval.domain.enums import Industry
    from vendor_eval.domain.people import LOCAL_ADMIN
    from vendor_eval.domain.project import Scope
    from vendor_eval.services.project.new_project import create_project
    from vendor_eval.store.database import get_engine
    from vendor_eval.store.unit_of_work import UnitOfWork

    create_project(UnitOfWork(get_engine(database_url)), LOCAL_ADMIN, key="claims",
                   title="Claims review", description="",
                   scope=Scope(industry=Industry.INSURANCE, volume=1000), profile_id="balanced")


def test_the_chosen_project_is_kept_in_the_address_so_a_reload_reopens_it(
        app: AppTest, database_url: str) -> None:
    own_project(database_url)
    app.run()
    app.sidebar.selectbox[0].select("claims").run()
    assert app.query_params["project"] == "claims"

    reloaded = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    reloaded.query_params["project"] = "claims"  # F5, a second tab or a shared link
    reloaded.run()

    assert not reloaded.exception
    assert reloaded.sidebar.selectbox[0].value == "claims"
    assert not any("Sample data" in c.value for c in reloaded.sidebar.caption)


def test_a_visit_without_a_project_in_the_address_opens_the_one_used_last(
        app: AppTest, database_url: str) -> None:
    own_project(database_url)
    app.run()
    app.sidebar.selectbox[0].select("claims").run()

    later = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()

    assert later.sidebar.selectbox[0].value == "claims"


def test_a_link_to_a_project_that_does_not_exist_falls_back_to_the_demo(app: AppTest) -> None:
    linked = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    linked.query_params["project"] = "nowhere"
    linked.run()

    assert not linked.exception
    assert linked.sidebar.selectbox[0].value == "demo"
    assert linked.query_params["project"] == "demo"
