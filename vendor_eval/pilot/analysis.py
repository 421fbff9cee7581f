"""A whole pilot's analysis as one result, and its mapping onto the measured criteria."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from vendor_eval.domain.canonical import canonical_digest, canonical_json
from vendor_eval.domain.evidence import MeasuredValue, PriceQuote
from vendor_eval.pilot.agreement import AgreementResult, agreement
from vendor_eval.pilot.classification import (
    ClassificationMetrics,
    classification_metrics,
    confusion_matrices,
)
from vendor_eval.pilot.compare import PairwiseVerdict, compare_accuracies
from vendor_eval.pilot.detection import DetectionMetrics, detection_metrics
from vendor_eval.pilot.operations import (
    DeliveryForecast,
    OperationsMetrics,
    PilotCost,
    delivery_forecast,
    operations_by_vendor,
    pilot_cost,
)
from vendor_eval.pilot.vocabulary import Task, TestMethod


class PilotOptions(BaseModel):
    """How the analysis was run; recorded in the result so a report can explain itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    confidence: float = Field(default=0.95, gt=0, lt=1)
    alpha: float = Field(default=0.05, gt=0, lt=1)
    test: TestMethod = TestMethod.FISHER
    min_difference: float = Field(default=0.02, gt=0, lt=1)
    power: float = Field(default=0.8, gt=0, lt=1)
    volume: int | None = Field(default=None, gt=0)
    target_items_per_day: float | None = Field(default=None, gt=0)


class VendorPilot(BaseModel):
    """One vendor's pilot: `labels` rows (or boxes) delivered on `items` gold items (or images)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    labels: int
    items: int
    classification: ClassificationMetrics | None = None
    detection: DetectionMetrics | None = None
    agreement: AgreementResult | None = None
    operations: OperationsMetrics | None = None
    cost: PilotCost | None = None
    forecast: DeliveryForecast | None = None


class PilotAnalysis(BaseModel):
    """Everything measured in one pilot; JSON round-trips through `model_validate_json`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    task: Task
    fingerprint: str = Field(pattern=r"^[0-9a-f]{64}$")
    options: PilotOptions
    gold_items: int
    vendors: tuple[VendorPilot, ...]
    comparisons: tuple[PairwiseVerdict, ...] = ()
    notes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> PilotAnalysis:
        names = [v.vendor for v in self.vendors]
        if len(set(names)) != len(names):
            raise ValueError("each vendor appears once in a pilot analysis")
        section = "classification" if self.task == "classification" else "detection"
        if any(getattr(v, section) is None for v in self.vendors):
            raise ValueError(f"every vendor of a {self.task} pilot needs {section} metrics")
        return self

    @property
    def vendor_names(self) -> list[str]:
        return [v.vendor for v in self.vendors]

    def metrics_table(self) -> pd.DataFrame:
        """One row per vendor with the headline figures (what the CLI and the app show)."""
        return pd.DataFrame([_headline(v) for v in self.vendors])


def analyze_classification(gold: pd.DataFrame, labels: pd.DataFrame, *,
                           quotes: Mapping[str, PriceQuote] | None = None,
                           ramp_up_weeks: Mapping[str, float] | None = None,
                           options: PilotOptions | None = None) -> PilotAnalysis:
    """Analyse validated classification labels (`labels.validate_gold/validate_labels`)."""
    options = options or PilotOptions()
    quotes, ramp_up_weeks = dict(quotes or {}), dict(ramp_up_weeks or {})
    vendors = [str(v) for v in labels["vendor"].cat.categories]
    classes = [str(c) for c in labels["label"].cat.categories]
    confusion = confusion_matrices(labels, gold)
    operations = operations_by_vendor(labels, options.confidence)
    per_row, items = _labels_per_vendor_item(labels, len(gold))
    agreements = _agreement_by_vendor(labels.loc[per_row >= 2])
    notes = [f"{v}: no item was labelled twice, so agreement cannot be measured"
             for v in vendors if v not in agreements]
    results = []
    for index, vendor in enumerate(vendors):
        metrics = classification_metrics(confusion[index], classes, options.confidence)
        ops = operations[vendor]
        cost = None
        if vendor in quotes:
            cost = pilot_cost(quotes[vendor], options.volume or int(items[index]),
                              metrics.accuracy.value)
        forecast = None
        if options.volume and ops.throughput is None:
            notes.append(f"{vendor}: no submission times, so no delivery forecast")
        elif options.volume:
            if vendor not in ramp_up_weeks:
                notes.append(f"{vendor}: no ramp-up stated; forecast assumes full speed at once")
            forecast = delivery_forecast(ops.throughput.items_per_day,
                                         ramp_up_weeks.get(vendor, 0.0), options.volume)
        results.append(VendorPilot(
            vendor=vendor, labels=int(confusion[index].sum()), items=int(items[index]),
            classification=metrics, agreement=agreements.get(vendor), operations=ops,
            cost=cost, forecast=forecast))
    notes += [f"{v}: has a price but no pilot labels" for v in sorted(set(quotes) - set(vendors))]
    comparisons = compare_accuracies(
        vendors, [r.classification.accuracy.successes for r in results],
        [r.classification.accuracy.n for r in results], alpha=options.alpha,
        method=options.test, min_difference=options.min_difference, power=options.power)
    return PilotAnalysis(
        task="classification", fingerprint=fingerprint(gold, labels, quotes, ramp_up_weeks),
        options=options, gold_items=len(gold), vendors=tuple(results),
        comparisons=tuple(comparisons), notes=tuple(notes))


