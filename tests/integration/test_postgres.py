"""The same migrations, import and ranking on a real PostgreSQL (team mode).

Runs when TEST_DATABASE_URL points at a PostgreSQL server (CI sets it); each test works in
its own schema, dropped afterwards, so runs never see each other's data.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from tests.integration.databases import TEST_DATABASE_URL, needs_postgres, postgres_schema
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.decision.ranking import rank_project
from vendor_eval.services.workspace.database import initialise
from vendor_eval.store.unit_of_work import UnitOfWork

pytestmark = needs_postgres


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    with postgres_schema(TEST_DATABASE_URL) as engine:
        yield engine


def test_demo_loads_and_ranks_identically_on_postgresql_and_sqlite(pg_engine, demo_engine):
    report = initialise(pg_engine, demo=True)
    assert report.demo_loaded and report.database.startswith("postgresql")
    on_postgres = rank_project(UnitOfWork(pg_engine), LOCAL_ADMIN, "demo").to_records()
    on_sqlite = rank_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo").to_records()
    assert on_postgres == on_sqlite
    assert len(on_postgres) == 8


def test_initialise_twice_on_postgresql_changes_nothing(pg_engine):
    initialise(pg_engine, demo=True)
    again = initialise(pg_engine, demo=True)
    assert again.profiles_added == [] and not again.demo_loaded
