"""The demo evaluation: a compact YAML written for people, expanded into a ProjectBundle.

Per vendor the file lists each criterion's scores in evaluator order, so 8 vendors x 3
evaluators stay readable; everything is validated exactly like an import.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import ValidationError

from vendor_eval.domain.bundle import ProjectBundle
from vendor_eval.domain.criteria import load_yaml, validation_error_to_input_error
from vendor_eval.errors import InputError

DEMO_FILE = "demo.yaml"
TEAM_SECTIONS = ("assignments", "conflicts", "submissions", "consensus", "freeze", "unlock")


def demo_bundle(path: Path | None = None, loaded_on: date | None = None) -> ProjectBundle:
    """The demo as a bundle, its dates moved so that it looks the same on any load day."""
    from vendor_eval.config import DEMO_DIR

    path = Path(path or DEMO_DIR / DEMO_FILE)
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise InputError("expected a mapping with project, evaluators and vendors", file=str(path))
    try:
        return ProjectBundle.model_validate(expand_demo(raw, str(path), loaded_on or date.today()))
    except ValidationError as exc:
        raise validation_error_to_input_error(exc, str(path)) from None


def expand_demo(raw: dict, source: str, loaded_on: date | None = None) -> dict:
    """Compact demo layout -> the long layout of a ProjectBundle.

    Dates (certificate expiries) are written relative to `dates_written_on` and moved by the
    days since then, so expiry flags and gates do not change as the calendar moves on.
    """
    written_on = raw.get("dates_written_on")
    shift = (loaded_on - written_on) if (loaded_on and isinstance(written_on, date)) else None
    evaluators = [e["name"] for e in raw.get("evaluators", [])]
    bundle: dict[str, list] = {key: [] for key in
                               ("vendors", "scores", "measured", "prices", "assessments", "risks")}
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
        for item_id, finding in (entry.get("checklist") or {}).items():
            item = dict(finding) if isinstance(finding, dict) else {"status": finding}
            if shift is not None and isinstance(item.get("expires_on"), date):
                item["expires_on"] = item["expires_on"] + shift
            bundle["assessments"].append({"vendor": name, "item_id": item_id, **item})
        for risk in entry.get("risks") or []:
            bundle["risks"].append({"vendor": name, **risk})
    team = {key: raw[key] for key in TEAM_SECTIONS if key in raw}
    return {"project": raw.get("project"), "evaluators": raw.get("evaluators", []), **bundle,
            **team}
