"""Audit page: who changed what and when, filtered; an event's before and after; the chain check."""

from __future__ import annotations

import streamlit as st

from vendor_eval.domain.presentation import label
from vendor_eval.services.kernel.audit import audit_facets, list_events, verify_audit_chain
from vendor_eval.ui import audit_views, state

LIMIT = 500
EVERYONE = "Everyone"

st.title("Audit log")
st.caption("Every change is recorded with who made it, when, and the values before and after. "
           "Each event carries the hash of the one before it, so an edit or a removal in the "
           "database breaks the chain.")

with state.stop_on_error():
    facets = audit_facets(state.uow(), state.actor())

check, note = st.columns([1, 4], vertical_alignment="center")
if check.button("Verify chain", icon=":material/verified:"):
    verdict = verify_audit_chain(state.uow())
    told = verdict.describe()
    told = told[:1].upper() + told[1:]
    if verdict.intact:
        st.success(f"{told}. Keep the head hash elsewhere to detect a log cut short later "
                   "(`vendor-eval audit verify --expect-head`).", icon=":material/verified:")
    else:
        st.error(told, icon=":material/gpp_bad:")
note.caption("Recomputes every hash from the first event on.")

if facets.first_day is None:
    st.info("No events yet: changes appear here as soon as anything is saved.")
    st.stop()

who_column, action_column, entity_column, days_column = st.columns(4)
who = who_column.selectbox("Who", [EVERYONE, *facets.actors], key="audit_who")
actions = action_column.multiselect("Actions", facets.actions, key="audit_actions",
                                    format_func=label, placeholder="All actions")
entity = entity_column.text_input("Entity contains", key="audit_entity",
                                  placeholder="e.g. project:demo")
days = days_column.date_input("Days (UTC)", value=(facets.first_day, facets.last_day),
                              key="audit_days")
since, until = (days[0], days[-1]) if isinstance(days, (tuple, list)) and days else (None, None)

with state.stop_on_error():
    events = list_events(state.uow(), state.actor(), by=None if who == EVERYONE else who,
                         actions=actions, entity=entity, since=since, until=until, limit=LIMIT)
if not events:
    st.info("No event matches these filters.")
    st.stop()

st.dataframe(audit_views.events_frame(events), hide_index=True, key="audit_events",
             column_config=audit_views.events_column_config())
st.caption(f"{len(events)} event{'' if len(events) == 1 else 's'}, newest first"
           + (f" (the newest {LIMIT} that match)" if len(events) == LIMIT else "") + ".")

st.subheader("Before and after")
by_id = {e.id: e for e in events}
chosen = st.selectbox("Event", list(by_id), key="audit_event",
                      format_func=lambda i: audit_views.event_label(by_id[i]))
event = by_id[chosen]
changes = audit_views.changes_frame(event)
if changes.empty:
    st.caption("This event records no before/after values; its detail is below.")
else:
    st.dataframe(changes, hide_index=True, key="audit_changes")
with st.expander("Recorded detail and hashes"):
    st.json(event.detail)
    st.caption(f"Action `{event.action}` at {event.at.isoformat()}  \nhash {event.hash}  \n"
               f"previous {event.prev_hash}")
