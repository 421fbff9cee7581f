"""Settings page: which database this workspace uses and its schema, the mode, the tool's version,
where reports go, and how to change each."""

from __future__ import annotations

import streamlit as st

from vendor_eval.services.workspace.info import workspace_info
from vendor_eval.ui import state

st.title("Settings")
with state.stop_on_error():
    info = workspace_info(state.uow(), state.actor(), team_mode=state.team_mode())

# ---------------------------------------------------------------- database
st.subheader("Database")
kind = ("an embedded SQLite file on this machine" if info.sqlite_path is not None
        else f"a {info.dialect} server shared by the team" if info.dialect == "PostgreSQL"
        else f"a {info.dialect} database")
st.markdown(f"This workspace keeps its data in **{info.dialect}**: {kind}.")
st.code(info.url, language=None)
if info.sqlite_path is not None:
    size = "not created yet" if info.sqlite_bytes is None else f"{info.sqlite_bytes / 1e6:.1f} MB"
    st.markdown(f"**File:** `{info.sqlite_path}` ({size})")
if info.schema_current:
    st.success(f"Schema revision {info.schema_revision}: the newest this version of "
               "vendor-eval ships.", icon=":material/check_circle:")
else:
    st.warning(f"Schema revision {info.schema_revision or 'none'}, but this version of "
               f"vendor-eval ships {info.newest_revision}. Run `vendor-eval init` to upgrade.",
               icon=":material/upgrade:")
counts = info.counts
if counts is not None:
    for column, (label, value) in zip(st.columns(5), [
            ("Projects", counts.projects), ("Vendors", counts.vendors),
            ("Profiles", counts.profiles), ("People", counts.people),
            ("Audit events", counts.audit_events)], strict=True):
        column.metric(label, f"{value:,}")
with st.expander("Switch to another database"):
    st.markdown("Set the `DATABASE_URL` environment variable and restart the app:")
    st.code("export DATABASE_URL=postgresql+psycopg://USER:PASSWORD@HOST:5432/DBNAME\n"
            "vendor-eval init\nvendor-eval serve", language="bash")
    st.markdown(
        "`vendor-eval init` creates or upgrades the schema (add `--demo` for the sample "
        "project). Without `DATABASE_URL` the app uses the SQLite file under `data/`. Data "
        "does not move by itself: carry a project over with `vendor-eval export` and "
        "`vendor-eval import-project`.")

# ---------------------------------------------------------------- mode
st.subheader("Mode")
if info.team_mode:
    st.markdown("**Team mode**: people sign in through the organisation's identity provider, "
                "and each acts in the role an admin gave them (Team page).")
else:
    st.markdown("**Local single-user mode**: no login; you act as the local admin.")
with st.expander("How team mode is switched on"):
    st.markdown(
        "Add an `[auth]` section (Streamlit's OpenID Connect login: `redirect_uri`, "
        "`cookie_secret`, `client_id`, `client_secret`, `server_metadata_url`) to "
        "`.streamlit/secrets.toml` beside `app.py`, use a shared PostgreSQL database, add the "
        "first admin with `vendor-eval people add NAME --role admin --email ADDRESS`, and "
        "restart. The README's Team mode section has the details.")

# ---------------------------------------------------------------- files and version
st.subheader("Files and version")
st.markdown(f"**Reports and workbooks are written to:** `{info.reports_dir}` "
            "(set `VENDOR_EVAL_REPORTS_DIR` to change it)  \n"
            f"**vendor-eval version:** {info.tool_version}")
