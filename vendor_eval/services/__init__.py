"""Use cases: one function per user action, with permissions, audit and one transaction each.

Each package below is one area of the evaluation and exports its user actions by name
(`from vendor_eval.services.scoring import save_scores`). The modules behind a name load on
first use, so importing a package costs no more than the one action a command needs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, homes: Mapping[str, str]) -> tuple[Callable[[str], object], list[str]]:
    """A module `__getattr__` and `__all__` that export `name` from `package.homes[name]`."""

    def attribute(name: str) -> object:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{homes[name]}"), name)

    return attribute, sorted(homes)
