"""The risk page: who may receive the data, the coverage matrix, the heat map of open risks,
each vendor's checklist, and the forms and the import that change them.

In the demo, Swarmwise Labs (a crowd platform) will not sign a HIPAA business associate
agreement, and the project holds PHI: it is the one vendor that may not receive the data.
Files go in through AppTest's own `file_uploader(...).set_value`, which Streamlit 1.67 supports.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import TypeVar

import pandas as pd
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import OpenPage, texts
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.evidence.risk import RiskOverview, risk_overview
from vendor_eval.store.unit_of_work import UnitOfWork

SWARMWISE, VERITY = "Swarmwise Labs", "Verity Loop"
BAA = "HIPAA compliance with a signed business associate agreement"
CSV = "text/csv"
W = TypeVar("W")


def overview(demo_engine: Engine) -> RiskOverview:
    return risk_overview(UnitOfWork(demo_engine), LOCAL_ADMIN, "demo")


def widget(elements: Iterable[W], form: str, field: str) -> W:
    """A form's field: keys are `risk_<form>:<project>:...:<field>`, labels repeat across forms."""
    return next(w for w in elements
                if w.key and w.key.startswith(f"risk_{form}:") and w.key.endswith(f":{field}"))


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page that has `column`."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def summary(at: AppTest) -> str:
    return "\n".join(texts(at.warning) + texts(at.success))


def charts(at: AppTest) -> tuple[dict, dict]:
    """The coverage matrix's and the risk heat map's first traces, as the browser receives them."""
    coverage, heat = (json.loads(chart.proto.spec) for chart in at.get("plotly_chart"))
    return coverage, heat


def edit_grid(at: AppTest, grid: pd.DataFrame, item_id: str, vendor: str,
              status: str | None) -> None:
    """Pick a status in the findings grid as the browser reports it: the editor's edit state."""
    row = list(grid.index).index(item_id)
    at.session_state["risk_grid:demo:0"] = {"edited_rows": {row: {vendor: status}},
                                             "added_rows": [], "deleted_rows": []}


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def test_summary_says_swarmwise_may_not_receive_the_data_for_lack_of_a_baa(
        open_page: OpenPage) -> None:
    at = open_page("risk")

    assert not at.exception
    headline = at.warning[0].value
    assert "7 of 8 vendors may receive the data" in headline
    assert f"{SWARMWISE} may not" in headline
    assert f"**{SWARMWISE}** may not: {BAA}: not met" in headline
    assert not at.error


def test_coverage_matrix_shows_every_vendor_against_every_required_item(
        open_page: OpenPage, demo_engine: Engine) -> None:
    expected = overview(demo_engine)
    rows = expected.checklist.rows
    required = list(dict.fromkeys(rows.loc[rows["required"], "title"]))

    at = open_page("risk")

    assert not at.exception
    coverage, _ = charts(at)
    matrix = coverage["data"][0]
    # Items down the side, read across; vendors along the top, their names level.
    assert matrix["x"] == list(expected.result.table["vendor"])
    assert len(matrix["y"]) == len(required) == 20
    assert coverage["layout"]["xaxis"]["tickangle"] == 0
    swarmwise = matrix["x"].index(SWARMWISE)
    baa = required.index(BAA)
    assert matrix["text"][baa][swarmwise] == "✗"
    assert f"{BAA}: not met" in matrix["customdata"][baa][swarmwise]
    assert sum(cell == "✓" for row in matrix["text"] for cell in row) == 8 * 20 - 1
    table = table_with(at, "Checklist item").set_index("Checklist item")
    assert table[SWARMWISE].tolist().count("✗ Not met") == 1
    assert table.drop(columns=SWARMWISE).isin(["✓ Met"]).all().all()


def test_heat_map_counts_open_risks_residual_by_default_and_inherent_on_toggle(
        open_page: OpenPage, demo_engine: Engine) -> None:
    register = overview(demo_engine).register_frame()
    open_ = register[register["status"].isin(["open", "accepted", "mitigated"])]
    worst = open_.sort_values("severity").iloc[-1]

    at = open_page("risk")
    _, heat = charts(at)
    cells = heat["data"][0]

    assert not at.exception
    assert heat["layout"]["xaxis"]["title"]["text"] == "impact (residual)"
    assert sum(int(n or 0) for row in cells["text"] for n in row) == len(open_)
    assert cells["text"][4][4] == ""  # no open risk is still 5 x 5 after mitigation

    at.toggle(key="risk_residual").set_value(False).run()
    _, heat = charts(at)
    cells = heat["data"][0]

    assert not at.exception
    assert heat["layout"]["xaxis"]["title"]["text"] == "impact (inherent)"
    assert sum(int(n or 0) for row in cells["text"] for n in row) == len(open_)
    hover = cells["customdata"][worst["likelihood"] - 1][worst["impact"] - 1]
    assert html.escape(f"{worst['vendor']}: {worst['title']}", quote=False) in hover


