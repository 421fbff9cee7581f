"""Appendix A states how the decision was made (weights, rules, the SMAA samples and seed,
evaluator agreement, the sources); Appendix B counts the audit trail's events."""

from __future__ import annotations

import pytest

from tests.unit.documents.small import GENERATED_AT, evidence
from tests.unit.worlds import world
from vendor_eval.documents.shortlist.appendix import (
    audit_section,
    methodology_section,
    robustness_detail,
)
from vendor_eval.documents.shortlist.evidence import (
    REPORT_SAMPLES,
    REPORT_SEED,
    AuditSummary,
    TeamEvidence,
    robustness_of,
)
from vendor_eval.engine.evaluate import evaluate


@pytest.fixture(scope="module")
def methodology() -> dict:
    return methodology_section(evidence(roles={"e0": "lead_evaluator"}), GENERATED_AT)


def test_the_methodology_states_the_report_smaa_samples_and_seed(methodology) -> None:
    assert f"{REPORT_SAMPLES:,} weight vectors" in methodology["robustness"]
    assert methodology["robustness"].endswith(f"random seed {REPORT_SEED}.")
    assert "Dirichlet, concentration 50" in methodology["robustness"]


def test_the_robustness_detail_follows_the_samples_and_seed_actually_used() -> None:
    inputs = world()
    robustness = robustness_of(inputs, evaluate(inputs), samples=1_500, seed=7)
    assert (robustness.samples, robustness.seed) == (1_500, 7)
    detail = robustness_detail(robustness)
    assert detail.startswith("SMAA-2 (Lahdelma & Salminen 2001; Tervonen & Lahdelma 2007): "
                             "1,500 weight vectors")
    assert detail.endswith("; random seed 7.")
    assert methodology_section(evidence(robustness=robustness), GENERATED_AT)[
        "robustness"] == detail


def test_the_methodology_lists_each_category_and_criterion_with_its_weights(methodology):
    assert [(c["name"], c["weight"]) for c in methodology["categories"]] == [
        ("Quality", "50.0%"), ("Pilot", "30.0%"), ("Money", "20.0%")]
    quality = methodology["categories"][0]["criteria"]
    assert [(c["name"], c["within"], c["overall"], c["kind"]) for c in quality] == [
        ("Review", "60.0%", "30.0%", "rubric 0-5"), ("Escalation", "40.0%", "20.0%", "rubric 0-5")]
    assert methodology["categories"][1]["criteria"][0]["kind"] == (
        "measured, 90.0% \u2192 100.0%")
    assert methodology["gates"] == "BAA"
    assert methodology["risk_rule"].startswith("score \u00d7 (1 - penalty), penalty = "
                                               "min(20%, 0.1 \u00d7 exposure)")


def test_the_methodology_names_who_scored_how_much_and_their_declared_conflicts(
        methodology) -> None:
    assert methodology["evaluators"] == [
        {"name": "e0", "role": "Lead evaluator", "scores": "6", "vendors": "3", "comments": "0",
         "conflicts": "not recorded"},
        {"name": "e1", "role": "not recorded", "scores": "6", "vendors": "3", "comments": "0",
         "conflicts": "not recorded"}]
    assert methodology["sources"][0] == (
        "Evaluator scores: 12 rubric scores by 2 evaluators on 2 criteria.")
    assert methodology["sources"][2] == "Prices: 3 quotes, costed at 1,000 items."
    assert methodology["team"] is None and not methodology["conflicts_recorded"]
    team = TeamEvidence(assigned=("e0", "e1"), submitted=("e0", "e1"),
                        conflicts={"e0": "none declared", "e1": "former employee of B"})
    declared = methodology_section(evidence(team=team), GENERATED_AT)
    assert [e["conflicts"] for e in declared["evaluators"]] == ["none declared",
                                                                "former employee of B"]
    assert declared["conflicts_recorded"]
    assert declared["team"]["freeze"] == "the weights were not frozen before scoring"


def test_agreement_is_called_reliable_when_evaluators_agree(methodology) -> None:
    assert methodology["agreement"].startswith(
        "Krippendorff's alpha (ordinal) over all evaluators' rubric scores: 1.00, at or above "
        "0.8, usually taken as reliable")
    assert methodology["agreement"].endswith(
        "0 cells of 6 had scores 2 or more points apart and went to discussion.")


def test_disagreeing_evaluators_get_a_low_alpha_and_cells_sent_to_discussion() -> None:
    split = world(scores={"A": {"review": [5, 1], "escalation": [4, 0]},
                          "B": {"review": [3, 3], "escalation": [2, 4]},
                          "C": {"review": [4, 4], "escalation": [3, 3]}})
    text = methodology_section(evidence(split), GENERATED_AT)["agreement"]
    assert "below 0.667, the lowest usually accepted" in text
    assert "3 cells of 6 had scores 2 or more points apart" in text


def test_the_pilot_design_says_the_figures_are_entered_values_with_wilson_intervals(
        methodology) -> None:
    design = methodology["pilot_design"]
    assert design.startswith("No pilot run is stored with this project")
    assert "(n = 400 items per vendor), with 95% Wilson intervals" in design
    assert design.endswith("from 90.0% (no points) to 100.0% (full points).")


def test_the_audit_appendix_counts_events_by_action_and_shows_times_in_utc() -> None:
    audit = AuditSummary(counts={"scores.save": 3, "rfp.issue": 1, "project.freeze": 2},
                         first_at="2026-11-01T08:00:00",
                         last_at="2026-11-23T09:15:00+01:00", entities=("project t",),
                         chain_intact=True)
    section = audit_section(evidence(audit=audit))
    assert [(r["action"], r["meaning"], r["count"]) for r in section["rows"]] == [
        ("scores.save", "evaluator scores saved", "3"),
        ("rfp.issue", "RFP issued (PDF and response workbook)", "1"),
        ("project.freeze", "Weights frozen", "2")]
    assert section["total"] == "6"
    assert (section["first_at"], section["last_at"]) == ("2026-11-01 08:00 UTC",
                                                         "2026-11-23 08:15 UTC")
    assert section["chain_intact"] is True
    assert audit_section(evidence()) is None, "no audit summary, no appendix"
