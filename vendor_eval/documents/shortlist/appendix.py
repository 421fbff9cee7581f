"""The shortlist report's appendices: how the decision was made, and what the audit trail holds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from vendor_eval.documents.shortlist.evidence import (
    ReportEvidence,
    Robustness,
)
from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.enums import CriterionKind
from vendor_eval.domain.presentation import format_coefficient, format_percent, label, plural

AUDIT_ACTION_TEXT = {
    AuditAction.RFP_ISSUE: "RFP issued (PDF and response workbook)",
    AuditAction.RFP_IMPORT: "vendor RFP responses imported",
    AuditAction.PROJECT_IMPORT: "project created or imported",
    AuditAction.PROJECT_PROFILE: "weighting profile of the project changed",
    AuditAction.PROFILE_SAVE: "weighting profile version saved",
    AuditAction.SCORES_SAVE: "evaluator scores saved",
    AuditAction.PILOT_APPLY: "pilot results applied",
    AuditAction.CHECKLIST_SAVE: "checklist findings recorded",
    AuditAction.RISKS_SAVE: "risk register changed",
}
SMAA_WORDING = ("weight vectors drawn around the profile's category weights (Dirichlet, "
                "concentration {concentration:g}) with every score varied within its "
                "uncertainty: the spread among evaluators for rubric scores, the 95% Wilson "
                "interval for pilot proportions, and the whole range from 0 to full marks for "
                "an input a vendor lacks (the ranking itself counts it as 0)")


def robustness_detail(robustness: Robustness) -> str:
    """How the robustness figures were made, in one sentence a reader can check."""
    return (f"SMAA-2 (Lahdelma & Salminen 2001; Tervonen & Lahdelma 2007): "
            f"{robustness.samples:,} "
            + SMAA_WORDING.format(concentration=robustness.concentration or 0)
            + f"; random seed {robustness.seed}.")


def methodology_section(evidence: ReportEvidence, moment: datetime) -> dict[str, object]:
    inputs, result = evidence.inputs, evidence.result
    profile, catalogue = inputs.profile, inputs.catalogue
    criterion_weights = profile.criterion_weights()
    categories = []
    for category_id, share in profile.category_weights().items():
        inner_total = sum(profile.categories[category_id].criteria.values())
        categories.append({
            "name": catalogue.category_names.get(category_id, category_id),
            "weight": format_percent(share),
            "criteria": [{
                "name": catalogue.by_id[c].name,
                "kind": _kind_text(catalogue.by_id[c].kind, profile.thresholds.get(c),
                                   catalogue.by_id[c].unit),
                "within": format_percent(w / inner_total),
                "overall": format_percent(criterion_weights[c]),
            } for c, w in sorted(profile.categories[category_id].criteria.items(),
                                 key=lambda i: (-i[1], i[0]))],
        })
    team = evidence.team
    conflicts = team.conflicts if team is not None else {}
    return {
        "profile_description": profile.description,
        "categories": categories,
        "method": result.method,
        "missing_scores": _missing_policy_text(str(result.parameters.get("missing_scores"))),
        "gates": _gates_text(evidence),
        "required_items": len(result.parameters.get("required_checklist_items") or []),
        "risk_rule": _risk_rule_text(evidence),
        "robustness": (robustness_detail(evidence.robustness) if evidence.robustness
                       else "not run: no vendor passes every gate"),
        "evaluators": [{
            "name": e.name, "role": label(e.role) if e.role else "not recorded",
            "scores": f"{e.scores:,}", "vendors": f"{e.vendors:,}",
            "comments": f"{e.comments:,}",
            "conflicts": conflicts.get(e.name, "not recorded"),
        } for e in evidence.evaluators],
        "conflicts_recorded": bool(conflicts),
        "team": None if team is None else {
            "assigned": len(team.assigned), "submitted": len(team.submitted),
            "freeze": team.freeze or "the weights were not frozen before scoring",
            "unlock": team.unlock,
            "profile_changes": list(team.profile_changes),
        },
        "agreement": _agreement_text(evidence),
        "pilot_design": _pilot_design(evidence),
        "sources": _sources(evidence),
        "as_of": inputs.as_of.isoformat(),
        "generated_at": moment.strftime("%Y-%m-%d %H:%M UTC"),
        "catalogue_version": catalogue.version,
        "checklist_version": inputs.checklist.version,
    }


def _kind_text(kind: CriterionKind, threshold: Any, unit: str | None) -> str:
    if kind is CriterionKind.SCORED:
        return "rubric 0-5"
    if kind is CriterionKind.PRICE:
        return "total cost, lowest = full marks"
    if threshold is None:
        return "measured"
    if unit == "fraction":
        return f"measured, {format_percent(threshold.worst)} \u2192 {format_percent(threshold.best)}"
    return f"measured, {threshold.worst:g} \u2192 {threshold.best:g}{' ' + unit if unit else ''}"


def _agreement_text(evidence: ReportEvidence) -> str:
    agreement = evidence.agreement
    if agreement is None:
        return "No evaluator scores are recorded, so there is no agreement to measure."
    if agreement.alpha is None:
        text = ("Krippendorff's alpha is undefined for these scores (no cell was scored by "
                "two evaluators, or no score varies).")
    else:
        quality = ("at or above 0.8, usually taken as reliable" if agreement.alpha >= 0.8
                   else "between 0.667 and 0.8, acceptable for tentative conclusions"
                   if agreement.alpha >= 0.667 else "below 0.667, the lowest usually accepted")
        text = (f"Krippendorff's alpha (ordinal) over all evaluators' rubric scores: "
                f"{format_coefficient(agreement.alpha)}, {quality} (Krippendorff 2011).")
    text += (f" {plural(agreement.cells_to_discuss, 'cell')} of {agreement.cells:,} had scores "
             f"{agreement.threshold:g} or more points apart and went to discussion")
    if agreement.consensus_cells:
        text += (f"; the team set an agreed score, with its rationale, on "
                 f"{plural(agreement.consensus_cells, 'cell')}, which replaces the mean there")
    return text + "."


def _pilot_design(evidence: ReportEvidence) -> str:
    pilot = evidence.pilot
    threshold = evidence.inputs.profile.thresholds.get("pilot_accuracy")
    rule = ""
    if threshold is not None:
        rule = (f" The profile maps accuracy linearly from {format_percent(threshold.worst)} "
                f"(no points) to {format_percent(threshold.best)} (full points).")
    if pilot.run is not None:
        test = {"fisher": "Fisher's exact test", "ztest": "a two-proportion z test"}.get(
            pilot.test or "", pilot.test or "a test")
        return (f"Stored pilot run {pilot.run.id} ({pilot.task}, applied "
                f"{pilot.run.created_at[:10]}): every vendor labelled items of a "
                f"{pilot.gold_items:,}-item golden set; accuracy with "
                f"{format_percent(pilot.confidence, 0)} Wilson intervals; vendors compared "
                f"pairwise with {test}, Holm-corrected at alpha {pilot.alpha:g}, with the "
                f"pilot size needed to detect a {format_percent(pilot.min_difference or 0, 0)} "
                f"difference at power {pilot.power:g}." + rule)
    sizes = sorted({r.n for r in pilot.vendors if r.n})
    size = ("n = " + ", ".join(f"{n:,}" for n in sizes) + " items per vendor") if sizes \
        else "no sample sizes recorded"
    return ("No pilot run is stored with this project: pilot figures are the measured values "
            f"entered for each vendor ({size}), with {format_percent(pilot.confidence, 0)} "
            "Wilson intervals computed from them (Wilson 1927; Newcombe 1998). Pairwise tests "
            "need a stored pilot run." + rule)


def _sources(evidence: ReportEvidence) -> list[str]:
    inputs = evidence.inputs
    checklist = evidence.result.checklist
    derived = len(checklist.register) if checklist is not None else 0
    criteria = {s.criterion_id for s in inputs.scores}
    sources = sorted({m.source for m in inputs.measured if m.source})
    measured = plural(len(inputs.measured), "measured value")
    if sources:
        measured += " (" + "; ".join(sources[:4]) + (", ..." if len(sources) > 4 else "") + ")"
    return [
        f"Evaluator scores: {plural(len(inputs.scores), 'rubric score')} by "
        f"{plural(len(evidence.evaluators), 'evaluator')} on "
        f"{plural(len(criteria), 'criterion', 'criteria')}.",
        f"Measurements: {measured}.",
        f"Prices: {plural(len(inputs.prices), 'quote')}, costed at "
        f"{inputs.project.scope.volume:,} {inputs.project.scope.unit}s.",
        f"Checklist: {plural(len(inputs.assessments), 'finding')} against checklist version "
        f"{inputs.checklist.version}; certificates judged as of {inputs.as_of.isoformat()}.",
        f"Risk register: {plural(len(inputs.risks), 'recorded risk')}, and "
        f"{plural(derived, 'risk')} derived from checklist items not met.",
        f"Criteria catalogue version {inputs.catalogue.version}.",
    ]


def audit_section(evidence: ReportEvidence) -> dict[str, object] | None:
    audit = evidence.audit
    if audit is None:
        return None
    return {
        "rows": [{"action": action, "meaning": AUDIT_ACTION_TEXT.get(action, label(action)),
                  "count": f"{count:,}"} for action, count in audit.counts.items()],
        "total": f"{sum(audit.counts.values()):,}",
        "first_at": _timestamp(audit.first_at),
        "last_at": _timestamp(audit.last_at),
        "entities": list(audit.entities),
        "chain_intact": audit.chain_intact,
        "chain_message": audit.chain_message,
    }


def _timestamp(value: str | None) -> str:
    if not value:
        return "none"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _missing_policy_text(policy: str) -> str:
    if policy == "zero":
        return "a missing score counts as the worst value (zero)"
    return ("a score a vendor lacks where others were scored counts as the worst value "
            "(zero); a criterion no vendor has evidence for yet is left out for all, its "
            "weight shared within its category")


def _gates_text(evidence: ReportEvidence) -> str:
    applied = evidence.result.parameters.get("gates") or []
    if not applied:
        return "none apply to this project's scope"
    names = {c.id: c.name for c in evidence.inputs.catalogue.criteria}
    return ", ".join(names.get(str(g), str(g)) for g in applied)


def _risk_rule_text(evidence: ReportEvidence) -> str:
    rule = evidence.inputs.profile.risk
    factors = ", ".join(f"{status.value} {factor:g}"
                        for status, factor in rule.status_factors.items())
    return (f"score \u00d7 (1 - penalty), penalty = min({format_percent(rule.cap, 0)}, "
            f"{rule.rate:g} \u00d7 exposure); exposure = sum over risk items of status factor "
            f"\u00d7 likelihood \u00d7 impact / 25, residual values where a mitigation was "
            f"assessed (status factors: {factors})")
