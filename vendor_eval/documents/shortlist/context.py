"""What the shortlist report says: the template context, built from `ReportEvidence`.

The report answers, in order: whom do we pick and why, how sure are we, what could go wrong,
what will it cost, and how was this decided. Everything reaches the templates as plain dicts,
lists and strings, so organisations' templates never hold live objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from vendor_eval import __version__
from vendor_eval.documents.shortlist.appendix import (
    audit_section,
    methodology_section,
    robustness_detail,
)
from vendor_eval.documents.shortlist.evidence import ReportEvidence
from vendor_eval.documents.shortlist.options import SECTION_TITLES, ReportOptions, Section
from vendor_eval.documents.shortlist.sections import (
    contributions_section,
    excluded_section,
    pilot_section,
    risk_row,
    value_map_section,
    vendor_register,
    vendor_sections,
)
from vendor_eval.documents.wording import (
    join_words,
    number,
    ordinal,
    robustness_reason,
    running_title,
    share_text,
)
from vendor_eval.domain.enums import RiskStatus
from vendor_eval.domain.presentation import (
    flag_texts,
    format_interval,
    format_money,
    format_percent,
    format_score,
    label,
    plural,
)
from vendor_eval.engine.evidence_state import EvidenceState, evidence_state

DOCUMENT_TITLE = "Shortlist report"
TOOL_NAME = "vendor-eval"
KEY_RISKS = 5
FINGERPRINT_SHORT = 16


def shortlist_context(evidence: ReportEvidence, options: ReportOptions,
                      generated_at: datetime | None = None,
                      charts: Mapping[str, str] | None = None) -> dict[str, object]:
    """Everything the shortlist template shows, for the sections `options` asks for; `charts`
    holds the image source of each chart in `planned_charts` (none: no chart is shown)."""
    charts = charts or {}
    inputs, result = evidence.inputs, evidence.result
    moment = (generated_at or datetime.now(UTC)).astimezone(UTC)
    shortlisted = shortlist_names(evidence, options.top_k)
    table = result.table
    qualified = int(table["qualified"].sum())
    wants = options.includes
    return {
        "document_title": DOCUMENT_TITLE,
        "generated_at": moment.strftime("%d %B %Y, %H:%M UTC"),
        "generated_date": moment.strftime("%d %B %Y"),
        "generated_at_iso": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tool": {"name": TOOL_NAME, "version": __version__},
        "fingerprint": evidence.fingerprint,
        "fingerprint_short": evidence.fingerprint[:FINGERPRINT_SHORT],
        "project": _project(evidence),
        "profile": {
            "id": result.profile_id, "name": inputs.profile.name,
            "version": result.profile_version, "hash": result.profile_hash,
            "hash_prefix": result.profile_hash[:12],
        },
        "cover": _cover(evidence),
        "contents": [{"id": s.value, "anchor": f"sec-{s.value}", "title": SECTION_TITLES[s]}
                     for s in options.sections],
        "include": {s.value: wants(s) for s in Section},
        "titles": {s.value: SECTION_TITLES[s] for s in Section},
        "counts": {"vendors": len(table), "qualified": qualified,
                   "excluded": len(table) - qualified, "shortlisted": len(shortlisted)},
        "top_k": options.top_k,
        "top_vendor": result.top_vendor,
        "shortlist_names": shortlisted,
        "summary": _summary(evidence, shortlisted) if wants(Section.SUMMARY) else None,
        "ranking": _ranking(evidence, shortlisted) if wants(Section.RANKING) else None,
        "value_map": (value_map_section(evidence, charts)
                      if wants(Section.VALUE_MAP) else None),
        "contributions": (contributions_section(evidence, charts)
                          if wants(Section.CONTRIBUTIONS) else None),
        "pilot": pilot_section(evidence, charts) if wants(Section.PILOT) else None,
        "shortlist": vendor_sections(evidence, shortlisted) if wants(Section.VENDORS) else [],
        "excluded": excluded_section(evidence) if wants(Section.EXCLUDED) else [],
        "methodology": (methodology_section(evidence, moment)
                        if wants(Section.METHODOLOGY) else None),
        "audit": audit_section(evidence) if wants(Section.AUDIT) else None,
    }


def shortlist_names(evidence: ReportEvidence, top_k: int) -> list[str]:
    """The top_k qualified vendors in rank order; a tie at the cut-off keeps every tied vendor."""
    table = evidence.result.table
    qualified = table[table["qualified"]]
    if qualified.empty:
        return []
    cut = int(qualified["rank"].iloc[min(top_k, len(qualified)) - 1])
    return [str(v) for v in qualified.loc[qualified["rank"] <= cut, "vendor"]]


def robustness_sentence(evidence: ReportEvidence) -> str | None:
    """"X ranks first in N% of plausible weightings", from the SMAA first-rank acceptability."""
    top, robustness = evidence.result.top_vendor, evidence.robustness
    if top is None or robustness is None:
        return None
    return (f"{top} ranks first in {share_text(robustness.first_rank[top])} of plausible "
            f"weightings.")


def scope_summary(evidence: ReportEvidence) -> str:
    scope = evidence.inputs.project.scope
    parts = [label(scope.industry.value)]
    if scope.data_types:
        parts.append(", ".join(scope.data_types))
    parts.append(f"{scope.volume:,} {scope.unit}s")
    if scope.languages:
        parts.append("languages: " + ", ".join(scope.languages))
    if scope.sensitivity:
        parts.append("sensitive data: " + ", ".join(sorted(label(s.value)
                                                           for s in scope.sensitivity)))
    return "; ".join(parts)


def _project(evidence: ReportEvidence) -> dict[str, object]:
    project = evidence.inputs.project
    return {
        "key": project.key,
        "title": project.title,
        "running_title": running_title(project.title),
        "description": project.description,
        "scope_summary": scope_summary(evidence),
        "volume": f"{project.scope.volume:,} {project.scope.unit}s",
    }


def _cover(evidence: ReportEvidence) -> dict[str, object]:
    """Where the decision stands: the team's scoring status, and how complete the evidence is."""
    team = evidence.team
    state = report_evidence_state(evidence)
    expected, present = state.expected_scores, state.entered_scores
    if evidence.result.top_vendor is None:
        status = "No recommendation: no vendor passes every gate"
    elif state.unlocked:
        status = "Interim recommendation: scores opened before every evaluator submitted"
    elif state.waiting:
        status = "Interim recommendation: not every assigned evaluator has submitted"
    elif expected and present < expected:
        status = "Interim recommendation: some expected scores are missing"
    elif state.unassessed_checks:
        status = "Interim recommendation: some required checks are not assessed"
    elif state.met_self_declared:
        status = "Interim recommendation: some required checks rest on the vendor's word"
    else:
        status = "Draft recommendation for approval"
    details = []
    if team is not None and team.assigned:
        details.append(f"{len(team.submitted)} of {plural(len(team.assigned), 'assigned evaluator')}"
                       f" submitted")
    if team is not None and team.freeze:
        details.append(f"weights frozen: {team.freeze}")
    if expected and present < expected:
        details.append(f"{present:,} of {expected:,} expected scores entered "
                       f"({format_percent(present / expected, 0)}); missing scores are handled "
                       f"as the profile states")
    elif expected:
        details.append(f"all {expected:,} expected scores entered")
    return {"status": status, "status_detail": "; ".join(details),
            "evidence": state.other_evidence_lines(),
            "author": evidence.author or "not recorded"}


