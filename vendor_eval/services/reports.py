"""The shortlist report: what it says (context), how it prints (PDF), and exporting it."""

from __future__ import annotations

import hashlib
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from vendor_eval import config
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.evidence import EvaluatorScore, RiskItem, Vendor
from vendor_eval.domain.people import Actor
from vendor_eval.domain.presentation import format_money, format_percent, format_score
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.result import Finding, RankResult
from vendor_eval.errors import InputError
from vendor_eval.render.charts import category_contribution_svg
from vendor_eval.render.pdf import html_to_pdf, svg_data_uri
from vendor_eval.render.templates import (
    render_template,
    shipped_templates_dir,
    template_environment,
)
from vendor_eval.services.audit import record_event
from vendor_eval.services.permissions import Action, require
from vendor_eval.services.ranking import load_evaluation
from vendor_eval.store.unit_of_work import UnitOfWork

SHORTLIST_TEMPLATE = "shortlist.html.j2"
DOCUMENT_TITLE = "Shortlist report"
COMMENTS_PER_VENDOR = 4
HASH_PREFIX = 12
RUNNING_TITLE_CHARS = 80
ACRONYMS = {"pii", "phi", "eu", "llm", "bpo", "hitl", "qa", "ai"}


def shortlist_context(inputs: EvaluationInputs, result: RankResult, top_k: int,
                      generated_at: datetime | None = None) -> dict[str, object]:
    """Everything the shortlist template shows, as plain dicts, lists and strings.

    Plain values keep templates (which organisations edit) away from live objects and let
    the same context feed the PDF, a preview or a test.
    """
    if top_k < 1:
        raise InputError(f"the shortlist needs at least one vendor, got {top_k}", column="top_k")
    project, profile = inputs.project, inputs.profile
    table = result.table
    shortlisted = shortlist_names(result, top_k)
    vendors = {v.name: v for v in inputs.vendors}
    moment = (generated_at or datetime.now(UTC)).astimezone(UTC)
    chart = category_contribution_svg(result)
    qualified = int(table["qualified"].sum())
    return {
        "document_title": DOCUMENT_TITLE,
        "generated_at": moment.strftime("%d %B %Y, %H:%M UTC"),
        "project": {
            "key": project.key,
            "title": project.title,
            "running_title": running_title(project.title),
            "description": project.description,
            "scope_summary": scope_summary(inputs),
            "volume": f"{project.scope.volume:,} {project.scope.unit}s",
        },
        "profile": {
            "id": profile.id,
            "name": profile.name,
            "version": result.profile_version,
            "hash": result.profile_hash,
            "hash_prefix": result.profile_hash[:HASH_PREFIX],
        },
        "method": {
            "name": result.method,
            "missing_scores": _missing_policy_text(str(result.parameters.get("missing_scores"))),
            "gates": _gates_text(inputs, result),
            "risk_rule": _risk_rule_text(inputs),
        },
        "counts": {"vendors": len(table), "qualified": qualified,
                   "excluded": len(table) - qualified},
        "top_vendor": result.top_vendor,
        "ranking": [_ranking_row(row, row.vendor in shortlisted)
                    for row in table.itertuples(index=False)],
        "chart_svg": chart,
        "chart_src": svg_data_uri(chart),
        "shortlist": [
            _vendor_section(inputs, result, row, vendors[row.vendor])
            for row in table.itertuples(index=False) if row.vendor in shortlisted
        ],
        "excluded": [
            {"name": row.vendor, "score": format_score(float(row.score)),
             "reasons": list(row.gate_failures)}
            for row in table.itertuples(index=False) if not row.qualified
        ],
    }


