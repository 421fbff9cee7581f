"""Reading and writing domain values through the tables, so services stay free of SQL."""

from __future__ import annotations

from sqlmodel import Session, delete, select

from datetime import date

from vendor_eval.domain.checklist import ChecklistAssessment, ChecklistCatalogue
from vendor_eval.domain.criteria import Catalogue
from vendor_eval.domain.enums import Role
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.evidence import (
    EvaluatorScore,
    MeasuredValue,
    PriceQuote,
    RiskItem,
    Vendor,
)
from vendor_eval.domain.people import Actor
from vendor_eval.domain.profiles import Profile, profile_from_dict
from vendor_eval.domain.project import Project, Scope
from vendor_eval.errors import NotFoundError
from vendor_eval.store.tables import (
    ChecklistAssessmentRow,
    MeasuredValueRow,
    PersonRow,
    PriceQuoteRow,
    ProfileVersionRow,
    ProjectRow,
    ProjectVendorRow,
    RiskItemRow,
    ScoreRow,
    VendorRow,
)


# --- projects -------------------------------------------------------------------------------

def project_row(session: Session, key: str) -> ProjectRow:
    row = session.exec(select(ProjectRow).where(ProjectRow.key == key)).first()
    if row is None:
        known = ", ".join(session.exec(select(ProjectRow.key)).all()) or "none yet"
        raise NotFoundError(f"no project '{key}' (known projects: {known})")
    return row


def project_to_domain(row: ProjectRow) -> Project:
    return Project(
        key=row.key, title=row.title, description=row.description, profile_id=row.profile_id,
        scope=Scope(
            industry=row.industry, data_types=tuple(row.data_types), volume=row.volume,
            unit=row.unit, languages=tuple(row.languages), sensitivity=frozenset(row.sensitivity),
        ),
    )


def project_from_domain(project: Project) -> ProjectRow:
    scope = project.scope
    return ProjectRow(
        key=project.key, title=project.title, description=project.description,
        industry=scope.industry.value, data_types=list(scope.data_types), volume=scope.volume,
        unit=scope.unit, languages=list(scope.languages),
        sensitivity=sorted(s.value for s in scope.sensitivity), profile_id=project.profile_id,
    )


def list_projects(session: Session) -> list[Project]:
    rows = session.exec(select(ProjectRow).order_by(ProjectRow.key)).all()
    return [project_to_domain(row) for row in rows]


def project_vendors(session: Session, project_id: int) -> list[VendorRow]:
    statement = (
        select(VendorRow)
        .join(ProjectVendorRow, ProjectVendorRow.vendor_id == VendorRow.id)
        .where(ProjectVendorRow.project_id == project_id)
        .order_by(VendorRow.name)
    )
    return list(session.exec(statement).all())


def vendor_to_domain(row: VendorRow) -> Vendor:
    return Vendor(name=row.name, delivery_model=row.delivery_model, headquarters=row.headquarters,
                  description=row.description)


# --- people ---------------------------------------------------------------------------------

def person_row(session: Session, name: str) -> PersonRow | None:
    return session.exec(select(PersonRow).where(PersonRow.name == name)).first()


def ensure_person(session: Session, actor: Actor) -> PersonRow:
    row = person_row(session, actor.name)
    if row is None:
        row = PersonRow(name=actor.name, role=actor.role.value)
        session.add(row)
        session.flush()
    return row


def list_people(session: Session) -> list[Actor]:
    rows = session.exec(select(PersonRow).order_by(PersonRow.name)).all()
    return [Actor(name=row.name, role=Role(row.role)) for row in rows]


# --- profiles -------------------------------------------------------------------------------

def profile_versions(session: Session, profile_id: str) -> list[ProfileVersionRow]:
    statement = (
        select(ProfileVersionRow)
        .where(ProfileVersionRow.profile_id == profile_id)
        .order_by(ProfileVersionRow.version)
    )
    return list(session.exec(statement).all())


