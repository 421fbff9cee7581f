"""A project's vendors: list them with their evidence, add, edit and remove them one at a time.

Vendors are shared: one vendor row (name, delivery model, headquarters, description) serves every
project it is linked to, and scores, prices and findings refer to it per project. So adding a
vendor known elsewhere links it, editing changes it everywhere, and removing only unlinks it
from one project, and only while it has no evidence there to lose. Bulk changes from a file go
through `imports.import_table(..., "vendors", ...)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import delete, func, insert, update
from sqlmodel import Session, select

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.enums import DeliveryModel
from vendor_eval.domain.evidence import Vendor
from vendor_eval.domain.people import Actor
from vendor_eval.domain.presentation import plural
from vendor_eval.errors import InputError, NotFoundError, StaleWriteError
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.kernel.versions import require_current
from vendor_eval.services.kernel.visibility import project_visibility
from vendor_eval.store import repository
from vendor_eval.store.locks import lock_for_write
from vendor_eval.store.tables import (
    ChecklistAssessmentRow,
    ConsensusScoreRow,
    MeasuredValueRow,
    PriceQuoteRow,
    ProjectRow,
    ProjectVendorRow,
    RfpAnswerRow,
    RiskItemRow,
    ScoreRow,
    VendorRow,
)
from vendor_eval.store.unit_of_work import UnitOfWork

# Every table that holds evidence about a vendor in a project, with how to name a count of it.
# Unlinking a vendor that has any of these would orphan it (and break loading the project).
EVIDENCE_TABLES: dict[str, tuple[type, str, str]] = {
    "scores": (ScoreRow, "score", "scores"),
    "consensus": (ConsensusScoreRow, "consensus score", "consensus scores"),
    "measured": (MeasuredValueRow, "measured value", "measured values"),
    "prices": (PriceQuoteRow, "price quote", "price quotes"),
    "checklist": (ChecklistAssessmentRow, "checklist finding", "checklist findings"),
    "risks": (RiskItemRow, "risk register entry", "risk register entries"),
    "rfp_answers": (RfpAnswerRow, "RFP answer", "RFP answers"),
}
VENDOR_FIELDS = ("delivery_model", "headquarters", "description")


class VendorEvidence(BaseModel):
    """How much evidence a vendor has in one project; `prices` is None while sealed for the
    reader (two-envelope rule), so even whether a quote exists stays hidden."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scores: int = 0
    consensus: int = 0
    measured: int = 0
    prices: int | None = 0
    checklist: int = 0
    risks: int = 0
    rfp_answers: int = 0

    @property
    def total(self) -> int:
        return sum(v for v in self.model_dump().values() if v)

    def describe(self) -> str:
        """E.g. '24 scores, 1 price quote': the non-zero counts, for messages."""
        return ", ".join(plural(getattr(self, field), one, many)
                         for field, (_, one, many) in EVIDENCE_TABLES.items()
                         if getattr(self, field))


class ProjectVendor(BaseModel):
    """A vendor as a project sees it: its shared details, the version an edit must name, and
    how much evidence it has in this project (a vendor with evidence cannot be removed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: Vendor
    version: int
    evidence: VendorEvidence

    @property
    def name(self) -> str:
        return self.vendor.name

    @property
    def removable(self) -> bool:
        """No evidence in the project (unknown, so False, while prices are sealed)."""
        return self.evidence.prices is not None and self.evidence.total == 0


@dataclass(frozen=True)
class AddedVendor:
    """The vendor as stored after `add_vendor`; `linked` when it was already known from another
    project, in which case its recorded details were kept rather than the ones given."""

    vendor: ProjectVendor
    linked: bool


def list_project_vendors(uow: UnitOfWork, actor: Actor, project_key: str) -> list[ProjectVendor]:
    """The project's vendors by name, each with its version and evidence counts."""
    require(actor, Action.READ)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        counts = _evidence_counts(session, project.id)
        sees_prices = project_visibility(session, actor, project).prices
        return [_project_vendor(row, counts.get(row.id, {}), sees_prices)
                for row in uow.vendors(project).rows]


