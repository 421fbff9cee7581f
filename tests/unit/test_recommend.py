"""Recommending a weighting profile from a project's scope: risk first, then the kind of work;
every recommendation explains itself and lists the checks the scope makes pass/fail."""

from __future__ import annotations

from itertools import combinations

import pytest

from vendor_eval.domain.checklist import ChecklistCatalogue
from vendor_eval.domain.profiles import Profile, load_shipped_profiles
from vendor_eval.domain.project import Scope
from vendor_eval.engine.recommend import (
    BALANCED,
    CV_MEGA_VOLUME,
    LLM_PREFERENCE,
    MODERATION,
    REGULATED,
    Recommendation,
    recommend_profile,
    required_checks,
)
from vendor_eval.errors import InputError
from vendor_eval.services.kernel.catalogue import get_catalogue, get_checklist


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return {profile.id: profile for profile in load_shipped_profiles(get_catalogue())}


@pytest.fixture(scope="module")
def checklist() -> ChecklistCatalogue:
    return get_checklist()


def scope(industry: str = "other", data_types: tuple[str, ...] = (), volume: int = 10_000,
          sensitivity: tuple[str, ...] = (), languages: tuple[str, ...] = ()) -> Scope:
    return Scope(industry=industry, data_types=data_types, volume=volume,
                 sensitivity=frozenset(sensitivity), languages=languages)


def ids(checks) -> list[str]:
    return [check.id for check in checks]


@pytest.mark.parametrize(("given", "expected"), [
    (scope(sensitivity=("phi",)), REGULATED),
    (scope(industry="retail", sensitivity=("payment_data",)), REGULATED),
    (scope(industry="finance"), REGULATED),
    (scope(industry="insurance", data_types=("claim documents",)), REGULATED),
    (scope(sensitivity=("financial_data",)), REGULATED),
    (scope(industry="retail", data_types=("product photos",), volume=2_000_000), CV_MEGA_VOLUME),
    (scope(industry="autonomous_vehicles", data_types=("video", "lidar")), CV_MEGA_VOLUME),
    (scope(data_types=("LLM preference data",)), LLM_PREFERENCE),
    (scope(industry="llm_training", data_types=("text",)), LLM_PREFERENCE),
    (scope(industry="trust_and_safety"), MODERATION),
    (scope(data_types=("user-generated content for moderation",),
           sensitivity=("harmful_content",)), MODERATION),
    (scope(industry="retail", data_types=("product photos",), volume=20_000), BALANCED),
    (scope(), BALANCED),
    (scope(industry="retail", sensitivity=("pii", "eu_personal_data")), BALANCED),
], ids=["phi", "card-data", "finance", "insurance", "financial-data", "photos-at-2m",
        "av-lidar", "preference-data", "llm-training", "trust-and-safety", "harmful-ugc",
        "photos-at-20k", "nothing-special", "personal-data-only"])
def test_each_rule_recommends_its_profile(given: Scope, expected: str,
                                          profiles: dict[str, Profile],
                                          checklist: ChecklistCatalogue) -> None:
    assert recommend_profile(given, profiles, checklist).profile_id == expected


def test_phi_reason_names_the_data_and_the_gate(profiles, checklist) -> None:
    result = recommend_profile(scope(industry="healthcare", data_types=("medical images",),
                                     sensitivity=("phi",)), profiles, checklist)

    assert result.reasons[0].startswith("PHI in scope")
    assert "HIPAA BAA" in result.reasons[0]
    assert any(reason.startswith("Healthcare is a regulated industry") for reason in result.reasons)


def test_the_risk_of_a_wrong_answer_outweighs_volume(profiles, checklist) -> None:
    """Five million medical images: the volume speaks for CV, but PHI decides."""
    result = recommend_profile(scope(industry="healthcare", data_types=("medical images",),
                                     volume=5_000_000, sensitivity=("phi",)), profiles, checklist)

    assert result.profile_id == REGULATED
    runner_up = result.alternatives[0]
    assert runner_up.profile_id == CV_MEGA_VOLUME
    assert "'medical images' at 5,000,000 items" in runner_up.reasons[0]


def test_images_below_mega_volume_say_why_they_did_not_decide(profiles, checklist) -> None:
    result = recommend_profile(scope(data_types=("images",), volume=20_000), profiles, checklist)

    assert result.profile_id == BALANCED
    volume = result.fit(CV_MEGA_VOLUME)
    assert volume.points == 1
    assert "20,000 items is below the 1,000,000" in volume.reasons[0]


def test_ties_go_to_the_profile_that_guards_more_against_a_wrong_answer(
        profiles, checklist) -> None:
    # finance (3 points for regulated) and harmful content (3 points for moderation)
    result = recommend_profile(scope(industry="finance", sensitivity=("harmful_content",)),
                               profiles, checklist)

    assert result.profile_id == REGULATED
    assert result.alternatives[0].profile_id == MODERATION
    assert result.recommended.points == result.alternatives[0].points


def test_many_languages_tip_the_balance_only_together_with_other_signals(
        profiles, checklist) -> None:
    languages = ("English", "German", "Japanese")
    alone = recommend_profile(scope(languages=languages), profiles, checklist)
    with_ugc = recommend_profile(scope(data_types=("user-generated posts",), languages=languages),
                                 profiles, checklist)

    assert alone.profile_id == BALANCED
    assert alone.fit(MODERATION).points == 1
    assert with_ugc.profile_id == MODERATION
    assert any("3 languages" in reason for reason in with_ugc.reasons)


