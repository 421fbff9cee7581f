"""Everything the engine needs to rank one project, gathered in one immutable value."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, model_validator

from vendor_eval.domain.canonical import canonical_digest, canonical_json
from vendor_eval.domain.checklist import ChecklistAssessment, ChecklistCatalogue
from vendor_eval.domain.criteria import Catalogue
from vendor_eval.domain.evidence import (
    EvaluatorScore,
    MeasuredValue,
    PriceQuote,
    RiskItem,
    Vendor,
)
from vendor_eval.domain.profiles import Profile
from vendor_eval.domain.project import Project
from vendor_eval.domain.team import ConsensusScore, Visibility

# The lists of evidence a fingerprint sorts by content (their stored order carries no meaning).
EVIDENCE_GROUPS = ("vendors", "scores", "measured", "prices", "assessments", "risks",
                   "consensus")


class EvaluationInputs(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    project: Project
    catalogue: Catalogue
    profile: Profile
    vendors: tuple[Vendor, ...]
    scores: tuple[EvaluatorScore, ...] = ()
    measured: tuple[MeasuredValue, ...] = ()
    prices: tuple[PriceQuote, ...] = ()
    checklist: ChecklistCatalogue
    assessments: tuple[ChecklistAssessment, ...] = ()
    risks: tuple[RiskItem, ...] = ()
    as_of: date  # the day certificates are judged on; fixed so a result can be reproduced
    consensus: tuple[ConsensusScore, ...] = ()  # agreed scores; they replace the cell's mean
    # What the acting user was allowed to see when this was loaded (None: everything, as in a
    # file-based or engine-only evaluation). Blinded inputs lack others' scores or prices.
    visibility: Visibility | None = None

    @model_validator(mode="after")
    def _references_known_vendors(self) -> EvaluationInputs:
        names = [v.name for v in self.vendors]
        if len(set(names)) != len(names):
            raise ValueError("vendor names must be unique within a project")
        known = set(names)
        for group in (self.scores, self.measured, self.prices, self.assessments, self.risks,
                      self.consensus):
            for item in group:
                if item.vendor not in known:
                    raise ValueError(f"evidence refers to unknown vendor '{item.vendor}'")
        return self

    def fingerprint(self, pilot_fingerprint: str | None = None) -> str:
        """SHA-256 of a canonical JSON of everything a result is computed from.

        All of the inputs (project and scope, criteria catalogue, profile, vendors, scores and
        comments, measured values, prices, checklist and assessments, risks, the as-of date)
        and the stored pilot run shown, if any. Keys are sorted and each list of evidence is
        sorted by content, so the same evidence stored in another order or another database
        gives the same fingerprint. `visibility` is the reader's view, not evidence.
        """
        body = self.model_dump(mode="json", exclude={"visibility"})
        body["project"]["scope"]["sensitivity"] = sorted(body["project"]["scope"]["sensitivity"])
        for group in EVIDENCE_GROUPS:
            body[group] = sorted(body[group], key=canonical_json)
        return canonical_digest({"evaluation": body, "pilot_run": pilot_fingerprint})

    def with_profile(self, profile: Profile) -> EvaluationInputs:
        return self.model_copy(update={"profile": profile})

    @property
    def prices_sealed(self) -> bool:
        return self.visibility is not None and not self.visibility.prices

    @property
    def scores_blind(self) -> bool:
        return self.visibility is not None and not self.visibility.all_scores

    @property
    def vendor_names(self) -> list[str]:
        return [v.name for v in self.vendors]
