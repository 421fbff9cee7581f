"""The score page: declare conflicts first, score blind with sealed prices, save only what
changed, submit to lock; in team mode each evaluator sees only their own sheet."""

from __future__ import annotations

import math

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, texts
from tests.ui.team_support import DANA, click, team_page
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.services.scoring.scores import ScoreEdit, evaluator_grid, save_scores
from vendor_eval.services.scoring.team import assign_evaluators, reopen_submission, unlock_scores
from vendor_eval.services.workspace.people import add_person
from vendor_eval.store.unit_of_work import UnitOfWork

DANA_ACTOR = Actor(name="Dana Whitfield", role="evaluator", email=DANA)


def rubric_of(at: AppTest):
    """The sidebar's "Rubric of" picker, beside the grid."""
    return next(s for s in at.selectbox if s.key and s.key.startswith("score_rubric:"))


def comment_vendor(at: AppTest):
    """The vendor whose cell the comment box belongs to."""
    return next(s for s in at.selectbox if s.key and s.key.startswith("score_comment_vendor:"))


def edit_cell(at: AppTest, row: int, vendor: str, score: float) -> None:
    """Type a score into the grid the way the browser reports it: as the editor's edit state."""
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {row: {vendor: score}}, "added_rows": [],
                                    "deleted_rows": []}


@pytest.fixture
def dana_scoring(demo_engine: Engine) -> Engine:
    """Dana's submission in the demo was reopened, so she is scoring again (and blind again)."""
    reopen_submission(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "Dana Whitfield",
                      "asked to correct a score")
    return demo_engine


# ---------------------------------------------------------------- local single-user mode