def load_profile(session: Session, profile_id: str, catalogue: Catalogue,
                 version: int | None = None) -> Profile:
    """The given version of a profile, or its newest one."""
    rows = profile_versions(session, profile_id)
    if not rows:
        known = ", ".join(sorted(set(session.exec(select(ProfileVersionRow.profile_id)).all())))
        raise NotFoundError(f"no profile '{profile_id}' (known profiles: {known or 'none'})")
    if version is None:
        row = rows[-1]
    else:
        matching = [r for r in rows if r.version == version]
        if not matching:
            raise NotFoundError(f"profile '{profile_id}' has no version {version}")
        row = matching[0]
    return profile_from_dict(row.body, source=f"profile {profile_id} v{row.version}",
                             catalogue=catalogue)


def list_profile_ids(session: Session) -> list[str]:
    return sorted(set(session.exec(select(ProfileVersionRow.profile_id)).all()))


# --- evidence -------------------------------------------------------------------------------

def load_inputs(session: Session, key: str, catalogue: Catalogue, checklist: ChecklistCatalogue,
                profile: Profile | None = None, as_of: date | None = None) -> EvaluationInputs:
    """Everything the engine needs for one project, as domain values (judged as of today)."""
    project = project_row(session, key)
    vendors = {row.id: row for row in project_vendors(session, project.id)}
    names = {vendor_id: row.name for vendor_id, row in vendors.items()}
    people = {row.id: row.name for row in session.exec(select(PersonRow)).all()}

    def rows(table):
        return session.exec(select(table).where(table.project_id == project.id)).all()

    return EvaluationInputs(
        project=project_to_domain(project),
        catalogue=catalogue,
        profile=profile or load_profile(session, project.profile_id, catalogue),
        vendors=tuple(vendor_to_domain(row) for row in vendors.values()),
        scores=tuple(
            EvaluatorScore(vendor=names[r.vendor_id], criterion_id=r.criterion_id,
                           evaluator=people[r.evaluator_id], score=r.score, comment=r.comment)
            for r in rows(ScoreRow)
        ),
        measured=tuple(
            MeasuredValue(vendor=names[r.vendor_id], criterion_id=r.criterion_id, value=r.value,
                          sample_size=r.sample_size, source=r.source)
            for r in rows(MeasuredValueRow)
        ),
        prices=tuple(
            PriceQuote(vendor=names[r.vendor_id], **r.model_dump(
                exclude={"id", "project_id", "vendor_id"}))
            for r in rows(PriceQuoteRow)
        ),
        checklist=checklist,
        assessments=tuple(
            ChecklistAssessment(vendor=names[r.vendor_id], item_id=r.item_id, status=r.status,
                                evidence=r.evidence, file_reference=r.file_reference,
                                expires_on=r.expires_on, reviewer=r.reviewer)
            for r in rows(ChecklistAssessmentRow)
        ),
        risks=tuple(
            RiskItem(vendor=names[r.vendor_id], title=r.title, likelihood=r.likelihood,
                     impact=r.impact, mitigation=r.mitigation, status=r.status, owner=r.owner,
                     residual_likelihood=r.residual_likelihood, residual_impact=r.residual_impact)
            for r in rows(RiskItemRow)
        ),
        as_of=as_of or date.today(),
    )


def scores_by_key(session: Session, project_id: int, evaluator_id: int) -> dict[tuple[int, str], ScoreRow]:
    statement = select(ScoreRow).where(
        ScoreRow.project_id == project_id, ScoreRow.evaluator_id == evaluator_id
    )
    return {(row.vendor_id, row.criterion_id): row for row in session.exec(statement).all()}


def assessments_by_key(session: Session, project_id: int
                       ) -> dict[tuple[int, str], ChecklistAssessmentRow]:
    statement = select(ChecklistAssessmentRow).where(ChecklistAssessmentRow.project_id == project_id)
    return {(row.vendor_id, row.item_id): row for row in session.exec(statement).all()}


def risks_by_key(session: Session, project_id: int) -> dict[tuple[int, str], RiskItemRow]:
    statement = select(RiskItemRow).where(RiskItemRow.project_id == project_id)
    return {(row.vendor_id, row.title): row for row in session.exec(statement).all()}


def clear_project_evidence(session: Session, project_id: int) -> None:
    for table in (ScoreRow, MeasuredValueRow, PriceQuoteRow, ChecklistAssessmentRow, RiskItemRow,
                  ProjectVendorRow):
        session.exec(delete(table).where(table.project_id == project_id))
