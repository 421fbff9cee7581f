"""The RFP page: choose chapters and questions, see the preview, build and download the PDF and
the response workbook, and import returned workbooks with a report per file."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.rfp_support import XLSX, complete_answers, fill
from tests.ui.support import OpenPage, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.domain.rfp import SECTION_TITLES, RfpOptions, RfpSection
from vendor_eval.files.rfp_workbook import META_SHEET
from vendor_eval.services.kernel.catalogue import get_catalogue, get_question_bank
from vendor_eval.services.rfp.issue import issue_rfp
from vendor_eval.store.unit_of_work import UnitOfWork

KESTREL = "Kestrel Data Teams"
NOTHING_IMPORTED = "No vendor's answers have been imported yet"


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def returned_workbook(demo_engine: Engine, vendor: str | None = KESTREL,
                      **changes: object) -> bytes:
    issued = issue_rfp(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", RfpOptions(vendor=vendor),
                       with_pdf=False)
    return fill(issued.workbook, {**complete_answers(issued.question_ids), **changes})


def upload(at: AppTest, name: str, data: bytes, generation: int = 0) -> AppTest:
    """Upload one returned workbook and press Import (the uploader starts empty after each
    import, so a corrected file is not mixed up with the old one)."""
    at.file_uploader(key=f"rfp_upload:demo:{generation}").set_value([(name, data, XLSX)]).run()
    return click(at, "Import responses")


def test_preview_shows_the_chosen_chapters(open_page: OpenPage) -> None:
    at = open_page("rfp")
    assert not at.exception
    preview = at.html[0].value
    for section in RfpSection:
        assert f"<h1>{SECTION_TITLES[section]}</h1>" in preview
    assert "HIPAA applies" in preview  # derived from the demo's PHI

    at.multiselect(key="rfp_sections:demo").set_value(
        [RfpSection.BACKGROUND, RfpSection.QUESTIONS]).run()

    preview = at.html[0].value
    assert "<h1>Background and scope</h1>" in preview and "<h1>Questions</h1>" in preview
    assert "<h1>Contract terms</h1>" not in preview
    assert "<h1>Evaluation criteria and weights</h1>" not in preview


def test_a_question_left_out_is_not_asked(open_page: OpenPage) -> None:
    at = open_page("rfp")
    assert "sign_baa" in at.html[0].value
    picker = at.multiselect(key="rfp_questions:demo:security")
    picker.set_value([q for q in picker.value if q != "sign_baa"]).run()
    assert "sign_baa" not in at.html[0].value
    assert "encryption" in at.html[0].value


def test_building_offers_the_pdf_and_the_workbook_for_download(open_page: OpenPage) -> None:
    at = open_page("rfp")
    assert not at.download_button
    at.selectbox(key="rfp_vendor:demo").set_value(KESTREL).run()

    click(at, "Build RFP documents")

    assert not at.exception and not at.error
    assert [b.label for b in at.download_button] == ["Download RFP (PDF)",
                                                     "Download response workbook (XLSX)"]
    options, issued = at.session_state["rfp_issued:demo"]
    assert options.vendor == KESTREL
    assert issued.pdf.startswith(b"%PDF")
    meta = load_workbook(io.BytesIO(issued.workbook))[META_SHEET]
    assert {row[0]: row[1] for row in meta.iter_rows(values_only=True)}["vendor"] == KESTREL
    assert f"Issued as reference {issued.reference}" in at.success[0].value

    at.multiselect(key="rfp_sections:demo").set_value([RfpSection.QUESTIONS]).run()
    assert not at.download_button  # the documents no longer match the choices
    assert any("build the documents again" in c for c in texts(at.caption))


def test_uploading_a_filled_workbook_shows_the_import_report(open_page: OpenPage,
                                                             demo_engine: Engine) -> None:
    data = returned_workbook(demo_engine)
    at = open_page("rfp")
    assert any(text.startswith(NOTHING_IMPORTED) for text in texts(at.caption))

    upload(at, "kestrel.xlsx", data)

    assert not at.exception and not at.error
    assert at.success[0].value == f"**kestrel\\.xlsx**: imported for {KESTREL}."
    report = "\n".join(texts(at.markdown)).replace("\\", "")
    assert f"answers from {KESTREL} stored" in report
    ramp_up = get_catalogue().by_id["ramp_up_weeks"]
    assert f"{ramp_up.name}: 3.5" in report
    assert "Price quote: per item, in USD" in report
    assert "a reviewer's finding on record was kept" in report  # Kestrel's, reviewed
    assert "Checklist " not in report, "checklist items by their titles, not their codes"
    assert "_" not in report.split("stored (workbook")[1].split(")")[1], "no codes in the report"
    assert not at.file_uploader(key="rfp_upload:demo:1").value, "the uploader starts afresh"
    responses = at.dataframe[-1].value
    assert list(responses["Vendor"]) == [KESTREL]
    assert responses["Answers"].iloc[0] > 40


def test_a_bad_workbook_shows_the_cell_errors(open_page: OpenPage, demo_engine: Engine) -> None:
    data = returned_workbook(demo_engine, sign_baa="Maybe", ramp_up_weeks="soon")
    at = open_page("rfp")

    upload(at, "kestrel.xlsx", data)

    assert not at.exception
    assert "2 problem(s), nothing was imported" in at.error[0].value
    problems = at.dataframe[0].value
    bank = get_question_bank().by_id
    assert [tuple(row) for row in problems[["Sheet", "Cell", "Question"]].itertuples(
        index=False)] == [("Security & compliance", "E6", bank["sign_baa"].text),
                          ("Operations", "E4", bank["ramp_up_weeks"].text)]
    assert "'Maybe' is not one of the choices" in problems["Problem"].iloc[0]
    assert any(text.startswith(NOTHING_IMPORTED) for text in texts(at.caption))


def test_the_preview_hides_the_print_only_headers_and_the_shipped_set_has_a_name(
        open_page: OpenPage) -> None:
    at = open_page("rfp")

    assert not at.exception
    assert at.selectbox(key="rfp_template_set:demo").options == ["Shipped layout"]
    preview = at.html[0].value
    assert preview.startswith("<style>.running-title, .running-document")
    assert any(t.startswith("The RFP as it will read with the choices above: "
                            f"{len(RfpSection)} chapters, ") for t in texts(at.caption))


def test_a_workbook_issued_to_any_vendor_asks_whose_answers_it_holds(
        open_page: OpenPage, demo_engine: Engine) -> None:
    data = returned_workbook(demo_engine, vendor=None)
    at = open_page("rfp")
    at.file_uploader(key="rfp_upload:demo:0").set_value([("cedar.xlsx", data, XLSX)]).run()

    picker = at.selectbox(key="rfp_import_vendor:demo:cedar.xlsx")
    assert picker.label == "Whose answers are in cedar.xlsx?" and picker.value is None
    assert next(b for b in at.button if b.label == "Import responses").disabled
    picker.set_value(KESTREL).run()
    at = click(at, "Import responses")

    assert not at.exception and not at.error, texts(at.error)
    assert at.success[0].value == f"**cedar\\.xlsx**: imported for {KESTREL}."


def test_a_workbook_with_required_answers_missing_imports_as_a_partial_response_on_request(
        open_page: OpenPage, demo_engine: Engine) -> None:
    data = returned_workbook(demo_engine, sign_baa=None)
    at = open_page("rfp")
    at = upload(at, "kestrel.xlsx", data)
    assert "1 problem(s), nothing was imported" in at.error[0].value

    at.checkbox(key="rfp_partial:demo").set_value(True)
    at = upload(at, "kestrel.xlsx", data, generation=1)

    assert not at.exception and not at.error, texts(at.error)
    assert at.success[0].value == (f"**kestrel\\.xlsx**: imported for {KESTREL} as a partial "
                                   "response.")
    report = "\n".join(texts(at.markdown)).replace("\\", "")
    assert "Partial response: 1 required answer missing: " + \
        get_question_bank().by_id["sign_baa"].text in report
    responses = at.dataframe[-1].value.set_index("Vendor")
    assert responses.at[KESTREL, "Missing required"] == "1"
