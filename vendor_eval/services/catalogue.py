"""The shipped criteria catalogue and risk checklist, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from vendor_eval.domain.checklist import ChecklistCatalogue, load_checklist
from vendor_eval.domain.criteria import Catalogue, load_catalogue


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    return load_catalogue()


@lru_cache(maxsize=1)
def get_checklist() -> ChecklistCatalogue:
    """The risk and compliance checklist, checked against the criteria catalogue's gates."""
    return load_checklist(catalogue=get_catalogue())