def add_vendor(uow: UnitOfWork, actor: Actor, project_key: str,
               vendor: Vendor | Mapping[str, object]) -> AddedVendor:
    """Put a vendor in the project: a new one is created, one known from another project is
    linked (one row per vendor, so evidence elsewhere stays attached to the same name).

    Refused, naming the `name` field, when the project has the vendor already or when the name
    differs from a known vendor's only in case (almost always meant to be that vendor).
    """
    require(actor, Action.EDIT_PROJECT)
    vendor = _valid_vendor(vendor)
    with uow:
        session = uow.session
        lock_for_write(session, "vendor", vendor.name.casefold())
        project = repository.project_row(session, project_key)
        in_project = {row.name.casefold(): row.name
                      for row in uow.vendors(project).rows}
        same = in_project.get(vendor.name.casefold())
        if same is not None:
            shown = "" if same == vendor.name else f" as '{same}'"
            raise InputError(f"'{vendor.name}' is already a vendor of project "
                             f"'{project.key}'{shown}", column="name")
        row = _known_vendor(session, vendor.name)
        linked = row is not None
        if row is None:
            row = VendorRow(name=vendor.name, **vendor.model_dump(mode="json", exclude={"name"}))
            session.add(row)
            session.flush()
        session.execute(insert(ProjectVendorRow).values(project_id=project.id, vendor_id=row.id))
        detail = {"vendor": row.name, "linked": linked, "after": _fields(row)}
        record_event(session, actor, AuditAction.VENDOR_ADD, f"project:{project.key}", detail)
        result = AddedVendor(_project_vendor(row, {}, True), linked)
        uow.commit()
    return result


def update_vendor(uow: UnitOfWork, actor: Actor, name: str, delivery_model: DeliveryModel | str,
                  headquarters: str, description: str, base_version: int) -> ProjectVendor:
    """Change a vendor's delivery model, headquarters and description, in every project it is
    in; refused if someone changed it since `base_version` was read.

    Renaming is out of scope: the name is the key that scores, prices, findings, RFP answers
    and files refer to, so a rename would need to carry all of them along.
    """
    require(actor, Action.EDIT_PROJECT)
    wanted = _valid_vendor({"name": name, "delivery_model": delivery_model,
                            "headquarters": headquarters, "description": description})
    with uow:
        session = uow.session
        lock_for_write(session, "vendor", wanted.name.casefold())
        row = repository.vendor_named(session, wanted.name)
        if row is None:
            raise NotFoundError(f"no vendor '{wanted.name}'")
        before, after = _fields(row), wanted.model_dump(mode="json", include=set(VENDOR_FIELDS))
        require_current(row.name, row.version, base_version, now=_describe_fields(before))
        if before == after:
            return _project_vendor(row, {}, True)
        # Compare-and-set on the version, so the check holds even without the lock above.
        changed = session.execute(
            update(VendorRow).where(VendorRow.id == row.id, VendorRow.version == base_version)
            .values(**after, version=base_version + 1)).rowcount
        if changed != 1:
            raise StaleWriteError(f"{row.name} was changed while you saved it; reload it and "
                                  "apply your change again")
        session.refresh(row)
        projects = [key for key in session.exec(
            select(ProjectRow.key).join(ProjectVendorRow, ProjectVendorRow.project_id
                                        == ProjectRow.id)
            .where(ProjectVendorRow.vendor_id == row.id).order_by(ProjectRow.key)).all()]
        record_event(session, actor, AuditAction.VENDOR_UPDATE, f"vendor:{row.name}",
                     {"projects": projects, "before": before, "after": after})
        result = _project_vendor(row, {}, True)
        uow.commit()
    return result


