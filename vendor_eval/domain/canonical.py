"""Canonical JSON: one text per value, so the same content always hashes to the same digest.

Keys sorted, no whitespace, UTF-8. Two families of digests were stored before this module and
keep their exact bytes, so hashes already in databases and exported files still verify:
the audit chain and profile content hashes escape non-ASCII characters (`ascii_only=True`), and
pilot fingerprints keep JSON's default `", "` and `": "` separators (`spaced=True`).
"""

from __future__ import annotations

import hashlib
import json


def canonical_json(value: object, *, ascii_only: bool = False, spaced: bool = False) -> str:
    """The one text of `value`; what JSON cannot hold (dates, decimals) is written as `str()`."""
    separators = (", ", ": ") if spaced else (",", ":")
    return json.dumps(value, sort_keys=True, separators=separators, ensure_ascii=ascii_only,
                      default=str)


def canonical_digest(value: object, *, ascii_only: bool = False, spaced: bool = False) -> str:
    """SHA-256 (hex) of `canonical_json(value)`."""
    text = canonical_json(value, ascii_only=ascii_only, spaced=spaced)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sorted_keys(value: dict) -> dict:
    """A copy of `value` whose dictionaries (at every depth) list their keys in sorted order."""
    return json.loads(canonical_json(value))
