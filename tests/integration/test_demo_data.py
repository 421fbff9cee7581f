"""The demo evaluation tells the story it is meant to tell.

data/demo/demo.yaml is a fictional US health insurer choosing a vendor for human review of
AI-extracted claims fields (PHI and PII in scope). These tests pin what the demo is for: the
boutique HITL firm wins under the project's regulated profile, cheaper vendors win when price
matters more, the crowd platform without a BAA is disqualified, one vendor has unscored
criteria, and evaluators disagree on a handful of cells. Every vendor has a finding on every
risk and compliance checklist item; the items this scope requires are met by all but the crowd
platform's BAA, and the few gaps on recommended items feed the risk adjustment. The numbers
quoted in the comment block at the top of demo.yaml are checked here too, so the file cannot
drift from the engine.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date

import pytest

from vendor_eval.config import DEMO_DIR
from vendor_eval.domain.checklist import ChecklistStatus
from vendor_eval.domain.enums import CriterionKind, DeliveryModel, MissingPolicy, PricingModel
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.domain.presentation import flag_texts
from vendor_eval.domain.profiles import load_shipped_profiles
from vendor_eval.engine.checklist import required_item_ids
from vendor_eval.engine.cost import total_cost
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.gates import applicable_gates
from vendor_eval.engine.result import RankResult
from vendor_eval.services.decision.ranking import load_evaluation, rank_project
from vendor_eval.services.kernel.catalogue import get_catalogue
from vendor_eval.store.unit_of_work import UnitOfWork

PROJECT = "demo"
OWN_PROFILE = "regulated_hitl_qa"
PROFILE_IDS = ("balanced", "content_moderation", "cv_mega_volume", "llm_preference_rlhf",
               "regulated_hitl_qa")
# The vendor whose two unscored criteria demonstrate the missing-data flag.
PARTLY_SCORED = "Tessellate Annotation Cloud"
UNSCORED = {"ai_act_data_governance", "drift_support"}
# Documented in the header of demo.yaml; update both together.
FLIP_POINT = 27
FLIP_WINNER = "Harborline Business Services"
# Reviews checklist evidence besides the three evaluators; scores nothing.
SECURITY_REVIEWER = "Grant Holloway"
# Certificates in the demo expire in this window, well after the day the demo was written
# (2026-11-23), so no renewal flag and no lapse changes the pinned results before 2027-04.
CERTIFICATES_FROM, CERTIFICATES_TO = date(2027, 6, 1), date(2028, 12, 31)
WRITTEN_ON = date(2026, 11, 23)
REAL_VENDORS = ("appen", "scale", "taskus", "cloudfactory", "genpact", "cognizant", "rws",
                "neowork", "ardem", "helpware", "boldr", "actigy", "hugo", "labelbox", "sama",
                "telus", "isahit", "imerit", "toloka")


# ---------------------------------------------------------------- helpers

def inputs(uow: UnitOfWork) -> EvaluationInputs:
    return load_evaluation(uow, LOCAL_ADMIN, PROJECT)


def rank(uow: UnitOfWork, profile_id: str | None = None) -> RankResult:
    return rank_project(uow, LOCAL_ADMIN, PROJECT, profile_id)


def by_vendor(result: RankResult):
    return result.table.set_index("vendor")


def vendor_of_kind(evaluation: EvaluationInputs, kind: DeliveryModel) -> str:
    names = [v.name for v in evaluation.vendors if v.delivery_model is kind]
    assert len(names) == 1, f"expected exactly one {kind.value} vendor, found {names}"
    return names[0]


def costs(evaluation: EvaluationInputs) -> dict[str, float]:
    volume = evaluation.project.scope.volume
    return {q.vendor: total_cost(q, volume) for q in evaluation.prices}


def with_category_weights(evaluation: EvaluationInputs, weights: dict[str, float]) -> RankResult:
    return evaluate(evaluation.with_profile(evaluation.profile.with_category_weights(weights)))


def commercials_at(evaluation: EvaluationInputs, commercials: int) -> dict[str, float]:
    """The profile's category weights with commercials set to c and the rest rescaled alike."""
    base = {k: c.weight for k, c in evaluation.profile.categories.items()}
    rest = 100 - base["commercials"]
    return {k: commercials if k == "commercials" else w * (100 - commercials) / rest
            for k, w in base.items()}


def weighted_scored_criteria() -> set[str]:
    catalogue = get_catalogue()
    return {
        criterion_id
        for profile in load_shipped_profiles(catalogue)
        for category in profile.categories.values()
        for criterion_id in category.criteria
        if catalogue.by_id[criterion_id].kind is CriterionKind.SCORED
    }


