"""Which of a profile's gates apply to a project's scope."""

from __future__ import annotations

from collections.abc import Iterable

from vendor_eval.domain.profiles import Gate
from vendor_eval.domain.project import Scope


def applicable_gates(gates: Iterable[Gate], scope: Scope) -> list[Gate]:
    """The profile's gates whose scope conditions hold; their checklist items become required."""
    return [gate for gate in gates if gate.applies_to(scope)]
