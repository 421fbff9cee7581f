"""Pairwise accuracy tests between vendors, Holm correction, verdicts and pilot-size advice."""

from __future__ import annotations

import math

import pytest
from scipy.stats import fisher_exact, norm
from statsmodels.stats.proportion import proportions_ztest

from vendor_eval.pilot.compare import compare_accuracies, pilot_size_needed


def test_a_clear_difference_is_named_with_the_better_vendor_first():
    [verdict] = compare_accuracies(["Acme", "Brio"], [150, 190], [200, 200])
    assert verdict.significant and verdict.better == "Brio"
    assert verdict.p_value == pytest.approx(
        fisher_exact([[150, 50], [190, 10]]).pvalue)
    assert verdict.verdict == "Brio is more accurate than Acme (95.0% vs 75.0%), p < 0.001"
    assert verdict.difference == pytest.approx(-0.20)


def test_a_small_difference_on_a_small_pilot_is_no_detectable_difference():
    [verdict] = compare_accuracies(["Acme", "Brio"], [96, 94], [100, 100])
    assert not verdict.significant and verdict.better is None
    assert verdict.verdict.startswith(
        "no detectable difference between Acme and Brio at this pilot size (96.0% vs 94.0%, p = ")
    assert f"about {verdict.items_needed:,} items per vendor would detect a 2-point difference" \
        in verdict.verdict


def test_p_values_are_printed_to_three_decimals():
    [verdict] = compare_accuracies(["A", "B"], [180, 165], [200, 200])
    assert f"p = {verdict.p_adjusted:.3f}" in verdict.verdict
    assert 0.001 <= verdict.p_adjusted < 0.05 and verdict.significant


def test_holm_correction_by_hand_for_three_vendors():
    verdicts = compare_accuracies(["A", "B", "C"], [190, 175, 160], [200, 200, 200])
    raw = sorted((v.p_value, i) for i, v in enumerate(verdicts))
    # Holm (1979): the k-th smallest p times (m - k + 1), kept monotone, capped at 1.
    expected, running = {}, 0.0
    for k, (p, i) in enumerate(raw):
        running = max(running, min(1.0, p * (3 - k)))
        expected[i] = running
    assert [v.p_adjusted for v in verdicts] == pytest.approx([expected[i] for i in range(3)])
    assert [(v.vendor_a, v.vendor_b) for v in verdicts] == [("A", "B"), ("A", "C"), ("B", "C")]


def test_holm_can_turn_a_nominal_win_into_no_detectable_difference():
    pair = compare_accuracies(["A", "B"], [188, 178], [200, 200])
    many = compare_accuracies(["A", "B", "C", "D", "E"], [188, 178, 183, 183, 183],
                              [200] * 5)
    assert pair[0].p_value == pytest.approx(many[0].p_value)
    assert many[0].p_adjusted >= pair[0].p_adjusted


def test_the_two_proportion_z_test_is_available():
    [verdict] = compare_accuracies(["A", "B"], [180, 160], [200, 200], method="ztest")
    assert verdict.p_value == pytest.approx(proportions_ztest([180, 160], [200, 200])[1])


def test_two_perfect_vendors_do_not_differ_under_the_z_test():
    [verdict] = compare_accuracies(["A", "B"], [50, 80], [50, 80], method="ztest")
    assert verdict.p_value == 1.0 and not verdict.significant


def test_pilot_size_needed_matches_the_normal_approximation_by_hand():
    # Cohen's h for .95 vs .90; each arcsine-transformed share has variance 1/n, their
    # difference 2/n, so n = 2 ((z_.975 + z_.80) / h)^2 per vendor.
    h = 2 * math.asin(math.sqrt(0.95)) - 2 * math.asin(math.sqrt(0.90))
    by_hand = 2 * ((norm.ppf(0.975) + norm.ppf(0.80)) / h) ** 2
    assert pilot_size_needed(0.95, 0.05) == math.ceil(by_hand) == 424


@pytest.mark.parametrize(("h", "n"), [(0.5, 63), (0.8, 25)])
def test_pilot_size_matches_cohens_power_primer(h, n):
    # Cohen, J. (1992). A power primer. Psychological Bulletin 112(1), 155-159, Table 2: sample
    # size per group for a difference between proportions, two-sided alpha .05, power .80:
    # medium h = .5 -> 63, large h = .8 -> 25. Shares 1/2 and sin^2(pi/4 - h/2) are h apart.
    low = math.sin(math.pi / 4 - h / 2) ** 2
    assert pilot_size_needed(0.5, 0.5 - low) == n


def test_smaller_differences_need_bigger_pilots():
    sizes = [pilot_size_needed(0.96, d) for d in (0.08, 0.04, 0.02, 0.01)]
    assert sizes == sorted(sizes) and sizes[-1] > 4 * sizes[-2] * 0.9


def test_impossible_differences_have_no_pilot_size():
    assert pilot_size_needed(0.01, 0.02) is None
    assert pilot_size_needed(0.9, 0.0) is None


def test_one_vendor_has_nothing_to_compare():
    assert compare_accuracies(["A"], [10], [12]) == []
