"""20 evaluators saving scores at once on PostgreSQL: save latency, throughput, lost updates.

One project with frozen weights and 20 assigned evaluators, each saving edits of three cells
of their own grid (the save path of the Score page: checks, version guard, audit event, commit),
from 20 threads as the app's server would run them. Scenarios:

- paced: each evaluator pauses a random time between saves (exponential, mean 1 s and 0.25 s):
  a busy team and a far busier one; the p95 target (under 50 ms) applies here;
- saturated: no pause at all, 20 saves always in flight: the most audited saves per second;
- two tabs: 10 evaluators with the project open twice, both tabs saving the same cells from
  the same version each round: exactly half must be refused as stale (conflicts).

Every edited cell holds a counter (its comment) that an accepted save increments from the value
it read; afterwards each counter must have grown by the accepted saves of its cell, otherwise an
update was lost. Uses TEST_DATABASE_URL (or postgresql+psycopg://postgres@127.0.0.1:5432/test),
in a schema of its own that is dropped at the end. Prints only; asserts nothing.
"""

from __future__ import annotations

import os
import random
import statistics
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.errors import StaleWriteError
from vendor_eval.services.kernel.audit import verify_audit_chain
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.scoring.scores import evaluator_grid, save_scores
from vendor_eval.services.workspace.database import initialise
from vendor_eval.store.unit_of_work import UnitOfWork

URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
EVALUATORS = [f"Evaluator {n:02d}" for n in range(20)]
VENDORS = ["Alpha", "Beta", "Gamma"]
CRITERIA = ["multi_stage_review", "escalation_path", "golden_set_calibration"]
SECONDS = 8.0  # per scenario
ROUNDS = 40  # two-tabs scenario
PROJECT = "bench"

Cell = tuple[str, str, str]  # evaluator, vendor, criterion


@contextmanager
def own_schema(url: str) -> Iterator[Engine]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, pool_size=len(EVALUATORS), max_overflow=5,
                           connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def bundle() -> ProjectBundle:
    return ProjectBundle.model_validate({
        "project": {"key": PROJECT, "title": "Benchmark", "profile_id": "regulated_hitl_qa",
                    "scope": {"industry": "healthcare", "volume": 10000}},
        "vendors": [{"name": v, "delivery_model": "managed_team"} for v in VENDORS],
        "evaluators": [{"name": e, "role": "evaluator"} for e in EVALUATORS],
        "assignments": EVALUATORS,
        "conflicts": [{"evaluator": e, "has_conflict": False} for e in EVALUATORS],
        "freeze": {"profile_id": "regulated_hitl_qa", "version": 1},
        "scores": [{"vendor": v, "criterion_id": c, "evaluator": e, "score": 0, "comment": "0"}
                   for e in EVALUATORS for v in VENDORS for c in CRITERIA],
    })


def grid_of(engine: Engine, evaluator: str) -> dict[tuple[str, str], dict]:
    actor = Actor(name=evaluator, role="evaluator")
    return {(c["vendor"], c["criterion_id"]): c
            for c in evaluator_grid(UnitOfWork(engine), actor, PROJECT, evaluator)}


def counters(engine: Engine) -> dict[Cell, int]:
    return {(e, v, c): int(cell["comment"]) for e in EVALUATORS
            for (v, c), cell in grid_of(engine, e).items()}


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    accepted: Counter = field(default_factory=Counter)
    conflicts: int = 0
    errors: list[BaseException] = field(default_factory=list)
    began: float = 0.0
    ended: float = 0.0  # when the last save returned: pauses after it do not count
    lost: int = 0
    guard: threading.Lock = field(default_factory=threading.Lock)

    def save(self, evaluator: str, grid: dict, vendor: str) -> bool:
        """Save the next counter value of one vendor's three cells; False if refused as stale."""
        cells = [(vendor, c) for c in CRITERIA]
        edits = [{"vendor": v, "criterion_id": c, "score": (int(grid[(v, c)]["comment"]) + 1)
                  % 11 * 0.5, "comment": str(int(grid[(v, c)]["comment"]) + 1),
                  "base_version": grid[(v, c)]["version"]} for v, c in cells]
        began = time.perf_counter()
        try:
            save_scores(UnitOfWork(ENGINE), Actor(name=evaluator, role="evaluator"), PROJECT,
                        evaluator, edits)
        except StaleWriteError:
            with self.guard:
                self.ended = time.perf_counter()
                self.latencies.append(self.ended - began)
                self.conflicts += 1
            return False
        with self.guard:
            self.ended = time.perf_counter()
            self.latencies.append(self.ended - began)
            for cell in cells:
                self.accepted[(evaluator, *cell)] += 1
        for (v, c), edit in zip(cells, edits, strict=True):
            grid[(v, c)] = {**grid[(v, c)], "comment": edit["comment"],
                            "version": edit["base_version"] + 1}
        return True


