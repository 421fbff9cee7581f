"""What the RFP says, section by section, as plain values for the template: derived from the
project's scope, its weighting profile, the checklist and the chosen questions.

Every string here is plain text; the template autoescapes it. Nothing is marked safe.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from vendor_eval.documents.wording import join_words, running_title
from vendor_eval.domain.checklist import ALWAYS, ChecklistCatalogue, ChecklistItem, ChecklistSection
from vendor_eval.domain.criteria import Catalogue
from vendor_eval.domain.enums import CriterionKind, PricingModel, Sensitivity
from vendor_eval.domain.presentation import label, language_name, plural
from vendor_eval.domain.profiles import Profile, Threshold, as_fractions
from vendor_eval.domain.project import Project
from vendor_eval.domain.questions import Question, QuestionBank
from vendor_eval.domain.rfp import (
    PRICING_TITLES,
    SECTION_TITLES,
    RfpOptions,
    RfpSection,
    Timeline,
    pricing_questions,
)
from vendor_eval.engine.checklist import required_item_ids

DOCUMENT_TITLE = "Request for proposal"
PILOT_DAYS = 14


SENSITIVITY_TEXT: dict[Sensitivity, tuple[str, str]] = {
    Sensitivity.PHI: (
        "Protected health information (PHI)",
        "HIPAA applies. The vendor signs our business associate agreement (BAA) before any "
        "record is shared and binds every subcontractor that touches the data to the same terms."),
    Sensitivity.EU_PERSONAL_DATA: (
        "Personal data of people in the EU",
        "GDPR applies. Processing needs a data processing agreement (DPA) with the Article 28 "
        "terms and, wherever the data can be reached from outside the EEA, a lawful transfer "
        "mechanism such as standard contractual clauses."),
    Sensitivity.PAYMENT_DATA: (
        "Payment card data",
        "PCI DSS applies to every environment where annotators can see card data. We will "
        "tokenise or truncate card numbers where the task allows, to keep that environment small."),
    Sensitivity.PII: (
        "Personal data",
        "Only named, trained people may see it; fields the task does not need are masked in the "
        "labelling tool; suspected incidents are reported to us within an agreed number of hours."),
    Sensitivity.FINANCIAL_DATA: (
        "Financial data",
        "Independently audited security controls (SOC 2 Type II), a per-item audit trail and our "
        "right to audit the vendor are required."),
    Sensitivity.HARMFUL_CONTENT: (
        "Harmful or disturbing content",
        "Reviewers need informed consent, exposure limits and rotation, and counselling; we ask "
        "for the vendor's wellbeing programme."),
}

KIND_TEXT = {
    CriterionKind.SCORED: "scored 0-5 by our evaluators against a written rubric",
    CriterionKind.MEASURED: "measured (pilot results or the figure you commit to)",
    CriterionKind.PRICE: "total cost at our volume, from your pricing sheet",
}

PRICING_TEXT = {
    PricingModel.PER_UNIT: "A price per {unit}, reviewed and delivered.",
    PricingModel.PER_HOUR: "An hourly rate per annotator with the {units} completed per hour, "
                           "so that we can compare cost at our volume.",
    PricingModel.MANAGED_TEAM: "A monthly fee for a dedicated team, with the {units} it "
                               "completes per month.",
    PricingModel.FIXED_PRICE: "One price for the whole scope as described.",
}

# Measured criteria whose profile thresholds become the service levels we ask for.
SLA_MEASURES = ("pilot_accuracy", "pilot_agreement", "pilot_turnaround_hours",
                "pilot_rework_rate", "pilot_throughput", "ramp_up_weeks")


def rfp_context(project: Project, profile: Profile, catalogue: Catalogue,
                checklist: ChecklistCatalogue, bank: QuestionBank, options: RfpOptions,
                timeline: Timeline, questions: list[Question], *, reference: str,
                issued_at: datetime, vendor: str | None) -> dict[str, object]:
    """The template's whole context, as plain dicts, lists and strings."""
    sections = options.ordered_sections()
    pilot_items = options.pilot_items or suggested_pilot_items(project.scope.volume)
    return {
        "document_title": DOCUMENT_TITLE,
        "generated_at_iso": issued_at.isoformat(timespec="seconds"),
        "project": _project(project),
        "issue": {"reference": reference, "bank_version": bank.version,
                  "issued_on": timeline.issued_on.isoformat(), "vendor": vendor or "",
                  "contact": options.contact},
        "include": {s.value: s in sections for s in RfpSection},
        "titles": {s.value: SECTION_TITLES[s] for s in RfpSection},
        "contents": [{"id": s.value, "title": SECTION_TITLES[s]} for s in sections],
        "timeline": _timeline(timeline),
        "dates": {"questions_due": timeline.questions_due.isoformat(),
                  "responses_due": timeline.responses_due.isoformat(),
                  "pilot": _timeline(timeline)[3]["date"],
                  "decision": timeline.decision_on.isoformat()},
        "guidelines": _guidelines(checklist, pilot_items),
        "security": _security(project, profile, checklist),
        "slas": _service_levels(profile, catalogue, checklist),
        "pilot": _pilot(project, profile, catalogue, timeline, pilot_items),
        "pricing": _pricing(project, options),
        "evaluation": _evaluation(profile, catalogue, project),
        "submission": {"workbook": bool(questions) or bool(options.pricing_models),
                       "questions": len(questions),
                       "required": sum(q.required for q in questions)},
        "contract": _contract(project, profile, checklist),
        "questions": _questions(bank, questions),
    }


