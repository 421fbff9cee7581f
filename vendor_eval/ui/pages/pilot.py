"""Pilot page: vendors' pilot labels against a golden set, measured with their uncertainty, and
applied to the project's measured criteria."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from vendor_eval.domain.presentation import format_coefficient, format_date, label, plural
from vendor_eval.errors import VendorEvalError
from vendor_eval.files.pilot import price_quotes
from vendor_eval.pilot.analysis import PilotAnalysis, PilotOptions
from vendor_eval.services.evidence.pilot import apply_pilot_results, pilot_runs
from vendor_eval.ui import cache, charts, frames, guidance, state

TASKS = {"classification": "Classification (CSV labels)",
         "detection": "Detection (COCO JSON boxes)"}
EXPECTED_FILES = {
    "classification": """
**Golden set** (CSV): `item_id,label`, one row per item, the correct label.

**Vendor labels** (one or more CSV files): `vendor,item_id,annotator_id,label`, one row per
label a vendor's annotator gave; optional `started_at,submitted_at` (ISO 8601 timestamps, for
turnaround and throughput) and `escalated,reworked` (yes/no). Items labelled by two or more of a
vendor's annotators measure its agreement.

**Prices** (optional CSV): `vendor,model,unit_price,currency` (or the fields of another pricing
model) and `ramp_up_weeks`, for the cost per correct label and a delivery forecast.
""",
    "detection": """
**Golden set** (COCO JSON): `images`, `annotations` with `bbox` and `category_id`, and
`categories`.

