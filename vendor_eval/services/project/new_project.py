"""Starting a project from its scope: the profile the scope calls for, then the project itself.

The app's "New project" page and `vendor-eval new-project` both go through here, so a form
and a command refuse the same input with the same field named.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.enums import Industry, Sensitivity
from vendor_eval.domain.people import Actor
from vendor_eval.domain.profiles import Profile
from vendor_eval.domain.project import Project, Scope
from vendor_eval.engine.recommend import Recommendation, recommend_profile
from vendor_eval.errors import InputError
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.catalogue import get_catalogue, get_checklist
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.store import repository
from vendor_eval.store.tables import ProjectRow
from vendor_eval.store.unit_of_work import UnitOfWork

KEY_RULE = "lowercase letters, digits, '-' and '_', starting with a letter or digit"
MAX_KEY, MAX_TITLE, MAX_UNIT = 80, 200, 40  # the column sizes of ProjectRow


def build_scope(industry: Industry | str, data_types: Iterable[str], volume: int,
                unit: str = "item", languages: Iterable[str] = (),
                sensitivity: Iterable[Sensitivity | str] = ()) -> Scope:
    """A scope from form or command-line values; blank and repeated entries are dropped, and a
    bad value is refused naming its field."""
    try:
        industry = Industry(industry)
    except ValueError:
        raise InputError(f"'{industry}' is not an industry (industries: "
                         f"{', '.join(i.value for i in Industry)})", column="industry") from None
    flags = []
    for flag in sensitivity:
        try:
            flags.append(Sensitivity(flag))
        except ValueError:
            raise InputError(f"'{flag}' is not a kind of sensitive data (kinds: "
                             f"{', '.join(s.value for s in Sensitivity)})",
                             column="sensitivity") from None
    if isinstance(volume, bool) or not isinstance(volume, int) or volume < 1:
        raise InputError(f"the volume must be a whole number of at least 1, not {volume!r}",
                         column="volume")
    unit = (unit or "").strip()
    if not unit or len(unit) > MAX_UNIT:
        raise InputError(f"name the unit being labelled (1 to {MAX_UNIT} characters), "
                         "e.g. image, document, conversation", column="unit")
    return Scope(industry=industry, data_types=_cleaned(data_types), volume=volume, unit=unit,
                 languages=_cleaned(languages), sensitivity=frozenset(flags))


def recommend_for_scope(uow: UnitOfWork, actor: Actor, scope: Scope) -> Recommendation:
    """The profile the scope calls for among the stored ones (newest versions), with reasons,
    the alternatives, and the checks the scope makes mandatory."""
    require(actor, Action.READ)
    with uow:
        profiles = _newest_profiles(uow)
    return recommend_profile(scope, profiles, get_checklist())


def create_project(uow: UnitOfWork, actor: Actor, key: str, title: str, description: str,
                   scope: Scope, profile_id: str) -> Project:
    """Create an empty project (no vendors yet) ranked with the chosen profile's newest version.

    Refused, with nothing written: a key that is taken or malformed, an empty title, or a
    profile the database does not hold.
    """
    require(actor, Action.EDIT_PROJECT)
    project = _valid_project(key, title, description, scope, profile_id)
    with uow:
        session = uow.session
        if session.exec(select(ProjectRow.id).where(ProjectRow.key == project.key)).first():
            raise _key_taken(project.key)
        versions = repository.profile_versions(session, project.profile_id)
        if not versions:
            known = ", ".join(repository.list_profile_ids(session)) or "none"
            raise InputError(f"no profile '{project.profile_id}' (known profiles: {known})",
                             column="profile")
        row = repository.project_from_domain(project)
        row.updated_by = actor.name
        session.add(row)
        try:
            session.flush()
        except IntegrityError:  # created by someone else since the check above
            raise _key_taken(project.key) from None
        record_event(session, actor, AuditAction.PROJECT_CREATE, f"project:{project.key}", {
            "title": project.title, "profile": project.profile_id,
            "profile_version": versions[-1].version,
            "scope": {**scope.model_dump(mode="json"),
                      "sensitivity": sorted(flag.value for flag in scope.sensitivity)},
        })
        uow.commit()
    return project


def _valid_project(key: str, title: str, description: str, scope: Scope,
                   profile_id: str) -> Project:
    key, title = (key or "").strip(), (title or "").strip()
    if not key:
        raise InputError(f"give the project a short key ({KEY_RULE})", column="key")
    if len(key) > MAX_KEY:
        raise InputError(f"the key is {len(key)} characters long; keep it to {MAX_KEY}",
                         column="key")
    if not title:
        raise InputError("give the project a title", column="title")
    if len(title) > MAX_TITLE:
        raise InputError(f"the title is {len(title)} characters long; keep it to {MAX_TITLE}",
                         column="title")
    if not profile_id:
        raise InputError("choose a weighting profile", column="profile")
    try:
        return Project(key=key, title=title, description=(description or "").strip(),
                       scope=scope, profile_id=profile_id)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        if field == "key":
            raise InputError(f"'{key}' is not a valid key: use {KEY_RULE}", column="key") from None
        if field == "profile_id":
            raise InputError(f"no profile '{profile_id}'", column="profile") from None
        raise InputError(exc.errors()[0]["msg"], column=field) from None


def _key_taken(key: str) -> InputError:
    return InputError(f"a project '{key}' already exists; choose another key", column="key")


def _newest_profiles(uow: UnitOfWork) -> dict[str, Profile]:
    catalogue = get_catalogue()
    return {profile_id: repository.load_profile(uow.session, profile_id, catalogue)
            for profile_id in repository.list_profile_ids(uow.session)}


def _cleaned(values: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, non-blank, first occurrence kept (case-insensitive), in the order given."""
    seen: dict[str, str] = {}
    for value in values:
        text = str(value).strip()
        if text and text.lower() not in seen:
            seen[text.lower()] = text
    return tuple(seen.values())
