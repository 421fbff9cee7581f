"""Scope drives requirements; unmet required items disqualify; the rest become risks."""

from __future__ import annotations

from datetime import date

import pytest

from vendor_eval.domain.checklist import ChecklistAssessment, ChecklistCatalogue
from vendor_eval.domain.project import Scope
from vendor_eval.engine.checklist import evaluate_checklist, required_item_ids

TODAY = date(2026, 11, 23)

CHECKLIST = ChecklistCatalogue.model_validate({
    "version": "test",
    "items": [
        {"id": "hipaa_baa", "section": "compliance_security", "title": "HIPAA BAA",
         "evidence": "signed BAA", "guards_against": "PHI exposure", "likelihood": 4,
         "impact": 5, "mitigation": "sign a BAA", "required_when": ["phi"],
         "gate_criterion": "hipaa_baa"},
        {"id": "soc2", "section": "compliance_security", "title": "SOC 2 Type II",
         "evidence": "report", "guards_against": "weak controls", "likelihood": 3, "impact": 4,
         "mitigation": "share the report", "required_when": ["pii"], "gate_criterion": "soc2_type2",
         "certificate": True},
        {"id": "exit", "section": "contract", "title": "Exit support", "evidence": "clause",
         "guards_against": "lock-in", "likelihood": 3, "impact": 4, "mitigation": "add a clause",
         "required_when": []},
        {"id": "encryption", "section": "compliance_security", "title": "Encryption",
         "evidence": "policy", "guards_against": "breach", "likelihood": 3, "impact": 5,
         "mitigation": "encrypt", "required_when": ["always"]},
    ],
})


def scope(*sensitivity: str) -> Scope:
    return Scope(industry="healthcare", volume=100, sensitivity=frozenset(sensitivity))


def assessed(vendor: str, item: str, status: str, **extra) -> ChecklistAssessment:
    return ChecklistAssessment(vendor=vendor, item_id=item, status=status, **extra)


def outcome(the_scope: Scope, *assessments: ChecklistAssessment, gates=()):
    return evaluate_checklist(CHECKLIST, the_scope, ["V"], assessments, TODAY, gates)


def test_phi_in_scope_requires_hipaa_with_a_baa():
    assert "hipaa_baa" in required_item_ids(CHECKLIST, scope("phi"))
    assert "hipaa_baa" not in required_item_ids(CHECKLIST, scope())


def test_always_required_items_apply_to_every_project():
    assert "encryption" in required_item_ids(CHECKLIST, scope())


def test_a_profile_gate_makes_its_linked_item_required():
    assert "soc2" in required_item_ids(CHECKLIST, scope(), gate_criteria=["soc2_type2"])


def test_vendor_without_baa_is_disqualified_with_that_reason_when_phi_is_in_scope():
    result = outcome(scope("phi"), assessed("V", "hipaa_baa", "not_met", evidence="refused"),
                     assessed("V", "encryption", "met"))
    assert result.gate_failures["V"] == ["HIPAA BAA: not met - refused (PHI exposure)"]


def test_the_same_vendor_passes_a_project_without_phi_but_carries_the_risk():
    result = outcome(scope(), assessed("V", "hipaa_baa", "not_met"),
                     assessed("V", "encryption", "met"))
    assert result.gate_failures["V"] == []
    [entry] = result.register
    assert entry.title == "Checklist: HIPAA BAA not met"
    assert (entry.likelihood, entry.impact, entry.mitigation) == (4, 5, "sign a BAA")


def test_partly_met_required_item_still_fails_the_gate():
    result = outcome(scope("phi"), assessed("V", "hipaa_baa", "partly"),
                     assessed("V", "encryption", "met"))
    assert "only partly met" in result.gate_failures["V"][0]


def test_partly_met_optional_item_is_a_slightly_less_likely_risk():
    result = outcome(scope(), assessed("V", "exit", "partly"), assessed("V", "encryption", "met"))
    assert [(r.likelihood, r.impact) for r in result.register] == [(2, 4)]


def test_unassessed_required_item_fails_and_says_so():
    result = outcome(scope())
    assert result.gate_failures["V"] == ["Encryption: not assessed (breach)"]


def test_not_applicable_is_refused_for_an_item_the_scope_requires():
    result = outcome(scope("phi"), assessed("V", "hipaa_baa", "not_applicable"),
                     assessed("V", "encryption", "met"))
    assert "scope requires it" in result.gate_failures["V"][0]


@pytest.mark.parametrize(
    ("expires_on", "passes", "flag"),
    [
        (date(2026, 11, 1), False, "expired on 2026-11-01"),
        (date(2027, 1, 10), True, "expires on 2027-01-10 (in 48 days)"),
        (date(2028, 1, 1), True, ""),
        (None, True, "no expiry date recorded"),
    ],
)
def test_certificate_expiry_is_judged_on_the_assessment_date(expires_on, passes, flag):
    result = outcome(scope("pii"), assessed("V", "soc2", "met", expires_on=expires_on),
                     assessed("V", "encryption", "met"))
    assert (result.gate_failures["V"] == []) is passes
    row = result.rows.set_index("item_id").loc["soc2"]
    assert flag in row["flag"]
    if not passes:
        assert "certificate expired on 2026-11-01" in result.gate_failures["V"][0]


def test_coverage_matrix_shows_required_items_per_vendor():
    result = evaluate_checklist(
        CHECKLIST, scope("phi"), ["V", "W"],
        [assessed("V", "hipaa_baa", "met"), assessed("V", "encryption", "met"),
         assessed("W", "encryption", "partly")], TODAY)
    coverage = result.coverage()
    assert coverage.loc["V", "HIPAA BAA"] == "met"
    assert coverage.loc["W", "HIPAA BAA"] == "not assessed"
    assert coverage.loc["W", "Encryption"] == "partly"


def test_unknown_condition_in_the_catalogue_is_refused():
    with pytest.raises(ValueError, match="unknown condition"):
        ChecklistCatalogue.model_validate({"version": "x", "items": [{
            "id": "a", "section": "contract", "title": "A", "evidence": "e",
            "guards_against": "g", "likelihood": 1, "impact": 1, "mitigation": "m",
            "required_when": ["telepathy"]}]})
