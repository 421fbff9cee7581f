"""The RFP's context from a small project: the selected questions, numbered by bank section;
only the chosen chapters; the security items the scope requires and why; the service levels
and pilot bar taken from the profile's thresholds; the weights the evaluation will use."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.unit.worlds import CATALOGUE, CHECKLIST, profile, world
from vendor_eval.documents.rfp.context import rfp_context, suggested_pilot_items
from vendor_eval.domain.checklist import ChecklistCatalogue
from vendor_eval.domain.enums import PricingModel
from vendor_eval.domain.questions import QuestionBank
from vendor_eval.domain.rfp import RfpOptions, RfpSection

BANK = QuestionBank.model_validate({
    "version": "bank-test",
    "sections": [{"id": "scope", "title": "Scope"}, {"id": "quality", "title": "Quality"},
                 {"id": "security", "title": "Security", "description": "How data is kept"}],
    "themes": [{"id": "review", "title": "Review"}, {"id": "baa", "title": "BAA"}],
    "questions": [
        {"id": "scope_fit", "section": "scope", "theme": "review", "text": "What fits?",
         "answer": "text", "criteria": ["review"]},
        {"id": "review_stages", "section": "quality", "theme": "review",
         "text": "How many review stages?", "answer": "number", "minimum": 1, "maximum": 5,
         "whole": True, "required": True, "criteria": ["review"]},
        {"id": "escalation_path", "section": "quality", "theme": "review",
         "text": "How are disputes escalated?", "answer": "text", "criteria": ["escalation"]},
        {"id": "sign_baa", "section": "security", "theme": "baa", "text": "Will you sign a BAA?",
         "answer": "yes_no", "required": True, "checklist_items": ["baa"]},
    ],
})
CHECKLIST_WITH_CONTRACT = ChecklistCatalogue.model_validate({
    "version": "test",
    "items": [*CHECKLIST.model_dump()["items"], {
        "id": "exit", "section": "contract", "title": "Exit plan",
        "evidence": "handover in 30 days",
        "guards_against": "lock-in", "likelihood": 3, "impact": 3, "mitigation": "ask"}],
})
ISSUED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def build(options: RfpOptions | None = None, question_ids: tuple[str, ...] = (
        "scope_fit", "review_stages", "sign_baa"), volume: int | None = None) -> dict:
    options = options or RfpOptions()
    project = world().project
    if volume is not None:
        project = project.model_copy(update={"scope": project.scope.model_copy(
            update={"volume": volume})})
    questions = BANK.ordered(list(question_ids))
    return rfp_context(project, profile(), CATALOGUE, CHECKLIST_WITH_CONTRACT, BANK, options,
                       options.timeline(date(2026, 12, 1)), questions, reference="ref123",
                       issued_at=ISSUED, vendor="A")


def test_the_selected_questions_are_listed_numbered_by_their_bank_section() -> None:
    groups = build(question_ids=("sign_baa", "scope_fit", "review_stages"))["questions"]
    assert [(g["number"], g["title"]) for g in groups] == [(1, "Scope"), (2, "Quality"),
                                                           (3, "Security")]
    assert [(q["number"], q["id"]) for g in groups for q in g["questions"]] == [
        ("1.1", "scope_fit"), ("2.1", "review_stages"), ("3.1", "sign_baa")]
    stages = groups[1]["questions"][0]
    assert (stages["rule"], stages["required"]) == ("a whole number from 1 to 5", True)


def test_questions_not_selected_are_not_asked_and_empty_sections_are_left_out() -> None:
    context = build(question_ids=("escalation_path", "sign_baa"))
    groups = context["questions"]
    assert [g["title"] for g in groups] == ["Quality", "Security"]
    asked = [q["id"] for g in groups for q in g["questions"]]
    assert asked == ["escalation_path", "sign_baa"]
    assert groups[0]["number"] == 2, "a section keeps its bank number"
    assert context["submission"] == {"workbook": True, "questions": 2, "required": 1}


def test_only_the_chosen_chapters_are_included_in_document_order() -> None:
    options = RfpOptions(sections=(RfpSection.QUESTIONS, RfpSection.BACKGROUND))
    context = build(options)
    assert [c["id"] for c in context["contents"]] == ["background", "questions"]
    assert {k for k, v in context["include"].items() if v} == {"background", "questions"}
    assert context["issue"] == {"reference": "ref123", "bank_version": "bank-test",
                                "issued_on": "2026-12-01", "vendor": "A", "contact": ""}


def test_phi_in_scope_makes_the_baa_a_pass_fail_requirement_and_says_why() -> None:
    context = build()
    security = context["security"]
    assert [d["data"] for d in security["drivers"]] == ["Protected health information (PHI)"]
    assert security["required"] == [{"title": "BAA", "evidence": "signed BAA", "pass_fail": True,
                                     "why": "the evaluation makes it pass/fail"}]
    assert security["recommended"] == []
    assert context["contract"] == [{"title": "Exit plan", "terms": "handover in 30 days",
                                    "required": False}]


def test_without_phi_the_baa_is_only_recommended() -> None:
    project = world(sensitivity=frozenset()).project
    options = RfpOptions()
    context = rfp_context(project, profile(), CATALOGUE, CHECKLIST_WITH_CONTRACT, BANK, options,
                          options.timeline(date(2026, 12, 1)), [], reference="r",
                          issued_at=ISSUED, vendor=None)
    assert context["security"]["required"] == []
    assert context["security"]["recommended"] == ["BAA"]
    assert context["evaluation"]["gates"] == []
    assert context["submission"]["questions"] == 0


def test_service_levels_and_the_pilot_bar_come_from_the_profile_thresholds() -> None:
    context = build()
    assert context["slas"]["rows"] == [{"measure": "Accuracy", "description": "d",
                                        "minimum": "90%", "target": "100%"}]
    pilot = context["pilot"]
    assert (pilot["weight"], pilot["days"]) == ("30%", 14)
    assert pilot["measures"] == [{"name": "Accuracy", "share": "100%",
                                  "bar": "90% scores nothing, 100% full marks"}]


def test_the_evaluation_chapter_shows_category_and_criterion_weights_heaviest_first() -> None:
    evaluation = build()["evaluation"]
    assert [(c["name"], c["weight"]) for c in evaluation["categories"]] == [
        ("Quality", "50%"), ("Pilot", "30%"), ("Money", "20%")]
    assert [(c["name"], c["weight"]) for c in evaluation["categories"][0]["criteria"]] == [
        ("Review", "30%"), ("Escalation", "20%")]
    assert evaluation["criteria_count"] == "4 criteria"
    assert evaluation["gates"] == [{"name": "BAA", "reason": "PHI needs a BAA"}]
    assert evaluation["risk_cap"] == "20%"


def test_the_timeline_runs_from_issue_to_decision_with_a_fourteen_day_pilot() -> None:
    context = build()
    assert [step["date"] for step in context["timeline"]] == [
        "2026-12-01", "2026-12-11", "2026-12-22", "2027-01-05 to 2027-01-19", "2027-02-02"]
    assert context["dates"]["pilot"] == "2027-01-05 to 2027-01-19"


def test_pricing_asks_only_for_the_chosen_models_and_no_workbook_without_anything_to_fill(
        ) -> None:
    options = RfpOptions(pricing_models=(PricingModel.FIXED_PRICE, PricingModel.PER_UNIT))
    models = build(options)["pricing"]["models"]
    assert [m["title"] for m in models] == ["Per unit", "Fixed price"]
    assert models[0]["ask"] == "A price per item, reviewed and delivered."
    assert "Price per item" in models[0]["fields"]
    bare = build(RfpOptions(pricing_models=()), question_ids=())
    assert bare["pricing"]["models"] == [] and bare["submission"]["workbook"] is False


@pytest.mark.parametrize(("volume", "items"), [
    (1_000, 200), (100_000, 500), (130_000, 650), (1_000_000, 1000)])
def test_the_suggested_pilot_is_half_a_percent_rounded_to_50_within_200_to_1000(
        volume: int, items: int) -> None:
    assert suggested_pilot_items(volume) == items
    assert build(volume=volume)["pilot"]["size"] == f"{items:,}"
