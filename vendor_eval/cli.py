"""The `vendor-eval` command line: thin commands over the same services as the app."""

from __future__ import annotations

import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.engine.matrix import DecisionMatrix, rank_weighted_sum
from vendor_eval.engine.normalize import Normalization
from vendor_eval.cli_support import OutputFormat, emit, run_or_exit
from vendor_eval.errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Choose annotation and HITL QA vendors on measured evidence.")


class Method(StrEnum):
    WSM = "wsm"
    TOPSIS = "topsis"


@app.command()
def init(demo: Annotated[bool, typer.Option("--demo", help="load the demo project")] = False) -> None:
    """Create or upgrade the database; --demo loads the sample evaluation 'demo'."""
    from vendor_eval.services.setup import initialise

    report = run_or_exit(lambda: initialise(demo=demo))
    typer.echo(f"database: {report.database}")
    if report.profiles_added:
        typer.echo(f"profiles added: {', '.join(report.profiles_added)}")
    if demo:
        typer.echo("demo project loaded" if report.demo_loaded else "demo project already present")


@app.command()
def serve(port: Annotated[int, typer.Option(help="port to listen on")] = 8501) -> None:
    """Start the Streamlit app (initialises the database and demo data on first start)."""
    from vendor_eval.config import PROJECT_ROOT
    from vendor_eval.services.setup import initialise

    run_or_exit(lambda: initialise(demo=True))
    command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"),
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    raise typer.Exit(subprocess.call(command))


@app.command()
def rank(
    project: Annotated[str, typer.Argument(help="project key, e.g. demo")],
    profile: Annotated[str | None, typer.Option(help="profile id (default: the project's)")] = None,
    method: Annotated[Method, typer.Option(help="aggregation method")] = Method.WSM,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Rank a project's vendors under its weighting profile."""
    from vendor_eval.services.ranking import rank_project
    from vendor_eval.store.unit_of_work import UnitOfWork

    if method is Method.TOPSIS:
        from vendor_eval.commands.decision import rank_topsis

        rank_topsis(project, profile, fmt)
        return
    result = run_or_exit(lambda: rank_project(UnitOfWork(), LOCAL_ADMIN, project, profile))
    records = result.to_records()
    if fmt is not OutputFormat.TABLE:
        emit(pd.DataFrame(records).drop(columns=["gate_failures", "flags"], errors="ignore"),
             records, fmt)
        return
    typer.echo(f"{project}: profile {result.profile_id} v{result.profile_version}, {result.method}")
    if not records:
        typer.echo("no vendors yet: add them on the app's Vendors page or with "
                   f"`vendor-eval import {project} vendors VENDORS.csv`")
        return
    typer.echo(_rank_table(records).to_string(index=False))
    for row in records:
        for note in [*row["gate_failures"], *row["flags"]]:
            typer.echo(f"  {row['vendor']}: {note}")


def _rank_table(records: list[dict]) -> pd.DataFrame:
    """The human-readable ranking: formatted numbers, and a status that says who is out."""
    from vendor_eval.domain.presentation import format_money, format_percent, format_score

    return pd.DataFrame({
        "rank": [r["rank"] for r in records],
        "vendor": [r["vendor"] for r in records],
        "score": [format_score(r["score"]) for r in records],
        "status": ["qualified" if r["qualified"] else "DISQUALIFIED" for r in records],
        "risk adj.": [f"-{format_percent(r['risk_penalty'])}" for r in records],
        "total cost": [format_money(r["total_cost"], r["currency"] or "USD") for r in records],
        "per correct label": [format_money(r["cost_per_correct_label"], r["currency"] or "USD")
                              for r in records],
    })


@app.command("rank-matrix")
def rank_matrix(
    matrix: Annotated[Path, typer.Argument(help="CSV: name column, then one column per criterion")],
    weights: Annotated[Path, typer.Option(help="YAML/JSON: {criterion: {weight, direction}}")],
    method: Annotated[Method, typer.Option(help="aggregation method")] = Method.WSM,
    normalize: Annotated[Normalization | None, typer.Option(
        help="column normalisation [default: minmax for wsm, vector for topsis]")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Rank any decision matrix with a weighted sum or TOPSIS (score = closeness coefficient)."""
    from vendor_eval.engine.topsis import rank_topsis
    from vendor_eval.services.matrix_files import read_matrix_csv, read_weights

    def compute() -> pd.DataFrame:
        frame = read_matrix_csv(matrix)
        weight_values, directions = read_weights(weights)
        try:
            decision = DecisionMatrix.from_frame(frame, weight_values, directions)
        except InputError as error:
            raise InputError(error.message, file=str(weights), column=error.column) from None
        if method is Method.TOPSIS:
            return rank_topsis(decision, normalize or Normalization.VECTOR)
        return rank_weighted_sum(decision, normalize or Normalization.MINMAX)

    table = run_or_exit(compute)
    records = [{"alternative": r.alternative, "score": float(r.score), "rank": int(r.rank)}
               for r in table.itertuples(index=False)]
    emit(table, records, fmt)


@app.command()
def report(
    project: Annotated[str, typer.Argument(help="project key")],
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file to write")],
    top: Annotated[int, typer.Option("--top", min=1, help="shortlist size")] = 3,
) -> None:
    """Write the shortlist report PDF."""
    from vendor_eval.services.reports import export_shortlist_pdf
    from vendor_eval.store.unit_of_work import UnitOfWork

    path = run_or_exit(lambda: export_shortlist_pdf(UnitOfWork(), LOCAL_ADMIN, project, output, top))
    typer.echo(f"wrote {path}")


def _register_command_modules() -> None:
    """Commands of later features live in `vendor_eval/commands/`, each with `register(app)`."""
    import importlib
    import pkgutil

    import vendor_eval.commands as commands

    for module in sorted(m.name for m in pkgutil.iter_modules(commands.__path__)):
        importlib.import_module(f"vendor_eval.commands.{module}").register(app)


_register_command_modules()

if __name__ == "__main__":
    app()
