"""Cached pure computations for the pages, keyed on their inputs (never on a database session)."""

from __future__ import annotations

import hashlib

import streamlit as st

from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.engine.evaluate import evaluate
from vendor_eval.engine.result import RankResult


def fingerprint(inputs: EvaluationInputs) -> str:
    """A digest of all evidence and the profile: the cache key that goes stale when data changes."""
    return hashlib.sha256(inputs.model_dump_json().encode()).hexdigest()


def ranking(inputs: EvaluationInputs,
            category_weights: dict[str, float] | None = None) -> RankResult:
    """The engine's ranking of `inputs`, under what-if category weights when given.

    Raises `InputError` when the weights are not acceptable (they must sum to 100 or to 1).
    """
    weights = None if category_weights is None else tuple(sorted(category_weights.items()))
    return _ranking(fingerprint(inputs), weights, inputs)


@st.cache_data(max_entries=128, show_spinner=False)
def _ranking(evidence: str, weights: tuple[tuple[str, float], ...] | None,
             _inputs: EvaluationInputs) -> RankResult:
    # `evidence` (the fingerprint) and `weights` form the key; `_inputs` is not hashed.
    inputs = _inputs
    if weights is not None:
        inputs = inputs.with_profile(inputs.profile.with_category_weights(dict(weights)))
    return evaluate(inputs)