def running_title(title: str, limit: int = RUNNING_TITLE_CHARS) -> str:
    """The title cut at a word to fit one header line (WeasyPrint's CSS ellipsis breaks the
    PDF's text layer, so the cut is made here)."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0] if " " in title[: limit - 1] else title[: limit - 1]
    return cut.rstrip(" ,;:-") + "\u2026"


def shortlist_names(result: RankResult, top_k: int) -> list[str]:
    """The top_k qualified vendors in rank order; a tie at the cut-off keeps every tied vendor."""
    qualified = result.table[result.table["qualified"]]
    if qualified.empty:
        return []
    cut = int(qualified["rank"].iloc[min(top_k, len(qualified)) - 1])
    return [str(v) for v in qualified.loc[qualified["rank"] <= cut, "vendor"]]


def shortlist_html(inputs: EvaluationInputs, result: RankResult, top_k: int,
                   generated_at: datetime | None = None,
                   organisation_dir: Path | None = None) -> str:
    environment = template_environment(organisation_dir)
    context = shortlist_context(inputs, result, top_k, generated_at)
    return render_template(environment, SHORTLIST_TEMPLATE, context)


def render_shortlist_pdf(inputs: EvaluationInputs, result: RankResult, top_k: int,
                         generated_at: datetime | None = None,
                         organisation_dir: Path | None = None) -> bytes:
    html = shortlist_html(inputs, result, top_k, generated_at, organisation_dir)
    overrides = [organisation_dir] if organisation_dir is not None else []
    return html_to_pdf(html, shipped_templates_dir(), overrides)


def export_shortlist_pdf(uow: UnitOfWork, actor: Actor, project_key: str,
                         output: Path | None, top_k: int = 3) -> Path:
    """Write the shortlist PDF (never a half-written file) and record who exported what."""
    require(actor, Action.EXPORT)
    target = _output_path(project_key, output)
    result, pdf = _rank_and_render(uow, actor, project_key, top_k)
    temporary = _write_beside(target, pdf)
    try:
        with uow:
            record_event(uow.session, actor, "report.export", f"project:{project_key}",
                         _audit_detail(result, top_k, pdf, str(target)))
            os.replace(temporary, target)
            uow.commit()
    finally:
        temporary.unlink(missing_ok=True)
    return target


def shortlist_pdf_bytes(uow: UnitOfWork, actor: Actor, project_key: str, top_k: int = 3) -> bytes:
    """The same report for the app's download button: same checks and audit, no file."""
    require(actor, Action.EXPORT)
    result, pdf = _rank_and_render(uow, actor, project_key, top_k)
    with uow:
        record_event(uow.session, actor, "report.export", f"project:{project_key}",
                     _audit_detail(result, top_k, pdf, "download"))
        uow.commit()
    return pdf


def scope_summary(inputs: EvaluationInputs) -> str:
    scope = inputs.project.scope
    parts = [_label(scope.industry.value)]
    if scope.data_types:
        parts.append(", ".join(scope.data_types))
    parts.append(f"{scope.volume:,} {scope.unit}s")
    if scope.languages:
        parts.append("languages: " + ", ".join(scope.languages))
    if scope.sensitivity:
        parts.append("sensitive data: " + ", ".join(sorted(_label(s.value)
                                                           for s in scope.sensitivity)))
    return "; ".join(parts)


def _rank_and_render(uow: UnitOfWork, actor: Actor, project_key: str,
                     top_k: int) -> tuple[RankResult, bytes]:
    inputs = load_evaluation(uow, actor, project_key)
    result = evaluate(inputs)
    return result, render_shortlist_pdf(inputs, result, top_k)


