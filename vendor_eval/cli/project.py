"""`vendor-eval new-project`: create an empty project from its scope, with the profile and the
mandatory checks the scope calls for."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from vendor_eval.cli.support import OutputFormat, emit_json, run_or_exit
from vendor_eval.domain.enums import Industry, Sensitivity
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.errors import InputError

if TYPE_CHECKING:
    from vendor_eval.domain.project import Project
    from vendor_eval.engine.recommend import Recommendation

T = TypeVar("T")

# The service names form fields; on the command line the user needs the option to fix.
OPTIONS = {"key": "KEY", "title": "--title", "description": "--description",
           "industry": "--industry", "data_types": "--data-type", "volume": "--volume",
           "unit": "--unit", "languages": "--language", "sensitivity": "--sensitivity",
           "profile": "--profile"}


def new_project(
    key: Annotated[str, typer.Argument(help="short project key: lowercase letters, digits, - _")],
    title: Annotated[str, typer.Option(help="the project's title")],
    industry: Annotated[Industry, typer.Option(help="the buyer's industry")],
    volume: Annotated[int, typer.Option(help="units to label or review over the contract")],
    data_type: Annotated[list[str] | None, typer.Option(
        "--data-type", help="a kind of data, e.g. 'medical images' (repeat for more)")] = None,
    unit: Annotated[str, typer.Option(help="what one unit is: image, document, ...")] = "item",
    language: Annotated[list[str] | None, typer.Option(
        "--language", help="a language the work needs (repeat for more)")] = None,
    sensitivity: Annotated[list[Sensitivity] | None, typer.Option(
        "--sensitivity", help="sensitive data in scope (repeat for more)")] = None,
    profile: Annotated[str | None, typer.Option(
        help="weighting profile id [default: the recommended one]")] = None,
    description: Annotated[str, typer.Option(help="what is bought, in a sentence or two")] = "",
    fmt: Annotated[OutputFormat, typer.Option("--format",
                                              help="table or json")] = OutputFormat.TABLE,
) -> None:
    """Create a project from its scope; prints the recommended profile, why, and the checks
    every vendor must pass before data moves."""
    from vendor_eval.services.project.new_project import (
        build_scope,
        create_project,
        recommend_for_scope,
    )
    from vendor_eval.store.unit_of_work import UnitOfWork

    def run() -> tuple[Project, Recommendation]:
        scope = build_scope(industry, data_type or (), volume, unit, language or (),
                            sensitivity or ())
        recommendation = recommend_for_scope(UnitOfWork(), LOCAL_ADMIN, scope)
        chosen = profile or recommendation.profile_id
        created = create_project(UnitOfWork(), LOCAL_ADMIN, key, title, description, scope,
                                 chosen)
        return created, recommendation

    project, recommendation = run_or_exit(lambda: _naming_options(run))
    fit = recommendation.fit(project.profile_id)
    if fmt is OutputFormat.JSON:
        emit_json({"project": project.model_dump(mode="json"),
                   "recommendation": recommendation.model_dump(mode="json"),
                   "required": [check.model_dump(mode="json") for check in fit.required]})
        return
    chosen = "recommended" if fit.profile_id == recommendation.profile_id else "your choice"
    typer.echo(f"created project {project.key} ({project.title}) with profile "
               f"{fit.profile_id} ({chosen})")
    typer.echo(f"recommended profile: {recommendation.recommended.name} "
               f"({recommendation.profile_id})")
    for reason in recommendation.reasons:
        typer.echo(f"  - {reason}")
    others = ", ".join(f"{alt.profile_id} ({alt.points})" for alt in recommendation.alternatives)
    typer.echo(f"alternatives, best first (fit points): {others or 'none'}")
    specific = [check for check in fit.required if not check.always]
    typer.echo(f"required before any data moves, under {fit.profile_id}:")
    for check in specific:
        typer.echo(f"  - {check.name} [{check.id}]: {'; '.join(check.triggers)}")
    always = [check.id for check in fit.required if check.always]
    typer.echo(f"  and on every project: {', '.join(always)}")
    typer.echo(f"next: add vendors (`vendor-eval import {project.key} vendors VENDORS.csv`) or "
               f"issue an RFP (`vendor-eval rfp {project.key} -o RFP.pdf --workbook "
               f"RESPONSES.xlsx`) and import the answers (`vendor-eval import-responses "
               f"{project.key} WORKBOOK.xlsx`)")


def _naming_options(action: Callable[[], T]) -> T:
    """Run `action`; an input error names the command-line option rather than the form field."""
    try:
        return action()
    except InputError as error:
        if error.column not in OPTIONS:
            raise
        raise InputError(error.message, column=OPTIONS[error.column]) from None


def register(app: typer.Typer) -> None:
    app.command("new-project")(new_project)
