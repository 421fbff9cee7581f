"""Time the shortlist PDF: a 12-vendor project and the demo, in cold processes and warm.

Cold: each run is a fresh `python` process that imports the package, reads the project, ranks
it, runs SMAA, draws the charts and writes the PDF, as `vendor-eval report` does. Baselines in
the same run: the same template without charts, and the ranking alone. Target: the full report
of 12 vendors under 3 s cold (median of 5). Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPEATS = 5
TARGET_SECONDS = 3.0
BENCH_PROJECT = "bench12"
EXTRA_VENDORS = 4  # the demo has 8 vendors; copies of the first four make 12


def child(mode: str, project: str, output: str) -> None:
    """One cold run (in its own process): what `vendor-eval report` or `rank` would do."""
    from vendor_eval.domain.people import LOCAL_ADMIN
    from vendor_eval.store.unit_of_work import UnitOfWork

    if mode == "ranking":
        from vendor_eval.services.decision.ranking import rank_project

        rank_project(UnitOfWork(), LOCAL_ADMIN, project)
        return
    from vendor_eval.documents.shortlist.options import ReportOptions
    from vendor_eval.services.report.shortlist import export_shortlist_pdf

    export_shortlist_pdf(UnitOfWork(), LOCAL_ADMIN, project, Path(output),
                         options=ReportOptions(charts=mode == "full"))


def twelve_vendor_bundle():
    """The demo with four more vendors (copies of the first four under new names)."""
    from vendor_eval.services.project.demo import demo_bundle

    bundle = demo_bundle()
    copies = {v.name: f"{v.name} II" for v in bundle.vendors[:EXTRA_VENDORS]}

    def doubled(items: tuple) -> tuple:
        return items + tuple(item.model_copy(update={"vendor": copies[item.vendor]})
                             for item in items if item.vendor in copies)

    vendors = bundle.vendors + tuple(v.model_copy(update={"name": copies[v.name]})
                                     for v in bundle.vendors[:EXTRA_VENDORS])
    return bundle.model_copy(update={
        "project": bundle.project.model_copy(update={
            "key": BENCH_PROJECT, "title": f"{bundle.project.title} (12 vendors)"}),
        "vendors": vendors,
        "scores": doubled(bundle.scores), "measured": doubled(bundle.measured),
        "prices": doubled(bundle.prices), "assessments": doubled(bundle.assessments),
        "risks": doubled(bundle.risks), "consensus": doubled(bundle.consensus),
        # The copies' scores change each evaluator's scores fingerprint: submit afresh.
        "submissions": tuple(s.model_copy(update={"scores_hash": None})
                             for s in bundle.submissions),
    })


def cold(mode: str, project: str, folder: Path,
         env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (user + system) of REPEATS fresh processes. On a busy machine
    the CPU time is the steadier figure: it leaves out the time spent waiting for a core."""
    wall, cpu = [], []
    for run in range(REPEATS):
        output = folder / f"{project}-{mode}-{run}.pdf"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--child", mode, project, str(output)],
                       env=env, check=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def warm(action: Callable[[], object]) -> list[float]:
    action()  # imports, font and matplotlib caches
    seconds = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return seconds


def describe(label: str, seconds: list[float]) -> str:
    return (f"  {label:<34} median {statistics.median(seconds):6.3f}s  "
            f"min {min(seconds):6.3f}s  max {max(seconds):6.3f}s  (n={len(seconds)})")


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        url = f"sqlite:///{folder / 'bench.db'}"
        os.environ["DATABASE_URL"] = url
        env = {**os.environ, "DATABASE_URL": url}

        from vendor_eval.domain.people import LOCAL_ADMIN
        from vendor_eval.services.project.bundles import import_project_bundle
        from vendor_eval.services.workspace.database import initialise
        from vendor_eval.store.database import get_engine
        from vendor_eval.store.unit_of_work import UnitOfWork

        engine = get_engine(url)
        initialise(engine, demo=True)
        import_project_bundle(UnitOfWork(engine), LOCAL_ADMIN, twelve_vendor_bundle(),
                              source="benchmark")
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (figures are "
              f"only comparable when the machine is otherwise idle)")

        for project in (BENCH_PROJECT, "demo"):
            print(f"{project}: cold process, median of {REPEATS} "
                  f"(import + read + rank + SMAA + charts + PDF)")
            results = {mode: cold(mode, project, folder, env)
                       for mode in ("full", "no-charts", "ranking")}
            for mode, label in (("full", "full report"),
                                ("no-charts", "same template without charts"),
                                ("ranking", "ranking alone")):
                wall, cpu = results[mode]
                print(describe(f"{label} (wall)", wall))
                print(describe(f"{label} (CPU)", cpu))
            wall, cpu = results["full"]
            verdict = "meets" if statistics.median(wall) < TARGET_SECONDS else "MISSES"
            print(f"  -> full report {verdict} the {TARGET_SECONDS:g} s target on wall clock "
                  f"(CPU median {statistics.median(cpu):.2f} s)")

        print("warm process, median of 5 (imports and caches already loaded)")
        from vendor_eval.documents.shortlist.options import ReportOptions
        from vendor_eval.services.decision.ranking import rank_project
        from vendor_eval.services.report.shortlist import build_shortlist_report

        steps: dict[str, list[float]] = {}

        def timed_build() -> None:
            marks = [("start", time.perf_counter())]
            build_shortlist_report(UnitOfWork(engine), LOCAL_ADMIN, BENCH_PROJECT,
                                   progress=lambda step: marks.append((step, time.perf_counter())))
            marks.append(("end", time.perf_counter()))
            for (step, at), (_, following) in zip(marks[1:], marks[2:]):
                steps.setdefault(step, []).append(following - at)

        full = warm(timed_build)
        print(describe(f"{BENCH_PROJECT} full report", full))
        print(describe(f"{BENCH_PROJECT} without charts", warm(
            lambda: build_shortlist_report(UnitOfWork(engine), LOCAL_ADMIN, BENCH_PROJECT,
                                           ReportOptions(charts=False)))))
        print(describe(f"{BENCH_PROJECT} ranking alone",
                       warm(lambda: rank_project(UnitOfWork(engine), LOCAL_ADMIN, BENCH_PROJECT))))
        for step, seconds in steps.items():
            print(describe(f"  step: {step}", seconds[-REPEATS:]))
        size = (folder / f"{BENCH_PROJECT}-full-0.pdf").stat().st_size
        print(f"PDF of {BENCH_PROJECT}: {size / 1024:,.0f} KiB")
        engine.dispose()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
    else:
        main()
