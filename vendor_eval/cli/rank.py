"""`vendor-eval rank` (weighted sum or TOPSIS) and `rank-matrix`: rankings on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from vendor_eval.cli.support import OutputFormat, emit, run_or_exit
from vendor_eval.domain.enums import RankMethod
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.engine.normalize import Normalization


def rank(
    project: Annotated[str, typer.Argument(help="project key, e.g. demo")],
    profile: Annotated[str | None, typer.Option(help="profile id (default: the project's)")] = None,
    method: Annotated[RankMethod, typer.Option(help="aggregation method")] = RankMethod.WSM,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Rank a project's vendors under its weighting profile."""
    from vendor_eval.services.decision.ranking import rank_project
    from vendor_eval.store.unit_of_work import UnitOfWork

    if method is RankMethod.TOPSIS:
        _rank_project_by_topsis(project, profile, fmt)
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


def rank_matrix(
    matrix: Annotated[Path, typer.Argument(help="CSV: name column, then one column per criterion")],
    weights: Annotated[Path, typer.Option(help="YAML/JSON: {criterion: {weight, direction}}")],
    method: Annotated[RankMethod, typer.Option(help="aggregation method")] = RankMethod.WSM,
    normalize: Annotated[Normalization | None, typer.Option(
        help="column normalisation [default: minmax for wsm, vector for topsis]")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Rank any decision matrix with a weighted sum or TOPSIS (score = closeness coefficient)."""
    from vendor_eval.services.decision.matrix import rank_matrix_files

    table = run_or_exit(lambda: rank_matrix_files(matrix, weights, method, normalize))
    records = [{"alternative": r.alternative, "score": float(r.score), "rank": int(r.rank)}
               for r in table.itertuples(index=False)]
    emit(table, records, fmt)


def _rank_project_by_topsis(project: str, profile: str | None, fmt: OutputFormat) -> None:
    """`vendor-eval rank PROJECT --method topsis`: the TOPSIS ranking beside the weighted sum's,
    with Kendall's tau between the two whenever they disagree."""
    from vendor_eval.services.decision.ranking import rank_project_topsis
    from vendor_eval.store.unit_of_work import UnitOfWork

    comparison = run_or_exit(lambda: rank_project_topsis(UnitOfWork(), LOCAL_ADMIN, project,
                                                         profile))
    records = comparison.to_records()
    note = None
    if comparison.disagree:
        tau = "undefined" if comparison.kendall_tau is None else f"{comparison.kendall_tau:.2f}"
        note = (f"TOPSIS and the weighted sum rank differently: Kendall's tau = {tau} "
                "over the qualified vendors")
    if fmt is not OutputFormat.TABLE:
        emit(pd.DataFrame(records).drop(columns=["gate_failures"]), records, fmt)
        if note:
            typer.echo(note, err=True)
        return
    typer.echo(f"{project}: profile {comparison.profile_id} v{comparison.profile_version}, "
               f"{comparison.method}")
    frame = pd.DataFrame(records)[["rank", "vendor", "score", "closeness", "wsm_rank",
                                   "gate_status", "risk_penalty"]]
    typer.echo(frame.assign(score=frame["score"].round(1),
                            closeness=frame["closeness"].round(3)).to_string(index=False))
    typer.echo(note or "TOPSIS and the weighted sum give the same ranking.")


def register(app: typer.Typer) -> None:
    app.command("rank")(rank)
    app.command("rank-matrix")(rank_matrix)