def required_items(evaluation: EvaluationInputs) -> set[str]:
    """Checklist items the demo's scope requires under any of the five shipped profiles."""
    scope = evaluation.project.scope
    return set().union(*(
        required_item_ids(evaluation.checklist, scope,
                          [g.criterion for g in applicable_gates(profile.gates, scope)])
        for profile in load_shipped_profiles(get_catalogue())))


def findings(evaluation: EvaluationInputs) -> dict[str, set[str]]:
    """Per vendor, the items not required here that it meets only partly or not at all."""
    required = required_items(evaluation)
    gaps = {ChecklistStatus.PARTLY, ChecklistStatus.NOT_MET}
    out: dict[str, set[str]] = {v: set() for v in evaluation.vendor_names}
    for a in evaluation.assessments:
        if a.item_id not in required and a.status in gaps:
            out[a.vendor].add(a.item_id)
    return out


def lead(result: RankResult) -> float:
    qualified = result.table[result.table["qualified"]]
    return float(qualified.iloc[0]["score"] - qualified.iloc[1]["score"])


# ---------------------------------------------------------------- the cast

def test_eight_vendors_of_all_five_delivery_models(demo_uow):
    evaluation = inputs(demo_uow)
    kinds = Counter(v.delivery_model for v in evaluation.vendors)
    assert len(evaluation.vendors) == 8
    assert set(kinds) == set(DeliveryModel)
    assert kinds[DeliveryModel.BOUTIQUE_HITL] == 1 and kinds[DeliveryModel.CROWD_PLATFORM] == 1
    assert all(v.headquarters and v.description for v in evaluation.vendors)


def test_vendor_names_are_fictional_and_one_is_long_enough_to_stress_layouts(demo_uow):
    names = [v.name for v in inputs(demo_uow).vendors]
    for name in names:
        words = set(re.findall(r"[a-z]+", name.lower()))
        assert not words & set(REAL_VENDORS), f"{name} looks like a real company"
    assert max(len(n) for n in names) >= 40


def test_project_is_the_claims_document_review_with_phi_and_pii(demo_uow):
    project = inputs(demo_uow).project
    assert project.profile_id == OWN_PROFILE
    assert project.scope.industry.value == "healthcare"
    assert project.scope.volume == 120_000 and project.scope.unit == "document"
    assert set(project.scope.languages) == {"en", "es"}
    assert {s.value for s in project.scope.sensitivity} == {"phi", "pii"}


def test_three_evaluators_score_every_vendor_on_every_criterion_any_profile_weights(demo_uow):
    evaluation = inputs(demo_uow)
    evaluators = {s.evaluator for s in evaluation.scores}
    assert len(evaluators) == 3
    given = {(s.vendor, s.criterion_id, s.evaluator) for s in evaluation.scores}
    assert all(0 <= s.score <= 5 and s.score == int(s.score) for s in evaluation.scores)
    missing = {
        (vendor.name, criterion_id)
        for vendor in evaluation.vendors
        for criterion_id in weighted_scored_criteria()
        for evaluator in evaluators
        if (vendor.name, criterion_id, evaluator) not in given
    }
    assert missing == {(PARTLY_SCORED, c) for c in UNSCORED}


def test_evaluators_disagree_by_two_points_on_a_handful_of_cells(demo_uow):
    cells: dict[tuple[str, str], list[float]] = {}
    for s in inputs(demo_uow).scores:
        cells.setdefault((s.vendor, s.criterion_id), []).append(s.score)
    spreads = [max(v) - min(v) for v in cells.values()]
    wide = sum(1 for s in spreads if s >= 2)
    assert 6 <= wide <= 10
    assert sum(1 for s in spreads if s <= 1) / len(spreads) > 0.95


def test_each_vendor_has_a_few_evaluator_comments(demo_uow):
    comments = Counter(s.vendor for s in inputs(demo_uow).scores if s.comment.strip())
    evaluation = inputs(demo_uow)
    assert all(2 <= comments[v.name] <= 4 for v in evaluation.vendors), comments


def test_every_vendor_has_pilot_measurements_within_plausible_ranges(demo_uow):
    evaluation = inputs(demo_uow)
    measured = {(m.vendor, m.criterion_id): m for m in evaluation.measured}
    wanted = ("pilot_accuracy", "pilot_agreement", "pilot_turnaround_hours", "pilot_rework_rate",
              "pilot_throughput", "ramp_up_weeks")
    for vendor in evaluation.vendor_names:
        assert all((vendor, c) in measured for c in wanted), vendor
        accuracy = measured[(vendor, "pilot_accuracy")]
        assert 0.88 <= accuracy.value <= 0.985 and accuracy.sample_size == 400


