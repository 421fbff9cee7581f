"""Risk adjustment: open residual risk costs a vendor a documented share of its score."""

from __future__ import annotations

from collections.abc import Iterable

from vendor_eval.domain.evidence import RiskItem
from vendor_eval.domain.profiles import RiskRule

MAX_SEVERITY = 25.0


def risk_exposure(risks: Iterable[RiskItem], rule: RiskRule, vendors: list[str]) -> dict[str, float]:
    """Sum of status_factor * residual likelihood x impact / 25 over each vendor's risk items.

    The residual values are used where a mitigation was assessed, else the inherent ones.
    """
    exposure = {vendor: 0.0 for vendor in vendors}
    for item in risks:
        exposure[item.vendor] += (rule.status_factors[item.status] * item.residual_severity
                                  / MAX_SEVERITY)
    return exposure


def risk_penalty(exposure: float, rule: RiskRule) -> float:
    """The fraction of the score a vendor loses: rate * exposure, capped."""
    return min(rule.cap, rule.rate * exposure)
