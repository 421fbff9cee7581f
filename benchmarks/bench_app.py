"""Time the app with 50 vendors: a Rank page rerun after a slider move, and the cold start.

Rerun: the real app.py under Streamlit's AppTest (router, sidebar and page), switched to the
Rank page; each repetition moves the Commercials slider to a value not seen before, so the
ranking cache misses as it does for a user, and times the rerun. Baselines in the same process:
a rerun with nothing changed, the evidence read from the database, and the engine's ranking
alone (`rank_what_if`), so the cost of Streamlit and of the page is visible.

Cold start: a fresh `streamlit run app.py` process per repetition, timed from process start
until a headless Chromium shows the Overview heading and its ranking table; the time until
/_stcore/health answers is the baseline (the server is up, no page has run yet).

Targets: the rerun under 250 ms, the cold start under 5 s. Prints figures; asserts nothing.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
RANK_PAGE = "vendor_eval/ui/pages/rank.py"
CHROMIUM = os.environ.get("VENDOR_EVAL_CHROMIUM", "/usr/bin/chromium")

VENDORS = 50
SLIDER = "Commercials"
RERUNS = 20
COLD_STARTS = 5
RERUN_TARGET_SECONDS = 0.250
COLD_START_TARGET_SECONDS = 5.0
APPTEST_TIMEOUT = 120
START_TIMEOUT = 120


# --- the 50-vendor project ------------------------------------------------------------------

def fifty_vendor_bundle():
    """The demo grown to 50 vendors: the 8 demo vendors, then numbered copies of them whose
    rubric scores move by half a point up or down in a fixed pattern, so the copies neither
    tie with their originals nor with each other.

    The project keeps the demo's key: the app then opens on it, as on the demo for a first-time
    user, and does not load the demo beside it.
    """
    from vendor_eval.services.project.demo import demo_bundle

    bundle = demo_bundle()
    originals = bundle.vendors
    copies: dict[str, list[tuple[str, int]]] = {v.name: [] for v in originals}
    vendors = list(originals)
    for index in range(VENDORS - len(originals)):
        source = originals[index % len(originals)]
        number = index // len(originals) + 2
        name = f"{source.name} {number}"
        copies[source.name].append((name, index + 1))
        vendors.append(source.model_copy(update={"name": name}))

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
            "title": f"{bundle.project.title} ({VENDORS} vendors)"}),
        "vendors": tuple(vendors),
        "scores": copied(bundle.scores, jitter), "measured": copied(bundle.measured),
        "prices": copied(bundle.prices), "assessments": copied(bundle.assessments),
        "risks": copied(bundle.risks), "consensus": copied(bundle.consensus),
        # New scores change each evaluator's scores fingerprint: submitted afresh.
        "submissions": tuple(s.model_copy(update={"scores_hash": None})
                             for s in bundle.submissions),
    })


def build_database(url: str) -> int:
    """Schema, shipped profiles and the 50-vendor project; returns the number of scores."""
    from vendor_eval.domain.people import LOCAL_ADMIN
    from vendor_eval.services.project.bundles import import_project_bundle
    from vendor_eval.services.workspace.database import initialise
    from vendor_eval.store.database import get_engine
    from vendor_eval.store.unit_of_work import UnitOfWork

    engine = get_engine(url)
    initialise(engine, demo=False)
    bundle = fifty_vendor_bundle()
    import_project_bundle(UnitOfWork(engine), LOCAL_ADMIN, bundle, source="benchmark")
    engine.dispose()
    return len(bundle.scores)


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
    first_place = next((str(m.value).replace("**", "") for m in app.markdown
                        if "First place" in str(m.value)), "?")
    print(f"  after the last move ({SLIDER} = {value}): {first_place}")
    unchanged = timed(app.run, RERUNS)
    return moves, unchanged


def engine_baselines(url: str) -> tuple[list[float], list[float], list[float], int]:
    """The evidence read from the database, the page's cache key over it (a digest of all
    evidence), and the engine's what-if ranking alone."""
    from vendor_eval.domain.people import LOCAL_ADMIN
    from vendor_eval.services.decision.ranking import load_evaluation, rank_what_if
    from vendor_eval.store.database import get_engine
    from vendor_eval.store.unit_of_work import UnitOfWork
    from vendor_eval.ui.cache import fingerprint

    engine = get_engine(url)
    load = lambda: load_evaluation(UnitOfWork(engine), LOCAL_ADMIN, "demo")  # noqa: E731
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
    digests = timed(lambda: fingerprint(inputs), RERUNS)
    what_if()
    ranking = timed(what_if, RERUNS)
    engine.dispose()
    return loads, digests, ranking, len(inputs.vendors)


