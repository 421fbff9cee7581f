"""The shortlist report's context on the three-vendor world: the summary names the top vendor,
its lead and how complete the evidence is; a vendor with missing scores is flagged, never
silently favoured; the reader's chosen sections are built and the others are not."""

from __future__ import annotations

import pytest

from tests.unit.documents.small import changed, context, evidence
from tests.unit.worlds import profile, world
from vendor_eval.documents.shortlist.context import shortlist_names
from vendor_eval.documents.shortlist.evidence import TeamEvidence
from vendor_eval.documents.shortlist.options import SECTION_TITLES, ReportOptions, Section
from vendor_eval.domain.evidence import RiskItem

# B has no Escalation score; its Review is the best in the field.
B_MISSING_ESCALATION = {"A": {"review": [4, 4], "escalation": [1, 1]},
                        "B": {"review": [5, 5]},
                        "C": {"review": [4, 4], "escalation": [3, 3]}}


@pytest.fixture(scope="module")
def full() -> dict:
    return context(evidence())


def test_the_summary_recommends_the_top_vendor_and_states_its_lead_over_the_runner_up(full):
    summary = full["summary"]
    assert full["top_vendor"] == summary["recommendation"] == "A"
    assert summary["reasons"][0] == (
        "Highest score after risk adjustment among the 3 vendors that pass every gate: "
        "80.0, 16.5 points ahead of C (63.5).")
    assert summary["reasons"][1].startswith("The lead over C comes mostly from Quality (+10.0) "
                                            "and Pilot (+9.0)")
    assert summary["reasons"][1].endswith("it trails on Money (-2.5).")


def test_the_summary_places_the_top_vendors_cost_among_the_qualified_quotes(full):
    assert full["summary"]["reasons"][-1] == (
        "Total cost USD 2,000 at 1,000 items (USD 2.04 per correct label), the highest of the "
        "3 qualified quotes.")
    assert full["summary"]["cost"]["shortlist"] == "USD 1,000 \u2013 USD 2,000"


def test_the_robustness_sentence_names_the_top_vendor_and_its_first_rank_share(full):
    robustness = full["summary"]["robustness"]
    assert robustness["sentence"] == "A ranks first in more than 99% of plausible weightings."
    assert robustness["others"] == ["C in less than 1%"], "B never ranks first, so is not named"
    assert [row["first_rank"] for row in full["summary"]["shortlist"]] == [
        "more than 99%", "less than 1%", "0%"]


def test_the_cover_says_every_expected_score_is_in_when_it_is(full):
    assert full["cover"]["status"] == "Draft recommendation for approval"
    assert full["cover"]["status_detail"] == "all 12 expected scores entered"


def test_the_cover_counts_missing_scores_against_what_was_expected() -> None:
    cover = context(evidence(world(scores=B_MISSING_ESCALATION)))["cover"]
    # 3 vendors x 2 scored criteria x 2 evaluators = 12 expected; B lacks 2.
    assert cover["status_detail"].startswith("10 of 12 expected scores entered (83%)")
    assert cover["status"] == "Interim recommendation: some expected scores are missing"


def test_the_cover_calls_a_recommendation_interim_while_evaluators_have_not_submitted() -> None:
    team = TeamEvidence(assigned=("e0", "e1"), submitted=("e0",))
    cover = context(evidence(team=team))["cover"]
    assert cover["status"] == ("Interim recommendation: not every assigned evaluator has "
                               "submitted")
    assert cover["status_detail"].startswith("1 of 2 assigned evaluators submitted")


def test_scores_on_criteria_the_profile_does_not_weigh_do_not_make_up_for_missing_ones() -> None:
    review_only = profile(categories={
        "quality": {"weight": 50, "criteria": {"review": 100}},
        "pilot": {"weight": 30, "criteria": {"pilot_accuracy": 100}},
        "money": {"weight": 20, "criteria": {"cost": 100}}})
    scores = {**B_MISSING_ESCALATION, "B": {"escalation": [3, 3]}}
    cover = context(evidence(world(scores=scores, the_profile=review_only)))["cover"]
    # Only Review counts: 3 vendors x 1 criterion x 2 evaluators, and B has no Review score.
    assert cover["status_detail"].startswith("4 of 6 expected scores entered (67%)")


def test_a_vendor_with_missing_scores_is_flagged_in_the_ranking() -> None:
    ranking = context(evidence(world(scores=B_MISSING_ESCALATION)))["ranking"]
    rows = {row["vendor"]: row for row in ranking["rows"]}
    assert rows["B"]["note_marks"] and not rows["A"]["note_marks"]
    assert ranking["notes"] == [{"vendor": "B", "text": "missing 1 input, counted as zero: "
                                                        "Escalation"}]


