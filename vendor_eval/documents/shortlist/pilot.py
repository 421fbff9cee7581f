"""The pilot evidence of a shortlist report: a stored pilot run where there is one, otherwise
the measured pilot values with Wilson intervals computed from their sample sizes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.evidence import MeasuredValue
from vendor_eval.pilot.intervals import accuracy_estimate

# The pilot analysis models pull in scikit-learn and statsmodels' tests (about a second of
# start-up); they are imported only when the project has a stored pilot run.
if TYPE_CHECKING:
    from vendor_eval.pilot.analysis import PilotAnalysis, VendorPilot


class PilotVendorEvidence(BaseModel):
    """One vendor's pilot figures, from a stored pilot run or from the measured values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    accuracy: float | None = None
    low: float | None = None
    high: float | None = None
    n: int | None = None
    agreement: float | None = None
    turnaround_hours: float | None = None
    turnaround_p90_hours: float | None = None
    rework_rate: float | None = None
    items_per_day: float | None = None
    throughput_ratio: float | None = None
    source: str = ""


class PilotRunInfo(BaseModel):
    """Which stored pilot run the figures come from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    created_at: str
    task: str
    fingerprint: str


class PilotComparison(BaseModel):
    """One pairwise accuracy test of a stored pilot run (pilot.compare.PairwiseVerdict)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor_a: str
    vendor_b: str
    difference: float
    p_adjusted: float
    significant: bool
    verdict: str


class PilotEvidence(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    run: PilotRunInfo | None = None
    task: str | None = None
    gold_items: int | None = None
    confidence: float = 0.95
    test: str | None = None
    alpha: float | None = None
    min_difference: float | None = None
    power: float | None = None
    vendors: tuple[PilotVendorEvidence, ...] = ()
    comparisons: tuple[PilotComparison, ...] = ()
    notes: tuple[str, ...] = ()


def pilot_evidence(inputs: EvaluationInputs, vendor_order: list[str],
                   analysis: PilotAnalysis | None = None,
                   run: PilotRunInfo | None = None) -> PilotEvidence:
    """Per vendor (in `vendor_order`): figures from the pilot run where it covers the vendor,
    otherwise from the measured values, with a Wilson interval wherever a sample size is known."""
    measured = {(m.vendor, m.criterion_id): m for m in inputs.measured}
    from_run = {v.vendor: v for v in analysis.vendors} if analysis else {}
    confidence = analysis.options.confidence if analysis else 0.95
    rows = []
    for vendor in vendor_order:
        if vendor in from_run:
            rows.append(_from_run(from_run[vendor], run))
            continue
        row = _from_measured(vendor, measured, confidence)
        if row is not None:
            rows.append(row)
    if analysis is None:
        return PilotEvidence(confidence=confidence, vendors=tuple(rows))
    options = analysis.options
    return PilotEvidence(
        run=run, task=analysis.task, gold_items=analysis.gold_items,
        confidence=options.confidence, test=options.test, alpha=options.alpha,
        min_difference=options.min_difference, power=options.power, vendors=tuple(rows),
        comparisons=tuple(PilotComparison(
            vendor_a=c.vendor_a, vendor_b=c.vendor_b, difference=c.difference,
            p_adjusted=c.p_adjusted, significant=c.significant, verdict=c.verdict)
            for c in analysis.comparisons),
        notes=analysis.notes,
    )


def _from_run(vendor: VendorPilot, run: PilotRunInfo | None) -> PilotVendorEvidence:
    row: dict[str, object] = {"vendor": vendor.vendor,
                              "source": f"pilot run {run.id}" if run else "pilot run"}
    if vendor.classification is not None:
        accuracy = vendor.classification.accuracy
        row |= {"accuracy": accuracy.value, "low": accuracy.low, "high": accuracy.high,
                "n": accuracy.n}
    elif vendor.detection is not None:
        row |= {"accuracy": vendor.detection.f1, "n": vendor.detection.images}
    if vendor.agreement is not None:
        row["agreement"] = vendor.agreement.krippendorff_alpha
    operations = vendor.operations
    if operations is not None:
        if operations.turnaround is not None:
            row |= {"turnaround_hours": operations.turnaround.median_hours,
                    "turnaround_p90_hours": operations.turnaround.p90_hours}
        if operations.rework_rate is not None:
            row["rework_rate"] = operations.rework_rate.value
        if operations.throughput is not None:
            row["items_per_day"] = operations.throughput.items_per_day
    return PilotVendorEvidence.model_validate(row)


def _from_measured(vendor: str, measured: dict[tuple[str, str], MeasuredValue],
                   confidence: float) -> PilotVendorEvidence | None:
    def value(criterion: str) -> float | None:
        found = measured.get((vendor, criterion))
        return None if found is None else float(found.value)

    row: dict[str, object] = {"vendor": vendor}
    accuracy = measured.get((vendor, "pilot_accuracy"))
    if accuracy is not None:
        row |= {"accuracy": float(accuracy.value), "n": accuracy.sample_size}
        if accuracy.sample_size and 0.0 <= accuracy.value <= 1.0:
            estimate = accuracy_estimate(accuracy.value, accuracy.sample_size, confidence)
            row |= {"low": estimate.low, "high": estimate.high}
        row["source"] = accuracy.source or "measured value"
    row |= {"agreement": value("pilot_agreement"),
            "turnaround_hours": value("pilot_turnaround_hours"),
            "rework_rate": value("pilot_rework_rate"),
            "throughput_ratio": value("pilot_throughput")}
    if all(row.get(k) is None for k in ("accuracy", "agreement", "turnaround_hours",
                                        "rework_rate", "throughput_ratio")):
        return None
    row.setdefault("source", "measured value")
    return PilotVendorEvidence.model_validate(row)
