"""The RFP: set it up, preview and issue it (PDF and response workbook), read returned
workbooks, and show a vendor's answers to evaluators."""

from vendor_eval.services import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "answers_for": "answers",
    "export_rfp": "issue",
    "import_responses": "responses",
    "issue_rfp": "issue",
    "responses_on_record": "answers",
    "rfp_preview_html": "issue",
    "rfp_setup": "issue",
    "vendor_answers": "answers",
})
