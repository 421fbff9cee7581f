"""The rank page: live what-if weights, the ranking they produce, saving them as a version, the
TOPSIS switch and the robustness analysis."""

from __future__ import annotations

import json
from types import ModuleType

import pytest
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, first_vendor, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.domain.presentation import format_percent
from vendor_eval.services.decision import robustness as robustness_service
from vendor_eval.services.decision.profiles import list_versions
from vendor_eval.services.decision.ranking import rank_project, rank_project_topsis
from vendor_eval.services.decision.robustness import project_robustness
from vendor_eval.services.scoring.frozen_weights import change_project_profile
from vendor_eval.store.unit_of_work import UnitOfWork
from vendor_eval.ui import cache

# data/demo/demo.yaml (comment at the top): with commercials at c percent and the others scaled
# down in proportion, the profile's winner stays first up to c = 25 and loses first place from
# c = 26. Sliders are used in proportion, so a commercials slider at s means c = 100 s / (90 + s):
# 40 gives c = 30.8, clearly past the flip point.
COMMERCIALS_HIGH = 40


def slider(at: AppTest, label: str):
    return next(s for s in at.slider if s.label == label)


def test_rank_page_shows_the_demo_ranking_with_its_top_vendor_first(
        open_page: OpenPage, demo_engine: Engine) -> None:
    expected = rank_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")

    at = open_page("rank")

    assert not at.exception
    assert first_vendor(at) == expected.top_vendor
    assert list(at.dataframe[0].value.columns) == [
        "Rank", "Vendor", "Score", "Gate status", "Risk adjustment", "Total cost",
        "Cost per correct label", "Flags"]
    assert slider(at, "Commercials").value == 10
    assert any(f"First place: {expected.top_vendor}" in m.value.replace("\\", "")
               for m in at.markdown)
    assert any("used in proportion" in text for text in texts(at.caption))
    assert len(at.get("plotly_chart")) == 1


def test_raising_commercials_puts_another_vendor_first(open_page: OpenPage) -> None:
    at = open_page("rank")
    profile_winner = first_vendor(at)

    slider(at, "Commercials").set_value(COMMERCIALS_HIGH).run()

    assert not at.exception
    assert first_vendor(at) != profile_winner
    assert any("What-if weights" in text for text in texts(at.info))
    assert any("Sliders total 130" in text for text in texts(at.caption))
    headline = next(m.value for m in at.markdown if "First place" in m.value)
    assert first_vendor(at).split()[0] in headline and profile_winner.split()[0] not in headline


def test_reset_to_profile_restores_its_weights_and_ranking(open_page: OpenPage) -> None:
    at = open_page("rank")
    profile_winner = first_vendor(at)
    slider(at, "Commercials").set_value(COMMERCIALS_HIGH).run()

    next(b for b in at.button if b.label == "Reset to profile").click().run()

    assert not at.exception
    assert slider(at, "Commercials").value == 10
    assert first_vendor(at) == profile_winner
    assert not at.info


def test_failed_gates_and_risk_flags_are_listed_per_vendor(open_page: OpenPage,
                                                           demo_engine: Engine) -> None:
    table = rank_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo").table
    disqualified = table.loc[~table["qualified"], "vendor"].tolist()

    at = open_page("rank")

    shown = "\n".join(texts(at.markdown))
    assert disqualified, "the demo has a vendor failing a gate"
    for vendor in disqualified:
        assert f"**{vendor}**" in shown
    assert "Gate failed:" in shown
    assert [e.label for e in at.expander] == table["vendor"].tolist()


def test_all_weights_at_zero_is_explained_not_ranked(open_page: OpenPage) -> None:
    at = open_page("rank")
    for widget in at.slider:
        widget.set_value(0)
    at.run()

    assert not at.exception
    assert any("above zero" in text for text in texts(at.error))
    assert not at.dataframe
    reset = next(b for b in at.button if b.label == "Reset to profile")
    assert next(b for b in at.button if b.label == "Save as new profile version").disabled
    at = reset.click().run()
    assert not at.error and at.dataframe, "Reset brings the profile's weights and ranking back"


