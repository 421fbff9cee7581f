"""Tabular imports into a project: vendors, scores, prices and risks from CSV or XLSX.

Every import is one user action: the whole file is read and each row validated (types, known
criteria, vendors of the project, duplicates) before anything is written, then all rows are
written in one transaction with their audit events. A file with any bad row writes nothing, and
the error names the file, the row (the line in the file, the header being row 1) and the column.
Text is stored as text: a cell such as `=HYPERLINK(...)` is never evaluated, and exports defuse it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from pydantic import BaseModel, ValidationError
from sqlalchemy import insert
from sqlmodel import Session, select

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.criteria import validation_error_to_input_error
from vendor_eval.domain.enums import CriterionKind, ImportKind
from vendor_eval.domain.evidence import EvaluatorScore, PriceQuote, RiskItem, Vendor
from vendor_eval.domain.people import Actor
from vendor_eval.errors import InputError, VendorEvalError
from vendor_eval.files.tables import LINE, read_rows
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.catalogue import get_catalogue
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.kernel.versions import next_version
from vendor_eval.store import repository
from vendor_eval.store.tables import ProjectRow, ProjectVendorRow, VendorRow
from vendor_eval.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class TableSpec:
    """The columns of one kind of file, the model a row must satisfy, and what makes it unique."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    model: type[BaseModel]
    key: Callable[[BaseModel], tuple[object, ...]]
    key_columns: str


SPECS: dict[ImportKind, TableSpec] = {
    ImportKind.VENDORS: TableSpec(
        ("name", "delivery_model"), ("headquarters", "description"), Vendor,
        lambda v: (v.name,), "name"),
    ImportKind.SCORES: TableSpec(
        ("vendor", "criterion_id", "evaluator", "score"), ("comment",), EvaluatorScore,
        lambda s: (s.vendor, s.criterion_id, s.evaluator), "vendor, criterion_id, evaluator"),
    ImportKind.PRICES: TableSpec(
        ("vendor", "model"),
        ("currency", "unit_price", "hourly_rate", "units_per_hour", "monthly_fee",
         "units_per_month", "fixed_price", "setup_fee", "notes"), PriceQuote,
        lambda p: (p.vendor,), "vendor"),
    ImportKind.RISKS: TableSpec(
        ("vendor", "title", "likelihood", "impact"),
        ("mitigation", "status", "owner", "residual_likelihood", "residual_impact"), RiskItem,
        lambda r: (r.vendor, r.title), "vendor, title"),
}



@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows read, and how many of them changed the project."""

    kind: ImportKind
    source: str
    rows: int
    changed: int

    def describe(self, project_key: str) -> str:
        return (f"{self.rows} {self.kind.value} row(s) from {self.source} imported into "
                f"{project_key}: {self.changed} changed, {self.rows - self.changed} unchanged")


def import_table(uow: UnitOfWork, actor: Actor, project_key: str, kind: ImportKind | str,
                 name: str, data: bytes) -> ImportReport:
    """Import one CSV or XLSX file of `kind` into a project: every row, or nothing."""
    require(actor, Action.EDIT_PROJECT)
    try:
        kind = ImportKind(kind)
    except ValueError:
        raise InputError(f"unknown kind '{kind}'; choose one of "
                         f"{', '.join(k.value for k in ImportKind)}", column="KIND") from None
    if kind is ImportKind.PRICES:
        require(actor, Action.SEE_PRICES)
    spec = SPECS[kind]
    rows = read_rows(name, data, spec.required, spec.optional)
    lines = [int(row.pop(LINE)) for row in rows]
    items = [_validated(spec.model, row, name, line) for line, row in zip(lines, rows, strict=True)]
    _no_duplicates([spec.key(item) for item in items], lines, name, spec.key_columns)
    if kind is ImportKind.SCORES:
        _scored_criteria_only(items, lines, name)
    writer = {ImportKind.VENDORS: _write_vendors, ImportKind.SCORES: _write_scores,
              ImportKind.PRICES: _write_prices, ImportKind.RISKS: _write_risks}[kind]
    present = tuple(c for c in spec.optional if c in rows[0])
    with uow:
        project = repository.project_row(uow.session, project_key)
        changed = writer(uow, actor, project, items, name, present, lines)
        uow.commit()
    return ImportReport(kind=kind, source=name, rows=len(items), changed=changed)


# --- validation before any write ------------------------------------------------------------

def _validated(model: type[BaseModel], row: dict[str, str], name: str, line: int) -> BaseModel:
    """A row as its domain model; empty cells take the model's default."""
    try:
        return model.model_validate({k: v for k, v in row.items() if v != ""})
    except ValidationError as exc:
        error = validation_error_to_input_error(exc, name)
        raise InputError(error.message, file=name, row=line, column=error.column) from None


