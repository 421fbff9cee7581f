"""What changed between two weighting profiles: a pure comparison, row by row, no I/O.

Weights are compared twice: as stated (the numbers the analyst typed, e.g. 40 within a
category) and as effective shares of the whole profile (category share x share within the
category), because only the latter says how much a criterion can move a ranking.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from vendor_eval.domain.presentation import format_percent
from vendor_eval.domain.profiles import Gate, Profile, Threshold

TOLERANCE = 1e-12  # below this two weights are the same number, whatever the float noise


class ChangeKind(StrEnum):
    NAME = "name"
    DESCRIPTION = "description"
    MISSING_POLICY = "missing-score policy"
    CATEGORY_WEIGHT = "category weight"
    CRITERION_WEIGHT = "criterion weight"
    THRESHOLD = "threshold"
    GATE = "gate"
    RISK_RULE = "risk rule"


WEIGHT_KINDS = frozenset({ChangeKind.CATEGORY_WEIGHT, ChangeKind.CRITERION_WEIGHT})


class ChangeStatus(StrEnum):
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"
    # The stated weight is the same, but the effective share moved with its category's weight.
    RESCALED = "rescaled"


@dataclass(frozen=True)
class ProfileDifference:
    """One difference; `before`/`after` are the stated values (None where absent)."""

    kind: ChangeKind
    element: str  # id of the category, criterion, gated criterion or risk-rule field
    status: ChangeStatus
    before: float | str | None
    after: float | str | None
    category: str | None = None  # for criterion weights: its category (the newer one if moved)
    effective_before: float | None = None  # share of the whole profile, 0..1 (weights only)
    effective_after: float | None = None
    note: str = ""

    @property
    def is_weight(self) -> bool:
        return self.kind in WEIGHT_KINDS

    @property
    def effective_change_pp(self) -> float | None:
        """Move of the effective share in percentage points; an absent weight counts as 0."""
        if not self.is_weight:
            return None
        return 100 * ((self.effective_after or 0.0) - (self.effective_before or 0.0))

    @property
    def stated_change(self) -> float | None:
        if isinstance(self.before, float) and isinstance(self.after, float):
            return self.after - self.before
        return None

    def to_record(self) -> dict[str, object]:
        """A JSON-ready dict: the stable `--format json` shape of the CLI."""
        return {
            "kind": self.kind.value, "element": self.element, "category": self.category,
            "status": self.status.value, "before": self.before, "after": self.after,
            "stated_change": self.stated_change, "effective_before": self.effective_before,
            "effective_after": self.effective_after,
            "effective_change_pp": self.effective_change_pp, "note": self.note,
        }


def diff_profiles(older: Profile, newer: Profile) -> list[ProfileDifference]:
    """Every difference from `older` to `newer`, in profile order; identical profiles give []."""
    return [
        *_text_changes(older, newer),
        *_category_changes(older, newer),
        *_criterion_changes(older, newer),
        *_threshold_changes(older.thresholds, newer.thresholds),
        *_gate_changes(older.gates, newer.gates),
        *_risk_changes(older, newer),
    ]


def largest_moves_first(changes: Iterable[ProfileDifference]) -> list[ProfileDifference]:
    """Weight rows by the size of their effective move, then the other rows in profile order.

    Sizes are rounded first so that float noise does not reorder equal moves (the order stays
    the profile's among them)."""
    return sorted(changes, key=lambda c: (0, -round(abs(c.effective_change_pp or 0.0), 9))
                  if c.is_weight else (1, 0.0))


def describe_move(change: ProfileDifference, names: Mapping[str, str]) -> str:
    """E.g. "Pilot accuracy: 12.0% → 15.0% (+3.0 pp)"."""
    name = names.get(change.element, change.element)
    return (f"{name}: {_percent(change.effective_before)} → {_percent(change.effective_after)} "
            f"({change.effective_change_pp:+.1f} pp)")


def summarise(changes: list[ProfileDifference], names: Mapping[str, str]) -> str:
    """One or two sentences an analyst can paste into a note: what changed, the largest move."""
    if not changes:
        return "The two versions are identical."
    counted = [c for c in changes if c.status is not ChangeStatus.RESCALED]
    parts = [_count(kind, sum(1 for c in counted if c.kind is kind))
             for kind in ChangeKind if any(c.kind is kind for c in counted)]
    sentence = f"Changed: {_join(parts)}." if parts else ""
    rescaled = sum(1 for c in changes if c.status is ChangeStatus.RESCALED)
    if rescaled:
        sentence += (f" {rescaled} criteri{'on' if rescaled == 1 else 'a'} moved only with "
                     "their category's weight.")
    moves = [c for c in largest_moves_first(changes)
             if c.is_weight and abs(c.effective_change_pp or 0.0) > 1e-9]
    if moves:
        sentence += f" Largest move: {describe_move(moves[0], names)}."
    return sentence.strip()


def _text_changes(older: Profile, newer: Profile) -> list[ProfileDifference]:
    pairs = ((ChangeKind.NAME, older.name, newer.name),
             (ChangeKind.DESCRIPTION, older.description, newer.description),
             (ChangeKind.MISSING_POLICY, older.missing_scores.value, newer.missing_scores.value))
    return [ProfileDifference(kind, kind.value, ChangeStatus.CHANGED, before, after)
            for kind, before, after in pairs if before != after]


def _category_changes(older: Profile, newer: Profile) -> list[ProfileDifference]:
    shares_before, shares_after = older.category_weights(), newer.category_weights()
    changes = []
    for category in _union(older.categories, newer.categories):
        before = older.categories.get(category)
        after = newer.categories.get(category)
        stated_before = None if before is None else float(before.weight)
        stated_after = None if after is None else float(after.weight)
        status = _status(stated_before, stated_after, shares_before.get(category),
                         shares_after.get(category))
        if status is not None:
            changes.append(ProfileDifference(
                ChangeKind.CATEGORY_WEIGHT, category, status, stated_before, stated_after,
                effective_before=shares_before.get(category),
                effective_after=shares_after.get(category)))
    return changes


def _criterion_changes(older: Profile, newer: Profile) -> list[ProfileDifference]:
    home_before, home_after = _homes(older), _homes(newer)
    effective_before, effective_after = older.criterion_weights(), newer.criterion_weights()
    changes = []
    for criterion in _union(home_before, home_after):
        category_before, category_after = home_before.get(criterion), home_after.get(criterion)
        stated_before = (None if category_before is None
                         else float(older.categories[category_before].criteria[criterion]))
        stated_after = (None if category_after is None
                        else float(newer.categories[category_after].criteria[criterion]))
        moved = None not in (category_before, category_after) and category_before != category_after
        status = _status(stated_before, stated_after, effective_before.get(criterion),
                         effective_after.get(criterion))
        if moved:
            status = ChangeStatus.CHANGED
        if status is None:
            continue
        changes.append(ProfileDifference(
            ChangeKind.CRITERION_WEIGHT, criterion, status, stated_before, stated_after,
            category=category_after or category_before,
            effective_before=effective_before.get(criterion),
            effective_after=effective_after.get(criterion),
            note=f"moved from category {category_before}" if moved else ""))
    return changes


def _threshold_changes(older: Mapping[str, Threshold],
                       newer: Mapping[str, Threshold]) -> list[ProfileDifference]:
    changes = []
    for criterion in _union(older, newer):
        before, after = older.get(criterion), newer.get(criterion)
        if before == after:
            continue
        changes.append(ProfileDifference(
            ChangeKind.THRESHOLD, criterion, _presence(before, after),
            None if before is None else _threshold_text(before),
            None if after is None else _threshold_text(after)))
    return changes


def _gate_changes(older: tuple[Gate, ...], newer: tuple[Gate, ...]) -> list[ProfileDifference]:
    """Gates are matched by the criterion they gate (the n-th gate on it with the n-th)."""
    before, after = _gates_by_key(older), _gates_by_key(newer)
    changes = []
    for key in _union(before, after):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        changes.append(ProfileDifference(
            ChangeKind.GATE, key, _presence(old, new),
            None if old is None else _gate_text(old), None if new is None else _gate_text(new)))
    return changes


def _risk_changes(older: Profile, newer: Profile) -> list[ProfileDifference]:
    fields = {"rate": (older.risk.rate, newer.risk.rate), "cap": (older.risk.cap, newer.risk.cap)}
    for status in _union(older.risk.status_factors, newer.risk.status_factors):
        fields[f"status_factors.{status.value}"] = (older.risk.status_factors.get(status),
                                                    newer.risk.status_factors.get(status))
    return [ProfileDifference(ChangeKind.RISK_RULE, field, _presence(before, after),
                          None if before is None else float(before),
                          None if after is None else float(after))
            for field, (before, after) in fields.items() if before != after]


def _status(stated_before: float | None, stated_after: float | None,
            share_before: float | None, share_after: float | None) -> ChangeStatus | None:
    """How a weight changed: stated number first, then its effective share alone."""
    if stated_before is None or stated_after is None:
        return _presence(stated_before, stated_after)
    if not math.isclose(stated_before, stated_after, rel_tol=0.0, abs_tol=TOLERANCE):
        return ChangeStatus.CHANGED
    if not math.isclose(share_before or 0.0, share_after or 0.0, rel_tol=0.0, abs_tol=TOLERANCE):
        return ChangeStatus.RESCALED
    return None


def _presence(before: object, after: object) -> ChangeStatus:
    if before is None:
        return ChangeStatus.ADDED
    return ChangeStatus.REMOVED if after is None else ChangeStatus.CHANGED


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """Keys of both, the older order first, then what is new in the newer one."""
    seen = dict.fromkeys(first)
    seen.update(dict.fromkeys(second))
    return list(seen)


def _homes(profile: Profile) -> dict[str, str]:
    return {criterion: category_id for category_id, category in profile.categories.items()
            for criterion in category.criteria}


def _gates_by_key(gates: tuple[Gate, ...]) -> dict[str, Gate]:
    keyed: dict[str, Gate] = {}
    for gate in gates:
        count = sum(1 for key in keyed if key.split("#")[0] == gate.criterion)
        keyed[gate.criterion if count == 0 else f"{gate.criterion}#{count + 1}"] = gate
    return keyed


def _threshold_text(threshold: Threshold) -> str:
    return f"worst {threshold.worst:g}, best {threshold.best:g}"


def _gate_text(gate: Gate) -> str:
    when = ", ".join(gate.when_all) if gate.when_all else "always"
    return f"when {when}: {gate.reason}"


def _percent(value: float | None) -> str:
    return format_percent(value or 0.0)


def _count(kind: ChangeKind, count: int) -> str:
    if kind in (ChangeKind.NAME, ChangeKind.DESCRIPTION, ChangeKind.MISSING_POLICY):
        return f"the {kind.value}"
    if kind is ChangeKind.RISK_RULE:
        return f"the risk rule ({count} value{'s' if count != 1 else ''})"
    return f"{count} {kind.value}{'s' if count != 1 else ''}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
