"""Time the app as a person feels it, in Chromium; also its Rank rerun and its cold start.

Every part runs on the demo grown to 50 vendors; the journeys also on the demo itself.

Journeys (the default; `--only journeys`): `streamlit run app.py` on a free loopback port against a temp
SQLite file seeded through the services, driven by Playwright with Debian's Chromium and the
helpers of tests/e2e/streamlit_ui.py. For each project:
- slider to ranking: on Rank, one arrow press on a category slider (one new value, as a mouse
  drag's release gives; each press is a rerun of its own) until the "First place" line (its
  points) has changed and the app is idle; each move goes to a value not seen before;
- every page switch: each sidebar page in app.py's order, until its heading is visible and the
  app is idle; "first" is the first visit in the server's life;
- PDF from the page: on Report, "Build PDF" until "Download PDF" shows (fresh session each time);
- robustness: on Rank, "Run robustness analysis" with a new seed until the result sentence for
  that seed shows.
Baselines in the same run: a throwaway two-page Streamlit app (st.navigation) written to a temp
dir, timed the same way for a page switch and a slider move; `vendor-eval report` as a fresh
subprocess per repetition (the CLI as a user runs it; beside it a warm `export_shortlist_pdf`
in this process, where Playwright's threads keep the chart worker from forking, as the server's
threads do); `project_robustness` in this process. Targets, medians on a quiet
machine: slider < 400 ms, page switch < 1 s, PDF no more than 1.3x the CLI, robustness < 1.5 s.
"server" is when the last websocket message of the step arrived (the script run and sending its
elements); the rest, to the end, is the browser drawing them.

Rerun (`--only rerun`): app.py under AppTest on the Rank page, slider moves (target 250 ms).
Cold start (`--only cold-start`): fresh `streamlit run` until Chromium shows the Overview ranking
(target 5 s). `--only all` runs the three. `--profile PAGE` (e.g. `consensus`) samples where
the first and a warm visit of that page spend their time (AppTest: the server side only).
Prints figures; asserts nothing. On 2 busy CPUs `--only all` takes about 14 minutes.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.e2e.streamlit_ui, when run as `python benchmarks/...`

APP = ROOT / "app.py"
RANK_PAGE = "vendor_eval/ui/pages/rank.py"
CHROMIUM = os.environ.get("VENDOR_EVAL_CHROMIUM", "/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
PROJECT = "demo"  # the demo's key; the grown project keeps it (see grown_bundle)

VENDORS = 50
SLIDER = "Commercials"
SLIDER_STEPS = 1  # arrow presses per move
PARTS = ["journeys", "rerun", "cold-start"]
RUN_LABEL = "Run robustness analysis"  # vendor_eval.ui.robustness.RUN_LABEL, as a user reads it
RERUNS = 20
COLD_STARTS = 5
REPEATS = 3
RERUN_TARGET_SECONDS = 0.250
COLD_START_TARGET_SECONDS = 5.0
SLIDER_TARGET_SECONDS = 0.400
SWITCH_TARGET_SECONDS = 1.0
PDF_TARGET_RATIO = 1.3
ROBUSTNESS_TARGET_SECONDS = 1.5
APPTEST_TIMEOUT = 120
START_TIMEOUT = 120
STEP_TIMEOUT_MS = 180_000

# app.py's navigation, in its order: (sidebar link, the page's heading).
PAGES = [
    ("Overview", "Overview"), ("New project", "New project"), ("Vendors", "Vendors"),
    ("RFP", "RFP"), ("Score", "Score"), ("Prices", "Prices"), ("Consensus", "Consensus"),
    ("Pilot", "Pilot"), ("Risk", "Risk"), ("Rank", "Rank"), ("Profiles", "Weighting profiles"),
    ("Report", "Shortlist report"), ("Team", "Team"), ("Audit", "Audit log"),
    ("Settings", "Settings"),
]

# The baseline app: as little as Streamlit can show with st.navigation, a heading, a slider.
EMPTY_APP = {
    "app.py": """
        import streamlit as st
        st.navigation([st.Page("first.py", title="First", default=True),
                       st.Page("second.py", title="Second")]).run()
        """,
    "first.py": """
        import streamlit as st
        st.title("First")
        value = st.slider("Weight", 0, 100, 20)
        st.markdown(f"**Value: {value}**")
        """,
    "second.py": """
        import streamlit as st
        st.title("Second")
        st.write("A near-empty page.")
        """,
}


# --- the projects ---------------------------------------------------------------------------

def grown_bundle(vendors: int = VENDORS):
    """The demo grown to `vendors` vendors: the 8 demo vendors, then numbered copies of them
    whose rubric scores move by half a point up or down in a fixed pattern, so the copies
    neither tie with their originals nor with each other.

    The project keeps the demo's key: the app then opens on it, as on the demo for a first-time
    user, and does not load the demo beside it.
    """
    from vendor_eval.services.project.demo import demo_bundle

    bundle = demo_bundle()
    originals = bundle.vendors
    copies: dict[str, list[tuple[str, int]]] = {v.name: [] for v in originals}
    grown = list(originals)
    for index in range(vendors - len(originals)):
        source = originals[index % len(originals)]
        number = index // len(originals) + 2
        name = f"{source.name} {number}"
        copies[source.name].append((name, index + 1))
        grown.append(source.model_copy(update={"name": name}))

    def copied(items: tuple, adjust: Callable | None = None) -> tuple:
        extra = []
        for item in items:
            for name, seed in copies.get(item.vendor, ()):
                update = {"vendor": name}
                if adjust is not None:
                    update.update(adjust(item, seed))
                extra.append(item.model_copy(update=update))
        return items + tuple(extra)

    def jitter(score, seed: int) -> dict[str, float]:
        step = (seed + sum(map(ord, score.criterion_id + score.evaluator))) % 3 - 1
        return {"score": min(5.0, max(0.0, score.score + 0.5 * step))}

    return bundle.model_copy(update={
        "project": bundle.project.model_copy(update={
            "title": f"{bundle.project.title} ({len(grown)} vendors)"}),
        "vendors": tuple(grown),
        "scores": copied(bundle.scores, jitter), "measured": copied(bundle.measured),
        "prices": copied(bundle.prices), "assessments": copied(bundle.assessments),
        "risks": copied(bundle.risks), "consensus": copied(bundle.consensus),
        # New scores change each evaluator's scores fingerprint: submitted afresh.
        "submissions": tuple(s.model_copy(update={"scores_hash": None})
                             for s in bundle.submissions),
    })


def build_database(url: str, vendors: int | None = VENDORS) -> int:
    """Schema, shipped profiles and the project (the demo itself when `vendors` is None);
    returns the number of evaluator scores."""
    from vendor_eval.domain.people import LOCAL_ADMIN
    from vendor_eval.services.project.bundles import import_project_bundle
    from vendor_eval.services.project.demo import demo_bundle
    from vendor_eval.services.workspace.database import initialise
    from vendor_eval.store.database import get_engine
    from vendor_eval.store.unit_of_work import UnitOfWork

    engine = get_engine(url)
    initialise(engine, demo=vendors is None)
    if vendors is None:
        scores = len(demo_bundle().scores)
    else:
        bundle = grown_bundle(vendors)
        import_project_bundle(UnitOfWork(engine), LOCAL_ADMIN, bundle, source="benchmark")
        scores = len(bundle.scores)
    engine.dispose()
    return scores


# --- figures --------------------------------------------------------------------------------

def percentile(seconds: list[float], share: float) -> float:
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def describe(label: str, seconds: list[float], unit: str = "ms") -> str:
    scale = 1000 if unit == "ms" else 1
    return (f"  {label:<50} median {scale * statistics.median(seconds):8.1f} {unit}  "
            f"p95 {scale * percentile(seconds, 0.95):8.1f} {unit}  "
            f"min {scale * min(seconds):8.1f} {unit}  (n={len(seconds)})")


def verdict(label: str, median: float, target: float) -> str:
    met = "met" if median < target else "MISSED"
    return f"  -> {label}: median {median:.3f} s against a target of {target:g} s: {met}"


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return seconds


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min) on {os.cpu_count()} CPUs"


@dataclass
class Measure:
    """One journey step's timings, its target and the baseline it is compared with."""

    label: str
    seconds: list[float] = field(default_factory=list)
    target: float | None = None  # seconds, or a ratio to the baseline when `relative`
    relative: bool = False
    baseline: float | None = None  # the baseline's median, seconds
    server: list[float] = field(default_factory=list)  # until the step's last message
    failed: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def met(self) -> bool | None:
        if not self.seconds or self.target is None:
            return None
        if self.relative:
            return self.baseline is not None and self.median <= self.target * self.baseline
        return self.median < self.target

    def line(self, first: bool = False) -> str:
        if not self.seconds:
            return f"  {self.label:<40} no figure ({self.failed} failed)"
        text = (f"  {self.label:<40} median {self.median:6.2f} s  min {min(self.seconds):6.2f}"
                f"  max {max(self.seconds):6.2f}")
        if first:
            text += f"  first {self.seconds[0]:6.2f}"
        if self.server:
            text += f"  server {statistics.median(self.server):6.2f}"
        text += f"  n={len(self.seconds)}" + (f" ({self.failed} failed)" if self.failed else "")
        if self.baseline:
            text += f"  {self.median / self.baseline:5.1f}x baseline"
        if self.target is not None:
            goal = (f"<= {self.target:g}x baseline" if self.relative else
                    f"< {self.target * 1000:.0f} ms" if self.target < 1 else f"< {self.target:g} s")
            text += f"  target {goal}: {'met' if self.met() else 'MISSED'}"
        return text