def _output_path(project_key: str, output: Path | None) -> Path:
    if output is None:
        folder = Path(config.REPORTS_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{project_key}-shortlist.pdf"
    target = Path(output).expanduser()
    if target.is_dir():
        raise InputError("is a folder; give a file name such as shortlist.pdf",
                         file=str(target), column="--output")
    if not target.parent.is_dir():
        raise InputError(f"folder {target.parent} does not exist", file=str(target),
                         column="--output")
    return target


def _write_beside(target: Path, content: bytes) -> Path:
    """A fully written temporary file in the target's folder, so os.replace is atomic."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _audit_detail(result: RankResult, top_k: int, pdf: bytes, output: str) -> dict[str, object]:
    return {
        "output": output,
        "top_k": top_k,
        "profile": result.profile_id,
        "profile_version": result.profile_version,
        "profile_hash": result.profile_hash,
        "top_vendor": result.top_vendor,
        "shortlist": shortlist_names(result, top_k),
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "bytes": len(pdf),
    }


def _ranking_row(row: Any, shortlisted: bool) -> dict[str, object]:
    penalty = float(row.risk_penalty)
    currency = row.currency or "USD"
    return {
        "rank": int(row.rank),
        "vendor": str(row.vendor),
        "score": format_score(float(row.score)),
        "qualified": bool(row.qualified),
        "shortlisted": shortlisted,
        "gate_status": "Pass" if row.qualified else "Fail",
        "gate_failures": list(row.gate_failures),
        "risk_adjustment": f"-{format_percent(penalty)}" if penalty > 0 else "none",
        "total_cost": format_money(_number(row.total_cost), currency),
        "cost_per_correct_label": format_money(_number(row.cost_per_correct_label), currency),
    }


def _vendor_section(inputs: EvaluationInputs, result: RankResult, row: Any,
                    vendor: Vendor) -> dict[str, object]:
    """One shortlisted vendor; `row` is its ranking-table row (a pandas itertuples record)."""
    explanation = result.explanations.get(row.vendor)
    return {
        "name": str(row.vendor),
        "rank": int(row.rank),
        "score": format_score(float(row.score)),
        "delivery_model": _label(vendor.delivery_model.value),
        "headquarters": vendor.headquarters,
        "description": vendor.description,
        "total_cost": format_money(_number(row.total_cost), row.currency or "USD"),
        "strengths": [_finding(f) for f in explanation.strengths] if explanation else [],
        "weaknesses": [_finding(f) for f in explanation.weaknesses] if explanation else [],
        "flags": list(row.flags),
        "risks": [_risk(item) for item in _vendor_risks(inputs.risks, row.vendor)],
        "comments": _comments(inputs, row.vendor),
    }


def _finding(finding: Finding) -> dict[str, str]:
    return {"criterion": finding.criterion, "category": finding.category,
            "detail": finding.detail}


def _vendor_risks(risks: tuple[RiskItem, ...], vendor: str) -> list[RiskItem]:
    mine = [item for item in risks if item.vendor == vendor]
    return sorted(mine, key=lambda item: (-item.severity, item.title))


def _risk(item: RiskItem) -> dict[str, str]:
    return {
        "title": item.title,
        "severity": f"{item.likelihood} \u00d7 {item.impact} = {item.severity}",
        "mitigation": item.mitigation,
        "status": item.status.value,
        "owner": item.owner,
    }


def _comments(inputs: EvaluationInputs, vendor: str) -> list[dict[str, str]]:
    """A few comments, those on the most heavily weighted criteria first."""
    weights = inputs.profile.criterion_weights()
    names = {c.id: c.name for c in inputs.catalogue.criteria}
    mine: list[EvaluatorScore] = [s for s in inputs.scores
                                  if s.vendor == vendor and s.comment.strip()]
    mine.sort(key=lambda s: (-weights.get(s.criterion_id, 0.0), s.criterion_id, s.evaluator))
    return [
        {"text": s.comment.strip(), "evaluator": s.evaluator,
         "criterion": names.get(s.criterion_id, s.criterion_id), "score": f"{s.score:g}"}
        for s in mine[:COMMENTS_PER_VENDOR]
    ]


def _missing_policy_text(policy: str) -> str:
    if policy == "zero":
        return "a missing score counts as the worst value (zero)"
    return ("a missing score is left out for that vendor and the weights of the criteria it "
            "has are rescaled within the category")


def _gates_text(inputs: EvaluationInputs, result: RankResult) -> str:
    applied = result.parameters.get("gates") or []
    if not applied:
        return "none apply to this project's scope"
    names = {c.id: c.name for c in inputs.catalogue.criteria}
    return ", ".join(names.get(str(g), str(g)) for g in applied)


def _risk_rule_text(inputs: EvaluationInputs) -> str:
    rule = inputs.profile.risk
    factors = ", ".join(f"{status.value} {factor:g}"
                        for status, factor in rule.status_factors.items())
    return (f"score \u00d7 (1 - penalty), penalty = min({format_percent(rule.cap, 0)}, "
            f"{rule.rate:g} \u00d7 exposure); exposure = sum over risk items of status factor "
            f"\u00d7 likelihood \u00d7 impact / 25 (status factors: {factors})")


def _label(value: str) -> str:
    """An enum value as words: `boutique_hitl` -> `Boutique HITL`."""
    words = [w.upper() if w in ACRONYMS else w for w in value.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
