"""The evidence sections of the shortlist report: charts, pilot, one section per vendor, exclusions.

Each function turns `ReportEvidence` into plain dicts and strings for the templates; the
charts arrive already drawn, as image sources by key (see `documents.shortlist.charts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vendor_eval.documents.shortlist.charts import (
    contribution_key,
    contribution_parts,
    value_map_data,
)
from vendor_eval.documents.shortlist.evidence import ReportEvidence
from vendor_eval.documents.wording import excerpt, join_words, number, share_text
from vendor_eval.domain.evidence import RiskItem
from vendor_eval.domain.presentation import (
    flag_texts,
    format_coefficient,
    format_interval,
    format_money,
    format_percent,
    format_score,
    label,
)
from vendor_eval.engine.result import Finding
from vendor_eval.render.chart_data import NAME_LABELS_UP_TO, pareto_frontier
from vendor_eval.render.chart_worker import (
    PILOT,
    VALUE_MAP,
)

COMMENTS_PER_VENDOR = 4
CHECKLIST_STATUS_TEXT = {
    "met": "Met", "partly": "Partly met", "not_met": "Not met",
    "not_applicable": "Not applicable", "not assessed": "Not assessed",
}


def value_map_section(evidence: ReportEvidence, charts: Mapping[str, str]) -> dict[str, object]:
    """Score against total cost at volume, for the vendors with a price in the main currency;
    `charts` holds each drawn chart's image source by key."""
    data = value_map_data(evidence)
    points = data.points
    shown = {p.vendor for p in points}
    frontier = [p.vendor for p in pareto_frontier(points)]
    return {
        "chart_src": charts.get(VALUE_MAP),
        "currency": data.currency,
        "numbered": len(points) > NAME_LABELS_UP_TO,
        "key": [{"label": p.label, "vendor": p.vendor} for p in points],
        "frontier": frontier,
        "frontier_text": join_words(frontier),
        "left_out": [str(v) for v in evidence.result.table["vendor"] if str(v) not in shown],
        "volume": data.volume,
    }


def contributions_section(evidence: ReportEvidence,
                          charts: Mapping[str, str]) -> dict[str, object]:
    """The category chart, split so each part fits a page when the field is long."""
    parts = range(len(contribution_parts(evidence)))
    weights = evidence.inputs.profile.category_weights()
    names = evidence.inputs.catalogue.category_names
    return {
        "charts": [charts[contribution_key(i)] for i in parts if contribution_key(i) in charts],
        "weights_text": "; ".join(f"{names.get(c, c)} {format_percent(w, 0)}"
                                  for c, w in sorted(weights.items(), key=lambda i: -i[1])),
    }


def pilot_section(evidence: ReportEvidence, charts: Mapping[str, str]) -> dict[str, object]:
    """Accuracy with intervals (chart and table), agreement, turnaround and pairwise verdicts."""
    pilot = evidence.pilot
    threshold = evidence.inputs.profile.thresholds.get("pilot_accuracy")
    return {
        "has_data": bool(pilot.vendors),
        "chart_src": charts.get(PILOT),
        "confidence": format_percent(pilot.confidence, 0),
        "from_run": pilot.run is not None,
        "run": None if pilot.run is None else {
            "id": pilot.run.id, "date": pilot.run.created_at[:10], "task": pilot.task,
            "fingerprint": pilot.run.fingerprint[:12], "gold_items": pilot.gold_items},
        "threshold": None if threshold is None else {
            "worst": format_percent(threshold.worst), "best": format_percent(threshold.best)},
        "rows": [_pilot_row(row) for row in pilot.vendors],
        "comparisons": [{
            "pair": f"{c.vendor_a} vs {c.vendor_b}",
            "difference": f"{100 * c.difference:+.1f} points",
            "p_adjusted": _p_value(c.p_adjusted),
            "significant": c.significant,
            "verdict": c.verdict,
        } for c in pilot.comparisons],
        "test": {"fisher": "Fisher's exact test", "ztest": "two-proportion z test"}.get(
            pilot.test or "", pilot.test),
        "alpha": None if pilot.alpha is None else f"{pilot.alpha:g}",
        "notes": list(pilot.notes),
    }


def vendor_sections(evidence: ReportEvidence, shortlisted: list[str]) -> list[dict[str, object]]:
    table = evidence.result.table
    vendors = {v.name: v for v in evidence.inputs.vendors}
    return [_vendor_section(evidence, row, vendors[row.vendor], position)
            for position, row in enumerate(table.itertuples(index=False))
            if row.vendor in shortlisted]


def excluded_section(evidence: ReportEvidence) -> list[dict[str, object]]:
    table = evidence.result.table
    return [{"name": str(row.vendor), "score": format_score(float(row.score)),
             "raw_score": format_score(float(row.raw_score)),
             "reasons": list(row.gate_failures)}
            for row in table.itertuples(index=False) if not row.qualified]


def vendor_register(evidence: ReportEvidence, vendor: str) -> list[RiskItem]:
    """The vendor's recorded risks and those its checklist findings add, worst residual first."""
    checklist = evidence.result.checklist
    derived = checklist.register if checklist is not None else ()
    mine = [r for r in (*evidence.inputs.risks, *derived) if r.vendor == vendor]
    return sorted(mine, key=lambda r: (-r.residual_severity, -r.severity, r.title))


