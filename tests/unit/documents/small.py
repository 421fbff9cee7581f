"""Small report worlds for the document builders: the three-vendor world of `tests.unit.worlds`
turned into `ReportEvidence` in memory (no database), and a few ways to vary it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.unit.worlds import world
from vendor_eval.documents.shortlist.context import shortlist_context
from vendor_eval.documents.shortlist.evidence import ReportEvidence, evidence_from_inputs
from vendor_eval.documents.shortlist.options import ReportOptions, Section
from vendor_eval.domain.evaluation import EvaluationInputs

GENERATED_AT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
CHART_SECTIONS = (Section.VALUE_MAP, Section.CONTRIBUTIONS, Section.PILOT)


def changed(inputs: EvaluationInputs, **fields: Any) -> EvaluationInputs:
    """A validated copy of `inputs` with some fields replaced (model_copy would skip checks)."""
    body = {name: getattr(inputs, name) for name in type(inputs).model_fields}
    return EvaluationInputs(**(body | fields))


def renamed(inputs: EvaluationInputs, names: dict[str, str]) -> EvaluationInputs:
    """The same world with vendors renamed (A -> names["A"], ...) in every piece of evidence."""
    def moved(items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(i.model_copy(update={"vendor": names.get(i.vendor, i.vendor)}) for i in items)

    return changed(
        inputs,
        vendors=tuple(v.model_copy(update={"name": names.get(v.name, v.name)})
                      for v in inputs.vendors),
        scores=moved(inputs.scores), measured=moved(inputs.measured),
        prices=moved(inputs.prices), assessments=moved(inputs.assessments),
        risks=moved(inputs.risks),
    )


def evidence(inputs: EvaluationInputs | None = None, **kwargs: Any) -> ReportEvidence:
    return evidence_from_inputs(inputs if inputs is not None else world(), **kwargs)


def context(report: ReportEvidence, options: ReportOptions | None = None,
            charts: dict[str, str] | None = None) -> dict[str, Any]:
    return shortlist_context(report, options or ReportOptions(), generated_at=GENERATED_AT,
                             charts=charts)
