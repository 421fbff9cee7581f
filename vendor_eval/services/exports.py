"""Safe tabular exports: cells that a spreadsheet would run as formulas are defused."""

from __future__ import annotations

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def defuse_cell(value: object) -> object:
    """Prefix a text cell that starts like a formula with a quote (OWASP CSV injection advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def defuse_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are all defused; numbers are left as numbers."""
    return frame.map(defuse_cell)
