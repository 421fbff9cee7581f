"""Agreement coefficients pinned to the published worked examples they were introduced with."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from vendor_eval.pilot.agreement import agreement
from vendor_eval.pilot.labels import validate_ratings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pilot"


def long_ratings(rows: list[tuple[object, object, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["item_id", "rater_id", "label"])


def from_agreement_table(table: list[list[int]]) -> pd.DataFrame:
    """Two judges' contingency table (rows: judge A, columns: judge B) as long ratings."""
    rows, unit = [], 0
    for a, counts in enumerate(table):
        for b, count in enumerate(counts):
            for _ in range(count):
                rows += [(unit, "A", f"c{a}"), (unit, "B", f"c{b}")]
                unit += 1
    return long_ratings(rows)


def from_category_counts(counts: list[list[int]]) -> pd.DataFrame:
    """Fleiss' layout (subjects x categories: how many raters chose each) as long ratings."""
    rows = []
    for subject, per_category in enumerate(counts):
        labels = [c for c, n in enumerate(per_category) for _ in range(n)]
        rows += [(subject, f"r{slot}", f"c{label}") for slot, label in enumerate(labels)]
    return long_ratings(rows)


# Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
# Measurement 20(1), 37-46, Table 2: two judges, 200 cases, three categories, given there as
# proportions (.44 .07 .09 / .05 .20 .05 / .01 .03 .06); p_o = .70, p_c = .41, kappa = .492.
COHEN_1960_TABLE_2 = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]

# Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
# Bulletin 76(5), 378-382, Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses
# (depression, personality disorder, schizophrenia, neurosis, other); kappa = .430.
FLEISS_1971_TABLE_1 = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
    [0, 0, 5, 0, 1], [3, 0, 0, 1, 2], [5, 1, 0, 0, 0], [0, 2, 0, 4, 0], [1, 0, 2, 0, 3],
    [0, 0, 0, 0, 6], [0, 1, 0, 5, 0], [0, 2, 0, 1, 3], [2, 0, 0, 4, 0], [1, 0, 0, 4, 1],
    [0, 5, 0, 1, 0], [4, 0, 0, 0, 2], [0, 2, 0, 4, 0], [1, 0, 5, 0, 0], [0, 0, 0, 0, 6],
]


def test_cohens_kappa_matches_cohen_1960_table_2():
    result = agreement(from_agreement_table(COHEN_1960_TABLE_2))
    # p_o = .70 and p_c = .41 give (.70 - .41) / (1 - .41) = .4915, printed by Cohen as .492.
    assert result.cohen_kappa == pytest.approx(0.29 / 0.59, abs=1e-12)
    assert round(result.cohen_kappa, 2) == 0.49
    assert result.n_items == 200 and result.n_raters == 2


def test_fleiss_kappa_matches_fleiss_1971_psychiatric_diagnoses():
    result = agreement(from_category_counts(FLEISS_1971_TABLE_1))
    assert result.fleiss_kappa == pytest.approx(0.430, abs=5e-4)
    assert result.n_items == 30 and result.n_ratings == 180
    assert "cohen_kappa" in result.skipped  # six raters, not two


@pytest.mark.parametrize(
    ("level", "alpha"),
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
    # Communication, University of Pennsylvania, Departmental Papers 43: the example of four
    # observers coding 12 units with missing values (alpha nominal .743, ordinal .815,
    # interval .849). The CSV keeps the blanks: missing ratings, and unit 12 rated only once.
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)],
)
def test_krippendorffs_alpha_matches_krippendorff_2011_with_missing_data(level, alpha):
    frame = pd.read_csv(FIXTURES / "krippendorff_2011.csv", dtype=str, keep_default_na=False)
    result = agreement(validate_ratings(frame, level), level)
    assert result.krippendorff_alpha == pytest.approx(alpha, abs=5e-4)
    assert result.n_items == 11  # unit 12 has one rating: nothing to agree with
    assert result.n_ratings == 40


def test_fleiss_kappa_is_skipped_when_items_have_different_numbers_of_ratings():
    frame = pd.read_csv(FIXTURES / "krippendorff_2011.csv", dtype=str, keep_default_na=False)
    result = agreement(validate_ratings(frame))
    assert result.fleiss_kappa is None
    assert result.skipped["fleiss_kappa"] == ("needs the same number of ratings on every item; "
                                              "items have between 2 and 4")
    assert result.skipped["cohen_kappa"] == "needs exactly two raters; there are 4"
    assert set(result.coefficients()) == {"krippendorff_alpha"}


