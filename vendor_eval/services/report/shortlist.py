"""The shortlist report as user actions: build it, preview it, export it (PDF), with an audit trail.

What the report says lives in `documents.shortlist` (context, sections, appendix); what it
reads in `services.report.evidence`; how it looks in the organisation-editable `rfp_templates/`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from vendor_eval.documents.shortlist.charts import planned_charts
from vendor_eval.documents.shortlist.context import shortlist_context, shortlist_names
from vendor_eval.documents.shortlist.evidence import (
    ReportEvidence,
    evidence_from_inputs,
)
from vendor_eval.documents.shortlist.options import ReportOptions, Section
from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.people import Actor
from vendor_eval.engine.result import RankResult
from vendor_eval.errors import InputError
from vendor_eval.files.output import output_path, write_beside
from vendor_eval.render.chart_worker import (
    ChartWorker,
    draw_all,
)
from vendor_eval.render.pdf import generated_uri, html_to_pdf, svg_data_uri
from vendor_eval.render.templates import (
    render_template,
    shipped_templates_dir,
    template_environment,
)
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.report.evidence import gather_report_evidence
from vendor_eval.store.unit_of_work import UnitOfWork

SHORTLIST_TEMPLATE = "shortlist.html.j2"
PREVIEW_TEMPLATE = "shortlist_preview.html.j2"
PREVIEW_SECTIONS = (Section.SUMMARY, Section.RANKING)
BUILD_STEPS = ("ranking", "robustness", "charts", "pdf")
"""The steps `progress` hears, in order: load and rank, SMAA, charts and text, WeasyPrint
(which finishes the charts drawn beside it)."""

Progress = Callable[[str], None]

@dataclass(frozen=True)
class ShortlistReport:
    """A rendered report and what identifies it."""

    pdf: bytes
    fingerprint: str
    profile_id: str
    profile_version: int
    profile_hash: str
    top_vendor: str | None
    shortlist: tuple[str, ...]
    options: ReportOptions
    generated_at: datetime


def render_report_html(evidence: ReportEvidence, options: ReportOptions,
                       generated_at: datetime | None = None,
                       organisation_dir: Path | None = None,
                       charts: Mapping[str, str] | None = None) -> str:
    """The report's HTML. Charts are embedded as data URIs drawn here, unless `charts` gives
    each planned chart's source (as the PDF does, which fetches them as they are drawn)."""
    if charts is None:
        charts = {key: svg_data_uri(svg)
                  for key, svg in draw_all(planned_charts(evidence, options)).items()}
    environment = template_environment(organisation_dir)
    context = shortlist_context(evidence, options, generated_at, charts)
    return render_template(environment, SHORTLIST_TEMPLATE, context)


def render_report_pdf(evidence: ReportEvidence, options: ReportOptions,
                      generated_at: datetime | None = None,
                      organisation_dir: Path | None = None,
                      progress: Progress | None = None,
                      parallel: bool | None = None,
                      worker: ChartWorker | None = None) -> bytes:
    """The PDF of `evidence`; identical bytes for identical evidence, options and stamp.

    The charts are drawn while WeasyPrint lays out the text, by `worker` if the caller started
    one early, else by one started here (see `render.chart_worker`); `parallel` forces that on or
    off, None lets the process decide.
    """
    step = progress or (lambda _: None)
    step("charts")
    plan = planned_charts(evidence, options)
    worker = worker or ChartWorker.start(parallel if plan else False)
    try:
        worker.submit(plan)
        html = render_report_html(evidence, options, generated_at, organisation_dir,
                                  charts=worker.sources(generated_uri))
        step("pdf")
        overrides = [organisation_dir] if organisation_dir is not None else []
        return html_to_pdf(html, shipped_templates_dir(), overrides,
                           identifier=evidence.fingerprint[:32], generated=worker.svg)
    finally:
        worker.close()


def preview_html(evidence: ReportEvidence, top_k: int = 3,
                 organisation_dir: Path | None = None) -> str:
    """The executive summary and ranking as an HTML fragment for the app (no charts, no PDF)."""
    options = ReportOptions(top_k=top_k, sections=PREVIEW_SECTIONS, charts=False)
    environment = template_environment(organisation_dir)
    return render_template(environment, PREVIEW_TEMPLATE,
                           shortlist_context(evidence, options))


