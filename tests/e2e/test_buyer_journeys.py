"""A buyer's journeys from an empty workspace, in a real browser (`VENDOR_EVAL_DEMO=0`): a solo
buyer takes a PHI project from the scope form to an interim shortlist PDF; the same project
with two assigned evaluators keeps blind scoring and sealed prices.

What a vendor does outside the app (fill in the RFP response workbook) and what the team mode's
login would do (a second person assigned and scoring) is done through the services against the
app's own database, as those people would; everything the buyer does is done in the browser.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.e2e.streamlit_ui import (
    choose_in,
    edit_grid_cell,
    expect,
    fill_in,
    form_with,
    go_to,
    grid_cell,
    grid_column,
    open_app,
    open_tab,
    pick_options,
    pick_radio,
    replace_value,
    scroll_to,
    select,
    type_in_grid,
    type_into,
    upload,
    wait_until_idle,
)
from tests.rfp_support import complete_answers, fill, question_rows
from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.domain.rfp import RfpOptions
from vendor_eval.services.evidence.prices import save_quote
from vendor_eval.services.project.new_project import (
    build_scope,
    create_project,
    recommend_for_scope,
)
from vendor_eval.services.project.vendors import add_vendor
from vendor_eval.services.rfp.issue import issue_rfp
from vendor_eval.services.scoring.frozen_weights import freeze_profile
from vendor_eval.services.scoring.scores import evaluator_grid, save_scores
from vendor_eval.services.scoring.team import (
    assign_evaluators,
    declare_conflict,
    start_scoring_alone,
)
from vendor_eval.services.workspace.database import initialise
from vendor_eval.services.workspace.people import add_person
from vendor_eval.store.database import get_engine
from vendor_eval.store.unit_of_work import UnitOfWork

pytestmark = pytest.mark.e2e

PILOT = Path(__file__).resolve().parents[1] / "fixtures" / "pilot"
KEY, TITLE = "ehr-qa", "EHR chart review QA"
# The scope as the New project form is filled in, for the journey set up through the services.
SCOPE = {"industry": "healthcare", "data_types": ["EHR records", "documents"], "volume": 50_000,
         "unit": "document", "languages": ["English"], "sensitivity": ["phi"]}
MERIDIAN = "Meridian Clinical Review Partners"
SWARMWISE = "Swarmwise Labs"
NORTHWIND = "Northwind Chart Review"  # the pilot fixtures label for the other two only
VENDORS = {MERIDIAN: ("Managed team", "Boston, MA"), SWARMWISE: ("Crowd platform", "Austin, TX"),
           NORTHWIND: ("BPO", "Manila, PH")}
DELIVERY_CODES = {"Managed team": "managed_team", "Crowd platform": "crowd_platform",
                  "BPO": "bpo"}
ME = "local admin"  # who acts in local mode
COLLEAGUE, COLLEAGUE_EMAIL = "Priya Raman", "priya.raman@buyer.example"
# Criteria in the first rows of the Regulated HITL QA profile's grid.
MULTI_STAGE = "Multi-stage review"
ESCALATION = "Written escalation path for edge cases"
OUT_OF_RANGE = re.compile(r"^Scores run from 0 to 5 on the rubric\. Correct this cell before "
                          rf"saving \(nothing was saved\): {MERIDIAN}, {MULTI_STAGE}: 7\.$")


# --------------------------------------------------------------------------- what a buyer does

def start_a_phi_project(page, key: str, title: str) -> None:
    """New project: a healthcare scope with health data (PHI), created and selected."""
    go_to(page, "New project")
    select(page, "Industry", "Healthcare")
    pick_options(page, "Data types", ["EHR records", "documents"])
    replace_value(page, "Volume over the contract", 50_000)
    replace_value(page, "Unit", "document")
    page.get_by_text("50,000 documents", exact=True).wait_for()
    pick_options(page, "Languages", ["English"])
    pick_options(page, "Sensitive data in scope", ["Health data (PHI, HIPAA)"])
    # The scope's checks follow it live: PHI calls for a signed business associate agreement.
    expect(page.get_by_text("HIPAA compliance with a signed business associate agreement",
                            exact=False).first).to_be_attached()
    type_into(page, "Key", key)
    type_into(page, "Title", title)
    page.get_by_role("button", name="Create project").click()
    page.get_by_text(f"Created {title} ({key}) and selected it in the sidebar.",
                     exact=False).wait_for()
    expect(page.get_by_role("combobox", name="Project", exact=True)).to_have_value(title)


def add_a_vendor(page, name: str, delivery_model: str, headquarters: str) -> None:
    form = form_with(page, "Add vendor")
    fill_in(form, "Name", name)
    choose_in(page, form, "Delivery model", delivery_model)
    fill_in(form, "Headquarters", headquarters)
    form.get_by_role("button", name="Add vendor").click()
    page.get_by_text(f"Added {name} to this project.", exact=True).wait_for()
    wait_until_idle(page)  # the emptied form replaces the one just sent


def type_a_quote(page, vendor: str, pricing_model: str, amounts: dict[str, str]) -> None:
    """Prices page: one vendor's quote typed in, for the pricing model chosen."""
    select(page, "Vendor", vendor)
    select(page, "Pricing model", pricing_model)
    form = form_with(page, "Save quote")
    for field, value in amounts.items():
        fill_in(form, field, value)
    form.get_by_role("button", name="Save quote").click()
    page.get_by_text(re.compile(rf"^Saved {re.escape(vendor)}'s? quote")).wait_for()
    wait_until_idle(page)


