"""The settings page: which database the workspace uses (first), its schema revision and
contents, the mode, and how to switch either."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.engine import Engine

from tests.ui.support import OpenPage, texts
from tests.ui.team_support import DANA, team_page
from vendor_eval.services.workspace.info import newest_revision


def test_the_page_names_sqlite_its_file_and_the_current_revision(
        open_page: OpenPage, database_url: str) -> None:
    at = open_page("settings", project=None)  # needs no project

    assert not at.exception
    assert texts(at.subheader)[0] == "Database"
    assert "**SQLite**: an embedded SQLite file on this machine" in texts(at.markdown)[0]
    assert at.code[0].value == database_url
    path = Path(make_url(database_url).database).resolve()
    assert any(f"**File:** `{path}`" in t for t in texts(at.markdown))
    assert f"Schema revision {newest_revision()}: the newest this version of vendor-eval ships." \
        in texts(at.success)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Projects"], metrics["Vendors"], metrics["People"]) == ("1", "8", "3")


def test_the_page_says_how_to_switch_database_and_mode(open_page: OpenPage) -> None:
    at = open_page("settings")
    text = "\n".join(texts(at.markdown))

    assert "export DATABASE_URL=postgresql+psycopg://" in at.code[1].value
    assert "**Local single-user mode**" in text
    assert "`[auth]` section" in text and ".streamlit/secrets.toml" in text


def test_in_team_mode_the_page_says_so(demo_engine: Engine) -> None:
    at = team_page("settings", DANA)  # an evaluator may read it too

    assert not at.exception
    assert any(t.startswith("**Team mode**") for t in texts(at.markdown))