def test_saving_what_if_weights_stores_a_new_profile_version(open_page: OpenPage,
                                                             demo_engine: Engine) -> None:
    at = open_page("rank")
    save = next(b for b in at.button if b.label == "Save as new profile version")
    assert save.disabled, "nothing to save while the sliders match the profile"
    slider(at, "Commercials").set_value(COMMERCIALS_HIGH).run()
    what_if_winner = first_vendor(at)

    at.text_input[0].input("price matters more this year")
    next(b for b in at.button if b.label == "Save as new profile version").click().run()

    assert not at.exception
    assert any("as version 2" in text for text in texts(at.success))
    history = list_versions(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa")
    assert [v["note"] for v in history][-1] == "price matters more this year"
    assert at.info, "the demo's weights are frozen at v1: the saved version is not used yet"

    change_project_profile(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", "regulated_hitl_qa",
                           version=2, reason="the board agreed price matters more")
    at.run()
    assert first_vendor(at) == what_if_winner  # the project now ranks with the saved version
    assert not at.info  # and the sliders start from it, so nothing is a what-if any more


def test_topsis_switch_ranks_by_closeness_and_shows_kendalls_tau(open_page: OpenPage,
                                                                 demo_engine: Engine) -> None:
    expected = rank_project_topsis(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")
    at = open_page("rank")
    weighted_sum_winner = first_vendor(at)

    at.radio(key="rank_method:demo").set_value("TOPSIS").run()

    assert not at.exception
    assert expected.disagree, "on the demo TOPSIS puts another vendor first"
    assert first_vendor(at) == expected.table["vendor"].iloc[0] != weighted_sum_winner
    assert at.dataframe[0].value["Weighted-sum rank"].tolist() == \
        expected.table["wsm_rank"].tolist()
    [message] = texts(at.info)
    assert f"Kendall's tau = {expected.kendall_tau:.2f}" in message


def run_robustness(at: AppTest, samples: int, seed: int, concentration: float) -> AppTest:
    for label, value in (("Samples", samples), ("Seed", seed), ("Concentration", concentration)):
        next(n for n in at.number_input if n.label == label).set_value(value)
    return next(b for b in at.button if b.label == "Run robustness analysis").click().run()


def test_robustness_run_shows_rank_acceptability_and_who_ranks_first_how_often(
        open_page: OpenPage, demo_engine: Engine) -> None:
    samples, seed, concentration = 2_000, 7, 20.0
    expected = project_robustness(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo",
                                   samples=samples, seed=seed,
                                   concentration=concentration).report()
    favourite = max(expected.ranking, key=expected.first_rank_acceptability.__getitem__)
    share = format_percent(expected.first_rank_acceptability[favourite])
    at = open_page("rank")
    assert len(at.get("plotly_chart")) == 1  # nothing sampled before the button is pressed

    run_robustness(at, samples, seed, concentration)

    assert not at.exception and not at.error
    shown = "\n".join(texts(at.markdown))
    assert f"**{favourite}** ranks first in **{share}** of plausible weightings" in shown
    heatmap = json.loads(at.get("plotly_chart")[1].proto.spec)["data"][0]
    assert heatmap["type"] == "heatmap"
    assert heatmap["y"] == expected.ranking
    assert heatmap["z"][0] == expected.rank_acceptability[expected.ranking[0]]
    acceptability = next(t.value for t in at.dataframe
                         if "First-rank acceptability" in t.value.columns)
    assert acceptability.loc[acceptability["Vendor"] == favourite,
                             "First-rank acceptability"].item() == share
    stability = next(t.value for t in at.dataframe if "Same first place" in t.value.columns)
    assert stability["Category"].tolist() == list(expected.categories.values())


def test_the_sweep_follows_the_chosen_category_and_results_survive_reruns(
        open_page: OpenPage) -> None:
    at = run_robustness(open_page("rank"), 1_000, 0, 50.0)

    next(s for s in at.selectbox if s.label == "Category to sweep").set_value("commercials")
    at.run()

    assert not at.exception
    sweep = json.loads(at.get("plotly_chart")[2].proto.spec)
    assert sweep["layout"]["xaxis"]["title"]["text"] == "weight of Commercials (%)"
    ranks = {trace["name"]: trace["y"] for trace in sweep["data"]}
    percent = sweep["data"][0]["x"]
    at_25, at_30 = (min(range(len(percent)), key=lambda i: abs(percent[i] - p)) for p in (25, 30))
    # data/demo/demo.yaml: the profile's winner stays first up to commercials at 25%, and
    # Harborline Business Services is first from 26%.
    assert ranks["Meridian Clinical Review Partners"][at_25] == 1
    assert ranks["Harborline Business Services"][at_30] == 1
    assert any("ranks first in" in text for text in texts(at.markdown))


def test_unrelated_clicks_reuse_the_robustness_run_and_the_ranking(
        open_page: OpenPage, monkeypatch: pytest.MonkeyPatch) -> None:
    """SMAA takes seconds on a real project: it runs once per evidence and parameters, not on
    every rerun the page's other widgets cause. The ranking, likewise, once per weighting."""
    sampled = count_calls(monkeypatch, robustness_service, "project_robustness")
    ranked = count_calls(monkeypatch, cache, "rank_what_if")
    at = run_robustness(open_page("rank"), 1_000, 0, 50.0)
    assert (len(sampled), len(ranked)) == (1, 1)

    next(s for s in at.selectbox if s.label == "Category to sweep").set_value("commercials")
    at.run()
    at.radio(key="rank_method:demo").set_value("TOPSIS").run()
    at.radio(key="rank_method:demo").set_value("Weighted sum").run()
    slider(at, "Commercials").set_value(COMMERCIALS_HIGH).run()  # the sliders are a what-if
    next(b for b in at.button if b.label == "Reset to profile").click().run()

    assert not at.exception
    assert len(sampled) == 1, "the robustness analysis was not run again"
    assert len(ranked) == 2, "one ranking at the profile's weights, one at the what-if weights"
    assert any("ranks first in" in text for text in texts(at.markdown))


def test_new_robustness_parameters_run_the_analysis_again(
        open_page: OpenPage, monkeypatch: pytest.MonkeyPatch) -> None:
    sampled = count_calls(monkeypatch, robustness_service, "project_robustness")
    at = run_robustness(open_page("rank"), 1_000, 0, 50.0)

    run_robustness(at, 1_000, 1, 50.0)  # another seed
    run_robustness(at, 1_000, 0, 50.0)  # back to the first: already computed

    assert [call["seed"] for call in sampled] == [0, 1]


def count_calls(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> list[dict]:
    """Wrap `module.name` so each call's keyword arguments are recorded; return the record."""
    calls: list[dict] = []
    original = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_the_evidence_is_read_again_only_after_something_was_written(
        open_page: OpenPage, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A slider move costs no database read; any write (here a new profile version saved from
    this page) does, so nobody ranks stale evidence."""
    read = count_calls(monkeypatch, cache, "load_evaluation")
    at = open_page("rank")
    slider(at, "Commercials").set_value(COMMERCIALS_HIGH).run()
    slider(at, "Commercials").set_value(COMMERCIALS_HIGH + 5).run()
    assert len(read) == 1

    at.text_input(key="weight_note:demo:regulated_hitl_qa").input("more on price").run()
    next(b for b in at.button if b.label == "Save as new profile version").click().run()

    assert not at.exception
    assert len(list_versions(UnitOfWork(demo_engine), LOCAL_ADMIN, "regulated_hitl_qa")) == 2
    assert len(read) == 2


def test_gates_and_flags_list_only_what_the_table_does_not_already_say(
        open_page: OpenPage) -> None:
    at = open_page("rank")

    assert not at.exception
    ranking = at.dataframe[0].value
    assert "fails 1 gate" in set(ranking["Gate status"])
    assert ranking["Risk adjustment"].str.startswith("-").all()  # every demo vendor has one
    bullets = [t for t in texts(at.markdown) if t.startswith("**") and "\n- " in t]
    assert bullets, "the demo has a gate failure and a missing-input flag"
    assert not any("risk adjustment" in t for t in bullets)
    assert any("Gate failed: HIPAA compliance" in t for t in bullets)
    assert any("missing 2 inputs, counted as zero" in t.replace("\\", "")
               for t in bullets)
    assert any(t.startswith("Starting point: Regulated human-in-the-loop QA, version 1")
               for t in texts(at.caption))


def test_robustness_tests_the_what_if_weights_on_screen_and_says_so(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("rank")
    next(s for s in at.slider if s.label == "Commercials").set_value(60).run()
    caption = next(c for c in texts(at.caption) if c.startswith("Stochastic multicriteria"))
    assert "tests the what-if weights on screen" in caption and "Commercials" in caption
    shown_first = at.dataframe[0].value.iloc[0]["Vendor"]

    run_robustness(at, 1_000, 0, 50.0)

    assert not at.exception and not at.error
    request = at.session_state["robustness:demo"]
    expected = project_robustness(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo", samples=1_000,
                                  seed=0, concentration=50.0,
                                  category_weights=request["category_weights"]).report()
    favourite = max(expected.ranking, key=expected.first_rank_acceptability.__getitem__)
    assert expected.ranking[0] == shown_first, "centred on the ranking on screen"
    assert any(f"**{favourite}** ranks first in" in t for t in texts(at.markdown))

    next(s for s in at.slider if s.label == "Commercials").set_value(10).run()
    assert any("weights have changed since this analysis ran" in t for t in texts(at.info))