def declare_no_conflict(page) -> None:
    form = form_with(page, "Declare")
    pick_radio(form, "I have no conflict of interest")
    form.get_by_role("button", name="Declare").click()
    page.get_by_text("Declaration recorded.", exact=True).wait_for()
    wait_until_idle(page)


def returned_workbook(app, folder: Path, vendor: str) -> Path:
    """A vendor's response workbook as it comes back: the RFP issued to it (the buyer's Build
    RFP documents, done through the service against the app's database) and every question
    answered by the vendor in Excel. No pricing sheets: the buyer types the quotes."""
    issued = issue_rfp(UnitOfWork(get_engine(app.database)), LOCAL_ADMIN, KEY,
                       RfpOptions(vendor=vendor, pricing_models=()), with_pdf=False)
    asked = question_rows(load_workbook(io.BytesIO(issued.workbook)))
    answers = {q: a for q, a in complete_answers(issued.question_ids).items() if q in asked}
    path = folder / f"{KEY}-responses-{vendor.lower().replace(' ', '-')}.xlsx"
    path.write_bytes(fill(issued.workbook, answers))
    return path


def stored_scores(app, evaluator: str = ME) -> list[dict[str, object]]:
    return evaluator_grid(UnitOfWork(get_engine(app.database)), LOCAL_ADMIN, KEY, evaluator)


def download_pdf(page) -> bytes:
    button = page.get_by_role("button", name="Download PDF")
    with page.expect_download() as download:
        button.click()
    return Path(download.value.path()).read_bytes()