**Vendor results** (one COCO results JSON per vendor): a list of `image_id, category_id, bbox,
score`. Each file is named after its vendor: `Kestrel Data Teams.json` holds Kestrel Data
Teams' boxes.
""",
}

st.title("Pilot")
key = state.current_project()
inputs, applied_before = None, []
if key:
    with state.stop_on_error():
        inputs = cache.evaluation(state.uow(), state.actor(), key)
        applied_before = pilot_runs(state.uow(), state.actor(), key)
    if not inputs.vendors:
        guidance.show(guidance.no_vendors("a pilot's measurements are applied to them here"))

task = st.radio("Task", list(TASKS), format_func=TASKS.__getitem__, horizontal=True,
                key="pilot_task")
suffix = "csv" if task == "classification" else "json"
gold_column, labels_column, prices_column = st.columns(3)
gold_file = gold_column.file_uploader(f"Golden set ({suffix.upper()})", type=[suffix],
                                      key=f"pilot_gold:{task}")
label_files = labels_column.file_uploader(
    "Vendor labels (CSV)" if task == "classification" else "Vendor results (COCO JSON)",
    type=[suffix], accept_multiple_files=True, key=f"pilot_labels:{task}")
price_file = None
if task == "classification":
    price_file = prices_column.file_uploader("Prices (optional CSV)", type=["csv"],
                                             key="pilot_prices")
unit = inputs.project.scope.unit if inputs is not None else "item"
volume_column, difference_column, _ = st.columns(3)
volume = volume_column.number_input(
    f"Project volume ({unit}s)", min_value=0, step=1000,
    value=inputs.project.scope.volume if inputs is not None else 0,
    help="Costs at this volume and a delivery forecast from the measured throughput; 0 uses "
         "the pilot's own size and skips the forecast.")
# The box cannot show thousands separators; the caption reads the number back.
volume_column.caption(plural(int(volume), unit) if volume else "The pilot's own size")
difference = difference_column.number_input(
    "Accuracy difference to detect (points)", min_value=0.1, max_value=50.0, value=2.0,
    step=0.5, format="%.1f",
    help="What the pilot-size estimate is for: how many items per vendor a pilot needs to "
         "tell apart two vendors this far apart.")

if gold_file is None or not label_files:
    if applied_before:
        last = applied_before[0]
        st.caption(f"Last pilot applied to this project: run {last.id} on "
                   f"{format_date(datetime.fromisoformat(last.created_at))} ({label(last.task)}; "
                   f"{', '.join(last.vendors)}).")
    elif inputs is not None and inputs.measured:
        st.caption("The measured values come from the project's data; no pilot run has been "
                   "analysed in the app yet.")
    elif key:
        st.caption("No pilot has been applied to this project yet.")
    st.info("Upload the golden set and at least one vendor's labels to measure the pilot.\n"
            + EXPECTED_FILES[task], icon=":material/upload_file:")
    st.stop()

options = PilotOptions(min_difference=difference / 100, volume=int(volume) or None)
with state.stop_on_error():  # a bad file: an inline message naming file, row and column
    analysis: PilotAnalysis = cache.pilot_analysis(
        (gold_file.name, gold_file.getvalue()),
        [(f.name, f.getvalue()) for f in label_files], task=task, options=options,
        prices=(price_file.name, price_file.getvalue()) if price_file is not None else None)

project_vendors = inputs.vendor_names if inputs is not None else []
colours = charts.colours_for(project_vendors, analysis.vendor_names)
st.subheader("Measured quality")
st.caption(f"{TASKS[task].split(' (')[0]} pilot: {len(analysis.vendors)} vendor(s), "
           f"{analysis.gold_items:,} gold items; fingerprint {analysis.fingerprint[:12]}.")
st.dataframe(frames.pilot_metrics_rows(analysis), hide_index=True)
st.plotly_chart(charts.pilot_quality_chart(analysis, colours))
if task == "classification":
    st.caption("Error bars: 95% Wilson intervals. Each annotator's label on a gold item counts "
               "as one trial.")
    st.subheader("Confusion matrices")
    for tab, pilot in zip(st.tabs(analysis.vendor_names), analysis.vendors, strict=True):
        with tab:
            matrix, classes = st.columns([3, 2])
            matrix.plotly_chart(charts.confusion_heatmap(pilot.classification),
                                key=f"pilot_confusion:{pilot.vendor}")
            classes.dataframe(frames.class_rows(pilot.classification), hide_index=True)
            if pilot.agreement is not None:
                classes.caption(f"Agreement among its annotators on {pilot.agreement.n_items} "
                                "items labelled more than once: " + ", ".join(
                                    f"{name.replace('_', ' ')} {format_coefficient(value)}"
                                    for name, value in pilot.agreement.coefficients().items()))

    st.subheader("Which vendor is really more accurate")
    for comparison in analysis.comparisons:
        st.markdown(f"- {comparison.verdict}")
    if not analysis.comparisons:
        st.caption("One vendor only: nothing to compare.")
    needed = [c.items_needed for c in analysis.comparisons if c.items_needed is not None]
    if needed:
        st.metric(f"Pilot size to detect a {difference:g}-point difference", f"{max(needed):,} "
                  "items per vendor", help="For the pairs with no detectable difference, at "
                  "the Holm-corrected level and 80% power (Cohen's h).")
    st.caption("Fisher's exact test on each pair, p-values corrected with Holm's method.")
for note in analysis.notes:
    st.caption(f"Note: {note}")

st.subheader("Into the evaluation")
if key is None:
    st.caption("Choose a project in the sidebar to apply the pilot's measurements to it.")
    st.stop()
if not inputs.vendors:
    st.caption("This project has no vendors yet: add them on the Vendors page, then apply "
               "the pilot to them.")
    st.stop()
cautious = st.checkbox("Cautious (lower bound)", key="pilot_cautious",
                       help="Store the pessimistic end of each 95% interval: the Wilson lower "
                            "bound of accuracy and the upper bound of the rework rate.")
with_prices = False
if price_file is not None:
    with_prices = st.checkbox(
        "Also record these prices as the vendors' quotes", key="pilot_apply_prices",
        disabled=inputs.prices_sealed,
        help="Each vendor in the price file gets this quote in the project, replacing any it "
             "had; the Prices page shows them." if not inputs.prices_sealed
        else "Prices are sealed for you until you submit your scores.")
if st.button(f"Apply to project {key}", type="primary"):
    before = {(m.vendor, m.criterion_id): m.value for m in inputs.measured}
    quotes = price_quotes(price_file.getvalue(), price_file.name)[0] if with_prices else None
    try:
        applied = apply_pilot_results(state.uow(), state.actor(), key, analysis, cautious,
                                      quotes=quotes)
    except VendorEvalError as exc:
        state.show_error(exc)
    else:
        changed = sum(before.get((v.vendor, v.criterion_id)) != v.value for v in applied.values)
        prices = (f" {plural(applied.quotes, 'price quote')} recorded from "
                  f"{price_file.name}." if with_prices else "")
        st.success(f"Applied the pilot to this project: {changed} of {len(applied.values)} "
                   f"measured values changed (pilot run {applied.pilot_run_id}"
                   f"{', cautious bounds' if applied.cautious else ''}). The ranking now uses "
                   f"them.{prices}")
