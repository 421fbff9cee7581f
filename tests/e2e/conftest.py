"""A real app in a real browser: `streamlit run app.py` on a free loopback port, driven by
Playwright with Debian's Chromium. Screenshots land in tests/artifacts/ for people to look at."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.streamlit_ui import wait_until_idle

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("VENDOR_EVAL_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("VENDOR_EVAL_REQUIRE_BROWSER") == "1"
VIEWPORT = {"width": 1400, "height": 1000}
MAX_CAPTURE = 15_000  # pixels: Chromium refuses larger captures
_CONTENT_HEIGHT = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const sidebar = document.querySelector('[data-testid="stSidebarContent"]');
    return Math.max(main ? main.scrollHeight : 0, sidebar ? sidebar.scrollHeight : 0,
                    document.documentElement.scrollHeight);
}"""


def _skip_or_fail(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (VENDOR_EVAL_REQUIRE_BROWSER=1 makes this an error)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s")


@dataclass(frozen=True)
class RunningApp:
    """A `streamlit run app.py` process: where to browse, and its log (tracebacks land there)."""

    url: str
    log: Path
    database: str = ""  # its DATABASE_URL, for a journey that sets up through the services

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@contextmanager
def _serve(folder: Path, env: dict[str, str] | None = None) -> Iterator[RunningApp]:
    """The app on a free loopback port against its own SQLite file; the demo loads on first use
    unless `env` (extra environment variables for the app) says `VENDOR_EVAL_DEMO=0`."""
    port = _free_port()
    database = f"sqlite:///{folder / 'vendor_eval.db'}"
    env = {**os.environ, "DATABASE_URL": database,
           "VENDOR_EVAL_REPORTS_DIR": str(folder / "reports"), **(env or {})}
    log_path = folder / "streamlit.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process)
        yield RunningApp(url, log_path, database)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """One app for the journeys that only read the demo (shared by the session)."""
    with _serve(tmp_path_factory.mktemp("e2e")) as app:
        yield app


@pytest.fixture(scope="session")
def app_url(app_server: RunningApp) -> str:
    return app_server.url


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[RunningApp]:
    """An app with a database of its own, for a journey that changes the demo."""
    with _serve(tmp_path) as app:
        yield app


@pytest.fixture
def empty_app(tmp_path: Path) -> Iterator[RunningApp]:
    """An app on a database of its own without the demo (`VENDOR_EVAL_DEMO=0`), as a buyer's
    own workspace starts. It does not watch its source files: a long journey would otherwise
    meet modules reloaded halfway when someone saves a file of the working tree."""
    with _serve(tmp_path, {"VENDOR_EVAL_DEMO": "0",
                           "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}) as app:
        yield app


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        _skip_or_fail(f"no Chromium at {CHROMIUM}; install it with `apt-get install -y chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request: pytest.FixtureRequest):
    """Save a screenshot of the whole page, not only the window, under
    tests/artifacts/<test>-<name>.png, once the page has finished rendering.

    Streamlit scrolls inside its main area, so a plain full-page capture stops at the window's
    height; the window is stretched to the content for the capture, then restored.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        wait_until_idle(page)
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        window = page.viewport_size
        content = page.evaluate(_CONTENT_HEIGHT)
        page.set_viewport_size({"width": window["width"],
                                "height": min(max(window["height"], content), MAX_CAPTURE)})
        try:
            wait_until_idle(page)
            page.screenshot(path=str(path), full_page=True)
        finally:
            page.set_viewport_size(window)
        return path

    return take
