"""Small hand-checkable worlds for engine tests: three vendors, a handful of criteria."""

from __future__ import annotations

from datetime import date

from vendor_eval.domain.checklist import ChecklistAssessment, ChecklistCatalogue
from vendor_eval.domain.criteria import Catalogue, Category, Criterion
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.evidence import (
    EvaluatorScore,
    MeasuredValue,
    PriceQuote,
    RiskItem,
    Vendor,
)
from vendor_eval.domain.profiles import Profile
from vendor_eval.domain.project import Project, Scope

RUBRIC = {level: f"level {level}" for level in range(6)}

CATALOGUE = Catalogue(
    version="test",
    categories=(
        Category(id="quality", name="Quality", description="q"),
        Category(id="pilot", name="Pilot", description="p"),
        Category(id="money", name="Money", description="m"),
        Category(id="compliance", name="Compliance", description="c"),
    ),
    criteria=(
        Criterion(id="review", name="Review", category="quality", description="d", kind="scored",
                  rubric=RUBRIC),
        Criterion(id="escalation", name="Escalation", category="quality", description="d",
                  kind="scored", rubric=RUBRIC),
        Criterion(id="pilot_accuracy", name="Accuracy", category="pilot", description="d",
                  kind="measured", unit="fraction"),
        Criterion(id="cost", name="Cost", category="money", description="d", kind="price",
                  direction="cost"),
        Criterion(id="baa", name="BAA", category="compliance", description="d", kind="gate"),
    ),
)


CHECKLIST = ChecklistCatalogue.model_validate({
    "version": "test",
    "items": [{
        "id": "baa", "section": "compliance_security", "title": "BAA", "evidence": "signed BAA",
        "guards_against": "PHI exposure", "likelihood": 4, "impact": 5, "mitigation": "sign it",
        "gate_criterion": "baa",
    }],
})
AS_OF = date(2026, 11, 23)


def profile(**overrides: object) -> Profile:
    body: dict = {
        "id": "test", "name": "Test", "description": "hand-checkable",
        "categories": {
            "quality": {"weight": 50, "criteria": {"review": 60, "escalation": 40}},
            "pilot": {"weight": 30, "criteria": {"pilot_accuracy": 100}},
            "money": {"weight": 20, "criteria": {"cost": 100}},
        },
        "thresholds": {"pilot_accuracy": {"worst": 0.90, "best": 1.0}},
        "gates": [{"criterion": "baa", "when": ["phi"], "reason": "PHI needs a BAA"}],
        "risk": {"rate": 0.1, "cap": 0.2},
    }
    body.update(overrides)
    return Profile.model_validate(body)


def world(
    sensitivity: frozenset[str] = frozenset({"phi"}),
    scores: dict[str, dict[str, list[float]]] | None = None,
    risks: tuple[RiskItem, ...] = (),
    gates: dict[str, bool] | None = None,
    the_profile: Profile | None = None,
) -> EvaluationInputs:
    """Vendors A, B, C. Defaults: A best quality, B cheapest, C middling; all pass the gate."""
    scores = scores or {
        "A": {"review": [5, 5], "escalation": [4, 4]},
        "B": {"review": [3, 3], "escalation": [2, 2]},
        "C": {"review": [4, 4], "escalation": [3, 3]},
    }
    gates = gates or {"A": True, "B": True, "C": True}
    accuracy = {"A": 0.98, "B": 0.92, "C": 0.95}
    unit_price = {"A": 2.0, "B": 1.0, "C": 1.6}
    return EvaluationInputs(
        project=Project(key="t", title="T", profile_id="test",
                        scope=Scope(industry="healthcare", volume=1000, sensitivity=sensitivity)),
        catalogue=CATALOGUE,
        profile=the_profile or profile(),
        vendors=tuple(Vendor(name=v, delivery_model="managed_team") for v in "ABC"),
        scores=tuple(
            EvaluatorScore(vendor=v, criterion_id=c, evaluator=f"e{i}", score=s)
            for v, by_criterion in scores.items()
            for c, values in by_criterion.items()
            for i, s in enumerate(values)
        ),
        measured=tuple(MeasuredValue(vendor=v, criterion_id="pilot_accuracy", value=a, sample_size=400)
                       for v, a in accuracy.items()),
        prices=tuple(PriceQuote(vendor=v, model="per_unit", unit_price=p)
                     for v, p in unit_price.items()),
        checklist=CHECKLIST,
        assessments=tuple(ChecklistAssessment(vendor=v, item_id="baa",
                                              status="met" if ok else "not_met")
                          for v, ok in gates.items()),
        as_of=AS_OF,
        risks=risks,
    )
