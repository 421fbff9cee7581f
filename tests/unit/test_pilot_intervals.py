"""Wilson intervals pinned to Newcombe (1998), Statistics in Medicine 17:857-872, Table I."""

from __future__ import annotations

import pytest

from vendor_eval.pilot.intervals import accuracy_estimate, wilson_interval


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
     (1, 29, 0.0061, 0.1718)],
)
def test_wilson_interval_matches_newcombes_worked_examples(successes, n, low, high):
    estimate = wilson_interval(successes, n)
    assert estimate.low == pytest.approx(low, abs=5e-5)
    assert estimate.high == pytest.approx(high, abs=5e-5)


def test_accuracy_from_a_share_of_the_pilot_sample():
    estimate = accuracy_estimate(0.95, 400)
    assert estimate.value == pytest.approx(0.95)
    assert estimate.low < 0.95 < estimate.high < 1.0


@pytest.mark.parametrize(("successes", "n"), [(1, 0), (5, 4), (-1, 3)])
def test_impossible_counts_are_refused(successes, n):
    with pytest.raises(ValueError):
        wilson_interval(successes, n)


@pytest.mark.parametrize(("successes", "n"), [(0, 1), (1, 1), (7, 10), (380, 400), (399, 400)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_closed_form_matches_statsmodels(successes, n, confidence):
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(successes, n, alpha=1 - confidence, method="wilson")
    estimate = wilson_interval(successes, n, confidence)
    assert (estimate.low, estimate.high) == pytest.approx((low, high), abs=1e-12)
