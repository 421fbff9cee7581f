"""The project engine on a three-vendor world whose scores can be checked by hand."""

from __future__ import annotations

import math

import pytest

from tests.unit.worlds import profile, world
from vendor_eval.domain.evidence import RiskItem
from vendor_eval.domain.presentation import flag_texts
from vendor_eval.engine.evaluate import evaluate


def scores_of(result) -> dict[str, float]:
    return dict(zip(result.table["vendor"], result.table["score"], strict=True))


def test_hand_computed_hierarchical_weighted_sum():
    # A: quality 0.5*(0.6*5/5 + 0.4*4/5) = 0.46; pilot 0.3*(0.98-0.9)/0.1 = 0.24;
    #    money 0.2*(1000/2000) = 0.10 -> 80.0
    # B: 0.5*(0.6*0.6 + 0.4*0.4) = 0.26; 0.3*0.2 = 0.06; 0.2*1.0 = 0.20 -> 52.0
    # C: 0.5*(0.6*0.8 + 0.4*0.6) = 0.36; 0.3*0.5 = 0.15; 0.2*(1000/1600) = 0.125 -> 63.5
    result = evaluate(world())
    assert scores_of(result) == pytest.approx({"A": 80.0, "B": 52.0, "C": 63.5})
    assert list(result.table["vendor"]) == ["A", "C", "B"]
    assert list(result.table["rank"]) == [1, 2, 3]


def test_total_cost_and_cost_per_correct_label_come_from_quote_and_pilot():
    table = evaluate(world()).table.set_index("vendor")
    assert table.loc["A", "total_cost"] == pytest.approx(2000.0)
    assert table.loc["A", "cost_per_correct_label"] == pytest.approx(2000.0 / (1000 * 0.98))


def test_failed_gate_disqualifies_even_with_top_score():
    result = evaluate(world(gates={"A": False, "B": True, "C": True}))
    row = result.table.set_index("vendor").loc["A"]
    assert not row["qualified"]
    assert row["rank"] == 3, "a disqualified vendor ranks after every qualified one"
    assert row["gate_failures"] and "BAA" in row["gate_failures"][0]
    assert result.top_vendor == "C"


def test_failed_gate_keeps_the_score_it_earned():
    passed = scores_of(evaluate(world(gates={"A": True, "B": True, "C": True})))["A"]
    failed = evaluate(world(gates={"A": False, "B": True, "C": True}))
    # A no longer sets the lowest compliant price, so only the price criterion may move.
    a = failed.table.set_index("vendor").loc["A"]
    assert a["score"] >= passed - 20.0 * 1.0 and a["score"] > 0


def test_gate_applies_only_when_the_scope_requires_it():
    result = evaluate(world(sensitivity=frozenset(), gates={"A": False, "B": True, "C": True}))
    assert result.table["qualified"].all()
    # not required here, so the unmet BAA becomes a risk entry (4 x 5) instead of a gate
    assert [r.title for r in result.checklist.register] == ["Checklist: BAA not met"]
    assert result.table.set_index("vendor").loc["A", "risk_penalty"] == pytest.approx(0.08)


def test_residual_risk_after_mitigation_drives_the_penalty():
    risks = (RiskItem(vendor="A", title="t", likelihood=5, impact=5, status="open",
                      residual_likelihood=2, residual_impact=5),)
    row = evaluate(world(risks=risks)).table.set_index("vendor").loc["A"]
    assert row["risk_penalty"] == pytest.approx(0.1 * 10 / 25)


def test_missing_gate_evidence_counts_as_failure():
    inputs = world()
    inputs = inputs.model_copy(update={"assessments": inputs.assessments[1:]})  # drop A's
    row = evaluate(inputs).table.set_index("vendor").loc["A"]
    assert not row["qualified"] and "not assessed" in row["gate_failures"][0]


def test_lowest_compliant_price_sets_full_marks():
    # B is cheapest but disqualified: C (1.6) becomes the reference, so A gets 1.6/2.0.
    result = evaluate(world(gates={"A": True, "B": False, "C": True}))
    cost = result.contributions.query("criterion_id == 'cost'").set_index("vendor")["utility"]
    assert cost["C"] == pytest.approx(1.0)
    assert cost["A"] == pytest.approx(0.8)


def test_equal_scores_share_a_rank():
    same = {"review": [4], "escalation": [4]}
    inputs = world(scores={"A": same, "B": same, "C": same},
                   the_profile=profile(categories={
                       "quality": {"weight": 100, "criteria": {"review": 50, "escalation": 50}}},
                       thresholds={}))
    assert list(evaluate(inputs).table["rank"]) == [1, 1, 1]


def test_a_vendors_own_missing_score_counts_as_zero_so_missing_evidence_never_helps():
    # A lacks Escalation, which B and C were scored on: under `reweight` it counts as the
    # worst, not as A's average (A's 5 on Review would otherwise stand in for it).
    scores = {"A": {"review": [5]}, "B": {"review": [3], "escalation": [2]},
              "C": {"review": [4], "escalation": [3]}}
    result = evaluate(world(scores=scores))
    row = result.table.set_index("vendor").loc["A"]
    assert flag_texts(row["flags"]) == ["missing 1 input, counted as zero: Escalation"]
    assert row["score"] == pytest.approx(80.0 - 0.5 * 0.4 * 0.8 * 100)
    scored_everything = evaluate(world(scores={**scores, "A": {"review": [5],
                                                               "escalation": [1]}}))
    assert scored_everything.table.set_index("vendor").loc["A", "score"] > row["score"]


