"""What changed between two profile versions: stated weights, effective shares in percentage
points, and every other part of a profile, on a two-category profile a reader can check by hand.

The base profile: quality 70 (review 50, calibration 50), pilot 30 (accuracy 40, agreement 60).
Effective shares: review 35%, calibration 35%, pilot accuracy 12%, pilot agreement 18%.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vendor_eval.domain.profiles import Profile, profile_from_dict
from vendor_eval.engine.profile_diff import (
    ChangeKind,
    ChangeStatus,
    ProfileDifference,
    describe_move,
    diff_profiles,
    largest_moves_first,
    summarise,
)

NAMES = {"quality_system": "Quality system", "pilot": "Pilot results",
         "multi_stage_review": "Multi-stage review", "golden_set_calibration": "Calibration",
         "pilot_accuracy": "Pilot accuracy", "pilot_agreement": "Pilot agreement",
         "pilot_rework_rate": "Pilot rework rate"}


def body() -> dict:
    return {
        "id": "small", "name": "Small", "description": "Two categories.",
        "categories": {
            "quality_system": {"weight": 70, "criteria": {"multi_stage_review": 50,
                                                          "golden_set_calibration": 50}},
            "pilot": {"weight": 30, "criteria": {"pilot_accuracy": 40, "pilot_agreement": 60}},
        },
        "thresholds": {"pilot_accuracy": {"worst": 0.88, "best": 0.98},
                       "pilot_agreement": {"worst": 0.5, "best": 0.85}},
        "gates": [{"criterion": "hipaa_baa", "when": ["phi"], "reason": "PHI needs a BAA."}],
    }


def profile(edit=None) -> Profile:
    changed = body()
    if edit is not None:
        edit(changed)
    return profile_from_dict(changed, source="test")


def by_element(changes: list[ProfileDifference]) -> dict[str, ProfileDifference]:
    return {change.element: change for change in changes}


def test_identical_profiles_give_no_rows() -> None:
    assert diff_profiles(profile(), profile()) == []
    assert summarise([], NAMES) == "The two versions are identical."


def test_a_criterion_weight_change_reports_stated_weights_and_percentage_points() -> None:
    def more_accuracy(b: dict) -> None:
        b["categories"]["pilot"]["criteria"] = {"pilot_accuracy": 50, "pilot_agreement": 50}

    changes = by_element(diff_profiles(profile(), profile(more_accuracy)))

    assert set(changes) == {"pilot_accuracy", "pilot_agreement"}
    accuracy = changes["pilot_accuracy"]
    assert (accuracy.kind, accuracy.status, accuracy.category) == (
        ChangeKind.CRITERION_WEIGHT, ChangeStatus.CHANGED, "pilot")
    assert (accuracy.before, accuracy.after, accuracy.stated_change) == (40.0, 50.0, 10.0)
    # 30% x 40% = 12%  ->  30% x 50% = 15%
    assert accuracy.effective_before == pytest.approx(0.12)
    assert accuracy.effective_after == pytest.approx(0.15)
    assert accuracy.effective_change_pp == pytest.approx(3.0)
    assert changes["pilot_agreement"].effective_change_pp == pytest.approx(-3.0)
    assert describe_move(accuracy, NAMES) == "Pilot accuracy: 12.0% → 15.0% (+3.0 pp)"


def test_a_category_weight_change_rescales_its_criteria_without_changing_their_stated_weight(
) -> None:
    def more_pilot(b: dict) -> None:
        b["categories"]["quality_system"]["weight"] = 60
        b["categories"]["pilot"]["weight"] = 40

    changes = by_element(diff_profiles(profile(), profile(more_pilot)))

    pilot = changes["pilot"]
    assert (pilot.kind, pilot.status, pilot.before, pilot.after) == (
        ChangeKind.CATEGORY_WEIGHT, ChangeStatus.CHANGED, 30.0, 40.0)
    assert pilot.effective_change_pp == pytest.approx(10.0)
    accuracy = changes["pilot_accuracy"]
    assert accuracy.status is ChangeStatus.RESCALED
    assert (accuracy.before, accuracy.after, accuracy.stated_change) == (40.0, 40.0, 0.0)
    assert accuracy.effective_change_pp == pytest.approx(4.0)  # 40% of the 10 pp
    assert changes["multi_stage_review"].effective_change_pp == pytest.approx(-5.0)


def test_added_and_removed_criteria_appear_as_such() -> None:
    def swap(b: dict) -> None:
        b["categories"]["pilot"]["criteria"] = {"pilot_accuracy": 40, "pilot_rework_rate": 60}
        del b["thresholds"]["pilot_agreement"]
        b["thresholds"]["pilot_rework_rate"] = {"worst": 0.12, "best": 0.02}

    changes = diff_profiles(profile(), profile(swap))
    weights = by_element([c for c in changes if c.kind is ChangeKind.CRITERION_WEIGHT])
    thresholds = by_element([c for c in changes if c.kind is ChangeKind.THRESHOLD])

    removed, added = weights["pilot_agreement"], weights["pilot_rework_rate"]
    assert (removed.status, removed.before, removed.after) == (ChangeStatus.REMOVED, 60.0, None)
    assert removed.effective_after is None
    assert removed.effective_change_pp == pytest.approx(-18.0)
    assert (added.status, added.before, added.after) == (ChangeStatus.ADDED, None, 60.0)
    assert added.effective_change_pp == pytest.approx(18.0)
    assert "pilot_accuracy" not in weights
    assert thresholds["pilot_agreement"].status is ChangeStatus.REMOVED
    assert thresholds["pilot_rework_rate"].after == "worst 0.12, best 0.02"


def test_a_criterion_moved_to_another_category_is_a_change_that_says_so() -> None:
    def move(b: dict) -> None:
        b["categories"]["quality_system"]["criteria"] = {"multi_stage_review": 100}
        b["categories"]["pilot"]["criteria"]["golden_set_calibration"] = 0

    change = by_element(diff_profiles(profile(), profile(move)))["golden_set_calibration"]

    assert (change.status, change.category) == (ChangeStatus.CHANGED, "pilot")
    assert change.note == "moved from category quality_system"
    assert change.effective_change_pp == pytest.approx(-35.0)


def test_fractions_instead_of_percentages_change_the_stated_weights_but_move_nothing() -> None:
    def as_fractions(b: dict) -> None:
        b["categories"]["pilot"]["criteria"] = {"pilot_accuracy": 0.4, "pilot_agreement": 0.6}

    changes = diff_profiles(profile(), profile(as_fractions))

    assert [(c.element, c.before, c.after) for c in changes] == [
        ("pilot_accuracy", 40.0, 0.4), ("pilot_agreement", 60.0, 0.6)]
    assert all(c.effective_change_pp == pytest.approx(0.0) for c in changes)


def test_text_policy_threshold_gate_and_risk_changes_are_rows_too() -> None:
    def everything_else(b: dict) -> None:
        b["name"] = "Small, revised"
        b["description"] = "Two categories, stricter."
        b["missing_scores"] = "zero"
        b["thresholds"]["pilot_accuracy"] = {"worst": 0.9, "best": 0.98}
        b["gates"] = [{"criterion": "hipaa_baa", "when": [], "reason": "Always a BAA."},
                      {"criterion": "soc2_type2", "when": ["pii"], "reason": "Audited."}]
        b["risk"] = {"rate": 0.1, "cap": 0.25}

    changes = diff_profiles(profile(), profile(everything_else))

    assert [(c.kind, c.element, c.status, c.before, c.after) for c in changes] == [
        (ChangeKind.NAME, "name", ChangeStatus.CHANGED, "Small", "Small, revised"),
        (ChangeKind.DESCRIPTION, "description", ChangeStatus.CHANGED, "Two categories.",
         "Two categories, stricter."),
        (ChangeKind.MISSING_POLICY, "missing-score policy", ChangeStatus.CHANGED, "reweight",
         "zero"),
        (ChangeKind.THRESHOLD, "pilot_accuracy", ChangeStatus.CHANGED,
         "worst 0.88, best 0.98", "worst 0.9, best 0.98"),
        (ChangeKind.GATE, "hipaa_baa", ChangeStatus.CHANGED, "when phi: PHI needs a BAA.",
         "when always: Always a BAA."),
        (ChangeKind.GATE, "soc2_type2", ChangeStatus.ADDED, None, "when pii: Audited."),
        (ChangeKind.RISK_RULE, "rate", ChangeStatus.CHANGED, 0.05, 0.1),
    ]
    assert all(c.effective_change_pp is None for c in changes)


def test_largest_moves_come_first_and_the_summary_names_the_largest() -> None:
    def reshuffle(b: dict) -> None:
        b["name"] = "Renamed"
        b["categories"]["pilot"]["criteria"] = {"pilot_accuracy": 50, "pilot_agreement": 50}
        b["categories"]["quality_system"]["criteria"] = {"multi_stage_review": 70,
                                                         "golden_set_calibration": 30}

    changes = diff_profiles(profile(), profile(reshuffle))
    ordered = largest_moves_first(changes)

    # review 35% -> 49% (+14), calibration 35% -> 21% (-14), accuracy +3, agreement -3.
    assert [c.element for c in ordered] == ["multi_stage_review", "golden_set_calibration",
                                            "pilot_accuracy", "pilot_agreement", "name"]
    assert summarise(changes, NAMES) == (
        "Changed: the name and 4 criterion weights. "
        "Largest move: Multi-stage review: 35.0% → 49.0% (+14.0 pp).")


def test_records_are_plain_json_data() -> None:
    def more_accuracy(b: dict) -> None:
        b["categories"]["pilot"]["criteria"] = {"pilot_accuracy": 50, "pilot_agreement": 50}

    record = diff_profiles(profile(), profile(more_accuracy))[0].to_record()

    assert record["kind"] == "criterion weight" and record["status"] == "changed"
    assert (record["element"], record["category"]) == ("pilot_accuracy", "pilot")
    assert record["effective_change_pp"] == pytest.approx(3.0)


weights = st.integers(min_value=1, max_value=100)


@settings(max_examples=60, deadline=None)
@given(quality=weights, pilot=weights, inner=st.lists(weights, min_size=4, max_size=4))
def test_effective_moves_of_all_criteria_cancel_out(quality: int, pilot: int,
                                                    inner: list[int]) -> None:
    """Both versions share out 100%, so what one criterion gains the others lose."""
    def reweigh(b: dict) -> None:
        total = quality + pilot
        b["categories"]["quality_system"]["weight"] = quality / total
        b["categories"]["pilot"]["weight"] = pilot / total
        review, calibration, accuracy, agreement = inner
        b["categories"]["quality_system"]["criteria"] = {
            "multi_stage_review": review / (review + calibration),
            "golden_set_calibration": calibration / (review + calibration)}
        b["categories"]["pilot"]["criteria"] = {
            "pilot_accuracy": accuracy / (accuracy + agreement),
            "pilot_agreement": agreement / (accuracy + agreement)}

    changes = diff_profiles(profile(), profile(reweigh))

    for kind in (ChangeKind.CATEGORY_WEIGHT, ChangeKind.CRITERION_WEIGHT):
        moves = [c.effective_change_pp for c in changes if c.kind is kind]
        assert math.isclose(sum(moves), 0.0, abs_tol=1e-9)
    assert diff_profiles(profile(reweigh), profile(reweigh)) == []