def test_submitted_sheets_are_shown_locked_with_the_rubric(open_page: OpenPage,
                                                          demo_engine: Engine) -> None:
    at = open_page("score")

    assert not at.exception
    assert at.selectbox[0].options == ["Dana Whitfield", "Lucía Ortega", "Rahul Menon"]
    evaluator = at.selectbox[0].value
    grid = at.data_editor[0].value
    stored = evaluator_grid(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", evaluator)
    assert stored, "the demo's evaluators have scored"
    for cell in stored:
        if cell["criterion_id"] in grid.index:
            assert grid.at[cell["criterion_id"], cell["vendor"]] == cell["score"]
    assert list(grid.columns[:2]) == ["Category", "Criterion"]
    assert any("submitted these scores" in t and "locked" in t for t in texts(at.success))
    assert "Declared no conflict of interest" in " ".join(texts(at.caption))
    assert "Save scores" not in [b.label for b in at.button]
    rubric_of(at).select_index(1).run()
    shown = "\n".join(texts(at.markdown))
    assert "- **0**:" in shown and "- **5**:" in shown


def test_a_declared_conflict_is_shown_above_the_sheet(open_page: OpenPage) -> None:
    at = open_page("score")
    at.selectbox[0].set_value("Rahul Menon").run()

    assert any("Declared conflict of interest" in t and "Kestrel Data Teams" in t
               for t in texts(at.caption))


# ---------------------------------------------------------------- team mode: an evaluator

def test_an_evaluator_scoring_sees_only_their_sheet_and_that_prices_are_sealed(
        dana_scoring: Engine) -> None:
    at = team_page("score", DANA)

    assert not at.exception
    assert at.selectbox[0].options == ["Dana Whitfield"]
    notes = " ".join(texts(at.info))
    assert "Prices are sealed until you submit your technical scores" in notes
    assert "You see only your own scores" in notes
    assert {"Save scores", "Submit scores"} <= {b.label for b in at.button}


def test_saving_a_score_reports_success_and_the_value_persists(dana_scoring: Engine) -> None:
    at = team_page("score", DANA)
    grid = at.data_editor[0].value
    vendor = grid.columns[2]
    old = grid.iloc[0][vendor]
    new = 0.5 if old != 0.5 else 1.0

    edit_cell(at, 0, vendor, new)
    click(at, "Save scores")

    assert not at.exception
    assert "Saved 1 change." in texts(at.success)
    assert team_page("score", DANA).data_editor[0].value.iloc[0][vendor] == new


def test_a_save_after_a_change_elsewhere_is_refused_naming_who_and_edits_stay(
        dana_scoring: Engine) -> None:
    at = team_page("score", DANA)
    grid = at.data_editor[0].value
    criterion_id, vendor = grid.index[0], grid.columns[2]
    cell = next(c for c in evaluator_grid(UnitOfWork(dana_scoring), DANA_ACTOR, "demo",
                                          "Dana Whitfield")
                if c["vendor"] == vendor and c["criterion_id"] == criterion_id)
    elsewhere = 5.0 if cell["score"] != 5.0 else 4.0
    save_scores(UnitOfWork(dana_scoring), DANA_ACTOR, "demo", "Dana Whitfield",  # another tab
                [ScoreEdit(vendor=vendor, criterion_id=criterion_id, score=elsewhere,
                           base_version=cell["version"])])

    mine = 0.5 if cell["score"] != 0.5 else 1.0
    edit_cell(at, 0, vendor, mine)
    click(at, "Save scores")

    assert not at.exception
    assert any("changed by Dana Whitfield since you loaded it" in t for t in texts(at.error))
    assert not at.success
    editor = at.data_editor[0]
    assert at.session_state[editor.key]["edited_rows"] == {0: {vendor: mine}}


def test_a_comment_is_saved_with_its_score(dana_scoring: Engine) -> None:
    at = team_page("score", DANA)
    scores = at.data_editor[0].value.drop(columns=["Category", "Criterion"])
    criterion_id, vendor = scores.stack().dropna().index[0]  # the first cell that holds a score
    rubric_of(at).set_value(criterion_id)
    comment_vendor(at).set_value(vendor).run()

    at.text_area[0].input("Named reviewers on every stage").run()
    click(at, "Save scores")

    assert not at.exception
    assert "Saved 1 change." in texts(at.success)
    stored = evaluator_grid(UnitOfWork(dana_scoring), DANA_ACTOR, "demo", "Dana Whitfield")
    cell = next(c for c in stored if c["vendor"] == vendor and c["criterion_id"] == criterion_id)
    assert cell["comment"] == "Named reviewers on every stage"
    assert cell["score"] == scores.at[criterion_id, vendor]


def test_saving_without_edits_changes_nothing(dana_scoring: Engine) -> None:
    at = click(team_page("score", DANA), "Save scores")

    assert not at.exception
    assert "Saved 0 changes." in texts(at.success)


def test_without_pending_edits_the_grid_shows_scores_saved_elsewhere(dana_scoring: Engine) -> None:
    at = team_page("score", DANA)
    grid = at.data_editor[0].value
    criterion_id, vendor = grid.index[0], grid.columns[2]
    elsewhere = 5.0 if grid.at[criterion_id, vendor] != 5.0 else 4.0
    save_scores(UnitOfWork(dana_scoring), DANA_ACTOR, "demo", "Dana Whitfield",
                [ScoreEdit(vendor=vendor, criterion_id=criterion_id, score=elsewhere)])

    at.run()

    assert at.data_editor[0].value.at[criterion_id, vendor] == elsewhere


def test_submitting_locks_the_sheet(dana_scoring: Engine) -> None:
    at = click(team_page("score", DANA), "Submit scores")

    assert not at.exception
    assert "Scores submitted and locked." in texts(at.success)
    assert any("submitted these scores" in t for t in texts(at.success))
    assert "Save scores" not in [b.label for b in at.button]
    assert not any("sealed" in t for t in texts(at.info))  # prices are open to her now


def test_a_new_evaluator_declares_conflicts_before_the_grid_appears(demo_engine: Engine) -> None:
    uow = UnitOfWork(demo_engine)
    add_person(uow, LOCAL_ADMIN, "Eve Park", "evaluator", "eve@bluemesa.example")
    assign_evaluators(uow, LOCAL_ADMIN, "demo", ["Eve Park"])
    at = team_page("score", "eve@bluemesa.example")

    assert not at.data_editor
    assert "Conflict of interest" in texts(at.subheader)
    at.radio[0].set_value("I have a conflict to declare")
    at = click(at, "Declare")
    assert any("describe the conflict" in t for t in texts(at.error))
    assert not at.data_editor

    at.radio[0].set_value("I have no conflict of interest")
    at = click(at, "Declare")
    assert not at.exception
    assert "Declaration recorded." in texts(at.success)
    assert at.data_editor, "the grid opens once the declaration is made"


# ---------------------------------------------------------------- team mode: who gets in

def test_without_a_login_the_page_asks_to_log_in_and_shows_no_data(demo_engine: Engine) -> None:
    at = team_page("score", None, logged_in=False)

    assert not at.exception
    assert "Log in" in [b.label for b in at.button]
    assert not at.data_editor and not at.selectbox


def test_an_unknown_email_is_told_to_ask_an_admin_and_sees_no_data(demo_engine: Engine) -> None:
    at = team_page("score", "stranger@example.org")

    assert not at.exception
    assert any("stranger@example.org has no access" in t and "Ask an admin" in t
               for t in texts(at.error))
    assert not at.data_editor and not at.selectbox


def test_an_admin_not_assigned_is_told_to_unlock_the_blind_scores_on_the_team_page(
        open_page: OpenPage, demo_engine: Engine) -> None:
    reopen_submission(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "Rahul Menon",
                      "wrong reference call")

    at = open_page("score")

    assert not at.exception
    [mode, message] = texts(at.info)
    assert mode.startswith("**Team evaluation**: 3 evaluators assigned.")
    assert message.startswith("You are not assigned to score this project, and its scores are "
                              "blind while 1 of 3 assigned evaluators has not submitted.")
    assert "unlock the blind scores with a reason on the Team page" in message
    assert not at.data_editor


def test_after_an_unlock_the_admin_opens_the_reopened_sheet(open_page: OpenPage,
                                                           demo_engine: Engine) -> None:
    uow = UnitOfWork(demo_engine)
    reopen_submission(uow, LOCAL_ADMIN, "demo", "Rahul Menon", "wrong reference call")
    unlock_scores(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "entering his paper sheet")

    at = open_page("score")
    at.selectbox[0].set_value("Rahul Menon").run()

    assert not at.exception
    assert at.data_editor
    assert "Save scores" in [b.label for b in at.button]


def test_the_comment_box_names_its_cell_and_answers_say_when_there_are_none(
        dana_scoring: Engine) -> None:
    at = team_page("score", DANA)
    rubric_of(at).set_value("multi_stage_review")
    comment_vendor(at).set_value("Harborline Business Services").run()

    assert not at.exception
    assert at.text_area[0].label == "Comment on Harborline Business Services — Multi-stage review"
    assert any(t.startswith("For the cell of Harborline Business Services and Multi-stage "
                            "review") for t in texts(at.caption))
    [answers] = [e.label for e in at.expander if "RFP answers" in e.label]
    assert answers == ("Harborline Business Services' RFP answers on this criterion: none "
                       "imported yet")


@pytest.mark.parametrize("typed", [7.0, -1.0])
def test_a_score_outside_the_rubric_is_refused_beside_the_grid_and_what_was_typed_stays(
        dana_scoring: Engine, typed: float) -> None:
    at = team_page("score", DANA)
    grid = at.data_editor[0].value
    criterion, vendor = grid.iloc[0]["Criterion"], grid.columns[2]
    before = grid.iloc[0][vendor]

    edit_cell(at, 0, vendor, typed)
    at.run()
    warned = [t for t in texts(at.error) if "Scores run from 0 to 5" in t]
    click(at, "Save scores")

    assert not at.exception
    assert warned and f"{vendor}, {criterion}: {typed:g}" in warned[0]
    assert any("nothing was saved" in t for t in texts(at.error))
    assert not at.success
    assert at.session_state[at.data_editor[0].key]["edited_rows"] == {0: {vendor: typed}}
    stored = team_page("score", DANA).data_editor[0].value.iloc[0][vendor]
    assert stored == before or (math.isnan(stored) and math.isnan(before))
