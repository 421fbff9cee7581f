"""A project and its vendors: create from a scope or a bundle, list, edit vendors, move a
whole project between databases."""

from vendor_eval.services import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "add_vendor": "vendors",
    "create_project": "new_project",
    "export_project": "transfer",
    "import_project": "transfer",
    "import_project_bundle": "bundles",
    "list_project_vendors": "vendors",
    "list_projects": "bundles",
    "recommend_for_scope": "new_project",
    "remove_vendor_from_project": "vendors",
    "update_vendor": "vendors",
})
