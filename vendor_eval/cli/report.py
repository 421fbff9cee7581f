"""`vendor-eval report`: the shortlist report as a PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.cli.support import run_or_exit
from vendor_eval.domain.people import LOCAL_ADMIN


def report(
    project: Annotated[str, typer.Argument(help="project key")],
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file to write")],
    top: Annotated[int, typer.Option("--top", min=1, help="shortlist size")] = 3,
) -> None:
    """Write the shortlist report PDF."""
    from vendor_eval.services.report.shortlist import export_shortlist_pdf
    from vendor_eval.store.unit_of_work import UnitOfWork

    path = run_or_exit(lambda: export_shortlist_pdf(UnitOfWork(), LOCAL_ADMIN, project, output, top))
    typer.echo(f"wrote {path}")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
