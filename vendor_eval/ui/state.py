"""Per-session app state: the database engine, a unit of work, the actor, the project, messages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache, partial
from typing import NoReturn

import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.errors import StreamlitSecretNotFoundError

from vendor_eval.config import database_url, load_demo
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.domain.presentation import app_error_text, code_names, label
from vendor_eval.domain.project import Project
from vendor_eval.errors import VendorEvalError
from vendor_eval.services.kernel.catalogue import get_catalogue, get_checklist
from vendor_eval.services.workspace.database import DEMO_PROJECT, InitReport, initialise
from vendor_eval.services.workspace.people import actor_for_login
from vendor_eval.store.database import get_engine
from vendor_eval.store.unit_of_work import UnitOfWork
from vendor_eval.ui import guidance
from vendor_eval.ui.frames import escape_markdown

PROJECT_KEY = "project"
SAMPLE_DATA = " (sample data)"
# The project each person used last, by (database, name), while this server process runs: module
# state, shared by all sessions. The address keeps it beyond that (`?project=KEY`).
_LAST_PROJECTS: dict[tuple[str, str], str] = {}
PICKER_CHARS = 30  # about what the sidebar's select box shows of a title before cutting it
_FLASH_KEY = "_flash"
_ADDRESS_KEY = "_project_in_address"


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return get_engine(url)


@st.cache_resource(show_spinner="Preparing the database...")
def _initialised(url: str) -> InitReport:
    return initialise(_engine_for(url), demo=load_demo())


def engine() -> Engine:
    """The process-wide engine for DATABASE_URL (keyed on the URL, so tests can switch files)."""
    return _engine_for(database_url())


def ensure_database() -> InitReport:
    """Create or upgrade the schema and load the demo once per process and database."""
    return _initialised(database_url())


def uow() -> UnitOfWork:
    """A fresh unit of work for one service call; sessions are never cached."""
    return UnitOfWork(engine())


def uow_factory() -> Callable[[], UnitOfWork]:
    """`uow` for work deferred past this run (a download built when clicked): the database is
    resolved now, while the session's settings can still be read."""
    return partial(UnitOfWork, engine())


def team_mode() -> bool:
    """Team mode when `.streamlit/secrets.toml` has an `[auth]` section (Streamlit's OIDC login);
    otherwise local single-user mode."""
    try:
        return "auth" in st.secrets
    except StreamlitSecretNotFoundError:
        return False


def actor() -> Actor:
    """Who acts. Local single-user mode: the local admin, no login. Team mode: the person whose
    e-mail the identity provider confirmed; anyone else sees a login or an "ask an admin" page
    and nothing of the data (this run stops)."""
    if not team_mode():
        return LOCAL_ADMIN
    if not st.user.get("is_logged_in", False):
        _login_page()
    email = st.user.get("email")
    verified = st.user.get("email_verified", True) is not False
    found = actor_for_login(uow(), str(email)) if email and verified else None
    if found is None:
        _unknown_user_page(str(email or "your account"), verified)
    return found


def account_box() -> None:
    """Sidebar: who is signed in, in which role, and a way out (team mode only)."""
    if not team_mode() or not st.user.get("is_logged_in", False):
        return
    me = actor()
    st.sidebar.caption(f"Signed in as **{me.name}** ({label(me.role)})")
    st.sidebar.button("Log out", on_click=st.logout, key="account_logout")


def _login_page() -> NoReturn:
    st.title("vendor-eval")
    st.write("This workspace is shared by a team. Sign in with your organisation account to "
             "continue.")
    st.button("Log in", type="primary", on_click=st.login, key="account_login")
    st.stop()


def _unknown_user_page(email: str, verified: bool) -> NoReturn:
    st.title("vendor-eval")
    if not verified:
        st.error(f"The identity provider has not verified {email}. Verify the address with "
                 "your provider, then log in again.", icon=":material/block:")
    else:
        st.error(f"{email} has no access to this workspace yet. Ask an admin to add you with "
                 "your role (Team page, or `vendor-eval people add`), then reload this page.",
                 icon=":material/block:")
    st.button("Log out", on_click=st.logout, key="account_logout_unknown")
    st.stop()


