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

    assert picker.options == ["Claims document-AI validation: human review vendor selection"]
    assert any("Key on the command line: `demo`" in c.value for c in app.sidebar.caption)
