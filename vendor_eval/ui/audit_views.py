"""Audit events as the Audit page shows them: one line per event, and an event's before/after."""

from __future__ import annotations

import json
import re

import pandas as pd
import streamlit as st

from vendor_eval.domain.audit import AuditEvent
from vendor_eval.domain.presentation import format_timestamp, label, short_hash

EVENT_COLUMNS = ("Event", "When", "Who", "Action", "Entity", "Summary")
# A SHA-256 in a summary line: shown by its first 12 digits, as hashes are compared by eye.
FULL_HASH = re.compile(r"\b[0-9a-f]{64}\b")
CHANGE_COLUMNS = ("Item", "Before", "After")


def events_frame(events: list[AuditEvent]) -> pd.DataFrame:
    return pd.DataFrame([{
        "Event": e.id,
        "When": format_timestamp(e.at),
        "Who": e.actor,
        "Action": label(e.action),
        "Entity": e.entity,
        "Summary": summary(e),
    } for e in events], columns=list(EVENT_COLUMNS))


def events_column_config() -> dict[str, object]:
    return {"Event": st.column_config.NumberColumn(width=55, format="%d"),
            "When": st.column_config.TextColumn(width=140),
            "Who": st.column_config.TextColumn(width=110),
            "Action": st.column_config.TextColumn(width=150),
            "Entity": st.column_config.TextColumn(
                width=175, help="What the event is about, as `vendor-eval audit` filters it"),
            "Summary": st.column_config.TextColumn(
                width="large", help="The event's recorded detail in short; pick the event below "
                                    "for all of it")}


def event_label(event: AuditEvent) -> str:
    """An event in a pick list: "#7 Report built by local admin on project:demo"."""
    return f"#{event.id} {label(event.action)} by {event.actor} on {event.entity}"


def summary(event: AuditEvent) -> str:
    """A short line: how many changes, and the detail's plain values (source, evaluator...),
    hashes cut to their first 12 digits."""
    parts = []
    changes = event.changes()
    if len(changes) > 1 or "changes" in event.detail:
        parts.append(f"{len(changes)} change{'' if len(changes) == 1 else 's'}")
    for key, value in event.detail.items():
        if key in ("changes", "before", "after") or isinstance(value, (dict, list)):
            continue
        parts.append(f"{label(key)}: {value}")
    return FULL_HASH.sub(lambda m: short_hash(m[0]), "; ".join(parts))


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
