"""TOPSIS: Hwang & Yoon's published example, cost criteria, samples axis, Kendall's tau."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import vector_normalization

from tests.unit.worlds import profile, world
from vendor_eval.domain.enums import Direction
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.matrix import DecisionMatrix
from vendor_eval.engine.normalize import Normalization, normalize_columns
from vendor_eval.engine.topsis import (
    compare_with_topsis,
    kendall_tau,
    rank_topsis,
    topsis,
    topsis_closeness,
)
from vendor_eval.errors import InputError

# Hwang & Yoon (1981), Multiple Attribute Decision Making: Methods and Applications (Springer,
# Lecture Notes in Economics and Mathematical Systems 186), the fighter aircraft example: max
# speed (Mach), ferry range (NM), max payload (lb), acquisition cost ($M, a cost), reliability
# and manoeuvrability (qualitative, on their interval scale: low 3, average 5, high 7, very
# high 9). Published relative closeness C* = 0.643, 0.268, 0.613, 0.312: A1 > A3 > A4 > A2.
AIRCRAFT = pd.DataFrame(
    [[2.0, 1500, 20000, 5.5, 5, 9],
     [2.5, 2700, 18000, 6.5, 3, 5],
     [1.8, 2000, 21000, 4.5, 7, 7],
     [2.2, 1800, 20000, 5.0, 5, 5]],
    index=["A1", "A2", "A3", "A4"],
    columns=["speed", "range", "payload", "cost", "reliability", "manoeuvrability"],
)
AIRCRAFT_WEIGHTS = {"speed": 0.2, "range": 0.1, "payload": 0.1, "cost": 0.1,
                    "reliability": 0.2, "manoeuvrability": 0.3}
AIRCRAFT_DIRECTIONS = {c: Direction.COST if c == "cost" else Direction.BENEFIT
                       for c in AIRCRAFT.columns}
PUBLISHED_CLOSENESS = {"A1": 0.643, "A2": 0.268, "A3": 0.613, "A4": 0.312}


def aircraft() -> DecisionMatrix:
    return DecisionMatrix.from_frame(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS)


def test_fighter_aircraft_example_reproduces_published_closeness():
    table = rank_topsis(aircraft())
    closeness = dict(zip(table["alternative"], table["score"], strict=True))
    # The book rounds intermediate values to 4 places, hence a tolerance of 1e-3.
    assert closeness == pytest.approx(PUBLISHED_CLOSENESS, abs=1e-3)
    assert list(table["alternative"]) == ["A1", "A3", "A4", "A2"]
    assert list(table["rank"]) == [1, 2, 3, 4]


def test_cost_criterion_prefers_the_cheaper_alternative():
    values = np.array([[10.0], [40.0]])
    assert topsis(values, np.array([1.0]), np.array([True])) == pytest.approx([1.0, 0.0])
    assert topsis(values, np.array([1.0]), np.array([False])) == pytest.approx([0.0, 1.0])


def test_reflected_cost_columns_give_the_textbook_result():
    # The wrapper turns cost columns into 1 - x/||x|| for other normalisations; TOPSIS distances
    # do not change when a column is reflected, so this equals choosing the ideal by direction.
    rng = np.random.default_rng(7)
    values = rng.uniform(1, 100, (6, 5))
    weights = rng.dirichlet(np.ones(5))
    is_cost = np.array([True, False, True, False, False])
    reflected = normalize_columns(values, is_cost, Normalization.VECTOR)
    assert topsis_closeness(reflected, weights) == pytest.approx(topsis(values, weights, is_cost))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_agrees_with_pymcdm_topsis_on_random_matrices(seed):
    rng = np.random.default_rng(seed)
    values = rng.uniform(1, 50, (7, 4))
    weights = rng.dirichlet(np.ones(4))
    types = np.array([1, -1, 1, -1])
    library = TOPSIS(normalization_function=vector_normalization)(values, weights, types)
    assert topsis(values, weights, types < 0) == pytest.approx(library)


def test_kernel_is_vectorised_over_a_leading_samples_axis():
    rng = np.random.default_rng(3)
    stack = rng.uniform(0, 1, (20, 5, 3))
    weights = rng.dirichlet(np.ones(3), 20)
    is_cost = np.array([False, True, False])
    together = topsis(stack, weights, is_cost)
    one_by_one = np.array([topsis(stack[s], weights[s], is_cost) for s in range(20)])
    assert together.shape == (20, 5)
    assert together == pytest.approx(one_by_one)


def test_identical_alternatives_are_equally_close():
    assert topsis(np.ones((3, 2)), np.array([0.5, 0.5]), np.array([False, False])) == \
        pytest.approx([0.5, 0.5, 0.5])


def test_nan_weight_is_refused():
    bad = DecisionMatrix(alternatives=("a", "b"), criteria=("c",), values=np.array([[1.0], [2.0]]),
                         weights=np.array([np.nan]), directions=(Direction.BENEFIT,))
    with pytest.raises(InputError, match="NaN"):
        rank_topsis(bad)


@pytest.mark.parametrize(
    ("a", "b", "tau"),
    [
        ([1, 2, 3, 4], [1, 2, 3, 4], 1.0),
        ([1, 2, 3, 4], [4, 3, 2, 1], -1.0),
        ([1, 2, 3, 4], [2, 1, 3, 4], 4 / 6),  # one discordant pair out of six
    ],
)
def test_kendall_tau_between_rankings(a, b, tau):
    assert kendall_tau(np.array(a), np.array(b)) == pytest.approx(tau)


def test_kendall_tau_is_undefined_for_a_single_alternative():
    assert kendall_tau(np.array([1]), np.array([1])) is None


def test_project_topsis_ranks_the_same_evidence_and_reports_agreement():
    comparison = compare_with_topsis(evaluate(world()))
    table = comparison.table.set_index("vendor")
    assert set(table.index) == {"A", "B", "C"}
    assert table["wsm_rank"].to_dict() == {"A": 1, "C": 2, "B": 3}
    assert ((table["closeness"] >= 0) & (table["closeness"] <= 1)).all()
    assert table["score"].to_dict() == pytest.approx((100 * table["closeness"]).to_dict())
    expected_tau = kendall_tau(table.loc[["A", "B", "C"], "rank"].to_numpy(),
                               np.array([1, 3, 2]))
    assert comparison.kendall_tau == pytest.approx(expected_tau)
    assert comparison.disagree == (table["rank"] != table["wsm_rank"]).any()


def test_project_topsis_keeps_disqualified_vendors_last():
    comparison = compare_with_topsis(evaluate(world(gates={"A": False, "B": True, "C": True})))
    assert comparison.table.iloc[-1]["vendor"] == "A"
    assert not comparison.table.iloc[-1]["qualified"]


def closeness_without_b_escalation(policy: str) -> float:
    inputs = world(the_profile=profile(missing_scores=policy))
    inputs = inputs.model_copy(update={"scores": tuple(
        s for s in inputs.scores if not (s.vendor == "B" and s.criterion_id == "escalation"))})
    comparison = compare_with_topsis(evaluate(inputs))  # checks the imputation is exact
    return float(comparison.table.set_index("vendor").loc["B", "closeness"])


def test_a_vendors_own_missing_score_is_the_worst_under_either_policy():
    # B was never scored on escalation, A and C were: both policies count B's gap as 0 (the
    # imputation reproduces the weighted sum either way), so missing evidence never helps B.
    assert closeness_without_b_escalation("reweight") == pytest.approx(
        closeness_without_b_escalation("zero"))
    scored = compare_with_topsis(evaluate(world()))
    assert float(scored.table.set_index("vendor").loc["B", "closeness"]) > \
        closeness_without_b_escalation("reweight")
