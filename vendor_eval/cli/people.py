"""`vendor-eval people`: list people, add someone with a role, change a role or e-mail.

The command line runs with direct access to the database, so it acts as the local admin; it is
how the first admin of a team-mode workspace is created.
"""

from __future__ import annotations

from typing import Annotated

import typer

from vendor_eval.cli.support import OutputFormat, emit_json, run_or_exit
from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import LOCAL_ADMIN

people_app = typer.Typer(no_args_is_help=True,
                         help="People and their roles (who may log in to team mode).")


@people_app.command("list")
def list_command(
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json")] = OutputFormat.TABLE,
) -> None:
    """Everyone known, with role and e-mail."""
    from vendor_eval.services.workspace.people import list_people
    from vendor_eval.store.unit_of_work import UnitOfWork

    people = run_or_exit(lambda: list_people(UnitOfWork(), LOCAL_ADMIN))
    if fmt is OutputFormat.JSON:
        emit_json([p.model_dump(mode="json", exclude={"updated_by"}) for p in people])
        return
    for p in people:
        typer.echo(f"{p.name}\t{p.role.value}\t{p.email or '-'}")


@people_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="full name, as shown in the app")],
    role: Annotated[Role, typer.Option(help="admin, analyst, evaluator or viewer")] = Role.EVALUATOR,
    email: Annotated[str | None, typer.Option(help="the address they log in with")] = None,
) -> None:
    """Add a person with a role (and the e-mail team-mode login maps to them)."""
    from vendor_eval.services.workspace.people import add_person
    from vendor_eval.store.unit_of_work import UnitOfWork

    person = run_or_exit(lambda: add_person(UnitOfWork(), LOCAL_ADMIN, name, role, email))
    typer.echo(f"added {person.name} ({person.role.value}{', ' + person.email if person.email else ''})")


@people_app.command("set")
def set_command(
    name: Annotated[str, typer.Argument(help="the person's name")],
    role: Annotated[Role | None, typer.Option(help="new role")] = None,
    email: Annotated[str | None, typer.Option(help="new e-mail ('' removes it)")] = None,
) -> None:
    """Change someone's role or e-mail."""
    from vendor_eval.errors import NotFoundError
    from vendor_eval.services.workspace.people import list_people, update_person
    from vendor_eval.store.unit_of_work import UnitOfWork

    def change():
        current = next((p for p in list_people(UnitOfWork(), LOCAL_ADMIN) if p.name == name), None)
        if current is None:
            raise NotFoundError(f"no person '{name}' (see `vendor-eval people list`)")
        new_email = current.email if email is None else (email or None)
        return update_person(UnitOfWork(), LOCAL_ADMIN, name, role or current.role, new_email,
                             base_version=current.version)

    person = run_or_exit(change)
    typer.echo(f"{person.name}: {person.role.value}, {person.email or 'no e-mail'}")


def register(app: typer.Typer) -> None:
    app.add_typer(people_app, name="people")
