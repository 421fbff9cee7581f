"""Which vendor is really more accurate: pairwise tests with Holm correction, said in words."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations

import numpy as np
from pydantic import BaseModel, ConfigDict

from vendor_eval.pilot.vocabulary import TestMethod


class PairwiseVerdict(BaseModel):
    """One pair of vendors; `p_adjusted` is Holm-corrected over all pairs of the pilot, and
    `items_needed` (pairs without a detectable difference) is the pilot size that would tell."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor_a: str
    vendor_b: str
    accuracy_a: float
    accuracy_b: float
    difference: float
    p_value: float
    p_adjusted: float
    significant: bool
    better: str | None
    verdict: str
    items_needed: int | None


def pilot_size_needed(accuracy: float, difference: float, alpha: float = 0.05,
                      power: float = 0.8) -> int | None:
    """Items per vendor needed to tell `accuracy` from `accuracy - difference` with a two-sided
    test at `alpha` and the given power, via Cohen's h (Cohen 1988, ch. 6) and the normal power
    of two independent samples. None when the difference cannot exist (below 0 or above 1)."""
    from statsmodels.stats.power import NormalIndPower  # slow to import: when used
    from statsmodels.stats.proportion import proportion_effectsize

    low = accuracy - difference
    if difference <= 0 or not 0 <= low < accuracy <= 1:
        return None
    effect = abs(proportion_effectsize(accuracy, low))
    n = NormalIndPower().solve_power(effect_size=effect, alpha=alpha, power=power, ratio=1.0,
                                     alternative="two-sided")
    return int(math.ceil(float(np.asarray(n).item())))


def compare_accuracies(vendors: Sequence[str], correct: Sequence[int], totals: Sequence[int],
                       alpha: float = 0.05, method: TestMethod = "fisher",
                       min_difference: float = 0.02, power: float = 0.8) -> list[PairwiseVerdict]:
    """Every pair of vendors tested for a difference in accuracy, p-values Holm-corrected
    (Holm 1979) so that a long vendor list does not manufacture a winner by chance.

    Fisher's exact test is the default because pilot accuracies sit near 1, where the normal
    approximation of the two-proportion z test is poorest. Both treat the vendors' labels as
    independent samples; vendors labelling the same items makes the test conservative rather
    than wrong. For pairs without a detectable difference, `items_needed` is the pilot size per
    vendor that would detect `min_difference` at the pair's mean accuracy, at alpha divided by
    the number of pairs - the strictest level Holm can demand, so the figure is enough whatever
    the other pairs show.
    """
    from statsmodels.stats.multitest import multipletests  # slow to import: when used

    pairs = list(combinations(range(len(vendors)), 2))
    if not pairs:
        return []
    p_values = np.array([_p_value(correct[i], totals[i], correct[j], totals[j], method)
                         for i, j in pairs])
    reject, adjusted, _, _ = multipletests(p_values, alpha=alpha, method="holm")
    verdicts = []
    for (i, j), p, p_adj, significant in zip(pairs, p_values, adjusted, reject, strict=True):
        a, b = vendors[i], vendors[j]
        acc_a, acc_b = correct[i] / totals[i], correct[j] / totals[j]
        better, needed = None, None
        if significant:
            better = a if acc_a > acc_b else b
            worse = b if better == a else a
            text = (f"{better} is more accurate than {worse} "
                    f"({_percent(max(acc_a, acc_b))} vs {_percent(min(acc_a, acc_b))}), "
                    f"{_p_text(p_adj)}")
        else:
            top = min(1.0, (acc_a + acc_b) / 2 + min_difference / 2)
            needed = pilot_size_needed(top, min_difference, alpha / len(pairs), power)
            text = (f"no detectable difference between {a} and {b} at this pilot size "
                    f"({_percent(acc_a)} vs {_percent(acc_b)}, {_p_text(p_adj)})")
            if needed is not None:
                text += (f"; about {needed:,} items per vendor would detect a "
                         f"{100 * min_difference:g}-point difference")
        verdicts.append(PairwiseVerdict(
            vendor_a=a, vendor_b=b, accuracy_a=acc_a, accuracy_b=acc_b,
            difference=acc_a - acc_b, p_value=float(p), p_adjusted=float(p_adj),
            significant=bool(significant), better=better, verdict=text, items_needed=needed))
    return verdicts


def _p_value(correct_a: int, n_a: int, correct_b: int, n_b: int, method: TestMethod) -> float:
    from scipy.stats import fisher_exact  # slow to import: when used
    from statsmodels.stats.proportion import proportions_ztest

    if method == "fisher":
        table = [[correct_a, n_a - correct_a], [correct_b, n_b - correct_b]]
        return float(fisher_exact(table, alternative="two-sided").pvalue)
    if (correct_a == n_a and correct_b == n_b) or (correct_a == 0 and correct_b == 0):
        return 1.0  # identical perfect (or null) records: the z statistic is 0/0
    _, p = proportions_ztest([correct_a, correct_b], [n_a, n_b], alternative="two-sided")
    return float(p)


def _percent(share: float) -> str:
    return f"{100 * share:.1f}%"


def _p_text(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