def _no_duplicates(keys: Sequence[tuple[object, ...]], lines: Sequence[int], name: str,
                   columns: str) -> None:
    """Refuse a key seen before, naming both rows by their line in the file."""
    first_seen: dict[tuple[object, ...], int] = {}
    for line, key in zip(lines, keys, strict=True):
        if key in first_seen:
            shown = " / ".join(str(k) for k in key)
            raise InputError(f"'{shown}' appears again (first on row {first_seen[key]})",
                             file=name, row=line, column=columns)
        first_seen[key] = line


def _scored_criteria_only(scores: Sequence[EvaluatorScore], lines: Sequence[int],
                          name: str) -> None:
    catalogue = get_catalogue()
    for line, score in zip(lines, scores, strict=True):
        criterion = catalogue.by_id.get(score.criterion_id)
        if criterion is None:
            raise InputError(f"unknown criterion id '{score.criterion_id}'", file=name, row=line,
                             column="criterion_id")
        if criterion.kind is not CriterionKind.SCORED:
            raise InputError(f"'{score.criterion_id}' is a {criterion.kind.value} criterion; "
                             f"only scored criteria take rubric scores", file=name, row=line,
                             column="criterion_id")


def _project_vendor_ids(session: Session, project: ProjectRow, items: Sequence[BaseModel],
                        lines: Sequence[int], name: str) -> dict[str, int]:
    vendors = repository.vendors_of(session, project)
    for line, item in zip(lines, items, strict=True):
        vendors.id_of(item.vendor, fix="import it with KIND vendors first", file=name, row=line)
    return vendors.ids


# --- writers: inside the import's transaction -----------------------------------------------

def _write_vendors(uow: UnitOfWork, actor: Actor, project: ProjectRow, vendors: list[Vendor],
                   name: str, present: tuple[str, ...], lines: list[int]) -> int:
    """Add vendors to the project; a vendor known from other projects is linked, and the
    columns the file has update it (columns the file lacks keep their values)."""
    session = uow.session
    known = repository.vendors_by_name(session)
    linked = set(uow.vendors(project).names)
    fields = ("delivery_model", *present)
    changes, new_vendors, link_ids = [], [], []
    for vendor in vendors:
        values = vendor.model_dump(mode="json", include=set(fields))
        row = known.get(vendor.name)
        if row is None:
            new_vendors.append({"name": vendor.name, **vendor.model_dump(mode="json",
                                                                         exclude={"name"})})
            changes.append({"vendor": vendor.name, "before": None, "after": values})
            continue
        before = {f: getattr(row, f) for f in fields}
        if before != values:
            for field, value in values.items():
                setattr(row, field, value)
            next_version(row)
            session.add(row)
        if before != values or row.id not in linked:
            changes.append({"vendor": vendor.name, "before": before, "after": values,
                            "linked": row.id not in linked})
        if row.id not in linked:
            link_ids.append(row.id)
    if new_vendors:
        # Bulk statements: building an ORM object per row costs ten times the insert itself.
        session.execute(insert(VendorRow), new_vendors)
        ids = dict(session.exec(select(VendorRow.name, VendorRow.id)).all())
        link_ids += [ids[v["name"]] for v in new_vendors]
    if link_ids:
        session.execute(insert(ProjectVendorRow),
                        [{"project_id": project.id, "vendor_id": i} for i in link_ids])
    if changes:
        record_event(session, actor, AuditAction.VENDORS_IMPORT, f"project:{project.key}",
                     {"source": name, "rows": len(vendors), "changes": changes})
    return len(changes)


