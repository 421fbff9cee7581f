"""Transaction-long write locks, so that what a transaction reads cannot go stale before it commits.

Optimistic locking compares a version read earlier with the row as it is now; that comparison is
only sound if nobody can commit between the read and the write. These locks make it so:

- PostgreSQL: a transaction-level advisory lock on a named scope (`pg_advisory_xact_lock`).
  Transactions that lock the same scope queue up; the lock ends with COMMIT or ROLLBACK. In READ
  COMMITTED every statement after the lock sees what the previous holder committed.
- SQLite: the database's single write lock, taken at once (`BEGIN IMMEDIATE`) unless this
  transaction already writes. SQLite has one writer at a time anyway; taking the lock before
  reading turns the read-check-write into one serialised step.

Locks are taken in a fixed order (score grids, sorted, before the audit chain) so that two
transactions never wait for each other.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlmodel import Session

AUDIT_CHAIN = ("audit-chain",)


def advisory_key(*scope: object) -> int:
    """A stable signed 64-bit key for a scope such as ("score-grid", 3, 17)."""
    digest = hashlib.blake2b(repr(scope).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_for_write(session: Session, *scope: object) -> None:
    """Hold a write lock on `scope` until this session's transaction ends (see the module note).

    On SQLite the scope is irrelevant: the whole database is locked for writing.
    """
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": advisory_key(*scope)})
    elif dialect == "sqlite":
        raw = connection.connection.dbapi_connection
        # pysqlite opens a transaction only at the first write; until then reads run outside
        # one, so BEGIN IMMEDIATE here starts the transaction with the write lock held. Once a
        # write has happened, the transaction holds the lock already.
        if raw is not None and not raw.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
