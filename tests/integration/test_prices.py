"""Price quotes through their services: typed in for every pricing model, removed, imported
from a file or a pilot's price file; sealed while the two-envelope rule holds, one currency per
project, and no lost update. On SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.integration.databases import team_engine  # noqa: F401  (fixture)
from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.evidence import PriceQuote
from vendor_eval.domain.people import LOCAL_ADMIN, Actor
from vendor_eval.engine.cost import total_cost
from vendor_eval.errors import InputError, NotFoundError, PermissionDeniedError, StaleWriteError
from vendor_eval.services.decision.ranking import load_evaluation
from vendor_eval.services.evidence.pilot import analyze_pilot_files, apply_pilot_results
from vendor_eval.services.evidence.prices import project_quotes, remove_quote, save_quote
from vendor_eval.services.evidence.table_imports import import_table
from vendor_eval.services.project.bundles import import_project_bundle
from vendor_eval.services.scoring.team import assign_evaluators, start_scoring_alone
from vendor_eval.store.tables import AuditEventRow
from vendor_eval.store.unit_of_work import UnitOfWork

PROJECT = "quotes"
CY = Actor(name="Cy", role="analyst", email="cy@example.org")
PILOT = Path(__file__).resolve().parents[1] / "fixtures" / "pilot"


@pytest.fixture
def uow(team_engine: Engine) -> UnitOfWork:  # noqa: F811
    """Beside the demo, a project of 20,000 documents with two vendors and no quotes yet."""
    uow = UnitOfWork(team_engine)
    import_project_bundle(uow, LOCAL_ADMIN, ProjectBundle.model_validate({
        "project": {"key": PROJECT, "title": "Quotes", "profile_id": "balanced",
                    "scope": {"industry": "insurance", "volume": 20_000}},
        "vendors": [{"name": "Alpha", "delivery_model": "managed_team"},
                    {"name": "Beta", "delivery_model": "bpo"}],
        "evaluators": [CY.model_dump()],
    }))
    return uow


def audit_actions(uow: UnitOfWork) -> list[str]:
    with uow:
        return [e.action for e in uow.session.exec(
            select(AuditEventRow).order_by(AuditEventRow.id)).all()]


@pytest.mark.parametrize(("terms", "total"), [
    ({"model": "per_unit", "unit_price": 0.5, "setup_fee": 1_000}, 11_000),
    ({"model": "per_hour", "hourly_rate": 30, "units_per_hour": 12}, 50_000),
    ({"model": "managed_team", "monthly_fee": 9_000, "units_per_month": 6_000}, 36_000),
    ({"model": "fixed_price", "fixed_price": 25_000, "setup_fee": 500}, 25_500),
])
def test_a_quote_typed_in_for_any_pricing_model_is_what_the_ranking_costs(uow, terms, total):
    assert save_quote(uow, LOCAL_ADMIN, PROJECT, {"vendor": "Alpha", **terms}, loaded=None)

    [quote] = project_quotes(uow, LOCAL_ADMIN, PROJECT)
    assert quote.vendor == "Alpha" and quote.model.value == terms["model"]
    assert total_cost(quote, 20_000) == total
    assert load_evaluation(uow, LOCAL_ADMIN, PROJECT).prices == (quote,)
    assert audit_actions(uow)[-1] == "price.save"


def test_saving_the_same_quote_again_changes_nothing(uow):
    quote = PriceQuote(vendor="Alpha", model="per_unit", unit_price=0.5)
    save_quote(uow, LOCAL_ADMIN, PROJECT, quote, loaded=None)

    assert not save_quote(uow, LOCAL_ADMIN, PROJECT, quote, loaded=quote)
    assert audit_actions(uow).count("price.save") == 1


def test_a_quote_missing_an_amount_of_its_model_is_refused(uow):
    with pytest.raises(InputError, match="per_hour quote needs units_per_hour"):
        save_quote(uow, LOCAL_ADMIN, PROJECT,
                   {"vendor": "Alpha", "model": "per_hour", "hourly_rate": 30}, loaded=None)
    assert project_quotes(uow, LOCAL_ADMIN, PROJECT) == []


def test_currency_codes_are_three_letters_and_one_per_project(uow):
    save_quote(uow, LOCAL_ADMIN, PROJECT,
               {"vendor": "Alpha", "model": "per_unit", "unit_price": 0.5, "currency": "eur"},
               loaded=None)
    assert project_quotes(uow, LOCAL_ADMIN, PROJECT)[0].currency == "EUR"

    with pytest.raises(InputError, match=r"Beta's quote is in USD, the project's other quotes "
                                         r"\(Alpha\) in EUR: .* convert the amounts to EUR"):
        save_quote(uow, LOCAL_ADMIN, PROJECT,
                   {"vendor": "Beta", "model": "per_unit", "unit_price": 0.4}, loaded=None)
    with pytest.raises(InputError, match="currency"):
        save_quote(uow, LOCAL_ADMIN, PROJECT, {"vendor": "Beta", "model": "per_unit",
                                               "unit_price": 0.4, "currency": "euro"},
                   loaded=None)
    assert [q.vendor for q in project_quotes(uow, LOCAL_ADMIN, PROJECT)] == ["Alpha"]


def test_a_save_over_a_quote_changed_meanwhile_is_refused(uow):
    first = PriceQuote(vendor="Alpha", model="per_unit", unit_price=0.5)
    save_quote(uow, LOCAL_ADMIN, PROJECT, first, loaded=None)
    save_quote(uow, CY, PROJECT, first.model_copy(update={"unit_price": 0.45}), loaded=first)

    with pytest.raises(StaleWriteError, match="Alpha's quote was changed by someone else"):
        save_quote(uow, LOCAL_ADMIN, PROJECT, first.model_copy(update={"unit_price": 0.6}),
                   loaded=first)
    assert project_quotes(uow, LOCAL_ADMIN, PROJECT)[0].unit_price == 0.45


def test_a_quote_is_removed_with_an_audit_event(uow):
    save_quote(uow, LOCAL_ADMIN, PROJECT,
               {"vendor": "Alpha", "model": "fixed_price", "fixed_price": 9}, loaded=None)

    remove_quote(uow, LOCAL_ADMIN, PROJECT, "Alpha")

    assert project_quotes(uow, LOCAL_ADMIN, PROJECT) == []
    assert audit_actions(uow)[-1] == "price.remove"
    with pytest.raises(NotFoundError, match="Alpha has no quote"):
        remove_quote(uow, LOCAL_ADMIN, PROJECT, "Alpha")


def test_a_viewer_or_evaluator_cannot_enter_prices(uow):
    viewer = Actor(name="Vi", role="viewer")
    with pytest.raises(PermissionDeniedError):
        save_quote(uow, viewer, PROJECT,
                   {"vendor": "Alpha", "model": "per_unit", "unit_price": 1}, loaded=None)


def test_prices_stay_sealed_for_an_analyst_scoring_in_a_team(uow):
    save_quote(uow, LOCAL_ADMIN, PROJECT,
               {"vendor": "Alpha", "model": "per_unit", "unit_price": 0.5}, loaded=None)
    start_scoring_alone(uow, CY, PROJECT, has_conflict=False)
    assert project_quotes(uow, CY, PROJECT), "alone, the analyst reads the prices"

    assign_evaluators(uow, LOCAL_ADMIN, PROJECT, ["Dana Whitfield"])

    with pytest.raises(PermissionDeniedError, match="sealed for Cy until they submit"):
        project_quotes(uow, CY, PROJECT)
    with pytest.raises(PermissionDeniedError, match="sealed for Cy"):
        save_quote(uow, CY, PROJECT, {"vendor": "Beta", "model": "per_unit", "unit_price": 1},
                   loaded=None)
    with pytest.raises(PermissionDeniedError, match="sealed for Cy"):
        import_table(uow, CY, PROJECT, "prices", "p.csv",
                     b"vendor,model,unit_price\nBeta,per_unit,1\n")
    assert len(project_quotes(uow, LOCAL_ADMIN, PROJECT)) == 1


def test_a_price_file_with_a_second_currency_names_its_row_and_imports_nothing(uow):
    data = b"vendor,model,unit_price,currency\nAlpha,per_unit,0.5,USD\nBeta,per_unit,0.4,GBP\n"

    with pytest.raises(InputError, match="Beta's quote is in GBP") as error:
        import_table(uow, LOCAL_ADMIN, PROJECT, "prices", "quotes.csv", data)

    assert (error.value.file, error.value.row) == ("quotes.csv", 3)
    assert project_quotes(uow, LOCAL_ADMIN, PROJECT) == []


def test_a_pilots_price_file_becomes_the_projects_quotes_with_its_measurements(demo_uow):
    analysis = analyze_pilot_files(PILOT / "gold.csv", PILOT / "labels.csv",
                                   price_file=PILOT / "prices.csv")
    quotes = {"Swarmwise Labs": PriceQuote(vendor="Swarmwise Labs", model="per_unit",
                                           unit_price=1.0)}

    applied = apply_pilot_results(demo_uow, LOCAL_ADMIN, "demo", analysis, quotes=quotes)

    assert applied.quotes == 1
    [stored] = [q for q in project_quotes(demo_uow, LOCAL_ADMIN, "demo")
                if q.vendor == "Swarmwise Labs"]
    assert stored.model.value == "per_unit" and stored.unit_price == 1.0


def test_a_pilot_price_for_a_vendor_outside_the_project_applies_nothing(demo_uow):
    analysis = analyze_pilot_files(PILOT / "gold.csv", PILOT / "labels.csv")
    before = project_quotes(demo_uow, LOCAL_ADMIN, "demo")
    runs = audit_actions(demo_uow).count("pilot.apply")

    with pytest.raises(InputError, match="'Nobody Ltd' of the price file is not in project"):
        apply_pilot_results(demo_uow, LOCAL_ADMIN, "demo", analysis, quotes={
            "Nobody Ltd": PriceQuote(vendor="Nobody Ltd", model="per_unit", unit_price=1)})

    assert project_quotes(demo_uow, LOCAL_ADMIN, "demo") == before
    assert audit_actions(demo_uow).count("pilot.apply") == runs


def test_a_project_file_with_quotes_in_two_currencies_is_refused_naming_the_row(uow):
    bundle = ProjectBundle.model_validate({
        "project": {"key": "mixed", "title": "Mixed", "profile_id": "balanced",
                    "scope": {"industry": "retail", "volume": 100}},
        "vendors": [{"name": "Alpha", "delivery_model": "bpo"},
                    {"name": "Beta", "delivery_model": "bpo"}],
        "prices": [{"vendor": "Alpha", "model": "per_unit", "unit_price": 1},
                   {"vendor": "Beta", "model": "per_unit", "unit_price": 1, "currency": "EUR"}],
    })

    with pytest.raises(InputError, match="Beta's quote is in EUR, the first quote") as error:
        import_project_bundle(uow, LOCAL_ADMIN, bundle, source="mixed.yaml")

    assert (error.value.row, error.value.column) == (2, "prices.currency")
