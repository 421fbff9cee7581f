"""Vendors' price quotes in a project: read, type one in, remove one; and the one writer every
way in uses (the app's form, a CSV/XLSX import, a pilot's price file, an RFP workbook).

A quote is one offer, whole: saving replaces the vendor's quote. Prices stay sealed (two-envelope
rule): whoever may not see them may neither read nor write them. A project compares its quotes
in one currency, because a cost criterion cannot rank 1,000 EUR against 1,000 USD.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError
from sqlmodel import Session

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.criteria import validation_error_to_input_error
from vendor_eval.domain.evidence import PriceQuote
from vendor_eval.domain.people import Actor
from vendor_eval.errors import InputError, NotFoundError, PermissionDeniedError, StaleWriteError
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.kernel.visibility import project_visibility
from vendor_eval.store import repository
from vendor_eval.store.tables import PriceQuoteRow, ProjectRow
from vendor_eval.store.unit_of_work import UnitOfWork

SEALED = ("prices are sealed for {name} until they submit their scores (two-envelope rule), "
          "so they can neither see nor enter them")


def project_quotes(uow: UnitOfWork, actor: Actor, project_key: str) -> list[PriceQuote]:
    """The project's quotes by vendor name; refused while prices are sealed for the actor."""
    require(actor, Action.READ)
    with uow:
        project = repository.project_row(uow.session, project_key)
        check_prices_open(uow.session, actor, project)
        names = uow.vendors(project).names
        return sorted((quote_of(row, names[vendor_id]) for vendor_id, row
                       in repository.quotes_by_vendor(uow.session, project.id).items()),
                      key=lambda q: q.vendor)


def save_quote(uow: UnitOfWork, actor: Actor, project_key: str,
               quote: PriceQuote | Mapping[str, object], loaded: PriceQuote | None) -> bool:
    """Record one vendor's quote as typed in the app, replacing theirs; False if unchanged.

    `loaded` is the quote the form was filled from (None: there was none): if the stored quote
    differs from it, someone changed it meanwhile and the save is refused, naming what to do.
    """
    require(actor, Action.EDIT_PROJECT)
    quote = _as_quote(quote)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key, for_update=True)
        check_prices_open(session, actor, project)
        vendor_id = uow.vendors(project).id_of(quote.vendor, column="vendor")
        stored = repository.quotes_by_vendor(session, project.id).get(vendor_id)
        if (None if stored is None else quote_of(stored, quote.vendor)) != loaded:
            raise StaleWriteError(f"{quote.vendor}'s quote was changed by someone else since "
                                  f"you opened it; reload the page to see it, then save again")
        changes = write_quotes(session, project, {vendor_id: quote})
        if changes:
            record_event(session, actor, AuditAction.PRICE_SAVE, f"project:{project_key}",
                         {"changes": changes})
        uow.commit()
    return bool(changes)


def remove_quote(uow: UnitOfWork, actor: Actor, project_key: str, vendor: str) -> None:
    """Take a vendor's quote out of the project (a quote entered for the wrong vendor)."""
    require(actor, Action.EDIT_PROJECT)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key, for_update=True)
        check_prices_open(session, actor, project)
        vendor_id = uow.vendors(project).id_of(vendor, column="vendor")
        row = repository.quotes_by_vendor(session, project.id).get(vendor_id)
        if row is None:
            raise NotFoundError(f"{vendor} has no quote in '{project_key}'")
        before = quote_of(row, vendor).model_dump(mode="json", exclude={"vendor"})
        session.delete(row)
        record_event(session, actor, AuditAction.PRICE_REMOVE, f"project:{project_key}",
                     {"vendor": vendor, "before": before})
        uow.commit()


# --- shared by every way prices come in -----------------------------------------------------

def check_prices_open(session: Session, actor: Actor, project: ProjectRow) -> None:
    """Refuse anyone the two-envelope rule keeps from the prices, for reading or writing."""
    if not project_visibility(session, actor, project).prices:
        raise PermissionDeniedError(SEALED.format(name=actor.name))


def write_quotes(session: Session, project: ProjectRow,
                 quotes: Mapping[int, PriceQuote]) -> list[dict[str, object]]:
    """Replace the quotes of these vendors (by vendor id) in the caller's transaction.

    Returns one change per quote that differs from the stored one. Refuses, before writing,
    a quote in another currency than the rest of the project's quotes.
    """
    existing = repository.quotes_by_vendor(session, project.id)
    _one_currency(session, project, existing, quotes)
    changes = []
    for vendor_id, quote in quotes.items():
        values = quote.model_dump(mode="json", exclude={"vendor"})
        row = existing.get(vendor_id)
        before = None if row is None else {k: getattr(row, k) for k in values}
        if before == values:
            continue
        if row is None:
            row = PriceQuoteRow(project_id=project.id, vendor_id=vendor_id, **values)
        else:
            for field, value in values.items():
                setattr(row, field, value)
        session.add(row)
        changes.append({"vendor": quote.vendor, "before": before, "after": values})
    return changes


def quote_of(row: PriceQuoteRow, vendor: str) -> PriceQuote:
    return PriceQuote(vendor=vendor, **row.model_dump(
        exclude={"id", "project_id", "vendor_id"}))


def _one_currency(session: Session, project: ProjectRow, existing: Mapping[int, PriceQuoteRow],
                  quotes: Mapping[int, PriceQuote]) -> None:
    """All of a project's quotes after the write must share one currency."""
    names = repository.vendors_of(session, project).names
    after = {vendor_id: (names.get(vendor_id, str(vendor_id)), row.currency)
             for vendor_id, row in existing.items()}
    after.update({vendor_id: (q.vendor, q.currency) for vendor_id, q in quotes.items()})
    currencies = sorted({currency for _, currency in after.values()})
    if len(currencies) <= 1:
        return
    # Name the incoming quote that breaks the rule, against the currency the others use.
    kept = [c for vendor_id, (_, c) in after.items() if vendor_id not in quotes]
    incoming = [q.currency for q in quotes.values()]  # in the caller's order (a file's rows)
    usual = max(currencies, key=lambda c: (kept.count(c), incoming.count(c),
                                            -incoming.index(c) if c in incoming else 0))
    odd = next(q for q in quotes.values() if q.currency != usual)
    others = sorted(name for name, currency in after.values() if currency == usual)
    raise InputError(
        f"{odd.vendor}'s quote is in {odd.currency}, the project's other quotes "
        f"({', '.join(others)}) in {usual}: a project compares costs in one currency, so "
        f"convert the amounts to {usual} (the notes can keep the original)", column="currency")


def _as_quote(quote: PriceQuote | Mapping[str, object]) -> PriceQuote:
    if isinstance(quote, PriceQuote):
        return quote
    try:
        return PriceQuote.model_validate({k: v for k, v in quote.items() if v not in ("", None)})
    except ValidationError as exc:
        raise validation_error_to_input_error(exc, "quote") from None

