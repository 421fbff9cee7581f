"""What the Settings page reports about the workspace: which database, where, at which schema
revision, how much is in it, and never a password."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import make_url
from sqlalchemy.engine import Engine

from tests.integration.databases import NO_POSTGRES, TEST_DATABASE_URL, postgres_schema
from vendor_eval.config import PROFILES_DIR
from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.services.workspace.database import initialise
from vendor_eval.services.workspace.info import (
    displayed_url,
    newest_revision,
    sqlite_file,
    workspace_info,
)
from vendor_eval.store.unit_of_work import UnitOfWork

MIGRATIONS = Path(__file__).resolve().parents[2] / "vendor_eval" / "store" / "migrations"


def test_the_embedded_database_is_described_with_its_file_revision_and_counts(
        demo_engine: Engine, database_url: str) -> None:
    info = workspace_info(UnitOfWork(demo_engine), LOCAL_ADMIN, team_mode=False)

    assert info.dialect == "SQLite"
    assert info.url == database_url
    assert info.sqlite_path == Path(make_url(database_url).database).resolve()
    assert info.sqlite_bytes >= info.sqlite_path.stat().st_size > 0
    assert info.schema_revision == info.newest_revision and info.schema_current
    # The demo: one project, eight vendors, three evaluators; one profile per shipped file.
    shipped_profiles = len(list(PROFILES_DIR.glob("*.yaml")))
    assert (info.counts.projects, info.counts.vendors, info.counts.people) == (1, 8, 3)
    assert info.counts.profiles == shipped_profiles
    assert info.counts.audit_events > 0
    assert info.mode == "local single-user" and not info.team_mode


def test_the_newest_revision_is_the_last_migration_shipped() -> None:
    numbers = sorted(p.name.split("_")[0] for p in (MIGRATIONS / "versions").glob("0*.py"))
    assert newest_revision() == numbers[-1]


def test_a_database_not_yet_set_up_has_no_revision(database_url: str) -> None:
    from vendor_eval.store.database import get_engine

    info = workspace_info(UnitOfWork(get_engine(database_url)), LOCAL_ADMIN, team_mode=True)
    assert info.schema_revision is None and not info.schema_current
    assert info.counts is None  # no tables yet, nothing to count
    assert info.mode == "team"


def test_every_role_may_read_the_workspace_description(demo_engine: Engine) -> None:
    viewer = Actor(name="Vic", role=Role.VIEWER)
    assert workspace_info(UnitOfWork(demo_engine), viewer, team_mode=True).counts.vendors == 8


@pytest.mark.parametrize("url, shown", [
    ("postgresql+psycopg://ops:s3cr3t-pw@db.example:5432/vendors",
     "postgresql+psycopg://ops:***@db.example:5432/vendors"),
    ("postgresql+psycopg://ops@db.example/vendors", "postgresql+psycopg://ops@db.example/vendors"),
    ("sqlite:///data/vendor_eval.db", "sqlite:///data/vendor_eval.db"),
])
def test_a_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert displayed_url(url) == shown


def test_only_a_sqlite_url_has_a_file() -> None:
    assert sqlite_file("sqlite:///data/vendor_eval.db") == Path("data/vendor_eval.db").resolve()
    assert sqlite_file("sqlite://") is None  # in memory
    assert sqlite_file("postgresql+psycopg://ops@db.example/vendors") is None


@pytest.mark.postgres
@pytest.mark.skipif(not TEST_DATABASE_URL, reason=NO_POSTGRES)
def test_postgresql_is_described_without_its_password() -> None:
    with postgres_schema(TEST_DATABASE_URL) as engine:
        initialise(engine, demo=True)
        info = workspace_info(UnitOfWork(engine), LOCAL_ADMIN, team_mode=True)

    assert info.dialect == "PostgreSQL"
    assert info.sqlite_path is None and info.sqlite_bytes is None
    assert info.schema_current
    password = make_url(TEST_DATABASE_URL).password
    if password:
        assert password not in info.url and "***" in info.url
    assert info.url == displayed_url(TEST_DATABASE_URL)
