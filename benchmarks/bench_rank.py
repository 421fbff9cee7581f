"""Time `rank` on the demo project: the engine alone, the service (database + engine), the CLI.

Prints medians of repeated runs and the ratio of the service to the engine alone, measured in
the same process, so the cost of loading evidence from the database is visible.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.services.decision.ranking import load_evaluation, rank_project
from vendor_eval.services.workspace.database import initialise
from vendor_eval.store.database import get_engine
from vendor_eval.store.unit_of_work import UnitOfWork


def median_seconds(action, repeats: int) -> tuple[float, float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = get_engine(url)
        initialise(engine, demo=True)
        inputs = load_evaluation(UnitOfWork(engine), LOCAL_ADMIN, "demo")
        engine_only = median_seconds(lambda: evaluate(inputs), 50)
        service = median_seconds(lambda: rank_project(UnitOfWork(engine), LOCAL_ADMIN, "demo"), 30)
        cli = median_seconds(lambda: subprocess.run(
            [sys.executable, "-m", "vendor_eval.cli", "rank", "demo", "--format", "json"],
            check=True, capture_output=True, env={"DATABASE_URL": url, "PATH": ""}), 7)
    print(f"demo: {len(inputs.vendors)} vendors, {len(inputs.scores)} scores")
    for label, (med, low, high) in (("engine evaluate()", engine_only),
                                    ("rank_project() service", service),
                                    ("`vendor-eval rank demo` CLI", cli)):
        print(f"{label:32s} median {1000 * med:8.1f} ms  (min {1000 * low:.1f}, max {1000 * high:.1f})")
    print(f"service / engine ratio: {service[0] / engine_only[0]:.2f}x")


if __name__ == "__main__":
    main()
