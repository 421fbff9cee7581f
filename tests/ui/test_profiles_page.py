"""The profiles page: weights, thresholds, gates and history of a profile; edits become versions;
pairwise comparisons derive weights with their consistency ratio; two versions are compared;
a version is cloned, downloaded as YAML, and YAML is imported as a version."""

from __future__ import annotations

import yaml
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.domain.profiles import profile_from_dict
from vendor_eval.services.decision.profiles import (
    export_profile_yaml,
    get_profile,
    list_versions,
    save_profile_version,
)
from vendor_eval.services.project.bundles import list_projects
from vendor_eval.services.scoring.frozen_weights import list_profile_changes
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
    assert ("Gate", "Applies when", "Reason") in {tuple(t.value.columns) for t in at.table}
    history = next(t.value for t in at.dataframe if "Note" in t.value.columns)
    assert history["Version"].tolist() == [1]
    assert list(history.columns) == ["Version", "Created", "Author", "Note", "Hash"]
    assert history["Created"].str.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC").all()


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


def test_a_save_after_someone_elses_version_is_refused_once_and_then_applied(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("profiles")
    categories = category_editor(at).value
    first, second = categories["Weight"].iloc[0], categories["Weight"].iloc[1]
    # Meanwhile a colleague stores version 2 from their own browser.
    theirs = export_profile_yaml(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa", 1)
    save_profile_version(UnitOfWork(demo_engine), LOCAL_ADMIN, yaml.safe_load(theirs),
                         "a colleague's edit")
    edit_category_weights(at, {0: first - 5, 1: second + 5})

    save_version(at, "mine")

    assert any("now version 2" in text and "save again" in text for text in texts(at.error))
    assert at.session_state[category_editor(at).key]["edited_rows"][0] == {"Weight": first - 5}
    assert len(list_versions(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa")) == 2

    save_version(at, "mine")

    history = list_versions(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa")
    assert [v["note"] for v in history] == ["shipped profile", "a colleague's edit", "mine"]


def test_a_profile_can_be_made_the_projects_profile(open_page: OpenPage,
                                                    demo_engine: Engine) -> None:
    at = open_page("profiles")
    choice = next(s for s in at.selectbox if s.label == "Rank this project with")

    choice.set_value("balanced").run()
    use = next(b for b in at.button if b.label == "Use this profile for the project")
    use.click().run()
    # The demo's weights are frozen and its scores exist: the change needs a reason.
    assert any("give a reason" in text for text in texts(at.error))

    next(t for t in at.text_input if t.label.startswith("Reason for the change")).input(
        "the board asked for the balanced weights")
    next(b for b in at.button if b.label == "Use this profile for the project").click().run()

    assert not at.exception
    assert "The project now ranks with Balanced." in texts(at.success)
    projects = {p.key: p for p in list_projects(UnitOfWork(demo_engine), LOCAL_ADMIN)}
    assert projects["demo"].profile_id == "balanced"
    [change] = list_profile_changes(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    assert change.reason == "the board asked for the balanced weights"


# Pairwise comparisons. References & communication has three criteria weighted 50, 25, 25, so
# its sliders are, in profile order: industry references vs fit candour, industry references vs
# responsiveness, fit candour vs responsiveness.
REFERENCES = "references"


def compare(at: AppTest, level: str) -> AppTest:
    return next(s for s in at.selectbox if s.label == "Compare").set_value(level).run()


def derived_weights(at: AppTest) -> list[float]:
    table = next(t.value for t in at.dataframe if "Derived weight" in t.value.columns)
    return table["Derived weight"].tolist()


def judge(at: AppTest, *options: str) -> AppTest:
    for slider, option in zip(at.select_slider, options, strict=True):
        slider.set_value(option)
    return at.run()


def test_pairwise_sliders_start_from_the_profiles_weights(open_page: OpenPage) -> None:
    at = compare(open_page("profiles"), REFERENCES)

    assert not at.exception
    assert [s.value for s in at.select_slider] == ["2", "2", "1"]  # 50:25, 50:25, 25:25
    assert derived_weights(at) == [50.0, 25.0, 25.0]
    assert any("CR 0.000 is within 0.10" in text for text in texts(at.caption))


def test_moving_the_sliders_changes_the_derived_weights(open_page: OpenPage) -> None:
    at = compare(open_page("profiles"), REFERENCES)

    judge(at, "4", "4", "1")

    assert not at.exception
    # 4 : 1 : 1 is consistent, so the weights are exactly 2/3, 1/6, 1/6; shown to one decimal
    # summing to 100, the rounding remainder going to the largest.
    assert derived_weights(at) == [66.6, 16.7, 16.7]
    assert not at.warning


def test_categories_judged_all_equal_get_equal_weights(open_page: OpenPage) -> None:
    at = open_page("profiles")  # the editor opens on the categories

    judge(at, *["1"] * len(at.select_slider))

    assert len(at.select_slider) == 28  # eight categories: 8 x 7 / 2 pairs
    assert derived_weights(at) == [12.5] * 8


def test_contradictory_judgements_show_the_consistency_ratio_and_what_to_revisit(
        open_page: OpenPage) -> None:
    at = compare(open_page("profiles"), REFERENCES)

    # A over B 9, B over C 9, but C over A 9: a cycle. lambda_max = 1 + 9 + 1/9, so
    # CR = (lambda_max - 3) / 2 / 0.58 = 6.130 (Saaty's random index for n = 3 is 0.58).
    judge(at, "9", "1/9", "9")

    assert not at.exception
    assert next(m for m in at.metric if m.label == "Consistency ratio (CR)").value == "6.130"
    [warning] = texts(at.warning)
    assert "CR 6.130 is above 0.10" in warning
    revisit = next(t.value for t in at.dataframe if "Comparison" in t.value.columns)
    assert len(revisit) == 3 and revisit["You said"].str.contains("9x").all()


def test_applied_derived_weights_fill_the_form_and_save_as_a_version(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = compare(open_page("profiles"), REFERENCES)
    judge(at, "4", "4", "1")

    next(b for b in at.button if b.label == "Apply derived weights to the form").click().run()

    assert not at.exception
    assert any("Copied the derived weights" in text for text in texts(at.success))
    criteria = next(e for e in at.data_editor if e.key.startswith("profiles_criteria:")).value
    assert criteria.loc[["industry_references", "fit_candour", "responsiveness"],
                        "Weight"].tolist() == [66.6, 16.7, 16.7]
    save_version(at, "references from pairwise comparisons")
    assert any("as version 2" in text for text in texts(at.success))
    saved = get_profile(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa", 2)
    assert dict(saved.categories["references"].criteria) == {
        "industry_references": 66.6, "fit_candour": 16.7, "responsiveness": 16.7}


# Version history: compare two versions, clone, download and import YAML. The demo project
# ranks with regulated_hitl_qa, whose first two categories weigh 25 and 20.
YAML_MIME = "application/x-yaml"


def text_input(at: AppTest, label: str):
    return next(t for t in at.text_input if t.label == label)


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def diff_table(at: AppTest):
    return next((t.value for t in at.dataframe if "Move (pp)" in t.value.columns), None)


def test_saving_a_new_version_shows_the_difference_to_the_previous_one(
        open_page: OpenPage) -> None:
    at = open_page("profiles")
    assert diff_table(at) is None
    assert "Only one version so far: save an edit to compare two versions." in texts(at.caption)
    edit_category_weights(at, {0: 20, 1: 25})  # quality system 25 -> 20, pilot 20 -> 25

    save_version(at, "pilot evidence first")

    assert not at.exception
    table = diff_table(at)
    assert table is not None
    top = table.iloc[:2]
    assert top["What"].tolist() == ["Category weight", "Category weight"]
    assert top["Before"].tolist() == ["25", "20"] and top["After"].tolist() == ["20", "25"]
    assert [round(m, 1) for m in top["Move (pp)"]] == [-5.0, 5.0]
    assert set(table["Change"].iloc[2:]) == {"Rescaled"}  # their criteria moved with them
    moves = table["Move (pp)"].abs().tolist()
    assert moves == sorted(moves, reverse=True)
    assert any(text.startswith("From v1 to v2: Changed: 2 category weights.")
               for text in texts(at.markdown))


def test_the_download_button_offers_the_shown_version_as_yaml_that_parses(
        open_page: OpenPage, demo_engine: Engine) -> None:
    from streamlit.runtime.memory_media_file_storage import _calculate_file_id

    at = open_page("profiles")

    [button] = [b for b in at.download_button if b.label == "Download YAML"]
    offered = export_profile_yaml(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa", 1)
    # AppTest cannot read a download's bytes; Streamlit names the file it serves by a hash of
    # exactly (bytes, MIME type, file name), so this checks what the button offers.
    file_id = _calculate_file_id(offered.encode(), YAML_MIME, "regulated_hitl_qa-v1.yaml")
    assert button.proto.url.rsplit("/", 1)[-1].split(".")[0] == file_id
    assert profile_from_dict(yaml.safe_load(offered), source="download") == get_profile(
        UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa", 1)
    [shown] = [c.value for c in at.code if c.language == "yaml"]
    assert shown == offered.rstrip("\n")  # the same text, previewed


def test_cloning_a_version_selects_the_clone(open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("profiles")
    text_input(at, "New profile id").input("regulated_strict")
    text_input(at, "Name").input("Regulated, strict")

    at = click(at, "Clone this version")

    assert not at.exception
    assert (at.selectbox[0].value, at.selectbox[1].value) == ("regulated_strict", 1)
    assert "Regulated, strict" in [h.value for h in at.subheader]
    assert any("Cloned Regulated human-in-the-loop QA, version 1, as Regulated, strict "
               "(id regulated_strict)" in text
               for text in texts(at.success))
    assert text_input(at, "New profile id").value == ""  # ready for the next clone
    history = list_versions(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_strict")
    assert [v["note"] for v in history] == ["cloned from regulated_hitl_qa v1"]


def test_a_clone_with_a_taken_id_is_refused_beside_the_field_keeping_what_was_typed(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("profiles")
    text_input(at, "New profile id").input("balanced")
    text_input(at, "Name").input("Another balanced")

    at = click(at, "Clone this version")

    assert not at.exception
    assert any("a profile 'balanced' already exists" in text for text in texts(at.error))
    assert at.selectbox[0].value == "regulated_hitl_qa"
    assert text_input(at, "New profile id").value == "balanced"
    assert text_input(at, "Name").value == "Another balanced"
    assert [v["version"] for v in list_versions(UnitOfWork(demo_engine), LOCAL_ADMIN,
                                                "balanced")] == [1]


def test_an_imported_yaml_becomes_the_next_version_and_is_shown(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("profiles")
    [shown] = [c.value for c in at.code if c.language == "yaml"]
    body = yaml.safe_load(shown)
    body["categories"]["references"]["criteria"].update(industry_references=60,
                                                        responsiveness=15)
    edited = yaml.safe_dump(body, sort_keys=False).encode()

    at.file_uploader(key="profiles_import:0").set_value(("strict.yaml", edited, YAML_MIME)).run()
    at = click(at, "Save the imported profile")

    assert not at.exception
    assert any("Imported strict.yaml as Regulated human-in-the-loop QA, version 2" in text
               for text in texts(at.success))
    assert at.selectbox[1].value == 2
    table = diff_table(at)
    assert table["Id"].tolist()[:2] == ["references.industry_references",
                                        "references.responsiveness"]
    saved = get_profile(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa", 2)
    assert saved.categories["references"].criteria["industry_references"] == 60


def test_an_invalid_yaml_is_refused_beside_the_uploader_naming_the_field(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("profiles")
    [shown] = [c.value for c in at.code if c.language == "yaml"]
    broken = shown.replace("industry_references: 50", "industry_references: 55").encode()

    at.file_uploader(key="profiles_import:0").set_value(("broken.yaml", broken, YAML_MIME)).run()
    at = click(at, "Save the imported profile")

    assert not at.exception
    [error] = texts(at.error)
    assert error.startswith("broken.yaml, column 'categories.references.criteria': "
                            "criteria weights: weights sum to 105")
    assert not at.success
    assert len(list_versions(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa")) == 1


def test_profiles_are_picked_by_name_and_the_frozen_version_is_named(
        open_page: OpenPage, demo_engine: Engine) -> None:
    body = get_profile(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa").model_dump(
        mode="json")
    body["description"] += " Revised."
    save_profile_version(UnitOfWork(demo_engine), LOCAL_ADMIN, body, "a newer version")

    at = open_page("profiles")

    assert not at.exception
    assert "Regulated human-in-the-loop QA" in at.selectbox[0].options
    assert "regulated_hitl_qa" not in at.selectbox[0].options
    # The demo's weights are frozen at version 1: a newer version does not change its ranking.
    assert any(t.startswith("The current project (Claims document-AI validation: human review "
                            "vendor selection) ranks with version 1 of this profile")
               and "newer version 2 does not change it" in t for t in texts(at.caption))
    assert not any("newest version" in t for t in texts(at.caption))
    gates = next(t.value for t in at.table if "Applies when" in t.value.columns)
    assert "PHI in scope" in set(gates["Applies when"]) and "Always" in set(gates["Applies when"])
