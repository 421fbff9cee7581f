"""Evaluators' rubric scores: read an evaluator's grid, save edits in one transaction."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vendor_eval.domain.audit import AuditAction
from vendor_eval.domain.criteria import validation_error_to_input_error
from vendor_eval.domain.enums import CriterionKind
from vendor_eval.domain.people import Actor
from vendor_eval.errors import InputError, NotFoundError, PermissionDeniedError
from vendor_eval.services.kernel.audit import record_event
from vendor_eval.services.kernel.catalogue import get_catalogue
from vendor_eval.services.kernel.permissions import Action, require
from vendor_eval.services.kernel.versions import commit_or_stale, next_version, require_row_current
from vendor_eval.services.kernel.visibility import project_visibility
from vendor_eval.services.scoring.team import check_may_write_scores_of
from vendor_eval.store import repository
from vendor_eval.store.tables import ScoreRow
from vendor_eval.store.unit_of_work import UnitOfWork


class ScoreEdit(BaseModel):
    """One cell of an evaluator's grid; `score=None` clears it, `base_version` guards edits."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    criterion_id: str
    score: float | None = Field(default=None, ge=0, le=5)
    comment: str = ""
    base_version: int | None = Field(default=None, ge=0)  # 0: the cell was empty when loaded


def evaluator_grid(uow: UnitOfWork, actor: Actor, project_key: str,
                   evaluator: str) -> list[dict[str, object]]:
    """An evaluator's scores: vendor, criterion_id, score, comment, version, updated_by.

    Everyone reads their own; someone else's only where the actor may see all scores (blind
    scoring: after every assigned evaluator has submitted, or after an unlock).
    """
    require(actor, Action.READ)
    with uow:
        project = repository.project_row(uow.session, project_key)
        if actor.name != evaluator and not project_visibility(uow.session, actor,
                                                              project).all_scores:
            raise PermissionDeniedError(
                f"{evaluator}'s scores are blind to {actor.name} until every assigned "
                f"evaluator has submitted, or an analyst unlocks them")
        person = repository.person_row(uow.session, evaluator)
        if person is None:
            return []
        names = uow.vendors(project).names
        rows = repository.scores_by_key(uow.session, project.id, person.id)
        return [
            {"vendor": names[vendor_id], "criterion_id": criterion_id, "score": row.score,
             "comment": row.comment, "version": row.version, "updated_by": row.updated_by}
            for (vendor_id, criterion_id), row in rows.items()
        ]


def save_scores(uow: UnitOfWork, actor: Actor, project_key: str, evaluator: str,
                edits: list[ScoreEdit] | list[dict]) -> int:
    """Apply an evaluator's edits all together, or none if any is invalid or stale.

    Returns the number of cells changed. Scoring is open once the weights are frozen, for an
    assigned evaluator who has declared any conflict of interest and not yet submitted.
    Admins and analysts may enter scores on behalf of an evaluator (recorded in the audit
    event) where blind scoring lets them see those scores; an evaluator only for themself.
    """
    require(actor, Action.SCORE)
    if actor.name != evaluator:
        require(actor, Action.ACT_FOR_OTHERS)
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
        vendors = uow.vendors(project)
        person = repository.person_row(session, evaluator)
        if person is None:
            raise NotFoundError(f"no evaluator '{evaluator}'")
        # The grid lock comes first, so the checks below (a submission, for one) cannot go
        # stale before this transaction commits.
        existing = repository.scores_by_key(session, project.id, person.id, for_update=True)
        check_may_write_scores_of(session, actor, project, evaluator)
        changes = []
        for index, edit in enumerate(edits, start=1):
            vendor_id = vendors.id_of(edit.vendor, row=index)
            row = existing.get((vendor_id, edit.criterion_id))
            _check_not_stale(edit, row)
            before = None if row is None else {"score": row.score, "comment": row.comment}
            after = None if edit.score is None else {"score": edit.score, "comment": edit.comment}
            if before == after:
                continue
            if row is None:
                session.add(ScoreRow(project_id=project.id, vendor_id=vendor_id,
                                     evaluator_id=person.id, criterion_id=edit.criterion_id,
                                     score=edit.score, comment=edit.comment,
                                     updated_by=actor.name))
            elif edit.score is None:
                session.delete(row)
            else:
                row.score, row.comment = edit.score, edit.comment
                next_version(row, actor.name)
                session.add(row)
            changes.append({"vendor": edit.vendor, "criterion": edit.criterion_id,
                            "before": before, "after": after})
        if changes:
            record_event(session, actor, AuditAction.SCORES_SAVE, f"project:{project_key}",
                         {"evaluator": evaluator, "changes": changes})
        # Someone scoring an empty cell in the same moment: their score stands, this is stale.
        commit_or_stale(uow, f"{evaluator}'s scores")
    return len(changes)


def _check_not_stale(edit: ScoreEdit, row: ScoreRow | None) -> None:
    """Refuse an edit made on an older state of the cell, naming who changed it since.

    `base_version` is the version the user loaded; 0 means the cell was empty then.
    """
    require_row_current(f"{edit.vendor} / {edit.criterion_id}", row, edit.base_version)


def _as_edit(edit: ScoreEdit | dict, index: int) -> ScoreEdit:
    if isinstance(edit, ScoreEdit):
        return edit
    try:
        return ScoreEdit.model_validate(edit)
    except ValidationError as exc:
        error = validation_error_to_input_error(exc, "scores")
        raise InputError(error.message, row=index, column=error.column) from None
