"""Bad profiles, catalogues and weights are refused with a message naming the place to fix."""

from __future__ import annotations

import pytest

from tests.unit.worlds import CATALOGUE, profile
from vendor_eval.domain.criteria import load_catalogue
from vendor_eval.domain.profiles import (
    load_shipped_profiles,
    profile_from_dict,
    weights_total_problem,
)
from vendor_eval.errors import InputError


@pytest.mark.parametrize(
    ("weights", "problem"),
    [
        ({"a": 0.5, "b": 0.5}, None),
        ({"a": 60, "b": 40}, None),
        ({"a": 0.5, "b": 0.4}, "sum to 0.9"),
        ({"a": 70, "b": 40}, "sum to 110"),
        ({"a": 1.2, "b": -0.2}, "negative"),
        ({"a": float("nan"), "b": 1.0}, "not a number"),
    ],
)
def test_weights_must_sum_to_one_or_one_hundred(weights, problem):
    found = weights_total_problem(weights)
    assert found is None if problem is None else problem in found


def body(**overrides):
    base = profile().model_dump(mode="json")
    base.update(overrides)
    return base


def test_category_weights_that_do_not_sum_are_refused_naming_the_file():
    bad = body()
    bad["categories"]["quality"]["weight"] = 55
    with pytest.raises(InputError, match=r"my.yaml.*category weights: weights sum to 105"):
        profile_from_dict(bad, source="my.yaml", catalogue=CATALOGUE)


def test_unknown_criterion_in_a_profile_names_the_field():
    bad = body()
    bad["categories"]["quality"]["criteria"] = {"review": 60, "telepathy": 40}
    with pytest.raises(InputError) as error:
        profile_from_dict(bad, source="p.yaml", catalogue=CATALOGUE)
    assert "telepathy" in str(error.value)
    assert error.value.column == "categories.quality.criteria.telepathy"


def test_measured_criterion_without_threshold_is_refused():
    with pytest.raises(InputError, match="needs a threshold"):
        profile_from_dict(body(thresholds={}), source="p.yaml", catalogue=CATALOGUE)


def test_threshold_against_the_criterions_direction_is_refused():
    with pytest.raises(InputError, match="best must be above worst"):
        profile_from_dict(body(thresholds={"pilot_accuracy": {"worst": 0.99, "best": 0.9}}),
                          source="p.yaml", catalogue=CATALOGUE)


def test_gate_must_name_a_gate_criterion():
    bad = body(gates=[{"criterion": "review", "when": [], "reason": "x"}])
    with pytest.raises(InputError, match="not a gate criterion"):
        profile_from_dict(bad, source="p.yaml", catalogue=CATALOGUE)


def test_unknown_scope_condition_is_refused():
    bad = body(gates=[{"criterion": "baa", "when": ["telepathic_data"], "reason": "x"}])
    with pytest.raises(InputError, match="unknown scope condition"):
        profile_from_dict(bad, source="p.yaml", catalogue=CATALOGUE)


def test_what_if_weights_are_validated_like_a_saved_profile():
    with pytest.raises(InputError, match="sum to"):
        profile().with_category_weights({"quality": 90})


def test_content_hash_ignores_version_but_not_weights():
    base = profile()
    assert base.content_hash() == base.model_copy(update={"version": 7}).content_hash()
    changed = base.with_category_weights({"quality": 40, "pilot": 40, "money": 20})
    assert changed.content_hash() != base.content_hash()


def test_shipped_catalogue_has_thirty_criteria_across_eight_categories_with_full_rubrics():
    catalogue = load_catalogue()
    assert len(catalogue.criteria) >= 30
    assert len(catalogue.categories) == 8
    for criterion in catalogue.criteria:
        if criterion.kind == "scored":
            assert sorted(criterion.rubric) == [0, 1, 2, 3, 4, 5]
            assert len(set(criterion.rubric.values())) == 6, criterion.id


def test_shipped_profiles_are_valid_against_the_catalogue():
    profiles = load_shipped_profiles(load_catalogue())
    assert {p.id for p in profiles} >= {"regulated_hitl_qa", "cv_mega_volume",
                                        "llm_preference_rlhf", "content_moderation", "balanced"}
    for p in profiles:
        assert sum(p.criterion_weights().values()) == pytest.approx(1.0)


def test_malformed_yaml_names_file_and_line(tmp_path):
    from vendor_eval.domain.profiles import load_profile

    path = tmp_path / "broken.yaml"
    path.write_text("id: x\ncategories: [unclosed\n")
    with pytest.raises(InputError) as error:
        load_profile(path)
    assert "broken.yaml" in str(error.value) and error.value.row is not None


def test_a_gate_needs_all_its_conditions_and_a_checklist_item_or_question_any_of_its_own():
    from vendor_eval.domain.checklist import ChecklistItem
    from vendor_eval.domain.enums import Industry, Sensitivity
    from vendor_eval.domain.profiles import Gate
    from vendor_eval.domain.project import Scope

    scope = Scope(industry=Industry.HEALTHCARE, volume=10,
                  sensitivity=frozenset({Sensitivity.PHI}))
    gate = Gate.model_validate({"criterion": "hipaa_baa", "when": ["phi", "pii"], "reason": "x"})
    item = ChecklistItem.model_validate({
        "id": "baa", "section": "compliance_security", "title": "BAA", "evidence": "signed BAA",
        "guards_against": "fines", "likelihood": 2, "impact": 5, "mitigation": "sign",
        "required_when": ["phi", "pii"]})

    assert gate.when_all == ("phi", "pii") and not gate.applies_to(scope)
    assert item.required_when_any == ("phi", "pii") and item.required_for(scope)
    assert gate.model_dump(mode="json")["when"] == ["phi", "pii"], "the YAML key is kept"
