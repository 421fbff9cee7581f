"""`vendor-eval risk` and `import-checklist`: compliance coverage, failed gates, the register."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.cli.support import OutputFormat, emit_json, read_input, run_or_exit
from vendor_eval.domain.people import LOCAL_ADMIN


def risk(
    project: Annotated[str, typer.Argument(help="project key")],
    vendor: Annotated[str | None, typer.Option(help="only this vendor")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json")] = OutputFormat.TABLE,
) -> None:
    """Per vendor: required checklist items, failed gates, risk register, residual risk."""
    from vendor_eval.services.evidence.risk import risk_overview
    from vendor_eval.store.unit_of_work import UnitOfWork

    overview = run_or_exit(lambda: risk_overview(UnitOfWork(), LOCAL_ADMIN, project))
    vendors = list(overview.result.table["vendor"])
    if vendor is not None and vendor not in vendors:
        typer.echo(f"error: --vendor: '{vendor}' is not in project '{project}' "
                   f"(vendors: {', '.join(vendors)})", err=True)
        raise typer.Exit(code=2)
    report = overview.to_json(vendor)
    if fmt is OutputFormat.JSON:
        emit_json(report)
        return
    for entry in report:
        status = "qualified" if entry["qualified"] else "DISQUALIFIED"
        typer.echo(f"{entry['vendor']}: {status}; residual risk exposure "
                   f"{entry['risk_exposure']:.2f}, score adjustment -{100 * entry['risk_penalty']:.1f}%")
        for failure in entry["failed_gates"]:
            typer.echo(f"  failed gate: {failure}")
        unmet = [i for i in entry["required_items"] if i["status"] != "met"]
        typer.echo(f"  required items met: {len(entry['required_items']) - len(unmet)}"
                   f"/{len(entry['required_items'])}")
        for item in entry["required_items"]:
            if item["flag"]:
                typer.echo(f"  flag: {item['flag']}")
        for risk_row in entry["register"]:
            typer.echo(f"  risk {risk_row['likelihood']}x{risk_row['impact']}"
                       f" (residual {risk_row['residual']}) [{risk_row['status']}]: "
                       f"{risk_row['title']}")


def import_checklist(
    project: Annotated[str, typer.Argument(help="project key")],
    path: Annotated[Path, typer.Argument(help="CSV or XLSX: vendor, item_id, status, evidence, "
                                              "file_reference, expires_on, reviewer")],
) -> None:
    """Import checklist findings; a file with any bad row imports nothing."""
    from vendor_eval.services.evidence.risk import import_assessments
    from vendor_eval.store.unit_of_work import UnitOfWork

    def run() -> int:
        data = read_input(path)
        return import_assessments(UnitOfWork(), LOCAL_ADMIN, project, path.name, data)

    changed = run_or_exit(run)
    typer.echo(f"{changed} checklist finding(s) recorded for {project}")


def register(app: typer.Typer) -> None:
    app.command("risk")(risk)
    app.command("import-checklist")(import_checklist)