def test_quotes_use_all_four_pricing_models_and_cost_150k_to_700k(demo_uow):
    evaluation = inputs(demo_uow)
    assert {q.model for q in evaluation.prices} == set(PricingModel)
    totals = costs(evaluation)
    assert set(totals) == set(evaluation.vendor_names)
    assert all(150_000 <= t <= 700_000 for t in totals.values()), totals


def test_every_vendor_has_a_reviewed_finding_on_every_checklist_item(demo_uow):
    evaluation = inputs(demo_uow)
    found = Counter((a.vendor, a.item_id) for a in evaluation.assessments)
    wanted = {(v, item.id) for v in evaluation.vendor_names for item in evaluation.checklist.items}
    assert len(evaluation.checklist.items) == 35
    assert set(found) == wanted and set(found.values()) == {1}
    reviewers = {s.evaluator for s in evaluation.scores} | {SECURITY_REVIEWER}
    for a in evaluation.assessments:
        assert a.evidence.strip() and a.reviewer in reviewers, (a.vendor, a.item_id)


def test_certificates_carry_expiry_dates_well_ahead(demo_uow):
    evaluation = inputs(demo_uow)
    items = evaluation.checklist.by_id
    moved = evaluation.as_of - WRITTEN_ON  # the loader keeps the demo's dates fresh
    for a in evaluation.assessments:
        if a.expires_on is not None:
            assert items[a.item_id].certificate, (a.vendor, a.item_id)
            assert CERTIFICATES_FROM + moved <= a.expires_on <= CERTIFICATES_TO + moved, \
                (a.vendor, a.item_id)
            assert a.file_reference, (a.vendor, a.item_id)
        elif items[a.item_id].certificate:
            assert a.status is not ChecklistStatus.MET, (a.vendor, a.item_id)
    # Judged on the day it is loaded, nothing is flagged for renewal.
    result = evaluate(evaluation)
    assert not any(result.checklist.expiry_flags.values())


def test_demo_dates_move_with_the_load_day():
    from vendor_eval.services.project.demo import demo_bundle

    today = demo_bundle(loaded_on=WRITTEN_ON)
    later = demo_bundle(loaded_on=date(2029, 3, 1))
    shift = date(2029, 3, 1) - WRITTEN_ON
    pairs = zip(today.assessments, later.assessments, strict=True)
    assert all((b.expires_on - a.expires_on) == shift for a, b in pairs if a.expires_on)


def test_required_items_are_met_by_all_but_the_crowd_platforms_baa(demo_uow):
    evaluation = inputs(demo_uow)
    crowd = vendor_of_kind(evaluation, DeliveryModel.CROWD_PLATFORM)
    required = required_items(evaluation)
    assert {"soc2_type2", "hipaa_baa", "encryption", "in_tool_data_handling"} <= required
    unmet = {(a.vendor, a.item_id) for a in evaluation.assessments
             if a.item_id in required and a.status is not ChecklistStatus.MET}
    assert unmet == {(crowd, "hipaa_baa")}
    for profile_id in PROFILE_IDS:
        result = rank(demo_uow, profile_id)
        assert set(result.parameters["required_checklist_items"]) <= required, profile_id
        assert "hipaa_baa" in result.parameters["required_checklist_items"], profile_id
        failed = {v for v, reasons in result.checklist.gate_failures.items() if reasons}
        assert failed == {crowd}, profile_id


def test_gaps_on_recommended_items_are_few_and_the_boutique_has_at_most_one(demo_uow):
    evaluation = inputs(demo_uow)
    boutique = vendor_of_kind(evaluation, DeliveryModel.BOUTIQUE_HITL)
    gaps = findings(evaluation)
    assert all(len(items) <= 3 for items in gaps.values()), gaps
    assert len(gaps[boutique]) <= 1
    assert sum(1 for items in gaps.values() if items) >= 6
    statuses = Counter(a.status for a in evaluation.assessments)
    assert statuses[ChecklistStatus.NOT_APPLICABLE] >= 8


