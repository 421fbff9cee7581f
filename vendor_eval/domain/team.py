"""The rules of a team evaluation as values: declarations, submissions, consensus, frozen weights,
and who may see which scores and prices when (blind scoring and the two-envelope rule)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vendor_eval.domain.canonical import canonical_digest
from vendor_eval.domain.criteria import IDENTIFIER
from vendor_eval.domain.enums import Role
from vendor_eval.domain.evidence import EvaluatorScore
from vendor_eval.domain.people import Actor

SPREAD_TO_DISCUSS = 2.0
"""Evaluators whose scores on one cell lie this far apart (max - min) discuss it (DOMAIN.md)."""


class ConflictDeclaration(BaseModel):
    """An evaluator's conflict-of-interest statement for one project: none, or what it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    evaluator: str = Field(min_length=1)
    has_conflict: bool
    details: str = ""
    declared_at: datetime | None = None
    declared_by: str = ""

    @model_validator(mode="after")
    def _conflict_needs_details(self) -> ConflictDeclaration:
        if self.has_conflict and not self.details.strip():
            raise ValueError("describe the conflict of interest (who, what relationship)")
        if not self.has_conflict and self.details.strip():
            raise ValueError("details are only for a declared conflict; choose 'conflict' or "
                             "leave the details empty")
        return self


class Submission(BaseModel):
    """An evaluator's scores handed in: from then on they are locked until an analyst reopens them.

    `scores_hash` fingerprints the scores as submitted, so a later import can prove they are
    the same scores.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    evaluator: str = Field(min_length=1)
    submitted_at: datetime | None = None
    scores_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class ConsensusScore(BaseModel):
    """The score the team agreed on for one cell, with why; the engine uses it instead of the mean."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    criterion_id: str = Field(pattern=IDENTIFIER)
    score: float = Field(ge=0, le=5)
    rationale: str = Field(min_length=1)
    set_by: str = ""
    set_at: datetime | None = None

    @model_validator(mode="after")
    def _rationale_is_not_blank(self) -> ConsensusScore:
        if not self.rationale.strip():
            raise ValueError("a consensus score needs a rationale")
        return self


class WeightsFreeze(BaseModel):
    """The profile version a project is scored and ranked with, fixed before scoring opens."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    profile_id: str = Field(pattern=IDENTIFIER)
    version: int = Field(ge=1)
    content_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    frozen_at: datetime | None = None
    frozen_by: str = ""


class ScoresUnlock(BaseModel):
    """An analyst's explicit decision to see scores before every evaluator has submitted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reason: str = Field(min_length=1)
    unlocked_by: str = ""
    unlocked_at: datetime | None = None


class ProfileChange(BaseModel):
    """A change of a project's weights after scoring or measuring began; shown in the report."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: datetime | None = None
    by: str = ""
    before_profile_id: str
    before_version: int | None = None
    before_hash: str | None = None
    after_profile_id: str
    after_version: int
    after_hash: str
    reason: str = Field(min_length=1)


class ScoreView(StrEnum):
    ALL = "all"  # every evaluator's scores and the consensus
    OWN = "own"  # only the actor's own scores (none if they do not score)


class Visibility(BaseModel):
    """What one actor may see of one project's scores and prices right now, and why not more."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    scores: ScoreView
    prices: bool
    notes: tuple[str, ...] = ()

    @property
    def all_scores(self) -> bool:
        return self.scores is ScoreView.ALL


SCORING_ROLES = frozenset({Role.EVALUATOR, Role.ANALYST, Role.ADMIN})

TEAM_FROM = 2
"""Team rules (blind scoring, sealed prices, frozen weights) hold once this many evaluators are
assigned; a person scoring alone has nobody to be blind to."""


class ScoringMode(StrEnum):
    SOLO = "solo"  # at most one evaluator: scores and prices are open, weights need no freeze
    TEAM = "team"  # two or more: blind until all submit, sealed prices, frozen weights


def scoring_mode(assigned: int) -> ScoringMode:
    return ScoringMode.TEAM if assigned >= TEAM_FROM else ScoringMode.SOLO

