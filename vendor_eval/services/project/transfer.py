"""Moving a whole project between databases: export to a JSON document, import it back.

The document carries names, never database ids, and lists everything in a fixed order, so
export -> import into an empty database -> export gives the same file apart from `exported_at`.
It holds the project's `ProjectBundle` (every section the bundle model has, the RFPs issued and
the vendors' answers included) and the versions of the weighting profiles the project refers
to, so a project scored under edited weights arrives with them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, select

from vendor_eval import __version__
from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.canonical import sorted_keys
from vendor_eval.domain.criteria import validation_error_to_input_error
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.people import Actor
from vendor_eval.domain.profiles import profile_from_dict
from vendor_eval.domain.project import Project
from vendor_eval.errors import InputError
from vendor_eval.files.decode import utf8_text
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.catalogue import get_catalogue, get_checklist
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.store import repository
from vendor_eval.store.tables import PersonRow, ProfileVersionRow, ProjectRow
from vendor_eval.store.unit_of_work import UnitOfWork

FORMAT = "vendor-eval project"
FORMAT_VERSION = 1


class ExportedProfileVersion(BaseModel):
    """One stored version of a weighting profile, as it travels with a project."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    profile_id: str
    version: int = Field(ge=1)
    name: str
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    body: dict


class ProjectExport(BaseModel):
    """The whole export document; `exported_at` is the only part that changes between runs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    tool_version: str = __version__
    exported_at: datetime
    profiles: tuple[ExportedProfileVersion, ...] = ()
    bundle: ProjectBundle


@dataclass(frozen=True)
class ProjectImport:
    """What an import created: the project, and profile versions this database lacked."""

    project: Project
    profiles_added: tuple[str, ...]


# --- export ---------------------------------------------------------------------------------

def export_project(uow: UnitOfWork, actor: Actor, project_key: str) -> dict:
    """The project as a JSON-ready document (see the module note).

    Admins only: the document holds every score and price, whatever blind scoring and the
    two-envelope rule still hide from others.
    """
    require(actor, Action.EXPORT)
    require(actor, Action.ADMINISTER)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        source = _Source(session, project)
        bundle = ProjectBundle.model_validate(
            {section: read(source) for section, read in SECTION_READERS.items()})
        profile_ids = {project.profile_id}
        if bundle.freeze is not None:
            profile_ids.add(bundle.freeze.profile_id)
        for change in bundle.profile_changes:
            profile_ids |= {change.before_profile_id, change.after_profile_id}
        profiles = [
            ExportedProfileVersion(profile_id=row.profile_id, version=row.version, name=row.name,
                                   content_hash=row.content_hash, body=sorted_keys(row.body))
            for profile_id in sorted(profile_ids)
            for row in repository.profile_versions(session, profile_id)
        ]
        # who took a copy of every score and price is worth knowing afterwards
        record_event(session, actor, AuditAction.PROJECT_EXPORT, f"project:{project_key}", {
            "profiles": [f"{p.profile_id} v{p.version}" for p in profiles],
            **{section: len(value) for section, value in bundle if isinstance(value, tuple)}})
        uow.commit()
    document = ProjectExport(exported_at=datetime.now(UTC), profiles=tuple(profiles),
                             bundle=bundle).model_dump(mode="json")
    scope = document["bundle"]["project"]["scope"]
    scope["sensitivity"] = sorted(scope["sensitivity"])  # a set: its order would vary by run
    return document


def export_text(document: dict) -> str:
    """The document as the file holds it: indented UTF-8 JSON with a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"



@dataclass
class _Source:
    """One project being read for export; the evidence is loaded once for all sections."""

    session: Session
    project: ProjectRow

    @cached_property
    def inputs(self) -> EvaluationInputs:
        return repository.load_inputs(self.session, self.project.key, get_catalogue(),
                                      get_checklist())

    @cached_property
    def people(self) -> dict[int, PersonRow]:
        return {row.id: row for row in self.session.exec(select(PersonRow)).all()}


def _evaluators(source: _Source) -> list[Actor]:
    """Everyone who takes part: scored, is assigned, declared or submitted; by name."""
    session, project_id, people = source.session, source.project.id, source.people
    names = {s.evaluator for s in source.inputs.scores}
    names |= {p.name for p in repository.assigned_people(session, project_id)}
    names |= {people[i].name for i in repository.declaration_rows(session, project_id)}
    names |= {people[i].name for i in repository.submission_rows(session, project_id)}
    by_name = {row.name: row for row in people.values()}
    return [repository.person_to_domain(by_name[name]) for name in sorted(names)]


def _evidence(section: str, key: Callable[[BaseModel], tuple]) -> Callable[[_Source], list]:
    """A section of the loaded evidence, sorted by its natural key (then by content)."""
    def read(source: _Source) -> list:
        return sorted(getattr(source.inputs, section),
                      key=lambda item: (*key(item), item.model_dump_json()))
    return read


def _conflicts(source: _Source) -> list:
    rows = repository.declaration_rows(source.session, source.project.id)
    return sorted((repository.declaration_to_domain(row, source.people[person_id].name)
                   for person_id, row in rows.items()), key=lambda d: d.evaluator)


def _submissions(source: _Source) -> list:
    rows = repository.submission_rows(source.session, source.project.id)
    return sorted((repository.submission_to_domain(row, source.people[person_id].name)
                   for person_id, row in rows.items()), key=lambda s: s.evaluator)