def test_under_the_zero_policy_a_missing_score_never_lifts_a_vendor() -> None:
    complete = evidence(world(scores={**B_MISSING_ESCALATION, "B": {"review": [5, 5],
                                                                    "escalation": [0, 0]}}))
    missing = evidence(world(scores=B_MISSING_ESCALATION,
                             the_profile=profile(missing_scores="zero")))
    score = {name: dict(zip(e.result.table["vendor"], e.result.table["score"], strict=True))["B"]
             for name, e in (("complete", complete), ("missing", missing))}
    assert score["missing"] == pytest.approx(score["complete"])
    assert context(missing)["methodology"]["missing_scores"] == (
        "a missing score counts as the worst value (zero)")


def test_the_cover_calls_a_recommendation_interim_when_scores_were_opened_early() -> None:
    team = TeamEvidence(assigned=("e0", "e1", "e2"), submitted=("e0", "e1"),
                        unlock="deadline moved", freeze="test v1, frozen 2026-11-20")
    cover = context(evidence(team=team))["cover"]
    assert cover["status"].startswith("Interim recommendation")
    assert cover["status_detail"].startswith(
        "2 of 3 assigned evaluators submitted; weights frozen: test v1, frozen 2026-11-20")


def test_with_no_vendor_through_the_gates_nothing_is_recommended_and_all_are_excluded() -> None:
    ctx = context(evidence(world(gates={"A": False, "B": False, "C": False})))
    assert ctx["top_vendor"] is None and ctx["shortlist_names"] == []
    assert ctx["cover"]["status"] == "No recommendation: no vendor passes every gate"
    assert ctx["summary"]["reasons"] == [] and ctx["summary"]["robustness"]["sentence"] is None
    assert [row["name"] for row in ctx["excluded"]] == ["A", "C", "B"]
    assert ctx["methodology"]["robustness"] == "not run: no vendor passes every gate"


def test_a_vendor_failing_a_gate_is_excluded_with_its_reason_even_with_the_top_score() -> None:
    ctx = context(evidence(world(gates={"A": False, "B": True, "C": True})))
    assert ctx["summary"]["recommendation"] == "C"
    assert "A" not in ctx["shortlist_names"]
    assert ctx["excluded"] == [{"name": "A", "score": "80.0", "raw_score": "80.0",
                                "reasons": ["BAA: not met (PHI exposure)"]}]
    assert ctx["counts"] == {"vendors": 3, "qualified": 2, "excluded": 1, "shortlisted": 2}


def test_the_shortlist_keeps_top_k_vendors_and_every_vendor_tied_at_the_cut() -> None:
    tied = world(scores={"A": {"review": [5, 5], "escalation": [4, 4]},
                         "B": {"review": [3, 3], "escalation": [2, 2]},
                         "C": {"review": [3, 3], "escalation": [2, 2]}})
    tied = changed(
        tied,
        measured=tuple(m.model_copy(update={"value": 0.92}) if m.vendor == "C" else m
                       for m in tied.measured),
        prices=tuple(p.model_copy(update={"unit_price": 1.0}) if p.vendor == "C" else p
                     for p in tied.prices))
    report = evidence(tied)
    assert shortlist_names(report, 1) == ["A"]
    assert shortlist_names(report, 2) == ["A", "B", "C"], "B and C share second place"
    assert shortlist_names(evidence(), 2) == ["A", "C"]


def test_key_risks_leave_out_closed_risks_and_put_the_worst_residual_first() -> None:
    risks = (RiskItem(vendor="C", title="Attrition", likelihood=4, impact=4,
                      residual_likelihood=2, status="mitigated"),
             RiskItem(vendor="A", title="Key person", likelihood=3, impact=4),
             RiskItem(vendor="A", title="Old breach", likelihood=5, impact=5, status="closed"))
    ctx = context(evidence(world(risks=risks)))
    assert [(r["vendor"], r["title"], r["residual"]) for r in ctx["summary"]["key_risks"]] == [
        ("A", "Key person", "not assessed"), ("C", "Attrition", "2 \u00d7 4 = 8")]
    flags = {row["vendor"]: row["risk_flags"] for row in ctx["ranking"]["rows"]}
    assert flags["A"] == ["-4.8% score", "1 open risk"]
    assert flags["B"] == ["no adjustment"]


def test_only_the_chosen_sections_are_built_and_listed_in_print_order() -> None:
    chosen = ReportOptions(sections=(Section.METHODOLOGY, Section.RANKING), top_k=1)
    ctx = context(evidence(), chosen)
    assert [entry["title"] for entry in ctx["contents"]] == [
        SECTION_TITLES[Section.RANKING], SECTION_TITLES[Section.METHODOLOGY]]
    assert {k for k, wanted in ctx["include"].items() if wanted} == {"ranking", "methodology"}
    assert ctx["ranking"] is not None and ctx["methodology"] is not None
    assert ctx["summary"] is None and ctx["value_map"] is None and ctx["pilot"] is None
    assert ctx["contributions"] is None and ctx["audit"] is None
    assert ctx["shortlist"] == [] and ctx["excluded"] == []
    assert ctx["shortlist_names"] == ["A"]
    assert ReportOptions(sections=(Section.AUDIT, Section.PILOT, Section.SUMMARY)).sections == (
        Section.SUMMARY, Section.PILOT, Section.AUDIT), "print order, whatever the tick order"
