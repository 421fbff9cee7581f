"""Reading and writing domain values through the tables, so services stay free of SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, delete, select

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
from vendor_eval.domain.rfp import RfpAnswerRecord, RfpIssue
from vendor_eval.domain.team import (
    ConflictDeclaration,
    ConsensusScore,
    ProfileChange,
    ScoresUnlock,
    Submission,
    WeightsFreeze,
)
from vendor_eval.errors import InputError, NotFoundError
from vendor_eval.store.locks import lock_for_write
from vendor_eval.store.tables import (
    ChecklistAssessmentRow,
    ConflictDeclarationRow,
    ConsensusScoreRow,
    MeasuredValueRow,
    PersonRow,
    PilotRunRow,
    PriceQuoteRow,
    ProfileChangeRow,
    ProfileVersionRow,
    ProjectAssignmentRow,
    ProjectRow,
    ProjectVendorRow,
    RfpAnswerRow,
    RfpIssueRow,
    RiskItemRow,
    ScoreRow,
    SubmissionRow,
    VendorRow,
)

# --- projects -------------------------------------------------------------------------------

def project_row(session: Session, key: str, for_update: bool = False) -> ProjectRow:
    """The project's row; `for_update` locks it (PostgreSQL) so a version check cannot race."""
    statement = select(ProjectRow).where(ProjectRow.key == key)
    if for_update:
        statement = statement.with_for_update()
    row = session.exec(statement).first()
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


@dataclass(frozen=True)
class ProjectVendors:
    """One project's vendors, read once: ids by name for what users type, names by id for what
    they read back, and one refusal (naming the vendors there are) for a name it lacks."""

    project_key: str
    rows: tuple[VendorRow, ...]

    @property
    def ids(self) -> dict[str, int]:
        return {row.name: row.id for row in self.rows}

    @property
    def names(self) -> dict[int, str]:
        return {row.id: row.name for row in self.rows}

    def row_named(self, name: str) -> VendorRow | None:
        return next((row for row in self.rows if row.name == name), None)

    def id_of(self, name: str, *, of: str = "", fix: str = "", file: str | None = None,
              row: int | None = None, column: str = "vendor") -> int:
        """The id of vendor `name`; a name the project lacks is refused where the user typed it.

        `of` says whose vendor it is ("of the pilot"), `fix` how to put it right.
        """
        found = self.row_named(name)
        if found is None:
            known = ", ".join(r.name for r in self.rows) or "none"
            whose = f" {of}" if of else ""
            raise InputError(f"vendor '{name}'{whose} is not in project '{self.project_key}' "
                             f"(its vendors: {known}){'; ' + fix if fix else ''}", file=file,
                             row=row, column=column)
        return found.id


def vendors_of(session: Session, project: ProjectRow) -> ProjectVendors:
    return ProjectVendors(project.key, tuple(project_vendors(session, project.id)))


def vendor_named(session: Session, name: str) -> VendorRow | None:
    """The vendor of that exact name, in any project."""
    return session.exec(select(VendorRow).where(VendorRow.name == name)).first()


def vendors_by_name(session: Session) -> dict[str, VendorRow]:
    """Every vendor this database knows, in any project, by name."""
    return {row.name: row for row in session.exec(select(VendorRow)).all()}


def vendor_to_domain(row: VendorRow) -> Vendor:
    return Vendor(name=row.name, delivery_model=row.delivery_model, headquarters=row.headquarters,
                  description=row.description)


# --- people ---------------------------------------------------------------------------------

def person_row(session: Session, name: str) -> PersonRow | None:
    return session.exec(select(PersonRow).where(PersonRow.name == name)).first()


def person_by_email(session: Session, email: str) -> PersonRow | None:
    return session.exec(select(PersonRow).where(PersonRow.email == email.strip().lower())).first()


def person_to_domain(row: PersonRow) -> Actor:
    return Actor(name=row.name, role=Role(row.role), email=row.email)


def ensure_person(session: Session, actor: Actor) -> PersonRow:
    """The person of that name, created with the actor's role and e-mail if new."""
    row = person_row(session, actor.name)
    if row is None:
        row = PersonRow(name=actor.name, role=actor.role.value, email=actor.email)
        session.add(row)
        session.flush()
    return row


def list_people(session: Session) -> list[Actor]:
    rows = session.exec(select(PersonRow).order_by(PersonRow.name)).all()
    return [person_to_domain(row) for row in rows]


# --- team workspace -------------------------------------------------------------------------