def test_a_criterion_no_vendor_was_scored_on_is_left_out_and_reweighted_for_all():
    scores = {"A": {"review": [5]}, "B": {"review": [3]}, "C": {"review": [4]}}
    result = evaluate(world(scores=scores))
    row = result.table.set_index("vendor").loc["A"]
    assert flag_texts(row["flags"]) == ["missing 1 input, left out and re-weighted: Escalation"]
    # quality rests on review alone for everyone: 0.5*1.0 + pilot 0.24 + money 0.10
    assert row["score"] == pytest.approx(84.0)


def test_missing_score_counts_as_zero_when_the_profile_says_so():
    scores = {"A": {"review": [5]}, "B": {"review": [3], "escalation": [2]},
              "C": {"review": [4], "escalation": [3]}}
    result = evaluate(world(scores=scores, the_profile=profile(missing_scores="zero")))
    row = result.table.set_index("vendor").loc["A"]
    assert any("counted as zero" in flag for flag in flag_texts(row["flags"]))
    assert row["score"] == pytest.approx(80.0 - 0.5 * 0.4 * 0.8 * 100)


def test_a_category_nobody_has_evidence_for_shares_its_weight_among_the_others():
    result = evaluate(world(scores={"A": {}, "B": {}, "C": {}}))
    a = result.table.set_index("vendor").loc["A"]
    # pilot 0.8 utility and money 0.5 utility, weights 30:20 rescaled to 0.6:0.4
    assert a["score"] == pytest.approx(100 * (0.6 * 0.8 + 0.4 * 0.5))


def test_a_vendor_missing_a_category_others_were_scored_on_gets_nothing_for_it():
    scores = {"A": {}, "B": {"review": [3], "escalation": [2]},
              "C": {"review": [4], "escalation": [3]}}
    a = evaluate(world(scores=scores)).table.set_index("vendor").loc["A"]
    assert a["score"] == pytest.approx(100 * (0.3 * 0.8 + 0.2 * 0.5))


def test_open_risk_lowers_score_by_the_documented_rule():
    risks = (RiskItem(vendor="A", title="t", likelihood=5, impact=5, status="open"),
             RiskItem(vendor="A", title="u", likelihood=5, impact=5, status="mitigated"))
    row = evaluate(world(risks=risks)).table.set_index("vendor").loc["A"]
    # exposure = 1.0 + 0.4 = 1.4; penalty = min(0.2, 0.1 * 1.4) = 0.14
    assert row["risk_penalty"] == pytest.approx(0.14)
    assert row["score"] == pytest.approx(80.0 * 0.86)


def test_risk_penalty_is_capped():
    risks = tuple(RiskItem(vendor="B", title=f"r{i}", likelihood=5, impact=5) for i in range(9))
    row = evaluate(world(risks=risks)).table.set_index("vendor").loc["B"]
    assert row["risk_penalty"] == pytest.approx(0.2)


def test_closed_risk_costs_nothing():
    risks = (RiskItem(vendor="A", title="t", likelihood=5, impact=5, status="closed"),)
    assert evaluate(world(risks=risks)).table.set_index("vendor").loc["A", "risk_penalty"] == 0


def test_contributions_add_up_to_the_raw_score_per_vendor():
    result = evaluate(world())
    points = result.contributions.groupby("vendor")["points"].sum()
    for vendor, raw in zip(result.table["vendor"], result.table["raw_score"], strict=True):
        assert math.isclose(points[vendor], raw, abs_tol=1e-9)


def test_explanation_names_the_criteria_that_set_a_vendor_apart():
    explanation = evaluate(world()).explanations
    assert explanation["A"].strengths[0].criterion in {"Review", "Accuracy"}
    assert {f.criterion for f in explanation["B"].weaknesses} >= {"Review"}
    assert all(f.points_vs_field > 0 for f in explanation["A"].strengths)
    assert all(f.points_vs_field < 0 for f in explanation["B"].weaknesses)


def test_result_records_how_it_was_made():
    result = evaluate(world())
    assert result.profile_id == "test" and result.profile_version == 1
    assert len(result.profile_hash) == 64
    assert result.parameters["gates"] == ["baa"]


def test_flags_are_codes_and_numbers_that_read_as_words_where_shown():
    from vendor_eval.domain.flags import FlagCode

    scores = {"A": {"review": [5]}, "B": {"review": [3], "escalation": [2]},
              "C": {"review": [4], "escalation": [3]}}
    result = evaluate(world(scores=scores))
    [flag] = result.table.set_index("vendor").loc["A", "flags"]

    assert flag.code is FlagCode.MISSING_INPUTS and not flag.reweighted
    assert flag.subjects == ("Escalation",)
    [record] = [r for r in result.to_records() if r["vendor"] == "A"]
    assert record["flags"] == flag_texts([flag])
    assert record["flags"] == ["missing 1 input, counted as zero: Escalation"]
