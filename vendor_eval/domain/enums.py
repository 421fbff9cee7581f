"""Closed vocabularies of the domain: criterion kinds, pricing models, roles, sensitivities."""

from __future__ import annotations

from enum import StrEnum


class CriterionKind(StrEnum):
    SCORED = "scored"  # evaluators score on the 0-5 rubric
    MEASURED = "measured"  # a number from data (pilot accuracy, ramp-up weeks), mapped by thresholds
    PRICE = "price"  # total cost at the project's volume, from the vendor's quote
    GATE = "gate"  # pass/fail; a failure disqualifies


class Direction(StrEnum):
    BENEFIT = "benefit"
    COST = "cost"


class PricingModel(StrEnum):
    PER_UNIT = "per_unit"
    PER_HOUR = "per_hour"
    MANAGED_TEAM = "managed_team"
    FIXED_PRICE = "fixed_price"


class RiskStatus(StrEnum):
    OPEN = "open"
    MITIGATED = "mitigated"
    ACCEPTED = "accepted"
    CLOSED = "closed"


class MissingPolicy(StrEnum):
    """What a missing score means; a profile must choose, the engine never guesses."""

    REWEIGHT = "reweight"  # leave the criterion out for that vendor and rescale the others
    ZERO = "zero"  # count it as the worst possible value


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    EVALUATOR = "evaluator"
    VIEWER = "viewer"


class DeliveryModel(StrEnum):
    CROWD_PLATFORM = "crowd_platform"
    MANAGED_TEAM = "managed_team"
    BOUTIQUE_HITL = "boutique_hitl"
    BPO = "bpo"
    PLATFORM_PLUS_WORKFORCE = "platform_plus_workforce"


class Sensitivity(StrEnum):
    """Kinds of sensitive data in scope; each can make compliance gates mandatory."""

    PII = "pii"
    PHI = "phi"
    EU_PERSONAL_DATA = "eu_personal_data"
    PAYMENT_DATA = "payment_data"
    FINANCIAL_DATA = "financial_data"
    HARMFUL_CONTENT = "harmful_content"


class Industry(StrEnum):
    HEALTHCARE = "healthcare"
    FINANCE = "finance"
    INSURANCE = "insurance"
    RETAIL = "retail"
    AUTONOMOUS_VEHICLES = "autonomous_vehicles"
    LLM_TRAINING = "llm_training"
    TRUST_AND_SAFETY = "trust_and_safety"
    OTHER = "other"


class ImportKind(StrEnum):
    """What a table a user imports holds (`vendor-eval import KIND`, the app's upload boxes)."""

    VENDORS = "vendors"
    SCORES = "scores"
    PRICES = "prices"
    RISKS = "risks"


class ResultsTable(StrEnum):
    """Which table a results CSV holds (a workbook holds all of them, one per sheet)."""

    SCORES = "scores"
    RANKING = "ranking"


class RankMethod(StrEnum):
    """How scores become a ranking: the weighted sum, or TOPSIS's closeness to the ideal."""

    WSM = "wsm"
    TOPSIS = "topsis"