# --- servers and browsers -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def stop(process: subprocess.Popen) -> None:
    """End the server we started (its own process group), politely first."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    started: float  # perf_counter when the process was started

    def wait_until_healthy(self) -> float:
        """Seconds from the process start until /_stcore/health answers."""
        while not healthy(self.url):
            if self.process.poll() is not None:
                raise SystemExit(f"streamlit exited with {self.process.returncode}; "
                                 f"see {self.log}")
            if time.perf_counter() - self.started > START_TIMEOUT:
                raise SystemExit(f"streamlit did not answer within {START_TIMEOUT} s")
            time.sleep(0.02)
        return time.perf_counter() - self.started


@contextmanager
def serve(app: Path, folder: Path, database_url: str | None = None) -> Iterator[Server]:
    """`streamlit run app` on a free loopback port (tests/e2e/conftest.py's pattern, without the
    file watcher), against `database_url` when given; stopped on the way out."""
    port = free_port()
    env = {**os.environ, "VENDOR_EVAL_REPORTS_DIR": str(folder / "reports")}
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    log_path = folder / f"streamlit-{port}.log"
    log = log_path.open("w")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false",
         # As deployed: no reloading of modules when a source file changes (a file saved in the
         # working tree during a run would otherwise re-import the tables and break the server).
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield Server(f"http://127.0.0.1:{port}", process, log_path, started)
    finally:
        stop(process)
        log.close()


@contextmanager
def chromium() -> Iterator[object | None]:
    """A headless Chromium, or None (with the reason printed) when it cannot be had."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  skipped: playwright is not installed (pip install -e '.[dev]')")
        yield None
        return
    if not Path(CHROMIUM).exists():
        print(f"  skipped: no Chromium at {CHROMIUM} (set VENDOR_EVAL_CHROMIUM)")
        yield None
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=BROWSER_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Wire:
    """When the page's websocket messages from the server arrived (perf_counter seconds)."""

    def __init__(self, page) -> None:
        self.received: list[float] = []
        page.on("websocket", lambda socket: socket.on(
            "framereceived", lambda _: self.received.append(time.perf_counter())))

    def last_since(self, start: float) -> float:
        """Seconds from `start` until the last message received since then."""
        return max((t for t in self.received if t >= start), default=start) - start


