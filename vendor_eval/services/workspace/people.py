"""People and their roles: who may take part, how a login maps to one of them, pickers' lists."""

from __future__ import annotations

from pydantic import ValidationError
from sqlmodel import Session, select

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import Actor, Person
from vendor_eval.errors import InputError, NotFoundError
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.kernel.versions import next_version, require_row_current
from vendor_eval.store import repository
from vendor_eval.store.tables import PersonRow
from vendor_eval.store.unit_of_work import UnitOfWork


def list_people(uow: UnitOfWork, actor: Actor) -> list[Person]:
    """Everyone known, with role, e-mail and the version an edit must name."""
    require(actor, Action.READ)
    with uow:
        rows = uow.session.exec(select(PersonRow).order_by(PersonRow.name)).all()
        return [_person(row) for row in rows]


def actor_for_login(uow: UnitOfWork, email: str | None) -> Actor | None:
    """The person a verified login e-mail belongs to (case-insensitive), or None if unknown.

    This is how team mode turns an OIDC identity into an actor; it needs no permission because
    it runs before anyone is known. Unknown people get no access until an admin adds them.
    """
    if not email or not email.strip():
        return None
    with uow:
        row = repository.person_by_email(uow.session, email)
        return None if row is None else repository.person_to_domain(row)


def add_person(uow: UnitOfWork, actor: Actor, name: str, role: Role | str,
               email: str | None = None) -> Person:
    """Add someone with a role (admins only); names and e-mails are unique."""
    require(actor, Action.MANAGE_PEOPLE)
    person = _valid_actor(name, role, email)
    with uow:
        session = uow.session
        if repository.person_row(session, person.name) is not None:
            raise InputError(f"there is already a person named '{person.name}'", column="name")
        _email_is_free(session, person.email, None)
        row = new_person_row(session, actor, person)
        result = _person(row)
        uow.commit()
    return result


def new_person_row(session: Session, actor: Actor, person: Actor) -> PersonRow:
    """Add a person in the caller's transaction, with its audit event (checks are the caller's)."""
    row = PersonRow(name=person.name, role=person.role.value, email=person.email,
                    updated_by=actor.name)
    session.add(row)
    record_event(session, actor, AuditAction.PERSON_ADD, f"person:{person.name}",
                 {"after": {"role": person.role.value, "email": person.email}})
    session.flush()
    return row


def update_person(uow: UnitOfWork, actor: Actor, name: str, role: Role | str,
                  email: str | None, base_version: int | None = None) -> Person:
    """Change someone's role or e-mail (admins only); refused if someone else changed them first.

    The last admin cannot be demoted, so a team can never lock itself out.
    """
    require(actor, Action.MANAGE_PEOPLE)
    person = _valid_actor(name, role, email)
    with uow:
        session = uow.session
        row = repository.person_row(session, person.name)
        if row is None:
            raise NotFoundError(f"no person '{person.name}'")
        require_row_current(row.name, row, base_version)
        if row.role == Role.ADMIN.value and person.role is not Role.ADMIN:
            admins = session.exec(select(PersonRow).where(PersonRow.role == Role.ADMIN.value)).all()
            if len(admins) <= 1:
                raise InputError(f"{row.name} is the only admin; make someone else admin first",
                                 column="role")
        _email_is_free(session, person.email, row.id)
        before = {"role": row.role, "email": row.email}
        after = {"role": person.role.value, "email": person.email}
        if before == after:
            return _person(row)
        row.role, row.email = after["role"], after["email"]
        next_version(row, actor.name)
        session.add(row)
        record_event(session, actor, AuditAction.PERSON_UPDATE, f"person:{row.name}",
                     {"before": before, "after": after})
        result = _person(row)
        uow.commit()
    return result


def _valid_actor(name: str, role: Role | str, email: str | None) -> Actor:
    try:
        return Actor(name=name.strip() if isinstance(name, str) else name, role=role, email=email)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else None
        if field == "email":
            raise InputError(f"'{email}' is not an e-mail address", column="email") from None
        if field == "role":
            roles = ", ".join(r.value for r in Role)
            raise InputError(f"'{role}' is not a role (roles: {roles})", column="role") from None
        raise InputError(first["msg"], column=field) from None


def _email_is_free(session, email: str | None, own_id: int | None) -> None:
    if email is None:
        return
    holder = repository.person_by_email(session, email)
    if holder is not None and holder.id != own_id:
        raise InputError(f"{email} already belongs to {holder.name}", column="email")


def _person(row: PersonRow) -> Person:
    return Person(name=row.name, role=Role(row.role), email=row.email, version=row.version,
                  updated_by=row.updated_by)
