"""Shared plumbing for CLI commands: output formats, and errors turned into exit code 2."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

import pandas as pd
import typer

from vendor_eval.errors import VendorEvalError
from vendor_eval.files.decode import read_bytes

T = TypeVar("T")


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def read_input(path: Path) -> bytes:
    """A file named on the command line, or an error that names it (exit 2 via run_or_exit)."""
    return read_bytes(path)


def run_or_exit(action: Callable[[], T]) -> T:
    """Run a service call; a user-fixable error goes to stderr and the exit code is 2."""
    try:
        return action()
    except VendorEvalError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None


def emit_json(payload: object) -> None:
    typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))


def emit(frame: pd.DataFrame, records: object, fmt: OutputFormat) -> None:
    """Print a result as a table, JSON (`records`) or formula-safe CSV (`frame`)."""
    if fmt is OutputFormat.JSON:
        emit_json(records)
    elif fmt is OutputFormat.CSV:
        from vendor_eval.services.decision.results import defuse_frame

        typer.echo(defuse_frame(frame).to_csv(index=False), nl=False)
    else:
        typer.echo(frame.to_string(index=False))
