"""The score page: an evaluator's grid, the rubric beside it, saving only what changed."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.scoring import ScoreEdit, evaluator_grid, save_scores
from vendor_eval.store.unit_of_work import UnitOfWork


def edit_cell(at: AppTest, row: int, vendor: str, score: float) -> None:
    """Type a score into the grid the way the browser reports it: as the editor's edit state."""
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {row: {vendor: score}}, "added_rows": [],
                                    "deleted_rows": []}


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def test_grid_shows_the_chosen_evaluators_scores_with_the_rubric(open_page: OpenPage,
                                                                 demo_engine: Engine) -> None:
    at = open_page("score")

    assert not at.exception
    evaluator = at.selectbox[0].value
    grid = at.data_editor[0].value
    stored = evaluator_grid(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", evaluator)
    assert stored, "the demo's evaluators have scored"
    for cell in stored:
        if cell["criterion_id"] in grid.index:
            assert grid.at[cell["criterion_id"], cell["vendor"]] == cell["score"]
    assert list(grid.columns[:2]) == ["Category", "Criterion"]
    rubric = at.selectbox[1]
    rubric.select_index(1).run()
    shown = "\n".join(texts(at.markdown))
    assert "- **0**:" in shown and "- **5**:" in shown


def test_saving_a_score_reports_success_and_the_value_persists(open_page: OpenPage) -> None:
    at = open_page("score")
    grid = at.data_editor[0].value
    vendor = grid.columns[2]
    old = grid.iloc[0][vendor]
    new = 0.5 if old != 0.5 else 1.0

    edit_cell(at, 0, vendor, new)
    click(at, "Save scores")

    assert not at.exception
    assert "Saved 1 change." in texts(at.success)
    fresh = open_page("score")
    assert fresh.data_editor[0].value.iloc[0][vendor] == new


def test_a_save_after_someone_else_changed_the_cell_is_refused_and_edits_stay(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("score")
    evaluator = at.selectbox[0].value
    grid = at.data_editor[0].value
    criterion_id, vendor = grid.index[0], grid.columns[2]
    cell = next(c for c in evaluator_grid(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", evaluator)
                if c["vendor"] == vendor and c["criterion_id"] == criterion_id)
    someone_else = 5.0 if cell["score"] != 5.0 else 4.0
    save_scores(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", evaluator,
                [ScoreEdit(vendor=vendor, criterion_id=criterion_id, score=someone_else,
                           base_version=cell["version"])])

    mine = 0.5 if cell["score"] != 0.5 else 1.0
    edit_cell(at, 0, vendor, mine)
    click(at, "Save scores")

    assert not at.exception
    assert any("changed by someone else" in text for text in texts(at.error))
    assert not at.success
    editor = at.data_editor[0]
    assert at.session_state[editor.key]["edited_rows"] == {0: {vendor: mine}}


def test_a_comment_is_saved_with_its_score(open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("score")
    evaluator = at.selectbox[0].value
    scores = at.data_editor[0].value.drop(columns=["Category", "Criterion"])
    criterion_id, vendor = scores.stack().dropna().index[0]  # the first cell that holds a score
    at.selectbox[1].set_value(criterion_id)
    at.selectbox[2].set_value(vendor).run()

    at.text_area[0].input("Named reviewers on every stage").run()
    click(at, "Save scores")

    assert not at.exception
    assert "Saved 1 change." in texts(at.success)
    stored = evaluator_grid(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", evaluator)
    cell = next(c for c in stored if c["vendor"] == vendor and c["criterion_id"] == criterion_id)
    assert cell["comment"] == "Named reviewers on every stage"
    assert cell["score"] == scores.at[criterion_id, vendor]


def test_saving_without_edits_changes_nothing(open_page: OpenPage) -> None:
    at = open_page("score")

    click(at, "Save scores")

    assert not at.exception
    assert "Saved 0 changes." in texts(at.success)


def test_without_pending_edits_the_grid_shows_scores_saved_elsewhere(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("score")
    evaluator = at.selectbox[0].value
    grid = at.data_editor[0].value
    criterion_id, vendor = grid.index[0], grid.columns[2]
    elsewhere = 5.0 if grid.at[criterion_id, vendor] != 5.0 else 4.0
    save_scores(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", evaluator,
                [ScoreEdit(vendor=vendor, criterion_id=criterion_id, score=elsewhere)])

    at.run()

    assert at.data_editor[0].value.at[criterion_id, vendor] == elsewhere
