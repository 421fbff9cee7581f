"""Evidence besides the rubric scores: pilot measurements, risk and compliance assessments,
and tabular imports of vendors, scores, prices and risks."""

from vendor_eval.services import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "apply_pilot_results": "pilot",
    "confirm_self_declared": "risk",
    "import_assessments": "risk",
    "import_table": "table_imports",
    "load_pilot_run": "pilot",
    "pilot_runs": "pilot",
    "project_quotes": "prices",
    "remove_quote": "prices",
    "risk_overview": "risk",
    "save_assessments": "risk",
    "save_quote": "prices",
    "save_risk_items": "risk",
})
