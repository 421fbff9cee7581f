"""How complete and how sure the evidence behind a ranking is: the line every page and document
that recommends opens with (interim or final, who submitted, the share of expected scores,
required checks checked by a reviewer vs only declared by the vendor).

Pure: the inputs, the checklist rows the ranking computed, and the team's state in; one value
out, worded by `lines()`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from pydantic import BaseModel, ConfigDict

from vendor_eval.domain.checklist import SELF_DECLARED_SOURCE
from vendor_eval.domain.enums import CriterionKind
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.presentation import format_percent, plural


class EvidenceState(BaseModel):
    """Counts of what the recommendation rests on; `final` only when nothing is outstanding."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendors: int
    assigned: int = 0  # evaluators assigned (0: nobody, a solo or file-based evaluation)
    submitted: int = 0
    unlocked: bool = False  # scores opened before everyone submitted
    blind: bool = False  # the reader sees only their own scores: completeness is not known
    expected_scores: int = 0
    entered_scores: int = 0
    required_checks: int = 0  # vendors x required checklist items
    met_reviewed: int = 0
    met_self_declared: int = 0
    unassessed_checks: int = 0
    measured_vendors: int = 0  # vendors with values measured (a pilot, data), not self-reported
    quoted_vendors: int = 0

    @property
    def missing_scores(self) -> int:
        return max(self.expected_scores - self.entered_scores, 0)

    @property
    def waiting(self) -> int:
        return max(self.assigned - self.submitted, 0)

    @property
    def final(self) -> bool:
        """Everyone assigned has submitted, nothing was unlocked early, every expected score is
        in, and no required check rests only on the vendor's word or is unassessed."""
        return (self.vendors > 0 and not self.waiting and not self.unlocked and not self.blind
                and self.expected_scores > 0 and not self.missing_scores
                and not self.met_self_declared and not self.unassessed_checks)

    @property
    def status(self) -> str:
        return "Final" if self.final else "Interim"

    def reasons(self) -> list[str]:
        """Why it is interim, most decisive first (empty when final)."""
        out = []
        if self.unlocked:
            out.append("scores were opened before every evaluator submitted")
        if self.waiting:
            out.append(f"{self.waiting} of {plural(self.assigned, 'assigned evaluator')} "
                       f"{'has' if self.waiting == 1 else 'have'} not submitted")
        if self.blind:
            out.append("the other evaluators' scores are still blind to you")
        elif self.expected_scores == 0:
            out.append("no scores yet")
        elif self.entered_scores == 0:
            out.append(f"no scores yet ({self.expected_scores:,} expected)")
        elif self.missing_scores:
            out.append(f"{plural(self.missing_scores, 'expected score')} "
                       f"{'is' if self.missing_scores == 1 else 'are'} missing")
        if self.unassessed_checks:
            out.append(f"{plural(self.unassessed_checks, 'required check')} not assessed")
        if self.met_self_declared:
            out.append(f"{plural(self.met_self_declared, 'required check')} met only on the "
                       f"vendor's word")
        return out

    def headline(self) -> str:
        """One sentence: "Interim: 1 of 2 assigned evaluators has not submitted; ...". """
        if self.final:
            return "Final: every assigned evaluator has submitted and every expected input is in."
        return "Interim: " + "; ".join(self.reasons()) + "."

    def lines(self) -> list[str]:
        """The evidence as counts, one line each, for the header under the headline."""
        lines = []
        if self.assigned:
            lines.append(f"Evaluators: {self.submitted} of {self.assigned} submitted"
                         + (" (scores unlocked early)" if self.unlocked else ""))
        else:
            lines.append("Evaluators: nobody assigned yet")
        if self.blind:
            lines.append("Scores: only your own are visible until every evaluator submits")
        elif self.expected_scores:
            lines.append(f"Scores: {self.entered_scores:,} of {self.expected_scores:,} expected "
                         f"({format_percent(self.entered_scores / self.expected_scores, 0)}); "
                         "a score a vendor lacks where others have one counts as zero for it")
        return lines + self.other_evidence_lines()

    def other_evidence_lines(self) -> list[str]:
        """The checks and the measured evidence, beside what the team's scoring says."""
        lines = []
        if self.required_checks:
            met = self.met_reviewed + self.met_self_declared
            lines.append(f"Required checks: {met:,} of {self.required_checks:,} met, "
                         f"{self.met_reviewed:,} checked by a reviewer and "
                         f"{self.met_self_declared:,} self-declared by the vendor; "
                         f"{self.unassessed_checks:,} not assessed")
        lines.append(f"Measured values (a pilot or the project's data) for "
                     f"{self.measured_vendors} of {plural(self.vendors, 'vendor')}; prices from "
                     f"{self.quoted_vendors}")
        return lines


def evidence_state(inputs: EvaluationInputs, checklist_rows: pd.DataFrame, *,
                   assigned: Iterable[str] = (), submitted: Iterable[str] = (),
                   unlocked: bool = False) -> EvidenceState:
    """Count the evidence of a ranking. Expected scores: vendors x scored criteria the profile
    weighs x evaluators (those assigned and anyone who scored; one when there are none)."""
    assigned, submitted = set(assigned), set(submitted)
    scored = {c for c in inputs.profile.criterion_weights()
              if inputs.catalogue.by_id[c].kind is CriterionKind.SCORED}
    evaluators = assigned | {s.evaluator for s in inputs.scores}
    entered = {(s.vendor, s.criterion_id, s.evaluator) for s in inputs.scores
               if s.criterion_id in scored}
    expected = len(inputs.vendors) * len(scored) * max(len(evaluators), 1)
    required = checklist_rows[checklist_rows["required"]] if len(checklist_rows) else \
        checklist_rows
    met = required[required["effective_status"] == "met"] if len(required) else required
    declared = int(met["self_declared"].astype(bool).sum()) if len(met) else 0
    return EvidenceState(
        vendors=len(inputs.vendors), assigned=len(assigned),
        submitted=len(submitted & assigned), unlocked=unlocked,
        blind=inputs.scores_blind, expected_scores=expected if scored else 0,
        entered_scores=len(entered),
        required_checks=len(required), met_reviewed=len(met) - declared,
        met_self_declared=declared,
        unassessed_checks=int((required["status"].isna()).sum()) if len(required) else 0,
        measured_vendors=len({m.vendor for m in inputs.measured
                              if not m.source.startswith(SELF_DECLARED_SOURCE)}),
        quoted_vendors=len({p.vendor for p in inputs.prices}),
    )
