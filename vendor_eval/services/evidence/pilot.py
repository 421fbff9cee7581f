"""Pilot analytics as user actions: analyse pilot files, apply the results to a project."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.evidence import MeasuredValue, PriceQuote
from vendor_eval.domain.people import Actor
from vendor_eval.errors import InputError, NotFoundError
from vendor_eval.files.decode import read_bytes
from vendor_eval.files.pilot import (
    csv_frame,
    json_document,
    price_quotes,
    read_csv_frame,
)
from vendor_eval.pilot.agreement import AgreementResult, agreement
from vendor_eval.pilot.analysis import (
    PilotAnalysis,
    PilotOptions,
    Task,
    analyze_classification,
    analyze_detection,
    to_measured_values,
)
from vendor_eval.pilot.detection import validate_coco_gold, validate_coco_results
from vendor_eval.pilot.labels import (
    combine_labels,
    validate_gold,
    validate_labels,
    validate_ratings,
)
from vendor_eval.pilot.vocabulary import Level
from vendor_eval.services.evidence.prices import check_prices_open, write_quotes
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.store import repository
from vendor_eval.store.tables import MeasuredValueRow, PilotRunRow
from vendor_eval.store.unit_of_work import UnitOfWork

Upload = tuple[str, bytes]
"""A file as (name, content): a path read from disk, or a file uploaded in the app."""


class AppliedPilot(BaseModel):
    """What applying a pilot stored: the run's id and the measured values written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    project: str
    pilot_run_id: int
    cautious: bool
    values: tuple[MeasuredValue, ...]
    quotes: int = 0  # price quotes the pilot's price file added or changed


class PilotRunSummary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int
    created_at: str
    task: str
    fingerprint: str
    vendors: tuple[str, ...]


def analyze_pilot_files(gold: Path | str, labels: Sequence[Path | str] | Path | str, *,
                        task: Task = "classification", price_file: Path | str | None = None,
                        options: PilotOptions | None = None) -> PilotAnalysis:
    """Read and validate a pilot's files, then analyse them; nothing is stored.

    Classification: a golden-set CSV and one or more label CSVs (the `vendor` column says whose
    labels they are). Detection: a COCO golden set and one COCO file per vendor, named after
    the file (`acme.json` -> vendor `acme`).
    """
    paths = [labels] if isinstance(labels, (str, Path)) else list(labels)
    return analyze_pilot_uploads(
        _upload(gold), [_upload(p) for p in paths], task=task,
        prices=_upload(price_file) if price_file is not None else None, options=options)


def analyze_pilot_uploads(gold: Upload, labels: Sequence[Upload], *,
                          task: Task = "classification", prices: Upload | None = None,
                          options: PilotOptions | None = None) -> PilotAnalysis:
    """The same as `analyze_pilot_files` for files given as (name, content) pairs, as the app
    receives uploads; error messages name the files by these names."""
    if not labels:
        raise InputError("give at least one labels file", column="labels")
    if task == "detection":
        if prices is not None:
            raise InputError("prices apply to classification pilots only", file=prices[0])
        return _analyze_detection(gold, labels, options)
    gold_frame = validate_gold(csv_frame(gold[1], gold[0]), file=gold[0])
    frames = [(name, validate_labels(csv_frame(raw, name), gold_frame, file=name,
                                     gold_file=gold[0])) for name, raw in labels]
    quotes, ramp_up = price_quotes(prices[1], prices[0]) if prices is not None else ({}, {})
    return analyze_classification(gold_frame, combine_labels(frames), quotes=quotes,
                                  ramp_up_weeks=ramp_up, options=options)


def analyze_ratings_file(path: Path | str, level: Level = "nominal") -> AgreementResult:
    """Agreement among raters from a long ratings CSV `item_id, rater_id, label`."""
    ratings = validate_ratings(read_csv_frame(path), level, file=str(path))
    return agreement(ratings, level)


