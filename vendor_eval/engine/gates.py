"""Pass/fail gates: which requirements apply to the project, and who fails them and why."""

from __future__ import annotations

from collections.abc import Iterable

from vendor_eval.domain.criteria import Catalogue
from vendor_eval.domain.evidence import GateCheck
from vendor_eval.domain.profiles import Gate
from vendor_eval.domain.project import Scope


def applicable_gates(gates: Iterable[Gate], scope: Scope) -> list[Gate]:
    return [gate for gate in gates if gate.applies_to(scope)]


def gate_failures(
    vendors: list[str],
    gates: list[Gate],
    checks: Iterable[GateCheck],
    catalogue: Catalogue,
) -> dict[str, list[str]]:
    """For each vendor, the reasons it fails; no recorded evidence counts as a failure."""
    by_key = {(c.vendor, c.criterion_id): c for c in checks}
    failures: dict[str, list[str]] = {vendor: [] for vendor in vendors}
    for vendor in vendors:
        for gate in gates:
            name = catalogue.by_id[gate.criterion].name
            check = by_key.get((vendor, gate.criterion))
            if check is None:
                failures[vendor].append(f"{name}: no evidence recorded ({gate.reason})")
            elif not check.passed:
                detail = f" - {check.evidence}" if check.evidence else ""
                failures[vendor].append(f"{name}: not met{detail} ({gate.reason})")
    return failures
