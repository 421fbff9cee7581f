"""The Audit page: events newest first, filters, an event's before and after, the chain check."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

from tests.ui.support import OpenPage, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.evidence.risk import save_risk_items
from vendor_eval.services.kernel.audit import list_events
from vendor_eval.store.unit_of_work import UnitOfWork

VENDOR = "Kestrel Data Teams"


def add_risk(engine: Engine, title: str, likelihood: int) -> None:
    save_risk_items(UnitOfWork(engine), LOCAL_ADMIN, "demo", [
        {"vendor": VENDOR, "title": title, "likelihood": likelihood, "impact": 3}])


def test_events_are_listed_newest_first(open_page: OpenPage, demo_engine: Engine) -> None:
    expected = list_events(UnitOfWork(demo_engine), LOCAL_ADMIN)
    at = open_page("audit")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Event"]) == [e.id for e in expected]
    assert table["Event"].is_monotonic_decreasing
    assert "Project imported" in set(table["Action"])  # in words, not the code


def test_filters_by_action_and_entity(open_page: OpenPage, demo_engine: Engine) -> None:
    add_risk(demo_engine, "Key reviewer leaves", 2)
    at = open_page("audit")
    at.multiselect(key="audit_actions").set_value(["risks.save"]).run()
    table = at.dataframe[0].value
    assert set(table["Action"]) == {"Risks saved"} and len(table) == 1

    at.multiselect(key="audit_actions").set_value([]).run()
    at.text_input(key="audit_entity").set_value("profile:").run()
    assert all(entity.startswith("profile:") for entity in at.dataframe[0].value["Entity"])

    at.text_input(key="audit_entity").set_value("no such entity").run()
    assert any("No event matches" in t for t in texts(at.info))


def test_an_event_shows_its_before_and_after(open_page: OpenPage, demo_engine: Engine) -> None:
    add_risk(demo_engine, "Key reviewer leaves", 2)
    add_risk(demo_engine, "Key reviewer leaves", 4)
    at = open_page("audit")
    changes = at.dataframe[1].value  # the newest event is shown first, under the list
    assert len(changes) == 1
    row = changes.iloc[0]
    assert f"vendor: {VENDOR}" in row["Item"] and "title: Key reviewer leaves" in row["Item"]
    assert "likelihood: 2" in row["Before"] and "likelihood: 4" in row["After"]


def test_verify_chain_reports_an_intact_log(open_page: OpenPage, demo_engine: Engine) -> None:
    count = len(list_events(UnitOfWork(demo_engine), LOCAL_ADMIN))
    at = open_page("audit")
    next(b for b in at.button if b.label == "Verify chain").click().run()
    assert not at.exception
    assert any(t.startswith(f"Chain intact: {count} events") for t in texts(at.success))


def test_verify_chain_names_the_event_altered_in_the_database(open_page: OpenPage,
                                                              demo_engine: Engine) -> None:
    add_risk(demo_engine, "Key reviewer leaves", 2)
    add_risk(demo_engine, "Another", 2)
    target = list_events(UnitOfWork(demo_engine), LOCAL_ADMIN)[1].id
    with demo_engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET actor = 'nobody' WHERE id = :id"),
                           {"id": target})
    at = open_page("audit")
    next(b for b in at.button if b.label == "Verify chain").click().run()
    assert any(t.startswith(f"Chain broken at event {target}") for t in texts(at.error))


def test_filters_by_who_and_by_days(open_page: OpenPage, demo_engine: Engine) -> None:
    from datetime import timedelta

    from vendor_eval.domain.people import Actor

    save_risk_items(UnitOfWork(demo_engine), Actor(name="Ana Analyst", role="analyst"), "demo",
                    [{"vendor": VENDOR, "title": "Ana's risk", "likelihood": 1, "impact": 1}])
    at = open_page("audit")
    at.selectbox(key="audit_who").set_value("Ana Analyst").run()
    assert list(at.dataframe[0].value["Who"]) == ["Ana Analyst"]

    first_day = at.date_input(key="audit_days").value[0]
    before = first_day - timedelta(days=3)
    at.date_input(key="audit_days").set_value((before, before + timedelta(days=1))).run()
    assert any("No event matches" in t for t in texts(at.info))


def test_summaries_shorten_hashes_and_the_event_picker_uses_words(open_page: OpenPage) -> None:
    at = open_page("audit")

    table = at.dataframe[0].value
    assert not table["Summary"].str.contains(r"[0-9a-f]{13}").any()  # 12 digits at most
    assert table["Summary"].str.contains(r"\b[0-9a-f]{12}\b").any()
    assert table["When"].str.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC").all()
    assert at.selectbox(key="audit_event").value is not None
    assert " by local admin on " in at.selectbox(key="audit_event").options[0]
    assert not any("." in option.split(" by ")[0] for option in
                   at.selectbox(key="audit_event").options)
    assert "Profile saved" in at.multiselect(key="audit_actions").options
