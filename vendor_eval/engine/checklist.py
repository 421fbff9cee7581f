"""Checklist outcomes: which items the scope requires, who fails them, what becomes a risk.

A required item that is not met (or only partly, or expired, or not assessed) disqualifies the
vendor with the reason shown. An item the scope does not require but the vendor does not meet
becomes a risk-register entry with the item's default likelihood x impact (one step less likely
when partly met), so it feeds the documented risk adjustment instead of being forgotten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from vendor_eval.domain.checklist import (
    ChecklistAssessment,
    ChecklistCatalogue,
    ChecklistItem,
    ChecklistStatus,
)
from vendor_eval.domain.enums import RiskStatus
from vendor_eval.domain.evidence import RiskItem
from vendor_eval.domain.flags import Flag, FlagCode
from vendor_eval.domain.presentation import flag_text
from vendor_eval.domain.project import Scope

SOON_DAYS = 90  # certificates expiring within this many days are flagged for renewal
OUTCOME_GATE = "failed gate"
OUTCOME_RISK = "risk entry"
OUTCOME_OK = "ok"
OUTCOME_UNASSESSED = "not assessed"
ROW_COLUMNS = ("vendor", "item_id", "title", "section", "required", "status", "effective_status",
               "expires_on", "evidence", "reviewer", "self_declared", "flag", "outcome")


@dataclass(frozen=True)
class ChecklistOutcome:
    """Per vendor x item rows, plus what they mean for the decision."""

    rows: pd.DataFrame
    gate_failures: dict[str, list[str]]
    register: tuple[RiskItem, ...]
    expiry_flags: dict[str, list[Flag]]

    def coverage(self) -> pd.DataFrame:
        """Vendors x required items: the effective status, for the 'who may get the data' view."""
        required = self.rows[self.rows["required"]]
        return required.pivot(index="vendor", columns="title", values="effective_status")


def required_item_ids(checklist: ChecklistCatalogue, scope: Scope,
                      gate_criteria: Iterable[str] = ()) -> set[str]:
    """Items the scope requires, plus those linked to gates the weighting profile applies."""
    required = {item.id for item in checklist.items if item.required_for(scope)}
    for criterion in gate_criteria:
        item = checklist.by_gate.get(criterion)
        if item is not None:
            required.add(item.id)
    return required


def effective_status(item: ChecklistItem, assessment: ChecklistAssessment | None,
                     as_of: date) -> tuple[ChecklistStatus | None, Flag | None]:
    """The status that counts today, and a flag about certificate expiry if there is one."""
    if assessment is None:
        return None, None
    status = assessment.status
    if not item.certificate or status is not ChecklistStatus.MET:
        return status, None
    if assessment.expires_on is None:
        return status, Flag(FlagCode.CERTIFICATE_UNDATED, subjects=(item.title,))
    days = (assessment.expires_on - as_of).days
    if days < 0:
        return ChecklistStatus.NOT_MET, Flag(FlagCode.CERTIFICATE_EXPIRED, subjects=(item.title,),
                                             on=assessment.expires_on)
    if days <= SOON_DAYS:
        return status, Flag(FlagCode.CERTIFICATE_EXPIRING, subjects=(item.title,),
                            on=assessment.expires_on, days=days)
    return status, None


def evaluate_checklist(
    checklist: ChecklistCatalogue,
    scope: Scope,
    vendors: list[str],
    assessments: Iterable[ChecklistAssessment],
    as_of: date,
    gate_criteria: Iterable[str] = (),
) -> ChecklistOutcome:
    required = required_item_ids(checklist, scope, gate_criteria)
    found = {(a.vendor, a.item_id): a for a in assessments}
    rows: list[dict[str, object]] = []
    failures: dict[str, list[str]] = {vendor: [] for vendor in vendors}
    flags: dict[str, list[Flag]] = {vendor: [] for vendor in vendors}
    register: list[RiskItem] = []
    for vendor in vendors:
        for item in checklist.items:
            assessment = found.get((vendor, item.id))
            status, flag = effective_status(item, assessment, as_of)
            if flag:
                flags[vendor].append(flag)
            is_required = item.id in required
            outcome = _outcome(item, status, is_required)
            if outcome == OUTCOME_GATE:
                failures[vendor].append(f"{item.title}: {_failure_text(assessment, status)} "
                                        f"({item.guards_against})")
            elif outcome == OUTCOME_RISK:
                register.append(_risk_entry(vendor, item, status))
            rows.append({
                "vendor": vendor, "item_id": item.id, "title": item.title,
                "section": item.section.value, "required": is_required,
                "status": assessment.status.value if assessment else None,
                "effective_status": status.value if status else OUTCOME_UNASSESSED,
                "expires_on": assessment.expires_on if assessment else None,
                "evidence": assessment.evidence if assessment else "",
                "reviewer": assessment.reviewer if assessment else "",
                "self_declared": bool(assessment and assessment.self_declared),
                "flag": flag_text(flag) if flag else "", "outcome": outcome,
            })
    return ChecklistOutcome(rows=pd.DataFrame(rows, columns=list(ROW_COLUMNS)),
                            gate_failures=failures,
                            register=tuple(register), expiry_flags=flags)


def _outcome(item: ChecklistItem, status: ChecklistStatus | None, required: bool) -> str:
    if required:
        return OUTCOME_OK if status is ChecklistStatus.MET else OUTCOME_GATE
    if status in (ChecklistStatus.NOT_MET, ChecklistStatus.PARTLY):
        return OUTCOME_RISK
    return OUTCOME_UNASSESSED if status is None else OUTCOME_OK


def _failure_text(assessment: ChecklistAssessment | None, status: ChecklistStatus | None) -> str:
    if assessment is None:
        return "not assessed"
    if status is ChecklistStatus.NOT_APPLICABLE:
        return "marked not applicable, but the project's scope requires it"
    if assessment.status is ChecklistStatus.MET:  # met on paper, but the certificate expired
        return f"certificate expired on {assessment.expires_on.isoformat()}"
    detail = f" - {assessment.evidence}" if assessment.evidence else ""
    return ("only partly met" if status is ChecklistStatus.PARTLY else "not met") + detail


def _risk_entry(vendor: str, item: ChecklistItem, status: ChecklistStatus) -> RiskItem:
    partly = status is ChecklistStatus.PARTLY
    return RiskItem(
        vendor=vendor,
        title=f"Checklist: {item.title} {'only partly met' if partly else 'not met'}",
        likelihood=max(1, item.likelihood - 1) if partly else item.likelihood,
        impact=item.impact,
        mitigation=item.mitigation,
        status=RiskStatus.OPEN,
        owner="",
    )
