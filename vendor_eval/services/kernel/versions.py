"""Optimistic locking, written once: every edit a user makes from a screen they loaded earlier.

A row carries a `version`; the screen remembers the version it showed (`base_version`). A save
on an older version is refused with one sentence that says what changed and who changed it, so
nobody's edit is silently dropped. `base_version=None` means "no screen" (a script, an import)
and skips the check; `0` means the screen showed the row as not there yet.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.exc import IntegrityError

from vendor_eval.errors import StaleWriteError
from vendor_eval.store.tables import utcnow
from vendor_eval.store.unit_of_work import UnitOfWork

RELOAD = "reload and apply your change again"


class Versioned(Protocol):
    version: int


def require_current(what: str, current: int | None, base_version: int | None, *,
                    changed_by: str | None = None, now: str = "") -> None:
    """Refuse a write made on an older state of `what`.

    `current` is the stored version (None: the row is gone); `changed_by` names who saved it
    last where the row records that; `now` adds what the row holds now, in the user's words.
    """
    if base_version is None:
        return
    if current is None:
        if base_version > 0:
            raise StaleWriteError(f"{what} was removed by someone else since you loaded it; "
                                  f"{RELOAD}")
        return
    if current != base_version:
        by = f" by {changed_by}" if changed_by else ""
        state = f"you had version {base_version}, it is now version {current}"
        raise StaleWriteError(f"{what} was changed{by} since you loaded it ({state}"
                              f"{': ' + now if now else ''}); {RELOAD}")


def require_row_current(what: str, row: Versioned | None, base_version: int | None,
                        now: str = "") -> None:
    """`require_current` for a row that may be missing and may record who saved it last."""
    require_current(what, None if row is None else row.version, base_version,
                    changed_by=getattr(row, "updated_by", None) or None, now=now)


def next_version(row: Versioned, actor_name: str | None = None) -> None:
    """Count one more change on `row`, and stamp who and when where the row records them."""
    row.version += 1
    if actor_name is not None and hasattr(row, "updated_by"):
        row.updated_by = actor_name
    if hasattr(row, "updated_at"):
        row.updated_at = utcnow()


def commit_or_stale(uow: UnitOfWork, what: str) -> None:
    """Commit; a unique key lost to another save in the same moment is a stale write, not a crash.

    The other save stands; this one is refused whole (the unit of work rolls it back).
    """
    try:
        uow.commit()
    except IntegrityError:
        raise StaleWriteError(f"someone else saved {what} at the same moment; {RELOAD}") from None
