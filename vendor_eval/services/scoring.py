"""Evaluators' rubric scores: read an evaluator's grid, save edits in one transaction."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vendor_eval.domain.criteria import validation_error_to_input_error
from vendor_eval.domain.enums import CriterionKind, Role
from vendor_eval.domain.people import Actor
from vendor_eval.errors import InputError, NotFoundError, PermissionDeniedError, StaleWriteError
from vendor_eval.services.audit import record_event
from vendor_eval.services.catalogue import get_catalogue
from vendor_eval.services.permissions import Action, require
from vendor_eval.store import repository
from vendor_eval.store.tables import ScoreRow, utcnow
from vendor_eval.store.unit_of_work import UnitOfWork


class ScoreEdit(BaseModel):
    """One cell of an evaluator's grid; `score=None` clears it, `base_version` guards edits."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    criterion_id: str
    score: float | None = Field(default=None, ge=0, le=5)
    comment: str = ""
    base_version: int | None = None


def evaluator_grid(uow: UnitOfWork, actor: Actor, project_key: str,
                   evaluator: str) -> list[dict[str, object]]:
    """The evaluator's own scores: vendor, criterion_id, score, comment, version."""
    _check_may_score_for(actor, evaluator, reading=True)
    with uow:
        project = repository.project_row(uow.session, project_key)
        person = repository.person_row(uow.session, evaluator)
        if person is None:
            return []
        names = {v.id: v.name for v in repository.project_vendors(uow.session, project.id)}
        rows = repository.scores_by_key(uow.session, project.id, person.id)
        return [
            {"vendor": names[vendor_id], "criterion_id": criterion_id, "score": row.score,
             "comment": row.comment, "version": row.version}
            for (vendor_id, criterion_id), row in rows.items()
        ]


def save_scores(uow: UnitOfWork, actor: Actor, project_key: str, evaluator: str,
                edits: list[ScoreEdit] | list[dict]) -> int:
    """Apply an evaluator's edits all together, or none if any is invalid or stale.

    Returns the number of cells changed. Admins and analysts may enter scores on behalf of an
    evaluator (recorded in the audit event); an evaluator only for themself.
    """
    require(actor, Action.SCORE)
    _check_may_score_for(actor, evaluator, reading=False)
    edits = [_as_edit(e, index) for index, e in enumerate(edits, start=1)]
    catalogue = get_catalogue()
    for index, edit in enumerate(edits, start=1):
        criterion = catalogue.by_id.get(edit.criterion_id)
        if criterion is None or criterion.kind is not CriterionKind.SCORED:
            raise InputError(f"'{edit.criterion_id}' is not a scored criterion", row=index,
                             column="criterion_id")
    with uow:
        session = uow.session
        project = repository.project_row(session, project_key)
        vendor_ids = {v.name: v.id for v in repository.project_vendors(session, project.id)}
        person = repository.person_row(session, evaluator)
        if person is None:
            raise NotFoundError(f"no evaluator '{evaluator}'")
        existing = repository.scores_by_key(session, project.id, person.id)
        changes = []
        for index, edit in enumerate(edits, start=1):
            if edit.vendor not in vendor_ids:
                raise InputError(f"vendor '{edit.vendor}' is not in project '{project_key}'",
                                 row=index, column="vendor")
            row = existing.get((vendor_ids[edit.vendor], edit.criterion_id))
            if row is not None and edit.base_version is not None and row.version != edit.base_version:
                raise StaleWriteError(
                    f"{edit.vendor} / {edit.criterion_id} was changed by someone else since you "
                    f"loaded it (now version {row.version}); reload and apply your edit again"
                )
            before = None if row is None else {"score": row.score, "comment": row.comment}
            after = None if edit.score is None else {"score": edit.score, "comment": edit.comment}
            if before == after:
                continue
            if row is None:
                session.add(ScoreRow(project_id=project.id, vendor_id=vendor_ids[edit.vendor],
                                     evaluator_id=person.id, criterion_id=edit.criterion_id,
                                     score=edit.score, comment=edit.comment))
            elif edit.score is None:
                session.delete(row)
            else:
                row.score, row.comment = edit.score, edit.comment
                row.version += 1
                row.updated_at = utcnow()
                session.add(row)
            changes.append({"vendor": edit.vendor, "criterion": edit.criterion_id,
                            "before": before, "after": after})
        if changes:
            record_event(session, actor, "scores.save", f"project:{project_key}",
                         {"evaluator": evaluator, "changes": changes})
        uow.commit()
    return len(changes)


def _as_edit(edit: ScoreEdit | dict, index: int) -> ScoreEdit:
    if isinstance(edit, ScoreEdit):
        return edit
    try:
        return ScoreEdit.model_validate(edit)
    except ValidationError as exc:
        error = validation_error_to_input_error(exc, "scores")
        raise InputError(error.message, row=index, column=error.column) from None


def _check_may_score_for(actor: Actor, evaluator: str, reading: bool) -> None:
    if actor.role in (Role.ADMIN, Role.ANALYST) or actor.name == evaluator:
        return
    verb = "read" if reading else "enter"
    raise PermissionDeniedError(f"{actor.name} may not {verb} scores of {evaluator}")