ENGINE: Engine


def run_threads(targets: list, figures: Figures) -> None:
    before = counters(ENGINE)
    threads = [threading.Thread(target=t) for t in targets]
    figures.began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = counters(ENGINE)
    figures.lost = sum(figures.accepted[cell] - (after[cell] - before[cell]) for cell in after)


def paced(mean_pause: float | None) -> Figures:
    """Every evaluator saves on their own grid until time is up, pausing ~mean_pause between."""
    figures = Figures()
    start = threading.Barrier(len(EVALUATORS))

    def work(evaluator: str, seed: int) -> None:
        rng = random.Random(seed)
        try:
            grid = grid_of(ENGINE, evaluator)
            start.wait()
            deadline = time.perf_counter() + SECONDS
            n = 0
            while True:
                if mean_pause:
                    time.sleep(rng.expovariate(1 / mean_pause))
                if time.perf_counter() >= deadline:
                    break
                if not figures.save(evaluator, grid, VENDORS[n % len(VENDORS)]):
                    grid = grid_of(ENGINE, evaluator)
                n += 1
        except BaseException as exc:  # noqa: BLE001  (reported with the figures)
            figures.errors.append(exc)

    run_threads([lambda e=e, i=i: work(e, i) for i, e in enumerate(EVALUATORS)], figures)
    return figures


def two_tabs() -> Figures:
    """Both tabs read, wait for each other, then save the same cells from the same version."""
    figures = Figures()
    evaluators = EVALUATORS[: len(EVALUATORS) // 2]
    read = threading.Barrier(2 * len(evaluators))

    def work(evaluator: str) -> None:
        try:
            for n in range(ROUNDS):
                grid = grid_of(ENGINE, evaluator)
                read.wait()
                figures.save(evaluator, grid, VENDORS[n % len(VENDORS)])
                read.wait()
        except BaseException as exc:  # noqa: BLE001
            figures.errors.append(exc)
            read.abort()

    run_threads([lambda e=e: work(e) for e in evaluators for _ in range(2)], figures)
    return figures


def report(name: str, figures: Figures) -> None:
    ordered = sorted(figures.latencies)
    if not ordered:
        print(f"{name}: no saves ({figures.errors[:1]!r})")
        return
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{name}")
    wall = figures.ended - figures.began
    print(f"  {len(ordered)} saves in {wall:.1f} s: throughput {len(ordered) / wall:.0f} saves/s")
    print(f"  save latency p50 {1000 * statistics.median(ordered):.1f} ms, "
          f"p95 {1000 * p95:.1f} ms, max {1000 * ordered[-1]:.1f} ms")
    print(f"  lost updates {figures.lost} (must be 0), conflicts refused {figures.conflicts}")
    if figures.errors:
        print(f"  ERRORS {len(figures.errors)}: {figures.errors[0]!r}")


def commit_latency(engine: Engine) -> float:
    """The server's durable commit time (median of an insert and commit, fsync included)."""
    times = []
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE commit_probe (i int)"))
        connection.commit()
        for _ in range(100):
            began = time.perf_counter()
            connection.execute(text("INSERT INTO commit_probe VALUES (1)"))
            connection.commit()
            times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    global ENGINE
    with own_schema(URL) as engine:
        ENGINE = engine
        initialise(engine)
        import_project_bundle(UnitOfWork(engine), LOCAL_ADMIN, bundle())
        print(f"PostgreSQL {engine.url.render_as_string(hide_password=True)}: "
              f"{len(EVALUATORS)} evaluators in threads, 3 cells per save, {SECONDS:.0f} s per "
              f"scenario")
        report("paced, ~1 save/s per evaluator (p95 target < 50 ms)", paced(1.0))
        report("paced, ~4 saves/s per evaluator", paced(0.25))
        report("saturated, no pause (maximum throughput)", paced(None))
        report(f"two tabs, 10 evaluators x 2, same cells and versions, {ROUNDS} rounds",
               two_tabs())
        print(verify_audit_chain(UnitOfWork(engine)).describe())
        print(f"durable commit on this server: {1000 * commit_latency(engine):.1f} ms (median); "
              "audited saves append to one hash chain, so their commits take turns")


if __name__ == "__main__":
    main()