def test_alternatives_list_every_other_profile_once_best_fit_first(profiles, checklist) -> None:
    result = recommend_profile(scope(sensitivity=("phi",)), profiles, checklist)

    listed = [result.profile_id, *(fit.profile_id for fit in result.alternatives)]
    assert sorted(listed) == sorted(profiles)
    assert listed[1] == BALANCED  # the neutral default comes before profiles with no signal
    assert result.fit(LLM_PREFERENCE).reasons == ("Nothing in the scope points to this profile",)


def test_phi_requires_a_hipaa_baa_with_the_profile_gate_reason(profiles, checklist) -> None:
    result = recommend_profile(scope(sensitivity=("phi",)), profiles, checklist)

    hipaa = next(check for check in result.required if check.id == "hipaa_baa")
    assert hipaa.gate_criterion == "hipaa_baa"
    assert hipaa.conditions == ("phi",)
    assert hipaa.triggers == ("health data (PHI) in scope",)
    gate = next(g for g in profiles[REGULATED].gates if g.criterion == "hipaa_baa")
    assert hipaa.reason == gate.reason
    assert {"audit_trail", "workforce_screening", "data_residency"} <= set(ids(result.required))
    assert "gdpr_dpa" not in ids(result.required)


def test_eu_personal_data_requires_a_gdpr_dpa_and_privacy_certification(
        profiles, checklist) -> None:
    result = recommend_profile(scope(sensitivity=("eu_personal_data",)), profiles, checklist)
    eu = {check.id: check for check in result.required
          if "eu_personal_data" in check.conditions}

    assert {"gdpr_dpa", "iso27701", "data_residency", "breach_notification"} <= set(eu)
    assert eu["gdpr_dpa"].triggers == ("personal data of people in the EU in scope",)
    assert "hipaa_baa" not in ids(result.required)


def test_card_data_requires_pci_dss_and_soc2(profiles, checklist) -> None:
    result = recommend_profile(scope(industry="retail", sensitivity=("payment_data",)),
                               profiles, checklist)
    required = {check.id: check for check in result.required}

    assert required["pci_dss"].triggers == ("payment card data in scope",)
    assert "payment_data" in required["soc2_type2"].conditions
    assert "audit_rights" in required


def test_the_regulated_profile_gates_soc2_even_without_personal_data(
        profiles, checklist) -> None:
    finance = scope(industry="finance")
    regulated = required_checks(profiles[REGULATED], finance, checklist)
    balanced = required_checks(profiles[BALANCED], finance, checklist)

    soc2 = next(check for check in regulated if check.id == "soc2_type2")
    assert soc2.conditions == (f"profile:{REGULATED}",)
    assert soc2.triggers == ("the Regulated human-in-the-loop QA profile gates it on every "
                             "project",)
    assert "soc2_type2" not in ids(balanced)
    assert "eu_ai_act_data_governance" in ids(balanced)  # the industry requires it anyway


def test_checks_every_project_needs_come_after_the_scope_specific_ones(
        profiles, checklist) -> None:
    checks = recommend_profile(scope(sensitivity=("phi",)), profiles, checklist).required
    always = [check.always for check in checks]

    assert always == sorted(always)  # False (scope-specific) before True (every project)
    assert {"encryption", "exit_transition"} <= {c.id for c in checks if c.always}
    every = next(check for check in checks if check.id == "encryption")
    assert every.triggers == ("required on every project",)


@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_only_profiles_that_exist_are_recommended(size: int, profiles, checklist) -> None:
    scopes = [scope(sensitivity=("phi",)), scope(industry="trust_and_safety"),
              scope(data_types=("video",), volume=3_000_000), scope()]
    for subset in combinations(sorted(profiles), size):
        available = {pid: profiles[pid] for pid in subset}
        for given in scopes:
            result = recommend_profile(given, available, checklist)
            listed = {result.profile_id, *(fit.profile_id for fit in result.alternatives)}
            assert listed == set(subset)


def test_without_the_regulated_profile_phi_falls_back_to_balanced_and_keeps_the_gates(
        profiles, checklist) -> None:
    available = {pid: p for pid, p in profiles.items() if pid != REGULATED}

    result = recommend_profile(scope(sensitivity=("phi",)), available, checklist)

    assert result.profile_id == BALANCED
    assert "hipaa_baa" in ids(result.required)


def test_a_profile_no_rule_knows_is_offered_last(profiles, checklist) -> None:
    custom = profiles[BALANCED].model_copy(update={"id": "our_own", "name": "Our own"})

    result = recommend_profile(scope(), {**profiles, "our_own": custom}, checklist)

    assert result.alternatives[-1].profile_id == "our_own"
    assert result.alternatives[-1].reasons[0].startswith("No rule links a scope")


def test_no_profiles_at_all_is_an_input_error(checklist) -> None:
    with pytest.raises(InputError) as refused:
        recommend_profile(scope(), {}, checklist)
    assert refused.value.column == "profile"


def test_asking_for_an_unknown_profile_names_the_known_ones(profiles, checklist) -> None:
    result = recommend_profile(scope(), profiles, checklist)

    with pytest.raises(InputError, match="known profiles: balanced, content_moderation"):
        result.fit("nosuch")


def test_a_recommendation_round_trips_through_json(profiles, checklist) -> None:
    result = recommend_profile(scope(industry="healthcare", sensitivity=("phi", "pii")),
                               profiles, checklist)

    assert Recommendation.model_validate_json(result.model_dump_json()) == result
