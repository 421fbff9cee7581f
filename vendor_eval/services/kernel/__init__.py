"""What every use case relies on: who may do what, the audit trail, the shipped catalogues
and the optimistic-lock check."""

from vendor_eval.services import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "audit_facets": "audit",
    "data_version": "audit",
    "get_catalogue": "catalogue",
    "get_checklist": "catalogue",
    "get_question_bank": "catalogue",
    "project_visibility": "visibility",
    "list_events": "audit",
    "record_event": "audit",
    "require": "permissions",
    "verify_audit_chain": "audit",
})