def remove_vendor_from_project(uow: UnitOfWork, actor: Actor, project_key: str,
                               name: str) -> None:
    """Take a vendor out of a project, e.g. one added by mistake.

    Refused while the vendor has any evidence in the project (scores, consensus, measured
    values, prices, checklist findings, risks, RFP answers): removing it would drop that
    evidence without a trace. The vendor stays known to other projects and can be added back.
    """
    require(actor, Action.EDIT_PROJECT)
    with uow:
        session = uow.session
        lock_for_write(session, "vendor", name.strip().casefold())
        project = repository.project_row(session, project_key)
        row = uow.vendors(project).row_named(name.strip())
        if row is None:
            raise NotFoundError(f"'{name}' is not a vendor of project '{project.key}'")
        evidence = VendorEvidence(**_evidence_counts(session, project.id, row.id).get(row.id, {}))
        if evidence.total:
            raise InputError(
                f"{row.name} has evidence in project '{project.key}' ({evidence.describe()}), "
                "so it stays: removing it would lose that evidence. Vendors without evidence "
                "can be removed.", column="name")
        session.execute(delete(ProjectVendorRow).where(ProjectVendorRow.project_id == project.id,
                                                       ProjectVendorRow.vendor_id == row.id))
        record_event(session, actor, AuditAction.VENDOR_REMOVE, f"project:{project.key}",
                     {"vendor": row.name, "before": _fields(row), "after": None})
        uow.commit()


# --- helpers --------------------------------------------------------------------------------

def _valid_vendor(vendor: Vendor | Mapping[str, object]) -> Vendor:
    """A form's or caller's values as a `Vendor`, names and texts trimmed, or an InputError
    naming the field to fix."""
    if isinstance(vendor, Vendor):
        vendor = vendor.model_dump()
    values = {k: v.strip() if isinstance(v, str) else v for k, v in vendor.items()}
    try:
        return Vendor.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else None
        if field == "delivery_model":
            choices = ", ".join(m.value for m in DeliveryModel)
            given = values.get("delivery_model")
            problem = ("choose a delivery model" if given in (None, "") else
                       f"'{given}' is not a delivery model; choose one")
            raise InputError(f"{problem} ({choices})", column=field) from None
        if field == "name" and not values.get("name"):
            raise InputError("give the vendor a name", column="name") from None
        raise InputError(first["msg"], column=field) from None


def _known_vendor(session: Session, name: str) -> VendorRow | None:
    """The vendor of exactly that name; a name equal to a known one but for case or spacing
    is refused, so one company does not end up as two vendors."""
    rows = session.exec(select(VendorRow).where(
        func.lower(VendorRow.name) == name.lower())).all()
    exact = next((row for row in rows if row.name == name), None)
    if exact is None and rows:
        raise InputError(f"a vendor named '{rows[0].name}' is already known; use that exact "
                         "name to add it to this project", column="name")
    return exact


def _evidence_counts(session: Session, project_id: int,
                     vendor_id: int | None = None) -> dict[int, dict[str, int]]:
    """Per vendor id: rows of each evidence table in this project (absent means none)."""
    counts: dict[int, dict[str, int]] = {}
    for field, (table, _, _) in EVIDENCE_TABLES.items():
        statement = (select(table.vendor_id, func.count()).where(table.project_id == project_id)
                     .group_by(table.vendor_id))
        if vendor_id is not None:
            statement = statement.where(table.vendor_id == vendor_id)
        for found_id, count in session.exec(statement).all():
            counts.setdefault(found_id, {})[field] = count
    return counts


def _project_vendor(row: VendorRow, counts: Mapping[str, int], sees_prices: bool
                    ) -> ProjectVendor:
    evidence = VendorEvidence(**counts)
    if not sees_prices:
        evidence = evidence.model_copy(update={"prices": None})
    return ProjectVendor(vendor=repository.vendor_to_domain(row), version=row.version,
                         evidence=evidence)


def _fields(row: VendorRow) -> dict[str, str]:
    return {field: getattr(row, field) for field in VENDOR_FIELDS}


def _describe_fields(fields: Mapping[str, str]) -> str:
    return ", ".join(f"{field.replace('_', ' ')} '{value}'" for field, value in fields.items()
                     if value) or "no details"
