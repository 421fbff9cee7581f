"""Canonical JSON: one text per value, and the forms of digests stored before it keep their bytes."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from vendor_eval.domain.canonical import canonical_digest, canonical_json, sorted_keys


def test_the_same_content_in_another_key_order_is_the_same_text() -> None:
    assert canonical_json({"b": 1, "a": {"d": [2, 1], "c": "é"}}) == (
        canonical_json({"a": {"c": "é", "d": [2, 1]}, "b": 1}))
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'


def test_the_audit_and_profile_form_escapes_non_ascii_as_json_dumps_did() -> None:
    value = {"name": "Lucía", "weights": [0.1, 0.2]}
    stored_before = hashlib.sha256(json.dumps(value, sort_keys=True, separators=(",", ":"))
                                   .encode()).hexdigest()

    assert canonical_digest(value, ascii_only=True) == stored_before


def test_the_pilot_form_keeps_json_default_separators() -> None:
    value = {"quotes": {}, "ramp_up_weeks": {"Aster": 2}}

    assert canonical_json(value, ascii_only=True, spaced=True) == json.dumps(value, sort_keys=True)


def test_values_json_cannot_hold_are_written_as_text() -> None:
    assert canonical_json({"on": date(2026, 12, 3)}) == '{"on":"2026-12-03"}'


def test_sorted_keys_orders_dictionaries_at_every_depth() -> None:
    ordered = sorted_keys({"b": {"z": 1, "y": 2}, "a": 0})

    assert list(ordered) == ["a", "b"] and list(ordered["b"]) == ["y", "z"]
