"""Audit events as values, and the verdict of checking their hash chain."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class AuditAction(StrEnum):
    """Every change the audit trail records, under the name stored in each event.

    The stored strings are part of the hash chain and of exported trails: never rename one.
    Their words for readers are in `domain.presentation.LABELS`.
    """

    CHECKLIST_CONFIRM = "checklist.confirm"
    CHECKLIST_SAVE = "checklist.save"
    CONFLICT_DECLARE = "conflict.declare"
    CONSENSUS_CLEAR = "consensus.clear"
    CONSENSUS_SET = "consensus.set"
    PERSON_ADD = "person.add"
    PERSON_UPDATE = "person.update"
    PILOT_APPLY = "pilot.apply"
    PRICE_REMOVE = "price.remove"
    PRICE_SAVE = "price.save"
    PRICES_IMPORT = "prices.import"
    PROFILE_SAVE = "profile.save"
    PROJECT_ASSIGN = "project.assign"
    PROJECT_CREATE = "project.create"
    PROJECT_EXPORT = "project.export"
    PROJECT_FREEZE = "project.freeze"
    PROJECT_IMPORT = "project.import"
    PROJECT_PROFILE = "project.profile"
    PROJECT_UNASSIGN = "project.unassign"
    REPORT_EXPORT = "report.export"
    RESULTS_EXPORT = "results.export"
    RFP_IMPORT = "rfp.import"
    RFP_ISSUE = "rfp.issue"
    RISKS_SAVE = "risks.save"
    SCORES_IMPORT = "scores.import"
    SCORES_REOPEN = "scores.reopen"
    SCORES_SAVE = "scores.save"
    SCORES_SUBMIT = "scores.submit"
    SCORES_UNLOCK = "scores.unlock"
    VENDOR_ADD = "vendor.add"
    VENDOR_REMOVE = "vendor.remove"
    VENDOR_UPDATE = "vendor.update"
    VENDORS_IMPORT = "vendors.import"


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
