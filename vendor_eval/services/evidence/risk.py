"""Risk and compliance: the checklist per vendor, assessments and the risk register."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pydantic import ValidationError

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.checklist import ChecklistAssessment
from vendor_eval.domain.criteria import validation_error_to_input_error
from vendor_eval.domain.evidence import RiskItem
from vendor_eval.domain.people import Actor
from vendor_eval.engine.checklist import ChecklistOutcome
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.result import RankResult
from vendor_eval.errors import InputError
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.catalogue import get_checklist
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.kernel.versions import next_version
from vendor_eval.store import repository
from vendor_eval.store.tables import ChecklistAssessmentRow, RiskItemRow
from vendor_eval.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class RiskOverview:
    """What the Risk page and `vendor-eval risk` show: checklist outcome, register, penalties."""

    result: RankResult
    register: tuple[RiskItem, ...]  # the recorded risks and the checklist's derived entries

    @property
    def checklist(self) -> ChecklistOutcome:
        assert self.result.checklist is not None
        return self.result.checklist

    def register_frame(self) -> pd.DataFrame:
        """One row per risk with inherent and residual likelihood x impact."""
        return pd.DataFrame([{
            "vendor": r.vendor, "title": r.title, "likelihood": r.likelihood, "impact": r.impact,
            "severity": r.severity, "residual_likelihood": r.residual_likelihood or r.likelihood,
            "residual_impact": r.residual_impact or r.impact, "residual": r.residual_severity,
            "status": r.status.value, "owner": r.owner, "mitigation": r.mitigation,
            "from_checklist": r.title.startswith("Checklist:"),
        } for r in self.register], columns=[
            "vendor", "title", "likelihood", "impact", "severity", "residual_likelihood",
            "residual_impact", "residual", "status", "owner", "mitigation", "from_checklist"])

    def to_json(self, vendor: str | None = None) -> list[dict[str, object]]:
        """Per vendor: required items with status, failed gates, register, residual risk."""
        rows = self.checklist.rows
        register = self.register_frame()
        out = []
        for row in self.result.table.itertuples(index=False):
            if vendor is not None and row.vendor != vendor:
                continue
            mine = rows[(rows["vendor"] == row.vendor) & rows["required"]]
            out.append({
                "vendor": row.vendor,
                "qualified": bool(row.qualified),
                "failed_gates": list(row.gate_failures),
                "required_items": [
                    {"item_id": r.item_id, "title": r.title, "status": r.effective_status,
                     "expires_on": r.expires_on.isoformat() if r.expires_on else None,
                     "flag": r.flag or None}
                    for r in mine.itertuples(index=False)
                ],
                "register": register[register["vendor"] == row.vendor].drop(columns="vendor")
                .to_dict(orient="records"),
                "risk_exposure": round(float(row.risk_exposure), 4),
                "risk_penalty": round(float(row.risk_penalty), 4),
            })
        return out


def risk_overview(uow: UnitOfWork, actor: Actor, project_key: str) -> RiskOverview:
    inputs = load_evaluation(uow, actor, project_key)
    result = evaluate(inputs)
    return RiskOverview(result=result,
                        register=(*inputs.risks, *result.checklist.register))


def save_assessments(uow: UnitOfWork, actor: Actor, project_key: str,
                     assessments: list[ChecklistAssessment] | list[dict],
                     source: str = "checklist form", lines: list[int] | None = None) -> int:
    """Record reviewers' findings; all rows or none. Returns the number of rows changed.

    `lines` gives each entry's line in its file, so errors name the real line.
    """
    lines = lines or list(range(1, len(assessments) + 1))
    require(actor, Action.EDIT_PROJECT)
    checklist = get_checklist()
    findings = []
    for index, raw in zip(lines, assessments, strict=True):
        try:
            finding = raw if isinstance(raw, ChecklistAssessment) else \
                ChecklistAssessment.model_validate(raw)
        except ValidationError as exc:
            error = validation_error_to_input_error(exc, source)
            raise InputError(error.message, file=source, row=index, column=error.column) from None
        if finding.item_id not in checklist.by_id:
            raise InputError(f"unknown checklist item id '{finding.item_id}'", file=source,
                             row=index, column="item_id")
        findings.append(finding)
    keys = [(f.vendor, f.item_id) for f in findings]
    for index, key in zip(lines, keys, strict=True):
        if keys.count(key) > 1:
            raise InputError(f"{key[0]} / {key[1]} appears more than once", file=source,
                             row=index, column="item_id")
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        vendors = uow.vendors(project)
        existing = repository.assessments_by_key(session, project.id)
        changes = []
        for index, finding in zip(lines, findings, strict=True):
            vendor_id = vendors.id_of(finding.vendor, file=source, row=index)
            values = finding.model_dump(exclude={"vendor", "item_id"})
            row = existing.get((vendor_id, finding.item_id))
            if row is None:
                row = ChecklistAssessmentRow(project_id=project.id,
                                             vendor_id=vendor_id,
                                             item_id=finding.item_id, **values)
                before = None
            else:
                before = {k: getattr(row, k) for k in values}
                if before == values:
                    continue
                for name, value in values.items():
                    setattr(row, name, value)
                next_version(row)
            session.add(row)
            changes.append({"vendor": finding.vendor, "item": finding.item_id,
                            "before": before, "after": values})
        if changes:
            record_event(session, actor, AuditAction.CHECKLIST_SAVE, f"project:{project_key}",
                         {"source": source, "changes": changes})
        uow.commit()
    return len(changes)


def confirm_self_declared(uow: UnitOfWork, actor: Actor, project_key: str, vendor: str,
                          item_ids: list[str] | None = None) -> list[str]:
    """A reviewer confirms a vendor's self-declared findings (its RFP answers) in one action.

    Each finding keeps the vendor's status and evidence and gets the reviewer's name, so it
    counts as checked; the one audit event lists every item confirmed. `item_ids` limits it to
    some of them. Returns the ids confirmed, in checklist order.
    """
    require(actor, Action.EDIT_PROJECT)
    order = {item.id: index for index, item in enumerate(get_checklist().items)}
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        vendor_id = uow.vendors(project).id_of(vendor, column="vendor")
        rows = [row for (owner, item_id), row
                in repository.assessments_by_key(session, project.id).items()
                if owner == vendor_id and (item_ids is None or item_id in item_ids)
                and _finding(row, vendor).self_declared]
        if not rows:
            raise InputError(f"{vendor} has no self-declared findings left to confirm",
                             column="vendor")
        rows.sort(key=lambda row: order.get(row.item_id, len(order)))
        for row in rows:
            row.reviewer = actor.name
            next_version(row, actor.name)
            session.add(row)
        confirmed = [row.item_id for row in rows]
        record_event(session, actor, AuditAction.CHECKLIST_CONFIRM, f"project:{project_key}",
                     {"vendor": vendor, "confirmed": [
                         {"item": row.item_id, "status": row.status} for row in rows]})
        uow.commit()
    return confirmed


def _finding(row: ChecklistAssessmentRow, vendor: str) -> ChecklistAssessment:
    return ChecklistAssessment(vendor=vendor, item_id=row.item_id, status=row.status,
                               evidence=row.evidence, file_reference=row.file_reference,
                               expires_on=row.expires_on, reviewer=row.reviewer)


def save_risk_items(uow: UnitOfWork, actor: Actor, project_key: str,
                    items: list[RiskItem] | list[dict], source: str = "risk register") -> int:
    """Add or update register entries, matched by vendor and title; all rows or none."""
    require(actor, Action.EDIT_PROJECT)
    risks = []
    for index, raw in enumerate(items, start=1):
        try:
            risks.append(raw if isinstance(raw, RiskItem) else RiskItem.model_validate(raw))
        except ValidationError as exc:
            error = validation_error_to_input_error(exc, source)
            raise InputError(error.message, file=source, row=index, column=error.column) from None
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        vendors = uow.vendors(project)
        existing = repository.risks_by_key(session, project.id)
        changes = []
        for index, risk in enumerate(risks, start=1):
            vendor_id = vendors.id_of(risk.vendor, file=source, row=index)
            values = risk.model_dump(mode="json", exclude={"vendor", "title"})
            row = existing.get((vendor_id, risk.title))
            before = None if row is None else {k: getattr(row, k) for k in values}
            if before == values:
                continue
            if row is None:
                row = RiskItemRow(project_id=project.id, vendor_id=vendor_id,
                                  title=risk.title, **values)
            else:
                for name, value in values.items():
                    setattr(row, name, value)
                next_version(row)
            session.add(row)
            changes.append({"vendor": risk.vendor, "title": risk.title, "before": before,
                            "after": values})
        if changes:
            record_event(session, actor, AuditAction.RISKS_SAVE, f"project:{project_key}",
                         {"source": source, "changes": changes})
        uow.commit()
    return len(changes)


ASSESSMENT_COLUMNS = ("vendor", "item_id", "status")
OPTIONAL_ASSESSMENT_COLUMNS = ("evidence", "file_reference", "expires_on", "reviewer")


def import_assessments(uow: UnitOfWork, actor: Actor, project_key: str, name: str,
                       data: bytes) -> int:
    """Checklist findings from a CSV or XLSX file: every row valid, or nothing is written."""
    from vendor_eval.files.tables import LINE, read_rows

    rows = read_rows(name, data, ASSESSMENT_COLUMNS, OPTIONAL_ASSESSMENT_COLUMNS)
    lines = [int(row.pop(LINE)) for row in rows]
    cleaned = [{k: v for k, v in row.items() if v not in ("", None)} for row in rows]
    return save_assessments(uow, actor, project_key, cleaned, source=name, lines=lines)