def first_page_text(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


# --------------------------------------------------------------------------- journeys

def test_a_solo_buyer_goes_from_an_empty_workspace_to_an_interim_shortlist(
        page, empty_app, screenshot, tmp_path):
    open_app(page, empty_app.url)
    page.get_by_text("There are no projects yet.", exact=False).wait_for()
    screenshot("01-empty-workspace")

    # New project: healthcare, PHI in scope.
    start_a_phi_project(page, KEY, TITLE)
    screenshot("02-project-created")

    # Vendors: three added by hand; two of them will return pilot labels.
    go_to(page, "Vendors")
    page.get_by_text("This project has no vendors yet.", exact=False).wait_for()
    for name, (model, headquarters) in VENDORS.items():
        add_a_vendor(page, name, model, headquarters)
    vendors = page.get_by_test_id("stDataFrame").first
    for name, (model, _) in VENDORS.items():
        expect(grid_cell(vendors, name, "Delivery model")).to_have_text(model)
    screenshot("03-vendors")

    # Prices: each vendor's quote typed in, in two pricing models.
    go_to(page, "Prices")
    type_a_quote(page, MERIDIAN, "Per document", {"Price per document": "0.85", "Set-up fee": "2500"})
    type_a_quote(page, SWARMWISE, "Per hour worked",
               {"Hourly rate": "18", "Documents per hour": "30"})
    type_a_quote(page, NORTHWIND, "Per document", {"Price per document": "0.55"})
    quotes = page.get_by_test_id("stDataFrame").first
    expect(grid_cell(quotes, MERIDIAN, "Terms")).to_have_text("USD 0.850 per document")
    expect(grid_cell(quotes, SWARMWISE, "Terms")).to_contain_text("USD 18.00 an hour")
    expect(page.get_by_text("No quote yet from", exact=False)).to_have_count(0)
    screenshot("04-prices")

    # Score: alone, after the declaration; a 7 is named beside the grid and refused whole.
    go_to(page, "Score")
    page.get_by_text("Solo evaluation", exact=True).wait_for()
    declare_no_conflict(page)
    grid = page.get_by_test_id("stDataFrame")
    column = {vendor: grid_column(grid, vendor) for vendor in VENDORS}
    edit_grid_cell(page, grid, MULTI_STAGE, column[MERIDIAN], "7")
    page.get_by_test_id("stAlert").get_by_text(OUT_OF_RANGE).first.wait_for()
    screenshot("05-score-out-of-range")
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_text(OUT_OF_RANGE)).to_have_count(2)  # beside the grid and the button
    wait_until_idle(page)
    expect(page.get_by_text(re.compile(r"^Saved \d+ change"))).to_have_count(0)
    expect(grid_cell(grid, MULTI_STAGE, column[MERIDIAN])).to_have_text("7")  # kept as typed
    assert stored_scores(empty_app) == []
    scroll_to(grid)
    type_in_grid(page, grid, MULTI_STAGE, column[MERIDIAN], "4")
    expect(page.get_by_text(OUT_OF_RANGE)).to_have_count(0)
    typed = {(MULTI_STAGE, SWARMWISE): "3", (MULTI_STAGE, NORTHWIND): "2.5",
             (ESCALATION, MERIDIAN): "5", (ESCALATION, SWARMWISE): "2"}
    for (criterion, vendor), value in typed.items():
        type_in_grid(page, grid, criterion, column[vendor], value)
    page.get_by_role("button", name="Save scores").click()
    page.get_by_text("Saved 5 changes.", exact=True).wait_for()
    expect(grid_cell(grid, MULTI_STAGE, column[MERIDIAN])).to_have_text("4")
    assert len(stored_scores(empty_app)) == 5
    screenshot("06-scores-saved")

    # Pilot: the golden set, both vendors' labels and their pilot prices; applied.
    go_to(page, "Pilot")
    upload(page, "Golden set (CSV)", PILOT / "gold.csv")
    upload(page, "Vendor labels (CSV)", PILOT / "labels.csv")
    upload(page, "Prices (optional CSV)", PILOT / "prices.csv")
    page.get_by_role("heading", name="Measured quality").wait_for()
    page.get_by_role("button", name=f"Apply to project {KEY}").click()
    page.get_by_text("Applied the pilot to this project:", exact=False).wait_for()
    screenshot("07-pilot-applied")

    # RFP: each vendor returns its response workbook, answered outside the app.
    workbooks = [returned_workbook(empty_app, tmp_path, vendor) for vendor in VENDORS]
    go_to(page, "RFP")
    upload(page, "Returned workbooks", *workbooks)
    page.get_by_role("button", name="Import responses").click()
    for vendor in VENDORS:
        page.get_by_text(f"imported for {vendor}.", exact=False).wait_for()
    screenshot("08-rfp-imported")

    # Risk: Northwind's yes answers are its own word until a reviewer confirms them.
    go_to(page, "Risk")
    open_tab(page, "Checklist per vendor")
    tab = page.get_by_role("tabpanel")
    select(page, "Vendor", NORTHWIND, within=tab)
    declared = tab.get_by_text(re.compile(
        rf"^(\d+) of {NORTHWIND}'s findings rest only on its own RFP answers"))
    declared.wait_for()
    count = int(re.match(r"\d+", declared.inner_text()).group())
    screenshot("09-risk-self-declared")
    tab.get_by_role("button", name=f"Confirm {count} self-declared findings as reviewed by "
                                   f"{ME}").click()
    page.get_by_text(f"Confirmed {count} of {NORTHWIND}'s self-declared findings, each recorded "
                     f"as reviewed by {ME}.", exact=True).wait_for()
    expect(page.get_by_text(f"of {NORTHWIND}'s findings rest only", exact=False)).to_have_count(0)
    screenshot("10-risk-confirmed")

    # Rank: interim while scores are missing, and robustness names the missing evidence.
    go_to(page, "Rank")
    header = page.get_by_test_id("stAlert").filter(has_text="Interim: ")
    expect(header).to_contain_text("Evaluators: 0 of 1 submitted")
    expect(header).to_contain_text(re.compile(r"Scores: 5 of \d+ expected"))
    # Every vendor meets the 20-odd checks PHI requires on its word; Northwind's are reviewed.
    checks = re.search(r"Required checks: (\d+) of (\d+) met, (\d+) checked by a reviewer and "
                       r"(\d+) self-declared by the vendor", header.inner_text())
    assert checks, header.inner_text()
    met, required, reviewed, declared_only = map(int, checks.groups())
    assert met == required and reviewed * len(VENDORS) == required
    assert declared_only == required - reviewed
    page.get_by_role("button", name="Run robustness analysis").click()
    page.get_by_text(re.compile(r"ranks first in \d+(\.\d+)?% of plausible weightings")).wait_for()
    page.get_by_text(re.compile("^Missing evidence keeps this uncertain")).wait_for()
    screenshot("11-rank-interim")

    # Report: the PDF's first page says it is interim.
    go_to(page, "Report", "Shortlist report")
    page.get_by_role("button", name="Build PDF").click()
    page.get_by_role("button", name="Download PDF").wait_for(timeout=90_000)
    screenshot("12-report")
    pdf = download_pdf(page)
    assert pdf.startswith(b"%PDF")
    assert "Interim recommendation" in first_page_text(pdf)

    # A reload keeps the project, from the address.
    assert f"project={KEY}" in page.url
    page.reload()
    page.get_by_role("heading", name="Shortlist report", exact=True).wait_for()
    expect(page.get_by_role("combobox", name="Project", exact=True)).to_have_value(TITLE)
    assert f"project={KEY}" in page.url
    screenshot("13-after-reload")


