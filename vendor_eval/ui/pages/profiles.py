"""Profiles page: browse weighting profiles and their versions, edit weights (by hand or from
pairwise comparisons), save a new version, compare two versions, clone, export and import YAML."""

from __future__ import annotations

import streamlit as st

from vendor_eval.domain.presentation import BLANK
from vendor_eval.engine.ahp import CONSISTENCY_LIMIT
from vendor_eval.engine.profile_diff import summarise
from vendor_eval.errors import StaleWriteError, VendorEvalError
from vendor_eval.files.pairwise import derive_pairwise_weights
from vendor_eval.services.decision.profiles import (
    clone_profile,
    diff_versions,
    export_profile_yaml,
    get_profile,
    import_profile_yaml,
    list_profile_ids,
    list_versions,
    save_profile_version,
)
from vendor_eval.services.kernel.catalogue import get_catalogue
from vendor_eval.services.project.bundles import list_projects
from vendor_eval.services.scoring.frozen_weights import change_project_profile
from vendor_eval.services.scoring.team import scoring_status
from vendor_eval.ui import frames, pairwise, profile_views, state, weights

PAGE = "profiles"
PROFILE_KEY = "profiles_profile"
PENDING_KEY = "profiles_pending"
CLEAR_KEY = "profiles_clear"  # inputs to empty once what they were typed for has succeeded
FILES = "profiles:files"  # flash messages of the clone / export / import section
CLONE_ID, CLONE_NAME, CLONE_NOTE = "profiles_clone_id", "profiles_clone_name", "profiles_clone_note"
IMPORT_NOTE, IMPORT_ROUND = "profiles_import_note", "profiles_import_round"
CATEGORIES = "categories"  # the pairwise level that compares categories, not criteria
PAIRWISE_COLUMNS = 2  # the comparison sliders side by side, so eight categories' 28 fit
MISSING_SCORES = {"reweight": "zero where others were scored; left out for all where no "
                              "vendor has evidence yet",
                  "zero": "counted as zero"}


st.title("Weighting profiles")
project_key = state.current_project()
with state.stop_on_error():
    profile_ids = list_profile_ids(state.uow(), state.actor())
    projects = {p.key: p for p in list_projects(state.uow(), state.actor())}
    names = profile_views.profile_names(state.uow, state.actor(), profile_ids)
if not profile_ids:
    st.info("No profiles are stored yet. Run `vendor-eval init` to add the shipped ones.")
    st.stop()
project = projects.get(project_key) if project_key else None
catalogue = get_catalogue()

# After a save the page shows the new version; widget state may only be set before the widget.
pending = st.session_state.pop(PENDING_KEY, None)
if pending is not None:
    st.session_state[PROFILE_KEY] = pending[0]
    st.session_state[f"profiles_version:{pending[0]}"] = pending[1]
for typed in st.session_state.pop(CLEAR_KEY, ()):
    st.session_state.pop(typed, None)
if st.session_state.get(PROFILE_KEY) not in profile_ids:
    st.session_state[PROFILE_KEY] = (project.profile_id if project and project.profile_id
                                     in profile_ids else profile_ids[0])

pick_profile, pick_version = st.columns([3, 1])
profile_id = pick_profile.selectbox("Profile", profile_ids, key=PROFILE_KEY,
                                    format_func=names.__getitem__)
with state.stop_on_error():
    history = list_versions(state.uow(), state.actor(), profile_id)
numbers = [int(v["version"]) for v in reversed(history)]
version = pick_version.selectbox("Version", numbers, key=f"profiles_version:{profile_id}",
                                 format_func=lambda n: f"v{n}" + (" (newest)" if n == numbers[0]
                                                                  else ""))
with state.stop_on_error():
    profile = get_profile(state.uow(), state.actor(), profile_id, version)

st.subheader(profile.name)
st.write(profile.description)
missing = MISSING_SCORES.get(profile.missing_scores.value, profile.missing_scores.value)
st.caption(f"Missing scores: {missing}. Risk adjustment: rate {profile.risk.rate:g} per unit of "
           f"exposure, capped at {profile.risk.cap:.0%}. Id on the command line: `{profile_id}`.")
if project is not None and project.profile_id == profile_id:
    with state.stop_on_error():
        freeze = scoring_status(state.uow(), state.actor(), project.key).freeze
    st.caption(profile_views.project_ranks_with(project.title, freeze, numbers[0]))