def shortlist_html(inputs: EvaluationInputs, result: RankResult, top_k: int,
                   generated_at: datetime | None = None,
                   organisation_dir: Path | None = None,
                   options: ReportOptions | None = None) -> str:
    """The report's HTML for inputs held in memory (no pilot run, no audit trail)."""
    options = options or ReportOptions(top_k=top_k)
    return render_report_html(evidence_from_inputs(inputs, result), options, generated_at,
                              organisation_dir)


def build_shortlist_report(uow: UnitOfWork, actor: Actor, project_key: str,
                           options: ReportOptions | None = None,
                           generated_at: datetime | None = None,
                           progress: Progress | None = None) -> ShortlistReport:
    """Read the project once and render its report; nothing is written or audited here."""
    require(actor, Action.EXPORT)
    options = options or ReportOptions()
    moment = (generated_at or datetime.now(UTC)).astimezone(UTC)
    # The chart worker loads matplotlib while the evidence is read (see `render.chart_worker`).
    worker = ChartWorker.start(None if options.charts else False)
    try:
        evidence = gather_report_evidence(uow, actor, project_key, progress)
        pdf = render_report_pdf(evidence, options, moment, progress=progress, worker=worker)
    finally:
        worker.close()
    return ShortlistReport(
        pdf=pdf, fingerprint=evidence.fingerprint, profile_id=evidence.result.profile_id,
        profile_version=evidence.result.profile_version,
        profile_hash=evidence.result.profile_hash, top_vendor=evidence.result.top_vendor,
        shortlist=tuple(shortlist_names(evidence, options.top_k)), options=options,
        generated_at=moment)


def export_shortlist_pdf(uow: UnitOfWork, actor: Actor, project_key: str,
                         output: Path | None, top_k: int = 3, *,
                         options: ReportOptions | None = None,
                         generated_at: datetime | None = None,
                         progress: Progress | None = None) -> Path:
    """Write the shortlist PDF (never a half-written file) and record who exported what."""
    require(actor, Action.EXPORT)
    options = _options(top_k, options)
    target = output_path(project_key, output, "shortlist.pdf", "--output")
    report = build_shortlist_report(uow, actor, project_key, options, generated_at, progress)
    temporary = write_beside(target, report.pdf)
    try:
        with uow:
            record_event(uow.session, actor, AuditAction.REPORT_EXPORT, f"project:{project_key}",
                         _audit_detail(report, str(target)))
            os.replace(temporary, target)
            uow.commit()
    finally:
        temporary.unlink(missing_ok=True)
    return target


def shortlist_pdf_bytes(uow: UnitOfWork, actor: Actor, project_key: str, top_k: int = 3, *,
                        options: ReportOptions | None = None,
                        generated_at: datetime | None = None,
                        progress: Progress | None = None) -> bytes:
    """The same report for the app's download button: same checks and audit, no file."""
    report = build_shortlist_report(uow, actor, project_key, _options(top_k, options),
                                    generated_at, progress)
    with uow:
        record_event(uow.session, actor, AuditAction.REPORT_EXPORT, f"project:{project_key}",
                     _audit_detail(report, "download"))
        uow.commit()
    return report.pdf


def _options(top_k: int, options: ReportOptions | None) -> ReportOptions:
    if options is not None:
        return options
    if top_k < 1:
        raise InputError(f"the shortlist needs at least one vendor, got {top_k}",
                         column="--top")
    return ReportOptions(top_k=top_k)





def _audit_detail(report: ShortlistReport, output: str) -> dict[str, object]:
    return {
        "output": output,
        "top_k": report.options.top_k,
        "sections": [s.value for s in report.options.sections],
        "input_fingerprint": report.fingerprint,
        "profile": report.profile_id,
        "profile_version": report.profile_version,
        "profile_hash": report.profile_hash,
        "top_vendor": report.top_vendor,
        "shortlist": list(report.shortlist),
        "generated_at": report.generated_at.isoformat(),
        "sha256": hashlib.sha256(report.pdf).hexdigest(),
        "bytes": len(report.pdf),
    }
