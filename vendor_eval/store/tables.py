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
