"""Which charts the shortlist report shows and what each one plots, taken from its evidence.

The charts are drawn by `render.chart_worker` (beside the PDF layout where it can); this module
only decides the plan, so it stays pure and quick to test.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from vendor_eval.documents.shortlist.evidence import ReportEvidence
from vendor_eval.documents.shortlist.options import ReportOptions, Section
from vendor_eval.render.chart_data import (
    AccuracyPoint,
    ValuePoint,
    chart_chunks,
    value_point_labels,
)
from vendor_eval.render.chart_worker import CONTRIBUTIONS, PILOT, VALUE_MAP, ChartRequest

VENDORS_PER_CONTRIBUTION_CHART = 20


@dataclass(frozen=True)
class ValueMapData:
    points: list[ValuePoint]
    currency: str
    volume: str


def value_map_data(evidence: ReportEvidence) -> ValueMapData:
    """The vendors with a price in the report's main currency, as points of the value map."""
    table = evidence.result.table
    priced = table[table["total_cost"].notna()]
    currencies = Counter(str(c) for c in priced["currency"])
    currency = currencies.most_common(1)[0][0] if currencies else "USD"
    shown = priced[priced["currency"] == currency]
    vendors = [str(v) for v in shown["vendor"]]
    labels = value_point_labels(vendors, [int(r) for r in shown["rank"]])
    points = [ValuePoint(vendor=v, label=text, score=float(row.score),
                         total_cost=float(row.total_cost), qualified=bool(row.qualified))
              for v, text, row in zip(vendors, labels, shown.itertuples(index=False))]
    return ValueMapData(points=points, currency=currency, volume=volume_text(evidence))


def volume_text(evidence: ReportEvidence) -> str:
    scope = evidence.inputs.project.scope
    return f"{scope.volume:,} {scope.unit}s"


def accuracy_points(evidence: ReportEvidence) -> list[AccuracyPoint]:
    return [AccuracyPoint(vendor=r.vendor, value=float(r.accuracy), low=r.low, high=r.high,
                          n=r.n) for r in evidence.pilot.vendors if r.accuracy is not None]


def contribution_parts(evidence: ReportEvidence) -> list[list[str]]:
    """Vendors in rank order, split so that each part's chart fits a page."""
    vendors = [str(v) for v in evidence.result.table["vendor"]]
    return chart_chunks(vendors, VENDORS_PER_CONTRIBUTION_CHART)


def contribution_key(part: int) -> str:
    return f"{CONTRIBUTIONS}-{part}"


def planned_charts(evidence: ReportEvidence, options: ReportOptions) -> dict[str, ChartRequest]:
    """The charts the chosen sections show, by key, in the order they print."""
    if not options.charts:
        return {}
    plan: dict[str, ChartRequest] = {}
    everyone = [str(v) for v in evidence.result.table["vendor"]]  # fixes each one's colour
    if options.includes(Section.VALUE_MAP):
        data = value_map_data(evidence)
        if data.points:
            plan[VALUE_MAP] = ChartRequest(VALUE_MAP, (data.points, data.currency, data.volume,
                                                       everyone))
    if options.includes(Section.CONTRIBUTIONS):
        for index, part in enumerate(contribution_parts(evidence)):
            plan[contribution_key(index)] = ChartRequest(CONTRIBUTIONS, (evidence.result, part))
    if options.includes(Section.PILOT):
        points = accuracy_points(evidence)
        if points:
            threshold = evidence.inputs.profile.thresholds.get("pilot_accuracy")
            plan[PILOT] = ChartRequest(PILOT, (
                points, evidence.pilot.confidence, threshold.worst if threshold else None,
                threshold.best if threshold else None, everyone))
    return plan
