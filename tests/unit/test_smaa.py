"""SMAA-2: the properties that make rank acceptabilities trustworthy, on small explicit problems."""

from __future__ import annotations

import numpy as np
import pytest

from tests.unit.worlds import world
from vendor_eval.engine.category_model import category_model, category_scores
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.smaa import (
    MAX_SAMPLES,
    WeightSampling,
    confidence_factors,
    sample_weights,
    smaa,
    smaa_scores,
)
from vendor_eval.errors import InputError


@pytest.fixture
def problem():
    """Five alternatives x four criteria, seeded; spreads make every rank reachable."""
    rng = np.random.default_rng(11)
    return dict(alternatives=[f"a{i}" for i in range(5)], criteria=[f"c{j}" for j in range(4)],
                means=rng.uniform(0.3, 0.9, (5, 4)), weights=np.array([0.4, 0.3, 0.2, 0.1]),
                spreads=np.full((5, 4), 0.1))


def test_fixed_weights_and_no_noise_reproduce_the_deterministic_ranking():
    inputs = world()
    result = evaluate(inputs)
    model = category_model(inputs, result)
    run = smaa(list(model.vendors), list(model.categories), model.utilities, model.weights,
               present=model.present, multiplier=model.multiplier, samples=2_000, seed=5,
               concentration=1e9)
    # The table is in rank order (A, C, B), so acceptability is the identity: always that rank.
    assert run.alternatives == tuple(result.table["vendor"])
    assert run.rank_acceptability == pytest.approx(np.eye(3))
    assert run.central_weights[0] == pytest.approx(model.weights, abs=1e-4)
    assert run.confidence_factors[0] == pytest.approx(1.0)
    assert np.isnan(run.confidence_factors[1:]).all()
    assert run.pairwise_winning == pytest.approx(np.triu(np.ones((3, 3)), k=1))


def test_acceptabilities_sum_to_one_per_alternative_and_per_rank(problem):
    run = smaa(**problem, samples=5_000, seed=1, sampling=WeightSampling.UNIFORM)
    assert run.rank_acceptability.sum(axis=1) == pytest.approx(np.ones(5))
    assert run.rank_acceptability.sum(axis=0) == pytest.approx(np.ones(5))
    off_diagonal = ~np.eye(5, dtype=bool)
    assert (run.pairwise_winning + run.pairwise_winning.T)[off_diagonal] == pytest.approx(1.0)


def test_same_seed_gives_the_same_result_and_another_seed_differs(problem):
    first = smaa(**problem, samples=3_000, seed=42)
    again = smaa(**problem, samples=3_000, seed=42)
    other = smaa(**problem, samples=3_000, seed=43)
    assert np.array_equal(first.rank_acceptability, again.rank_acceptability)
    assert np.array_equal(first.pairwise_winning, again.pairwise_winning)
    assert np.allclose(first.central_weights, again.central_weights, equal_nan=True)
    assert not np.array_equal(first.rank_acceptability, other.rank_acceptability)
    assert (first.seed, first.samples, first.concentration) == (42, 3_000, 50.0)


def test_sampling_in_chunks_is_deterministic_and_agrees_with_one_pass(problem, monkeypatch):
    whole = smaa(**problem, samples=20_000, seed=9)
    import vendor_eval.engine.smaa as module

    monkeypatch.setattr(module, "MAX_CHUNK", 1_000)
    chunked = smaa(**problem, samples=20_000, seed=9)
    assert np.array_equal(chunked.rank_acceptability,
                          smaa(**problem, samples=20_000, seed=9).rank_acceptability)
    # Different chunking draws in another order: equal up to Monte Carlo error (sd < 0.004).
    assert chunked.rank_acceptability == pytest.approx(whole.rank_acceptability, abs=0.02)


def test_a_dominated_alternative_never_ranks_first_whatever_the_weights():
    means = np.array([[0.9, 0.8, 0.7], [0.5, 0.4, 0.3], [0.2, 0.9, 0.6]])
    run = smaa(["best", "dominated", "other"], ["x", "y", "z"], means, np.ones(3),
               samples=5_000, seed=2, sampling=WeightSampling.UNIFORM)
    dominated = run.alternatives.index("dominated")
    assert run.first_rank_acceptability[dominated] == 0.0
    assert np.isnan(run.central_weights[dominated]).all()
    assert np.isnan(run.confidence_factors[dominated])
    assert run.pairwise_winning[run.alternatives.index("best"), dominated] == 1.0