def _write_prices(uow: UnitOfWork, actor: Actor, project: ProjectRow, quotes: list[PriceQuote],
                  name: str, present: tuple[str, ...], lines: list[int]) -> int:
    """Each row replaces the vendor's quote in this project (a quote is one offer, whole)."""
    from vendor_eval.services.evidence.prices import check_prices_open, write_quotes

    session = uow.session
    check_prices_open(session, actor, project)
    vendor_ids = _project_vendor_ids(session, project, quotes, lines, name)
    try:
        changes = write_quotes(session, project, {vendor_ids[q.vendor]: q for q in quotes})
    except InputError as error:  # the currency rule: name the row of the odd quote
        odd = next((line for line, q in zip(lines, quotes, strict=True)
                    if f"{q.vendor}'s quote" in error.message), lines[0])
        raise InputError(error.message, file=name, row=odd, column=error.column) from None
    if changes:
        record_event(session, actor, AuditAction.PRICES_IMPORT, f"project:{project.key}",
                     {"source": name, "rows": len(quotes), "changes": changes})
    return len(changes)


def _write_risks(uow: UnitOfWork, actor: Actor, project: ProjectRow, risks: list[RiskItem],
                 name: str, present: tuple[str, ...], lines: list[int]) -> int:
    """Add or update register entries by vendor and title, through the risk register service."""
    from vendor_eval.services.evidence.risk import save_risk_items

    _project_vendor_ids(uow.session, project, risks, lines, name)
    return _on_file_lines(name, lambda: save_risk_items(uow.joined(), actor, project.key, risks,
                                                         source=name), lines=lines)


def _write_scores(uow: UnitOfWork, actor: Actor, project: ProjectRow,
                  scores: list[EvaluatorScore], name: str, present: tuple[str, ...],
                  lines: list[int]) -> int:
    """Each evaluator's rows go through `save_scores`, so every scoring rule (frozen weights,
    assignment, declarations, submissions, blind scoring) applies exactly as in the app."""
    from vendor_eval.services.scoring.scores import ScoreEdit, save_scores

    session = uow.session
    _project_vendor_ids(session, project, scores, lines, name)
    by_evaluator: dict[str, list[tuple[int, EvaluatorScore]]] = {}
    for line, score in zip(lines, scores, strict=True):
        by_evaluator.setdefault(score.evaluator, []).append((line, score))
    people = {}
    for evaluator, rows in sorted(by_evaluator.items()):
        person = repository.person_row(session, evaluator)
        if person is None:
            raise InputError(f"no person '{evaluator}'; an admin adds people on the Team page",
                             file=name, row=rows[0][0], column="evaluator")
        people[evaluator] = person
    # Every grid is locked up front, in a fixed order, before any audit event locks the chain:
    # a concurrent single save (grid, then chain) can then never wait on this import in reverse.
    for evaluator in sorted(by_evaluator):
        repository.lock_score_grid(session, project.id, people[evaluator].id)
    changed = 0
    for evaluator, rows in sorted(by_evaluator.items()):
        edits = [ScoreEdit(vendor=s.vendor, criterion_id=s.criterion_id, score=s.score,
                           comment=s.comment) for _, s in rows]
        changed += _on_file_lines(
            name, partial(save_scores, uow.joined(), actor, project.key, evaluator, edits),
            lines=[line for line, _ in rows], whose=f"scores of {evaluator}")
    if changed:
        record_event(session, actor, AuditAction.SCORES_IMPORT, f"project:{project.key}",
                     {"source": name, "rows": len(scores), "changed": changed,
                      "evaluators": sorted(by_evaluator)})
    return changed


def _on_file_lines(name: str, action: Callable[[], int], lines: list[int],
                   whose: str | None = None) -> int:
    """Run a service on some of the file's rows, naming the file's row in any error it raises."""
    try:
        return action()
    except InputError as error:
        # a row-level error names its row; one about the whole group, the group's first row
        row = lines[error.row - 1] if error.row and 0 < error.row <= len(lines) else lines[0]
        raise InputError(error.message, file=name, row=row, column=error.column) from None
    except VendorEvalError as error:
        where = f"{name}, {whose}" if whose else name
        raise type(error)(f"{where}: {error}") from None