def assigned_people(session: Session, project_id: int) -> list[PersonRow]:
    statement = (
        select(PersonRow)
        .join(ProjectAssignmentRow, ProjectAssignmentRow.person_id == PersonRow.id)
        .where(ProjectAssignmentRow.project_id == project_id)
        .order_by(PersonRow.name)
    )
    return list(session.exec(statement).all())


def assignment_row(session: Session, project_id: int, person_id: int
                   ) -> ProjectAssignmentRow | None:
    return session.get(ProjectAssignmentRow, (project_id, person_id))


def submission_rows(session: Session, project_id: int) -> dict[int, SubmissionRow]:
    statement = select(SubmissionRow).where(SubmissionRow.project_id == project_id)
    return {row.person_id: row for row in session.exec(statement).all()}


def declaration_rows(session: Session, project_id: int) -> dict[int, ConflictDeclarationRow]:
    statement = select(ConflictDeclarationRow).where(ConflictDeclarationRow.project_id == project_id)
    return {row.person_id: row for row in session.exec(statement).all()}


def consensus_rows(session: Session, project_id: int, for_update: bool = False
                   ) -> dict[tuple[int, str], ConsensusScoreRow]:
    statement = select(ConsensusScoreRow).where(ConsensusScoreRow.project_id == project_id)
    if for_update:
        statement = statement.with_for_update()
    return {(row.vendor_id, row.criterion_id): row for row in session.exec(statement).all()}


def profile_change_rows(session: Session, project_id: int) -> list[ProfileChangeRow]:
    statement = (select(ProfileChangeRow).where(ProfileChangeRow.project_id == project_id)
                 .order_by(ProfileChangeRow.id))
    return list(session.exec(statement).all())


def declaration_to_domain(row: ConflictDeclarationRow, evaluator: str) -> ConflictDeclaration:
    return ConflictDeclaration(evaluator=evaluator, has_conflict=row.has_conflict,
                               details=row.details, declared_at=row.declared_at,
                               declared_by=row.declared_by)


def submission_to_domain(row: SubmissionRow, evaluator: str) -> Submission:
    return Submission(evaluator=evaluator, submitted_at=row.submitted_at,
                      scores_hash=row.scores_hash)


def freeze_to_domain(row: ProjectRow) -> WeightsFreeze | None:
    if row.frozen_version is None:
        return None
    return WeightsFreeze(profile_id=row.profile_id, version=row.frozen_version,
                         content_hash=row.frozen_hash, frozen_at=row.frozen_at,
                         frozen_by=row.frozen_by or "")


def unlock_to_domain(row: ProjectRow) -> ScoresUnlock | None:
    if row.unlocked_at is None:
        return None
    return ScoresUnlock(reason=row.unlock_reason or "", unlocked_by=row.unlocked_by or "",
                        unlocked_at=row.unlocked_at)


def profile_change_to_domain(row: ProfileChangeRow) -> ProfileChange:
    return ProfileChange(**row.model_dump(exclude={"id", "project_id"}))


def has_evidence_to_protect(session: Session, project_id: int) -> bool:
    """Whether scores, measured values or pilot runs exist: then weights change only with a reason."""
    for table in (ScoreRow, MeasuredValueRow, PilotRunRow):
        if session.exec(select(table.id).where(table.project_id == project_id).limit(1)).first():
            return True
    return False


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
    """Everything the engine needs for one project, as domain values (judged as of today).

    Without an explicit profile, a project with frozen weights uses the frozen version of its
    profile, otherwise the newest. Nothing is hidden here: blinding is the services' job.
    """
    project = project_row(session, key)
    vendors = {row.id: row for row in project_vendors(session, project.id)}
    names = {vendor_id: row.name for vendor_id, row in vendors.items()}
    people = {row.id: row.name for row in session.exec(select(PersonRow)).all()}

    def rows(table):
        return session.exec(select(table).where(table.project_id == project.id)).all()

    return EvaluationInputs(
        project=project_to_domain(project),
        catalogue=catalogue,
        profile=profile or load_profile(session, project.profile_id, catalogue,
                                        project.frozen_version),
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
        consensus=tuple(
            ConsensusScore(vendor=names[r.vendor_id], criterion_id=r.criterion_id, score=r.score,
                           rationale=r.rationale, set_by=r.updated_by, set_at=r.updated_at)
            for r in rows(ConsensusScoreRow)
        ),
        as_of=as_of or date.today(),
    )


def lock_score_grid(session: Session, project_id: int, evaluator_id: int) -> None:
    """Serialise writes to one evaluator's scores in one project until this transaction ends,
    so a version read after this cannot go stale and two saves cannot both add the same cell."""
    lock_for_write(session, "score-grid", project_id, evaluator_id)