def test_a_project_with_two_assigned_evaluators_keeps_blind_scoring_and_sealed_prices(
        page, empty_app, screenshot):
    set_up_team_project(empty_app.database)
    open_app(page, empty_app.url)
    expect(page.get_by_role("combobox", name="Project", exact=True)).to_have_value(TITLE)

    # Score: team mode, and only my own sheet: my colleague's 4 for Meridian is not in it.
    go_to(page, "Score")
    page.get_by_test_id("stAlert").filter(
        has_text="Team evaluation: 2 evaluators assigned.").wait_for()
    evaluator = page.get_by_role("combobox", name="Evaluator", exact=True)
    expect(evaluator).to_have_value(ME)
    expect(evaluator).to_be_disabled()  # no other sheet to pick
    page.get_by_text("You see only your own scores until you submit", exact=False).wait_for()
    page.get_by_text("Prices are sealed until you submit your technical scores",
                     exact=False).first.wait_for()
    grid = page.get_by_test_id("stDataFrame")
    column = {vendor: grid_column(grid, vendor) for vendor in VENDORS}
    expect(grid_cell(grid, MULTI_STAGE, column[MERIDIAN])).to_have_text("")
    type_in_grid(page, grid, MULTI_STAGE, column[SWARMWISE], "3")
    page.get_by_role("button", name="Save scores").click()
    page.get_by_text("Saved 1 change.", exact=True).wait_for()
    expect(grid_cell(grid, MULTI_STAGE, column[SWARMWISE])).to_have_text("3")
    expect(grid_cell(grid, MULTI_STAGE, column[MERIDIAN])).to_have_text("")
    screenshot("01-score-own-sheet")

    # Prices: not even whether a quote exists, only that they are sealed.
    go_to(page, "Prices")
    page.get_by_text("Prices are sealed until you submit your technical scores",
                     exact=False).wait_for()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(page.get_by_role("heading", name="Enter or change a quote")).to_have_count(0)
    expect(page.get_by_text("0.850", exact=False)).to_have_count(0)
    screenshot("02-prices-sealed")

    # Vendors: the price column says sealed rather than yes or no.
    go_to(page, "Vendors")
    vendors = page.get_by_test_id("stDataFrame").first
    for name in VENDORS:
        expect(grid_cell(vendors, name, "Price")).to_have_text("sealed")

    # Consensus: closed while scoring is blind.
    go_to(page, "Consensus")
    page.get_by_text("The consensus is not open to you yet.", exact=False).wait_for()
    expect(page.get_by_text("Cells to discuss", exact=False)).to_have_count(0)
    screenshot("03-consensus-closed")

    # Rank and Report: no ranking from part of the scores and no prices.
    go_to(page, "Rank")
    closed = page.get_by_test_id("stAlert").filter(has_text="not open to you yet")
    expect(closed).to_contain_text("You see only your own scores until you submit")
    expect(closed).to_contain_text("Prices are sealed")
    expect(page.get_by_text(re.compile("^First place:"))).to_have_count(0)
    screenshot("04-rank-closed")
    go_to(page, "Report", "Shortlist report")
    hidden = page.get_by_test_id("stAlert").filter(
        has_text="The report needs every score and price of this project.")
    expect(hidden).to_contain_text("You see only your own scores until you submit")
    expect(hidden).to_contain_text("Prices are sealed")
    expect(page.get_by_role("button", name="Build PDF")).to_have_count(0)
    screenshot("05-report-closed")


