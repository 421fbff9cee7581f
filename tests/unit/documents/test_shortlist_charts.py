"""The chart plan: one chart per chosen chart section that has something to plot, none when
charts are off; the value map plots only vendors priced in the main currency."""

from __future__ import annotations

import pytest

from tests.unit.documents.small import CHART_SECTIONS, changed, context, evidence
from tests.unit.worlds import world
from vendor_eval.documents.shortlist.charts import (
    VENDORS_PER_CONTRIBUTION_CHART,
    contribution_key,
    planned_charts,
    value_map_data,
)
from vendor_eval.documents.shortlist.options import ReportOptions, Section
from vendor_eval.domain.evidence import EvaluatorScore, MeasuredValue, Vendor
from vendor_eval.render.chart_worker import CONTRIBUTIONS, PILOT, VALUE_MAP


@pytest.fixture(scope="module")
def report():
    return evidence()


def test_every_chart_section_gets_one_chart_in_print_order_and_receives_it_drawn(report) -> None:
    plan = planned_charts(report, ReportOptions())
    assert list(plan) == [VALUE_MAP, contribution_key(0), PILOT]
    assert [request.kind for request in plan.values()] == [VALUE_MAP, CONTRIBUTIONS, PILOT]
    drawn = {VALUE_MAP: "value.svg", PILOT: "pilot.svg", contribution_key(0): "parts.svg"}
    ctx = context(report, charts=drawn)
    assert (ctx["value_map"]["chart_src"], ctx["pilot"]["chart_src"],
            ctx["contributions"]["charts"]) == ("value.svg", "pilot.svg", ["parts.svg"])
    bare = context(report)
    assert bare["value_map"]["chart_src"] is None and bare["contributions"]["charts"] == []


@pytest.mark.parametrize("section", CHART_SECTIONS)
def test_a_chart_is_planned_only_for_its_chosen_section(report, section: Section) -> None:
    plan = planned_charts(report, ReportOptions(sections=(Section.SUMMARY, section)))
    assert [request.kind for request in plan.values()] == [
        {Section.VALUE_MAP: VALUE_MAP, Section.CONTRIBUTIONS: CONTRIBUTIONS,
         Section.PILOT: PILOT}[section]]


def test_no_chart_is_planned_when_charts_are_off_or_no_chart_section_is_chosen(report) -> None:
    assert planned_charts(report, ReportOptions(charts=False)) == {}
    assert planned_charts(report, ReportOptions(
        sections=(Section.SUMMARY, Section.RANKING, Section.METHODOLOGY))) == {}


def test_the_pilot_chart_plots_each_vendors_accuracy_against_the_profile_threshold(report):
    points, confidence, worst, best, everyone = planned_charts(report, ReportOptions())[
        PILOT].arguments
    assert [(p.vendor, p.value, p.n) for p in points] == [("A", 0.98, 400), ("C", 0.95, 400),
                                                          ("B", 0.92, 400)]
    assert all(p.low < p.value < p.high for p in points)
    assert (confidence, worst, best) == (0.95, 0.90, 1.0)
    assert everyone == ["A", "C", "B"]


def test_without_pilot_figures_there_is_no_pilot_chart_but_the_section_says_so() -> None:
    report = evidence(changed(world(), measured=()))
    plan = planned_charts(report, ReportOptions())
    assert PILOT not in plan and VALUE_MAP in plan
    assert context(report)["pilot"]["has_data"] is False


def test_a_long_field_splits_the_contribution_chart_into_page_sized_parts() -> None:
    base = world()
    extra = [f"V{i:02d}" for i in range(VENDORS_PER_CONTRIBUTION_CHART)]  # 23 vendors in all
    many = changed(
        base,
        vendors=base.vendors + tuple(Vendor(name=v, delivery_model="crowd_platform")
                                     for v in extra),
        scores=base.scores + tuple(EvaluatorScore(vendor=v, criterion_id=c, evaluator="e0",
                                                  score=3)
                                   for v in extra for c in ("review", "escalation")),
        measured=base.measured + tuple(MeasuredValue(vendor=v, criterion_id="pilot_accuracy",
                                                     value=0.93, sample_size=200)
                                       for v in extra),
    )
    report = evidence(many)
    plan = planned_charts(report, ReportOptions(sections=(Section.CONTRIBUTIONS,)))
    assert list(plan) == [contribution_key(0), contribution_key(1)]
    parts = [request.arguments[1] for request in plan.values()]
    assert [len(part) for part in parts] == [VENDORS_PER_CONTRIBUTION_CHART, 3]
    assert [v for part in parts for v in part] == [str(v) for v in report.result.table["vendor"]]
    drawn = {key: f"data:image/svg+xml;{key}" for key in plan}
    section = context(report, ReportOptions(sections=(Section.CONTRIBUTIONS,)), drawn)
    assert section["contributions"]["charts"] == list(drawn.values())


def test_the_value_map_plots_only_vendors_priced_in_the_main_currency() -> None:
    inputs = world()
    inputs = changed(inputs, prices=tuple(
        p.model_copy(update={"currency": "EUR"}) if p.vendor == "A" else p
        for p in inputs.prices))
    report = evidence(inputs)
    data = value_map_data(report)
    assert data.currency == "USD"
    assert [p.vendor for p in data.points] == ["C", "B"]
    section = context(report)["value_map"]
    assert section["left_out"] == ["A"]
    assert section["frontier_text"] == "B and C"


def test_an_unpriced_vendor_is_left_off_the_value_map_and_named_as_unpriced() -> None:
    inputs = world()
    report = evidence(changed(inputs, prices=tuple(p for p in inputs.prices if p.vendor != "C")))
    ctx = context(report)
    assert [p.vendor for p in value_map_data(report).points] == ["A", "B"]
    assert ctx["value_map"]["left_out"] == ["C"]
    assert ctx["summary"]["cost"]["unpriced"] == ["C"]
