"""A vendor's yes in its RFP workbook is a self-declared finding: it counts for the gate but says
nobody has checked it, until a reviewer confirms the vendor's findings in one action."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.rfp_support import NEW_VENDOR, add_vendor, complete_answers, fill
from vendor_eval.domain.checklist import ChecklistStatus
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.domain.rfp import RfpOptions
from vendor_eval.errors import InputError, PermissionDeniedError
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.evidence.risk import confirm_self_declared, risk_overview
from vendor_eval.services.rfp.issue import issue_rfp
from vendor_eval.services.rfp.responses import import_responses
from vendor_eval.store.tables import AuditEventRow
from vendor_eval.store.unit_of_work import UnitOfWork

DANA = Actor(name="Dana Whitfield", role="analyst")


def import_answers(engine: Engine, answers: dict[str, object] | None = None,
                   name: str = "acme.xlsx") -> None:
    issued = issue_rfp(UnitOfWork(engine), LOCAL_ADMIN, "demo", RfpOptions(vendor=NEW_VENDOR),
                       with_pdf=False)
    given = {**complete_answers(issued.question_ids), **(answers or {})}
    import_responses(UnitOfWork(engine), LOCAL_ADMIN, "demo", name,
                     fill(issued.workbook, given))


def acme_findings(engine: Engine) -> dict[str, object]:
    inputs = load_evaluation(UnitOfWork(engine), LOCAL_ADMIN, "demo")
    return {a.item_id: a for a in inputs.assessments if a.vendor == NEW_VENDOR}


@pytest.fixture
def answered(demo_engine: Engine) -> Engine:
    """The demo with Acme added and its fully answered RFP workbook imported."""
    add_vendor(UnitOfWork(demo_engine))
    import_answers(demo_engine)
    return demo_engine


def test_findings_from_a_workbook_have_no_reviewer_and_read_as_self_declared(answered):
    findings = acme_findings(answered)

    assert findings and all(f.self_declared and f.reviewer == "" for f in findings.values())
    rows = risk_overview(UnitOfWork(answered), LOCAL_ADMIN, "demo").checklist.rows
    mine = rows[(rows["vendor"] == NEW_VENDOR) & rows["status"].notna()]
    assert mine["self_declared"].all()


def test_a_reviewer_confirms_them_all_in_one_action_each_with_their_name(answered):
    before = acme_findings(answered)

    confirmed = confirm_self_declared(UnitOfWork(answered), DANA, "demo", NEW_VENDOR)

    after = acme_findings(answered)
    assert sorted(confirmed) == sorted(before)
    assert all(f.reviewer == "Dana Whitfield" and not f.self_declared for f in after.values())
    assert {k: f.status for k, f in after.items()} == {k: f.status for k, f in before.items()}
    with UnitOfWork(answered) as uow:
        [(actor, detail)] = uow.session.exec(select(AuditEventRow.actor, AuditEventRow.detail)
                                             .where(AuditEventRow.action == "checklist.confirm")
                                             ).all()
    assert actor == "Dana Whitfield" and detail["vendor"] == NEW_VENDOR
    assert sorted(c["item"] for c in detail["confirmed"]) == sorted(before)
    with pytest.raises(InputError, match="no self-declared findings left to confirm"):
        confirm_self_declared(UnitOfWork(answered), DANA, "demo", NEW_VENDOR)


def test_some_items_can_be_confirmed_alone(answered):
    assert confirm_self_declared(UnitOfWork(answered), DANA, "demo", NEW_VENDOR,
                                 ["hipaa_baa"]) == ["hipaa_baa"]

    findings = acme_findings(answered)
    assert not findings["hipaa_baa"].self_declared
    assert findings["encryption"].self_declared


def test_a_viewer_may_not_confirm(answered):
    with pytest.raises(PermissionDeniedError):
        confirm_self_declared(UnitOfWork(answered), Actor(name="V", role="viewer"), "demo",
                              NEW_VENDOR)


def test_a_confirmed_answer_the_vendor_repeats_stays_confirmed_a_changed_one_does_not(
        answered):
    confirm_self_declared(UnitOfWork(answered), DANA, "demo", NEW_VENDOR)

    import_answers(answered, {"encryption": "no"}, name="again.xlsx")

    findings = acme_findings(answered)
    assert findings["hipaa_baa"].reviewer == "Dana Whitfield", "the same yes stays confirmed"
    assert findings["encryption"].status is ChecklistStatus.NOT_MET
    assert findings["encryption"].self_declared, "a changed answer needs checking again"


def test_the_risk_page_offers_to_confirm_a_vendors_self_declared_findings(answered):
    from streamlit.testing.v1 import AppTest

    from tests.ui.support import PAGES, TIMEOUT, texts

    at = AppTest.from_file(str(PAGES / "risk.py"), default_timeout=TIMEOUT)
    at.session_state["project"] = "demo"
    at.run()
    at.selectbox(key="risk_vendor:demo").set_value(NEW_VENDOR).run()
    assert any("rest only on its own RFP answers (self-declared" in t for t in texts(at.info))

    [button] = [b for b in at.button if b.label.startswith("Confirm ")]
    assert button.label.endswith("self-declared findings as reviewed by local admin")
    at = button.click().run()

    assert not at.exception
    assert any(t.startswith("Confirmed ") and t.endswith("each recorded as reviewed by local "
                                                         "admin.") for t in texts(at.success))
    assert not any(b.label.startswith("Confirm ") for b in at.button)
    assert all(not f.self_declared for f in acme_findings(answered).values())


def test_upgrading_an_older_database_turns_its_workbook_findings_self_declared(demo_engine):
    """Before revision 0006 the importer was stored as the reviewer of a workbook's findings."""
    from alembic import command
    from sqlalchemy import text

    from vendor_eval.store.migrate import alembic_config, upgrade_to_head

    config = alembic_config(demo_engine)
    with demo_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    with demo_engine.begin() as connection:
        first, second = connection.execute(text(
            "SELECT id FROM checklist_assessment ORDER BY id LIMIT 2")).scalars().all()
        connection.execute(text(
            "UPDATE checklist_assessment SET reviewer = 'importer', file_reference = "
            "'RFP response workbook v.xlsx, Security!E4', evidence = 'Self-declared in the "
            "RFP response: yes.' WHERE id = :id"), {"id": first})
        connection.execute(text("UPDATE checklist_assessment SET reviewer = 'importer' "
                                "WHERE id = :id"), {"id": second})

    upgrade_to_head(demo_engine)

    with demo_engine.begin() as connection:
        reviewers = dict(connection.execute(text(
            "SELECT id, reviewer FROM checklist_assessment WHERE id IN (:a, :b)"),
            {"a": first, "b": second}).all())
    assert reviewers == {first: "", second: "importer"}


def test_the_risk_page_warns_when_met_checks_rest_on_a_vendors_word(answered):
    from streamlit.testing.v1 import AppTest

    from tests.ui.support import PAGES, TIMEOUT, texts

    at = AppTest.from_file(str(PAGES / "risk.py"), default_timeout=TIMEOUT)
    at.session_state["project"] = "demo"
    at.run()

    [warning] = [t for t in texts(at.warning) if "only on the vendors' own word" in t]
    assert f"({NEW_VENDOR} " in warning.replace("\\", "")
