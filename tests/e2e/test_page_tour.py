"""Every page of the app in a real browser on the demo project: it renders without an error, and
a full-page screenshot of it lands in tests/artifacts/ for people to look at."""

from __future__ import annotations

import pytest

from tests.e2e.streamlit_ui import expect, go_to, open_app

pytestmark = pytest.mark.e2e

# app.py's navigation, in its order: (sidebar link, the page's heading).
PAGES = [
    ("Overview", "Overview"),
    ("New project", "New project"),
    ("Vendors", "Vendors"),
    ("RFP", "RFP"),
    ("Score", "Score"),
    ("Prices", "Prices"),
    ("Consensus", "Consensus"),
    ("Pilot", "Pilot"),
    ("Risk", "Risk"),
    ("Rank", "Rank"),
    ("Profiles", "Weighting profiles"),
    ("Report", "Shortlist report"),
    ("Team", "Team"),
    ("Audit", "Audit log"),
    ("Settings", "Settings"),
]


def test_every_page_renders_without_an_error(page, app_server, screenshot):
    open_app(page, app_server.url)
    failed = []
    for number, (link, heading) in enumerate(PAGES, start=1):
        go_to(page, link, heading)
        screenshot(f"{number:02d}-{link.lower().replace(' ', '-')}")
        if page.get_by_test_id("stException").count():
            failed.append(f"{link}: {page.get_by_test_id('stException').first.inner_text()}")
    assert not failed, "\n".join(failed) + "\n\nserver log:\n" + app_server.log_tail()
    expect(page.get_by_test_id("stSidebarNavLink")).to_have_count(len(PAGES))