def score_counts(session: Session, project_id: int) -> dict[int, int]:
    """How many cells each evaluator (by person id) has scored in a project, counted by the
    database: a status line needs the number, not thousands of rows."""
    statement = (select(ScoreRow.evaluator_id, func.count()).where(
        ScoreRow.project_id == project_id).group_by(ScoreRow.evaluator_id))
    return {int(evaluator): int(count) for evaluator, count in session.exec(statement).all()}


def scores_by_key(session: Session, project_id: int, evaluator_id: int,
                  for_update: bool = False) -> dict[tuple[int, str], ScoreRow]:
    """One evaluator's scores in a project; `for_update` first locks the grid for writing
    (see `lock_score_grid`) and the rows against other writers."""
    statement = select(ScoreRow).where(
        ScoreRow.project_id == project_id, ScoreRow.evaluator_id == evaluator_id
    )
    if for_update:
        lock_score_grid(session, project_id, evaluator_id)
        statement = statement.with_for_update()
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
                  ConsensusScoreRow, ProjectVendorRow):
        session.exec(delete(table).where(table.project_id == project_id))


# --- RFP history ----------------------------------------------------------------------------

def rfp_issues(session: Session, project_id: int) -> list[RfpIssue]:
    """The RFPs issued for a project, oldest first (then by token, so the order is total).

    An issue names its vendor while that vendor is in the project; one whose vendor has left
    the project reads as issued to no vendor in particular, as the response import treats it.
    """
    names = {row.id: row.name for row in project_vendors(session, project_id)}
    rows = session.exec(select(RfpIssueRow).where(RfpIssueRow.project_id == project_id)).all()
    issues = [RfpIssue(token=row.token, vendor=names.get(row.vendor_id),
                       bank_version=row.bank_version, checksum=row.checksum,
                       question_ids=tuple(row.question_ids),
                       pricing_models=tuple(row.pricing_models), sections=tuple(row.sections),
                       unit=row.unit, issued_at=row.issued_at, issued_by=row.issued_by)
              for row in rows]
    return sorted(issues, key=lambda issue: (issue.issued_at, issue.token))


def rfp_answer_records(session: Session, project_id: int) -> list[RfpAnswerRecord]:
    """Every vendor's stored RFP answers, by vendor name and then in workbook order.

    One import stores all of a vendor's answers in workbook order, so the row ids give that
    order; sorting here (not in SQL) keeps it the same under SQLite's and PostgreSQL's collations.
    """
    statement = (
        select(RfpAnswerRow, VendorRow.name, RfpIssueRow.token)
        .join(VendorRow, VendorRow.id == RfpAnswerRow.vendor_id)
        .join(RfpIssueRow, RfpIssueRow.id == RfpAnswerRow.issue_id)
        .where(RfpAnswerRow.project_id == project_id)
    )
    rows = sorted(session.exec(statement).all(), key=lambda found: (found[1], found[0].id))
    return [RfpAnswerRecord(vendor=vendor, issue_token=token, **row.model_dump(
        include={"question_id", "question", "answer_type", "unit", "value", "comment", "criteria",
                 "sealed", "sheet", "cell", "bank_version", "answered_at", "imported_by"}))
            for row, vendor, token in rows]


# --- measured values, quotes and pilot runs -------------------------------------------------

def measured_by_key(session: Session, project_id: int, vendor_id: int | None = None
                    ) -> dict[tuple[int, str], MeasuredValueRow]:
    """A project's measured values by (vendor id, criterion id); one vendor's when given."""
    statement = select(MeasuredValueRow).where(MeasuredValueRow.project_id == project_id)
    if vendor_id is not None:
        statement = statement.where(MeasuredValueRow.vendor_id == vendor_id)
    return {(row.vendor_id, row.criterion_id): row for row in session.exec(statement).all()}


def quotes_by_vendor(session: Session, project_id: int) -> dict[int, PriceQuoteRow]:
    """A project's price quotes by vendor id (one quote per vendor)."""
    return {row.vendor_id: row for row in session.exec(
        select(PriceQuoteRow).where(PriceQuoteRow.project_id == project_id)).all()}


def pilot_runs(session: Session, project_id: int, limit: int | None = None
               ) -> list[PilotRunRow]:
    """A project's stored pilot runs, newest first (the newest `limit` of them when given)."""
    statement = (select(PilotRunRow).where(PilotRunRow.project_id == project_id)
                 .order_by(PilotRunRow.id.desc()))
    return list(session.exec(statement if limit is None else statement.limit(limit)).all())
