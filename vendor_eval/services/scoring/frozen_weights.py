"""Frozen weights: fix a project's profile version before scoring opens, and account for every
later change of weights (who, when, why, from which version to which)."""

from __future__ import annotations

from sqlmodel import Session

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.people import Actor
from vendor_eval.domain.project import Project
from vendor_eval.domain.team import ProfileChange, WeightsFreeze
from vendor_eval.errors import InputError, NotFoundError
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.kernel.versions import next_version, require_row_current
from vendor_eval.store import repository
from vendor_eval.store.tables import ProfileChangeRow, ProfileVersionRow, ProjectRow, utcnow
from vendor_eval.store.unit_of_work import UnitOfWork


def freeze_profile(uow: UnitOfWork, actor: Actor, project_key: str, version: int | None = None,
                   base_version: int | None = None) -> WeightsFreeze:
    """Fix the project's profile at one version (default: the newest) and record its hash.

    This opens scoring. From now on the project ranks with that version even when the profile
    gets newer versions; changing it takes `change_project_profile` with a reason.
    """
    require(actor, Action.FREEZE_WEIGHTS)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key, for_update=True)
        _check_project_version(project, base_version)
        if project.frozen_version is not None:
            raise InputError(
                f"the weights of '{project_key}' are frozen already ({project.profile_id} "
                f"v{project.frozen_version}, by {project.frozen_by}); to change them give a "
                f"reason (change of profile)", column="profile")
        stored = _profile_version(session, project.profile_id, version)
        project.frozen_version, project.frozen_hash = stored.version, stored.content_hash
        project.frozen_at, project.frozen_by = utcnow(), actor.name
        _touch(project, actor)
        session.add(project)
        record_event(session, actor, AuditAction.PROJECT_FREEZE, f"project:{project_key}", {
            "profile": project.profile_id, "version": stored.version,
            "hash": stored.content_hash,
            "evidence_already_present": repository.has_evidence_to_protect(session, project.id),
        })
        result = repository.freeze_to_domain(project)
        uow.commit()
    return result


def change_project_profile(uow: UnitOfWork, actor: Actor, project_key: str, profile_id: str,
                           version: int | None = None, reason: str = "",
                           base_version: int | None = None) -> Project:
    """Rank the project with another profile, or another version of its profile.

    Once the weights are frozen, or scores or measured results exist, a change needs a reason
    and is recorded as a profile change the report lists; a frozen project stays frozen, at
    the new version. `base_version` (the project's version when loaded) refuses a change made
    on a stale view of the project.
    """
    require(actor, Action.EDIT_PROJECT)
    reason = (reason or "").strip()
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key, for_update=True)
        _check_project_version(project, base_version)
        frozen = project.frozen_version is not None
        if version is not None and not frozen:
            raise InputError(f"the weights of '{project_key}' are not frozen, so it follows the "
                             f"newest version of its profile; freeze them to fix a version",
                             column="version")
        target = _profile_version(session, profile_id, version)
        unchanged = project.profile_id == profile_id and (
            not frozen or project.frozen_version == target.version)
        if unchanged:
            raise InputError(f"'{project_key}' already ranks with {profile_id}"
                             + (f" v{target.version}" if frozen else ""), column="profile")
        protected = frozen or repository.has_evidence_to_protect(session, project.id)
        if protected and not reason:
            why = (f"the weights of '{project_key}' are frozen" if frozen
                   else "scores or measured results exist")
            raise InputError(f"give a reason: {why}, so a change of weights is recorded and "
                             f"shown in the report", column="reason")
        before = {"profile": project.profile_id, "version": project.frozen_version,
                  "hash": project.frozen_hash}
        if protected:
            before_hash = project.frozen_hash or _profile_version(
                session, project.profile_id, None).content_hash
            session.add(ProfileChangeRow(
                project_id=project.id, by=actor.name,
                before_profile_id=project.profile_id, before_version=project.frozen_version,
                before_hash=before_hash, after_profile_id=profile_id,
                after_version=target.version, after_hash=target.content_hash, reason=reason))
        project.profile_id = profile_id
        if frozen:
            project.frozen_version, project.frozen_hash = target.version, target.content_hash
        _touch(project, actor)
        session.add(project)
        record_event(session, actor, AuditAction.PROJECT_PROFILE, f"project:{project_key}", {
            "before": before,
            "after": {"profile": profile_id, "version": project.frozen_version,
                      "hash": project.frozen_hash},
            "reason": reason,
        })
        result = repository.project_to_domain(project)
        uow.commit()
    return result


def list_profile_changes(uow: UnitOfWork, actor: Actor, project_key: str) -> list[ProfileChange]:
    """Changes of weights made after the freeze or after evidence existed, oldest first."""
    require(actor, Action.READ)
    with uow:
        project = repository.project_row(uow.session, project_key)
        return [repository.profile_change_to_domain(row)
                for row in repository.profile_change_rows(uow.session, project.id)]


def _profile_version(session: Session, profile_id: str, version: int | None) -> ProfileVersionRow:
    rows = repository.profile_versions(session, profile_id)
    if not rows:
        raise NotFoundError(f"no profile '{profile_id}'")
    if version is None:
        return rows[-1]
    for row in rows:
        if row.version == version:
            return row
    raise NotFoundError(f"profile '{profile_id}' has no version {version} "
                        f"(versions: {', '.join(str(r.version) for r in rows)})")


def _check_project_version(project: ProjectRow, base_version: int | None) -> None:
    require_row_current(f"project '{project.key}'", project, base_version)


def _touch(project: ProjectRow, actor: Actor) -> None:
    next_version(project, actor.name)
