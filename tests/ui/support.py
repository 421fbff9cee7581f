"""Helpers shared by the AppTest modules: where the app lives and how to read what it shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "vendor_eval" / "ui" / "pages"
APP = ROOT / "app.py"
TIMEOUT = 30

OpenPage = Callable[..., AppTest]


def texts(elements: Iterable[object]) -> list[str]:
    """The text of every element in an AppTest element list (markdown, error, success, ...)."""
    return [str(getattr(element, "value", "")) for element in elements]


def first_vendor(at: AppTest) -> str:
    """The vendor in the first row of the first table on the page (the ranking)."""
    return str(at.dataframe[0].value["Vendor"].iloc[0])