def current_project() -> str | None:
    return st.session_state.get(PROJECT_KEY)


def show_error(exc: VendorEvalError) -> None:
    """A user-fixable failure as an inline message: what went wrong and where, never a traceback.

    In the app's words: a form's field as the form names it, codes (criteria, checklist items,
    enum values) as their names; a file's error keeps its column as the file spells it."""
    st.error(app_error_text(exc, _error_names()), icon=":material/error:")


@lru_cache(maxsize=1)
def _error_names() -> dict[str, str]:
    """The words for every code an error may carry: enum values, price fields, criteria and
    checklist items by id."""
    catalogue, checklist = get_catalogue(), get_checklist()
    return {**code_names(), **{c.id: c.name for c in catalogue.criteria},
            **{item.id: item.title for item in checklist.items}}


@contextmanager
def stop_on_error() -> Iterator[None]:
    """Around a load the page cannot do without: show a user-fixable error and end this run."""
    try:
        yield
    except VendorEvalError as exc:
        show_error(exc)
        st.stop()


def project_picker(projects: list[Project], person: str = "") -> str | None:
    """The sidebar project selector. The chosen project is kept in the address (`?project=KEY`),
    so a reload, a second tab, a shared link or a restarted server opens the same project; a
    visit without one opens the project this person used last, else the demo."""
    keys = [p.key for p in projects]
    if not keys:
        st.session_state[PROJECT_KEY] = None
        st.sidebar.caption("No projects yet.")
        return None
    linked = st.query_params.get(PROJECT_KEY)
    memory = (database_url(), person)
    remembered = _LAST_PROJECTS.get(memory)
    # The address names the project when it says something this session did not write there
    # itself (a reload, a new tab, a link); otherwise the select box's choice stands.
    if linked in keys and linked != st.session_state.get(_ADDRESS_KEY):
        st.session_state[PROJECT_KEY] = linked
    elif st.session_state.get(PROJECT_KEY) not in keys:
        st.session_state[PROJECT_KEY] = next(
            (k for k in (remembered, DEMO_PROJECT) if k in keys), keys[0])
    shared = {p.title for p in projects if sum(q.title == p.title for q in projects) > 1}
    titles = {p.key: f"{p.title} ({p.key})" if p.title in shared else p.title for p in projects}
    if DEMO_PROJECT in titles:
        titles[DEMO_PROJECT] += SAMPLE_DATA
    chosen = st.sidebar.selectbox("Project", keys, key=PROJECT_KEY, format_func=titles.__getitem__)
    st.query_params[PROJECT_KEY] = st.session_state[_ADDRESS_KEY] = chosen
    _LAST_PROJECTS[memory] = chosen
    # The box cuts a long title short: the caption shows it whole, with the key the command
    # line knows the project by.
    full = f"{escape_markdown(titles[chosen])} · " if len(titles[chosen]) > PICKER_CHARS else ""
    st.sidebar.caption(f"{full}Key on the command line: `{chosen}`")
    if chosen == DEMO_PROJECT:
        st.sidebar.caption("Sample data: fictional vendors and scores to try the tool on. "
                           "Start your own under New project.")
    return chosen


def require_project() -> str:
    """The current project's key, or stop the page with a hint to choose one."""
    key = current_project()
    if not key:
        guidance.stop(guidance.NO_PROJECT_SELECTED)
    return key


def flash(page: str, kind: str, text: str) -> None:
    """Keep a message for the page's next run, so it survives the `st.rerun()` after a save."""
    st.session_state[f"{_FLASH_KEY}:{page}"] = (kind, text)


def show_flash(page: str) -> None:
    message = st.session_state.pop(f"{_FLASH_KEY}:{page}", None)
    if message is None:
        return
    kind, text = message
    (st.success if kind == "success" else st.error)(text)
