"""AHP: Saaty's eigenvector weights and consistency ratio, pinned to published examples."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from vendor_eval.engine.ahp import (
    CONSISTENCY_LIMIT,
    consistency,
    nearest_on_scale,
    pairwise_weights,
)
from vendor_eval.errors import InputError


def matrix(text: str) -> np.ndarray:
    return np.array([[float(Fraction(cell)) for cell in line.split()]
                     for line in text.strip().splitlines()])


# Saaty (1990), "How to make a decision: the analytic hierarchy process", European Journal of
# Operational Research 48(1):9-26: a family choosing a house compares eight criteria. Published:
# priorities .173 .054 .188 .018 .031 .036 .167 .333, lambda_max = 9.669, CI = .238, CR = .169.
HOUSE_LABELS = ["size", "transportation", "neighborhood", "age", "yard", "modern facilities",
                "general condition", "financing"]
HOUSE = matrix("""
1   5   3   7 6   6   1/3 1/4
1/5 1   1/3 5 3   3   1/5 1/7
1/3 3   1   6 3   4   6   1/5
1/7 1/5 1/6 1 1/3 1/4 1/7 1/8
1/6 1/3 1/3 3 1   1/2 1/5 1/6
1/6 1/3 1/4 4 2   1   1/5 1/6
3   5   1/6 7 5   5   1   1/2
4   7   5   8 6   6   2   1
""")
HOUSE_WEIGHTS = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]

# Saaty (1980), The Analytic Hierarchy Process (McGraw-Hill), the relative wealth of seven
# nations (US, USSR, China, France, UK, Japan, West Germany) judged by eye. Published:
# priorities .427 .230 .021 .052 .052 .123 .094, lambda_max = 7.61, CI = .10, CR = .08.
NATIONS_LABELS = ["US", "USSR", "China", "France", "UK", "Japan", "W. Germany"]
NATIONS = matrix("""
1   4   9 6   6   5   5
1/4 1   7 5   5   3   4
1/9 1/7 1 1/5 1/5 1/7 1/5
1/6 1/5 5 1   1   1/3 1/3
1/6 1/5 5 1   1   1/3 1/3
1/5 1/3 7 3   3   1   2
1/5 1/4 5 3   3   1/2 1
""")
NATIONS_WEIGHTS = [0.427, 0.230, 0.021, 0.052, 0.052, 0.123, 0.094]


def test_saaty_house_example_reproduces_published_weights_and_consistency():
    result = pairwise_weights(HOUSE, HOUSE_LABELS)
    assert result.weights == pytest.approx(HOUSE_WEIGHTS, abs=5e-4)
    assert result.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert result.ci == pytest.approx(0.238, abs=5e-4)
    assert result.cr == pytest.approx(0.169, abs=5e-4)
    assert result.random_index == 1.41
    assert not result.consistent


def test_saaty_wealth_of_nations_is_consistent_enough():
    result = pairwise_weights(NATIONS, NATIONS_LABELS)
    assert result.weights == pytest.approx(NATIONS_WEIGHTS, abs=5e-4)
    assert result.lambda_max == pytest.approx(7.61, abs=5e-3)
    assert result.ci == pytest.approx(0.10, abs=5e-3)
    assert result.cr == pytest.approx(0.08, abs=5e-3)
    assert result.consistent and result.inconsistent_judgements == ()
    assert "inconsistent_judgements" not in result.to_dict()


def test_inconsistent_house_matrix_points_first_to_neighborhood_vs_condition():
    # Neighborhood was judged 6x as important as the general condition, yet the weights of the
    # two come out almost equal (.188 vs .167): eps = 6 * .167 / .188 = 5.3, the largest.
    result = pairwise_weights(HOUSE, HOUSE_LABELS)
    worst = result.inconsistent_judgements[0]
    assert (worst.row, worst.column) == ("neighborhood", "general condition")
    assert worst.value == 6 and worst.deviation == pytest.approx(5.32, abs=0.01)
    deviations = [j.deviation for j in result.inconsistent_judgements]
    assert deviations == sorted(deviations, reverse=True)
    assert result.to_dict()["inconsistent_judgements"][0]["suggested"] == "1"


def test_revising_the_flagged_judgement_as_suggested_makes_the_matrix_acceptable():
    before = pairwise_weights(HOUSE, HOUSE_LABELS)
    worst = before.inconsistent_judgements[0]
    i, j = HOUSE_LABELS.index(worst.row), HOUSE_LABELS.index(worst.column)
    revised = HOUSE.copy()
    revised[i, j], revised[j, i] = worst.suggested, 1 / worst.suggested
    after = pairwise_weights(revised, HOUSE_LABELS)
    assert after.cr < before.cr and after.cr <= CONSISTENCY_LIMIT


@pytest.mark.parametrize(("i", "j", "value"),
                         [(0, 3, 1 / 7), (1, 2, 1 / 6), (2, 4, 1 / 8), (0, 4, 1 / 5)])
def test_one_corrupted_judgement_in_a_consistent_matrix_is_the_one_flagged(i, j, value):
    w = np.array([0.4, 0.25, 0.15, 0.12, 0.08])
    corrupted = w[:, None] / w[None, :]
    corrupted[i, j], corrupted[j, i] = value, 1 / value
    result = pairwise_weights(corrupted, list("ABCDE"))
    assert result.cr > CONSISTENCY_LIMIT
    worst = result.inconsistent_judgements[0]
    assert (worst.row, worst.column) == ("ABCDE"[i], "ABCDE"[j])


@given(arrays(float, st.integers(1, 9), elements=st.floats(1.0, 3.0)))
def test_a_perfectly_consistent_matrix_returns_its_ratios_with_cr_zero(raw):
    w = raw / raw.sum()
    result = pairwise_weights(w[:, None] / w[None, :], [f"e{k}" for k in range(w.size)])
    assert result.weights == pytest.approx(w, rel=1e-9)
    assert result.lambda_max == pytest.approx(w.size, abs=1e-9)
    assert result.cr == pytest.approx(0.0, abs=1e-9)


def test_handwritten_reciprocals_are_reconciled_not_counted_as_inconsistency():
    rounded = np.array([[1, 3, 0.2], [0.33, 1, 0.14], [5, 7, 1]])
    exact = matrix("1 3 1/5\n1/3 1 1/7\n5 7 1")
    assert pairwise_weights(rounded, ["a", "b", "c"]).weights == pytest.approx(
        pairwise_weights(exact, ["a", "b", "c"]).weights, abs=0.01)


@pytest.mark.parametrize("n", [1, 2])
def test_one_or_two_elements_are_always_consistent(n):
    result = pairwise_weights(matrix("1 4\n1/4 1")[:n, :n], ["a", "b"][:n])
    assert result.cr == 0.0 and result.ci == 0.0
    assert result.weights.sum() == pytest.approx(1.0)


def test_consistency_ratio_uses_saatys_random_index():
    ci, cr = consistency(3.1, 3)
    assert ci == pytest.approx(0.05) and cr == pytest.approx(0.05 / 0.58)


@pytest.mark.parametrize(("ratio", "nearest"), [(1.1, 1.0), (4.6, 5.0), (0.21, 0.2), (30, 9.0)])
def test_nearest_value_on_the_scale(ratio, nearest):
    assert nearest_on_scale(ratio) == pytest.approx(nearest)


GOOD = matrix("1 3 5\n1/3 1 2\n1/5 1/2 1")


def with_cell(i: int, j: int, value: float) -> np.ndarray:
    bad = GOOD.copy()
    bad[i, j] = value
    return bad


@pytest.mark.parametrize(
    ("values", "labels", "row_labels", "row", "column", "message"),
    [
        (GOOD[:2], ["a", "b", "c"], None, None, None, "must be square"),
        (with_cell(1, 2, 0.0), ["a", "b", "c"], None, 2, "c", "positive"),
        (with_cell(2, 0, -5.0), ["a", "b", "c"], None, 3, "a", "positive"),
        (with_cell(0, 1, np.nan), ["a", "b", "c"], None, 1, "b", "positive"),
        (with_cell(0, 2, 4.0), ["a", "b", "c"], None, 1, "c", "reciprocals"),
        (with_cell(1, 1, 2.0), ["a", "b", "c"], None, 2, "b", "must be 1"),
        (with_cell(0, 1, 12.0), ["a", "b", "c"], None, 1, "b", "1/9 to 9"),
        (GOOD, ["a", "b", "c"], ["a", "c", "b"], 2, "b", "same elements in the same order"),
        (GOOD, ["a", "b", "a"], None, None, "a", "appears twice"),
        (np.ones((16, 16)), [f"e{k}" for k in range(16)], None, None, None, "up to 15"),
    ],
)
def test_bad_matrices_are_refused_naming_row_and_column(values, labels, row_labels, row, column,
                                                       message):
    with pytest.raises(InputError) as caught:
        pairwise_weights(values, labels, row_labels)
    assert message in caught.value.message
    assert caught.value.row == row and caught.value.column == column