state.show_flash(PAGE)
st.subheader("Weights")
st.caption("At every level the weights must sum to 100 (percent) or to 1 (fractions). Saving "
           "stores a new version; earlier versions stay as they were.")
editor_suffix = f"{profile_id}:v{version}"
# Derived weights applied from the pairwise section below: shown as the editors' starting data,
# under a new key each time, because an editor's own state cannot be written to.
applied_key = f"profiles_applied:{editor_suffix}"
applied = st.session_state.setdefault(applied_key, {CATEGORIES: {}, "criteria": {},
                                                    "rounds": {CATEGORIES: 0, "criteria": 0}})
category_frame = weights.category_weights_frame(profile, catalogue.category_names)
criterion_frame = weights.criterion_weights_frame(profile, catalogue)
for frame, overrides in ((category_frame, applied[CATEGORIES]), (criterion_frame,
                                                                  applied["criteria"])):
    for element, weight in overrides.items():
        frame.loc[element, weights.WEIGHT] = weight
category_column, criterion_column = st.columns([2, 3], gap="medium")
with category_column:
    categories = st.data_editor(
        category_frame,
        key=f"profiles_categories:{editor_suffix}:{applied['rounds'][CATEGORIES]}",
        hide_index=True, disabled=[weights.CATEGORY],
        column_config={weights.WEIGHT: st.column_config.NumberColumn(min_value=0, step=1.0)},
    )
    category_error = st.empty()
with criterion_column:
    criteria = st.data_editor(
        criterion_frame,
        key=f"profiles_criteria:{editor_suffix}:{applied['rounds']['criteria']}",
        hide_index=True, disabled=[weights.CATEGORY, weights.CRITERION],
        column_config={weights.WEIGHT: st.column_config.NumberColumn(min_value=0, step=1.0)},
    )
    criteria_error = st.empty()


def apply_derived(level: str, derived: dict[str, float]) -> None:
    part = CATEGORIES if level == CATEGORIES else "criteria"
    st.session_state[applied_key][part].update(derived)
    st.session_state[applied_key]["rounds"][part] += 1
    state.flash(PAGE, "success", "Copied the derived weights into the form above. Press "
                "\"Save as new version\" to keep them.")


