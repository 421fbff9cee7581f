"""The tamper-evident audit log: events appended in the caller's transaction, chained by hash.

Each event stores the SHA-256 of (previous event's hash, when, who, action, entity, detail),
and ids run 1, 2, 3... without gaps. Recomputing the chain therefore finds an event whose
content was edited, an event edited and re-hashed (the next one still points at the old hash),
and events removed from the middle (a gap in ids, a broken link). What a chain kept in the same
database cannot show by itself is the removal of its newest events, or a wholesale rewrite by
someone who recomputes every later hash: for that, keep the head hash somewhere else (it is
printed by `vendor-eval audit verify`) and check against it with `--expect-head`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum

from pydantic import BaseModel
from sqlalchemy import func
from sqlmodel import Session, select

from vendor_eval.domain.audit import AuditAction, AuditEvent, AuditVerification, ChainProblem
from vendor_eval.domain.canonical import canonical_digest
from vendor_eval.domain.people import Actor
from vendor_eval.errors import InputError
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.store.locks import lock_audit_chain
from vendor_eval.store.tables import AuditEventRow, utcnow
from vendor_eval.store.unit_of_work import UnitOfWork

GENESIS_HASH = "0" * 64
MIN_HEAD_PREFIX = 12


def canonical_time(at: datetime) -> str:
    """The instant as hashed: ISO 8601 in UTC. A naive value (a database without time zones)
    is UTC already, so the text is the same whether taken at write time or read back."""
    if at.tzinfo is None or at.utcoffset() is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat()


def json_safe(value: object) -> object:
    """`value` as plain JSON data that survives a database round trip unchanged: string keys,
    lists for tuples, text for dates and enums, and non-finite floats as text (PostgreSQL's JSON
    type refuses NaN)."""
    try:  # the C encoder handles the usual detail (large imports) in a fraction of the time
        return json.loads(json.dumps(value, default=_json_default, allow_nan=False))
    except (ValueError, TypeError):  # NaN or infinity, or keys that are not text
        return _json_safe(value)


def _json_default(value: object) -> object:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return str(value)


def _json_safe(value: object) -> object:
    if isinstance(value, BaseModel):
        return _json_safe(value.model_dump(mode="json"))
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_json_safe(v) for v in value), key=repr)
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, Enum):
        return _json_safe(value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def event_hash(prev_hash: str, at: str, actor: str, action: str, entity: str, detail: dict) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, ASCII) of an event and its link."""
    return canonical_digest([prev_hash, at, actor, action, entity, detail], ascii_only=True)


def record_event(session: Session, actor: Actor, action: AuditAction, entity: str,
                 detail: dict) -> None:
    """Append an event after the newest one; it commits or rolls back with the change it records.

    Call it last in the transaction, after the change: the change is flushed first (so its
    errors surface before the chain is locked), then the chain is locked until commit, so two
    transactions can never both chain onto the same event. Everything that can be prepared
    is prepared before the lock: the chain's throughput is the inverse of the time it is held.
    """
    action = AuditAction(action).value  # an action the trail has no name for is a bug: raise
    safe = json_safe(detail)
    session.flush()
    head = lock_audit_chain(session)
    prev_id, prev_hash = head if head else (0, GENESIS_HASH)
    at = utcnow()
    session.connection().execute(AuditEventRow.__table__.insert(), {
        "id": prev_id + 1, "at": at, "actor": actor.name, "action": action, "entity": entity,
        "detail": safe, "prev_hash": prev_hash,
        "hash": event_hash(prev_hash, canonical_time(at), actor.name, action, entity, safe),
    })


def data_version(uow: UnitOfWork) -> str:
    """A token that changes whenever anything is written: the audit chain's newest event (every
    write records one in its own transaction), so a page may keep what it read until then."""
    with uow:
        head = uow.session.exec(select(AuditEventRow.id, AuditEventRow.hash)
                                .order_by(AuditEventRow.id.desc()).limit(1)).first()
    return "empty" if head is None else f"{head[0]}:{head[1]}"


def verify_audit_chain(uow: UnitOfWork, *, expect_head: str | None = None) -> AuditVerification:
    """Recompute the chain and name the first event that was altered, re-hashed or removed.

    It reveals no event content (ids, hashes and what is wrong), so it needs no role: anyone
    who can reach the database can check it. `expect_head` is a head hash kept elsewhere (or
    its first 12+ characters): if no event carries it, events were cut from the end of the log
    or the chain was rewritten.
    """
    if expect_head is not None:
        expect_head = expect_head.strip().lower()
        if len(expect_head) < MIN_HEAD_PREFIX or any(c not in "0123456789abcdef"
                                                     for c in expect_head):
            raise InputError(f"give at least {MIN_HEAD_PREFIX} hex characters of the head hash",
                             column="--expect-head")
    with uow:
        columns = (AuditEventRow.id, AuditEventRow.at, AuditEventRow.actor, AuditEventRow.action,
                   AuditEventRow.entity, AuditEventRow.detail, AuditEventRow.prev_hash,
                   AuditEventRow.hash)
        rows = uow.session.execute(select(*columns).order_by(AuditEventRow.id)).yield_per(2000)
        count, head_seen = 0, expect_head is None
        previous: tuple[int, str] = (0, GENESIS_HASH)
        for row in rows:
            problem = _check_link(row, previous)
            if problem is not None:
                return problem.model_copy(update={"events": count})
            count += 1
            previous = (row.id, row.hash)
            if not head_seen and row.hash.startswith(expect_head):
                head_seen = True
    head_id, head_hash = previous if count else (None, None)
    if not head_seen:
        return AuditVerification(
            events=count, head_id=head_id, head_hash=head_hash,
            first_bad_id=(head_id or 0) + 1, problem=ChainProblem.HEAD_MISSING,
            message=f"no event has the expected head hash {expect_head}: events after event "
                    f"{head_id or 0} were removed, or the log was rewritten",
        )
    return AuditVerification(events=count, head_id=head_id, head_hash=head_hash)


