"""The report page: choose the shortlist and sections, see a preview, build and download."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy.engine import Engine

from tests.ui.support import OpenPage, texts
from vendor_eval.documents.shortlist.options import SECTION_TITLES, Section
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.decision.ranking import rank_project
from vendor_eval.store.unit_of_work import UnitOfWork


def build(at):
    return next(b for b in at.button if b.label == "Build PDF").click().run()


def test_preview_shows_the_recommendation_and_ranking(open_page: OpenPage,
                                                      demo_engine: Engine) -> None:
    expected = rank_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    at = open_page("report")

    assert not at.exception
    preview = at.html[0].value
    assert f"We recommend <strong>{expected.top_vendor}</strong>" in preview
    assert "ranks first in" in preview
    assert SECTION_TITLES[Section.RANKING] in preview
    last = str(expected.table["vendor"].iloc[-1])
    assert preview.index(expected.top_vendor) < preview.rindex(last.replace("&", "&amp;"))


def test_build_pdf_offers_the_shortlist_for_download(open_page: OpenPage) -> None:
    at = open_page("report")
    assert "Download PDF" not in [b.label for b in at.download_button]

    at.number_input[0].set_value(2).run()
    build(at)

    assert not at.exception
    assert not at.error
    assert "Download PDF" in [b.label for b in at.download_button]
    assert [s.label for s in at.status] == [next(s.label for s in at.status)]
    assert at.status[0].label.startswith("PDF ready")
    options, pdf = at.session_state["report_pdf:demo"]
    assert options.top_k == 2
    assert PdfReader(io.BytesIO(pdf)).pages


def test_unticked_sections_are_left_out_of_the_pdf(open_page: OpenPage) -> None:
    at = open_page("report")
    boxes = {box.label: box for box in at.checkbox}
    assert sorted(boxes) == sorted(SECTION_TITLES[s] for s in Section)
    assert all(box.value for box in boxes.values())
    for section in (Section.PILOT, Section.VENDORS, Section.METHODOLOGY, Section.AUDIT):
        boxes[SECTION_TITLES[section]].uncheck()
    at.run()
    build(at)

    assert not at.exception
    _, pdf = at.session_state["report_pdf:demo"]
    reader = PdfReader(io.BytesIO(pdf))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == [SECTION_TITLES[s] for s in (Section.SUMMARY, Section.RANKING,
                                                 Section.VALUE_MAP, Section.CONTRIBUTIONS,
                                                 Section.EXCLUDED)]


def test_changing_the_size_after_building_asks_for_a_new_build(open_page: OpenPage) -> None:
    at = open_page("report")
    build(at)
    assert "Download PDF" in [b.label for b in at.download_button]

    at.number_input[0].set_value(5).run()

    assert not at.exception
    assert "Download PDF" not in [b.label for b in at.download_button]
    assert any("build the PDF again" in text for text in texts(at.caption))
    assert "from a shortlist of 5" in at.html[0].value


def test_results_exports_are_offered_beside_the_pdf(open_page: OpenPage) -> None:
    at = open_page("report")
    assert not at.download_button
    build(at)
    labels = [b.label for b in at.download_button]
    assert labels == ["Download PDF", "Results (XLSX)", "Score matrix (CSV)", "Ranking (CSV)"]