SECTION_READERS: dict[str, Callable[[_Source], object]] = {
    "project": lambda source: repository.project_to_domain(source.project),
    "vendors": lambda source: sorted(source.inputs.vendors, key=lambda v: v.name),
    "evaluators": _evaluators,
    "scores": _evidence("scores", lambda s: (s.vendor, s.criterion_id, s.evaluator)),
    "measured": _evidence("measured", lambda m: (m.vendor, m.criterion_id)),
    "prices": _evidence("prices", lambda p: (p.vendor,)),
    "assessments": _evidence("assessments", lambda a: (a.vendor, a.item_id)),
    "risks": _evidence("risks", lambda r: (r.vendor, r.title)),
    "assignments": lambda source: sorted(
        p.name for p in repository.assigned_people(source.session, source.project.id)),
    "conflicts": _conflicts,
    "submissions": _submissions,
    "consensus": _evidence("consensus", lambda c: (c.vendor, c.criterion_id)),
    "freeze": lambda source: repository.freeze_to_domain(source.project),
    "unlock": lambda source: repository.unlock_to_domain(source.project),
    "profile_changes": lambda source: [
        repository.profile_change_to_domain(row)
        for row in repository.profile_change_rows(source.session, source.project.id)],
    "rfp_issues": lambda source: repository.rfp_issues(source.session, source.project.id),
    "rfp_answers": lambda source: repository.rfp_answer_records(source.session,
                                                                source.project.id),
}
"""How each section of `ProjectBundle` is read back from the database. A new bundle section
needs a reader here (tests/integration/test_transfer.py checks that every section has one)."""


# --- import ---------------------------------------------------------------------------------

def parse_export(text: str | bytes, source: str) -> dict:
    """The JSON document of an export file, or an error naming the line and column."""
    if isinstance(text, bytes):
        text = utf8_text(text, source, "a JSON file made by `vendor-eval export`")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                         file=source, row=exc.lineno) from None
    if not isinstance(data, dict):
        raise InputError("expected a JSON object made by `vendor-eval export`", file=source)
    return data


def import_project(uow: UnitOfWork, actor: Actor, data: dict,
                   source: str = "project file") -> ProjectImport:
    """Create the exported project in this database with its profile versions: all or nothing.

    A profile version this database lacks is added under its number; one it holds with other
    weights is refused, since the project's frozen weights and history name versions by number.
    """
    require(actor, Action.EDIT_PROJECT)
    document = _validated_document(data, source)
    catalogue = get_catalogue()
    for index, exported in enumerate(document.profiles, start=1):
        profile = profile_from_dict(exported.body, source=f"{source}, profiles[{index}].body",
                                    catalogue=catalogue)
        if profile.version != exported.version or profile.id != exported.profile_id:
            raise InputError(f"the body is {profile.id} v{profile.version}, the entry says "
                             f"{exported.profile_id} v{exported.version}", file=source,
                             row=index, column="profiles.body")
        if profile.content_hash() != exported.content_hash:
            raise InputError("content_hash does not match the body (was the body edited?)",
                             file=source, row=index, column="profiles.content_hash")
    with uow:
        added = _add_missing_profile_versions(uow.session, actor, document.profiles, source)
        project = import_project_bundle(uow.joined(), actor, document.bundle, source=source)
        for row in added:
            record_event(uow.session, actor, AuditAction.PROFILE_SAVE,
                         f"profile:{row.profile_id}:v{row.version}",
                         {"hash": row.content_hash, "note": row.note})
        uow.commit()
    return ProjectImport(project=project,
                         profiles_added=tuple(f"{r.profile_id} v{r.version}" for r in added))


def _validated_document(data: dict, source: str) -> ProjectExport:
    if data.get("format", FORMAT) != FORMAT:
        raise InputError(f"is a '{data.get('format')}' file, not a '{FORMAT}' export",
                         file=source, column="format")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError("lacks a format_version; is this a `vendor-eval export` file?",
                         file=source, column="format_version")
    if version > FORMAT_VERSION:
        raise InputError(f"format_version {version} is newer than this vendor-eval reads "
                         f"({FORMAT_VERSION}); upgrade vendor-eval", file=source,
                         column="format_version")
    try:
        return ProjectExport.model_validate(data)
    except ValidationError as exc:
        error = validation_error_to_input_error(exc, source)
        first = exc.errors()[0]["loc"]
        row = next((p + 1 for p in first if isinstance(p, int)), None)
        raise InputError(error.message, file=source, row=row, column=error.column) from None


def _add_missing_profile_versions(session: Session, actor: Actor,
                                  profiles: tuple[ExportedProfileVersion, ...],
                                  source: str) -> list[ProfileVersionRow]:
    added = []
    for exported in sorted(profiles, key=lambda p: (p.profile_id, p.version)):
        stored = {r.version: r for r in repository.profile_versions(session, exported.profile_id)}
        here = stored.get(exported.version)
        if here is not None:
            if here.content_hash != exported.content_hash:
                raise InputError(
                    f"profile '{exported.profile_id}' v{exported.version} has other weights in "
                    f"this database than in the export (hash {here.content_hash[:12]}... here, "
                    f"{exported.content_hash[:12]}... exported)", file=source,
                    column="profiles.content_hash")
            continue
        newest = max(stored, default=0)
        if exported.version != newest + 1:
            raise InputError(f"profile '{exported.profile_id}' here ends at v{newest}; the export "
                             f"has v{exported.version} without the versions between",
                             file=source, column="profiles.version")
        require(actor, Action.EDIT_PROFILE)
        row = ProfileVersionRow(profile_id=exported.profile_id, version=exported.version,
                                name=exported.name, body=exported.body,
                                content_hash=exported.content_hash, author=actor.name,
                                note=f"arrived with an imported project ({source})")
        session.add(row)
        session.flush()
        added.append(row)
    return added
