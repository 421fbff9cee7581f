"""Weight sweeps and stability intervals on a world small enough to check by hand."""

from __future__ import annotations

import numpy as np
import pytest

from tests.unit.worlds import world
from vendor_eval.domain.evidence import RiskItem
from vendor_eval.engine.category_model import CategoryModel, category_model
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.sensitivity import (
    competition_ranks_along,
    crossing_points,
    rescaled_weights,
    stability_intervals,
    weight_sweeps,
)


def two_category_world(**overrides) -> CategoryModel:
    """Quality and price at 50/50. With t the quality weight (price 1 - t):
    A = 0.2 + 0.8 t, B = 1.0 - 0.6 t, C = 0.5 + 0.3 t (scores /100).
    B leads until it meets C at t = 5/9; C leads until A passes it at t = 3/5; then A.
    A passes B at t = 4/7, so the top two {B, C} hold until 4/7."""
    body = dict(
        vendors=("A", "B", "C"), categories=("quality", "price"),
        category_names=("Quality", "Price"), weights=np.array([0.5, 0.5]),
        utilities=np.array([[1.0, 0.2], [0.4, 1.0], [0.8, 0.5]]),
        spreads=np.zeros((3, 2)), present=np.ones((3, 2), dtype=bool),
        multiplier=np.ones(3), qualified=np.ones(3, dtype=bool),
    )
    body.update(overrides)
    return CategoryModel(**body)


def test_sweep_ranks_every_vendor_at_every_step():
    sweep = weight_sweeps(two_category_world(), points=5)
    quality = sweep.table[sweep.table["category"] == "quality"]
    ranks = quality.pivot(index="weight", columns="vendor", values="rank")
    assert ranks.to_dict("index") == {
        0.0: {"A": 3, "B": 1, "C": 2},   # A .20, B 1.00, C .500
        0.25: {"A": 3, "B": 1, "C": 2},  # A .40, B  .85, C .575
        0.5: {"A": 3, "B": 1, "C": 2},   # A .60, B  .70, C .650
        0.75: {"A": 1, "B": 3, "C": 2},  # A .80, B  .55, C .725
        1.0: {"A": 1, "B": 3, "C": 2},   # A 1.0, B  .40, C .800
    }
    scores = quality.pivot(index="weight", columns="vendor", values="score")
    assert scores.loc[0.75].to_dict() == pytest.approx({"A": 80.0, "B": 55.0, "C": 72.5})


def test_sweeping_one_weight_rescales_the_others_in_proportion():
    weights = rescaled_weights(np.array([0.5, 0.3, 0.2]), 0, np.array([0.0, 0.5, 1.0]))
    assert weights == pytest.approx(np.array([[0.0, 0.6, 0.4], [0.5, 0.3, 0.2], [1.0, 0.0, 0.0]]))
    assert weights.sum(axis=1) == pytest.approx(1.0)


def test_when_the_others_have_no_weight_they_share_the_rest_equally():
    weights = rescaled_weights(np.array([1.0, 0.0, 0.0]), 0, np.array([0.4]))
    assert weights == pytest.approx(np.array([[0.4, 0.3, 0.3]]))


def test_stability_intervals_are_the_hand_computed_crossing_points():
    result = stability_intervals(two_category_world(), top=2)
    assert result.first_place == ("B",)
    assert set(result.top_set) == {"B", "C"}
    quality = result.table.set_index("category").loc["quality"]
    assert quality["first_low"] == 0.0
    assert quality["first_high"] == pytest.approx(5 / 9)
    assert (quality["top_low"], quality["top_high"]) == pytest.approx((0.0, 4 / 7))
    price = result.table.set_index("category").loc["price"]  # the mirror image: 1 - t
    assert (price["first_low"], price["first_high"]) == pytest.approx((4 / 9, 1.0))
    assert (price["top_low"], price["top_high"]) == pytest.approx((3 / 7, 1.0))


def test_disqualified_vendors_do_not_move_the_stability_intervals():
    # D beats everyone but fails a gate: it ranks last in the sweeps and is ignored above.
    model = two_category_world(
        vendors=("A", "B", "C", "D"), spreads=np.zeros((4, 2)),
        utilities=np.array([[1.0, 0.2], [0.4, 1.0], [0.8, 0.5], [1.0, 1.0]]),
        present=np.ones((4, 2), dtype=bool), multiplier=np.ones(4),
        qualified=np.array([True, True, True, False]))
    quality = stability_intervals(model, top=2).table.set_index("category").loc["quality"]
    assert quality["first_high"] == pytest.approx(5 / 9)
    sweep = weight_sweeps(model, points=3).table
    assert (sweep.loc[sweep["vendor"] == "D", "rank"] == 4).all()


