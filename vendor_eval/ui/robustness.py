"""The Rank page's Robustness section: how far the ranking depends on weights and noisy scores."""

from __future__ import annotations

import streamlit as st

from vendor_eval.documents.wording import robustness_reason
from vendor_eval.domain.evaluation import EvaluationInputs
from vendor_eval.domain.presentation import format_percent
from vendor_eval.engine.smaa import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_TOP,
    MAX_SAMPLES,
    WeightSampling,
)
from vendor_eval.errors import VendorEvalError
from vendor_eval.services.decision.robustness import RobustnessReport
from vendor_eval.ui import cache, charts, frames, state
from vendor_eval.ui.frames import escape_markdown

RUN_LABEL = "Run robustness analysis"
SAMPLING_NAMES = {WeightSampling.DIRICHLET.value: "around the profile's weights",
                  WeightSampling.UNIFORM.value: "anywhere (every weighting equally likely)"}


def robustness_section(inputs: EvaluationInputs,
                       what_if: dict[str, float] | None = None) -> None:
    """Parameters, the run button, and once run the results, kept across reruns of the page.

    With `what_if` (the sliders' weights, when they differ from the profile) the analysis
    tests the ranking on screen; the caption says which weights it centres on."""
    key, profile = inputs.project.key, inputs.profile
    st.header("Robustness")
    tested = (f"It tests the what-if weights on screen ({what_if_text(inputs, what_if)})"
              if what_if else
              f"It tests the saved profile, {profile.name} (version {profile.version})")
    st.caption(
        "Stochastic multicriteria acceptability analysis (SMAA-2; Lahdelma & Salminen 2001): "
        "draw many plausible category weightings and vary every score within its uncertainty "
        "(evaluators' spread, pilot intervals, and the whole 0 to full-marks range of an input "
        f"a vendor lacks), then count how often each vendor takes each rank. {tested}. "
        "Vendors that fail a gate take no part.")
    request_key = f"robustness:{key}"
    with st.form(f"robustness_form:{key}", border=True):
        samples_column, seed_column, concentration_column, top_column = st.columns(4)
        # A number box cannot show thousands separators; the help and the captions do.
        samples = samples_column.number_input(
            "Samples", min_value=1, max_value=MAX_SAMPLES, value=DEFAULT_SAMPLES, step=1000,
            help=f"How many weightings to draw: {DEFAULT_SAMPLES:,} by default, at most "
                 f"{MAX_SAMPLES:,}.")
        seed = seed_column.number_input("Seed", min_value=0, value=DEFAULT_SEED, step=1,
                                        help="The starting point of the random draws: the "
                                             "same seed gives the same figures, another seed "
                                             "shows how much they vary by chance.")
        concentration = concentration_column.number_input(
            "Concentration", min_value=0.1, value=DEFAULT_CONCENTRATION, step=10.0,
            format="%g",
            help="How tightly sampled weights stay around the profile's: at 50 a weight of 30% "
                 "varies by about 6 points; lower spreads them wider.")
        top = top_column.number_input("Shortlist size", min_value=1,
                                      max_value=max(1, len(inputs.vendors)),
                                      value=min(DEFAULT_TOP, max(1, len(inputs.vendors))),
                                      help="The stability intervals also say how long the "
                                           "top-k set stays the same.")
        sampling = st.radio("Weights are drawn", list(SAMPLING_NAMES),
                            format_func=SAMPLING_NAMES.__getitem__, horizontal=True,
                            help="Around the profile: a Dirichlet distribution centred on the "
                                 "profile's weights, as tight as the concentration says. "
                                 "Anywhere: any split of 100% over the categories is as "
                                 "likely as another, for a buyer with no weights in mind.")
        if st.form_submit_button(RUN_LABEL, type="primary"):
            st.session_state[request_key] = {
                "samples": int(samples), "seed": int(seed), "concentration": float(concentration),
                "sampling": sampling, "top": int(top), "category_weights": what_if}
    request = st.session_state.get(request_key)
    if request is None:
        st.caption(f"Set the parameters and run the analysis; {DEFAULT_SAMPLES:,} samples take "
                   "about a second.")
        return
    if request.get("category_weights") != what_if:
        st.info("The weights have changed since this analysis ran: it shows "
                + (f"the what-if weights {what_if_text(inputs, request['category_weights'])}"
                   if request.get("category_weights") else "the saved profile's weights")
                + f". Press {RUN_LABEL} to test the weights on screen.")
    try:
        report = cache.sensitivity(state.uow(), state.actor(), inputs, **request)
    except VendorEvalError as exc:
        state.show_error(exc)
        return
    show_report(report, inputs.vendor_names)


def what_if_text(inputs: EvaluationInputs, weights: dict[str, float] | None) -> str:
    """What-if category weights in words: "Quality 40%, Pilot 30%, ..."."""
    names = inputs.catalogue.category_names
    return ", ".join(f"{names.get(c, c)} {w:g}%" for c, w in (weights or {}).items())


def show_report(report: RobustnessReport, all_vendors: list[str]) -> None:
    """The acceptability heatmap and sentence, the first-rank table, sweeps and intervals."""
    colours = charts.colours_for(all_vendors)
    favourite = max(report.ranking, key=report.first_rank_acceptability.__getitem__)
    share = report.first_rank_acceptability[favourite]
    sentence = f"**{favourite}** ranks first in **{format_percent(share)}** of plausible weightings"
    if favourite != report.ranking[0]:
        sentence += f", although {report.ranking[0]} is first at the weights tested"
    st.markdown(sentence + ".")
    why = robustness_reason(report.first_rank_acceptability, report.missing_share, favourite)
    if why:
        st.markdown(escape_markdown(why))
    weights_drawn = ("uniformly over all weightings" if report.concentration is None else
                     f"around the profile with concentration {report.concentration:g}")
    st.caption(f"{report.samples:,} samples (seed {report.seed}), weights drawn "
               f"{weights_drawn}. {report.score_model}.")
    if report.disqualified:
        st.caption("Not in the analysis (fail a gate): " + ", ".join(report.disqualified) + ".")

    st.subheader("Rank acceptability")
    st.plotly_chart(charts.acceptability_heatmap(report))
    st.dataframe(frames.acceptability_rows(report), hide_index=True, column_config={
        "Vendor": st.column_config.TextColumn(width="medium", pinned=True)})
    st.caption("First-rank acceptability: the share of samples in which the vendor ranks first. "
               "Confidence factor: the chance it ranks first at its own most favourable "
               "(central) weights, given the scores' uncertainty; n/a if it never ranks first.")

    st.subheader("One category at a time")
    categories = list(report.sweeps)
    category = st.selectbox("Category to sweep", categories,
                            format_func=lambda c: report.categories.get(c, c),
                            key=f"robustness_sweep:{report.project}")
    name = report.categories.get(category, category)
    st.plotly_chart(charts.sweep_chart(report.sweeps[category], list(report.ranking), colours,
                                       name, report.profile_weights[category]))
    st.caption(f"The weight of {name} goes from 0 to 100%; the other categories keep their "
               "ratios. The dashed line is the profile's weight.")

    st.subheader("Stability intervals")
    st.dataframe(frames.stability_rows(report), hide_index=True, column_config={
        "Category": st.column_config.TextColumn(width="medium", pinned=True)})
    st.caption(f"For each category weight (the others rescaled in proportion), the range in "
               f"which {', '.join(report.stability.first_place)} stays first and the top "
               f"{report.stability.top} stays {', '.join(report.stability.top_set)}.")
