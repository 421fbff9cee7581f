"""Weighting profiles: seed the shipped ones, read versions, save edits as new versions."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from vendor_eval.domain.people import Actor
from vendor_eval.domain.profiles import Profile, load_shipped_profiles, profile_from_dict
from vendor_eval.errors import StaleWriteError
from vendor_eval.services.audit import record_event
from vendor_eval.services.catalogue import get_catalogue
from vendor_eval.services.permissions import Action, require
from vendor_eval.store import repository
from vendor_eval.store.tables import ProfileVersionRow
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
                         source: str = "profile form", base_version: int | None = None) -> Profile:
    """Validate an edited profile and store it as the next version; earlier versions stay.

    With `base_version` (the version the edit started from) the save is refused if someone
    saved a newer version meanwhile, so their change is not silently dropped from the next one.
    """
    require(actor, Action.EDIT_PROFILE)
    profile = profile_from_dict(body, source=source, catalogue=get_catalogue())
    with uow:
        versions = repository.profile_versions(uow.session, profile.id)
        newest = versions[-1] if versions else None
        if base_version is not None and newest is not None and newest.version != base_version:
            raise StaleWriteError(
                f"profile '{profile.id}' got version {newest.version} from {newest.author} "
                f"since you loaded version {base_version}; reload and apply your edit again")
        next_version = (newest.version + 1) if newest else 1
        profile = profile.model_copy(update={"version": next_version})
        _add_version(uow, actor, profile, note)
        try:
            uow.commit()
        except IntegrityError:
            raise StaleWriteError(
                f"someone saved version {next_version} of profile '{profile.id}' at the same "
                f"moment; reload and apply your edit again") from None
    return profile


def set_project_profile(uow: UnitOfWork, actor: Actor, project_key: str, profile_id: str,
                        reason: str = "", base_version: int | None = None) -> None:
    """Rank the project with another profile; see `weights.change_project_profile` for when a
    reason is required (frozen weights, or scores or measured results present)."""
    from vendor_eval.services.weights import change_project_profile

    change_project_profile(uow, actor, project_key, profile_id, reason=reason,
                           base_version=base_version)


def _add_version(uow: UnitOfWork, actor: Actor, profile: Profile, note: str) -> None:
    uow.session.add(ProfileVersionRow(
        profile_id=profile.id, version=profile.version, name=profile.name,
        body=profile.model_dump(mode="json"), content_hash=profile.content_hash(),
        author=actor.name, note=note,
    ))
    record_event(uow.session, actor, "profile.save", f"profile:{profile.id}:v{profile.version}",
                 {"hash": profile.content_hash(), "note": note})
