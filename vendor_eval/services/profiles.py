"""Weighting profiles: seed the shipped ones, read versions, save edits as new versions."""

from __future__ import annotations

from vendor_eval.domain.people import Actor
from vendor_eval.domain.profiles import Profile, load_shipped_profiles, profile_from_dict
from vendor_eval.services.audit import record_event
from vendor_eval.services.catalogue import get_catalogue
from vendor_eval.services.permissions import Action, require
from vendor_eval.store import repository
from vendor_eval.store.tables import ProfileVersionRow, ProjectRow
from vendor_eval.store.unit_of_work import UnitOfWork


def seed_shipped_profiles(uow: UnitOfWork, actor: Actor) -> list[str]:
    """Store version 1 of every shipped profile the database does not have yet."""
    catalogue = get_catalogue()
    added = []
    with uow:
        known = set(repository.list_profile_ids(uow.session))
        for profile in load_shipped_profiles(catalogue):
            if profile.id in known:
                continue
            _add_version(uow, actor, profile.model_copy(update={"version": 1}), "shipped profile")
            added.append(profile.id)
        uow.commit()
    return added


def list_profile_ids(uow: UnitOfWork, actor: Actor) -> list[str]:
    require(actor, Action.READ)
    with uow:
        return repository.list_profile_ids(uow.session)


def get_profile(uow: UnitOfWork, actor: Actor, profile_id: str,
                version: int | None = None) -> Profile:
    require(actor, Action.READ)
    with uow:
        return repository.load_profile(uow.session, profile_id, get_catalogue(), version)


def list_versions(uow: UnitOfWork, actor: Actor, profile_id: str) -> list[dict[str, object]]:
    """Version history for display: number, when, who, why and the content hash."""
    require(actor, Action.READ)
    with uow:
        return [
            {"version": r.version, "created_at": r.created_at, "author": r.author,
             "note": r.note, "hash": r.content_hash[:12]}
            for r in repository.profile_versions(uow.session, profile_id)
        ]


def save_profile_version(uow: UnitOfWork, actor: Actor, body: dict, note: str,
                         source: str = "profile form") -> Profile:
    """Validate an edited profile and store it as the next version; earlier versions stay."""
    require(actor, Action.EDIT_PROFILE)
    profile = profile_from_dict(body, source=source, catalogue=get_catalogue())
    with uow:
        versions = repository.profile_versions(uow.session, profile.id)
        next_version = (versions[-1].version + 1) if versions else 1
        profile = profile.model_copy(update={"version": next_version})
        _add_version(uow, actor, profile, note)
        uow.commit()
    return profile


def set_project_profile(uow: UnitOfWork, actor: Actor, project_key: str, profile_id: str) -> None:
    require(actor, Action.EDIT_PROJECT)
    with uow:
        repository.load_profile(uow.session, profile_id, get_catalogue())
        row: ProjectRow = repository.project_row(uow.session, project_key)
        before = row.profile_id
        row.profile_id = profile_id
        row.version += 1
        uow.session.add(row)
        record_event(uow.session, actor, "project.profile", f"project:{project_key}",
                     {"before": before, "after": profile_id})
        uow.commit()


def _add_version(uow: UnitOfWork, actor: Actor, profile: Profile, note: str) -> None:
    uow.session.add(ProfileVersionRow(
        profile_id=profile.id, version=profile.version, name=profile.name,
        body=profile.model_dump(mode="json"), content_hash=profile.content_hash(),
        author=actor.name, note=note,
    ))
    record_event(uow.session, actor, "profile.save", f"profile:{profile.id}:v{profile.version}",
                 {"hash": profile.content_hash(), "note": note})
