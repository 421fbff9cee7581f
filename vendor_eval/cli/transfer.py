"""`export`, `import-project`, `import` and `export-results`: projects and tables in and out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.cli.support import read_input, run_or_exit
from vendor_eval.domain.enums import ImportKind, ResultsTable
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.errors import InputError
from vendor_eval.files.output import write_file


def export(
    project: Annotated[str, typer.Argument(help="project key")],
    output: Annotated[Path, typer.Option("-o", "--output", help="JSON file to write")],
) -> None:
    """Export a whole project (evidence, team, frozen weights, profile versions) as JSON."""
    from vendor_eval.services.project.transfer import export_project, export_text
    from vendor_eval.store.unit_of_work import UnitOfWork

    def run() -> None:
        document = export_project(UnitOfWork(), LOCAL_ADMIN, project)
        write_file(output, export_text(document).encode("utf-8"), f"{project}.json")

    run_or_exit(run)
    typer.echo(f"wrote {output}")


def import_project_file(
    path: Annotated[Path, typer.Argument(help="a JSON file written by `vendor-eval export`")],
) -> None:
    """Create a project from an export file; nothing is written if any part is invalid.

    An empty database is set up first (schema and shipped profiles), as `init` would.
    """
    from vendor_eval.services.project.transfer import import_project, parse_export
    from vendor_eval.services.workspace.database import initialise
    from vendor_eval.store.unit_of_work import UnitOfWork

    def run():
        data = parse_export(read_input(path), str(path))
        initialise()
        return import_project(UnitOfWork(), LOCAL_ADMIN, data, source=path.name)

    result = run_or_exit(run)
    typer.echo(f"imported project {result.project.key}")
    if result.profiles_added:
        typer.echo(f"profile versions added: {', '.join(result.profiles_added)}")


def import_table_file(
    project: Annotated[str, typer.Argument(help="project key")],
    kind: Annotated[ImportKind, typer.Argument(help="what the file holds")],
    path: Annotated[Path, typer.Argument(help="CSV (UTF-8) or XLSX, header in the first row")],
) -> None:
    """Import vendors, scores, prices or risks into a project: every row, or none."""
    from vendor_eval.services.evidence.table_imports import import_table
    from vendor_eval.store.unit_of_work import UnitOfWork

    report = run_or_exit(lambda: import_table(UnitOfWork(), LOCAL_ADMIN, project, kind.value,
                                              path.name, read_input(path)))
    typer.echo(report.describe(project))


def export_results(
    project: Annotated[str, typer.Argument(help="project key")],
    output: Annotated[Path, typer.Option("-o", "--output",
                                         help="OUT.xlsx (all tables) or OUT.csv (one table)")],
    table: Annotated[ResultsTable, typer.Option(help="the table a CSV holds")] = (
        ResultsTable.SCORES),
) -> None:
    """Write the ranking and the full score matrix as XLSX or CSV, formula injection defused."""
    from vendor_eval.services.decision.results import export_results as results
    from vendor_eval.store.unit_of_work import UnitOfWork

    def run() -> None:
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in ("xlsx", "csv"):
            raise InputError("give a file ending in .xlsx or .csv", file=str(output),
                             column="--output")
        write_file(output, results(UnitOfWork(), LOCAL_ADMIN, project, suffix, table.value),
                   f"{project}-results.xlsx")

    run_or_exit(run)
    typer.echo(f"wrote {output}")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import-project")(import_project_file)
    app.command("import")(import_table_file)
    app.command("export-results")(export_results)
