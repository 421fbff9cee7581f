"""The report's charts: planned from the chosen sections, drawn beside the layout or here, and
the same PDF either way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine

from vendor_eval.documents.shortlist.charts import planned_charts
from vendor_eval.documents.shortlist.options import ReportOptions, Section
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.render.chart_worker import (
    ChartWorker,
    draw_all,
)
from vendor_eval.render.pdf import ResourceRefused, TemplateFolderFetcher
from vendor_eval.render.templates import shipped_templates_dir
from vendor_eval.services.report.evidence import gather_report_evidence
from vendor_eval.services.report.shortlist import render_report_pdf
from vendor_eval.store.unit_of_work import UnitOfWork

STAMP = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)


@pytest.fixture(scope="module")
def evidence(tmp_path_factory: pytest.TempPathFactory):
    from vendor_eval.services.workspace.database import initialise
    from vendor_eval.store.database import get_engine

    engine: Engine = get_engine(f"sqlite:///{tmp_path_factory.mktemp('charts') / 'demo.db'}")
    initialise(engine, demo=True)
    return gather_report_evidence(UnitOfWork(engine), LOCAL_ADMIN, "demo")


def test_the_plan_holds_one_chart_per_chosen_chart_section(evidence) -> None:
    every = planned_charts(evidence, ReportOptions())
    only_pilot = planned_charts(evidence, ReportOptions(sections=(Section.PILOT,)))
    drafts = planned_charts(evidence, ReportOptions(charts=False))

    assert list(every) == ["value_map", "contributions-0", "pilot"]
    assert list(only_pilot) == ["pilot"]
    assert drafts == {}


def test_charts_drawn_in_a_child_process_are_the_ones_drawn_here(evidence) -> None:
    plan = planned_charts(evidence, ReportOptions())
    worker = ChartWorker.start(parallel=True)
    assert worker.parallel

    worker.submit(plan)
    drawn = {key: worker.svg(key) for key in reversed(plan)}  # in any order the layout asks
    worker.close()

    assert drawn == draw_all(plan)


def test_a_child_that_dies_is_replaced_by_drawing_here(evidence) -> None:
    plan = planned_charts(evidence, ReportOptions(sections=(Section.VALUE_MAP,)))
    worker = ChartWorker.start(parallel=True)
    worker._process.kill()  # as if the child had crashed before drawing anything

    worker.submit(plan)

    assert worker.svg("value_map").startswith("<?xml")
    worker.close()


def test_weasyprint_subsets_fonts_with_harfbuzz_so_the_same_evidence_gives_the_same_bytes(
        ) -> None:
    from weasyprint.text import ffi

    assert ffi.harfbuzz_subset is not None, (
        "WeasyPrint found no HarfBuzz subsetter, so fontTools stamps the time into every PDF: "
        "install libharfbuzz-subset0 (README, 'System libraries for PDF output')")


def test_the_pdf_is_the_same_whether_charts_are_drawn_beside_the_layout_or_not(
        evidence) -> None:
    beside = render_report_pdf(evidence, ReportOptions(), STAMP, parallel=True)
    here = render_report_pdf(evidence, ReportOptions(), STAMP, parallel=False)

    assert beside == here


def test_a_template_cannot_fetch_a_generated_image_that_was_not_drawn() -> None:
    fetcher = TemplateFolderFetcher(shipped_templates_dir(),
                                    generated={"pilot": "<svg/>"}.__getitem__)

    served = fetcher.fetch("generated:pilot")
    assert served.read() == b"<svg/>" and served.content_type == "image/svg+xml"
    with pytest.raises(ResourceRefused):
        fetcher.fetch("generated:../../etc/passwd")
    with pytest.raises(ResourceRefused):
        TemplateFolderFetcher(shipped_templates_dir()).fetch("generated:pilot")


def test_a_vendor_left_off_a_chart_keeps_the_others_in_their_app_colours(evidence) -> None:
    from vendor_eval.domain.presentation import vendor_colours
    from vendor_eval.render.charts import vendor_styles

    field = ["Aster", "Birch", "Cedar"]
    styles = vendor_styles(["Birch", "Cedar"], project_vendors=field)
    everyone = [str(v) for v in evidence.result.table["vendor"]]
    plan = planned_charts(evidence, ReportOptions())

    assert {v: colour for v, (colour, _) in styles.items()} == {
        v: vendor_colours(field)[v] for v in ("Birch", "Cedar")}
    assert plan["value_map"].arguments[-1] == everyone
    assert plan["pilot"].arguments[-1] == everyone
