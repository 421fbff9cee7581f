"""No lost updates: 20 workers save scores to one project at the same moment.

Ten evaluators each have the project open in two tabs (two workers). In every round both tabs
read the grid, wait for each other, then save an edit of the same cell with the same
`base_version`: exactly one save may win, the other must be refused as stale. Each cell holds a
counter (its comment) that every accepted save increments from the value it read, so after the
run a lost update would show as a counter below the number of accepted saves.

Runs on SQLite and, when TEST_DATABASE_URL is set (CI), on PostgreSQL; the PostgreSQL case is
skipped with that reason otherwise.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.integration.databases import TEST_DATABASE_URL, needs_postgres, postgres_schema
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.errors import StaleWriteError
from vendor_eval.services.kernel.audit import verify_audit_chain
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.scoring.scores import evaluator_grid, save_scores
from vendor_eval.services.workspace.database import initialise
from vendor_eval.store.database import get_engine
from vendor_eval.store.tables import AuditEventRow
from vendor_eval.store.unit_of_work import UnitOfWork

EVALUATORS = [f"Evaluator {n:02d}" for n in range(10)]
TABS = 2
ROUNDS = 8
PROJECT = "contended"
HOT = ("Alpha", "multi_stage_review")  # both tabs of an evaluator edit this cell every round
OWN = [("Beta", "escalation_path"), ("Beta", "golden_set_calibration")]  # one per tab


def team_bundle() -> ProjectBundle:
    """Scoring open: weights frozen, every evaluator assigned and declared, counters at 0."""
    cells = [HOT, *OWN]
    return ProjectBundle.model_validate({
        "project": {"key": PROJECT, "title": "Contended scoring", "profile_id": "regulated_hitl_qa",
                    "scope": {"industry": "healthcare", "volume": 1000}},
        "vendors": [{"name": "Alpha", "delivery_model": "managed_team"},
                    {"name": "Beta", "delivery_model": "bpo"}],
        "evaluators": [{"name": name, "role": "evaluator"} for name in EVALUATORS],
        "assignments": EVALUATORS,
        "conflicts": [{"evaluator": name, "has_conflict": False} for name in EVALUATORS],
        "freeze": {"profile_id": "regulated_hitl_qa", "version": 1},
        "scores": [{"vendor": vendor, "criterion_id": criterion, "evaluator": name, "score": 0,
                    "comment": "0"} for name in EVALUATORS for vendor, criterion in cells],
    })


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def scoring_engine(request: pytest.FixtureRequest, database_url: str) -> Iterator[Engine]:
    def prepare(engine: Engine) -> Engine:
        initialise(engine)
        import_project_bundle(UnitOfWork(engine), LOCAL_ADMIN, team_bundle())
        return engine

    if request.param == "sqlite":
        yield prepare(get_engine(database_url))
        return
    with postgres_schema(TEST_DATABASE_URL, pool_size=TABS * len(EVALUATORS)) as engine:
        yield prepare(engine)


@dataclass
class Tally:
    accepted: Counter = field(default_factory=Counter)  # (evaluator, vendor, criterion) -> saves
    conflicts: int = 0
    errors: list[BaseException] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def run_workers(engine: Engine) -> Tally:
    tally = Tally()
    workers = TABS * len(EVALUATORS)
    round_start = threading.Barrier(workers)
    grids_read = threading.Barrier(workers)

    def work(evaluator: str, tab: int) -> None:
        actor = Actor(name=evaluator, role="evaluator")
        for _ in range(ROUNDS):
            try:
                round_start.wait(timeout=60)
                grid = {(c["vendor"], c["criterion_id"]): c
                        for c in evaluator_grid(UnitOfWork(engine), actor, PROJECT, evaluator)}
                grids_read.wait(timeout=60)
                cells = [HOT, OWN[tab]]
                edits = []
                for vendor, criterion in cells:
                    cell = grid[(vendor, criterion)]
                    counter = int(cell["comment"]) + 1
                    edits.append({"vendor": vendor, "criterion_id": criterion,
                                  "score": (counter % 11) * 0.5, "comment": str(counter),
                                  "base_version": cell["version"]})
                save_scores(UnitOfWork(engine), actor, PROJECT, evaluator, edits)
            except StaleWriteError:
                with tally.lock:
                    tally.conflicts += 1
            except BaseException as exc:  # noqa: BLE001  (a real failure: reported by the test)
                with tally.lock:
                    tally.errors.append(exc)
                round_start.abort()
                grids_read.abort()
                return
            else:
                with tally.lock:
                    for vendor, criterion in cells:
                        tally.accepted[(evaluator, vendor, criterion)] += 1

    threads = [threading.Thread(target=work, args=(evaluator, tab))
               for evaluator in EVALUATORS for tab in range(TABS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "workers hung (a deadlock?)"
    return tally


def test_twenty_workers_lose_no_update_and_conflicts_are_refused(scoring_engine: Engine) -> None:
    tally = run_workers(scoring_engine)

    assert not tally.errors, tally.errors[0]
    # Exactly one tab of each evaluator wins each round; the other is refused as stale.
    assert tally.conflicts == len(EVALUATORS) * ROUNDS
    for evaluator in EVALUATORS:
        assert tally.accepted[(evaluator, *HOT)] == ROUNDS
        assert sum(tally.accepted[(evaluator, *cell)] for cell in OWN) == ROUNDS
        own = Actor(name=evaluator, role="evaluator")  # scores are blind to anyone else
        final = {(c["vendor"], c["criterion_id"]): c for c in evaluator_grid(
            UnitOfWork(scoring_engine), own, PROJECT, evaluator)}
        for cell in (HOT, *OWN):
            accepted = tally.accepted[(evaluator, *cell)]
            # the counter equals the number of accepted saves: none was overwritten
            assert int(final[cell]["comment"]) == accepted, (evaluator, cell)
            assert final[cell]["version"] == 1 + accepted
            assert final[cell]["score"] == (accepted % 11) * 0.5


def test_accepted_saves_form_one_unbroken_history_per_cell(scoring_engine: Engine) -> None:
    tally = run_workers(scoring_engine)
    assert not tally.errors, tally.errors[0]

    with UnitOfWork(scoring_engine) as uow:
        saves = uow.session.exec(select(AuditEventRow).where(AuditEventRow.action == "scores.save")
                                 .order_by(AuditEventRow.id)).all()
        history: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        for event in saves:
            for change in event.detail["changes"]:
                key = (event.detail["evaluator"], change["vendor"], change["criterion"])
                history.setdefault(key, []).append((change["before"]["comment"],
                                                    change["after"]["comment"]))
    assert len(saves) == len(EVALUATORS) * ROUNDS
    for key, steps in history.items():
        # every accepted save started from the value the previous one left
        assert steps == [(str(n), str(n + 1)) for n in range(len(steps))], key
    assert verify_audit_chain(UnitOfWork(scoring_engine)).intact
