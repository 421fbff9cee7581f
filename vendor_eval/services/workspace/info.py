"""What this workspace runs on: the database (never its password), schema revision, mode, counts.

The Settings page shows it so a user can tell at a glance whether they are on their own SQLite
file or the team's PostgreSQL, and whether the schema is current, before trusting what they see.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import func
from sqlalchemy.engine import URL, make_url
from sqlmodel import Session, select

from vendor_eval import config
from vendor_eval.domain.people import Actor
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.store.migrate import newest_revision
from vendor_eval.store.tables import (
    AuditEventRow,
    PersonRow,
    ProfileVersionRow,
    ProjectRow,
    VendorRow,
)
from vendor_eval.store.unit_of_work import UnitOfWork

DIALECT_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
PACKAGE = "vendor-eval"


@dataclass(frozen=True)
class WorkspaceCounts:
    projects: int
    vendors: int
    profiles: int
    people: int
    audit_events: int


@dataclass(frozen=True)
class WorkspaceInfo:
    """The database in use and its state, the mode, the tool's version and where files go."""

    dialect: str  # "SQLite" or "PostgreSQL"
    url: str  # with the password replaced by ***
    sqlite_path: Path | None  # the database file (SQLite only)
    sqlite_bytes: int | None  # its size, plus the write-ahead log's
    schema_revision: str | None  # the Alembic revision the database is at (None: not set up)
    newest_revision: str  # the newest revision this version of the tool ships
    counts: WorkspaceCounts | None  # None while the schema has not been created
    team_mode: bool
    tool_version: str
    reports_dir: Path

    @property
    def schema_current(self) -> bool:
        return self.schema_revision == self.newest_revision

    @property
    def mode(self) -> str:
        return "team" if self.team_mode else "local single-user"


def workspace_info(uow: UnitOfWork, actor: Actor, *, team_mode: bool) -> WorkspaceInfo:
    """Describe the workspace for `actor`. `team_mode` comes from the caller (the app knows
    whether its secrets configure a login), so this service needs no Streamlit."""
    require(actor, Action.READ)
    url = uow.engine.url
    with uow:
        session = uow.session
        revision = MigrationContext.configure(session.connection()).get_current_revision()
        # All five tables exist from the first revision on; before it there is nothing to count.
        counts = _counts(session) if revision is not None else None
    path = sqlite_file(url)
    return WorkspaceInfo(
        dialect=DIALECT_NAMES.get(url.get_backend_name(), url.get_backend_name()),
        url=displayed_url(url), sqlite_path=path,
        sqlite_bytes=_size_on_disk(path) if path is not None else None,
        schema_revision=revision, newest_revision=newest_revision(), counts=counts,
        team_mode=team_mode, tool_version=tool_version(), reports_dir=Path(config.REPORTS_DIR),
    )


def displayed_url(url: str | URL) -> str:
    """The database URL as it may be shown or logged: any password becomes ***."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_file(url: str | URL) -> Path | None:
    """The database file of a SQLite URL; None for other databases and in-memory SQLite."""
    url = make_url(url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).resolve()


def tool_version() -> str:
    try:
        return version(PACKAGE)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def _counts(session: Session) -> WorkspaceCounts:
    def count(column) -> int:
        return session.exec(select(func.count(column))).one()

    return WorkspaceCounts(
        projects=count(ProjectRow.id), vendors=count(VendorRow.id),
        profiles=count(func.distinct(ProfileVersionRow.profile_id)),
        people=count(PersonRow.id), audit_events=count(AuditEventRow.id),
    )


def _size_on_disk(path: Path) -> int | None:
    """The file's size plus its write-ahead log's: in WAL mode recent changes live in the log
    until a checkpoint, so the main file alone understates the data."""
    if not path.exists():
        return None
    log = path.with_name(path.name + "-wal")
    return path.stat().st_size + (log.stat().st_size if log.exists() else 0)
