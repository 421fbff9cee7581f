"""What a page says when it has nothing to show yet: one short message naming the next step, and
a link to the page where that step is taken."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from vendor_eval.domain.evaluation import EvaluationInputs

PAGES = "vendor_eval/ui/pages"  # as app.py registers them with st.navigation


@dataclass(frozen=True)
class NextStep:
    """A message saying what to do next, the page where it is done, and what is missing."""

    text: str
    page: str  # the page's file name without `.py`, e.g. "vendors"
    link: str  # the link's label, e.g. "Add vendors"
    missing: str = ""  # what the evidence lacks, for a one-line "provisional" note


def no_vendors(then: str) -> NextStep:
    """The project has no vendors; `then` says what this page shows once it has."""
    return NextStep(f"No vendors yet — add them on the Vendors page or import a file; {then}.",
                    "vendors", "Add vendors")


NO_VENDORS_FOR_RFP = NextStep("No vendors yet — the RFP can go to any invited vendor now; add "
                              "vendors on the Vendors page to issue it to one by name and to "
                              "import their answers.", "vendors", "Add vendors")
NO_PROJECTS = NextStep("There are no projects yet. Create one on the New project page, or load "
                       "the demo with `vendor-eval init --demo`.", "new_project",
                       "Create a project")
NO_PROJECT_SELECTED = NextStep("No project is selected. Choose one in the sidebar, or create one "
                               "on the New project page.", "new_project", "Create a project")
NO_EVALUATORS = NextStep("Nobody is assigned to score this project yet — an analyst assigns "
                         "evaluators on the Team page.", "team", "Assign evaluators")
NO_SCORES_TO_COMPARE = NextStep("No scores yet — evaluators score on the Score page; the "
                                "consensus view fills in as they submit.", "score",
                                "Score vendors")
NO_SCORES = NextStep("No scores yet — score the vendors on the Score page, alone or after "
                     "assigning a team of evaluators on the Team page.", "score",
                     "Score vendors", "scores")
NO_FINDINGS = NextStep("No checklist findings yet, so every vendor fails the checks the scope "
                       "requires — record them on the Risk page or import vendors' RFP answers.",
                       "risk", "Record findings", "checklist findings")
NO_MEASUREMENTS = NextStep("No measured quality yet — analyse a pilot on the Pilot page and "
                           "apply it to the project.", "pilot", "Measure a pilot",
                           "pilot measurements")
NO_PRICES = NextStep("No prices yet — type the vendors' quotes or import a price file on the "
                     "Prices page, or import the RFP workbooks vendors return.", "prices",
                     "Enter prices", "prices")


def missing_evidence(inputs: EvaluationInputs) -> list[NextStep]:
    """What a project with vendors still lacks, in the order an evaluation gathers it. Evidence
    hidden from the user (blind scores, sealed prices) is not reported as missing."""
    if not inputs.vendors:
        return []
    steps = []
    if not inputs.scores_blind and not inputs.scores and not inputs.consensus:
        steps.append(NO_SCORES)
    if not inputs.assessments:
        steps.append(NO_FINDINGS)
    if not inputs.measured:
        steps.append(NO_MEASUREMENTS)
    if not inputs.prices_sealed and not inputs.prices:
        steps.append(NO_PRICES)
    return steps


def provisional_note(steps: Sequence[NextStep]) -> str:
    """One line for a ranking built on partial evidence, naming what is missing."""
    missing = [step.missing for step in steps]
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " or " + missing[-1]
    return (f"Provisional: there are no {listed} yet. The Overview page lists what to do "
            "next.")


def show(step: NextStep, icon: str = ":material/arrow_forward:") -> None:
    """The step's message, with a link to its page."""
    st.info(step.text, icon=icon)
    link(step)


def stop(step: NextStep, icon: str = ":material/arrow_forward:") -> NoReturn:
    """Show the step and end this run: the page has nothing else to show yet."""
    show(step, icon)
    st.stop()


def show_steps(steps: Sequence[NextStep]) -> None:
    """A short "Next steps" list with a link to each step's page."""
    if not steps:
        return
    st.info("**Next steps**\n\n" + "\n".join(f"- {step.text}" for step in steps),
            icon=":material/checklist:")
    with st.container(horizontal=True):
        for step in steps:
            link(step)


def link(step: NextStep) -> None:
    """A link to the step's page when the app runs under its navigation (app.py). A page file
    run on its own (`streamlit run` of one page, or AppTest of a page) has no other pages to
    link to; the message already names the page, so the link is simply left out."""
    try:
        st.page_link(f"{PAGES}/{step.page}.py", label=step.link, icon=":material/arrow_forward:")
    except StreamlitPageNotFoundError:
        pass