def _check_link(row, previous: tuple[int, str]) -> AuditVerification | None:
    """What is wrong with `row` following the event (id, hash) `previous`, or None."""
    prev_id, prev_hash = previous
    if row.id != prev_id + 1:
        missing = (f"event {prev_id + 1} is" if row.id == prev_id + 2
                   else f"events {prev_id + 1} to {row.id - 1} are")
        return AuditVerification(events=0, first_bad_id=prev_id + 1, problem=ChainProblem.REMOVED,
                                 message=f"{missing} missing (removed from the log)")
    recomputed = event_hash(row.prev_hash, canonical_time(row.at), row.actor, row.action,
                            row.entity, row.detail)
    if recomputed != row.hash:
        return AuditVerification(
            events=0, first_bad_id=row.id, problem=ChainProblem.ALTERED,
            message=f"its content no longer matches its hash (altered: {row.action} on "
                    f"{row.entity} at {canonical_time(row.at)})",
        )
    if row.prev_hash != prev_hash:
        if prev_id == 0:
            return AuditVerification(
                events=0, first_bad_id=row.id, problem=ChainProblem.UNLINKED,
                message="the first event does not start from the genesis hash (earlier events "
                        "were removed and the ids renumbered)")
        return AuditVerification(
            events=0, first_bad_id=prev_id, problem=ChainProblem.REHASHED,
            message=f"event {row.id} was chained to {row.prev_hash[:12]}..., but event {prev_id} "
                    f"now hashes to {prev_hash[:12]}...: event {prev_id} was edited and re-hashed")
    return None


# --- reading the log ------------------------------------------------------------------------

@dataclass(frozen=True)
class AuditFacets:
    """What the log can be filtered by: who acted, which actions, and the days it spans."""

    actors: list[str]
    actions: list[str]
    first_day: date | None
    last_day: date | None


def audit_facets(uow: UnitOfWork, actor: Actor) -> AuditFacets:
    require(actor, Action.ADMINISTER)
    with uow:
        session = uow.session
        actors = session.exec(select(AuditEventRow.actor).distinct()
                              .order_by(AuditEventRow.actor)).all()
        actions = session.exec(select(AuditEventRow.action).distinct()
                               .order_by(AuditEventRow.action)).all()
        first, last = session.exec(select(func.min(AuditEventRow.at),
                                          func.max(AuditEventRow.at))).one()
    return AuditFacets(actors=list(actors), actions=list(actions), first_day=_utc_day(first),
                       last_day=_utc_day(last))


def _utc_day(at: datetime | None) -> date | None:
    if at is None:
        return None
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC).date()


def list_events(uow: UnitOfWork, actor: Actor, *, by: str | None = None,
                actions: Sequence[str] = (), entity: str | None = None,
                since: date | None = None, until: date | None = None,
                limit: int = 500) -> list[AuditEvent]:
    """Events newest first, filtered by who acted, actions, entity text and days (UTC, inclusive).

    Admins only: events carry every before and after, including scores that blind scoring
    still hides and sealed prices.
    """
    require(actor, Action.ADMINISTER)
    if since is not None and until is not None and since > until:
        raise InputError(f"the date range starts ({since}) after it ends ({until})",
                         column="dates")
    if limit < 1:
        raise InputError("show at least one event", column="limit")
    statement = select(AuditEventRow)
    if by:
        statement = statement.where(AuditEventRow.actor == by)
    if actions:
        statement = statement.where(AuditEventRow.action.in_(list(actions)))
    if entity and entity.strip():
        statement = statement.where(AuditEventRow.entity.icontains(entity.strip(),
                                                                   autoescape=True))
    if since is not None:
        statement = statement.where(AuditEventRow.at >= datetime.combine(since, time(), UTC))
    if until is not None:
        statement = statement.where(
            AuditEventRow.at < datetime.combine(until + timedelta(days=1), time(), UTC))
    statement = statement.order_by(AuditEventRow.id.desc()).limit(limit)
    with uow:
        return [AuditEvent.model_validate(row.model_dump()) for row in uow.session.exec(statement)]