def suggested_pilot_items(volume: int) -> int:
    """Half a percent of the volume, rounded to 50 and kept between 200 and 1,000 items: enough
    to tell a 95% vendor from a 98% one, small enough to pay for several vendors."""
    return int(min(1000, max(200, round(volume * 0.005 / 50) * 50)))


def _project(project: Project) -> dict[str, object]:
    scope = project.scope
    return {
        "key": project.key,
        "title": project.title,
        "running_title": running_title(project.title),
        "description": project.description,
        "industry": label(scope.industry.value),
        "data_types": list(scope.data_types),
        "volume": f"{scope.volume:,} {scope.unit}s",
        "unit": scope.unit,
        "languages": [language_name(code) for code in scope.languages],
        "sensitivity": [SENSITIVITY_TEXT[s][0] for s in sorted(scope.sensitivity)],
    }


def _timeline(timeline: Timeline) -> list[dict[str, str]]:
    pilot_end = timeline.pilot_start + timedelta(days=PILOT_DAYS)
    return [
        {"step": "RFP issued", "date": timeline.issued_on.isoformat()},
        {"step": "Last day for clarification questions",
         "date": timeline.questions_due.isoformat()},
        {"step": "Responses due (response workbook and referenced files)",
         "date": timeline.responses_due.isoformat()},
        {"step": "Paid pilot with shortlisted vendors",
         "date": f"{timeline.pilot_start.isoformat()} to {pilot_end.isoformat()}"},
        {"step": "Decision", "date": timeline.decision_on.isoformat()},
    ]