def report_evidence_state(evidence: ReportEvidence) -> EvidenceState:
    """The evidence's state as the report states it, from the team record it was built with."""
    team = evidence.team
    checklist = evidence.result.checklist
    return evidence_state(
        evidence.inputs, checklist.rows if checklist is not None else pd.DataFrame(),
        assigned=team.assigned if team else (), submitted=team.submitted if team else (),
        unlocked=team is not None and team.unlock is not None)


def _summary(evidence: ReportEvidence, shortlisted: list[str]) -> dict[str, object]:
    result = evidence.result
    table = result.table.set_index("vendor", drop=False)
    top = result.top_vendor
    robustness = evidence.robustness
    rows = []
    for name in shortlisted:
        row = table.loc[name]
        currency = row["currency"] or "USD"
        rows.append({
            "rank": int(row["rank"]), "vendor": name, "score": format_score(float(row["score"])),
            "first_rank": (share_text(robustness.first_rank.get(name, 0.0))
                           if robustness else "n/a"),
            "total_cost": format_money(number(row["total_cost"]), currency),
            "cost_per_correct_label": format_money(number(row["cost_per_correct_label"]),
                                                   currency),
        })
    return {
        "recommendation": top,
        "reasons": _reasons(evidence) if top else [],
        "shortlist": rows,
        "robustness": _robustness_summary(evidence, shortlisted),
        "key_risks": _key_risks(evidence, shortlisted),
        "cost": _cost_range(evidence, shortlisted),
    }


