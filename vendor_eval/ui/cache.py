"""Cached pure computations for the pages, keyed on their inputs (never on a database session)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import streamlit as st

from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.people import Actor
from vendor_eval.domain.presentation import format_percent
from vendor_eval.engine.result import RankResult
from vendor_eval.services.decision.ranking import load_evaluation, rank_what_if
from vendor_eval.services.kernel.audit import data_version
from vendor_eval.store.unit_of_work import UnitOfWork

# TOPSIS, robustness and pilot analysis pull in scipy, scikit-learn and statsmodels (about a
# second): they are imported where used, so pages that do not need them open without the wait.
if TYPE_CHECKING:
    from vendor_eval.engine.topsis import MethodComparison
    from vendor_eval.pilot.analysis import PilotAnalysis, PilotOptions, Task
    from vendor_eval.services.decision.robustness import RobustnessReport
    from vendor_eval.services.evidence.pilot import Upload


def evaluation(uow: UnitOfWork, actor: Actor, project: str) -> EvaluationInputs:
    """The project's evidence as `actor` may see it, read from the database again only after
    something was written (any write moves the audit chain's head) or the day changed
    (certificates expire by the calendar). A slider move or a click that writes nothing then
    costs no database read.

    The inputs are immutable, so every run may share the same object.
    """
    return _evaluation(str(uow.engine.url), project, actor.model_dump_json(),
                       data_version(uow), date.today().isoformat(), uow, actor)


@st.cache_resource(max_entries=32, show_spinner=False)
def _evaluation(database: str, project: str, actor_key: str, version: str, day: str,
                _uow: UnitOfWork, _actor: Actor) -> EvaluationInputs:
    return load_evaluation(_uow, _actor, project)


def cache_key(inputs: EvaluationInputs) -> str:
    """A token that changes whenever the inputs or this reader's view of them change.

    Not `inputs.fingerprint()`: that one sorts every list so stored order does not matter, which
    a cache key does not need and which costs 12 ms against 1.6 ms on the demo, on every rerun.
    """
    return hashlib.sha256(inputs.model_dump_json().encode()).hexdigest()


def ranking(inputs: EvaluationInputs,
            category_weights: dict[str, float] | None = None) -> RankResult:
    """The engine's ranking of `inputs`, under what-if category weights when given.

    Raises `InputError` when the weights are not acceptable (they must sum to 100 or to 1).
    """
    weights = None if category_weights is None else tuple(sorted(category_weights.items()))
    return _ranking(cache_key(inputs), weights, inputs)


@st.cache_data(max_entries=128, show_spinner=False)
def _ranking(evidence: str, weights: tuple[tuple[str, float], ...] | None,
             _inputs: EvaluationInputs) -> RankResult:
    # `evidence` (the cache key) and `weights` form the key; `_inputs` is not hashed.
    return rank_what_if(_inputs, None if weights is None else dict(weights))


def topsis(inputs: EvaluationInputs,
           category_weights: dict[str, float] | None = None) -> MethodComparison:
    """The same ranking by TOPSIS, with Kendall's tau against the weighted sum."""
    weights = None if category_weights is None else tuple(sorted(category_weights.items()))
    return _topsis(cache_key(inputs), weights, inputs)


@st.cache_data(max_entries=128, show_spinner=False)
def _topsis(evidence: str, weights: tuple[tuple[str, float], ...] | None,
            _inputs: EvaluationInputs) -> MethodComparison:
    from vendor_eval.engine.topsis import compare_with_topsis

    return compare_with_topsis(_ranking(evidence, weights, _inputs))


def sensitivity(uow: UnitOfWork, actor: Actor, inputs: EvaluationInputs, *, samples: int,
                seed: int, concentration: float, sampling: str, top: int,
                category_weights: dict[str, float] | None = None) -> RobustnessReport:
    """`project_robustness` of the project `inputs` come from, cached on its evidence, the
    sampling parameters and the what-if weights. A computed run shows a progress bar.

    Raises `InputError` for parameters the service refuses (a sample count of 0, say).
    """
    weights = None if category_weights is None else tuple(sorted(category_weights.items()))
    return _sensitivity(cache_key(inputs), inputs.project.key, actor.model_dump_json(),
                        samples, seed, float(concentration), sampling, top, weights, uow, actor)


@st.cache_data(max_entries=32, show_spinner=False)
def _sensitivity(evidence: str, project: str, actor_key: str, samples: int, seed: int,
                 concentration: float, sampling: str, top: int,
                 weights: tuple[tuple[str, float], ...] | None, _uow: UnitOfWork,
                 _actor: Actor) -> RobustnessReport:
    from vendor_eval.engine.smaa import WeightSampling
    from vendor_eval.services.decision.robustness import project_robustness

    # The bar is made inside the cached function: st.cache_data replays what a cached function
    # draws, which works only for elements it created itself.
    bar = st.progress(0.0, text=f"Sampling {samples:,} weightings...")
    try:
        result = project_robustness(
            _uow, _actor, project, samples=samples, seed=seed, concentration=concentration,
            method=WeightSampling(sampling), top=top,
            category_weights=None if weights is None else dict(weights),
            progress=lambda done: bar.progress(
                min(max(done, 0.0), 1.0),
                text=f"Sampled {format_percent(done, 0)} of {samples:,} weightings"),
        )
    finally:
        bar.empty()
    return result.report()


def pilot_analysis(gold: Upload, labels: Sequence[Upload], *, task: Task,
                   prices: Upload | None, options: PilotOptions) -> PilotAnalysis:
    """`analyze_pilot_uploads` cached on the files' names and bytes and the options.

    Raises `InputError` naming the file, row and column of bad input.
    """
    return _pilot_analysis(gold, tuple(labels), task, prices, options.model_dump_json(), options)


@st.cache_data(max_entries=16, show_spinner="Analysing the pilot...")
def _pilot_analysis(gold: Upload, labels: tuple[Upload, ...], task: Task,
                    prices: Upload | None, options_key: str,
                    _options: PilotOptions) -> PilotAnalysis:
    from vendor_eval.services.evidence.pilot import analyze_pilot_uploads

    return analyze_pilot_uploads(gold, labels, task=task, prices=prices, options=_options)
