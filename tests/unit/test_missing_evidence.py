"""Missing evidence never helps a vendor: a vendor scored only where it shines ranks below
vendors scored on everything, under either missing-score policy, and the robustness figure
widens with what is missing instead of calling it certain."""

from __future__ import annotations

import pytest

from tests.unit.documents.small import changed, evidence
from tests.unit.worlds import profile, world
from vendor_eval.engine.evaluate import evaluate

# A has one score, a 5 on Review, and no pilot; B and C are scored on everything.
SCORES = {"A": {"review": [5]}, "B": {"review": [4], "escalation": [4]},
          "C": {"review": [3], "escalation": [3]}}


def thin_a(policy: str):
    inputs = world(scores=SCORES, the_profile=profile(missing_scores=policy))
    return changed(inputs, measured=tuple(m for m in inputs.measured if m.vendor != "A"))


@pytest.mark.parametrize("policy", ["reweight", "zero"])
def test_a_vendor_scored_only_where_it_shines_does_not_rank_first(policy: str) -> None:
    table = evaluate(thin_a(policy)).table

    assert table.iloc[0]["vendor"] != "A"
    assert table.set_index("vendor").loc["A", "rank"] == 3


@pytest.mark.parametrize("policy", ["reweight", "zero"])
def test_the_robustness_figure_leaves_room_for_what_is_missing(policy: str) -> None:
    complete = evidence(world(scores={**SCORES, "A": {"review": [5], "escalation": [1]}},
                              the_profile=profile(missing_scores=policy)))
    thin = evidence(thin_a(policy))

    first = thin.robustness.first_rank
    assert first["A"] < 0.5, "A ranks first in no more than a minority of the samples"
    assert first["A"] > 0.0, "its missing inputs could still put it first"
    assert complete.robustness.first_rank["A"] != first["A"]
