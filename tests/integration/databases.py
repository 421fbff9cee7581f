"""The two databases team mode runs on, as fixtures: the embedded SQLite and a real PostgreSQL.

PostgreSQL runs when TEST_DATABASE_URL points at a server (CI sets it); each test gets a
schema of its own, dropped afterwards. Import the fixtures into a test module to use them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from vendor_eval.services.workspace.database import initialise
from vendor_eval.store.database import get_engine

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
NO_POSTGRES = "set TEST_DATABASE_URL=postgresql+psycopg://... to run team-mode tests on PostgreSQL"

needs_postgres = [pytest.mark.postgres, pytest.mark.skipif(not TEST_DATABASE_URL,
                                                           reason=NO_POSTGRES)]


@contextmanager
def postgres_schema(url: str, pool_size: int = 5) -> Iterator[Engine]:
    """An engine whose tables live in a fresh schema, dropped with everything in it at the end."""
    schema = f"ve_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size,
                           connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def team_engine(request: pytest.FixtureRequest, database_url: str) -> Iterator[Engine]:
    """An initialised database with the demo project, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        engine = get_engine(database_url)
        initialise(engine, demo=True)
        yield engine
        return
    with postgres_schema(TEST_DATABASE_URL, pool_size=10) as engine:
        initialise(engine, demo=True)
        yield engine
