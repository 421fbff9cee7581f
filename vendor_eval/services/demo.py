"""The demo evaluation: a compact YAML written for people, expanded into a ProjectBundle.

Per vendor the file lists each criterion's scores in evaluator order, so 8 vendors x 3
evaluators stay readable; everything is validated exactly like an import.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.criteria import load_yaml, validation_error_to_input_error
from vendor_eval.errors import InputError

DEMO_FILE = "demo.yaml"


def demo_bundle(path: Path | None = None) -> ProjectBundle:
    from vendor_eval.config import DEMO_DIR

    path = Path(path or DEMO_DIR / DEMO_FILE)
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise InputError("expected a mapping with project, evaluators and vendors", file=str(path))
    try:
        return ProjectBundle.model_validate(expand_demo(raw, str(path)))
    except ValidationError as exc:
        raise validation_error_to_input_error(exc, str(path)) from None


def expand_demo(raw: dict, source: str) -> dict:
    """Compact demo layout -> the long layout of a ProjectBundle."""
    evaluators = [e["name"] for e in raw.get("evaluators", [])]
    bundle: dict[str, list] = {key: [] for key in
                               ("vendors", "scores", "measured", "prices", "gate_checks", "risks")}
    for entry in raw.get("vendors", []):
        vendor = {k: entry[k] for k in ("name", "delivery_model", "headquarters", "description")
                  if k in entry}
        name = vendor.get("name", "?")
        bundle["vendors"].append(vendor)
        comments = entry.get("comments", {})
        for criterion_id, values in (entry.get("scores") or {}).items():
            if len(values) != len(evaluators):
                raise InputError(f"{name}: {criterion_id} has {len(values)} scores for "
                                 f"{len(evaluators)} evaluators", file=source,
                                 column=f"vendors.{name}.scores.{criterion_id}")
            for evaluator, value in zip(evaluators, values, strict=True):
                if value is None:
                    continue
                bundle["scores"].append({
                    "vendor": name, "criterion_id": criterion_id, "evaluator": evaluator,
                    "score": value, "comment": comments.get(criterion_id, {}).get(evaluator, ""),
                })
        for criterion_id, value in (entry.get("measured") or {}).items():
            item = value if isinstance(value, dict) else {"value": value}
            bundle["measured"].append({"vendor": name, "criterion_id": criterion_id, **item})
        if entry.get("price"):
            bundle["prices"].append({"vendor": name, **entry["price"]})
        for criterion_id, check in (entry.get("gates") or {}).items():
            item = check if isinstance(check, dict) else {"passed": check}
            bundle["gate_checks"].append({"vendor": name, "criterion_id": criterion_id, **item})
        for risk in entry.get("risks") or []:
            bundle["risks"].append({"vendor": name, **risk})
    return {"project": raw.get("project"), "evaluators": raw.get("evaluators", []), **bundle}
