"""The shortlist report: read its evidence, build, preview and export the PDF."""

from vendor_eval.services import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "build_shortlist_report": "shortlist",
    "export_shortlist_pdf": "shortlist",
    "gather_report_evidence": "evidence",
    "newest_pilot_run": "evidence",
    "shortlist_pdf_bytes": "shortlist",
    "team_evidence": "evidence",
})