# --- cold start (a real process and a real browser) -----------------------------------------

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


def cold_start(url: str, folder: Path, browser) -> tuple[float, float]:
    """Seconds from `streamlit run` until /_stcore/health answers, and until the Overview page
    shows its heading and ranking table in a browser that opens the app as soon as it is up."""
    port = free_port()
    address = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": url, "VENDOR_EVAL_REPORTS_DIR": str(folder / "reports")}
    log = (folder / f"streamlit-{port}.log").open("w")
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        while not healthy(address):
            if process.poll() is not None:
                raise SystemExit(f"streamlit exited with {process.returncode}; see {log.name}")
            if time.perf_counter() - start > START_TIMEOUT:
                raise SystemExit(f"streamlit did not answer within {START_TIMEOUT} s")
            time.sleep(0.02)
        up = time.perf_counter() - start
        page = context.new_page()
        page.set_default_timeout(START_TIMEOUT * 1000)
        page.goto(address)
        page.get_by_role("heading", name="Overview", exact=True).wait_for()
        page.get_by_role("heading", name="Ranking", exact=True).wait_for()
        # The ranking table has rows: glide's accessibility table under the canvas is filled.
        page.locator('[data-testid="stDataFrame"] [role="row"][aria-rowindex="2"]').first.wait_for(
            state="attached")
        rendered = time.perf_counter() - start
    finally:
        context.close()
        stop(process)
        log.close()
    return up, rendered


def cold_starts(url: str, folder: Path) -> tuple[list[float], list[float]] | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("  skipped: playwright is not installed (pip install -e '.[dev]')")
        return None
    if not Path(CHROMIUM).exists():
        print(f"  skipped: no Chromium at {CHROMIUM} (set VENDOR_EVAL_CHROMIUM)")
        return None
    health, rendered = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update"])
        try:
            for _ in range(COLD_STARTS):
                up, shown = cold_start(url, folder, browser)
                health.append(up)
                rendered.append(shown)
        finally:
            browser.close()
    return health, rendered


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'bench.db'}"
        os.environ["DATABASE_URL"] = url
        scores = build_database(url)
        print(f"{VENDORS} vendors, {scores} evaluator scores, SQLite at {folder / 'bench.db'}")
        print(f"load average {os.getloadavg()[0]:.2f} / {os.getloadavg()[1]:.2f} (1 / 5 min) "
              f"on {os.cpu_count()} CPUs; figures compare only on an otherwise idle machine")

        print(f"Rank page rerun, app.py under AppTest, median of {RERUNS}:")
        moves, unchanged = rank_rerun()
        loads, digests, ranking, vendors = engine_baselines(url)
        print(describe(f"rerun after a {SLIDER} slider move", moves))
        print(describe("baseline: rerun with nothing changed", unchanged))
        print(describe("baseline: load_evaluation() (database read)", loads))
        print(describe("baseline: the ranking cache key (evidence digest)", digests))
        print(describe(f"baseline: rank_what_if() engine ({vendors} vendors)", ranking))
        print(verdict("Rank rerun after a slider move", statistics.median(moves),
                      RERUN_TARGET_SECONDS))

        print(f"Cold start, fresh `streamlit run app.py` and headless Chromium, median of "
              f"{COLD_STARTS}:")
        starts = cold_starts(url, folder)
        if starts is not None:
            health, rendered = starts
            print(describe("baseline: until /_stcore/health answers", health, unit="s"))
            print(describe("until the Overview ranking is rendered", rendered, unit="s"))
            print(verdict("cold start to the first page", statistics.median(rendered),
                          COLD_START_TARGET_SECONDS))
        print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
