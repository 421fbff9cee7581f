"""A project as the New project page leaves it (a scope and a profile, nothing else) opens on
every page without an error, and each page says in one message what to do next instead of
showing empty tables, zero metrics or charts without data. Once it has vendors but no evidence,
the pages name the missing evidence and where it is gathered.
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import APP, PAGES, TIMEOUT, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.project.new_project import build_scope, create_project
from vendor_eval.services.project.vendors import add_vendor
from vendor_eval.services.scoring.team import assign_evaluators, unlock_scores
from vendor_eval.store.unit_of_work import UnitOfWork

FRESH = "fresh"
ADD_VENDORS = "No vendors yet — add them on the Vendors page or import a file; "
VENDORS = ("Northwind Labelling", "Quillon Review")


@pytest.fixture
def fresh(demo_engine: Engine) -> Engine:
    """Beside the demo, a claims-review project just created from its scope: no vendors, no
    scores, no evaluators, no pilot, no prices, no checklist findings."""
    scope = build_scope("insurance", ["claims documents"], 20_000, "document", ["en"], ["pii"])
    create_project(UnitOfWork(demo_engine), LOCAL_ADMIN, FRESH, "Claims review 2027", "",
                   scope, "regulated_hitl_qa")
    return demo_engine


@pytest.fixture
def with_vendors(fresh: Engine) -> Engine:
    """The fresh project with two vendors added by name and nothing recorded about them."""
    for name in VENDORS:
        add_vendor(UnitOfWork(fresh), LOCAL_ADMIN, FRESH,
                   {"name": name, "delivery_model": "managed_team"})
    return fresh


def open_fresh(page: str) -> AppTest:
    at = AppTest.from_file(str(PAGES / f"{page}.py"), default_timeout=TIMEOUT)
    at.session_state["project"] = FRESH
    return at.run()


def assert_opens_cleanly(at: AppTest) -> None:
    assert not at.exception
    assert not at.error, texts(at.error)


# --- no vendors: every page says what to do next ----------------------------------------------

@pytest.mark.parametrize(("page", "then"), [
    ("overview", "the ranking appears here."),
    ("rank", "the ranking appears here."),
    ("score", "the score grid appears here."),
    ("consensus", "evaluators' scores are compared here."),
    ("risk", "each vendor's checklist and risks appear here."),
    ("report", "the shortlist report is built from their ranking."),
    ("pilot", "a pilot's measurements are applied to them here."),
    ("prices", "their price quotes are entered and compared here."),
])
def test_without_vendors_a_page_says_to_add_them_and_what_will_appear(
        fresh: Engine, page: str, then: str) -> None:
    at = open_fresh(page)

    assert_opens_cleanly(at)
    assert ADD_VENDORS + then in texts(at.info)
    assert not at.dataframe, "no empty tables"
    assert not at.metric, "no zero metrics"
    assert not at.get("plotly_chart"), "no charts without data"


def test_overview_without_vendors_names_the_project_and_its_scope_but_no_top_vendor(
        fresh: Engine) -> None:
    at = open_fresh("overview")

    assert [s.value for s in at.subheader] == ["Claims review 2027", "Scope and profile"]
    assert any("**Volume:** 20,000 documents" in text for text in texts(at.markdown))
    assert not any("none qualifies" in text for text in texts(at.markdown) + texts(at.info))


def test_rank_without_vendors_offers_no_weights_to_tune(fresh: Engine) -> None:
    at = open_fresh("rank")

    assert not at.slider
    assert not [b for b in at.button if b.label == "Run robustness analysis"]


def test_report_without_vendors_offers_nothing_to_build(fresh: Engine) -> None:
    at = open_fresh("report")

    assert not [b for b in at.button if b.label.startswith("Build")]


def test_pilot_without_vendors_still_analyses_files_and_says_none_was_applied(
        fresh: Engine) -> None:
    at = open_fresh("pilot")

    assert "No pilot has been applied to this project yet." in texts(at.caption)
    assert any(text.startswith("Upload the golden set") for text in texts(at.info))
    assert at.get("file_uploader"), "pilot files can be analysed before vendors are added"


def test_rfp_without_vendors_can_be_issued_to_any_invited_vendor(fresh: Engine) -> None:
    at = open_fresh("rfp")

    assert_opens_cleanly(at)
    assert ("No vendors yet — the RFP can go to any invited vendor now; add vendors on the "
            "Vendors page to issue it to one by name and to import their answers."
            in texts(at.info))
    assert at.selectbox(key=f"rfp_vendor:{FRESH}").options == ["Any invited vendor"]
    assert any(b.label == "Build RFP documents" for b in at.button)
    assert any(text.startswith("No vendor's answers have been imported yet: build the RFP "
                               "documents above") for text in texts(at.caption))


def test_team_without_evaluators_says_to_assign_them_and_freeze_the_weights(
        fresh: Engine) -> None:
    at = open_fresh("team")

    assert_opens_cleanly(at)
    assert ("Nobody is assigned to score this project yet. Someone scoring alone starts on the "
            "Score page; for a team, assign evaluators below and freeze the weights."
            in texts(at.info))
    assert any(b.label == "Freeze weights" for b in at.button)


def test_audit_shows_the_project_being_created(fresh: Engine) -> None:
    at = open_fresh("audit")

    assert_opens_cleanly(at)
    events = at.dataframe[0].value
    assert "project:fresh" in events.loc[events["Action"] == "Project created", "Entity"].tolist()


@pytest.mark.parametrize("page", ["profiles", "vendors", "settings", "new_project"])
def test_the_other_pages_open_without_an_error(fresh: Engine, page: str) -> None:
    assert_opens_cleanly(open_fresh(page))


def test_under_the_app_the_message_links_to_the_vendors_page(fresh: Engine) -> None:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.session_state["project"] = FRESH
    app.run()

    app.switch_page("vendor_eval/ui/pages/rank.py").run()

    assert not app.exception
    [link] = app.get("page_link")
    assert (link.proto.label, link.proto.page) == ("Add vendors", "vendors")


# --- vendors but no evidence: the pages name what is missing -----------------------------------

def test_overview_lists_the_next_steps_for_vendors_without_evidence(with_vendors: Engine) -> None:
    at = open_fresh("overview")

    assert_opens_cleanly(at)
    assert {m.label: m.value for m in at.metric}["Vendors"] == "2"
    [steps] = [text for text in texts(at.info) if text.startswith("**Next steps**")]
    assert [line for line in steps.splitlines() if line.startswith("- ")] == [
        "- No scores yet — score the vendors on the Score page, alone or after assigning a team "
        "of evaluators on the Team page.",
        "- No checklist findings yet, so every vendor fails the checks the scope requires — "
        "record them on the Risk page or import vendors' RFP answers.",
        "- No measured quality yet — analyse a pilot on the Pilot page and apply it to the "
        "project.",
        "- No prices yet — type the vendors' quotes or import a price file on the Prices page, "
        "or import the RFP workbooks vendors return.",
    ]


def test_rank_says_the_ranking_is_provisional_and_why_no_vendor_qualifies(
        with_vendors: Engine) -> None:
    at = open_fresh("rank")

    assert_opens_cleanly(at)
    assert sorted(at.dataframe[0].value["Vendor"]) == sorted(VENDORS)
    warning, evidence = texts(at.warning)
    assert warning.startswith("No vendor passes every gate, so none can be recommended. "
                              "No checklist findings yet")
    assert evidence.startswith("**Interim: no scores yet (76 expected); 30 required checks not "
                               "assessed.**")
    assert "- Evaluators: nobody assigned yet" in evidence
    assert ("- Measured values (a pilot or the project's data) for 0 of 2 vendors; prices "
            "from 0") in evidence
    assert ("Provisional: there are no scores, checklist findings, pilot measurements or "
            "prices yet. The Overview page lists what to do next." in texts(at.caption))


def test_report_says_the_shortlist_would_be_provisional(with_vendors: Engine) -> None:
    at = open_fresh("report")

    assert not at.exception
    assert any(text.startswith("Provisional: there are no scores") for text in texts(at.caption))
    assert [b.label for b in at.button] == ["Build PDF"]


def test_without_evaluators_consensus_points_to_the_team_page(with_vendors: Engine) -> None:
    at = open_fresh("consensus")

    assert_opens_cleanly(at)
    assert texts(at.info) == ["Nobody is assigned to score this project yet — an analyst assigns "
                              "evaluators on the Team page."]


def test_without_evaluators_the_buyer_starts_scoring_alone_on_the_score_page(
        with_vendors: Engine) -> None:
    at = open_fresh("score")

    assert_opens_cleanly(at)
    [mode] = texts(at.info)
    assert mode.startswith("**Solo evaluation**: you are its only evaluator, so scores are not "
                           "blind, prices are not sealed")
    assert "Conflict of interest" in texts(at.subheader)
    at.radio[0].set_value("I have no conflict of interest")
    at = next(b for b in at.button if b.label == "Declare").click().run()

    assert_opens_cleanly(at)
    assert "Declaration recorded." in texts(at.success)
    assert at.data_editor, "the grid opens without the Team page: no assignment, no freeze"
    assert not at.warning, "no 'scoring has not opened' warning for a person alone"


def test_with_evaluators_still_scoring_consensus_says_it_opens_when_they_submit(
        with_vendors: Engine) -> None:
    assign_evaluators(UnitOfWork(with_vendors), LOCAL_ADMIN, FRESH,
                      ["Dana Whitfield", "Rahul Menon"])

    at = open_fresh("consensus")

    assert_opens_cleanly(at)
    [message] = texts(at.info)
    assert message.startswith("The consensus is not open to you yet. Scores are blind: 2 of 2 "
                              "assigned evaluators have not submitted yet.")


def test_with_one_evaluator_alone_nothing_is_blind(with_vendors: Engine) -> None:
    assign_evaluators(UnitOfWork(with_vendors), LOCAL_ADMIN, FRESH, ["Dana Whitfield"])

    at = open_fresh("consensus")

    assert_opens_cleanly(at)
    assert texts(at.info) == ["No scores yet — evaluators score on the Score page; the consensus "
                              "view fills in as they submit."]


def test_with_scores_unlocked_but_none_given_consensus_points_to_the_score_page(
        with_vendors: Engine) -> None:
    assign_evaluators(UnitOfWork(with_vendors), LOCAL_ADMIN, FRESH,
                      ["Dana Whitfield", "Rahul Menon"])
    unlock_scores(UnitOfWork(with_vendors), LOCAL_ADMIN, FRESH, "kick-off review")

    at = open_fresh("consensus")

    assert_opens_cleanly(at)
    assert texts(at.info) == ["No scores yet — evaluators score on the Score page; the consensus "
                              "view fills in as they submit."]


def test_risk_without_findings_says_how_to_record_them_instead_of_listing_every_gap(
        with_vendors: Engine) -> None:
    at = open_fresh("risk")

    assert_opens_cleanly(at)
    [message] = texts(at.info)
    assert message.startswith("No checklist findings yet, so no vendor may receive the data. "
                              "Record them below")
    assert not at.warning
    assert at.get("plotly_chart"), "the coverage matrix shows every required check unassessed"


def test_pilot_with_vendors_says_no_pilot_was_applied_yet(with_vendors: Engine) -> None:
    at = open_fresh("pilot")

    assert_opens_cleanly(at)
    assert "No pilot has been applied to this project yet." in texts(at.caption)
    assert not any(text.startswith(ADD_VENDORS) for text in texts(at.info))


def test_without_a_project_selected_a_page_points_to_the_new_project_page(
        demo_engine: Engine) -> None:
    at = AppTest.from_file(str(PAGES / "rank.py"), default_timeout=TIMEOUT)
    at.session_state["project"] = None
    at.run()

    assert not at.exception
    assert texts(at.info) == ["No project is selected. Choose one in the sidebar, or create one "
                              "on the New project page."]


def test_rank_folds_a_vendors_many_failed_gates_instead_of_listing_them_all(
        with_vendors: Engine) -> None:
    at = open_fresh("rank")

    assert_opens_cleanly(at)
    folded = [e.label for e in at.expander if e.label.startswith(VENDORS) and ":" in e.label]
    assert sorted(label.split(":")[0] for label in folded) == sorted(VENDORS)
    assert all(": fails " in label and " gates" in label for label in folded)
    assert not any(t.startswith("**Northwind Labelling**\n\n- Gate failed")
                   for t in texts(at.markdown))
