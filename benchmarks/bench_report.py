"""Time the shortlist PDF export on the demo project, against the ranking alone."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.ranking import rank_project
from vendor_eval.services.reports import export_shortlist_pdf
from vendor_eval.services.setup import initialise
from vendor_eval.store.database import get_engine
from vendor_eval.store.unit_of_work import UnitOfWork

REPEATS = 5


def timings(action: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return seconds


def describe(label: str, seconds: list[float]) -> str:
    return (f"{label:<24} median {statistics.median(seconds):7.3f}s  "
            f"min {min(seconds):7.3f}s  max {max(seconds):7.3f}s  (n={len(seconds)})")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = get_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        initialise(engine, demo=True)
        output = Path(folder) / "demo-shortlist.pdf"
        export_shortlist_pdf(UnitOfWork(engine), LOCAL_ADMIN, "demo", output)  # warm-up
        report = timings(lambda: export_shortlist_pdf(UnitOfWork(engine), LOCAL_ADMIN, "demo",
                                                      output))
        ranking = timings(lambda: rank_project(UnitOfWork(engine), LOCAL_ADMIN, "demo"))
        print(describe("export_shortlist_pdf", report))
        print(describe("rank_project", ranking))
        ratio = statistics.median(report) / statistics.median(ranking)
        print(f"report / ranking (median): {ratio:.1f}x  -  "
              f"PDF {output.stat().st_size / 1024:.0f} KiB")
        engine.dispose()


if __name__ == "__main__":
    main()
