"""Pairwise comparisons as the Profiles page edits them: Saaty's scale on a slider, the matrix."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import numpy as np
import pandas as pd
import streamlit as st

from vendor_eval.engine.ahp import AhpResult, nearest_on_scale
from vendor_eval.ui.weights import proportional_percentages

# Slider options from "A is extremely more important" (left) to "B is" (right): the judgement
# a_AB as Saaty (1980) writes it, so a test or a reader can set "1/5" as on paper.
SCALE: tuple[str, ...] = (
    "9", "8", "7", "6", "5", "4", "3", "2", "1",
    "1/2", "1/3", "1/4", "1/5", "1/6", "1/7", "1/8", "1/9",
)
EQUAL = "1"
# Saaty's verbal scale; the even values are the compromises between their neighbours.
_INTENSITY = {1: "equal", 2: "weak", 3: "moderate", 4: "moderate plus", 5: "strong",
              6: "strong plus", 7: "very strong", 8: "very, very strong", 9: "extreme"}

Pair = tuple[str, str]


def scale_value(option: str) -> float:
    """The judgement a_AB of a slider option: "5" is 5.0, "1/5" is 0.2."""
    return float(Fraction(option))


def scale_option(ratio: float) -> str:
    """The slider option nearest to a ratio of weights (in log terms, as Saaty's scale is)."""
    value = nearest_on_scale(ratio)
    return f"{value:g}" if value >= 1 else f"1/{round(1 / value)}"


def describe(option: str, first: str, second: str) -> str:
    """What an option says in words: "Quality 5x (strong)", "equal", "Price 3x (moderate)"."""
    value = Fraction(option)
    if value == 1:
        return "equal"
    winner, times = (first, value) if value > 1 else (second, 1 / value)
    return f"{winner} {int(times)}x ({_INTENSITY[int(times)]})"


def compared_pairs(elements: list[str]) -> list[Pair]:
    """Every pair (A, B) with A listed before B: the upper triangle of the matrix."""
    return list(combinations(elements, 2))


def starting_judgements(weights: dict[str, float]) -> dict[Pair, str]:
    """Judgements that reproduce the given weights as nearly as the 1-9 scale allows, so the
    sliders open on the profile instead of on "all equal". A zero weight loses 9 to 1."""
    judgements = {}
    for first, second in compared_pairs(list(weights)):
        a, b = weights[first], weights[second]
        if a <= 0 or b <= 0:
            judgements[(first, second)] = EQUAL if a == b else ("9" if a > b else "1/9")
        else:
            judgements[(first, second)] = scale_option(a / b)
    return judgements


def judgement_matrix(elements: list[str], judgements: dict[Pair, str]) -> np.ndarray:
    """The reciprocal matrix of the slider judgements: a_AB as chosen, a_BA = 1 / a_AB."""
    index = {element: i for i, element in enumerate(elements)}
    matrix = np.ones((len(elements), len(elements)))
    for (first, second), option in judgements.items():
        value = scale_value(option)
        matrix[index[first], index[second]] = value
        matrix[index[second], index[first]] = 1.0 / value
    return matrix


def derived_percentages(result: AhpResult) -> dict[str, float]:
    """The AHP priority vector as percentages to one decimal summing to exactly 100, the form
    the profile editor takes."""
    return proportional_percentages(result.weight_map())


def weights_rows(result: AhpResult, names: dict[str, str],
                 current: dict[str, float]) -> pd.DataFrame:
    """One row per compared element: its name, its share now and the one derived, both in
    percent (a profile may store fractions; the shares compare either way)."""
    derived = derived_percentages(result)
    total = sum(current.values())
    return pd.DataFrame(
        {"Compared": [names.get(e, e) for e in result.labels],
         "Current weight": [round(100 * current[e] / total, 1) if total > 0 else 0.0
                            for e in result.labels],
         "Derived weight": [derived[e] for e in result.labels]},
    )


def weights_column_config() -> dict[str, object]:
    """Short figures in compact columns, so the names of what is compared keep their width."""
    return {"Compared": st.column_config.TextColumn(width=165),
            "Current weight": st.column_config.NumberColumn(
                "Current", width=68, format="%.1f", help="Its weight now, in percent"),
            "Derived weight": st.column_config.NumberColumn(
                "Derived", width=68, format="%.1f",
                help="Its weight from the comparisons, in percent")}


def inconsistent_rows(result: AhpResult, names: dict[str, str]) -> pd.DataFrame:
    """The judgements that contribute most to the inconsistency, with a value that would agree
    with the derived weights (Saaty 2003), in words."""
    rows = []
    for judgement in result.inconsistent_judgements:
        first, second = names.get(judgement.row, judgement.row), names.get(judgement.column,
                                                                          judgement.column)
        rows.append({
            "Comparison": f"{first} vs {second}",
            "You said": describe(scale_option(judgement.value), first, second),
            "The weights imply": describe(scale_option(judgement.implied), first, second),
            "Ratio implied": round(judgement.implied, 2),
        })
    return pd.DataFrame(rows, columns=["Comparison", "You said", "The weights imply",
                                       "Ratio implied"])
