"""Invariants of the decision maths, checked on random matrices and worlds (hypothesis)."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tests.unit.worlds import profile, world
from vendor_eval.domain.enums import Direction
from vendor_eval.engine.aggregate import weighted_sum
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.matrix import DecisionMatrix, rank_weighted_sum
from vendor_eval.engine.normalize import Normalization
from vendor_eval.engine.rank import competition_ranks

values = st.floats(min_value=0.5, max_value=100, allow_nan=False, allow_infinity=False)


@st.composite
def matrices(draw, min_alternatives: int = 2):
    n = draw(st.integers(min_alternatives, 7))
    m = draw(st.integers(1, 5))
    table = draw(arrays(float, (n, m), elements=values))
    raw_weights = draw(arrays(float, m, elements=st.floats(0.01, 10)))
    directions = draw(st.lists(st.sampled_from(list(Direction)), min_size=m, max_size=m))
    return table, raw_weights / raw_weights.sum(), directions


def build(table, weights, directions, scale: float = 1.0) -> DecisionMatrix:
    columns = [f"c{j}" for j in range(table.shape[1])]
    frame = pd.DataFrame(table, index=[f"a{i}" for i in range(table.shape[0])], columns=columns)
    return DecisionMatrix.from_frame(
        frame, {c: w * scale for c, w in zip(columns, weights, strict=True)},
        dict(zip(columns, directions, strict=True)))


@given(matrices(), st.floats(0.01, 1000))
def test_scaling_all_weights_keeps_the_ranking(problem, factor):
    table, weights, _ = problem
    base = competition_ranks(weighted_sum(table, weights))
    assert (competition_ranks(weighted_sum(table, weights * factor)) == base).all()


@given(matrices(), st.sampled_from([Normalization.MINMAX, Normalization.MAX, Normalization.VECTOR]))
def test_percent_and_fraction_weights_rank_identically(problem, method):
    table, weights, directions = problem
    as_fraction = rank_weighted_sum(build(table, weights, directions), method)
    as_percent = rank_weighted_sum(build(table, weights, directions, scale=100.0), method)
    pd.testing.assert_frame_equal(as_fraction, as_percent)


@given(matrices(), st.data(), st.sampled_from(list(Normalization)[1:]))
def test_an_alternative_better_on_every_criterion_never_ranks_below(problem, data, method):
    table, weights, directions = problem
    better = table.copy()
    worse = data.draw(st.integers(0, table.shape[0] - 1))
    # make row 0 dominate row `worse`: at least as good everywhere, strictly on one criterion
    for j, direction in enumerate(directions):
        if direction is Direction.BENEFIT:
            better[0, j] = max(better[0, j], better[worse, j])
        else:
            better[0, j] = min(better[0, j], better[worse, j])
    if worse == 0:
        return
    strict = data.draw(st.integers(0, table.shape[1] - 1))
    better[0, strict] = better[0, strict] * (1.5 if directions[strict] is Direction.BENEFIT else 0.5)
    ranking = rank_weighted_sum(build(better, weights, directions), method).set_index("alternative")
    assert ranking.loc["a0", "rank"] <= ranking.loc[f"a{worse}", "rank"]


scores = st.integers(0, 5).map(float)


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({v: st.fixed_dictionaries({"review": st.lists(scores, min_size=1,
                                                                          max_size=3),
                                                        "escalation": st.lists(scores, min_size=1,
                                                                               max_size=3)})
                              for v in "ABC"}),
       st.sampled_from("ABC"))
def test_a_failed_gate_always_disqualifies(score_table, failing):
    gates = {v: v != failing for v in "ABC"}
    table = evaluate(world(scores=score_table, gates=gates)).table.set_index("vendor")
    assert not table.loc[failing, "qualified"]
    assert table.loc[failing, "rank"] > table.loc[table["qualified"], "rank"].max()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5), st.integers(0, 5))
def test_a_vendor_at_least_as_good_everywhere_ranks_at_least_as_high(r1, e1, r2, e2):
    # Without price in the profile, A (accuracy 0.98) dominates C (0.95) whenever its rubric
    # scores are at least C's on both criteria.
    a = {"review": [float(max(r1, r2))], "escalation": [float(max(e1, e2))]}
    c = {"review": [float(min(r1, r2))], "escalation": [float(min(e1, e2))]}
    no_price = profile(categories={
        "quality": {"weight": 60, "criteria": {"review": 60, "escalation": 40}},
        "pilot": {"weight": 40, "criteria": {"pilot_accuracy": 100}}})
    inputs = world(scores={"A": a, "B": c, "C": c}, the_profile=no_price)
    table = evaluate(inputs).table.set_index("vendor")
    assert table.loc["A", "rank"] <= table.loc["C", "rank"]
    assert table.loc["A", "score"] > table.loc["C", "score"]
