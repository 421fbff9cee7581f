"""Streamlit entry point: page setup, the database, the project picker, and the page router."""

from __future__ import annotations

import streamlit as st

from vendor_eval.services.project.bundles import list_projects
from vendor_eval.ui import state

PAGES = "vendor_eval/ui/pages"

st.set_page_config(page_title="vendor-eval", page_icon=":material/balance:", layout="wide")

with state.stop_on_error():
    state.ensure_database()
    me = state.actor()
    state.project_picker(list_projects(state.uow(), me), me.name)
    state.account_box()

page = st.navigation({
    "Project": [
        st.Page(f"{PAGES}/overview.py", title="Overview", icon=":material/dashboard:",
                default=True),
        st.Page(f"{PAGES}/new_project.py", title="New project", icon=":material/add_circle:"),
        st.Page(f"{PAGES}/vendors.py", title="Vendors", icon=":material/storefront:"),
        st.Page(f"{PAGES}/rfp.py", title="RFP", icon=":material/request_quote:"),
    ],
    "Evaluate": [
        st.Page(f"{PAGES}/score.py", title="Score", icon=":material/edit_note:"),
        st.Page(f"{PAGES}/prices.py", title="Prices", icon=":material/payments:"),
        st.Page(f"{PAGES}/consensus.py", title="Consensus", icon=":material/groups:"),
        st.Page(f"{PAGES}/pilot.py", title="Pilot", icon=":material/science:"),
        st.Page(f"{PAGES}/risk.py", title="Risk", icon=":material/gpp_maybe:"),
    ],
    "Decide": [
        st.Page(f"{PAGES}/rank.py", title="Rank", icon=":material/leaderboard:"),
        st.Page(f"{PAGES}/profiles.py", title="Profiles", icon=":material/tune:"),
        st.Page(f"{PAGES}/report.py", title="Report", icon=":material/picture_as_pdf:"),
    ],
    "Workspace": [
        st.Page(f"{PAGES}/team.py", title="Team", icon=":material/manage_accounts:"),
        st.Page(f"{PAGES}/audit.py", title="Audit", icon=":material/history:"),
        st.Page(f"{PAGES}/settings.py", title="Settings", icon=":material/settings:"),
    ],
}, expanded=True)  # every page in view: the sidebar would otherwise fold the last four away
page.run()
