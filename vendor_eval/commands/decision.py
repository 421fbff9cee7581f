"""`vendor-eval ahp`, `sensitivity` and `rank --method topsis`: weights, robustness, TOPSIS."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pandas as pd
import typer

from vendor_eval.cli_support import OutputFormat, emit, emit_json, run_or_exit
from vendor_eval.engine.smaa import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_TOP,
    WeightSampling,
)

if TYPE_CHECKING:
    from vendor_eval.services.robustness import SensitivityReport


def ahp(
    pairwise: Annotated[Path, typer.Argument(help="CSV: labels across and down, judgements "
                                                  "on Saaty's 1-9 scale (fractions like 1/5)")],
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Weights from a pairwise comparison matrix (AHP): lambda_max, CI and CR."""
    from vendor_eval.services.pairwise_files import derive_weights

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
    from vendor_eval.services.robustness import project_sensitivity
    from vendor_eval.store.unit_of_work import UnitOfWork

    robustness = run_or_exit(lambda: project_sensitivity(
        UnitOfWork(), LOCAL_ADMIN, project, samples=samples, seed=seed,
        concentration=concentration, method=sampling, top=top, profile_id=profile))
    report = robustness.report()
    if fmt is OutputFormat.JSON:
        emit_json(report.model_dump(mode="json"))
    elif fmt is OutputFormat.CSV:
        typer.echo(_acceptability_frame(report).to_csv(index=False), nl=False)
    else:
        _print_report(report)


def rank_topsis(project: str, profile: str | None, fmt: OutputFormat) -> None:
    """`vendor-eval rank PROJECT --method topsis`: the TOPSIS ranking beside the weighted sum's,
    with Kendall's tau between the two whenever they disagree."""
    from vendor_eval.domain.people import LOCAL_ADMIN
    from vendor_eval.services.robustness import rank_project_topsis
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


def _acceptability_frame(report: SensitivityReport) -> pd.DataFrame:
    ranks = [f"rank {r + 1}" for r in range(len(report.ranking))]
    frame = pd.DataFrame.from_dict(report.rank_acceptability, orient="index", columns=ranks)
    frame.insert(0, "vendor", frame.index)
    frame["confidence"] = [report.confidence_factors[v] for v in frame.index]
    return frame.reset_index(drop=True)


def _print_report(report: SensitivityReport) -> None:
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
    app.command("ahp")(ahp)
    app.command("sensitivity")(sensitivity)
