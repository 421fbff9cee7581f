"""SQLModel tables; rows convert to domain models at this boundary, never past it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class ProjectRow(SQLModel, table=True):
    __tablename__ = "project"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True, max_length=80)
    title: str = Field(max_length=200)
    description: str = ""
    industry: str = Field(max_length=40)
    data_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    volume: int
    unit: str = Field(default="item", max_length=40)
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sensitivity: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    profile_id: str = Field(max_length=80)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})
    # Frozen weights: the profile version (of profile_id) scoring and ranking use, and its hash.
    frozen_version: int | None = None
    frozen_hash: str | None = Field(default=None, max_length=64)
    frozen_at: datetime | None = None
    frozen_by: str | None = Field(default=None, max_length=120)
    # An analyst's explicit, reasoned unlock of blind scores before everyone has submitted.
    unlocked_at: datetime | None = None
    unlocked_by: str | None = Field(default=None, max_length=120)
    unlock_reason: str | None = None


class VendorRow(SQLModel, table=True):
    __tablename__ = "vendor"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=120)
    delivery_model: str = Field(max_length=40)
    headquarters: str = ""
    description: str = ""
    version: int = 1


class ProjectVendorRow(SQLModel, table=True):
    __tablename__ = "project_vendor"

    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    vendor_id: int = Field(foreign_key="vendor.id", primary_key=True, ondelete="CASCADE")


class PersonRow(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=120)
    email: str | None = Field(default=None, unique=True, max_length=200)
    role: str = Field(max_length=20)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    updated_by: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})


class ScoreRow(SQLModel, table=True):
    __tablename__ = "score"
    __table_args__ = (UniqueConstraint("project_id", "vendor_id", "criterion_id", "evaluator_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    vendor_id: int = Field(foreign_key="vendor.id", ondelete="CASCADE")
    evaluator_id: int = Field(foreign_key="person.id")
    criterion_id: str = Field(max_length=80)
    score: float
    comment: str = ""
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=120, sa_column_kwargs={"server_default": ""})


class ProjectAssignmentRow(SQLModel, table=True):
    """A person assigned to score a project; blind scoring waits for all of them to submit."""

    __tablename__ = "project_assignment"

    project_id: int = Field(foreign_key="project.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    assigned_at: datetime = Field(default_factory=utcnow)
    assigned_by: str = Field(default="", max_length=120)


class ConflictDeclarationRow(SQLModel, table=True):
    """An evaluator's conflict-of-interest declaration for a project (required before scoring)."""

    __tablename__ = "conflict_declaration"
    __table_args__ = (UniqueConstraint("project_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id")
    has_conflict: bool
    details: str = ""
    declared_at: datetime = Field(default_factory=utcnow)
    declared_by: str = Field(default="", max_length=120)
    version: int = 1
    updated_by: str = Field(default="", max_length=120)


class SubmissionRow(SQLModel, table=True):
    """An evaluator's submitted scores: while this row exists their scores are locked."""

    __tablename__ = "score_submission"
    __table_args__ = (UniqueConstraint("project_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id")
    submitted_at: datetime = Field(default_factory=utcnow)
    submitted_by: str = Field(default="", max_length=120)
    scores_hash: str = Field(max_length=64)


class ConsensusScoreRow(SQLModel, table=True):
    """The score the team agreed for one cell, with its rationale; it replaces the mean."""

    __tablename__ = "consensus_score"
    __table_args__ = (UniqueConstraint("project_id", "vendor_id", "criterion_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    vendor_id: int = Field(foreign_key="vendor.id", ondelete="CASCADE")
    criterion_id: str = Field(max_length=80)
    score: float
    rationale: str
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=120)


class ProfileChangeRow(SQLModel, table=True):
    """A project's weights changed after scoring or measuring began: who, when, why, from what."""

    __tablename__ = "profile_change"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    at: datetime = Field(default_factory=utcnow)
    by: str = Field(max_length=120)
    before_profile_id: str = Field(max_length=80)
    before_version: int | None = None
    before_hash: str | None = Field(default=None, max_length=64)
    after_profile_id: str = Field(max_length=80)
    after_version: int
    after_hash: str = Field(max_length=64)
    reason: str


class MeasuredValueRow(SQLModel, table=True):
    __tablename__ = "measured_value"
    __table_args__ = (UniqueConstraint("project_id", "vendor_id", "criterion_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    vendor_id: int = Field(foreign_key="vendor.id", ondelete="CASCADE")
    criterion_id: str = Field(max_length=80)
    value: float
    sample_size: int | None = None
    source: str = ""


class PriceQuoteRow(SQLModel, table=True):
    __tablename__ = "price_quote"
    __table_args__ = (UniqueConstraint("project_id", "vendor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    vendor_id: int = Field(foreign_key="vendor.id", ondelete="CASCADE")
    model: str = Field(max_length=20)
    currency: str = Field(default="USD", max_length=3)
    unit_price: float | None = None
    hourly_rate: float | None = None
    units_per_hour: float | None = None
    monthly_fee: float | None = None
    units_per_month: float | None = None
    fixed_price: float | None = None
    setup_fee: float = 0.0
    notes: str = ""


class ChecklistAssessmentRow(SQLModel, table=True):
    """A reviewer's finding for one vendor on one checklist item (data/checklist.yaml)."""

    __tablename__ = "checklist_assessment"
    __table_args__ = (UniqueConstraint("project_id", "vendor_id", "item_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    vendor_id: int = Field(foreign_key="vendor.id", ondelete="CASCADE")
    item_id: str = Field(max_length=80)
    status: str = Field(max_length=20)
    evidence: str = ""
    file_reference: str = ""
    expires_on: date | None = None
    reviewer: str = ""
    version: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class RiskItemRow(SQLModel, table=True):
    __tablename__ = "risk_item"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    vendor_id: int = Field(foreign_key="vendor.id", ondelete="CASCADE")
    title: str = Field(max_length=200)
    likelihood: int
    impact: int
    mitigation: str = ""
    status: str = Field(default="open", max_length=20)
    owner: str = ""
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    version: int = 1


class ProfileVersionRow(SQLModel, table=True):
    __tablename__ = "profile_version"
    __table_args__ = (UniqueConstraint("profile_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: str = Field(index=True, max_length=80)
    version: int
    name: str = Field(max_length=200)
    body: dict = Field(sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(max_length=64)
    author: str = ""
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class AuditEventRow(SQLModel, table=True):
    """Append-only; each event hashes the previous one so an edit anywhere breaks the chain."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=120)
    action: str = Field(max_length=80)
    entity: str = Field(max_length=200)
    detail: dict = Field(sa_column=Column(JSON, nullable=False))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class PilotRunRow(SQLModel, table=True):
    """One applied pilot analysis: the whole `PilotAnalysis` JSON, kept as evidence."""

    __tablename__ = "pilot_run"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow)
    task: str = Field(max_length=20)
    fingerprint: str = Field(max_length=64)
    summary: dict = Field(sa_column=Column(JSON, nullable=False))


class RfpIssueRow(SQLModel, table=True):
    """An RFP as sent out: its questions, pricing models and bank version, and to whom; the
    token in the response workbook's metadata names this row when the answers come back."""

    __tablename__ = "rfp_issue"

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    token: str = Field(index=True, unique=True, max_length=32)
    vendor_id: int | None = Field(default=None, foreign_key="vendor.id", ondelete="SET NULL")
    bank_version: str = Field(max_length=40)
    checksum: str = Field(max_length=64)
    question_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    pricing_models: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sections: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    unit: str = Field(default="item", max_length=40)
    issued_at: datetime = Field(default_factory=utcnow)
    issued_by: str = Field(default="", max_length=120)


class RfpAnswerRow(SQLModel, table=True):
    """One vendor's answer to one RFP question (or pricing row), as text in its canonical form;
    a new import of the vendor's workbook replaces all of the vendor's answers."""

    __tablename__ = "rfp_answer"
    __table_args__ = (UniqueConstraint("project_id", "vendor_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True, ondelete="CASCADE")
    vendor_id: int = Field(foreign_key="vendor.id", ondelete="CASCADE")
    issue_id: int = Field(foreign_key="rfp_issue.id", ondelete="CASCADE")
    question_id: str = Field(max_length=80)
    # The question as the vendor saw it, so the answer keeps its meaning if the bank changes.
    question: str
    answer_type: str = Field(max_length=20)
    unit: str | None = Field(default=None, max_length=40)
    criteria: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sealed: bool = False  # commercial: hidden from evaluators while prices are sealed for them
    value: str
    comment: str = ""
    sheet: str = Field(default="", max_length=31)
    cell: str = Field(default="", max_length=12)
    bank_version: str = Field(max_length=40)
    answered_at: datetime = Field(default_factory=utcnow)
    imported_by: str = Field(default="", max_length=120)
