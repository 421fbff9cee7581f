"""What the engine flags about a vendor, as codes and numbers; the words are in
`domain.presentation.flag_text`, so a page can pick flags by kind instead of by wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class FlagCode(StrEnum):
    MISSING_INPUTS = "missing_inputs"  # criteria without evidence, and how the score treats them
    RISK_ADJUSTMENT = "risk_adjustment"  # the score lowered for the vendor's risk exposure
    CERTIFICATE_UNDATED = "certificate_undated"  # a certificate met, with no expiry recorded
    CERTIFICATE_EXPIRED = "certificate_expired"  # counted as not met from its expiry on
    CERTIFICATE_EXPIRING = "certificate_expiring"  # expires within the renewal window


@dataclass(frozen=True)
class Flag:
    """One flag. Which fields are set depends on `code`.

    `subjects`: the criteria (MISSING_INPUTS) or the checklist item (certificates) concerned;
    `reweighted`: whether missing inputs were left out and their weight shared (else zero);
    `penalty` and `exposure`: the risk adjustment's share of the score and the exposure behind
    it; `on` and `days`: a certificate's expiry date and the days left until it.
    """

    code: FlagCode
    subjects: tuple[str, ...] = ()
    reweighted: bool = False
    penalty: float | None = None
    exposure: float | None = None
    on: date | None = None
    days: int | None = None

    @property
    def is_risk_adjustment(self) -> bool:
        """Tables show the risk adjustment in a column of its own, not among the flags."""
        return self.code is FlagCode.RISK_ADJUSTMENT