def test_ordinal_cohen_kappa_is_linearly_weighted_on_ranks():
    ratings = long_ratings([(i, r, v) for i, (a, b) in enumerate(
        [(1, 1), (2, 3), (3, 3), (4, 2), (5, 5), (2, 2), (3, 4)]) for r, v in (("A", a), ("B", b))])
    result = agreement(ratings.assign(label=ratings["label"].astype(float)), "ordinal")
    expected = cohen_kappa_score([1, 2, 3, 4, 5, 2, 3], [1, 3, 3, 2, 5, 2, 4], weights="linear")
    assert result.cohen_kappa == pytest.approx(expected)


def test_interval_cohen_kappa_weighs_squared_differences_of_the_values():
    # Values 1, 2, 10: a 1-vs-2 disagreement is tiny next to 2-vs-10 at the interval level.
    near = long_ratings([(0, "A", 1.0), (0, "B", 2.0), (1, "A", 10.0), (1, "B", 10.0),
                         (2, "A", 1.0), (2, "B", 1.0), (3, "A", 2.0), (3, "B", 2.0)])
    far = near.copy()
    far.loc[1, "label"] = 10.0
    far.loc[3, "label"] = 2.0
    assert agreement(near, "interval").cohen_kappa > agreement(far, "interval").cohen_kappa


def test_perfect_agreement_is_one_for_every_coefficient():
    ratings = long_ratings([(i, r, label) for i, label in enumerate("aabbc") for r in ("x", "y")])
    result = agreement(ratings)
    assert result.coefficients() == {"cohen_kappa": 1.0, "fleiss_kappa": 1.0,
                                     "krippendorff_alpha": 1.0}


def test_no_variation_and_no_overlap_explain_why_nothing_is_computed():
    same = agreement(long_ratings([(i, r, "ok") for i in range(3) for r in ("x", "y")]))
    assert same.coefficients() == {}
    assert "every rating is 'ok'" in same.skipped["krippendorff_alpha"]
    single = agreement(long_ratings([(0, "x", "a"), (1, "y", "b")]))
    assert single.coefficients() == {}
    assert single.skipped["cohen_kappa"] == "no item has two or more ratings"


def test_missing_ratings_are_ignored_not_counted_as_a_category():
    rows = [(0, "x", "a"), (0, "y", "a"), (1, "x", "b"), (1, "y", "b"), (2, "x", "a"),
            (2, "y", None)]
    result = agreement(long_ratings(rows))
    assert result.n_items == 2 and result.n_ratings == 4
    assert result.krippendorff_alpha == pytest.approx(1.0)


def test_two_raters_with_no_item_in_common_have_no_cohen_kappa():
    rows = [(0, "x", "a"), (0, "z", "a"), (1, "y", "b"), (1, "z", "a")]
    result = agreement(long_ratings(rows))
    assert result.cohen_kappa is None
    assert result.skipped["cohen_kappa"] == "needs exactly two raters; there are 3"
    pair = agreement(long_ratings([(0, "x", "a"), (0, "x2", "b"), (1, "y", "b"), (1, "y2", "a")]))
    assert "needs exactly two raters" in pair.skipped["cohen_kappa"]


def test_a_rater_rating_the_same_item_twice_is_refused():
    with pytest.raises(ValueError, match="only once"):
        agreement(long_ratings([(0, "x", "a"), (0, "x", "b"), (0, "y", "a")]))


def test_agreement_is_invariant_to_row_order():
    frame = from_category_counts(FLEISS_1971_TABLE_1)
    shuffled = frame.sample(frac=1.0, random_state=7)
    before, after = agreement(frame), agreement(shuffled)
    assert after.fleiss_kappa == pytest.approx(before.fleiss_kappa)
    assert after.krippendorff_alpha == pytest.approx(before.krippendorff_alpha)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abc"), min_size=2, max_size=4), min_size=2,
                max_size=25))
def test_nominal_coefficients_do_not_depend_on_what_the_labels_are_called(units):
    rows = [(u, f"r{slot}", label) for u, labels in enumerate(units)
            for slot, label in enumerate(labels)]
    renamed = {"a": "zebra", "b": "apple", "c": "mango"}
    original = agreement(long_ratings(rows))
    relabelled = agreement(long_ratings([(u, r, renamed[x]) for u, r, x in rows]))
    for name in ("cohen_kappa", "fleiss_kappa", "krippendorff_alpha"):
        before, after = getattr(original, name), getattr(relabelled, name)
        assert (before is None) == (after is None)
        if before is not None:
            assert after == pytest.approx(before)
