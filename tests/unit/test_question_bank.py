"""The RFP question bank: the shipped bank covers the buyer's themes and resolves every
reference; answers are held to their question's rules; a broken bank file names the place."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from vendor_eval.domain.enums import Industry, PricingModel, Sensitivity
from vendor_eval.domain.project import Scope
from vendor_eval.domain.questions import AnswerProblem, AnswerType, Question, load_question_bank
from vendor_eval.domain.rfp import RfpOptions, pricing_questions
from vendor_eval.errors import InputError
from vendor_eval.services.kernel.catalogue import get_catalogue, get_checklist

# The themes DOMAIN.md says every buyer asks about; each needs at least one question.
BUYER_THEMES = {
    "guidelines_golden_sets", "reviewer_accuracy", "escalation_disputes", "rework_tracking",
    "reporting", "feedback_loops", "pilot_readiness", "certifications", "encryption",
    "subprocessors", "data_residency", "retention", "annotation_ownership", "exit_support",
    "ramp_up", "surge_capacity", "pricing_model", "not_a_fit",
}


@pytest.fixture(scope="module")
def bank():
    return load_question_bank(catalogue=get_catalogue(), checklist=get_checklist())


def scope(*sensitivity: str, industry: str = "retail") -> Scope:
    return Scope(industry=Industry(industry), volume=1000,
                 sensitivity=frozenset(Sensitivity(s) for s in sensitivity))


def question(**fields: object) -> Question:
    body = {"id": "q", "section": "quality", "theme": "reporting", "text": "Q?",
            "answer": "text", "criteria": ["quality_reporting"], **fields}
    return Question.model_validate(body)


PRICE_CHOICE = {"answer": "choice", "options": ["per_unit", "per_hour"],
                "maps_to": {"price_model": True}}


def test_shipped_bank_has_every_section_and_buyer_theme(bank) -> None:
    assert 40 <= len(bank.questions) <= 70
    assert [s.id for s in bank.sections] == ["scope", "quality", "security", "operations",
                                             "commercials", "references", "pilot"]
    assert all(bank.in_section(s.id) for s in bank.sections)
    assert BUYER_THEMES <= {q.theme for q in bank.questions}
    assert {q.answer for q in bank.questions} == set(AnswerType)


def test_objective_answers_map_to_measured_values_gates_and_the_quote(bank) -> None:
    catalogue, checklist = get_catalogue(), get_checklist()
    assert bank.by_id["ramp_up_weeks"].maps_to.measured == "ramp_up_weeks"
    assert bank.by_id["sign_baa"].maps_to.checklist == "hipaa_baa"
    assert bank.by_id["sign_dpa"].maps_to.checklist == "gdpr_dpa"
    assert bank.by_id["pci_attestation"].maps_to.checklist == "pci_dss"
    assert bank.by_id["pricing_model"].maps_to.price_model
    # Every checklist mapping is a yes/no question about an item that exists.
    for q in bank.questions:
        if q.maps_to is not None and q.maps_to.checklist:
            assert q.answer is AnswerType.YES_NO and q.maps_to.checklist in checklist.by_id
        for criterion_id in q.criteria:
            assert criterion_id in catalogue.by_id
    # Commercial answers are sealed like prices (two envelopes).
    assert {q.id for q in bank.questions if q.sealed} == {"pricing_model", "price_assumptions",
                                                           "pilot_price"}


@pytest.mark.parametrize(("flags", "industry", "asked", "not_asked"), [
    (("phi", "pii"), "healthcare", {"sign_baa", "in_tool_protection", "ai_act_documentation"},
     {"sign_dpa", "pci_attestation", "reviewer_wellbeing"}),
    (("eu_personal_data",), "retail", {"sign_dpa", "iso27701_certificate"},
     {"sign_baa", "ai_act_documentation"}),
    (("payment_data",), "finance", {"pci_attestation", "ai_act_documentation"}, {"sign_baa"}),
    (("harmful_content",), "trust_and_safety", {"reviewer_wellbeing"}, {"in_tool_protection"}),
])
def test_default_pick_follows_the_scope(bank, flags, industry, asked, not_asked) -> None:
    picked = set(bank.default_selection(scope(*flags, industry=industry)))
    assert asked <= picked
    assert not picked & not_asked
    assert {"not_a_fit", "escalation_path", "ramp_up_weeks", "pricing_model"} <= picked


@pytest.mark.parametrize(("fields", "raw", "stored"), [
    ({"answer": "yes_no"}, " Yes ", "yes"),
    ({"answer": "yes_no"}, "NO", "no"),
    ({"answer": "choice", "options": ["Crowd", "Managed team"]}, "managed team", "Managed team"),
    (PRICE_CHOICE, "Per hour worked", "per_hour"),  # the words the dropdown offers
    (PRICE_CHOICE, " per ITEM ", "per_unit"),
    (PRICE_CHOICE, "per_hour", "per_hour"),  # the code, as earlier workbooks offered it
    ({"answer": "choice", "options": ["managed_team", "crowd"]}, "Managed team", "managed_team"),
    ({"answer": "number", "minimum": 0, "maximum": 52}, 3.5, "3.5"),
    ({"answer": "number", "minimum": 0, "maximum": 52}, 4.0, "4"),
    ({"answer": "number", "minimum": 0, "maximum": 52}, "12", "12"),
    ({"answer": "number", "minimum": 0, "maximum": 1, "unit": "fraction"}, 0.1 + 0.2,
     "0.30000000000000004"),
    ({"answer": "number", "minimum": 0, "maximum": 100, "whole": True}, 7, "7"),
    ({"answer": "date"}, datetime(2027, 1, 4, 0, 0), "2027-01-04"),
    ({"answer": "date"}, date(2027, 1, 4), "2027-01-04"),
    ({"answer": "date"}, "2027-01-04", "2027-01-04"),
    ({"answer": "text"}, "  Two review stages.\nThen an audit.  ",
     "Two review stages.\nThen an audit."),
    ({"answer": "text"}, 42, "42"),
    ({"answer": "file_reference"}, "case-study.pdf", "case-study.pdf"),
    ({"answer": "text"}, "   ", None),
    ({"answer": "number", "minimum": 0, "maximum": 5}, None, None),
])
def test_answers_are_stored_in_one_spelling(fields, raw, stored) -> None:
    q = question(**fields)
    assert q.normalise(raw) == stored
    if stored is not None and q.answer is AnswerType.NUMBER:
        assert q.typed(stored) == float(raw)  # the stored text gives back the exact number


@pytest.mark.parametrize(("fields", "raw", "message"), [
    ({"answer": "yes_no"}, "Maybe", "'Maybe' is not one of the choices (yes, no)"),
    ({"answer": "yes_no"}, True, "is not one of the choices"),
    ({"answer": "choice", "options": ["Crowd", "Managed team"]}, "BPO", "is not one of"),
    (PRICE_CHOICE, "hourly", "'hourly' is not one of the choices (Per item, Per hour worked)"),
    ({"answer": "number", "minimum": 0, "maximum": 52}, "about 4 weeks",
     "holds the text 'about 4 weeks'; type a number only"),
    ({"answer": "number", "minimum": 0, "maximum": 52}, "1,5", "holds the text '1,5'"),
    ({"answer": "number", "minimum": 0, "maximum": 52}, 60, "60 is outside the allowed range"),
    ({"answer": "number", "minimum": 0, "maximum": 52}, True, "holds bool data"),
    ({"answer": "number", "minimum": 0, "maximum": 52}, float("nan"), "not a finite number"),
    ({"answer": "number", "minimum": 0, "maximum": 9, "whole": True}, 2.5,
     "2.5 is not a whole number"),
    ({"answer": "date"}, "31/12/2026", "is not a date; type it as YYYY-MM-DD"),
    ({"answer": "date"}, 45000, "holds int data"),
    ({"answer": "date"}, date(1990, 1, 1), "not a plausible date"),
    ({"answer": "text"}, "x" * 5001, "keep it to 5,000"),
    ({"answer": "file_reference"}, "a.pdf\nb.pdf", "one line"),
])
def test_answers_outside_the_rules_say_what_to_type(fields, raw, message) -> None:
    with pytest.raises(AnswerProblem, match=message.replace("(", r"\(").replace(")", r"\)")):
        question(**fields).normalise(raw)


@pytest.mark.parametrize(("fields", "rule"), [
    ({"answer": "yes_no"}, "yes or no"),
    ({"answer": "choice", "options": ["A", "B"]}, "one of: A; B"),
    (PRICE_CHOICE, "one of: Per item; Per hour worked"),
    ({"answer": "choice", "options": ["managed_team", "bpo"]}, "one of: Managed team; BPO"),
    ({"answer": "number", "minimum": 0, "maximum": 1000, "whole": True, "unit": "projects"},
     "a whole number from 0 to 1,000 projects"),
    ({"answer": "number", "minimum": 0, "maximum": 100, "unit": "%"}, "a number from 0 to 100%"),
    ({"answer": "number", "minimum": 0, "maximum": 10, "unit": "currency"},
     "a number from 0 to 10 in the quote's currency"),
    ({"answer": "date"}, "a date (YYYY-MM-DD)"),
])
def test_the_rule_is_described_in_words(fields, rule) -> None:
    assert question(**fields).describe_rule() == rule


@pytest.mark.parametrize(("fields", "message"), [
    ({"answer": "choice", "options": ["only"]}, "needs two or more distinct options"),
    ({"answer": "choice", "options": ["=cmd()", "b"]}, "start like a formula"),
    ({"answer": "choice", "options": ["managed_team", "Managed team"]}, "read the same"),
    ({"answer": "text", "options": ["a", "b"]}, "only choice questions have options"),
    ({"answer": "text", "unit": "weeks"}, "belong to number questions"),
    ({"answer": "number", "minimum": 0}, "needs a minimum and a maximum"),
    ({"answer": "number", "minimum": 5, "maximum": 1}, "minimum is above maximum"),
    ({"answer": "text", "maps_to": {"measured": "ramp_up_weeks"}}, "needs a number answer"),
    ({"answer": "number", "minimum": 0, "maximum": 1, "maps_to": {"checklist": "hipaa_baa"}},
     "needs a yes_no answer"),
    ({"answer": "yes_no", "maps_to": {"checklist": "hipaa_baa", "measured": "x"}},
     "exactly one of"),
    ({"answer": "text", "criteria": []}, "keyed to no criterion or checklist item"),
])
def test_a_question_that_contradicts_itself_is_refused(fields, message) -> None:
    with pytest.raises(ValueError, match=message):
        question(**fields)


def _write_bank(tmp_path: Path, body: dict) -> Path:
    path = tmp_path / "question_bank.yaml"
    path.write_text(yaml.safe_dump(body), encoding="utf-8")
    return path


def _minimal(**question_fields: object) -> dict:
    q = {"id": "q1", "section": "quality", "theme": "reporting", "text": "Q?",
         "answer": "text", "criteria": ["quality_reporting"], **question_fields}
    return {"version": "t1", "sections": [{"id": "quality", "title": "Quality"}],
            "themes": [{"id": "reporting", "title": "Reporting"}], "questions": [q]}


@pytest.mark.parametrize(("body", "column", "message"), [
    (_minimal(answer="choice"), "questions.0", "needs two or more distinct options"),
    (_minimal(criteria=["no_such_criterion"]), "questions.0.criteria", "unknown criterion"),
    (_minimal(checklist_items=["no_such_item"]), "questions.0.checklist_items",
     "unknown checklist item"),
    (_minimal(answer="number", minimum=0, maximum=9, maps_to={"measured": "domain_expertise"}),
     "questions.0.maps_to.measured", "not a measured criterion"),
    (_minimal(answer="yes_no", maps_to={"checklist": "nothing_like_it"}),
     "questions.0.maps_to.checklist", "unknown checklist item"),
    (_minimal(section="elsewhere"), None, "unknown section 'elsewhere'"),
    (_minimal(when=["martian_data"]), None, "unknown condition 'martian_data'"),
    (_minimal(colour="blue"), "questions.0.colour", "Extra inputs are not permitted"),
])
def test_a_broken_bank_file_names_file_and_field(tmp_path: Path, body: dict, column: str | None,
                                                 message: str) -> None:
    path = _write_bank(tmp_path, body)
    with pytest.raises(InputError, match=message) as caught:
        load_question_bank(path, get_catalogue(), get_checklist())
    assert caught.value.file == str(path)
    if column is not None:
        assert caught.value.column == column


def test_duplicate_ids_and_bad_yaml_are_refused(tmp_path: Path) -> None:
    body = _minimal()
    body["questions"].append(dict(body["questions"][0]))
    with pytest.raises(InputError, match="duplicate question id 'q1'"):
        load_question_bank(_write_bank(tmp_path, body))
    path = tmp_path / "broken.yaml"
    path.write_text("version: 1\nquestions: [\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML") as caught:
        load_question_bank(path)
    assert caught.value.row is not None


def test_unknown_question_ids_are_named(bank) -> None:
    with pytest.raises(InputError, match="unknown question id\\(s\\) no_such, other_one"):
        bank.ordered(["not_a_fit", "no_such", "other_one"])


def test_pricing_sheets_ask_for_what_each_quote_model_needs() -> None:
    fields = {m: [q.id.removeprefix(f"price_{m.value}_") for q in pricing_questions(m, "image")
                  if q.required] for m in PricingModel}
    assert fields == {
        PricingModel.PER_UNIT: ["currency", "unit_price"],
        PricingModel.PER_HOUR: ["currency", "hourly_rate", "units_per_hour"],
        PricingModel.MANAGED_TEAM: ["currency", "monthly_fee", "units_per_month"],
        PricingModel.FIXED_PRICE: ["currency", "fixed_price"],
    }
    assert pricing_questions(PricingModel.PER_UNIT, "image")[1].text == "Price per image"


def test_rfp_timeline_defaults_run_forwards_and_bad_dates_are_named() -> None:
    timeline = RfpOptions().timeline(date(2026, 11, 23))
    assert (timeline.questions_due, timeline.responses_due) == (date(2026, 12, 3),
                                                                date(2026, 12, 14))
    assert (timeline.pilot_start, timeline.decision_on) == (date(2026, 12, 28),
                                                            date(2027, 1, 25))
    # An early deadline pulls the clarification deadline with it rather than failing.
    early = RfpOptions(responses_due=date(2026, 11, 30)).timeline(date(2026, 11, 23))
    assert (early.questions_due, early.pilot_start) == (date(2026, 11, 30), date(2026, 12, 14))
    with pytest.raises(InputError, match="responses due \\(2026-11-01\\) is before") as caught:
        RfpOptions(responses_due=date(2026, 11, 1)).timeline(date(2026, 11, 23))
    assert caught.value.column == "responses_due"


def test_a_stored_choice_answer_reads_in_words_for_evaluators():
    from datetime import UTC, datetime

    from vendor_eval.domain.rfp import RfpAnswer

    answer = RfpAnswer(vendor="V", question_id="pricing_model", question="Main offer?",
                       answer_type="choice", unit=None, value="per_unit", comment="",
                       criteria=(), sealed=True, sheet="Commercials", cell="E4",
                       bank_version="2026.2", answered_at=datetime(2026, 12, 4, tzinfo=UTC))

    assert answer.display == "Per item"
    assert answer.model_copy(update={"value": "crowd_platform"}).display == "Crowd platform"
    assert answer.model_copy(update={"value": "As typed"}).display == "As typed"
