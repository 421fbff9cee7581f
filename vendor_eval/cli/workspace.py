"""`vendor-eval init` and `serve`: create or upgrade the database, start the app."""

from __future__ import annotations

import subprocess
import sys
from typing import Annotated

import typer

from vendor_eval.cli.support import run_or_exit


def init(demo: Annotated[bool, typer.Option("--demo", help="load the demo project")] = False) -> None:
    """Create or upgrade the database; --demo loads the sample evaluation 'demo'."""
    from vendor_eval.services.workspace.database import initialise

    report = run_or_exit(lambda: initialise(demo=demo))
    typer.echo(f"database: {report.database}")
    if report.profiles_added:
        typer.echo(f"profiles added: {', '.join(report.profiles_added)}")
    if demo:
        typer.echo("demo project loaded" if report.demo_loaded else "demo project already present")


def serve(port: Annotated[int, typer.Option(help="port to listen on")] = 8501) -> None:
    """Start the Streamlit app (initialises the database and demo data on first start)."""
    from vendor_eval.config import PROJECT_ROOT
    from vendor_eval.services.workspace.database import initialise

    run_or_exit(lambda: initialise(demo=True))
    command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py"),
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    raise typer.Exit(subprocess.call(command))


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("serve")(serve)