def test_crossing_points_with_missing_categories_match_a_dense_grid():
    # E has no price data: under `reweight` its score is its quality utility whatever t > 0,
    # so its crossings come from a ratio of linear functions (a quadratic), not a line.
    model = two_category_world(
        vendors=("A", "B", "E"),
        utilities=np.array([[1.0, 0.2], [0.4, 1.0], [0.66, 0.0]]),
        present=np.array([[True, True], [True, True], [True, False]]))
    exact = crossing_points(model, 0)
    grid = np.linspace(1e-6, 1 - 1e-6, 200_001)
    scores = model.scores(rescaled_weights(model.weights, 0, grid))
    differences = scores[:, :, None] - scores[:, None, :]
    flips = np.flatnonzero((np.sign(differences[1:]) != np.sign(differences[:-1])).any(axis=(1, 2)))
    assert exact == pytest.approx(grid[flips], abs=1e-5)
    assert exact == pytest.approx([0.34 / 0.6, 4 / 7, 0.46 / 0.8])


def test_ranks_along_a_stack_match_competition_ranks_with_ties_and_gates():
    scores = np.array([[3.0, 5.0, 5.0, 9.0], [1.0, 2.0, 3.0, 4.0]])
    qualified = np.array([True, True, True, False])
    assert competition_ranks_along(scores, qualified).tolist() == [[3, 1, 1, 4], [3, 2, 1, 4]]


def test_category_model_reproduces_the_project_scores_exactly():
    inputs = world(risks=(RiskItem(vendor="A", title="r", likelihood=5, impact=5),))
    result = evaluate(inputs)
    model = category_model(inputs, result)  # asserts the factorisation itself
    assert model.scores() == pytest.approx(result.table["score"].to_numpy())
    # A: quality (0.6*5 + 0.4*4)/5 = 0.92, pilot 0.8, money 0.5; an open 5x5 risk has exposure
    # 1.0, so the penalty is min(cap 0.2, rate 0.1 x 1.0) = 0.1
    a = model.vendors.index("A")
    assert model.utilities[a] == pytest.approx([0.92, 0.8, 0.5])
    assert model.multiplier[a] == pytest.approx(0.9)


def test_category_model_with_a_vendors_missing_category_under_reweight():
    inputs = world()
    inputs = inputs.model_copy(update={"measured": tuple(
        m for m in inputs.measured if m.vendor != "C")})  # no pilot for C; A and B have one
    result = evaluate(inputs)
    model = category_model(inputs, result)
    c = model.vendors.index("C")
    assert model.present[c].tolist() == [True, True, True]  # the pilot counts, as 0 for C
    assert model.utilities[c][1] == 0.0 and model.gaps[c].tolist() == [0.0, 1.0, 0.0]
    assert model.scores() == pytest.approx(result.table["score"].to_numpy())


def test_robustness_samples_a_missing_input_over_its_whole_range():
    inputs = world()
    inputs = inputs.model_copy(update={"measured": tuple(
        m for m in inputs.measured if m.vendor != "C")})
    model = category_model(inputs, evaluate(inputs))
    c = model.vendors.index("C")
    assert model.sampling_means()[c][1] == pytest.approx(0.5)
    assert model.sampling_spreads()[c][1] == pytest.approx(1 / 12 ** 0.5)
    assert model.missing_share[c] == pytest.approx(model.weights[1])


def test_a_category_no_vendor_has_evidence_for_is_left_out_of_the_model():
    inputs = world()
    inputs = inputs.model_copy(update={"measured": ()})  # no pilot for anyone
    result = evaluate(inputs)
    model = category_model(inputs, result)
    assert [row[1] for row in model.present.tolist()] == [False, False, False]
    assert not model.gaps.any()
    assert model.scores() == pytest.approx(result.table["score"].to_numpy())


def test_evaluator_spread_and_pilot_interval_become_utility_spreads():
    scores = {"A": {"review": [4, 5], "escalation": [4, 4]},
              "B": {"review": [3, 3], "escalation": [2, 2]},
              "C": {"review": [4], "escalation": [3, 3]}}
    inputs = world(scores=scores)
    result = evaluate(inputs)
    model = category_model(inputs, result, {("A", "pilot_accuracy"): (0.96, 0.99)})
    a, c = model.vendors.index("A"), model.vendors.index("C")
    # A's review: s = 0.707, s/sqrt(2) = 0.5 points = 0.1 utility; weight 0.6 in quality.
    assert model.spreads[a, 0] == pytest.approx(0.6 * 0.1)
    # A's accuracy interval .96-.99 spans utilities .6-.9 on the .90-1.0 threshold: 0.3 / 3.92.
    assert model.spreads[a, 1] == pytest.approx(0.3 / (2 * 1.959964), rel=1e-5)
    # C's single review borrows the pooled variance (only A's review cell varies: s^2 = 0.5
    # with one degree of freedom, pooled over 5 degrees of freedom = 0.1).
    assert model.spreads[c, 0] == pytest.approx(0.6 * np.sqrt(0.1) / 5)
