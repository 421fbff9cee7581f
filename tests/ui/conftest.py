"""AppTest fixtures: for each test a database of its own with the demo, and empty caches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import streamlit as st
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import PAGES, TIMEOUT, OpenPage


@pytest.fixture(autouse=True)
def _empty_streamlit_caches() -> Iterator[None]:
    """Cached engines and rankings are process-wide; a test must not see another test's."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def open_page(demo_engine: Engine) -> OpenPage:
    """Run one page file as the app would, with the demo project selected in the sidebar."""

    def run(name: str, project: str | None = "demo") -> AppTest:
        at = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=TIMEOUT)
        at.session_state["project"] = project
        return at.run()

    return run

