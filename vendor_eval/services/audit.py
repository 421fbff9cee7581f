"""Audit events, written in the caller's transaction and chained by hash."""

from __future__ import annotations

import hashlib
import json

from sqlmodel import Session, select

from vendor_eval.domain.people import Actor
from vendor_eval.store.tables import AuditEventRow, utcnow

GENESIS_HASH = "0" * 64


def event_hash(prev_hash: str, at: str, actor: str, action: str, entity: str, detail: dict) -> str:
    canonical = json.dumps(
        [prev_hash, at, actor, action, entity, detail], sort_keys=True, separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_event(session: Session, actor: Actor, action: str, entity: str, detail: dict) -> None:
    """Append an event after the newest one; it commits or rolls back with the change it records."""
    last = session.exec(select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(1)).first()
    prev_hash = last.hash if last else GENESIS_HASH
    at = utcnow()
    detail = json.loads(json.dumps(detail, default=str))
    session.add(AuditEventRow(
        at=at, actor=actor.name, action=action, entity=entity, detail=detail,
        prev_hash=prev_hash,
        hash=event_hash(prev_hash, at.isoformat(), actor.name, action, entity, detail),
    ))
