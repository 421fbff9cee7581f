"""The workspace: the database (create, upgrade, seed, demo), people and roles, and what it
runs on."""

from vendor_eval.services import lazy_exports

__getattr__, __all__ = lazy_exports(__name__, {
    "actor_for_login": "people",
    "add_person": "people",
    "initialise": "database",
    "list_people": "people",
    "update_person": "people",
    "workspace_info": "info",
})