def test_register_filtered_to_one_vendor_marks_checklist_gaps(open_page: OpenPage,
                                                              demo_engine: Engine) -> None:
    at = open_page("risk")
    assert len(table_with(at, "Risk")) == len(overview(demo_engine).register_frame())

    at.selectbox(key="risk_register_vendor:demo").set_value(SWARMWISE).run()
    register = table_with(at, "Risk")

    assert not at.exception
    assert set(register["Vendor"]) == {SWARMWISE}
    gaps = register[register["Source"] == "checklist gap"]
    assert list(gaps["Risk"]) == [
        "Checklist: Liability for data incidents and cyber insurance only partly met"]
    assert "Open crowd: identity and location of annotators not controlled" in \
        set(register.loc[register["Source"] == "register", "Risk"])


def test_checklist_filter_shows_only_required_items_not_met(open_page: OpenPage) -> None:
    at = open_page("risk")
    at.selectbox(key="risk_vendor:demo").set_value(SWARMWISE).run()

    assert not at.exception
    gaps = table_with(at, "What satisfies it")
    assert list(gaps["Item"]) == [BAA]
    assert "Id" not in gaps.columns  # ids are for the findings file, listed beside its import
    assert gaps["Status"].iloc[0] == "Not met"
    assert gaps["Mitigation to ask for"].iloc[0].startswith("Require the BAA to be signed")
    assert "business associate agreement signed and dated" in gaps["What satisfies it"].iloc[0]

    at.radio(key="risk_filter:demo").set_value("All items").run()

    assert not at.exception
    everything = table_with(at, "What satisfies it")
    assert len(everything) == 35
    assert set(everything["Status"]) <= {"Met", "Partly met", "Not met", "Not applicable",
                                         "Expired", "Not assessed"}
    assert "None" not in everything.to_string()


def test_saving_a_met_baa_lets_swarmwise_receive_the_data(open_page: OpenPage,
                                                           demo_engine: Engine) -> None:
    at = open_page("risk")
    at.selectbox(key="risk_vendor:demo").set_value(SWARMWISE).run()
    item = next(s for s in at.selectbox if s.label == "Checklist item")
    assert item.value == "hipaa_baa"  # the vendor's first gap is offered first

    widget(at.selectbox, "finding", "status").set_value("met")
    widget(at.text_area, "finding", "evidence").set_value("BAA signed by both sides 2026-11-02.")
    widget(at.text_input, "finding", "reviewer").set_value("Lucía Ortega")
    at = click(at, "Save finding")

    assert not at.exception
    assert f"Saved the finding for {SWARMWISE}: {BAA} is met." in texts(at.success)
    assert "All 8 vendors may receive the data" in summary(at)
    assert not at.warning
    assert overview(demo_engine).result.table.set_index("vendor").loc[SWARMWISE, "qualified"]

    fresh = open_page("risk")

    assert not fresh.exception
    assert "All 8 vendors may receive the data" in summary(fresh)


def test_risk_without_a_title_is_refused_and_the_form_keeps_the_input(
        open_page: OpenPage, demo_engine: Engine) -> None:
    before = overview(demo_engine).register_frame()
    at = open_page("risk")

    widget(at.selectbox, "register", "vendor").set_value(VERITY)
    widget(at.number_input, "register", "likelihood").set_value(4)
    widget(at.text_area, "register", "mitigation").set_value("Named deputy for the lead reviewer.")
    at = click(at, "Save risk")

    assert not at.exception
    error = "\n".join(texts(at.error))
    assert error == "Title must not be empty.", "the field as the form names it, no codes"
    assert widget(at.text_area, "register", "mitigation").value == \
        "Named deputy for the lead reviewer."
    assert widget(at.number_input, "register", "likelihood").value == 4
    assert widget(at.selectbox, "register", "vendor").value == VERITY
    pd.testing.assert_frame_equal(overview(demo_engine).register_frame(), before)


def test_saving_a_new_risk_adds_it_to_the_register(open_page: OpenPage) -> None:
    at = open_page("risk")

    widget(at.selectbox, "register", "vendor").set_value(VERITY)
    widget(at.text_input, "register", "title").set_value("Lead reviewer leaves mid-project")
    widget(at.number_input, "register", "likelihood").set_value(4)
    widget(at.number_input, "register", "impact").set_value(4)
    widget(at.number_input, "register", "residual_likelihood").set_value(2)
    widget(at.text_input, "register", "owner").set_value("Dana Whitfield")
    at = click(at, "Save risk")

    assert not at.exception
    assert f"Saved the risk 'Lead reviewer leaves mid-project' for {VERITY}." in texts(at.success)
    at.selectbox(key="risk_register_vendor:demo").set_value(VERITY).run()
    register = table_with(at, "Risk").set_index("Risk")
    added = register.loc["Lead reviewer leaves mid-project"]
    assert (added["Inherent (L x I)"], added["Residual (L x I)"]) == ("4 x 4 = 16", "2 x 4 = 8")
    assert (added["Source"], added["Owner"]) == ("register", "Dana Whitfield")
    assert added["Status"] == "Open"