@contextmanager
def browser_page(browser) -> Iterator[tuple[object, Wire]]:
    """A page in a context of its own (a new Streamlit session with empty session state),
    and the log of its websocket messages."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    wire = Wire(page)
    try:
        yield page, wire
    finally:
        context.close()


@dataclass
class Timings:
    """A step's seconds to the end, to the last message from the server, and its failures."""

    seconds: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def time(self, wire: Wire, action: Callable[[], object],
             then: Callable[[], object] | None = None, into: Timings | None = None) -> bool:
        """Time `action`; with `then`, time `action` and `then` together `into` another.
        A step that fails or times out is counted as failed, not timed; False then."""
        from playwright.sync_api import Error as PlaywrightError

        start = time.perf_counter()
        try:
            action()
            self.seconds.append(time.perf_counter() - start)
            self.server.append(wire.last_since(start))
            if then is not None:
                then()
                into.seconds.append(time.perf_counter() - start)
                into.server.append(wire.last_since(start))
        except (AssertionError, PlaywrightError) as exc:
            self.failed.append(f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}")
            print(f"  warning: a step failed after {time.perf_counter() - start:.0f} s: "
                  f"{self.failed[-1]}")
            return False
        return True


def recover(page, server: Server) -> None:
    """After a failed step: show the server log's tail and open the app afresh."""
    from tests.e2e.streamlit_ui import open_app

    tail = server.log.read_text(errors="replace").splitlines()[-12:]
    print("  server log, last lines:\n" + "\n".join(f"    {line}" for line in tail))
    open_app(page, server.url)