def test_tied_alternatives_share_their_ranks_fairly():
    means = np.array([[0.5, 0.5], [0.5, 0.5], [0.1, 0.1]])
    run = smaa(["x", "twin", "low"], ["a", "b"], means, np.array([0.5, 0.5]), samples=20_000,
               seed=4)
    assert run.rank_acceptability[:2, :2] == pytest.approx(np.full((2, 2), 0.5), abs=0.02)
    assert run.rank_acceptability[2] == pytest.approx([0.0, 0.0, 1.0])


def test_concentration_narrows_the_dirichlet_around_the_profile():
    rng = np.random.default_rng(0)
    centre = np.array([0.5, 0.3, 0.2])
    loose = sample_weights(rng, centre, 20_000, 5.0, WeightSampling.DIRICHLET)
    tight = sample_weights(rng, centre, 20_000, 500.0, WeightSampling.DIRICHLET)
    assert loose.mean(axis=0) == pytest.approx(centre, abs=0.01)
    assert tight.mean(axis=0) == pytest.approx(centre, abs=0.002)
    # Var(w_k) = w_k (1 - w_k) / (concentration + 1)
    assert tight.var(axis=0) == pytest.approx(centre * (1 - centre) / 501, rel=0.1)
    assert np.allclose(loose.sum(axis=1), 1.0) and (loose >= 0).all()


def test_a_zero_profile_weight_stays_zero_under_the_dirichlet():
    draws = sample_weights(np.random.default_rng(1), np.array([0.6, 0.4, 0.0]), 1_000, 20.0,
                           WeightSampling.DIRICHLET)
    assert (draws[:, 2] == 0).all()


def test_sampled_scores_follow_the_score_model():
    # Fixed weights: mean and standard deviation of a score are the formula's.
    means = np.array([[0.6, 0.9], [0.4, 0.5]])
    spreads = np.array([[0.1, 0.2], [0.0, 0.05]])
    present = np.array([[True, True], [True, False]])
    weights = np.tile([0.25, 0.75], (200_000, 1))
    noise = np.random.default_rng(8).standard_normal((200_000, 2))
    scores = smaa_scores(weights, means, spreads, present, np.array([1.0, 0.5]), noise)
    assert scores.mean(axis=0) == pytest.approx([0.25 * 0.6 + 0.75 * 0.9, 0.5 * 0.4], abs=2e-3)
    assert scores.std(axis=0) == pytest.approx(
        [np.sqrt(0.25**2 * 0.1**2 + 0.75**2 * 0.2**2), 0.0], abs=2e-3)
    exact = category_scores(means, present, np.array([1.0, 0.5]), weights[:1]) / 100
    assert smaa_scores(weights[:1], means, np.zeros((2, 2)), present, np.array([1.0, 0.5]),
                       noise[:1]) == pytest.approx(exact)


def test_confidence_factor_matches_a_monte_carlo_estimate():
    means = np.array([[0.60, 0.50], [0.55, 0.58], [0.40, 0.45]])
    spreads = np.full((3, 2), 0.05)
    central = np.array([[0.7, 0.3], [0.2, 0.8], [np.nan, np.nan]])
    present, multiplier = np.ones((3, 2), dtype=bool), np.ones(3)
    integrated = confidence_factors(central, means, spreads, present, multiplier)
    rng = np.random.default_rng(3)
    draws = means + spreads * rng.standard_normal((200_000, 3, 2))
    for c in range(2):
        scores = draws @ central[c]
        simulated = (scores.argmax(axis=1) == c).mean()
        assert integrated[c] == pytest.approx(simulated, abs=0.005)
    assert np.isnan(integrated[2])


def test_progress_is_reported_up_to_completion(problem):
    seen: list[float] = []
    smaa(**problem, samples=1_000, seed=0, progress=seen.append)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"samples": 0}, "samples"),
        ({"samples": MAX_SAMPLES + 1}, "samples"),
        ({"seed": -1}, "seed"),
        ({"concentration": 0.0}, "concentration"),
        ({"concentration": float("nan")}, "concentration"),
        ({"weights": np.array([0.5, np.nan, 0.3, 0.2])}, "weights"),
        ({"weights": np.array([0.5, -0.1, 0.3, 0.3])}, "weights"),
    ],
)
def test_bad_parameters_are_refused(problem, change, column):
    with pytest.raises(InputError) as caught:
        smaa(**{**problem, **change})
    assert caught.value.column == column