def test_importing_a_bad_csv_names_row_and_column_and_records_nothing(
        open_page: OpenPage) -> None:
    bad = (f"vendor,item_id,status,evidence\n"
           f"{SWARMWISE},hipaa_baa,met,BAA signed\n"
           f"Nobody Inc,hipaa_baa,met,BAA signed\n").encode()
    at = open_page("risk")

    at.file_uploader(key="risk_import:demo:0").set_value(("findings.csv", bad, CSV)).run()
    at = click(at, "Import findings")

    assert not at.exception
    error = "\n".join(texts(at.error))
    assert ("findings.csv, row 3, column 'vendor': vendor 'Nobody Inc' is not in project "
            "'demo'") in error
    assert "7 of 8 vendors may receive the data" in summary(at)  # row 2 was not recorded either


def test_importing_findings_reports_the_rows_recorded(open_page: OpenPage) -> None:
    good = (f"vendor,item_id,status,evidence,reviewer\n"
            f"{SWARMWISE},hipaa_baa,met,BAA signed 2026-11-02,Lucía Ortega\n").encode()
    at = open_page("risk")

    at.file_uploader(key="risk_import:demo:0").set_value(("findings.csv", good, CSV)).run()
    at = click(at, "Import findings")

    assert not at.exception
    assert any(text.startswith("Imported findings.csv: 1 finding recorded")
               for text in texts(at.success))
    assert "All 8 vendors may receive the data" in summary(at)


def test_without_a_project_the_page_says_how_to_choose_one(open_page: OpenPage) -> None:
    at = open_page("risk", project=None)

    assert not at.exception
    assert any("No project is selected" in text for text in texts(at.info))
    assert not at.get("plotly_chart")


def test_the_findings_import_lists_the_item_ids_the_file_needs(open_page: OpenPage) -> None:
    at = open_page("risk")

    ids = table_with(at, "Id in the file").set_index("Checklist item")
    assert ids.loc[BAA, "Id in the file"] == "hipaa_baa"
    assert "Checklist item ids for the file" in [e.label for e in at.expander]


def test_after_one_finding_on_a_new_project_the_banner_counts_gaps_and_lists_them_on_demand(
        open_page: OpenPage, demo_engine: Engine) -> None:
    from vendor_eval.domain.enums import Industry, Sensitivity
    from vendor_eval.domain.project import Scope
    from vendor_eval.services.evidence.risk import save_assessments
    from vendor_eval.services.project.new_project import create_project
    from vendor_eval.services.project.vendors import add_vendor

    def uow() -> UnitOfWork:
        return UnitOfWork(demo_engine)

    create_project(uow(), LOCAL_ADMIN, key="claims", title="Claims review", description="",
                   scope=Scope(industry=Industry.INSURANCE, volume=1000,
                               sensitivity=frozenset({Sensitivity.PHI})),
                   profile_id="regulated_hitl_qa")
    for name in ("Aster Review", "Birch Labs"):
        add_vendor(uow(), LOCAL_ADMIN, "claims", {"name": name, "delivery_model": "bpo"})
    save_assessments(uow(), LOCAL_ADMIN, "claims", [
        {"vendor": "Aster Review", "item_id": "hipaa_baa", "status": "met",
         "evidence": "signed BAA", "reviewer": "Ana"}])

    at = open_page("risk", project="claims")

    assert not at.exception
    banner = at.warning[0].value
    assert "0 of 2 vendors may receive the data" in banner
    assert "**Birch Labs** may not: " in banner and " required items fail (" in banner
    assert "not assessed" in banner
    assert len(banner.splitlines()) <= 5, "one line per vendor, not one per item"
    details = next(e for e in at.expander if e.label == "Every failed requirement, by vendor")
    assert any("Birch Labs** may not: " in m.value and ";" in m.value for m in details.markdown)


def test_the_findings_grid_records_a_status_per_vendor_and_item_as_reviewed_by_the_user(
        open_page: OpenPage, demo_engine: Engine) -> None:
    at = open_page("risk")
    grid = at.data_editor(key="risk_grid:demo:0")
    assert grid.value.at["hipaa_baa", SWARMWISE] == "Not met"
    assert set(grid.value.columns) >= {"Checklist item", SWARMWISE, VERITY}

    edit_grid(at, grid.value, "hipaa_baa", SWARMWISE, "Met")
    at = click(at, "Save findings")

    assert not at.exception
    assert "Saved 1 finding from the grid, reviewed by local admin." in texts(at.success)
    finding = next(a for a in overview(demo_engine).result.table.itertuples()
                   if a.vendor == SWARMWISE)
    assert finding.qualified, "the BAA now met, Swarmwise may receive the data"
    stored = overview(demo_engine).checklist.rows
    row = stored[(stored["vendor"] == SWARMWISE) & (stored["item_id"] == "hipaa_baa")].iloc[0]
    assert row["reviewer"] == "local admin" and row["evidence"], "earlier evidence is kept"


def test_emptying_a_recorded_finding_in_the_grid_is_refused(open_page: OpenPage) -> None:
    at = open_page("risk")
    grid = at.data_editor(key="risk_grid:demo:0")
    edit_grid(at, grid.value, "hipaa_baa", SWARMWISE, None)

    at = click(at, "Save findings")

    assert any(t.startswith("A recorded finding cannot be emptied here") for t in texts(at.error))
