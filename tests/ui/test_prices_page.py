"""The Prices page: quotes in words with their totals, typed in for any pricing model, a file
import that is all or nothing, and sealed prices that show nothing."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from tests.ui.support import PAGES, TIMEOUT, OpenPage, texts
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.people import LOCAL_ADMIN
from vendor_eval.services.evidence.prices import project_quotes
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.scoring.team import assign_evaluators, start_scoring_alone
from vendor_eval.store.unit_of_work import UnitOfWork

PROJECT = "claims"


def claims(engine: Engine) -> None:
    """Beside the demo, 20,000 claim documents and two vendors without quotes."""
    import_project_bundle(UnitOfWork(engine), LOCAL_ADMIN, ProjectBundle.model_validate({
        "project": {"key": PROJECT, "title": "Claims", "profile_id": "balanced",
                    "scope": {"industry": "insurance", "volume": 20_000, "unit": "document"}},
        "vendors": [{"name": "Alpha", "delivery_model": "managed_team"},
                    {"name": "Beta", "delivery_model": "bpo"}],
    }))


def open_claims() -> AppTest:
    at = AppTest.from_file(str(PAGES / "prices.py"), default_timeout=TIMEOUT)
    at.session_state["project"] = PROJECT
    return at.run()


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def test_the_demo_lists_each_quote_in_words_with_its_total(open_page: OpenPage) -> None:
    at = open_page("prices")

    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert set(table["Pricing"]) <= {"Per document", "Per hour worked",
                                     "Managed team, monthly fee", "Fixed price for the project"}
    assert not any("_" in terms for terms in table["Terms"]), "no codes in the terms"
    assert "Total" in table.columns


def test_a_buyer_types_a_per_hour_quote_and_sees_it_costed(demo_engine: Engine) -> None:
    claims(demo_engine)
    at = open_claims()
    assert any(t.startswith("No quote yet from 2 vendors: Alpha, Beta.") for t in texts(at.info))

    at.selectbox(key=f"prices_vendor:{PROJECT}").set_value("Beta").run()
    at.selectbox(key=f"prices_model:{PROJECT}:Beta:0").set_value("per_hour").run()
    labels = [n.label for n in at.number_input]
    assert labels[:2] == ["Hourly rate", "Documents per hour"]
    at.number_input[0].set_value(30.0)
    at.number_input[1].set_value(12.0)
    at = click(at, "Save quote")

    assert not at.exception and not at.error, texts(at.error)
    assert "Saved Beta's quote (per hour worked)." in texts(at.success)
    row = at.dataframe[0].value.iloc[0]
    assert row["Terms"] == "USD 30.00 an hour, at 12 documents an hour"
    assert row["Total"] == "USD 50,000"
    [quote] = project_quotes(UnitOfWork(demo_engine), LOCAL_ADMIN, PROJECT)
    assert (quote.hourly_rate, quote.units_per_hour) == (30.0, 12.0)


def test_an_empty_amount_is_named_in_words_and_nothing_is_saved(demo_engine: Engine) -> None:
    claims(demo_engine)
    at = open_claims()
    at.number_input[0].set_value(None)

    at = click(at, "Save quote")

    assert texts(at.error) == ["Enter the price per document: a quote per document needs it."]
    assert project_quotes(UnitOfWork(demo_engine), LOCAL_ADMIN, PROJECT) == []


def test_a_price_file_with_a_bad_row_imports_nothing_and_says_where(demo_engine: Engine) -> None:
    claims(demo_engine)
    at = open_claims()
    at.file_uploader(key=f"prices_import:{PROJECT}:0").set_value(
        ("quotes.csv", b"vendor,model,unit_price\nAlpha,per_unit,0.5\nBeta,per_unit,-1\n",
         "text/csv"))
    at = click(at.run(), "Import quotes")

    [error] = texts(at.error)
    assert error.startswith("quotes.csv, row 3")
    assert "Nothing was imported: correct the file and upload it again." in texts(at.caption)
    assert project_quotes(UnitOfWork(demo_engine), LOCAL_ADMIN, PROJECT) == []


def test_while_prices_are_sealed_the_page_shows_none_of_them(demo_engine: Engine) -> None:
    claims(demo_engine)
    start_scoring_alone(UnitOfWork(demo_engine), LOCAL_ADMIN, PROJECT, has_conflict=False)
    assign_evaluators(UnitOfWork(demo_engine), LOCAL_ADMIN, PROJECT, ["Dana Whitfield"])

    at = open_claims()

    assert not at.exception
    assert not at.dataframe and not at.number_input and not at.get("file_uploader")
    assert any("sealed" in t for t in texts(at.info))
