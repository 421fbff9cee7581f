"""Time SMAA-2 on 50 vendors x 40 criteria with 10,000 samples against a per-sample library loop.

The vectorised engine (vendor_eval.engine.smaa) is timed as a median of repeated runs. The
reference is what one would write with an MCDA library: a Python loop that, for every sample,
draws a weight vector and a noisy decision matrix, calls pymcdm's weighted sum (WSM, with an
identity normalisation so it computes the same scores) once, ranks, and accumulates the same
SMAA-2 counts. The loop is timed on fewer samples and extrapolated linearly (it does the same
work per sample), in the same process. Also timed: `vendor-eval sensitivity` on the demo
project through the service (database + engine). Prints only.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from pymcdm.methods import WSM

from vendor_eval.engine.smaa import WeightSampling, smaa

VENDORS, CRITERIA, SAMPLES = 50, 40, 10_000
LOOP_SAMPLES = 1_000
CONCENTRATION = 50.0
TARGET_MS, TARGET_RATIO = 50.0, 50.0


def timed(action: Callable[[], object], repeats: int) -> tuple[float, float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def library_loop(means: np.ndarray, spreads: np.ndarray, centre: np.ndarray, samples: int,
                 seed: int, validation: bool) -> np.ndarray:
    """SMAA-2 the plain way: one pymcdm WSM call per sample; returns rank acceptabilities."""
    rng = np.random.default_rng(seed)
    n, m = means.shape
    wsm = WSM(normalization_function=lambda column, cost: column)
    types = np.ones(m)
    counts = np.zeros((n, n))
    wins = np.zeros((n, n))
    first_weights = np.zeros((n, m))
    for _ in range(samples):
        weights = rng.dirichlet(CONCENTRATION * centre)
        matrix = means + spreads * rng.standard_normal((n, m))
        preference = wsm(matrix, weights, types, validation=validation)
        order = np.argsort(-preference)
        ranks = np.empty(n, dtype=int)
        ranks[order] = np.arange(n)
        counts[order, np.arange(n)] += 1
        wins += ranks[:, None] < ranks[None, :]
        first_weights[order[0]] += weights
    return counts / samples


def main() -> None:
    rng = np.random.default_rng(2024)
    means = rng.uniform(0.0, 1.0, (VENDORS, CRITERIA))
    spreads = rng.uniform(0.02, 0.10, (VENDORS, CRITERIA))
    centre = rng.dirichlet(np.full(CRITERIA, 5.0))
    names = [f"vendor {i}" for i in range(VENDORS)]
    criteria = [f"criterion {j}" for j in range(CRITERIA)]

    def engine():
        return smaa(names, criteria, means, centre, spreads=spreads, samples=SAMPLES, seed=1,
                    concentration=CONCENTRATION, sampling=WeightSampling.DIRICHLET)

    result = engine()  # warm-up, and the figures to compare with the loop
    vectorised, fastest, slowest = timed(engine, 21)
    loop_default, *_ = timed(lambda: library_loop(means, spreads, centre, LOOP_SAMPLES, 1, True), 3)
    loop_bare, *_ = timed(lambda: library_loop(means, spreads, centre, LOOP_SAMPLES, 1, False), 3)
    scale = SAMPLES / LOOP_SAMPLES
    reference = library_loop(means, spreads, centre, 4 * LOOP_SAMPLES, 2, False)
    gap = np.abs(reference - result.rank_acceptability).max()

    print(f"SMAA-2, {VENDORS} vendors x {CRITERIA} criteria, {SAMPLES:,} samples "
          f"(Dirichlet concentration {CONCENTRATION:g}, score noise on every criterion)")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start of "
          "printing (other processes slow every figure alike)")
    print(f"vectorised engine       median {1000 * vectorised:7.1f} ms  "
          f"(min {1000 * fastest:.1f}, max {1000 * slowest:.1f}; 21 runs)  "
          f"target < {TARGET_MS:g} ms: {'met' if 1000 * vectorised < TARGET_MS else 'NOT met'}")
    for label, seconds in (("pymcdm WSM loop (library defaults, validation on)", loop_default),
                           ("pymcdm WSM loop (validation=False)", loop_bare)):
        extrapolated = seconds * scale
        ratio = extrapolated / vectorised
        print(f"{label}: {1000 * seconds:.0f} ms for {LOOP_SAMPLES:,} samples, extrapolated "
              f"linearly to {SAMPLES:,}: {extrapolated:.2f} s -> engine is {ratio:,.0f}x faster "
              f"(target >= {TARGET_RATIO:g}x: {'met' if ratio >= TARGET_RATIO else 'NOT met'})")
    print(f"agreement: largest |rank acceptability difference| vs the loop on "
          f"{4 * LOOP_SAMPLES:,} samples = {gap:.3f} (Monte Carlo error only)")
    bench_demo()


def bench_demo() -> None:
    from vendor_eval.domain.people import LOCAL_ADMIN
    from vendor_eval.services.decision.robustness import project_robustness
    from vendor_eval.services.workspace.database import initialise
    from vendor_eval.store.database import get_engine
    from vendor_eval.store.unit_of_work import UnitOfWork

    with tempfile.TemporaryDirectory() as folder:
        engine = get_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        initialise(engine, demo=True)
        run = lambda: project_robustness(UnitOfWork(engine), LOCAL_ADMIN, "demo")  # noqa: E731
        run()
        service, low, high = timed(run, 7)
        engine.dispose()
    print(f"`sensitivity demo` service (database, ranking, SMAA {SAMPLES:,} samples, sweeps, "
          f"stability) median {1000 * service:.1f} ms (min {1000 * low:.1f}, max {1000 * high:.1f})")


if __name__ == "__main__":
    main()
