"""The overview page: project scope, profile, top vendor and the ranking, or how to start."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import PAGES, TIMEOUT, OpenPage, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.decision.ranking import rank_project
from vendor_eval.store.unit_of_work import UnitOfWork


def test_overview_shows_the_demo_scope_profile_and_ranking(open_page: OpenPage,
                                                            demo_engine: Engine) -> None:
    expected = rank_project(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")

    at = open_page("overview")

    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Vendors"] == "8"
    assert metrics["Pass all gates"] == str(int(expected.table["qualified"].sum()))
    # The leader's name in full, not in a metric that would cut it short.
    assert "Top vendor" in texts(at.caption)
    assert expected.top_vendor in texts(at.subheader)
    assert any("**Weighting profile:** Regulated human-in-the-loop QA, version 1" in text
               for text in texts(at.markdown))
    ranking = at.dataframe[0].value
    assert list(ranking["Vendor"]) == list(expected.table["vendor"])
    assert ranking["Vendor"].iloc[0] == expected.top_vendor


def test_overview_without_projects_says_how_to_load_the_demo(engine: Engine) -> None:
    at = AppTest.from_file(str(PAGES / "overview.py"), default_timeout=TIMEOUT)
    at.session_state["project"] = None
    at.run()

    assert not at.exception
    assert any("no projects yet" in text.lower() for text in texts(at.info))
    assert not at.dataframe


def test_overview_shows_the_scope_in_words_and_the_ranking_without_codes(
        open_page: OpenPage) -> None:
    at = open_page("overview")

    assert not at.exception
    scope = next(t for t in texts(at.markdown) if t.startswith("**Industry:**"))
    assert "**Industry:** Healthcare" in scope
    assert "**Languages:** English, Spanish" in scope
    assert "**Sensitive data:** PHI, PII" in scope
    assert "**Volume:** 120,000 documents" in scope
    ranking = at.dataframe[0].value
    assert "fails 1 gate" in set(ranking["Gate status"])  # Swarmwise: no signed BAA
    # The risk adjustment has its own column; the flags say only what it does not.
    assert not ranking["Flags"].str.contains("risk adjustment").any()
    assert not ranking["Flags"].str.contains(r"\(s\)").any()
    assert "None" not in ranking.to_string()
    assert not any("regulated_hitl_qa" in t for t in texts(at.markdown) + texts(at.caption))


def test_long_flags_are_not_cut_in_the_table_but_listed_in_full_beneath(
        open_page: OpenPage) -> None:
    from vendor_eval.ui.frames import FLAG_CELL_CHARS

    at = open_page("overview")

    ranking = at.dataframe[0].value
    assert (ranking["Flags"].str.len() <= max(FLAG_CELL_CHARS, len("99 flags, listed below"))).all()
    [full] = [e for e in at.expander if e.label == "Flags in full"]
    listed = "\n".join(texts(full.markdown))
    pointed = ranking.loc[ranking["Flags"].str.endswith("listed below"), "Vendor"]
    assert not pointed.empty, "the demo has a vendor with several flags"
    for vendor in pointed:
        assert f"**{vendor}**:" in listed.replace("\\", "")
