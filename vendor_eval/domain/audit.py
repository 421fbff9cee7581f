"""Audit events as values, and the verdict of checking their hash chain."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class AuditEvent(BaseModel):
    """One recorded change: who, when, what, on which entity, with before/after in `detail`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    detail: dict
    prev_hash: str
    hash: str

    def changes(self) -> list[dict[str, object]]:
        """The before/after pairs the event carries (`detail.changes`, or `detail.before/after`)."""
        listed = self.detail.get("changes")
        if isinstance(listed, list):
            return [c for c in listed if isinstance(c, dict)]
        if "before" in self.detail or "after" in self.detail:
            return [{"before": self.detail.get("before"), "after": self.detail.get("after")}]
        return []


class ChainProblem(StrEnum):
    ALTERED = "altered"  # the event's content no longer matches its own hash
    REHASHED = "rehashed"  # edited and re-hashed: the next event still points at the old hash
    REMOVED = "removed"  # ids jump: events between are missing
    UNLINKED = "unlinked"  # first event does not start from the genesis hash
    HEAD_MISSING = "head_missing"  # the expected head (an external anchor) is not in the log


class AuditVerification(BaseModel):
    """The outcome of recomputing the chain: intact, or the first bad event and what is wrong."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    events: int
    head_id: int | None = None
    head_hash: str | None = None
    first_bad_id: int | None = None
    problem: ChainProblem | None = None
    message: str = ""

    @property
    def intact(self) -> bool:
        return self.problem is None

    def describe(self) -> str:
        """One line for the CLI and the app."""
        if self.intact:
            head = f"; head {self.head_hash} (event {self.head_id})" if self.head_hash else ""
            return f"chain intact: {self.events} events{head}"
        return f"chain broken at event {self.first_bad_id}: {self.message}"
