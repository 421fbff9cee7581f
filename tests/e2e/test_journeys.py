"""The main journeys in a real browser: rank with what-if weights, reopen and submit a score
sheet, and download the shortlist."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.e2e.streamlit_ui import (
    choose,
    edit_grid_cell,
    expect,
    go_to,
    grid_cell,
    open_app,
    type_into,
)

pytestmark = pytest.mark.e2e

# data/demo/demo.yaml: the profile's winner (Meridian) loses first place to Harborline once
# commercials passes about 27% with the other categories in proportion; a slider at 40 of a
# total of 130 puts it at 30.8%.
PROFILE_WINNER = "Meridian Clinical Review Partners"
VOLUME_WINNER = "Harborline Business Services"
VOLUME_WINNER_COLUMN = "Harborline"  # the score grid heads a vendor's column by its first word

# The score journey: Rahul Menon's sheet is reopened and one of his cells changed. Lowering the
# runner-up's score leaves first place where the other journeys expect it, though they run on
# an app of their own anyway.
EVALUATOR = "Rahul Menon"
CRITERION = "Written escalation path for edge cases"
SUBMITTED = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$")


def test_moving_a_weight_slider_changes_first_place(page, app_url, screenshot):
    open_app(page, app_url)
    screenshot("overview")

    go_to(page, "Rank")
    page.get_by_text(f"First place: {PROFILE_WINNER}").wait_for()
    screenshot("rank-profile-weights")

    thumb = page.get_by_test_id("stSlider").filter(has_text="Commercials").get_by_role("slider")
    thumb.focus()
    for _ in range(30):
        page.keyboard.press("ArrowRight")
    page.get_by_text(f"First place: {VOLUME_WINNER}").wait_for()
    page.get_by_text("Sliders total 130").wait_for()
    page.get_by_text("What-if weights").first.wait_for()
    screenshot("rank-what-if")


def test_an_admin_reopens_a_submission_and_the_changed_scores_are_submitted_again(
        page, fresh_app, screenshot):
    open_app(page, fresh_app.url)

    # Team page: reopen Rahul's sheet, with the reason the audit trail keeps. While he scores
    # again the team is blind, so the admin unlocks (with a reason) to act on his behalf.
    go_to(page, "Team")
    status = page.get_by_test_id("stDataFrame").first
    expect(grid_cell(status, EVALUATOR, "Submitted")).to_have_text(SUBMITTED)
    choose(page, "Evaluator", EVALUATOR)
    type_into(page, "Reason for reopening (kept in the audit trail)",
              "His Harborline escalation score was entered from the wrong reference call")
    page.get_by_role("button", name="Reopen submission").click()
    page.get_by_text(f"{EVALUATOR}'s scores are open for changes again.").wait_for()
    expect(grid_cell(status, EVALUATOR, "Submitted")).to_have_text("not yet")
    page.get_by_text("1 of 3 assigned evaluators has not submitted yet").first.wait_for()
    type_into(page, "Reason for unlocking (kept in the audit trail)",
              "Entering Rahul's corrected paper sheet on his behalf")
    page.get_by_role("button", name="Unlock scores").click()
    page.get_by_text(re.compile("^Blind scores unlocked by local admin")).wait_for()
    screenshot("team-reopened")

    # Score page: change one cell in Rahul's grid, save, submit.
    go_to(page, "Score")
    choose(page, "Evaluator", EVALUATOR)
    grid = page.get_by_test_id("stDataFrame")
    cell = grid_cell(grid, CRITERION, VOLUME_WINNER_COLUMN)
    after = "2" if cell.inner_text() != "2" else "3"
    edit_grid_cell(page, grid, CRITERION, VOLUME_WINNER_COLUMN, after)
    expect(cell).to_have_text(after)
    screenshot("score-edited")
    page.get_by_role("button", name="Save scores").click()
    page.get_by_text("Saved 1 change.").wait_for()
    expect(cell).to_have_text(after)  # now read back from the database
    page.get_by_role("button", name="Submit scores").click()
    page.get_by_text("Scores submitted and locked.").wait_for()
    page.get_by_text(re.compile(f"^{EVALUATOR} submitted these scores on")).wait_for()
    expect(page.get_by_role("button", name="Save scores")).to_have_count(0)
    screenshot("score-submitted")

    # Team page: everyone has submitted again.
    go_to(page, "Team")
    expect(grid_cell(page.get_by_test_id("stDataFrame").first, EVALUATOR, "Submitted")
           ).to_have_text(SUBMITTED)
    expect(page.get_by_text("has not submitted yet")).to_have_count(0)
    screenshot("team-submitted-again")


def test_shortlist_pdf_downloads_and_names_the_top_vendor(page, app_url, screenshot):
    open_app(page, app_url)
    go_to(page, "Report", "Shortlist report")
    page.get_by_role("button", name=re.compile("Build")).click()
    download_button = page.get_by_role("button", name="Download PDF")
    download_button.wait_for(timeout=60_000)
    screenshot("report")
    with page.expect_download() as download_info:
        download_button.click()
    data = open(download_info.value.path(), "rb").read()
    assert data.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert PROFILE_WINNER in " ".join(text.split())
