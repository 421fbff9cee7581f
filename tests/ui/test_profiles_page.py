"""The profiles page: weights, thresholds, gates and history of a profile; edits become versions."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.profiles import list_versions
from vendor_eval.services.projects import list_projects
from vendor_eval.store.unit_of_work import UnitOfWork


def category_editor(at: AppTest):
    return next(e for e in at.data_editor if e.key.startswith("profiles_categories:"))


def edit_category_weights(at: AppTest, weights: dict[int, float]) -> None:
    """Type category weights (by row) into the editor, as the browser reports such edits."""
    at.session_state[category_editor(at).key] = {
        "edited_rows": {row: {"Weight": weight} for row, weight in weights.items()},
        "added_rows": [], "deleted_rows": []}


def save_version(at: AppTest, note: str) -> AppTest:
    at.text_input[0].input(note)
    return next(b for b in at.button if b.label == "Save as new version").click().run()


def test_the_projects_profile_is_shown_with_weights_gates_and_history(
        open_page: OpenPage) -> None:
    at = open_page("profiles")

    assert not at.exception
    assert at.selectbox[0].value == "regulated_hitl_qa"
    categories = category_editor(at).value
    assert categories["Weight"].sum() == 100
    assert "Commercials" in categories["Category"].tolist()
    tables = {tuple(t.value.columns) for t in at.dataframe if t.editing_mode == "read_only"}
    assert ("Gate", "Applies when", "Reason") in tables
    history = next(t.value for t in at.dataframe if "note" in t.value.columns)
    assert history["version"].tolist() == [1]


def test_weights_that_do_not_sum_to_100_are_refused_inline_and_kept(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("profiles")
    edit_category_weights(at, {0: 60})  # 25 -> 60: the categories now sum to 135

    save_version(at, "too much quality")

    assert not at.exception
    assert any("sum to 135" in text for text in texts(at.error))
    assert not at.success
    assert at.session_state[category_editor(at).key]["edited_rows"] == {0: {"Weight": 60}}
    assert len(list_versions(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa")) == 1


def test_valid_weights_are_saved_as_the_next_version(open_page: OpenPage,
                                                     demo_engine: Engine) -> None:
    at = open_page("profiles")
    categories = category_editor(at).value
    first, second = categories["Weight"].iloc[0], categories["Weight"].iloc[1]
    edit_category_weights(at, {0: first - 5, 1: second + 5})

    save_version(at, "more weight on compliance")

    assert not at.exception
    assert any("as version 2" in text for text in texts(at.success))
    assert at.selectbox[1].value == 2  # the page now shows the new version
    shown = category_editor(at).value["Weight"]
    assert (shown.iloc[0], shown.iloc[1]) == (first - 5, second + 5)
    history = list_versions(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa")
    assert [v["note"] for v in history] == ["shipped profile", "more weight on compliance"]


def test_a_profile_can_be_made_the_projects_profile(open_page: OpenPage,
                                                    demo_engine: Engine) -> None:
    at = open_page("profiles")
    choice = next(s for s in at.selectbox if s.label == "Rank this project with")

    choice.set_value("balanced").run()
    next(b for b in at.button if b.label == "Use this profile for the project").click().run()

    assert not at.exception
    assert "Project demo now ranks with balanced." in texts(at.success)
    projects = {p.key: p for p in list_projects(UnitOfWork(demo_engine), LOCAL_ADMIN)}
    assert projects["demo"].profile_id == "balanced"
