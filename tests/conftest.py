"""Shared fixtures: a fresh embedded database per test, with or without the demo project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from vendor_eval.store.database import get_engine
from vendor_eval.store.unit_of_work import UnitOfWork


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty SQLite file for this test, also exported as DATABASE_URL for the CLI and app."""
    url = f"sqlite:///{tmp_path / 'vendor_eval.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    get_engine(url).dispose()
    get_engine.cache_clear()


@pytest.fixture
def engine(database_url: str) -> Engine:
    from vendor_eval.services.workspace.database import initialise

    engine = get_engine(database_url)
    initialise(engine)
    return engine


@pytest.fixture
def demo_engine(database_url: str) -> Engine:
    from vendor_eval.services.workspace.database import initialise

    engine = get_engine(database_url)
    initialise(engine, demo=True)
    return engine


@pytest.fixture
def uow(engine: Engine) -> UnitOfWork:
    return UnitOfWork(engine)


@pytest.fixture
def demo_uow(demo_engine: Engine) -> UnitOfWork:
    return UnitOfWork(demo_engine)