def test_gaps_on_recommended_items_become_risk_entries_and_raise_the_adjustment(demo_uow):
    evaluation = inputs(demo_uow)
    gaps = findings(evaluation)
    result = evaluate(evaluation)
    register = result.checklist.register
    assert all(r.title.startswith("Checklist: ") for r in register)
    titles = {item.id: item.title for item in evaluation.checklist.items}
    expected = {
        (a.vendor, f"Checklist: {titles[a.item_id]} "
                   f"{'only partly met' if a.status is ChecklistStatus.PARTLY else 'not met'}")
        for a in evaluation.assessments if a.item_id in gaps[a.vendor]}
    assert sorted((r.vendor, r.title) for r in register) == sorted(expected)

    # Without the checklist's risk entries every vendor with a gap would lose less.
    met = tuple(a.model_copy(update={"status": ChecklistStatus.MET})
                if a.item_id in gaps[a.vendor] else a for a in evaluation.assessments)
    without = by_vendor(evaluate(evaluation.model_copy(update={"assessments": met})))
    with_gaps = by_vendor(result)
    for vendor, items in gaps.items():
        if items:
            assert with_gaps.loc[vendor, "risk_penalty"] > without.loc[vendor, "risk_penalty"]
        else:
            assert with_gaps.loc[vendor, "risk_penalty"] == without.loc[vendor, "risk_penalty"]


def test_every_vendor_carries_one_to_three_risks(demo_uow):
    evaluation = inputs(demo_uow)
    per_vendor = Counter(r.vendor for r in evaluation.risks)
    assert all(1 <= per_vendor[v] <= 3 for v in evaluation.vendor_names), per_vendor
    assert all(r.mitigation and r.owner for r in evaluation.risks)


def test_about_half_the_risks_have_an_assessed_residual_below_the_inherent_one(demo_uow):
    risks = inputs(demo_uow).risks
    assessed = [r for r in risks if r.residual_likelihood is not None]
    assert all(r.residual_impact is not None for r in assessed)
    assert 0.35 <= len(assessed) / len(risks) <= 0.65
    assert all(r.residual_severity < r.severity for r in assessed)


# ---------------------------------------------------------------- rankings

def test_boutique_firm_leads_under_the_projects_regulated_profile(demo_uow):
    boutique = vendor_of_kind(inputs(demo_uow), DeliveryModel.BOUTIQUE_HITL)
    result = rank(demo_uow)
    assert result.profile_id == OWN_PROFILE
    assert result.top_vendor == boutique
    assert 2.0 <= lead(result) <= 6.0


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_no_two_vendors_tie(demo_uow, profile_id):
    ranks = rank(demo_uow, profile_id).table["rank"].tolist()
    assert ranks == list(range(1, 9))


def test_a_cheap_volume_vendor_leads_under_cv_mega_volume(demo_uow):
    evaluation = inputs(demo_uow)
    result = rank(demo_uow, "cv_mega_volume")
    top = result.top_vendor
    kinds = {v.name: v.delivery_model for v in evaluation.vendors}
    assert top != rank(demo_uow).top_vendor
    assert kinds[top] in {DeliveryModel.MANAGED_TEAM, DeliveryModel.PLATFORM_PLUS_WORKFORCE}
    qualified = by_vendor(result)["qualified"]
    cheapest_qualified = sorted((c, v) for v, c in costs(evaluation).items() if qualified[v])
    assert top in {v for _, v in cheapest_qualified[:2]}


def test_at_least_three_different_vendors_lead_across_the_five_profiles(demo_uow):
    leaders = {rank(demo_uow, p).top_vendor for p in PROFILE_IDS}
    assert len(leaders) >= 3


def test_raising_commercials_weight_hands_first_place_to_a_cheaper_vendor(demo_uow):
    evaluation = inputs(demo_uow)
    boutique = vendor_of_kind(evaluation, DeliveryModel.BOUTIQUE_HITL)
    assert evaluate(evaluation).top_vendor == boutique
    weights = {k: c.weight for k, c in evaluation.profile.categories.items()}
    weights.update(commercials=40, quality_system=10, compliance_security=5)
    result = with_category_weights(evaluation, weights)
    winner = result.top_vendor
    assert winner not in (None, boutique)
    assert bool(by_vendor(result).loc[winner, "qualified"])
    assert costs(evaluation)[winner] < costs(evaluation)[boutique]


def test_first_place_changes_at_the_documented_commercials_weight(demo_uow):
    evaluation = inputs(demo_uow)
    boutique = vendor_of_kind(evaluation, DeliveryModel.BOUTIQUE_HITL)
    base = int(evaluation.profile.categories["commercials"].weight)
    flip = next(c for c in range(base, 101)
                if with_category_weights(evaluation, commercials_at(evaluation, c)).top_vendor
                != boutique)
    assert 20 <= flip <= 45
    assert flip == FLIP_POINT, "update FLIP_POINT here and the header of demo.yaml together"
    winner = with_category_weights(evaluation, commercials_at(evaluation, flip)).top_vendor
    assert winner == FLIP_WINNER
    assert costs(evaluation)[winner] < costs(evaluation)[boutique]