def _reasons(evidence: ReportEvidence) -> list[str]:
    """Why the top vendor: its lead, where the lead comes from, what it is strong on, cost."""
    result = evidence.result
    table = result.table
    qualified = table[table["qualified"]].reset_index(drop=True)
    top = qualified.iloc[0]
    name, score = str(top["vendor"]), float(top["score"])
    reasons = []
    if len(qualified) > 1:
        runner = qualified.iloc[1]
        other = str(runner["vendor"])
        lead = score - float(runner["score"])
        reasons.append(f"Highest score after risk adjustment among the {len(qualified)} vendors "
                       f"that pass every gate: {format_score(score)}, {lead:.1f} points ahead of "
                       f"{other} ({format_score(float(runner['score']))}).")
        points = result.category_points()
        names = result.contributions.drop_duplicates("category").set_index("category")[
            "category_name"]
        gap = (points.loc[name] - points.loc[other]).sort_values(ascending=False)
        ahead = [f"{names[c]} (+{d:.1f})" for c, d in gap.items() if d >= 0.05][:2]
        behind = [f"{names[c]} ({d:.1f})" for c, d in gap[::-1].items() if d <= -0.05][:1]
        if ahead:
            text = (f"The lead over {other} comes mostly from {join_words(ahead)} "
                    f"(points on the 0-100 scale)")
            text += f"; it trails on {behind[0]}." if behind else "."
            reasons.append(text)
    else:
        reasons.append(f"The only vendor that passes every gate; score {format_score(score)}.")
    explanation = result.explanations.get(name)
    if explanation and explanation.strengths:
        strengths = [f"{f.criterion} ({f.detail})" for f in explanation.strengths]
        reasons.append(f"Stands out from the field on {join_words(strengths)}.")
    checklist = result.checklist
    if checklist is not None:
        rows = checklist.rows
        mine = rows[rows["required"] & (rows["vendor"] == name)]
        required = len(mine)
        if required:
            items = ("the one checklist item" if required == 1
                     else f"all {required} checklist items")
            declared = int(mine["self_declared"].astype(bool).sum())
            which = ("" if not declared else f"{declared} of them " if declared < required
                     else "" if required == 1 else "every one ")
            on_word = (f"; {which}only on its own word in the RFP response, not yet checked "
                       "by a reviewer") if declared else ""
            reasons.append(f"Meets {items} this project's scope requires{on_word}.")
    cost = number(top["total_cost"])
    if cost is not None:
        costs = sorted(float(c) for c in qualified["total_cost"] if number(c) is not None)
        position = costs.index(cost) + 1
        where = ("the lowest" if position == 1 else "the highest" if position == len(costs)
                 else f"the {ordinal(position)} lowest")
        currency = top["currency"] or "USD"
        reasons.append(f"Total cost {format_money(cost, currency)} at "
                       f"{evidence.inputs.project.scope.volume:,} "
                       f"{evidence.inputs.project.scope.unit}s "
                       f"({format_money(number(top['cost_per_correct_label']), currency)} per "
                       f"correct label), {where} of the {len(costs)} qualified quotes.")
    return reasons


