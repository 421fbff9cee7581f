"""`vendor-eval sensitivity`: how robust a project's ranking is to its weights and noisy scores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import pandas as pd
import typer

from vendor_eval.cli.support import OutputFormat, emit_json, run_or_exit
from vendor_eval.engine.smaa import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_TOP,
    WeightSampling,
)

if TYPE_CHECKING:
    from vendor_eval.services.decision.robustness import RobustnessReport


def sensitivity(
    project: Annotated[str, typer.Argument(help="project key, e.g. demo")],
    samples: Annotated[int, typer.Option(help="SMAA samples (1 to 1,000,000)")] = DEFAULT_SAMPLES,
    seed: Annotated[int, typer.Option(help="random seed; the same seed gives the same figures")]
    = DEFAULT_SEED,
    concentration: Annotated[float, typer.Option(
        help="Dirichlet concentration around the profile's weights (larger = tighter)")]
    = DEFAULT_CONCENTRATION,
    sampling: Annotated[WeightSampling, typer.Option(
        help="weights near the profile (dirichlet) or anywhere (uniform)")]
    = WeightSampling.DIRICHLET,
    top: Annotated[int, typer.Option(help="shortlist size for the top-k stability intervals")]
    = DEFAULT_TOP,
    profile: Annotated[str | None, typer.Option(help="profile id (default: the project's)")]
    = None,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """How robust the ranking is: rank acceptability (SMAA-2), stability intervals, sweeps."""
    from vendor_eval.domain.people import LOCAL_ADMIN
    from vendor_eval.services.decision.robustness import project_robustness
    from vendor_eval.store.unit_of_work import UnitOfWork

    robustness = run_or_exit(lambda: project_robustness(
        UnitOfWork(), LOCAL_ADMIN, project, samples=samples, seed=seed,
        concentration=concentration, method=sampling, top=top, profile_id=profile))
    report = robustness.report()
    if fmt is OutputFormat.JSON:
        emit_json(report.model_dump(mode="json"))
    elif fmt is OutputFormat.CSV:
        typer.echo(_acceptability_frame(report).to_csv(index=False), nl=False)
    else:
        _print_report(report)


def _acceptability_frame(report: RobustnessReport) -> pd.DataFrame:
    ranks = [f"rank {r + 1}" for r in range(len(report.ranking))]
    frame = pd.DataFrame.from_dict(report.rank_acceptability, orient="index", columns=ranks)
    frame.insert(0, "vendor", frame.index)
    frame["confidence"] = [report.confidence_factors[v] for v in frame.index]
    return frame.reset_index(drop=True)


def _print_report(report: RobustnessReport) -> None:
    sampling = (f"Dirichlet around the profile, concentration {report.concentration:g}"
                if report.concentration is not None else "uniform weights")
    typer.echo(f"{report.project}: profile {report.profile_id} v{report.profile_version}, "
               f"{report.samples:,} samples ({sampling}), seed {report.seed}")
    frame = _acceptability_frame(report)
    shown = frame.drop(columns=["confidence"])
    for column in shown.columns[1:]:
        shown[column] = (100 * shown[column]).map(lambda x: f"{x:.0f}%")
    shown["confidence"] = frame["confidence"].map(lambda p: "-" if p is None or pd.isna(p)
                                                  else f"{100 * p:.0f}%")
    typer.echo("\nRank acceptability (share of samples at each rank):")
    typer.echo(shown.to_string(index=False))
    if report.disqualified:
        typer.echo(f"\nNot ranked (fail a gate): {', '.join(report.disqualified)}")
    stability = report.stability
    typer.echo(f"\nStability intervals (others rescaled): first place "
               f"{', '.join(stability.first_place)}; top {stability.top} "
               f"{', '.join(stability.top_set)}")
    rows = [{"category": report.categories[c], "weight": f"{100 * s.weight:.0f}%",
             "first place holds": f"{100 * s.first_place[0]:.0f}-{100 * s.first_place[1]:.0f}%",
             f"top {stability.top} holds": f"{100 * s.top_k[0]:.0f}-{100 * s.top_k[1]:.0f}%"}
            for c, s in stability.categories.items()]
    typer.echo(pd.DataFrame(rows).to_string(index=False))


def register(app: typer.Typer) -> None:
    app.command("sensitivity")(sensitivity)
