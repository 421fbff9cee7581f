"""`vendor-eval profile`: list weighting profiles, compare versions, clone, export and import YAML.

Like the other commands, these act as the local admin on the database DATABASE_URL names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.cli.support import OutputFormat, emit_json, read_input, run_or_exit
from vendor_eval.domain.people import LOCAL_ADMIN

profile_app = typer.Typer(no_args_is_help=True,
                          help="Weighting profiles: versions, differences, clones, YAML files.")


@profile_app.command("list")
def list_command(
    fmt: Annotated[OutputFormat, typer.Option("--format",
                                              help="table or json")] = OutputFormat.TABLE,
) -> None:
    """Every stored profile with its newest version and name."""
    from vendor_eval.services.decision.profiles import get_profile, list_profile_ids
    from vendor_eval.store.unit_of_work import UnitOfWork

    def newest() -> list[dict[str, object]]:
        ids = list_profile_ids(UnitOfWork(), LOCAL_ADMIN)
        profiles = [get_profile(UnitOfWork(), LOCAL_ADMIN, i) for i in ids]
        return [{"id": p.id, "version": p.version, "name": p.name} for p in profiles]

    rows = run_or_exit(newest)
    if fmt is OutputFormat.JSON:
        emit_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['id']}\tv{row['version']}\t{row['name']}")


@profile_app.command("diff")
def diff_command(
    profile_id: Annotated[str, typer.Argument(metavar="ID", help="profile id")],
    older: Annotated[int, typer.Option("--from", min=1, help="the older version")],
    newer: Annotated[int, typer.Option("--to", min=1, help="the newer version")],
    fmt: Annotated[OutputFormat, typer.Option("--format",
                                              help="table or json")] = OutputFormat.TABLE,
) -> None:
    """What changed between two versions, the largest weight moves first."""
    from vendor_eval.engine.profile_diff import describe_move, largest_moves_first, summarise
    from vendor_eval.services.decision.profiles import diff_versions
    from vendor_eval.services.kernel.catalogue import get_catalogue
    from vendor_eval.store.unit_of_work import UnitOfWork

    changes = largest_moves_first(run_or_exit(
        lambda: diff_versions(UnitOfWork(), LOCAL_ADMIN, profile_id, older, newer)))
    if fmt is OutputFormat.JSON:
        emit_json([change.to_record() for change in changes])
        return
    catalogue = get_catalogue()
    names = catalogue.category_names | {c.id: c.name for c in catalogue.criteria}
    typer.echo(f"{profile_id} v{older} -> v{newer}: {summarise(changes, names)}")
    for change in changes:
        if change.is_weight:
            typer.echo(f"  {change.kind.value} ({change.status.value}): "
                       f"{describe_move(change, names)}; stated {_value(change.before)} -> "
                       f"{_value(change.after)}")
        else:
            typer.echo(f"  {change.kind.value} {change.element} ({change.status.value}): "
                       f"{_value(change.before)} -> {_value(change.after)}")


@profile_app.command("export")
def export_command(
    profile_id: Annotated[str, typer.Argument(metavar="ID", help="profile id")],
    output: Annotated[Path, typer.Option("-o", "--output", help="YAML file to write")],
    version: Annotated[int | None, typer.Option(min=1, help="version (default: newest)")] = None,
) -> None:
    """Write one version as YAML in the shipped format (loads back with `profile import`)."""
    from vendor_eval.files.output import write_file
    from vendor_eval.services.decision.profiles import export_profile_yaml
    from vendor_eval.store.unit_of_work import UnitOfWork

    def run() -> None:
        text = export_profile_yaml(UnitOfWork(), LOCAL_ADMIN, profile_id, version)
        write_file(output, text.encode("utf-8"), f"{profile_id}-v1.yaml")

    run_or_exit(run)
    typer.echo(f"wrote {output}")


@profile_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(metavar="FILE.yaml", help="a profile YAML file")],
    note: Annotated[str, typer.Option(help="why (kept in the version history)")] = "",
) -> None:
    """Store a profile file as the next version of its id, or as a new profile."""
    from vendor_eval.services.decision.profiles import import_profile_yaml
    from vendor_eval.store.unit_of_work import UnitOfWork

    def run():
        data = read_input(path)
        return import_profile_yaml(UnitOfWork(), LOCAL_ADMIN, data, path.name, note)

    profile = run_or_exit(run)
    typer.echo(f"imported {profile.id} as version {profile.version}")


@profile_app.command("clone")
def clone_command(
    profile_id: Annotated[str, typer.Argument(metavar="ID", help="profile to copy")],
    new_id: Annotated[str, typer.Argument(metavar="NEW_ID", help="id of the new profile")],
    name: Annotated[str, typer.Option(help="name of the new profile")],
    version: Annotated[int | None,
                       typer.Option(min=1, help="version to copy (default: newest)")] = None,
    note: Annotated[str, typer.Option(help="why (kept in the version history)")] = "",
) -> None:
    """Copy a profile version as version 1 of a new profile."""
    from vendor_eval.services.decision.profiles import clone_profile
    from vendor_eval.store.unit_of_work import UnitOfWork

    clone = run_or_exit(lambda: clone_profile(UnitOfWork(), LOCAL_ADMIN, profile_id, version,
                                              new_id, name, note))
    typer.echo(f"cloned {profile_id} as {clone.id} v{clone.version}")


def _value(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if isinstance(value, float) else str(value)


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app, name="profile")