def apply_pilot_results(uow: UnitOfWork, actor: Actor, project_key: str,
                        analysis: PilotAnalysis, cautious: bool = False,
                        quotes: Mapping[str, PriceQuote] | None = None) -> AppliedPilot:
    """Store a pilot's measured values in the project and keep the whole analysis beside them.

    `quotes` (the pilot's price file, when the user asks) become the vendors' quotes in the
    project too, under the same rules as quotes typed in (sealed prices, one currency). Every
    vendor must be one of the project's; values, quotes, the pilot run and the audit event are
    written in one transaction, so a refusal leaves the project exactly as it was.
    """
    require(actor, Action.EDIT_PROJECT)
    values = to_measured_values(analysis, cautious)
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        vendors = uow.vendors(project)
        vendor_ids = {name: vendors.id_of(name, of="of the pilot",
                                          fix="rename it in the labels file or add the vendor "
                                              "to the project")
                      for name in analysis.vendor_names}
        price_changes = []
        if quotes:
            check_prices_open(session, actor, project)
            price_changes = write_quotes(session, project, {
                vendors.id_of(name, of="of the price file",
                              fix="rename it in the price file or add the vendor to the "
                                  "project"): quote
                for name, quote in sorted(quotes.items())})
        existing = repository.measured_by_key(session, project.id)
        changes = []
        for value in values:
            vendor_id = vendor_ids[value.vendor]
            row = existing.get((vendor_id, value.criterion_id))
            before = None if row is None else row.value
            if row is None:
                row = MeasuredValueRow(project_id=project.id, vendor_id=vendor_id,
                                       criterion_id=value.criterion_id, value=value.value)
            row.value, row.sample_size, row.source = value.value, value.sample_size, value.source
            session.add(row)
            changes.append({"vendor": value.vendor, "criterion": value.criterion_id,
                            "before": before, "after": value.value})
        run = PilotRunRow(project_id=project.id, task=analysis.task,
                          fingerprint=analysis.fingerprint,
                          summary=analysis.model_dump(mode="json"))
        session.add(run)
        session.flush()
        record_event(session, actor, AuditAction.PILOT_APPLY, f"project:{project_key}",
                     {"pilot_run": run.id, "task": analysis.task,
                      "fingerprint": analysis.fingerprint, "cautious": cautious,
                      "changes": changes, "prices": price_changes})
        uow.commit()
        return AppliedPilot(project=project_key, pilot_run_id=run.id, cautious=cautious,
                            values=tuple(values), quotes=len(price_changes))


def pilot_runs(uow: UnitOfWork, actor: Actor, project_key: str) -> list[PilotRunSummary]:
    """The pilots applied to a project, newest first."""
    require(actor, Action.READ)
    with uow:
        project = repository.project_row(uow.session, project_key)
        rows = repository.pilot_runs(uow.session, project.id)
        return [PilotRunSummary(id=r.id, created_at=r.created_at.isoformat(), task=r.task,
                                fingerprint=r.fingerprint,
                                vendors=tuple(v["vendor"] for v in r.summary.get("vendors", [])))
                for r in rows]


def load_pilot_run(uow: UnitOfWork, actor: Actor, project_key: str, run_id: int) -> PilotAnalysis:
    """A stored pilot analysis, as it was when applied."""
    require(actor, Action.READ)
    with uow:
        project = repository.project_row(uow.session, project_key)
        row = uow.session.get(PilotRunRow, run_id)
        if row is None or row.project_id != project.id:
            raise NotFoundError(f"project '{project_key}' has no pilot run {run_id}")
        return PilotAnalysis.model_validate(row.summary)


def _upload(path: Path | str) -> Upload:
    return str(path), read_bytes(path)


def _analyze_detection(gold: Upload, labels: Sequence[Upload],
                       options: PilotOptions | None) -> PilotAnalysis:
    gold_data = validate_coco_gold(json_document(gold[1], gold[0]), file=gold[0])
    boxes: dict[str, list[dict]] = {}
    for name, raw in labels:
        vendor = Path(name).stem
        if vendor in boxes:
            raise InputError(f"two files name vendor '{vendor}'; vendors are named after "
                             f"their files", file=name)
        boxes[vendor] = validate_coco_results(json_document(raw, name), gold_data, file=name)
    return analyze_detection(gold_data, boxes, options=options)