def _guidelines(checklist: ChecklistCatalogue, pilot_items: int) -> dict[str, object]:
    item = checklist.by_id.get("guidelines_golden_sets")
    return {"gold_items": max(50, pilot_items // 5),
            "sign_off": item.evidence if item else ""}


def _security(project: Project, profile: Profile, checklist: ChecklistCatalogue
              ) -> dict[str, object]:
    scope = project.scope
    gates = [g.criterion for g in profile.gates if g.applies_to(scope)]
    required = required_item_ids(checklist, scope, gates)
    gate_items = {checklist.by_gate[c].id for c in gates if c in checklist.by_gate}
    items = [i for i in checklist.items if i.section is ChecklistSection.COMPLIANCE_SECURITY]
    return {
        "drivers": [{"data": SENSITIVITY_TEXT[s][0], "requirement": SENSITIVITY_TEXT[s][1]}
                    for s in sorted(scope.sensitivity)],
        "required": [_item(i, project, i.id in gate_items) for i in items if i.id in required],
        "recommended": [i.title for i in items if i.id not in required],
    }


def _item(item: ChecklistItem, project: Project, gate: bool) -> dict[str, object]:
    reasons = [_condition_text(c) for c in item.required_when_any
               if c == ALWAYS or project.scope.satisfies(c)]
    if gate:
        reasons.append("the evaluation makes it pass/fail")
    return {"title": item.title, "evidence": item.evidence, "pass_fail": gate,
            "why": join_words(reasons) if reasons else "recommended"}


def _condition_text(condition: str) -> str:
    if condition == ALWAYS:
        return "required on every project"
    if condition.startswith("industry:"):
        return f"the project is in {label(condition.split(':', 1)[1]).lower()}"
    data = SENSITIVITY_TEXT[Sensitivity(condition)][0]
    return f"{data[:1].lower()}{data[1:]} is in scope"


def _service_levels(profile: Profile, catalogue: Catalogue, checklist: ChecklistCatalogue
                    ) -> dict[str, object]:
    rows = []
    for criterion_id in SLA_MEASURES:
        threshold = profile.thresholds.get(criterion_id)
        if threshold is None:
            continue
        criterion = catalogue.by_id[criterion_id]
        rows.append({"measure": criterion.name, "description": criterion.description,
                     "minimum": _measure(threshold.worst, criterion.unit),
                     "target": _measure(threshold.best, criterion.unit)})
    item = checklist.by_id.get("service_levels")
    return {"rows": rows, "contract": item.evidence if item else ""}


def _measure(value: float, unit: str | None) -> str:
    if unit == "fraction":
        return f"{100 * value:.0f}%" if (100 * value).is_integer() else f"{100 * value:.1f}%"
    if unit in ("hours", "weeks"):
        return f"{value:g} {unit}"
    return f"{value:g}"


def _pilot(project: Project, profile: Profile, catalogue: Catalogue, timeline: Timeline,
           pilot_items: int) -> dict[str, object]:
    category = profile.categories.get("pilot")
    weight = profile.category_weights().get("pilot", 0.0)
    measures = []
    if category is not None:
        for criterion_id, share in as_fractions(category.criteria).items():
            criterion = catalogue.by_id[criterion_id]
            threshold: Threshold | None = profile.thresholds.get(criterion_id)
            bar = (f"{_measure(threshold.worst, criterion.unit)} scores nothing, "
                   f"{_measure(threshold.best, criterion.unit)} full marks") if threshold \
                else "observed by our team"
            measures.append({"name": criterion.name, "share": f"{100 * share:.0f}%", "bar": bar})
    return {"size": f"{pilot_items:,}", "unit": project.scope.unit,
            "weight": f"{100 * weight:.0f}%",
            "start": timeline.pilot_start.isoformat(), "days": PILOT_DAYS, "measures": measures}


def _pricing(project: Project, options: RfpOptions) -> dict[str, object]:
    unit = project.scope.unit
    return {
        "volume": f"{project.scope.volume:,} {unit}s",
        "models": [{"title": PRICING_TITLES[m],
                    "ask": PRICING_TEXT[m].format(unit=unit, units=f"{unit}s"),
                    "fields": [q.text for q in pricing_questions(m, unit)]}
                   for m in options.pricing_models],
    }


def _evaluation(profile: Profile, catalogue: Catalogue, project: Project) -> dict[str, object]:
    weights = profile.category_weights()
    categories = []
    for category_id, share in sorted(weights.items(), key=lambda kv: -kv[1]):
        inner = as_fractions(profile.categories[category_id].criteria)
        categories.append({
            "name": catalogue.category_names[category_id],
            "weight": _percent(share),
            "criteria": [{"name": catalogue.by_id[c].name,
                          "kind": KIND_TEXT[catalogue.by_id[c].kind],
                          "weight": _percent(share * w)}
                         for c, w in sorted(inner.items(), key=lambda kv: -kv[1])],
        })
    gates = [{"name": catalogue.by_id[g.criterion].name, "reason": g.reason}
             for g in profile.gates if g.applies_to(project.scope)]
    return {"profile": {"name": profile.name, "version": profile.version,
                        "description": profile.description},
            "categories": categories, "gates": gates,
            "criteria_count": plural(sum(len(c["criteria"]) for c in categories), "criterion",
                                     "criteria"),
            "risk_cap": _percent(profile.risk.cap)}


def _percent(share: float) -> str:
    value = 100 * share
    return f"{value:.0f}%" if abs(value - round(value)) < 0.05 else f"{value:.1f}%"


def _contract(project: Project, profile: Profile, checklist: ChecklistCatalogue
              ) -> list[dict[str, object]]:
    scope = project.scope
    gates = [g.criterion for g in profile.gates if g.applies_to(scope)]
    required = required_item_ids(checklist, scope, gates)
    return [{"title": i.title, "terms": i.evidence, "required": i.id in required}
            for i in checklist.items if i.section is ChecklistSection.CONTRACT]


def _questions(bank: QuestionBank, questions: list[Question]) -> list[dict[str, object]]:
    groups = []
    for number, section in enumerate(bank.sections, start=1):
        mine = [q for q in questions if q.section == section.id]
        if not mine:
            continue
        groups.append({"number": number, "title": section.title, "description": section.description,
                       "questions": [{"number": f"{number}.{index}", "id": q.id, "text": q.text,
                                      "rule": q.describe_rule(), "help": q.help,
                                      "required": q.required}
                                     for index, q in enumerate(mine, start=1)]})
    return groups