def set_up_team_project(database: str) -> None:
    """The same PHI project, set up as the team would through the services: three vendors, a
    quote, weights frozen, local admin scoring (started alone on the Score page), a colleague
    assigned as the second evaluator who has declared and scored one cell."""
    engine = get_engine(database)
    initialise(engine, demo=False)

    def uow() -> UnitOfWork:
        return UnitOfWork(engine)

    scope = build_scope(**SCOPE)
    profile = recommend_for_scope(uow(), LOCAL_ADMIN, scope).profile_id
    create_project(uow(), LOCAL_ADMIN, KEY, TITLE, "", scope, profile)
    for name, (model, headquarters) in VENDORS.items():
        add_vendor(uow(), LOCAL_ADMIN, KEY, {"name": name, "delivery_model": DELIVERY_CODES[model],
                                              "headquarters": headquarters})
    save_quote(uow(), LOCAL_ADMIN, KEY, {"vendor": MERIDIAN, "model": "per_unit",
                                         "unit_price": 0.85, "currency": "USD"}, None)
    freeze_profile(uow(), LOCAL_ADMIN, KEY)
    start_scoring_alone(uow(), LOCAL_ADMIN, KEY, has_conflict=False)
    add_person(uow(), LOCAL_ADMIN, COLLEAGUE, Role.EVALUATOR, COLLEAGUE_EMAIL)
    assign_evaluators(uow(), LOCAL_ADMIN, KEY, [COLLEAGUE])
    colleague = Actor(name=COLLEAGUE, role=Role.EVALUATOR, email=COLLEAGUE_EMAIL)
    declare_conflict(uow(), colleague, KEY, COLLEAGUE, has_conflict=False)
    assert save_scores(uow(), colleague, KEY, COLLEAGUE, [
        {"vendor": MERIDIAN, "criterion_id": "multi_stage_review", "score": 4,
         "base_version": 0}]) == 1
