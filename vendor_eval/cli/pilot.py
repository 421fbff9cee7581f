"""`vendor-eval pilot analyze` and `vendor-eval agreement`: pilot evidence on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from vendor_eval.cli.support import OutputFormat, emit, emit_json, run_or_exit
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.errors import InputError
from vendor_eval.pilot.vocabulary import Level, Task, TestMethod


def analyze(
    gold: Annotated[Path, typer.Option(help="golden set: CSV item_id,label or COCO JSON")],
    labels: Annotated[list[Path], typer.Option(
        help="pilot labels CSV (vendor,item_id,annotator_id,label,...); for detection one "
             "COCO JSON per vendor, named after the vendor; repeat for several files")],
    task: Annotated[Task, typer.Option(help="kind of pilot")] = Task.CLASSIFICATION,
    price_file: Annotated[Path | None, typer.Option(
        help="CSV vendor,model,unit_price,... (+ ramp_up_weeks): cost per correct label")
    ] = None,
    volume: Annotated[int | None, typer.Option(
        min=1, help="project volume: costs at this volume and a delivery forecast")] = None,
    target_per_day: Annotated[float | None, typer.Option(
        min=0.0, help="items per day the pilot brief asked for (pilot_throughput)")] = None,
    test: Annotated[TestMethod, typer.Option(help="pairwise accuracy test")] = (
        TestMethod.FISHER),
    min_difference: Annotated[float, typer.Option(
        min=0.001, max=0.5, help="accuracy difference the pilot-size estimate is for")] = 0.02,
    apply: Annotated[str | None, typer.Option(
        "--apply", help="store the measured values in this project")] = None,
    cautious: Annotated[bool, typer.Option(
        help="with --apply: store the interval's pessimistic bound")] = False,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Measure each vendor's pilot against the golden set; optionally apply it to a project."""
    from vendor_eval.pilot.analysis import PilotOptions
    from vendor_eval.services.evidence.pilot import (
        AppliedPilot,
        analyze_pilot_files,
        apply_pilot_results,
    )
    from vendor_eval.store.unit_of_work import UnitOfWork

    def options() -> PilotOptions:
        return PilotOptions(test=test, min_difference=min_difference, volume=volume,
                            target_items_per_day=target_per_day or None)

    analysis = run_or_exit(lambda: analyze_pilot_files(
        gold, labels, task=task, price_file=price_file, options=options()))

    def store() -> AppliedPilot:
        try:
            return apply_pilot_results(UnitOfWork(), LOCAL_ADMIN, apply, analysis, cautious)
        except InputError as error:
            if error.file is None and error.column == "vendor" and len(labels) == 1:
                raise InputError(error.message, file=str(labels[0]), column="vendor") from None
            raise

    applied = run_or_exit(store) if apply is not None else None
    if fmt is OutputFormat.JSON:
        emit_json(analysis.model_dump(mode="json"))
    elif fmt is OutputFormat.CSV:
        emit(analysis.metrics_table(), None, fmt)  # formula-safe cells
    else:
        _print_analysis(analysis)
    if applied is not None:
        typer.echo(f"applied {len(applied.values)} measured values to project '{applied.project}'"
                   f" (pilot run {applied.pilot_run_id}"
                   f"{', cautious bounds' if applied.cautious else ''})",
                   err=fmt is not OutputFormat.TABLE)


def agreement_command(
    ratings: Annotated[Path, typer.Argument(help="CSV item_id,rater_id,label; blank = missing")],
    level: Annotated[Level, typer.Option(help="level of measurement")] = Level.NOMINAL,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.TABLE,
) -> None:
    """Agreement between raters: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha."""
    from vendor_eval.services.evidence.pilot import analyze_ratings_file

    result = run_or_exit(lambda: analyze_ratings_file(ratings, level))
    if fmt is OutputFormat.JSON:
        emit_json(result.model_dump(mode="json", exclude_none=True))
        return
    typer.echo(f"{result.n_ratings} ratings by {result.n_raters} raters on {result.n_items} "
               f"items rated more than once ({result.level})")
    for name, value in result.coefficients().items():
        typer.echo(f"  {name:<20} {value:.3f}")
    for name, reason in result.skipped.items():
        typer.echo(f"  {name:<20} not computed: {reason}")


def register(app: typer.Typer) -> None:
    pilot_app = typer.Typer(no_args_is_help=True,
                            help="Pilot analytics: vendors' pilot labels against a golden set.")
    pilot_app.command("analyze")(analyze)
    app.add_typer(pilot_app, name="pilot")
    app.command("agreement")(agreement_command)


def _print_analysis(analysis) -> None:
    typer.echo(f"{analysis.task} pilot: {len(analysis.vendors)} vendor(s), "
               f"{analysis.gold_items} gold items, fingerprint {analysis.fingerprint[:12]}")
    typer.echo(_formatted(analysis.metrics_table()).to_string(index=False))
    if analysis.comparisons:
        typer.echo("\nWhich vendor is more accurate (Holm-corrected):")
        for comparison in analysis.comparisons:
            typer.echo(f"  - {comparison.verdict}")
    if analysis.notes:
        typer.echo("\nNotes:")
        for note in analysis.notes:
            typer.echo(f"  - {note}")


def _formatted(table: pd.DataFrame) -> pd.DataFrame:
    """Percentages and rounded figures for reading; JSON and CSV keep the raw numbers."""
    shown = table.copy()
    if "accuracy" in shown:
        text = [f"{a:.1%} [{lo:.1%}, {hi:.1%}]" for a, lo, hi in
                zip(shown.pop("accuracy"), shown.pop("accuracy_low"), shown.pop("accuracy_high"),
                    strict=True)]
        shown.insert(3, "accuracy [95% CI]", text)
    for column in ("escalation_rate", "rework_rate", "precision", "recall"):
        if column in shown:
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:.1%}")
    for column in ("macro_f1", "f1", "map_50_95", "krippendorff_alpha"):
        if column in shown:
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:.3f}")
    for column in ("turnaround_median_h", "turnaround_p90_h", "items_per_day", "delivery_weeks",
                   "cost_per_label", "cost_per_correct_label"):
        if column in shown:
            shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else f"{v:,.2f}")
    return shown
