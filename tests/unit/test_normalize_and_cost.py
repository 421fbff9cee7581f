"""Normalisations, utilities and the cost of each pricing model, on numbers checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from vendor_eval.domain.evidence import PriceQuote
from vendor_eval.engine.cost import cost_per_correct_label, total_cost
from vendor_eval.engine.normalize import (
    Normalization,
    lowest_price_utility,
    normalize_columns,
    threshold_utility,
)
from vendor_eval.errors import InputError

COLUMN = np.array([[2.0], [4.0], [8.0]])


@pytest.mark.parametrize(
    ("method", "is_cost", "expected"),
    [
        (Normalization.MINMAX, False, [0.0, 1 / 3, 1.0]),
        (Normalization.MINMAX, True, [1.0, 2 / 3, 0.0]),
        (Normalization.MAX, False, [0.25, 0.5, 1.0]),
        (Normalization.MAX, True, [1.0, 0.5, 0.25]),
        (Normalization.VECTOR, False, [2 / np.sqrt(84), 4 / np.sqrt(84), 8 / np.sqrt(84)]),
        (Normalization.NONE, False, [2.0, 4.0, 8.0]),
    ],
)
def test_normalisations(method, is_cost, expected):
    result = normalize_columns(COLUMN, np.array([is_cost]), method)
    assert result[:, 0] == pytest.approx(expected)


def test_no_normalisation_refuses_cost_criteria():
    with pytest.raises(InputError, match="benefit"):
        normalize_columns(COLUMN, np.array([True]), Normalization.NONE)


def test_constant_column_gives_everyone_full_marks_under_minmax():
    assert normalize_columns(np.ones((3, 1)), np.array([False]), Normalization.MINMAX)[:, 0] == \
        pytest.approx([1, 1, 1])


@pytest.mark.parametrize(
    ("value", "worst", "best", "expected"),
    [(0.95, 0.90, 1.0, 0.5), (0.85, 0.90, 1.0, 0.0), (1.0, 0.9, 0.99, 1.0),
     (48, 96, 24, 2 / 3), (100, 96, 24, 0.0)],
)
def test_threshold_utility_is_linear_and_clipped_in_either_direction(value, worst, best, expected):
    assert threshold_utility(np.array([value]), worst, best)[0] == pytest.approx(expected)


def test_lowest_price_gets_full_marks_and_double_price_half():
    assert lowest_price_utility(np.array([100.0, 200.0, 400.0]), 100.0) == pytest.approx(
        [1.0, 0.5, 0.25])


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (dict(model="per_unit", unit_price=1.5, setup_fee=1000), 1.5 * 10_000 + 1000),
        (dict(model="per_hour", hourly_rate=30, units_per_hour=12), 30 * 10_000 / 12),
        # 10,000 units at 3,000 a month = 3.33 months, billed as 4 whole months
        (dict(model="managed_team", monthly_fee=20_000, units_per_month=3000), 80_000),
        (dict(model="fixed_price", fixed_price=25_000), 25_000),
    ],
)
def test_total_cost_at_volume_for_each_pricing_model(quote, expected):
    assert total_cost(PriceQuote(vendor="v", **quote), 10_000) == pytest.approx(expected)


def test_quote_missing_a_field_its_model_needs_is_refused():
    with pytest.raises(ValueError, match="needs monthly_fee"):
        PriceQuote(vendor="v", model="managed_team", units_per_month=100)


def test_cost_per_correct_label_divides_by_expected_correct_labels():
    assert cost_per_correct_label(9_000.0, 10_000, 0.9) == pytest.approx(1.0)
    assert cost_per_correct_label(9_000.0, 10_000, None) is None