def _robustness_summary(evidence: ReportEvidence, shortlisted: list[str]) -> dict[str, object]:
    robustness = evidence.robustness
    if robustness is None:
        return {"sentence": None, "detail": "No vendor passes every gate, so there is no "
                "ranking to test.", "others": [], "shortlist_share": None}
    top = evidence.result.top_vendor
    others = [f"{v} in {share_text(share)}" for v, share in
              sorted(robustness.first_rank.items(), key=lambda i: (-i[1], i[0]))
              if v != top and share > 0][:3]
    in_shortlist = sum(robustness.first_rank.get(v, 0.0) for v in shortlisted)
    return {
        "sentence": robustness_sentence(evidence),
        "why": robustness_reason(robustness.first_rank, robustness.missing_share, top or ""),
        "share": robustness.first_rank.get(top or "", 0.0),
        "others": others,
        "shortlist_share": share_text(min(in_shortlist, 1.0)),
        "detail": robustness_detail(robustness),
    }


def _key_risks(evidence: ReportEvidence, shortlisted: list[str]) -> list[dict[str, str]]:
    """The shortlist's worst residual risks that are not closed."""
    items = [r for v in shortlisted for r in vendor_register(evidence, v)
             if r.status is not RiskStatus.CLOSED]
    items.sort(key=lambda r: (-r.residual_severity, -r.severity, shortlisted.index(r.vendor),
                              r.title))
    return [risk_row(item) for item in items[:KEY_RISKS]]


def _cost_range(evidence: ReportEvidence, shortlisted: list[str]) -> dict[str, object]:
    table = evidence.result.table
    volume = f"{evidence.inputs.project.scope.volume:,} {evidence.inputs.project.scope.unit}s"

    def span(rows: Any, column: str) -> str | None:
        known = rows[rows[column].notna()]
        if known.empty:
            return None
        currency = str(known["currency"].iloc[0] or "USD")
        low, high = float(known[column].min()), float(known[column].max())
        if low == high:
            return format_money(low, currency)
        return format_interval(low, high, lambda value: format_money(value, currency))

    mine = table[table["vendor"].isin(shortlisted)]
    qualified = table[table["qualified"]]
    return {
        "volume": volume,
        "shortlist": span(mine, "total_cost"),
        "shortlist_per_correct": span(mine, "cost_per_correct_label"),
        "qualified": span(qualified, "total_cost"),
        "unpriced": [str(v) for v in mine.loc[mine["total_cost"].isna(), "vendor"]],
    }


def _ranking(evidence: ReportEvidence, shortlisted: list[str]) -> dict[str, object]:
    table = evidence.result.table
    rows, notes = [], []
    for row in table.itertuples(index=False):
        register = [r for r in vendor_register(evidence, str(row.vendor))
                    if r.status is not RiskStatus.CLOSED]
        penalty = float(row.risk_penalty)
        flags = [f"-{format_percent(penalty)} score" if penalty > 0 else "no adjustment"]
        if register:
            flags.append(plural(len(register), "open risk"))
        currency = row.currency or "USD"
        rows.append({
            "rank": int(row.rank), "vendor": str(row.vendor),
            "score": format_score(float(row.score)),
            "qualified": bool(row.qualified), "shortlisted": row.vendor in shortlisted,
            "gate_status": "Pass" if row.qualified else "Fail",
            "gate_failures": len(row.gate_failures),
            "risk_flags": flags,
            "note_marks": bool(flag_texts(row.flags, risk_adjustment=False)),
            "total_cost": format_money(number(row.total_cost), currency),
            "cost_per_correct_label": format_money(number(row.cost_per_correct_label), currency),
        })
        notes.extend({"vendor": str(row.vendor), "text": text}
                     for text in flag_texts(row.flags, risk_adjustment=False))
    return {"rows": rows, "notes": notes}