def analyze_detection(gold: Mapping, boxes: Mapping[str, list[dict]], *,
                      options: PilotOptions | None = None) -> PilotAnalysis:
    """Analyse validated COCO boxes per vendor (`detection.validate_coco_*`)."""
    options = options or PilotOptions()
    results = []
    for vendor in sorted(boxes):
        metrics = detection_metrics(gold, boxes[vendor])
        images = len({b["image_id"] for b in boxes[vendor]})
        results.append(VendorPilot(vendor=vendor, labels=len(boxes[vendor]), items=images,
                                   detection=metrics))
    digest = canonical_digest([gold, boxes], ascii_only=True, spaced=True)
    return PilotAnalysis(
        task="detection", fingerprint=digest, options=options,
        gold_items=len(gold["images"]), vendors=tuple(results),
        notes=("pilot_accuracy is the F1 score at IoU 0.5; boxes have no Wilson interval, so "
               "the cautious option leaves it unchanged",))


def to_measured_values(analysis: PilotAnalysis, cautious: bool = False) -> list[MeasuredValue]:
    """The analysis as the project's measured criteria.

    pilot_accuracy is the accuracy with its sample size (cautious: the Wilson lower bound);
    pilot_rework_rate likewise (cautious: the upper bound, rework being a cost). Agreement is
    Krippendorff's alpha, the one coefficient that applies to every overlap design, so vendors
    are compared on the same statistic. pilot_throughput needs the pilot's target rate.
    """
    tag = f"pilot {analysis.fingerprint[:12]}" + (" (cautious)" if cautious else "")
    values: list[MeasuredValue] = []

    def add(vendor: str, criterion: str, value: float | None, sample_size: int | None,
            what: str) -> None:
        if value is not None and np.isfinite(value):
            values.append(MeasuredValue(vendor=vendor, criterion_id=criterion, value=float(value),
                                        sample_size=sample_size, source=f"{tag}: {what}"))

    for v in analysis.vendors:
        if v.classification is not None:
            acc = v.classification.accuracy
            add(v.vendor, "pilot_accuracy", acc.low if cautious else acc.value, acc.n,
                f"accuracy {acc.value:.1%} ({acc.confidence:.0%} CI {acc.low:.1%}-{acc.high:.1%},"
                f" n={acc.n})" + (", Wilson lower bound" if cautious else ""))
        if v.detection is not None:
            add(v.vendor, "pilot_accuracy", v.detection.f1, None,
                f"box F1 at IoU 0.5 ({v.detection.true_positives} of {v.detection.gold_boxes} "
                f"gold boxes found)")
        if v.agreement is not None:
            add(v.vendor, "pilot_agreement", v.agreement.krippendorff_alpha, None,
                f"Krippendorff's alpha on {v.agreement.n_items} items labelled more than once")
        ops = v.operations
        if ops is None:
            continue
        if ops.turnaround is not None:
            add(v.vendor, "pilot_turnaround_hours", ops.turnaround.median_hours, None,
                f"median of {ops.turnaround.n} items (p90 {ops.turnaround.p90_hours:.1f} h)")
        if ops.rework_rate is not None:
            rate = ops.rework_rate
            add(v.vendor, "pilot_rework_rate", rate.high if cautious else rate.value, rate.n,
                f"rework {rate.value:.1%} of {rate.n} labels"
                + (", Wilson upper bound" if cautious else ""))
        target = analysis.options.target_items_per_day
        if target and ops.throughput is not None:
            add(v.vendor, "pilot_throughput", ops.throughput.items_per_day / target, None,
                f"{ops.throughput.items_per_day:.0f} items/day against a target of {target:g}")
    return values


