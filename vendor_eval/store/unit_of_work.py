"""A unit of work: one session, committed explicitly, rolled back on anything else."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.engine import Engine
from sqlmodel import Session

from vendor_eval.store.database import get_engine
from vendor_eval.store.repository import ProjectVendors, vendors_of
from vendor_eval.store.tables import ProjectRow


class UnitOfWork:
    """`with uow: ...; uow.commit()` - whatever is not committed is rolled back (cosmicpython)."""

    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine or get_engine()
        self.committed = False
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside a `with` block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = Session(self.engine, expire_on_commit=False)
        self.committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self.committed:
                self.session.rollback()
        finally:
            self.session.close()
            self._session = None

    def commit(self) -> None:
        self.session.commit()
        self.committed = True

    def vendors(self, project: ProjectRow) -> ProjectVendors:
        """The project's vendors, by name and by id (the lookup most use cases start from)."""
        return vendors_of(self.session, project)

    def joined(self) -> JoinedUnitOfWork:
        """A unit of work inside this one's transaction, to compose services into one action."""
        return JoinedUnitOfWork(self)


class JoinedUnitOfWork(UnitOfWork):
    """Runs a service inside an open unit of work: its `commit()` only flushes, and the outer
    unit of work commits or rolls back everything together (one user action, all or nothing)."""

    def __init__(self, outer: UnitOfWork) -> None:
        self.engine = outer.engine
        self.committed = False
        self._outer = outer

    @property
    def session(self) -> Session:
        return self._outer.session

    def __enter__(self) -> JoinedUnitOfWork:
        self.committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Nothing to end here: the outer unit of work rolls back what it does not commit."""

    def commit(self) -> None:
        self.session.flush()
        self.committed = True