# ---------------------------------------------------------------- gates, gaps and risk

def test_crowd_platform_without_baa_is_disqualified_with_reason(demo_uow):
    crowd = vendor_of_kind(inputs(demo_uow), DeliveryModel.CROWD_PLATFORM)
    result = rank(demo_uow)
    row = by_vendor(result).loc[crowd]
    assert not row["qualified"]
    assert row["rank"] == 8
    [reason] = row["gate_failures"]
    assert "BAA" in reason and "business associate agreement" in reason
    record = next(r for r in result.to_records() if r["vendor"] == crowd)
    assert record["gate_status"] == "fail"


def test_crowd_platform_would_be_competitive_but_for_the_baa(demo_uow):
    crowd = vendor_of_kind(inputs(demo_uow), DeliveryModel.CROWD_PLATFORM)
    volume = by_vendor(rank(demo_uow, "cv_mega_volume"))
    qualified_scores = volume[volume["qualified"]]["score"]
    assert not volume.loc[crowd, "qualified"]
    assert volume.loc[crowd, "score"] > qualified_scores.median()


def test_phi_in_scope_disqualifies_the_crowd_platform_under_every_profile(demo_uow):
    crowd = vendor_of_kind(inputs(demo_uow), DeliveryModel.CROWD_PLATFORM)
    for profile_id in PROFILE_IDS:
        result = rank(demo_uow, profile_id)
        assert "hipaa_baa" in result.parameters["gates"], profile_id
        assert not by_vendor(result).loc[crowd, "qualified"], profile_id


def test_a_vendor_not_scored_where_others_were_counts_zero_there_and_is_flagged(demo_uow):
    evaluation = inputs(demo_uow)
    result = evaluate(evaluation)
    flags = flag_texts(by_vendor(result).loc[PARTLY_SCORED, "flags"])
    assert any(f.startswith("missing 2 inputs, counted as zero") for f in flags)
    others = [f for v, fs in zip(result.table["vendor"], result.table["flags"])
              if v != PARTLY_SCORED for f in flag_texts(fs)]
    assert not any(f.startswith("missing") for f in others)

    mine = result.contributions[result.contributions["vendor"] == PARTLY_SCORED]
    gaps = mine[mine["criterion_id"].isin(UNSCORED)]
    assert gaps["utility"].isna().all() and (gaps["weight"] > 0).all()  # weighed, as 0
    assert (gaps["points"] == 0).all()
    assert math.isclose(mine["weight"].sum(), 1.0)
    by_category = mine.groupby("category")["weight"].sum()
    for category, share in evaluation.profile.category_weights().items():
        assert math.isclose(by_category[category], share), category

    zeroed = evaluate(evaluation.with_profile(
        evaluation.profile.model_copy(update={"missing_scores": MissingPolicy.ZERO})))
    # The other vendors were scored on both criteria, so the policies agree: no gain from a gap.
    assert math.isclose(by_vendor(result).loc[PARTLY_SCORED, "raw_score"],
                        by_vendor(zeroed).loc[PARTLY_SCORED, "raw_score"])


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_risk_adjustment_stays_between_zero_and_twelve_percent(demo_uow, profile_id):
    penalties = rank(demo_uow, profile_id).table["risk_penalty"]
    assert ((penalties > 0) & (penalties <= 0.12)).all(), penalties.tolist()


# ---------------------------------------------------------------- the file's own comments

def test_header_comment_quotes_the_engines_numbers(demo_uow):
    header = "\n".join(
        line for line in (DEMO_DIR / "demo.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("#"))
    for profile_id in PROFILE_IDS:
        result = rank(demo_uow, profile_id)
        top = by_vendor(result).loc[result.top_vendor]
        assert re.search(rf"{profile_id}\s+{top['score']:.1f}\s+{re.escape(result.top_vendor)}",
                         header), profile_id
    assert f"up to c = {FLIP_POINT - 1}; from c = {FLIP_POINT}" in header
    assert FLIP_WINNER in header
    gap_lines = header[header.index('"Checklist: ..." risk entries'):].splitlines()
    for vendor, items in findings(inputs(demo_uow)).items():
        line = next(ln for ln in gap_lines if ln.startswith(f"#   {vendor}: "))
        assert set(re.findall(r"([a-z0-9_]+) \(", line)) == items, vendor
