"""The audit log is tamper-evident: edits, re-hashed edits and removals in SQL are found and the
first bad event is named; concurrent writers never fork the chain. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import func, select
from typer.testing import CliRunner

from tests.integration.databases import team_engine  # noqa: F401  (fixture)
from vendor_eval.cli.app import app
from vendor_eval.domain.audit import AuditAction, AuditEvent, ChainProblem
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.errors import InputError
from vendor_eval.services.evidence.risk import save_risk_items
from vendor_eval.services.kernel.audit import (
    canonical_time,
    event_hash,
    record_event,
    verify_audit_chain,
)
from vendor_eval.store.tables import AuditEventRow
from vendor_eval.store.unit_of_work import UnitOfWork

runner = CliRunner()


def events(engine: Engine) -> list[AuditEvent]:
    with UnitOfWork(engine) as uow:
        rows = uow.session.exec(select(AuditEventRow).order_by(AuditEventRow.id)).all()
        return [AuditEvent.model_validate(row.model_dump()) for row in rows]


def add_events(engine: Engine, count: int) -> None:
    """`count` more real events: risk register entries saved one at a time."""
    for n in range(count):
        save_risk_items(UnitOfWork(engine), LOCAL_ADMIN, "demo", [
            {"vendor": "Kestrel Data Teams", "title": f"Risk {n}", "likelihood": 2,
             "impact": 3}])


def sql(engine: Engine, statement: str, **params: object) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement), params)


def set_detail(engine: Engine, event_id: int, detail: dict) -> None:
    cast = "CAST(:detail AS json)" if engine.dialect.name == "postgresql" else ":detail"
    sql(engine, f"UPDATE audit_event SET detail = {cast} WHERE id = :id",
        detail=json.dumps(detail), id=event_id)


@pytest.fixture
def logged(team_engine: Engine) -> Engine:  # noqa: F811
    """The demo database with a few more events, so there is a middle and an end."""
    add_events(team_engine, 4)
    return team_engine


def test_an_untouched_log_verifies_and_reports_its_head(logged: Engine) -> None:
    rows = events(logged)
    verdict = verify_audit_chain(UnitOfWork(logged))
    assert verdict.intact
    assert verdict.events == len(rows) and verdict.head_id == rows[-1].id
    assert verdict.head_hash == rows[-1].hash
    assert [r.id for r in rows] == list(range(1, len(rows) + 1))


def test_hashes_survive_the_database_round_trip(logged: Engine) -> None:
    """What is hashed at write time is exactly what is read back: time zone, floats, unicode."""
    detail = {"score": 0.1 + 0.2, "big": 10**17, "text": "Lucía / 北京 / \u00e9",
              "nan": float("nan"),
              "nested": {"b": [1, 2.5, None], "a": (True, False)}}
    with UnitOfWork(logged) as uow:
        record_event(uow.session, LOCAL_ADMIN, AuditAction.RISKS_SAVE, "entity:ü", detail)
        uow.commit()
    last = events(logged)[-1]
    assert last.detail["nan"] == "nan" and last.detail["nested"]["a"] == [True, False]
    assert last.at.utcoffset() == timedelta(0)
    assert event_hash(last.prev_hash, canonical_time(last.at), last.actor, last.action,
                      last.entity, last.detail) == last.hash
    assert verify_audit_chain(UnitOfWork(logged)).intact


def test_a_detail_altered_in_sql_is_named(logged: Engine) -> None:
    target = events(logged)[3]
    set_detail(logged, target.id, {**target.detail, "source": "forged"})

    verdict = verify_audit_chain(UnitOfWork(logged))

    assert not verdict.intact
    assert verdict.first_bad_id == target.id and verdict.problem is ChainProblem.ALTERED
    assert f"event {target.id}" in verdict.describe()


@pytest.mark.parametrize("column, value", [
    ("actor", "someone else"),
    ("action", "risks.delete"),
    ("entity", "project:other"),
])
def test_any_altered_field_is_named(logged: Engine, column: str, value: str) -> None:
    target = events(logged)[2]
    sql(logged, f"UPDATE audit_event SET {column} = :value WHERE id = :id", value=value,
        id=target.id)
    verdict = verify_audit_chain(UnitOfWork(logged))
    assert (verdict.first_bad_id, verdict.problem) == (target.id, ChainProblem.ALTERED)


def test_a_timestamp_moved_by_one_microsecond_is_named(logged: Engine) -> None:
    target = events(logged)[2]
    with UnitOfWork(logged) as uow:
        row = uow.session.get(AuditEventRow, target.id)
        row.at = row.at + timedelta(microseconds=1)
        uow.session.add(row)
        uow.commit()
    verdict = verify_audit_chain(UnitOfWork(logged))
    assert (verdict.first_bad_id, verdict.problem) == (target.id, ChainProblem.ALTERED)


def test_an_edit_that_is_re_hashed_is_caught_by_the_next_link(logged: Engine) -> None:
    target = events(logged)[2]
    forged = {**target.detail, "source": "forged"}
    new_hash = event_hash(target.prev_hash, canonical_time(target.at), target.actor,
                          target.action, target.entity, forged)
    set_detail(logged, target.id, forged)
    sql(logged, "UPDATE audit_event SET hash = :hash WHERE id = :id", hash=new_hash, id=target.id)

    verdict = verify_audit_chain(UnitOfWork(logged))

    assert (verdict.first_bad_id, verdict.problem) == (target.id, ChainProblem.REHASHED)
    assert "re-hashed" in verdict.message


def test_an_event_deleted_in_the_middle_is_named(logged: Engine) -> None:
    target = events(logged)[3]
    sql(logged, "DELETE FROM audit_event WHERE id = :id", id=target.id)

    verdict = verify_audit_chain(UnitOfWork(logged))

    assert (verdict.first_bad_id, verdict.problem) == (target.id, ChainProblem.REMOVED)
    assert verdict.message == f"event {target.id} is missing (removed from the log)"


def test_deleting_the_first_event_is_named(logged: Engine) -> None:
    sql(logged, "DELETE FROM audit_event WHERE id = 1")
    verdict = verify_audit_chain(UnitOfWork(logged))
    assert (verdict.first_bad_id, verdict.problem) == (1, ChainProblem.REMOVED)


def test_renumbering_after_deleting_the_first_event_breaks_the_genesis_link(
        logged: Engine) -> None:
    sql(logged, "DELETE FROM audit_event WHERE id = 1")
    sql(logged, "UPDATE audit_event SET id = id - 1")
    verdict = verify_audit_chain(UnitOfWork(logged))
    assert (verdict.first_bad_id, verdict.problem) == (1, ChainProblem.UNLINKED)


def test_cutting_the_newest_events_needs_the_head_kept_elsewhere(logged: Engine) -> None:
    """A chain cannot see its own end cut off; a head hash noted earlier can."""
    rows = events(logged)
    noted_head = verify_audit_chain(UnitOfWork(logged)).head_hash
    sql(logged, "DELETE FROM audit_event WHERE id >= :id", id=rows[-2].id)

    alone = verify_audit_chain(UnitOfWork(logged))
    anchored = verify_audit_chain(UnitOfWork(logged), expect_head=noted_head[:16])

    assert alone.intact and alone.events == len(rows) - 2
    assert not anchored.intact and anchored.problem is ChainProblem.HEAD_MISSING
    assert anchored.first_bad_id == rows[-2].id


def test_the_expected_head_may_be_any_earlier_head(logged: Engine) -> None:
    earlier = verify_audit_chain(UnitOfWork(logged)).head_hash
    add_events(logged, 2)
    assert verify_audit_chain(UnitOfWork(logged), expect_head=earlier).intact


def test_a_too_short_expected_head_is_refused(logged: Engine) -> None:
    with pytest.raises(InputError, match="12 hex"):
        verify_audit_chain(UnitOfWork(logged), expect_head="abc")


def test_concurrent_writers_never_fork_the_chain(team_engine: Engine) -> None:  # noqa: F811
    """20 transactions append at once: ids stay 1..N, each event links to the one before."""
    before = len(events(team_engine))
    workers = 20
    start = threading.Barrier(workers)
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            start.wait()
            add_one = [{"vendor": "Kestrel Data Teams", "title": f"Concurrent {n}",
                        "likelihood": 1, "impact": 1}]
            save_risk_items(UnitOfWork(team_engine), LOCAL_ADMIN, "demo", add_one)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not failures
    rows = events(team_engine)
    assert len(rows) == before + workers
    assert [r.id for r in rows] == list(range(1, len(rows) + 1))
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    assert verify_audit_chain(UnitOfWork(team_engine)).intact


def test_transactions_that_only_record_an_event_are_serialised_too(
        team_engine: Engine) -> None:  # noqa: F811
    """No data write takes the database's write lock first here: the chain's own lock must."""
    before = len(events(team_engine))
    workers = 10  # each holds a pooled connection while it waits for the others
    start = threading.Barrier(workers, timeout=60)
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            with UnitOfWork(team_engine) as uow:
                uow.session.exec(select(func.count()).select_from(AuditEventRow)).one()
                start.wait()
                record_event(uow.session, LOCAL_ADMIN, AuditAction.RISKS_SAVE, f"worker:{n}", {})
                uow.commit()
        except BaseException as exc:  # noqa: BLE001  (reported below)
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not failures
    rows = events(team_engine)
    assert len(rows) == before + workers
    assert verify_audit_chain(UnitOfWork(team_engine)).intact


def test_an_action_the_trail_has_no_name_for_is_refused_before_anything_is_written(
        logged: Engine) -> None:
    before = len(events(logged))
    with UnitOfWork(logged) as uow, pytest.raises(ValueError, match="made.up"):
        record_event(uow.session, LOCAL_ADMIN, "made.up", "project:demo", {})

    assert len(events(logged)) == before


def test_an_event_rolls_back_with_the_change_it_records(logged: Engine) -> None:
    before = len(events(logged))
    with UnitOfWork(logged) as uow:
        record_event(uow.session, LOCAL_ADMIN, AuditAction.RISKS_SAVE, "nothing", {})
    with UnitOfWork(logged) as uow:
        assert uow.session.exec(select(func.count()).select_from(AuditEventRow)).one() == before
    add_events(logged, 1)
    assert verify_audit_chain(UnitOfWork(logged)).intact


# --- the command ----------------------------------------------------------------------------

def test_audit_verify_exits_0_with_the_event_count(demo_engine: Engine) -> None:
    count = len(events(demo_engine))
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"chain intact: {count} events")


def test_audit_verify_exits_1_naming_the_first_bad_event(demo_engine: Engine) -> None:
    add_events(demo_engine, 3)
    target = events(demo_engine)[-2]
    sql(demo_engine, "DELETE FROM audit_event WHERE id = :id", id=target.id)
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"chain broken at event {target.id}: event {target.id} is missing" in result.stderr


def test_audit_verify_with_a_lost_head_exits_1(demo_engine: Engine) -> None:
    add_events(demo_engine, 2)
    head = events(demo_engine)[-1]
    sql(demo_engine, "DELETE FROM audit_event WHERE id = :id", id=head.id)
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0
    result = runner.invoke(app, ["audit", "verify", "--expect-head", head.hash])
    assert result.exit_code == 1 and "expected head hash" in result.stderr


def test_audit_verify_with_a_malformed_head_exits_2(demo_engine: Engine) -> None:
    result = runner.invoke(app, ["audit", "verify", "--expect-head", "xyz"])
    assert result.exit_code == 2 and "hex" in result.stderr


# --- reading the log ------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["analyst", "evaluator", "viewer"])
def test_only_admins_read_the_log(demo_engine: Engine, role: str) -> None:
    """Events hold every before and after, including scores still blind and sealed prices."""
    from vendor_eval.domain.people import Actor
    from vendor_eval.errors import PermissionDeniedError
    from vendor_eval.services.kernel.audit import list_events

    with pytest.raises(PermissionDeniedError):
        list_events(UnitOfWork(demo_engine), Actor(name="Someone", role=role))


def test_list_events_filters_and_orders_newest_first(demo_engine: Engine) -> None:
    from datetime import date

    from vendor_eval.services.kernel.audit import list_events

    add_events(demo_engine, 3)
    everything = list_events(UnitOfWork(demo_engine), LOCAL_ADMIN)
    assert [e.id for e in everything] == sorted((e.id for e in everything), reverse=True)
    risks = list_events(UnitOfWork(demo_engine), LOCAL_ADMIN, actions=["risks.save"],
                        entity="PROJECT:DEMO", limit=2)
    assert [e.action for e in risks] == ["risks.save", "risks.save"]
    first, last = min(e.at.date() for e in everything), max(e.at.date() for e in everything)
    assert len(list_events(UnitOfWork(demo_engine), LOCAL_ADMIN, since=first,
                           until=last)) == len(everything)
    assert list_events(UnitOfWork(demo_engine), LOCAL_ADMIN, until=date(2000, 1, 1)) == []
    with pytest.raises(InputError, match="starts"):
        list_events(UnitOfWork(demo_engine), LOCAL_ADMIN, since=last, until=date(2000, 1, 1))
