"""Schema upgrades through Alembic, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def newest_revision() -> str:
    """The head of the migrations shipped with this version of the tool."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the shipped migrations have a single head"
    return head


def upgrade_to_head(engine: Engine) -> None:
    """Create or upgrade the schema; safe to run on every start."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
