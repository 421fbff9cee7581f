"""The report page: choose the shortlist size, build the PDF, download it."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.ui.support import OpenPage, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.ranking import rank_project
from vendor_eval.store.unit_of_work import UnitOfWork


def test_build_pdf_offers_the_shortlist_for_download(open_page: OpenPage,
                                                     demo_engine: Engine) -> None:
    expected = rank_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    at = open_page("report")
    assert not at.download_button, "nothing to download before the PDF is built"

    at.number_input[0].set_value(2).run()
    next(b for b in at.button if b.label == "Build PDF").click().run()

    assert not at.exception
    assert not at.error
    assert [b.label for b in at.download_button] == ["Download PDF"]
    preview = at.dataframe[0].value
    assert preview["Vendor"].tolist() == expected.table["vendor"].head(2).tolist()


def test_changing_the_size_after_building_asks_for_a_new_build(open_page: OpenPage) -> None:
    at = open_page("report")
    next(b for b in at.button if b.label == "Build PDF").click().run()
    assert at.download_button

    at.number_input[0].set_value(5).run()

    assert not at.exception
    assert not at.download_button
    assert any("build the PDF again" in text for text in texts(at.caption))
    assert len(at.dataframe[0].value) == 5
