"""Audit events as the Audit page shows them: one line per event, and an event's before/after."""

from __future__ import annotations

import json

import pandas as pd

from vendor_eval.domain.audit import AuditEvent

EVENT_COLUMNS = ("Event", "When (UTC)", "Who", "Action", "Entity", "Summary")
CHANGE_COLUMNS = ("Item", "Before", "After")


def events_frame(events: list[AuditEvent]) -> pd.DataFrame:
    return pd.DataFrame([{
        "Event": e.id,
        "When (UTC)": e.at.strftime("%Y-%m-%d %H:%M:%S"),
        "Who": e.actor,
        "Action": e.action,
        "Entity": e.entity,
        "Summary": summary(e),
    } for e in events], columns=list(EVENT_COLUMNS))


def summary(event: AuditEvent) -> str:
    """A short line: how many changes, and the detail's plain values (source, evaluator...)."""
    parts = []
    changes = event.changes()
    if len(changes) > 1 or "changes" in event.detail:
        parts.append(f"{len(changes)} change{'' if len(changes) == 1 else 's'}")
    for key, value in event.detail.items():
        if key in ("changes", "before", "after") or isinstance(value, (dict, list)):
            continue
        parts.append(f"{key}: {value}")
    return "; ".join(parts)


def changes_frame(event: AuditEvent) -> pd.DataFrame:
    """One row per change: what it is about (its other keys), the value before and after."""
    rows = []
    for change in event.changes():
        item = ", ".join(f"{k}: {_text(v)}" for k, v in change.items()
                         if k not in ("before", "after")) or event.entity
        rows.append({"Item": item, "Before": _text(change.get("before")),
                     "After": _text(change.get("after"))})
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))


def _text(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
