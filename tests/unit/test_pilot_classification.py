"""A hand-checked classification pilot: two vendors, 12 gold claims, 16 labels each.

tests/fixtures/pilot/labels.csv, worked by hand:
- Meridian: annotator m1 labels all 12 items and gets c09 wrong (ok for fix); m2 relabels c01-c04
  and gets c04 wrong (fix for ok): 14 of 16 labels right. Turnarounds 1..16 hours, all released
  at 09:00. Escalated c05 and c10; reworked c09.
- Swarmwise: s1 gets c03, c05, c10 wrong; s2 relabels c01-c04 and gets c02, c03 wrong: 11 of 16.
  Turnarounds 2, 4, ..., 32 hours. Reworked c03, c05, c10 (s1) and c02 (s2).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm
from sklearn.metrics import f1_score, precision_recall_fscore_support

from vendor_eval.domain.evidence import PriceQuote
from vendor_eval.pilot.analysis import (
    PilotAnalysis,
    PilotOptions,
    analyze_classification,
    to_measured_values,
)
from vendor_eval.pilot.classification import classification_metrics, confusion_matrices
from vendor_eval.pilot.labels import validate_gold, validate_labels
from vendor_eval.pilot.operations import delivery_forecast, pilot_cost

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pilot"
MERIDIAN = "Meridian Clinical Review Partners"
SWARMWISE = "Swarmwise Labs"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(FIXTURES / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def pilot() -> tuple[pd.DataFrame, pd.DataFrame]:
    gold = validate_gold(read("gold.csv"))
    return gold, validate_labels(read("labels.csv"), gold)


@pytest.fixture(scope="module")
def analysis(pilot) -> PilotAnalysis:
    gold, labels = pilot
    quotes = {MERIDIAN: PriceQuote(vendor=MERIDIAN, model="per_unit", unit_price=2.0),
              SWARMWISE: PriceQuote(vendor=SWARMWISE, model="per_unit", unit_price=1.0)}
    return analyze_classification(gold, labels, quotes=quotes,
                                  ramp_up_weeks={MERIDIAN: 5, SWARMWISE: 1},
                                  options=PilotOptions(volume=1200, target_items_per_day=12))


def vendor(analysis: PilotAnalysis, name: str):
    return next(v for v in analysis.vendors if v.vendor == name)


def hand_wilson(successes: int, n: int, z: float = norm.ppf(0.975)) -> tuple[float, float]:
    """Wilson (1927), written out: (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)."""
    p = successes / n
    centre, spread = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n)


def test_every_label_row_counts_towards_accuracy(analysis):
    meridian, swarmwise = vendor(analysis, MERIDIAN), vendor(analysis, SWARMWISE)
    for result, successes in ((meridian, 14), (swarmwise, 11)):
        accuracy = result.classification.accuracy
        assert (accuracy.successes, accuracy.n) == (successes, 16)
    assert meridian.classification.accuracy.value == pytest.approx(0.875)
    assert (meridian.labels, meridian.items) == (16, 12)


@pytest.mark.parametrize(("name", "successes"), [(MERIDIAN, 14), (SWARMWISE, 11)])
def test_accuracy_interval_is_the_wilson_interval(analysis, name, successes):
    accuracy = vendor(analysis, name).classification.accuracy
    low, high = hand_wilson(successes, 16)
    assert (accuracy.low, accuracy.high) == (pytest.approx(low), pytest.approx(high))
    assert accuracy.confidence == 0.95


def test_confusion_matrix_rows_are_gold_and_columns_are_given_labels(analysis):
    metrics = vendor(analysis, MERIDIAN).classification
    assert metrics.labels == ("fix", "ok", "reject")
    assert metrics.confusion == ((4, 1, 0), (1, 8, 0), (0, 0, 2))


def test_precision_recall_and_macro_f1_by_hand(analysis):
    metrics = vendor(analysis, MERIDIAN).classification
    by_label = {c.label: c for c in metrics.per_class}
    assert (by_label["fix"].precision, by_label["fix"].recall) == (pytest.approx(0.8),
                                                                   pytest.approx(0.8))
    assert by_label["ok"].precision == pytest.approx(8 / 9)
    assert by_label["reject"].f1 == 1.0 and by_label["reject"].support == 2
    assert metrics.macro_f1 == pytest.approx((0.8 + 8 / 9 + 1.0) / 3)


def test_metrics_from_the_confusion_matrix_equal_scikit_learn_on_the_raw_labels():
    rng = np.random.default_rng(11)
    classes = ["a", "b", "c"]
    truth = rng.choice(classes[:3], 300)
    given = np.where(rng.random(300) < 0.7, truth, rng.choice(classes[:3], 300))
    # Gold class "e" sits on an item this vendor never labelled: it must not drag macro-F1 down.
    gold = pd.DataFrame({"item_id": [f"i{i}" for i in range(301)],
                         "label": [*truth, "e"]})
    labels = validate_labels(pd.DataFrame({"vendor": "v", "item_id": gold["item_id"][:300],
                                           "annotator_id": "a1", "label": given}), gold)
    all_classes = ["a", "b", "c", "e"]
    metrics = classification_metrics(confusion_matrices(labels, gold)[0], all_classes)
    assert metrics.macro_f1 == pytest.approx(f1_score(truth, given, average="macro"))
    precision, recall, _, _ = precision_recall_fscore_support(truth, given, labels=all_classes,
                                                              zero_division=0)
    assert [c.precision for c in metrics.per_class] == pytest.approx(list(precision))
    assert [c.recall for c in metrics.per_class] == pytest.approx(list(recall))


def test_turnaround_median_and_p90_in_hours(analysis):
    meridian = vendor(analysis, MERIDIAN).operations.turnaround
    swarmwise = vendor(analysis, SWARMWISE).operations.turnaround
    # 1..16 hours: median 8.5; p90 at rank 1 + 0.9 * 15 = 14.5 -> 14.5 hours (linear).
    assert (meridian.median_hours, meridian.p90_hours, meridian.n) == (8.5, 14.5, 16)
    assert (swarmwise.median_hours, swarmwise.p90_hours) == (17.0, 29.0)


def test_throughput_counts_distinct_items_over_the_pilot_span(analysis):
    throughput = vendor(analysis, MERIDIAN).operations.throughput
    # 12 items between 09:00 and the last submission 16 hours later.
    assert (throughput.items, throughput.span_hours) == (12, 16.0)
    assert throughput.items_per_hour == pytest.approx(0.75)
    assert throughput.items_per_day == pytest.approx(18.0)
    assert vendor(analysis, SWARMWISE).operations.throughput.items_per_day == pytest.approx(9.0)


def test_escalation_and_rework_rates(analysis):
    meridian, swarmwise = (vendor(analysis, n).operations for n in (MERIDIAN, SWARMWISE))
    assert (meridian.escalation_rate.successes, meridian.escalation_rate.n) == (2, 16)
    assert meridian.rework_rate.value == pytest.approx(1 / 16)
    assert swarmwise.rework_rate.value == pytest.approx(4 / 16)
    assert swarmwise.escalation_rate.value == 0.0 and swarmwise.escalation_rate.low == 0.0


def test_cost_per_label_and_per_correct_label_at_project_volume(analysis):
    cost = vendor(analysis, MERIDIAN).cost
    assert (cost.volume, cost.total_cost, cost.cost_per_label) == (1200, 2400.0, 2.0)
    assert cost.cost_per_correct_label == pytest.approx(2.0 / 0.875)


def test_cost_at_pilot_size_includes_the_setup_fee_per_label():
    quote = PriceQuote(vendor="v", model="per_unit", unit_price=1.0, setup_fee=100.0)
    cost = pilot_cost(quote, volume=50, accuracy=0.8)
    assert cost.cost_per_label == pytest.approx(3.0)
    assert cost.cost_per_correct_label == pytest.approx(150.0 / 40)


def test_delivery_forecast_from_throughput_ramp_up_and_volume(analysis):
    forecast = vendor(analysis, MERIDIAN).forecast
    # 18 items/day, 5 weeks (35 days) of linear ramp deliver 315 items: 17.5 + 1200 / 18 days.
    assert forecast.days == pytest.approx(17.5 + 1200 / 18)
    assert forecast.weeks == pytest.approx(forecast.days / 7)


@pytest.mark.parametrize(
    ("rate", "weeks", "volume", "days"),
    [(100.0, 0.0, 1000, 10.0),                    # no ramp-up: volume / rate
     (10.0, 2.0, 35, math.sqrt(2 * 14 * 35 / 10)),  # done during the ramp: 10 t^2 / 28 = 35
     (10.0, 2.0, 70, 14.0)],                      # exactly at the end of the ramp
)
def test_delivery_forecast_cases(rate, weeks, volume, days):
    assert delivery_forecast(rate, weeks, volume).days == pytest.approx(days)


def test_agreement_among_each_vendors_own_annotators(analysis):
    # Meridian c01-c04: m1 ok ok fix ok, m2 ok ok fix fix: p_o = .75, p_e = .5, kappa = .5.
    assert vendor(analysis, MERIDIAN).agreement.cohen_kappa == pytest.approx(0.5)
    # Swarmwise: s1 says ok four times, so chance agreement is .75 = p_o and kappa is 0.
    assert vendor(analysis, SWARMWISE).agreement.cohen_kappa == pytest.approx(0.0)
    assert vendor(analysis, MERIDIAN).agreement.n_items == 4


def test_measured_values_for_the_project(analysis):
    values = {(m.vendor, m.criterion_id): m for m in to_measured_values(analysis)}
    assert values[(MERIDIAN, "pilot_accuracy")].value == pytest.approx(0.875)
    assert values[(MERIDIAN, "pilot_accuracy")].sample_size == 16
    assert values[(MERIDIAN, "pilot_agreement")].value == pytest.approx(
        vendor(analysis, MERIDIAN).agreement.krippendorff_alpha)
    assert values[(MERIDIAN, "pilot_turnaround_hours")].value == 8.5
    assert values[(SWARMWISE, "pilot_rework_rate")].value == pytest.approx(0.25)
    assert values[(MERIDIAN, "pilot_throughput")].value == pytest.approx(18 / 12)
    assert values[(MERIDIAN, "pilot_accuracy")].source.startswith(
        f"pilot {analysis.fingerprint[:12]}")


def test_cautious_values_take_the_pessimistic_end_of_each_interval(analysis):
    plain = {(m.vendor, m.criterion_id): m.value for m in to_measured_values(analysis)}
    cautious = {(m.vendor, m.criterion_id): m.value
                for m in to_measured_values(analysis, cautious=True)}
    low, _ = hand_wilson(14, 16)
    _, high = hand_wilson(4, 16)
    assert cautious[(MERIDIAN, "pilot_accuracy")] == pytest.approx(low)
    assert cautious[(SWARMWISE, "pilot_rework_rate")] == pytest.approx(high)
    assert cautious[(MERIDIAN, "pilot_turnaround_hours")] == plain[(MERIDIAN,
                                                                    "pilot_turnaround_hours")]


def test_analysis_round_trips_through_json_and_records_how_it_was_made(analysis):
    again = PilotAnalysis.model_validate_json(analysis.model_dump_json())
    assert again == analysis
    assert analysis.options.volume == 1200 and analysis.task == "classification"
    assert len(analysis.fingerprint) == 64


def test_fingerprint_follows_the_content_not_the_formatting(pilot):
    gold, labels = pilot
    first = analyze_classification(gold, labels).fingerprint
    assert analyze_classification(gold, labels).fingerprint == first
    changed = labels.copy()
    changed.loc[changed.index[0], "label"] = "fix"
    assert analyze_classification(gold, changed).fingerprint != first


def test_labels_without_timestamps_or_flags_leave_those_metrics_out(pilot):
    gold, _ = pilot
    labels = validate_labels(read("labels.csv")[["vendor", "item_id", "annotator_id", "label"]],
                             gold)
    result = analyze_classification(gold, labels, options=PilotOptions(volume=500))
    assert f"{MERIDIAN}: no submission times, so no delivery forecast" in result.notes
    ops = vendor(result, MERIDIAN).operations
    assert ops.turnaround is None and ops.throughput is None and ops.rework_rate is None
    criteria = {m.criterion_id for m in to_measured_values(result)}
    assert criteria == {"pilot_accuracy", "pilot_agreement"}


def test_metrics_table_has_one_row_per_vendor(analysis):
    table = analysis.metrics_table()
    assert list(table["vendor"]) == [MERIDIAN, SWARMWISE]
    assert table.loc[0, "accuracy"] == pytest.approx(0.875)
    assert table.loc[1, "rework_rate"] == pytest.approx(0.25)
