"""The per-vendor and evidence sections: each shortlisted vendor gets a section with a safe,
unique anchor, its heaviest-weighted comments as excerpts and its compliance gaps; the pilot
section shows accuracy with intervals against the profile's threshold."""

from __future__ import annotations

from datetime import date

from tests.unit.documents.small import changed, context, evidence, renamed
from tests.unit.worlds import CHECKLIST, world
from vendor_eval.documents.shortlist.options import ReportOptions, Section
from vendor_eval.documents.shortlist.sections import risk_row
from vendor_eval.domain.checklist import ChecklistAssessment, ChecklistCatalogue
from vendor_eval.domain.evidence import RiskItem

VENDORS_ONLY = ReportOptions(sections=(Section.VENDORS,), top_k=2)


def test_only_shortlisted_vendors_get_a_section_in_rank_order_with_ascii_anchors() -> None:
    report = evidence(renamed(world(), {"A": "Ärzte & Söhne GmbH", "C": "???"}))
    sections = context(report, VENDORS_ONLY)["shortlist"]
    assert [(s["name"], s["rank"], s["anchor"]) for s in sections] == [
        ("Ärzte & Söhne GmbH", 1, "vendor-1-rzte-s-hne-gmbh"), ("???", 2, "vendor-2-x")]
    assert all(s["anchor"].isascii() for s in sections)


def test_a_vendor_section_shows_strengths_and_weaknesses_against_the_field() -> None:
    top = context(evidence(), VENDORS_ONLY)["shortlist"][0]
    assert top["first_rank"] == "more than 99%"
    assert [f["criterion"] for f in top["strengths"]] == ["Accuracy", "Review", "Escalation"]
    assert top["strengths"][0] == {"criterion": "Accuracy", "category": "Pilot",
                                   "detail": "measured 98.0%", "points": "+9.0"}
    assert [(f["criterion"], f["points"]) for f in top["weaknesses"]] == [("Cost", "-4.2")]


def test_comments_on_the_heaviest_criteria_come_first_and_long_ones_are_cut() -> None:
    inputs = world()
    long_text = "The escalation path is documented in detail. " * 30
    scores = tuple(
        s.model_copy(update={"comment": {("review", "e1"): "Two-stage review, sampled QA.",
                                         ("escalation", "e0"): long_text}.get(
                                             (s.criterion_id, s.evaluator), "")})
        if s.vendor == "A" else s for s in inputs.scores)
    comments = context(evidence(changed(inputs, scores=scores)), VENDORS_ONLY)[
        "shortlist"][0]["comments"]
    # Review weighs 30% of the total, Escalation 20%.
    assert [(c["criterion"], c["evaluator"], c["score"], c["cut"]) for c in comments] == [
        ("Review", "e1", "5", False), ("Escalation", "e0", "4", True)]
    assert len(comments[1]["text"]) <= 601 and comments[1]["text"].endswith("\u2026")


def test_compliance_names_plainly_met_items_and_lists_each_exception() -> None:
    checklist = ChecklistCatalogue.model_validate({
        "version": "test",
        "items": [*CHECKLIST.model_dump()["items"], {
            "id": "iso", "section": "compliance_security", "title": "ISO 27001",
            "evidence": "certificate", "guards_against": "weak controls", "likelihood": 3,
            "impact": 4, "mitigation": "audit", "required_when": ["always"],
            "certificate": True}],
    })
    inputs = changed(world(), checklist=checklist, assessments=world().assessments + tuple(
        ChecklistAssessment(vendor=v, item_id="iso", status="met", expires_on=date(2027, 1, 5))
        for v in "ABC"))
    compliance = context(evidence(inputs), VENDORS_ONLY)["shortlist"][0]["compliance"]
    assert (compliance["met"], compliance["required"]) == (2, 2)
    assert compliance["met_titles"] == ["BAA"]
    assert [(e["title"], e["expires"]) for e in compliance["exceptions"]] == [
        ("ISO 27001", "2027-01-05")]
    assert compliance["exceptions"][0]["flag"].startswith("ISO 27001: expires on 2027-01-05")


def test_a_risk_row_shows_inherent_and_residual_severity_or_says_it_was_not_assessed() -> None:
    assessed = risk_row(RiskItem(vendor="A", title="Attrition", likelihood=4, impact=3,
                                 residual_likelihood=2, status="mitigated",
                                 mitigation="bench of trained annotators"))
    assert (assessed["inherent"], assessed["residual"]) == ("4 \u00d7 3 = 12", "2 \u00d7 3 = 6")
    assert (assessed["status"], assessed["mitigation"]) == ("Mitigated",
                                                            "bench of trained annotators")
    bare = risk_row(RiskItem(vendor="A", title="Key person", likelihood=2, impact=2))
    assert (bare["residual"], bare["mitigation"]) == ("not assessed", "none recorded")


def test_a_vendor_section_lists_checklist_risks_beside_recorded_ones_worst_first() -> None:
    inputs = world(risks=(RiskItem(vendor="A", title="Key person", likelihood=2, impact=2),))
    checklist = ChecklistCatalogue.model_validate({
        "version": "test",
        "items": [*CHECKLIST.model_dump()["items"], {
            "id": "exit", "section": "contract", "title": "Exit plan", "evidence": "plan",
            "guards_against": "lock-in", "likelihood": 3, "impact": 3, "mitigation": "ask"}],
    })
    inputs = changed(inputs, checklist=checklist, assessments=inputs.assessments + (
        ChecklistAssessment(vendor="A", item_id="exit", status="not_met"),))
    risks = context(evidence(inputs), VENDORS_ONLY)["shortlist"][0]["risks"]
    assert [(r["title"], r["from_checklist"]) for r in risks] == [
        ("Checklist: Exit plan not met", True), ("Key person", False)]


def test_the_pilot_section_shows_accuracy_intervals_and_the_profiles_threshold() -> None:
    pilot = context(evidence(), ReportOptions(sections=(Section.PILOT,)))["pilot"]
    assert pilot["has_data"] and not pilot["from_run"]
    assert pilot["threshold"] == {"worst": "90.0%", "best": "100.0%"}
    assert pilot["confidence"] == "95%"
    assert [(r["vendor"], r["accuracy"], r["interval"], r["n"]) for r in pilot["rows"]] == [
        ("A", "98.0%", "96.1% \u2013 99.0%", "400"),
        ("C", "95.0%", "92.4% \u2013 96.7%", "400"),
        ("B", "92.0%", "88.9% \u2013 94.3%", "400")]
    assert pilot["comparisons"] == [] and pilot["run"] is None