def stopwatch(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# --- journeys in Chromium -------------------------------------------------------------------

def first_place(page):
    return page.get_by_test_id("stMarkdown").filter(has_text="First place:").first


def move_slider(page, label: str, marker) -> None:
    """Press the right arrow on the slider `label` and wait until `marker`'s text has changed
    and the app is idle."""
    from tests.e2e.streamlit_ui import expect, wait_until_idle

    thumb = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    thumb.focus()
    before = marker.inner_text()
    for _ in range(SLIDER_STEPS):
        page.keyboard.press("ArrowRight")
    expect(marker).not_to_have_text(before, timeout=STEP_TIMEOUT_MS)
    wait_until_idle(page)


def slider_moves(browser, server: Server, repeats: int) -> Timings:
    from tests.e2e.streamlit_ui import go_to, open_app

    timings = Timings()
    with browser_page(browser) as (page, wire):
        open_app(page, server.url)
        go_to(page, "Rank")
        for _ in range(repeats):
            if not timings.time(wire, lambda: move_slider(page, SLIDER, first_place(page))):
                recover(page, server)
                go_to(page, "Rank")
    return timings


def page_switches(browser, server: Server, repeats: int) -> dict[str, Timings]:
    """Each page switch in app.py's order, starting on Overview and ending back there."""
    from tests.e2e.streamlit_ui import go_to, open_app

    timings = {link: Timings() for link, _ in PAGES}
    with browser_page(browser) as (page, wire):
        open_app(page, server.url)
        for _ in range(repeats):
            for link, heading in (*PAGES[1:], PAGES[0]):
                if not timings[link].time(wire, lambda l=link, h=heading: go_to(page, l, h)):
                    recover(page, server)
                elif page.get_by_test_id("stException").count():
                    print(f"  warning: {link} shows an exception: "
                          f"{page.get_by_test_id('stException').first.inner_text()[:200]}")
    return timings


def pdf_builds(browser, server: Server, repeats: int) -> tuple[Timings, Timings]:
    """From "Build PDF" until "Download PDF" shows, and until the app is idle; a fresh session
    each time, so no PDF is on the page yet."""
    from tests.e2e.streamlit_ui import go_to, open_app, wait_until_idle

    shown, idle = Timings(), Timings()
    for _ in range(repeats):
        with browser_page(browser) as (page, wire):
            open_app(page, server.url)
            go_to(page, "Report", "Shortlist report")

            def build() -> None:
                page.get_by_role("button", name="Build PDF").click()
                page.get_by_role("button", name="Download PDF").wait_for()

            if not shown.time(wire, build, lambda: wait_until_idle(page), idle):
                recover(page, server)
    return shown, idle


def robustness_runs(browser, server: Server, repeats: int, first_seed: int
                    ) -> tuple[Timings, Timings]:
    """From "Run robustness analysis" (a seed not run before, so no cache) until the result
    sentence for that seed shows, and until the app is idle."""
    from tests.e2e.streamlit_ui import go_to, open_app, wait_until_idle

    shown, idle = Timings(), Timings()
    with browser_page(browser) as (page, wire):
        open_app(page, server.url)
        go_to(page, "Rank")
        for seed in range(first_seed, first_seed + repeats):
            field = page.get_by_label("Seed", exact=True)
            field.fill(str(seed))
            field.press("Tab")

            def run(seed: int = seed) -> None:
                page.get_by_role("button", name=RUN_LABEL).click()
                page.get_by_text(f"samples (seed {seed})").wait_for()
                page.get_by_text("ranks first in").first.wait_for()

            if not shown.time(wire, run, lambda: wait_until_idle(page), idle):
                recover(page, server)
                go_to(page, "Rank")
    return shown, idle


def empty_app_baselines(browser, folder: Path, repeats: int) -> tuple[Timings, Timings]:
    """A page switch and a slider move in the two-page throwaway app."""
    from tests.e2e.streamlit_ui import go_to, wait_until_idle

    folder.mkdir(exist_ok=True)
    for name, source in EMPTY_APP.items():
        (folder / name).write_text(textwrap.dedent(source))
    switches, moves = Timings(), Timings()
    with serve(folder / "app.py", folder) as server:
        server.wait_until_healthy()
        with browser_page(browser) as (page, wire):
            page.goto(server.url)
            page.get_by_role("heading", name="First", exact=True).wait_for()
            wait_until_idle(page)
            for _ in range(max(repeats, 3)):
                switches.time(wire, lambda: go_to(page, "Second"))
                switches.time(wire, lambda: go_to(page, "First"))
            value = page.get_by_test_id("stMarkdown").filter(has_text="Value:").first
            for _ in range(max(repeats, 3)):
                moves.time(wire, lambda: move_slider(page, "Weight", value))
    return switches, moves


# --- baselines outside the browser ----------------------------------------------------------

def cli_reports(url: str, folder: Path, repeats: int) -> list[float]:
    """`vendor-eval report demo -o ...` as a fresh subprocess each time, as a user runs it."""
    command = Path(sys.executable).with_name("vendor-eval")
    prefix = [str(command)] if command.exists() else [sys.executable, "-m", "vendor_eval.cli"]
    env = {**os.environ, "DATABASE_URL": url}
    seconds = []
    for index in range(repeats):
        output = folder / f"cli-{index}.pdf"
        start = time.perf_counter()
        subprocess.run([*prefix, "report", PROJECT, "-o", str(output)], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
        seconds.append(time.perf_counter() - start)
    return seconds


def in_process_baselines(url: str, folder: Path, repeats: int, first_seed: int
                         ) -> tuple[list[float], list[float]]:
    """In this (warm) process: `export_shortlist_pdf`, the CLI report's function, and
    `project_robustness` with the page's default parameters and the seeds the page will use
    (a warm-up call first for each, so imports are not counted)."""
    from vendor_eval.domain.people import LOCAL_ADMIN
    from vendor_eval.services.decision.robustness import project_robustness
    from vendor_eval.services.report.shortlist import export_shortlist_pdf
    from vendor_eval.store.database import get_engine
    from vendor_eval.store.unit_of_work import UnitOfWork

    engine = get_engine(url)
    output = folder / "in-process.pdf"

    def pdf() -> None:
        export_shortlist_pdf(UnitOfWork(engine), LOCAL_ADMIN, PROJECT, output, 3)

    def robustness(seed: int) -> None:
        project_robustness(UnitOfWork(engine), LOCAL_ADMIN, PROJECT, seed=seed).report()

    pdf()
    pdfs = timed(pdf, repeats)
    robustness(first_seed - 1)
    seeds = iter(range(first_seed, first_seed + repeats))
    runs = timed(lambda: robustness(next(seeds)), repeats)
    engine.dispose()
    return pdfs, runs


# --- one project's journeys -----------------------------------------------------------------

@dataclass
class ProjectFigures:
    name: str
    slider: Measure
    switches: list[Measure]
    pdf: Measure
    pdf_idle: Measure
    cli: Measure
    pdf_in_process: Measure
    robustness: Measure
    robustness_idle: Measure
    robustness_in_process: Measure

    def targets(self) -> list[Measure]:
        return [self.slider, *self.switches, self.pdf, self.robustness]

    def lines(self) -> list[str]:
        pooled = Measure("every page switch, pooled",
                         [s for m in self.switches for s in m.seconds], SWITCH_TARGET_SECONDS,
                         baseline=self.switches[0].baseline,
                         server=[s for m in self.switches for s in m.server])
        return [f"{self.name}:", self.slider.line(),
                *(m.line(first=True) for m in self.switches), pooled.line(),
                self.pdf.line(), self.pdf_idle.line(),
                self.cli.line() + "  (a fresh process each run)", self.pdf_in_process.line(),
                self.robustness.line(), self.robustness_idle.line(),
                self.robustness_in_process.line()]


def measure(label: str, timings: Timings, target: float | None = None, *,
            baseline: float | None = None, relative: bool = False) -> Measure:
    return Measure(label, timings.seconds, target, relative, baseline, timings.server,
                   len(timings.failed))


def journeys(browser, name: str, vendors: int | None, folder: Path, repeats: int,
             baselines: dict[str, float]) -> ProjectFigures:
    """Seed the project, time its baselines outside the browser, then its journeys."""
    folder.mkdir()
    url = f"sqlite:///{folder / 'vendor_eval.db'}"
    scores = build_database(url, vendors)
    print(f"{name}: {scores} evaluator scores, SQLite at {folder / 'vendor_eval.db'}; "
          f"load average {load_average()}")
    seed = 1000  # seeds the page has not run: the robustness cache misses
    cli = Measure("baseline: `vendor-eval report`", cli_reports(url, folder, repeats))
    pdfs, runs = in_process_baselines(url, folder, repeats, seed)
    with serve(APP, folder, url) as server:
        server.wait_until_healthy()
        switches = page_switches(browser, server, repeats)
        slider = slider_moves(browser, server, max(repeats, 3))
        robust_shown, robust_idle = robustness_runs(browser, server, repeats, seed)
        pdf_shown, pdf_idle = pdf_builds(browser, server, repeats)
    print(f"  load average after {name}: {load_average()}")
    robust_baseline = statistics.median(runs)
    return ProjectFigures(
        name=name,
        slider=measure("slider to updated ranking", slider, SLIDER_TARGET_SECONDS,
                       baseline=baselines["slider"]),
        switches=[measure(f"switch to {link}", switches[link], SWITCH_TARGET_SECONDS,
                          baseline=baselines["switch"]) for link, _ in PAGES],
        pdf=measure("PDF from the Report page", pdf_shown, PDF_TARGET_RATIO, relative=True,
                    baseline=cli.median),
        pdf_idle=measure("  ... until the page is idle", pdf_idle, baseline=cli.median),
        cli=cli,
        pdf_in_process=Measure("  export_shortlist_pdf(), warm, no fork", pdfs),
        robustness=measure("robustness run", robust_shown, ROBUSTNESS_TARGET_SECONDS,
                           baseline=robust_baseline),
        robustness_idle=measure("  ... until the page is idle", robust_idle,
                                baseline=robust_baseline),
        robustness_in_process=Measure("baseline: project_robustness()", runs),
    )


def run_journeys(folder: Path, projects: list[str], vendors: int, repeats: int) -> None:
    print(f"Journeys in Chromium, {repeats} repetitions each (slider moves at least 3); "
          f"load average {load_average()}")
    with chromium() as browser:
        if browser is None:
            return
        switches, moves = empty_app_baselines(browser, folder / "empty-app", repeats)
        print(measure("baseline: empty app page switch", switches).line())
        print(measure("baseline: empty app slider move", moves).line())
        baselines = {"switch": statistics.median(switches.seconds),
                     "slider": statistics.median(moves.seconds)}
        results = []
        for project in projects:
            name, count = (("demo", None) if project == "demo" else
                           (f"{vendors}-vendor project", vendors))
            figures = journeys(browser, name, count, folder / project, repeats, baselines)
            results.append(figures)
            print("\n".join(figures.lines()))
    print("Targets (medians):")
    for figures in results:
        missed = [m.label for m in figures.targets() if m.met() is False]
        print(f"  {figures.name}: " + ("all met" if not missed else
                                      f"{len(missed)} missed: " + ", ".join(missed)))


# --- Rank page rerun (AppTest) --------------------------------------------------------------

def rank_rerun() -> tuple[list[float], list[float]]:
    """Reruns of app.py on the Rank page: after a slider move to a new value, and unchanged."""
    from streamlit.testing.v1 import AppTest

    # AppTest's first run calls cached functions before its script context exists: harmless.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR)
    app = AppTest.from_file(str(APP), default_timeout=APPTEST_TIMEOUT).run()
    app.switch_page(RANK_PAGE).run()
    problems = [str(e.value) for e in (*app.exception, *app.error)]
    if problems or [t.value for t in app.title] != ["Rank"]:
        raise SystemExit(f"the Rank page did not open cleanly: {problems}")
    slider = next(s for s in app.slider if s.label == SLIDER)
    start_value = int(slider.value)
    # Warm-up: one move and back, so imports and the plotly/table code paths are loaded.
    slider.set_value(start_value + 1).run()
    next(s for s in app.slider if s.label == SLIDER).set_value(start_value).run()

    moves = []
    for step in range(RERUNS):
        # Values not used before: every move misses the ranking cache, as a user's drag does.
        value = (start_value + 2 + step) % 101
        slider = next(s for s in app.slider if s.label == SLIDER)
        slider.set_value(value)
        start = time.perf_counter()
        app.run()
        moves.append(time.perf_counter() - start)
        if app.exception:
            raise SystemExit(f"the rerun failed: {app.exception[0].value}")
    leader = next((str(m.value).replace("**", "") for m in app.markdown
                   if "First place" in str(m.value)), "?")
    print(f"  after the last move ({SLIDER} = {value}): {leader}")
    unchanged = timed(app.run, RERUNS)
    return moves, unchanged


def engine_baselines(url: str) -> tuple[list[float], list[float], list[float], int]:
    """The evidence read from the database, the page's cache key over it (a digest of all
    evidence), and the engine's what-if ranking alone."""
    from vendor_eval.domain.people import LOCAL_ADMIN
    from vendor_eval.services.decision.ranking import load_evaluation, rank_what_if
    from vendor_eval.store.database import get_engine
    from vendor_eval.store.unit_of_work import UnitOfWork
    from vendor_eval.ui.cache import cache_key

    engine = get_engine(url)
    load = lambda: load_evaluation(UnitOfWork(engine), LOCAL_ADMIN, PROJECT)
    inputs = load()
    weights = {category: float(c.weight) for category, c in inputs.profile.categories.items()}
    total = sum(weights.values())
    weights = {category: 100 * w / total for category, w in weights.items()}
    moved = dict(weights)

    def what_if() -> None:
        # A different weighting each call, as each slider move gives.
        moved["commercials"] = moved.get("commercials", 10.0) + 0.01
        scale = 100 / sum(moved.values())
        rank_what_if(inputs, {category: w * scale for category, w in moved.items()})

    loads = timed(load, RERUNS)
    digests = timed(lambda: cache_key(inputs), RERUNS)
    what_if()
    ranking = timed(what_if, RERUNS)
    engine.dispose()
    return loads, digests, ranking, len(inputs.vendors)


def run_rerun(folder: Path, vendors: int) -> None:
    url = f"sqlite:///{folder / 'rerun.db'}"
    os.environ["DATABASE_URL"] = url  # AppTest runs app.py in this process
    scores = build_database(url, vendors)
    print(f"Rank page rerun, app.py under AppTest, {vendors} vendors ({scores} scores), "
          f"median of {RERUNS}; load average {load_average()}")
    moves, unchanged = rank_rerun()
    loads, digests, ranking, count = engine_baselines(url)
    print(describe(f"rerun after a {SLIDER} slider move", moves))
    print(describe("baseline: rerun with nothing changed", unchanged))
    print(describe("baseline: load_evaluation() (database read)", loads))
    print(describe("baseline: the ranking cache key (evidence digest)", digests))
    print(describe(f"baseline: rank_what_if() engine ({count} vendors)", ranking))
    print(verdict("Rank rerun after a slider move", statistics.median(moves),
                  RERUN_TARGET_SECONDS))


# --- cold start (a real process and a real browser) -----------------------------------------

def cold_start(url: str, folder: Path, browser) -> tuple[float, float]:
    """Seconds from `streamlit run` until /_stcore/health answers, and until the Overview page
    shows its heading and ranking table in a browser that opens the app as soon as it is up."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        with serve(APP, folder, url) as server:
            up = server.wait_until_healthy()
            page = context.new_page()
            page.set_default_timeout(START_TIMEOUT * 1000)
            page.goto(server.url)
            page.get_by_role("heading", name="Overview", exact=True).wait_for()
            page.get_by_role("heading", name="Ranking", exact=True).wait_for()
            # The ranking table has rows: glide's accessibility table under the canvas is filled.
            page.locator('[data-testid="stDataFrame"] [role="row"][aria-rowindex="2"]'
                         ).first.wait_for(state="attached")
            rendered = time.perf_counter() - server.started
    finally:
        context.close()
    return up, rendered


def run_cold_starts(folder: Path, vendors: int) -> None:
    url = f"sqlite:///{folder / 'cold.db'}"
    build_database(url, vendors)
    print(f"Cold start, fresh `streamlit run app.py` and headless Chromium, {vendors} vendors, "
          f"median of {COLD_STARTS}; load average {load_average()}")
    with chromium() as browser:
        if browser is None:
            return
        starts = [cold_start(url, folder, browser) for _ in range(COLD_STARTS)]
    health, rendered = [s[0] for s in starts], [s[1] for s in starts]
    print(describe("baseline: until /_stcore/health answers", health, unit="s"))
    print(describe("until the Overview ranking is rendered", rendered, unit="s"))
    print(verdict("cold start to the first page", statistics.median(rendered),
                  COLD_START_TARGET_SECONDS))


# --- where one page run spends its time -----------------------------------------------------

def sample_stacks(stop_event: threading.Event, interval: float, counts: Counter,
                  ticks: list[int]) -> None:
    """A wall-clock sampling profiler: every `interval` s, count each function on the stacks
    of the threads other than this one and the main thread (AppTest runs the script in its
    own thread), once per stack, so a count is inclusive time."""
    own, main = threading.get_ident(), threading.main_thread().ident
    while not stop_event.wait(interval):
        for ident, frame in sys._current_frames().items():
            if ident in (own, main):
                continue
            seen = set()
            while frame is not None:
                code = frame.f_code
                seen.add((code.co_filename, code.co_firstlineno, code.co_name))
                frame = frame.f_back
            counts.update(seen)
            ticks[0] += 1


def sampled(action: Callable[[], object]) -> tuple[float, Counter, int]:
    """Seconds `action` took, and the stack samples of the other threads meanwhile."""
    counts: Counter = Counter()
    ticks = [0]
    done = threading.Event()
    sampler = threading.Thread(target=sample_stacks, args=(done, 0.002, counts, ticks),
                               daemon=True)
    sampler.start()
    seconds = stopwatch(action)
    done.set()
    sampler.join()
    return seconds, counts, ticks[0]


def print_samples(title: str, seconds: float, counts: Counter, ticks: int) -> None:
    print(f"  {title}: {seconds:.2f} s, {ticks} samples; inclusive wall-clock time per function")
    scale = seconds / max(ticks, 1)
    rows = sorted(counts.items(), key=lambda item: -item[1])
    own_code = [r for r in rows if str(ROOT / "vendor_eval") in r[0][0]
                or r[0][0].endswith("app.py")]
    # The frames every sample shares (thread start, Streamlit's script runner) say nothing.
    other = [r for r in rows if r not in own_code and r[1] < 0.95 * ticks]
    for heading, chosen in (("app code", own_code[:20]), ("libraries", other[:12])):
        print(f"    {heading}:")
        for (filename, line, name), count in chosen:
            where = filename.replace(str(ROOT) + "/", "").split("site-packages/")[-1]
            print(f"      {count * scale * 1000:8.0f} ms  {name}  ({where}:{line})")


def run_profile(folder: Path, page_name: str, vendors: int | None) -> None:
    """Switch to `page_name` under AppTest (the first visit in the process, then away and back)
    and print where each visit spends its wall-clock time, app functions first."""
    from streamlit.testing.v1 import AppTest

    url = f"sqlite:///{folder / 'profile.db'}"
    os.environ["DATABASE_URL"] = url
    build_database(url, vendors)
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR)
    target = f"vendor_eval/ui/pages/{page_name}.py"
    app = AppTest.from_file(str(APP), default_timeout=APPTEST_TIMEOUT).run()
    print(f"{page_name} under AppTest ({'demo' if vendors is None else f'{vendors} vendors'}), "
          "the server side of a page switch:")
    print_samples("first visit", *sampled(lambda: app.switch_page(target).run()))
    app.switch_page("vendor_eval/ui/pages/overview.py").run()
    print_samples("warm visit", *sampled(lambda: app.switch_page(target).run()))
    if app.exception:
        print(f"  the page raised: {app.exception[0].value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=VENDORS,
                        help="vendors in the grown project (default %(default)s)")
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help="repetitions of each journey step (default %(default)s)")
    parser.add_argument("--only", action="append", choices=[*PARTS, "all"],
                        help="the parts to run (repeatable; default: journeys)")
    parser.add_argument("--projects", nargs="+", choices=["demo", "grown"],
                        default=["demo", "grown"],
                        help="projects for the journeys: the demo and/or the grown project")
    parser.add_argument("--profile", metavar="PAGE",
                        help="instead: where a warm run of this page (e.g. consensus) spends "
                             "its time, on the first of --projects")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # figures in order with the servers' warnings
    parts = PARTS if "all" in (args.only or ()) else args.only or ["journeys"]
    start = time.perf_counter()
    print(f"load average at the start {load_average()}; figures compare only on an otherwise "
          "idle machine")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if args.profile:
            run_profile(folder, args.profile,
                        None if args.projects[0] == "demo" else args.vendors)
        else:
            if "journeys" in parts:
                run_journeys(folder, args.projects, args.vendors, args.repeats)
            if "rerun" in parts:
                run_rerun(folder, args.vendors)
            if "cold-start" in parts:
                run_cold_starts(folder, args.vendors)
    print(f"load average at the end {load_average()}; {time.perf_counter() - start:.0f} s in all")


if __name__ == "__main__":
    main()
