"""The evidence's state, which every recommending page and the report open with: interim until
every assigned evaluator has submitted, every expected score is in and every required check is
checked by a reviewer; and, in words, why the robustness share is what it is."""

from __future__ import annotations

from tests.unit.documents.small import changed, context, evidence
from tests.unit.worlds import world
from vendor_eval.documents.shortlist.evidence import TeamEvidence
from vendor_eval.documents.wording import robustness_reason
from vendor_eval.domain.checklist import ChecklistAssessment
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.evidence_state import EvidenceState, evidence_state

DECLARED = "RFP response workbook a.xlsx, Security!E4"


def state_of(inputs, **team) -> EvidenceState:
    return evidence_state(inputs, evaluate(inputs).checklist.rows, **team)


def test_complete_evidence_reviewed_and_submitted_is_final():
    state = state_of(world(), assigned=["e0", "e1"], submitted=["e0", "e1"])

    assert state.final and state.status == "Final"
    assert (state.expected_scores, state.entered_scores) == (12, 12)
    assert (state.required_checks, state.met_reviewed, state.met_self_declared) == (3, 3, 0)
    assert state.headline().startswith("Final: ")


def test_an_evaluator_still_scoring_and_missing_scores_make_it_interim_and_say_so():
    inputs = world(scores={"A": {"review": [5, 5]}, "B": {"review": [3, 3]},
                           "C": {"review": [4, 4], "escalation": [3, 3]}})

    state = state_of(inputs, assigned=["e0", "e1", "e2"], submitted=["e0"])

    assert not state.final
    # 3 vendors x 2 scored criteria x 3 evaluators (e2 assigned but has scored nothing)
    assert (state.expected_scores, state.entered_scores) == (18, 8)
    assert state.headline() == ("Interim: 2 of 3 assigned evaluators have not submitted; "
                                "10 expected scores are missing.")
    assert ("Scores: 8 of 18 expected (44%); a score a vendor lacks where others have one "
            "counts as zero for it") \
        in state.lines()


def test_a_check_met_only_on_the_vendors_word_keeps_it_interim():
    inputs = world()
    declared = tuple(a.model_copy(update={"file_reference": DECLARED, "reviewer": ""})
                     if a.vendor == "A" else a for a in inputs.assessments)

    state = state_of(changed(inputs, assessments=declared))

    assert (state.met_reviewed, state.met_self_declared) == (2, 1)
    assert not state.final
    assert state.reasons() == ["1 required check met only on the vendor's word"]
    assert ("Required checks: 3 of 3 met, 2 checked by a reviewer and 1 self-declared by the "
            "vendor; 0 not assessed") in state.lines()


def test_a_confirmed_declaration_counts_as_reviewed():
    confirmed = ChecklistAssessment(vendor="A", item_id="baa", status="met",
                                    file_reference=DECLARED, reviewer="Dana")
    assert not confirmed.self_declared


def test_with_nothing_scored_the_state_says_so_and_counts_one_evaluator():
    inputs = changed(world(), scores=())

    state = state_of(inputs)

    assert state.expected_scores == 6 and state.entered_scores == 0
    assert state.reasons()[0] == "no scores yet (6 expected)"
    assert state.lines()[0] == "Evaluators: nobody assigned yet"


def test_the_report_cover_lists_the_checks_and_measured_evidence():
    team = TeamEvidence(assigned=("e0", "e1"), submitted=("e0", "e1"))
    cover = context(evidence(team=team))["cover"]

    assert cover["status"] == "Draft recommendation for approval"
    assert cover["evidence"] == [
        "Required checks: 3 of 3 met, 3 checked by a reviewer and 0 self-declared by the "
        "vendor; 0 not assessed",
        "Measured values (a pilot or the project's data) for 3 of 3 vendors; prices from 3"]


def test_the_report_cover_is_interim_while_a_required_check_is_only_declared():
    inputs = world()
    declared = tuple(a.model_copy(update={"file_reference": DECLARED, "reviewer": ""})
                     for a in inputs.assessments)
    cover = context(evidence(changed(inputs, assessments=declared)))["cover"]

    assert cover["status"] == ("Interim recommendation: some required checks rest on the "
                               "vendor's word")


def test_the_robustness_reason_names_missing_evidence_and_the_closest_rival():
    why = robustness_reason({"A": 0.6, "B": 0.35, "C": 0.05}, {"A": 0.0, "B": 0.25, "C": 0.0},
                            "A")

    assert why.startswith("Missing evidence keeps this uncertain: 25% of B's weighted score "
                          "rests on inputs not gathered yet")
    assert "In 35% of the samples B comes first instead" in why


def test_a_clear_lead_on_complete_evidence_is_said_to_hold():
    assert robustness_reason({"A": 0.97, "B": 0.03}, {"A": 0.0, "B": 0.0}, "A") == (
        "A stays first under nearly every weighting tried, even with the uncertainty of the "
        "scores.")


def test_the_report_summary_carries_the_reason_beside_the_share():
    inputs = world(scores={"A": {"review": [5, 5]}, "B": {"review": [3, 3], "escalation": [2, 2]},
                           "C": {"review": [4, 4], "escalation": [3, 3]}})
    summary = context(evidence(inputs))["summary"]["robustness"]

    assert summary["why"].startswith("Missing evidence keeps this uncertain: ")
    assert "of A's" in summary["why"]


def test_a_firm_lead_with_little_missing_is_not_called_uncertain():
    why = robustness_reason({"A": 0.98, "B": 0.02}, {"A": 0.0, "B": 0.02}, "A")

    assert why == ("A stays first under nearly every weighting tried, even with the uncertainty "
                   "of the scores and of the missing inputs. Little rests on missing inputs (2% "
                   "of B's weighted score); they are sampled anywhere from zero to full marks.")


def test_the_reasons_say_when_the_leaders_checks_rest_on_its_own_word():
    inputs = world()
    declared = tuple(a.model_copy(update={"file_reference": DECLARED, "reviewer": ""})
                     if a.vendor == "A" else a for a in inputs.assessments)
    reasons = context(evidence(changed(inputs, assessments=declared)))["summary"]["reasons"]

    assert ("Meets the one checklist item this project's scope requires; only on its own word "
            "in the RFP response, not yet checked by a reviewer.") in reasons