with st.expander("Derive weights from pairwise comparisons (AHP)"):
    st.caption("Compare two at a time on Saaty's 1-9 scale; the weights follow from the principal "
               "eigenvector, and the consistency ratio (CR) says whether the judgements hang "
               f"together (Saaty: revise them above {CONSISTENCY_LIMIT:.2f}). The sliders start "
               "from the weights this version stores.")
    levels = [CATEGORIES] + [c for c, category in profile.categories.items()
                             if len(category.criteria) >= 2]
    level = st.selectbox("Compare", levels, key=f"profiles_pairwise_level:{editor_suffix}",
                         format_func=lambda c: "Categories" if c == CATEGORIES else
                         f"Criteria in {catalogue.category_names.get(c, c)}")
    if level == CATEGORIES:
        current = {c: float(category.weight) for c, category in profile.categories.items()}
        element_names = catalogue.category_names
    else:
        current = {c: float(w) for c, w in profile.categories[level].criteria.items()}
        element_names = {c: catalogue.by_id[c].name for c in current}
    elements = list(current)
    judgements = {}
    sliders, outcome = st.columns([3, 2], gap="large")
    slider_columns = sliders.columns(PAIRWISE_COLUMNS, gap="medium")
    starts = pairwise.starting_judgements(current)
    # Filled down the first column, then the next: the pairs of one element stay together.
    for index, (pair, start) in enumerate(starts.items()):
        slider_key = f"pairwise:{editor_suffix}:{level}:{pair[0]}|{pair[1]}"
        st.session_state.setdefault(slider_key, start)
        first = element_names.get(pair[0], pair[0])
        second = element_names.get(pair[1], pair[1])
        column = slider_columns[index * PAIRWISE_COLUMNS // len(starts)]
        judgements[pair] = column.select_slider(
            f"{first} vs {second}", pairwise.SCALE, key=slider_key,
            format_func=lambda option, a=first, b=second: pairwise.describe(option, a, b))

    with outcome:
        try:
            ahp = derive_pairwise_weights(pairwise.judgement_matrix(elements, judgements),
                                          elements)
        except VendorEvalError as exc:  # e.g. more elements than Saaty's table covers
            state.show_error(exc)  # the form below stays usable
            ahp = None
    if ahp is not None:
        with outcome:
            st.dataframe(pairwise.weights_rows(ahp, element_names, current), hide_index=True,
                         column_config=pairwise.weights_column_config())
            ratio, lam = st.columns(2)
            ratio.metric("Consistency ratio (CR)", f"{ahp.cr:.3f}",
                         help="How far the judgements contradict each other (A over B, B over "
                              "C, yet C over A): 0 is perfectly consistent; Saaty's rule is to "
                              f"revise them above {CONSISTENCY_LIMIT:.2f}.")
            lam.metric("lambda max", f"{ahp.lambda_max:.3f}",
                       help="The principal eigenvalue of the comparison matrix; it equals the "
                            "number of items compared when the judgements are consistent.")
            if ahp.consistent:
                st.caption(f"CR {ahp.cr:.3f} is within {CONSISTENCY_LIMIT:.2f}: the judgements "
                           "are consistent enough to use.")
            else:
                st.warning(f"CR {ahp.cr:.3f} is above {CONSISTENCY_LIMIT:.2f}: the judgements "
                           "contradict each other. Revisit these first:",
                           icon=":material/warning:")
                st.dataframe(pairwise.inconsistent_rows(ahp, element_names), hide_index=True)
            st.button("Apply derived weights to the form", on_click=apply_derived,
                      args=(level, pairwise.derived_percentages(ahp)),
                      help="Puts the derived weights into the editors above; nothing is saved "
                           "until you save a new version.")

# The newest version when this user started editing the profile: a save is refused if someone
# stored a newer one since, so their change is not silently dropped from this one.
base_key = f"profiles_base:{profile_id}"
st.session_state.setdefault(base_key, numbers[0])
with st.form(f"profiles_save:{editor_suffix}", border=True):
    note = st.text_input("Why this version (kept in the history)")
    submitted = st.form_submit_button("Save as new version", type="primary")
if submitted:
    body = weights.profile_body(profile, weights.frame_weights(categories),
                                weights.frame_weights(criteria))
    try:
        saved = save_profile_version(state.uow(), state.actor(), body, note or "edited weights",
                                     base_version=st.session_state[base_key])
    except StaleWriteError as exc:  # the editors keep what the user typed
        st.session_state[base_key] = numbers[0]
        st.error(f"{exc}. Or save again to store yours as the next version anyway.",
                 icon=":material/error:")
    except VendorEvalError as exc:  # the editors keep what the user typed
        slots = {profile_views.CATEGORY_SLOT: category_error,
                 profile_views.CRITERIA_SLOT: criteria_error}
        profile_views.show_error_beside(exc, slots, profile_views.error_slot(exc))
    else:
        st.session_state[PENDING_KEY] = (saved.id, saved.version)
        st.session_state.pop(base_key, None)
        state.flash(PAGE, "success", f"Saved {saved.name} as version {saved.version}.")
        st.rerun()

st.subheader("Thresholds for measured criteria")
st.dataframe(frames.thresholds_rows(profile, catalogue), hide_index=True, placeholder=BLANK)
st.subheader("Gates")
# A static table: the reasons are sentences, and it wraps them instead of cutting them off.
st.table(frames.gates_rows(profile, catalogue), hide_index=True)

st.subheader("Version history")
st.dataframe(profile_views.history_rows(history), hide_index=True,
             column_config=profile_views.history_column_config())
if len(numbers) < 2:
    st.caption("Only one version so far: save an edit to compare two versions.")
else:
    older_column, newer_column = st.columns(2)
    # Keyed on the newest version, so after a save the comparison starts at "previous vs newest".
    older = older_column.selectbox("Compare version", numbers, index=1, format_func="v{}".format,
                                   key=f"profiles_diff_older:{profile_id}:{numbers[0]}")
    newer = newer_column.selectbox("with version", numbers, index=0, format_func="v{}".format,
                                   key=f"profiles_diff_newer:{profile_id}:{numbers[0]}")
    try:
        changes = diff_versions(state.uow(), state.actor(), profile_id, older, newer)
    except VendorEvalError as exc:
        state.show_error(exc)
    else:
        st.write(f"From v{older} to v{newer}: "
                 f"{summarise(changes, profile_views.element_names(catalogue))}")
        if changes:
            st.dataframe(profile_views.diff_rows(changes, catalogue), hide_index=True,
                         placeholder=BLANK,
                         column_config=profile_views.diff_column_config())

st.subheader("Clone, export or import")
state.show_flash(FILES)
clone_column, files_column = st.columns(2, gap="large")
with clone_column, st.form("profiles_clone", border=True):
    st.markdown(f"**Clone this version** ({profile.name}, version {version})")
    new_id = st.text_input("New profile id", key=CLONE_ID, placeholder="e.g. balanced_pilot_heavy",
                           help="Lower-case letters, digits and underscores, starting with a "
                                "letter.")
    clone_id_error = st.empty()
    new_name = st.text_input("Name", key=CLONE_NAME)
    clone_name_error = st.empty()
    clone_note = st.text_input("Why this clone (kept in the history)", key=CLONE_NOTE)
    clone_clicked = st.form_submit_button("Clone this version")
if clone_clicked:
    try:
        clone = clone_profile(state.uow(), state.actor(), profile_id, version, new_id, new_name,
                              clone_note)
    except VendorEvalError as exc:  # the form keeps what was typed
        with clone_column:
            profile_views.show_error_beside(exc, {"id": clone_id_error, "name": clone_name_error})
    else:
        st.session_state[PENDING_KEY] = (clone.id, clone.version)
        st.session_state[CLEAR_KEY] = (CLONE_ID, CLONE_NAME, CLONE_NOTE)
        state.flash(FILES, "success", f"Cloned {profile.name}, version {version}, as "
                                      f"{clone.name} (id {clone.id}); it is shown above.")
        st.rerun()

with files_column:
    try:
        exported = export_profile_yaml(state.uow(), state.actor(), profile_id, version)
    except VendorEvalError as exc:
        state.show_error(exc)
    else:
        st.download_button("Download YAML", data=exported, on_click="ignore",
                           file_name=profile_views.download_name(profile_id, version),
                           mime="application/x-yaml", key="profiles_download",
                           help="This version in the format of the shipped profile files; edit "
                                "it and import it again below.")
        with st.expander("Show the YAML"):
            st.code(exported, language="yaml")
    import_round = st.session_state.setdefault(IMPORT_ROUND, 0)
    upload = st.file_uploader(
        "Import YAML", type=["yaml", "yml"], key=f"profiles_import:{import_round}",
        help="Its `id` decides where it goes: an existing profile gets a new version, a new id "
             "becomes a new profile. Nothing is stored unless the whole file is valid.")
    import_error = st.empty()
    import_note = st.text_input("Why this import (kept in the history)", key=IMPORT_NOTE)
    if st.button("Save the imported profile", disabled=upload is None, key="profiles_import_save"):
        try:
            imported = import_profile_yaml(state.uow(), state.actor(), upload.getvalue(),
                                           upload.name, import_note)
        except VendorEvalError as exc:  # the file and the note stay for another try
            profile_views.show_error_beside(exc, {"file": import_error}, "file")
        else:
            st.session_state[IMPORT_ROUND] = import_round + 1
            st.session_state[PENDING_KEY] = (imported.id, imported.version)
            st.session_state[CLEAR_KEY] = (IMPORT_NOTE,)
            state.flash(FILES, "success", f"Imported {upload.name} as {imported.name}, "
                                          f"version {imported.version}; it is shown above.")
            st.rerun()

if project is not None:
    st.subheader(f"Profile of project {project.key}")
    choice = st.selectbox("Rank this project with", profile_ids, format_func=names.__getitem__,
                          index=profile_ids.index(project.profile_id)
                          if project.profile_id in profile_ids else 0,
                          key=f"profiles_project_choice:{project.key}")
    reason = st.text_input("Reason for the change (required once the weights are frozen or "
                           "scores or measured results exist; shown in the report)",
                           key=f"profiles_project_reason:{project.key}")
    if st.button("Use this profile for the project", disabled=choice == project.profile_id):
        try:
            change_project_profile(state.uow(), state.actor(), project.key, choice, reason=reason)
        except VendorEvalError as exc:
            state.show_error(exc)
        else:
            state.flash(PAGE, "success", f"The project now ranks with {names[choice]}.")
            st.rerun()
