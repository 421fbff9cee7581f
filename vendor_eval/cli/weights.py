"""`vendor-eval ahp`: weights from a pairwise comparison matrix."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from vendor_eval.cli.support import OutputFormat, emit_json, run_or_exit


def ahp(
    pairwise: Annotated[Path, typer.Argument(help="CSV: labels across and down, judgements "
                                                  "on Saaty's 1-9 scale (fractions like 1/5)")],
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Weights from a pairwise comparison matrix (AHP): lambda_max, CI and CR."""
    from vendor_eval.files.pairwise import derive_weights

    result = run_or_exit(lambda: derive_weights(pairwise))
    if fmt is OutputFormat.JSON:
        emit_json(result.to_dict())
        return
    frame = pd.DataFrame({"element": result.labels, "weight": result.weights.round(4),
                          "percent": (100 * result.weights).round(1)})
    if fmt is OutputFormat.CSV:
        typer.echo(frame.to_csv(index=False), nl=False)
        return
    typer.echo(frame.to_string(index=False))
    verdict = "acceptable" if result.consistent else "too inconsistent (limit 0.10)"
    typer.echo(f"lambda_max {result.lambda_max:.4f}  CI {result.ci:.4f}  "
               f"CR {result.cr:.4f}: {verdict}")
    for judgement in result.inconsistent_judgements:
        typer.echo(f"  revisit {judgement.row} vs {judgement.column}: you said "
                   f"{judgement.value:.3g}, the weights imply {judgement.implied:.3g} "
                   f"(nearest on the scale: {judgement.to_dict()['suggested']})")


def register(app: typer.Typer) -> None:
    app.command("ahp")(ahp)