def risk_row(item: RiskItem) -> dict[str, str]:
    residual = (item.residual_likelihood is not None or item.residual_impact is not None)
    return {
        "vendor": item.vendor,
        "title": item.title,
        "inherent": f"{item.likelihood} \u00d7 {item.impact} = {item.severity}",
        "residual": (f"{item.residual_likelihood or item.likelihood} \u00d7 "
                     f"{item.residual_impact or item.impact} = {item.residual_severity}"
                     if residual else "not assessed"),
        "mitigation": item.mitigation or "none recorded",
        "status": label(item.status.value),
        "owner": item.owner,
        "from_checklist": item.title.startswith("Checklist:"),
    }


def _pilot_row(row: Any) -> dict[str, str]:
    interval = "" if row.low is None or row.high is None else format_interval(row.low, row.high)
    turnaround = "" if row.turnaround_hours is None else f"{row.turnaround_hours:g} h"
    if row.turnaround_p90_hours is not None:
        turnaround += f" (p90 {row.turnaround_p90_hours:.1f} h)"
    throughput = ""
    if row.items_per_day is not None:
        throughput = f"{row.items_per_day:,.0f} items/day"
    elif row.throughput_ratio is not None:
        throughput = f"{format_percent(row.throughput_ratio, 0)} of target"
    return {
        "vendor": row.vendor,
        "accuracy": "" if row.accuracy is None else format_percent(row.accuracy),
        "interval": interval,
        "n": "" if row.n is None else f"{row.n:,}",
        "agreement": "" if row.agreement is None else format_coefficient(row.agreement),
        "turnaround": turnaround,
        "rework": "" if row.rework_rate is None else format_percent(row.rework_rate),
        "throughput": throughput,
        "source": row.source,
    }


def _p_value(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _vendor_section(evidence: ReportEvidence, row: Any, vendor: Any,
                    position: int) -> dict[str, object]:
    """One shortlisted vendor; `row` is its ranking-table row (a pandas itertuples record)."""
    explanation = evidence.result.explanations.get(row.vendor)
    currency = row.currency or "USD"
    robustness = evidence.robustness
    first = robustness.first_rank.get(row.vendor) if robustness else None
    return {
        "name": str(row.vendor),
        "anchor": _anchor(str(row.vendor), position),
        "rank": int(row.rank),
        "score": format_score(float(row.score)),
        "delivery_model": label(vendor.delivery_model.value),
        "headquarters": vendor.headquarters,
        "description": vendor.description,
        "total_cost": format_money(number(row.total_cost), currency),
        "cost_per_correct_label": format_money(number(row.cost_per_correct_label), currency),
        "first_rank": None if first is None else share_text(first),
        "strengths": [_finding(f) for f in explanation.strengths] if explanation else [],
        "weaknesses": [_finding(f) for f in explanation.weaknesses] if explanation else [],
        "flags": flag_texts(row.flags),
        "risks": [risk_row(item) for item in vendor_register(evidence, str(row.vendor))],
        "compliance": _compliance(evidence, str(row.vendor)),
        "comments": _comments(evidence, str(row.vendor)),
    }


def _anchor(name: str, position: int) -> str:
    """An HTML id for a vendor's section: ASCII only, unique through the table position."""
    slug = "".join(ch.lower() if ch.isascii() and ch.isalnum() else "-" for ch in name)
    slug = "-".join(part for part in slug.split("-") if part)[:40]
    return f"vendor-{position + 1}-{slug or 'x'}"


def _finding(finding: Finding) -> dict[str, str]:
    return {"criterion": finding.criterion, "category": finding.category,
            "detail": finding.detail,
            "points": f"{finding.points_vs_field:+.1f}"}


def _compliance(evidence: ReportEvidence, vendor: str) -> dict[str, object]:
    """The checklist items the project requires, with this vendor's status and evidence."""
    checklist = evidence.result.checklist
    if checklist is None:
        return {"rows": [], "met": 0, "required": 0}
    rows = checklist.rows
    mine = rows[(rows["vendor"] == vendor) & rows["required"]]
    items = []
    for item in mine.itertuples(index=False):
        expires = item.expires_on.isoformat() if item.expires_on is not None else ""
        items.append({
            "title": item.title,
            "section": label(str(item.section)),
            "status": CHECKLIST_STATUS_TEXT.get(str(item.effective_status),
                                                label(str(item.effective_status))),
            "ok": item.outcome == "ok",
            "evidence": excerpt(str(item.evidence or ""), 220)[0],
            "expires": expires,
            "flag": item.flag or "",
            "reviewer": item.reviewer or "",
        })
    met = sum(1 for item in items if item["ok"])
    # A board reads the gaps: exceptions (unmet, or met with a flag such as an expiry) get a
    # row each; the plainly met items are named in one line.
    return {"rows": items, "met": met, "required": len(items),
            "exceptions": [item for item in items if not item["ok"] or item["flag"]],
            "met_titles": [item["title"] for item in items if item["ok"] and not item["flag"]]}


def _comments(evidence: ReportEvidence, vendor: str) -> list[dict[str, object]]:
    """A few comments, those on the most heavily weighted criteria first, as excerpts."""
    inputs = evidence.inputs
    weights = inputs.profile.criterion_weights()
    names = {c.id: c.name for c in inputs.catalogue.criteria}
    mine = [s for s in inputs.scores if s.vendor == vendor and s.comment.strip()]
    mine.sort(key=lambda s: (-weights.get(s.criterion_id, 0.0), s.criterion_id, s.evaluator))
    comments = []
    for score in mine[:COMMENTS_PER_VENDOR]:
        text, cut = excerpt(score.comment)
        comments.append({"text": text, "cut": cut, "evaluator": score.evaluator,
                         "criterion": names.get(score.criterion_id, score.criterion_id),
                         "score": f"{score.score:g}"})
    return comments
