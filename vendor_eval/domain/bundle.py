"""A whole project as one value: what the demo loader, imports and exports exchange.

Bundles carry names, never database ids, so they move between databases unchanged (RFP answers
name their RFP by its reference token, the one the vendor's workbook carries).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from vendor_eval.domain.checklist import ChecklistAssessment
from vendor_eval.domain.evidence import (
    EvaluatorScore,
    MeasuredValue,
    PriceQuote,
    RiskItem,
    Vendor,
)
from vendor_eval.domain.people import Actor
from vendor_eval.domain.project import Project
from vendor_eval.domain.rfp import RfpAnswerRecord, RfpIssue
from vendor_eval.domain.team import (
    ConflictDeclaration,
    ConsensusScore,
    ProfileChange,
    ScoresUnlock,
    Submission,
    WeightsFreeze,
)


class ProjectBundle(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    project: Project
    vendors: tuple[Vendor, ...]
    evaluators: tuple[Actor, ...] = ()
    scores: tuple[EvaluatorScore, ...] = ()
    measured: tuple[MeasuredValue, ...] = ()
    prices: tuple[PriceQuote, ...] = ()
    assessments: tuple[ChecklistAssessment, ...] = ()
    risks: tuple[RiskItem, ...] = ()
    # Team workspace (all optional, so older bundles still load):
    assignments: tuple[str, ...] = ()  # names from `evaluators` who score this project
    conflicts: tuple[ConflictDeclaration, ...] = ()
    submissions: tuple[Submission, ...] = ()
    consensus: tuple[ConsensusScore, ...] = ()
    freeze: WeightsFreeze | None = None
    unlock: ScoresUnlock | None = None
    profile_changes: tuple[ProfileChange, ...] = ()
    # RFP history (optional too): the RFPs issued, by token, and the answers that came back.
    rfp_issues: tuple[RfpIssue, ...] = ()
    rfp_answers: tuple[RfpAnswerRecord, ...] = ()
