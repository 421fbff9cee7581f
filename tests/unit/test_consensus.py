"""Consensus maths: spread per cell, Krippendorff's alpha, evaluator calibration, and the
consensus score taking the mean's place in the engine; plus who may see what when."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from vendor_eval.domain.enums import Role
from vendor_eval.domain.people import Actor
from vendor_eval.domain.team import ScoreView, visibility
from vendor_eval.engine.consensus import (
    alpha_by_criterion,
    calibration,
    cell_statistics,
    consensus_report,
    ordinal_alpha,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pilot"


def sheet(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["vendor", "criterion_id", "evaluator", "score"])


# Three evaluators, two vendors, one criterion. Checkable by hand:
#   A/q: 4, 4, 1 -> mean 3, median 4, spread 3 (to discuss)
#   B/q: 2, 3, 3 -> mean 8/3, median 3, spread 1
SMALL = sheet([
    ("A", "q", "Ana", 4), ("A", "q", "Bo", 4), ("A", "q", "Cy", 1),
    ("B", "q", "Ana", 2), ("B", "q", "Bo", 3), ("B", "q", "Cy", 3),
])


def test_cell_statistics_give_mean_median_and_spread_per_vendor_and_criterion():
    cells = cell_statistics(SMALL).set_index("vendor")
    assert cells.loc["A", "mean"] == 3 and cells.loc["A", "median"] == 4
    assert cells.loc["A", "spread"] == 3 and cells.loc["A", "n"] == 3
    assert cells.loc["B", "mean"] == pytest.approx(8 / 3) and cells.loc["B", "median"] == 3
    assert cells.loc["B", "spread"] == 1


def test_a_spread_of_two_or_more_is_listed_for_discussion():
    report = consensus_report(SMALL)
    assert list(report.to_discuss["vendor"]) == ["A"]
    at_two = cell_statistics(sheet([("C", "q", "Ana", 1), ("C", "q", "Bo", 3)]))
    assert bool(at_two["discuss"].iloc[0])


def test_consensus_scores_are_shown_beside_the_cell_statistics():
    agreed = pd.DataFrame([{"vendor": "A", "criterion_id": "q", "score": 3.5}])
    cells = cell_statistics(SMALL, agreed).set_index("vendor")
    assert cells.loc["A", "consensus"] == 3.5
    assert math.isnan(cells.loc["B", "consensus"])


def test_ordinal_alpha_matches_krippendorff_2011_worked_example():
    # Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability, section C: four
    # observers, twelve units, values 1-5 with missing data; ordinal alpha = 0.815.
    frame = pd.read_csv(FIXTURES / "krippendorff_2011.csv")
    scores = frame.rename(columns={"item_id": "vendor", "rater_id": "evaluator",
                                   "label": "score"}).assign(criterion_id="c")
    assert ordinal_alpha(scores) == pytest.approx(0.815, abs=5e-4)
    assert alpha_by_criterion(scores).iloc[0]["alpha"] == pytest.approx(0.815, abs=5e-4)


def test_perfect_agreement_gives_alpha_one_and_no_variation_gives_none():
    agree = sheet([(v, "q", e, s) for v, s in (("A", 1), ("B", 3), ("C", 5))
                   for e in ("Ana", "Bo")])
    assert ordinal_alpha(agree) == pytest.approx(1.0)
    flat = sheet([(v, "q", e, 3) for v in ("A", "B") for e in ("Ana", "Bo")])
    assert ordinal_alpha(flat) is None
    assert math.isnan(alpha_by_criterion(flat).iloc[0]["alpha"])


def test_alpha_per_criterion_uses_vendors_as_units():
    scores = pd.concat([
        sheet([(v, "agreed", e, s) for v, s in (("A", 1), ("B", 4)) for e in ("Ana", "Bo")]),
        sheet([("A", "split", "Ana", 1), ("A", "split", "Bo", 4),
               ("B", "split", "Ana", 4), ("B", "split", "Bo", 1)]),
    ])
    alphas = alpha_by_criterion(scores).set_index("criterion_id")["alpha"]
    assert alphas["agreed"] == pytest.approx(1.0)
    assert alphas["split"] < 0


def test_leniency_compares_each_evaluator_with_the_others_mean():
    # Against the other two: Ana on A 4 vs 2.5 (+1.5), on B 2 vs 3 (-1) -> leniency +0.25;
    # Cy on A 1 vs 4 (-3), on B 3 vs 2.5 (+0.5) -> -1.25; Bo: 4 vs 2.5, 3 vs 2.5 -> +1.0.
    table = calibration(SMALL).set_index("evaluator")
    assert table.loc["Ana", "leniency"] == pytest.approx(0.25)
    assert table.loc["Bo", "leniency"] == pytest.approx(1.0)
    assert table.loc["Cy", "leniency"] == pytest.approx(-1.25)
    assert table.loc["Cy", "mean_abs_deviation"] == pytest.approx(1.75)
    assert (table["cells"] == 2).all()


def test_leniency_uses_the_consensus_where_one_was_set():
    agreed = pd.DataFrame([{"vendor": "A", "criterion_id": "q", "score": 4.0}])
    table = calibration(SMALL, agreed).set_index("evaluator")
    # Cy: A 1 vs consensus 4 (-3), B 3 vs others' 2.5 (+0.5)
    assert table.loc["Cy", "leniency"] == pytest.approx(-1.25)
    # Ana: A 4 vs 4 (0), B 2 vs 3 (-1)
    assert table.loc["Ana", "leniency"] == pytest.approx(-0.5)


def test_a_systematically_harsh_evaluator_shows_negative_leniency_but_high_correlation():
    team = [("A", 5), ("B", 4), ("C", 3), ("D", 2)]
    scores = sheet([(v, "q", e, s) for v, s in team for e in ("Ana", "Bo")]
                   + [(v, "q", "Harsh", s - 1) for v, s in team])
    row = calibration(scores).set_index("evaluator").loc["Harsh"]
    assert row["leniency"] == pytest.approx(-1.0)
    assert row["correlation"] == pytest.approx(1.0)


def test_an_evaluator_may_not_score_a_cell_twice():
    with pytest.raises(ValueError, match="only once"):
        cell_statistics(sheet([("A", "q", "Ana", 1), ("A", "q", "Ana", 2)]))


# ---------------------------------------------------------------- who sees what, when

ANA = Actor(name="Ana", role=Role.EVALUATOR)
CY = Actor(name="Cy", role=Role.ANALYST)
VIC = Actor(name="Vic", role=Role.VIEWER)
TEAM = frozenset({"Ana", "Bo"})


@pytest.mark.parametrize("actor, submitted, unlocked, scores, prices", [
    # an evaluator still scoring: own scores, no prices, whatever else happened
    (ANA, frozenset(), False, ScoreView.OWN, False),
    (ANA, frozenset({"Bo"}), True, ScoreView.OWN, False),
    # submitted, but Bo has not: prices open, others' scores still closed
    (ANA, frozenset({"Ana"}), False, ScoreView.OWN, True),
    (ANA, TEAM, False, ScoreView.ALL, True),
    # analysts and viewers: scores once all submitted or unlocked; prices always
    (CY, frozenset({"Ana"}), False, ScoreView.OWN, True),
    (CY, frozenset({"Ana"}), True, ScoreView.ALL, True),
    (CY, TEAM, False, ScoreView.ALL, True),
    (VIC, TEAM, False, ScoreView.ALL, True),
])
def test_visibility_follows_blind_scoring_and_the_two_envelope_rule(actor, submitted, unlocked,
                                                                    scores, prices):
    role_sees_prices = actor.role is not Role.EVALUATOR
    seen = visibility(actor, TEAM, submitted, unlocked, role_sees_prices)
    assert (seen.scores, seen.prices) == (scores, prices)


def test_an_analyst_who_scores_is_bound_like_any_evaluator():
    seen = visibility(CY, TEAM | {"Cy"}, TEAM, unlocked=True, role_sees_prices=True)
    assert seen.scores is ScoreView.OWN and not seen.prices
    assert any("sealed" in note for note in seen.notes)


def test_nobody_assigned_means_nothing_is_blind():
    seen = visibility(CY, frozenset(), frozenset(), unlocked=False, role_sees_prices=True)
    assert seen.all_scores and seen.prices and not seen.notes


# ---------------------------------------------------------------- the engine uses consensus

def test_a_consensus_score_replaces_the_mean_of_that_cell_only():
    from tests.unit.worlds import world
    from vendor_eval.domain.team import ConsensusScore
    from vendor_eval.engine.evaluate import evaluate, mean_scores

    inputs = world(scores={"A": {"review": [5, 1], "escalation": [4, 2]},
                           "B": {"review": [3, 3], "escalation": [2, 2]},
                           "C": {"review": [4, 4], "escalation": [3, 3]}})
    assert mean_scores(inputs).loc["A", "review"] == 3.0
    agreed = inputs.model_copy(update={"consensus": (
        ConsensusScore(vendor="A", criterion_id="review", score=4.5, rationale="site visit"),)})
    means = mean_scores(agreed)
    assert means.loc["A", "review"] == 4.5
    assert means.loc["A", "escalation"] == 3.0 and means.loc["B", "review"] == 3.0
    before = evaluate(inputs).contributions.set_index(["vendor", "criterion_id"])
    after = evaluate(agreed).contributions.set_index(["vendor", "criterion_id"])
    assert after.loc[("A", "review"), "display_value"] == "scored 4.5/5"
    assert after.loc[("A", "review"), "points"] > before.loc[("A", "review"), "points"]


def test_a_consensus_alone_scores_a_cell_nobody_scored():
    from tests.unit.worlds import world
    from vendor_eval.domain.team import ConsensusScore
    from vendor_eval.engine.evaluate import mean_scores

    inputs = world(scores={"A": {"review": [5]}}).model_copy(update={"consensus": (
        ConsensusScore(vendor="B", criterion_id="escalation", score=2, rationale="agreed"),)})
    means = mean_scores(inputs)
    assert means.loc["B", "escalation"] == 2 and means.loc["A", "review"] == 5
