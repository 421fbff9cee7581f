"""Creating projects from bundles (demo, imports) and listing them."""

from __future__ import annotations

from collections import Counter

from sqlmodel import select

from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.checklist import ChecklistCatalogue
from vendor_eval.domain.criteria import Catalogue
from vendor_eval.domain.enums import CriterionKind
from vendor_eval.domain.people import Actor
from vendor_eval.domain.project import Project
from vendor_eval.errors import InputError
from vendor_eval.services.audit import record_event
from vendor_eval.services.catalogue import get_catalogue, get_checklist
from vendor_eval.services.permissions import Action, require
from vendor_eval.store import repository
from vendor_eval.store.tables import (
    ChecklistAssessmentRow,
    MeasuredValueRow,
    PriceQuoteRow,
    ProjectRow,
    ProjectVendorRow,
    RiskItemRow,
    ScoreRow,
    VendorRow,
)
from vendor_eval.store.unit_of_work import UnitOfWork


def list_projects(uow: UnitOfWork, actor: Actor) -> list[Project]:
    require(actor, Action.READ)
    with uow:
        return repository.list_projects(uow.session)


def validate_bundle(bundle: ProjectBundle, catalogue: Catalogue, checklist: ChecklistCatalogue,
                    source: str) -> None:
    """Check every reference before anything is written, naming the first bad entry."""
    vendors = {v.name for v in bundle.vendors}
    evaluators = {e.name for e in bundle.evaluators}
    _no_duplicates([v.name for v in bundle.vendors], source, "vendors", "name")
    expected_kind = {"scores": CriterionKind.SCORED, "measured": CriterionKind.MEASURED}
    for section, kind in expected_kind.items():
        for index, item in enumerate(getattr(bundle, section), start=1):
            criterion = catalogue.by_id.get(item.criterion_id)
            if criterion is None:
                raise InputError(f"unknown criterion id '{item.criterion_id}'", file=source,
                                 row=index, column=f"{section}.criterion_id")
            if criterion.kind is not kind:
                raise InputError(f"'{item.criterion_id}' is a {criterion.kind.value} criterion, "
                                 f"not {kind.value}", file=source, row=index,
                                 column=f"{section}.criterion_id")
    for index, assessment in enumerate(bundle.assessments, start=1):
        if assessment.item_id not in checklist.by_id:
            raise InputError(f"unknown checklist item id '{assessment.item_id}'", file=source,
                             row=index, column="assessments.item_id")
    for section in ("scores", "measured", "prices", "assessments", "risks"):
        for index, item in enumerate(getattr(bundle, section), start=1):
            if item.vendor not in vendors:
                raise InputError(f"vendor '{item.vendor}' is not among the project's vendors",
                                 file=source, row=index, column=f"{section}.vendor")
    for index, score in enumerate(bundle.scores, start=1):
        if score.evaluator not in evaluators:
            raise InputError(f"evaluator '{score.evaluator}' is not listed under evaluators",
                             file=source, row=index, column="scores.evaluator")
    _no_duplicates([(s.vendor, s.criterion_id, s.evaluator) for s in bundle.scores], source,
                   "scores", "vendor, criterion_id, evaluator")
    _no_duplicates([(m.vendor, m.criterion_id) for m in bundle.measured], source, "measured",
                   "vendor, criterion_id")
    _no_duplicates([p.vendor for p in bundle.prices], source, "prices", "vendor")
    _no_duplicates([(a.vendor, a.item_id) for a in bundle.assessments], source,
                   "assessments", "vendor, item_id")


def _no_duplicates(keys: list[object], source: str, section: str, column: str) -> None:
    counts = Counter(keys)
    for index, key in enumerate(keys, start=1):
        if counts[key] > 1:
            raise InputError(f"duplicate entry {key!r}", file=source, row=index,
                             column=f"{section}.{column}")


def import_project_bundle(uow: UnitOfWork, actor: Actor, bundle: ProjectBundle,
                          source: str = "project bundle") -> Project:
    """Create a project with all its evidence in one transaction: all of it, or none of it."""
    require(actor, Action.EDIT_PROJECT)
    validate_bundle(bundle, get_catalogue(), get_checklist(), source)
    with uow:
        session = uow.session
        if session.exec(select(ProjectRow).where(ProjectRow.key == bundle.project.key)).first():
            raise InputError(f"a project '{bundle.project.key}' already exists", file=source,
                             column="project.key")
        repository.load_profile(session, bundle.project.profile_id, get_catalogue())
        project = repository.project_from_domain(bundle.project)
        session.add(project)
        session.flush()
        vendor_ids: dict[str, int] = {}
        for vendor in bundle.vendors:
            row = session.exec(select(VendorRow).where(VendorRow.name == vendor.name)).first()
            if row is None:
                new = VendorRow(**vendor.model_dump(mode="json"))
                session.add(new)
                session.flush()
                vendor_ids[vendor.name] = new.id
            else:
                vendor_ids[vendor.name] = row.id
            session.add(ProjectVendorRow(project_id=project.id, vendor_id=vendor_ids[vendor.name]))
        people = {e.name: repository.ensure_person(session, e).id for e in bundle.evaluators}
        for s in bundle.scores:
            session.add(ScoreRow(project_id=project.id, vendor_id=vendor_ids[s.vendor],
                                 evaluator_id=people[s.evaluator], criterion_id=s.criterion_id,
                                 score=s.score, comment=s.comment))
        for m in bundle.measured:
            session.add(MeasuredValueRow(project_id=project.id, vendor_id=vendor_ids[m.vendor],
                                         **m.model_dump(exclude={"vendor"})))
        for p in bundle.prices:
            session.add(PriceQuoteRow(project_id=project.id, vendor_id=vendor_ids[p.vendor],
                                      **p.model_dump(mode="json", exclude={"vendor"})))
        for a in bundle.assessments:
            session.add(ChecklistAssessmentRow(project_id=project.id, vendor_id=vendor_ids[a.vendor],
                                               **a.model_dump(exclude={"vendor"})))
        for r in bundle.risks:
            session.add(RiskItemRow(project_id=project.id, vendor_id=vendor_ids[r.vendor],
                                    **r.model_dump(mode="json", exclude={"vendor"})))
        record_event(session, actor, "project.import", f"project:{bundle.project.key}", {
            "source": source, "vendors": len(bundle.vendors), "scores": len(bundle.scores),
            "measured": len(bundle.measured), "prices": len(bundle.prices),
            "assessments": len(bundle.assessments), "risks": len(bundle.risks),
        })
        uow.commit()
    return bundle.project