PRICES_SEALED = ("Prices are sealed until you submit your technical scores (two-envelope rule), "
                 "so cost cannot colour quality scores.")
OWN_SCORES_ONLY = ("You see only your own scores until you submit; the others' and the consensus "
                   "open once you have submitted and every assigned evaluator has too.")


def blind_until_note(waiting: int, assigned: int) -> str:
    return (f"Scores are blind: {waiting} of {assigned} assigned evaluator"
            f"{'' if assigned == 1 else 's'} {'has' if waiting == 1 else 'have'} not submitted yet. "
            f"They open when all have submitted, or after an analyst unlocks them with a reason.")


def visibility(actor: Actor, assigned: frozenset[str], submitted: frozenset[str],
               unlocked: bool, role_sees_prices: bool) -> Visibility:
    """Blind scoring and the two-envelope rule, decided from the project's team state.

    - An assigned evaluator who has not submitted sees only their own scores and no prices,
      whatever their role: an analyst who scores is bound like any evaluator, and an unlock
      never opens others' scores to someone still scoring.
    - Everyone else sees every score once all assigned evaluators have submitted (trivially so
      when nobody is assigned) or after an explicit unlock; until then only their own.
    - Prices: roles that read prices (`role_sees_prices`: admin, analyst, viewer) see them
      unless they are still scoring; an evaluator sees them once they have submitted.
    - With fewer than two evaluators assigned (solo mode) nobody is blind to anyone: every score
      is open and prices follow the role alone. The rules above start with the second one.
    """
    if scoring_mode(len(assigned)) is ScoringMode.SOLO:
        sees_prices = role_sees_prices or actor.name in submitted
        return Visibility(scores=ScoreView.ALL, prices=sees_prices, notes=() if sees_prices else (
            "Prices are shown to evaluators once they have submitted their scores.",))
    scoring = actor.name in assigned and actor.name not in submitted
    if scoring:
        return Visibility(scores=ScoreView.OWN, prices=False,
                          notes=(OWN_SCORES_ONLY, PRICES_SEALED))
    waiting = len(assigned - submitted)
    revealed = unlocked or waiting == 0
    sees_prices = role_sees_prices or actor.name in submitted
    notes = () if revealed else (blind_until_note(waiting, len(assigned)),)
    if not sees_prices:
        notes = (*notes, "Prices are shown to evaluators of this project once they have "
                         "submitted their scores.")
    return Visibility(scores=ScoreView.ALL if revealed else ScoreView.OWN, prices=sees_prices,
                      notes=notes)


class EvaluatorStatus(BaseModel):
    """One assigned evaluator's progress on a project."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    evaluator: str
    role: Role
    declaration: ConflictDeclaration | None = None
    scored_cells: int = 0
    submission: Submission | None = None

    @property
    def submitted(self) -> bool:
        return self.submission is not None


class ScoringStatus(BaseModel):
    """Where a project's scoring stands: frozen weights, who is assigned, declared, submitted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    project: str
    project_version: int
    profile_id: str
    freeze: WeightsFreeze | None = None
    evaluators: tuple[EvaluatorStatus, ...] = ()
    unlock: ScoresUnlock | None = None
    visibility: Visibility

    @property
    def mode(self) -> ScoringMode:
        return scoring_mode(len(self.evaluators))

    @property
    def open_for_scoring(self) -> bool:
        """Team scoring opens with frozen weights; a person alone scores from the start."""
        return self.freeze is not None or self.mode is ScoringMode.SOLO

    @property
    def waiting(self) -> tuple[str, ...]:
        return tuple(e.evaluator for e in self.evaluators if not e.submitted)

    @property
    def all_submitted(self) -> bool:
        return not self.waiting

    def of(self, evaluator: str) -> EvaluatorStatus | None:
        return next((e for e in self.evaluators if e.evaluator == evaluator), None)


def scores_fingerprint(scores: Iterable[EvaluatorScore]) -> str:
    """SHA-256 of one evaluator's scores and comments, independent of order: the submitted fact."""
    return canonical_digest(sorted([s.vendor, s.criterion_id, float(s.score), s.comment]
                                   for s in scores))