def fingerprint(gold: pd.DataFrame, labels: pd.DataFrame,
                quotes: Mapping[str, PriceQuote] | None = None,
                ramp_up_weeks: Mapping[str, float] | None = None) -> str:
    """SHA-256 of the inputs' content (row hashes, not file bytes), so the same pilot read from
    differently formatted files is recognised as the same evidence."""
    digest = hashlib.sha256()
    for frame in (gold, labels):
        digest.update(",".join(map(str, frame.columns)).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    extras = {"quotes": {k: q.model_dump(mode="json") for k, q in sorted((quotes or {}).items())},
              "ramp_up_weeks": dict(sorted((ramp_up_weeks or {}).items()))}
    digest.update(canonical_json(extras, ascii_only=True, spaced=True).encode())
    return digest.hexdigest()


def _labels_per_vendor_item(labels: pd.DataFrame, n_gold: int) -> tuple[np.ndarray, np.ndarray]:
    """For each row, how many labels its vendor gave its item; and each vendor's distinct items.

    A dense count over vendors x gold items is one linear pass; sorting a million keys for
    np.unique costs ten times more. Very large grids fall back to the sort.
    """
    n_vendors = len(labels["vendor"].cat.categories)
    key = (labels["vendor"].cat.codes.to_numpy().astype(np.int64) * n_gold
           + labels["item_id"].cat.codes.to_numpy())
    if n_vendors * n_gold <= 50_000_000:
        counts = np.bincount(key, minlength=n_vendors * n_gold)
        items = (counts.reshape(n_vendors, n_gold) > 0).sum(axis=1)
        return counts[key], items
    unique, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    return counts[inverse], np.bincount(unique // n_gold, minlength=n_vendors)


def _agreement_by_vendor(overlap: pd.DataFrame) -> dict[str, AgreementResult]:
    """Nominal agreement among each vendor's annotators on the items it labelled twice or more."""
    ratings = pd.DataFrame({"item_id": overlap["item_id"].cat.codes,
                            "rater_id": overlap["annotator_id"].cat.codes,
                            "label": overlap["label"]})
    return {str(vendor): agreement(part, "nominal")
            for vendor, part in ratings.groupby(overlap["vendor"], observed=True)}


def _headline(v: VendorPilot) -> dict[str, object]:
    row: dict[str, object] = {"vendor": v.vendor, "labels": v.labels, "items": v.items}
    if v.classification is not None:
        acc = v.classification.accuracy
        row |= {"accuracy": acc.value, "accuracy_low": acc.low, "accuracy_high": acc.high,
                "macro_f1": v.classification.macro_f1}
    if v.detection is not None:
        d = v.detection
        row |= {"precision": d.precision, "recall": d.recall, "f1": d.f1,
                "map_50_95": d.map_50_95}
    if v.agreement is not None:
        row["krippendorff_alpha"] = v.agreement.krippendorff_alpha
    ops = v.operations or OperationsMetrics()
    if ops.turnaround is not None:
        row |= {"turnaround_median_h": ops.turnaround.median_hours,
                "turnaround_p90_h": ops.turnaround.p90_hours}
    if ops.throughput is not None:
        row["items_per_day"] = ops.throughput.items_per_day
    if ops.escalation_rate is not None:
        row["escalation_rate"] = ops.escalation_rate.value
    if ops.rework_rate is not None:
        row["rework_rate"] = ops.rework_rate.value
    if v.cost is not None:
        row |= {"cost_per_label": v.cost.cost_per_label,
                "cost_per_correct_label": v.cost.cost_per_correct_label,
                "currency": v.cost.currency}
    if v.forecast is not None:
        row["delivery_weeks"] = v.forecast.weeks
    return row
