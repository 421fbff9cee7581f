"""An RFP as the buyer sets it up (sections, questions, pricing models, timeline) and what a
returned response workbook can be faulted for, cell by cell."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vendor_eval.domain.criteria import IDENTIFIER
from vendor_eval.domain.enums import PricingModel
from vendor_eval.domain.presentation import PRICING_NAMES, label
from vendor_eval.domain.questions import AnswerType, Question
from vendor_eval.errors import InputError

PRICING_SECTION = "pricing"
CURRENCIES = ("USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "SGD", "INR", "PHP", "JPY",
              "SEK", "NOK", "DKK", "PLN", "ZAR", "BRL", "MXN")


class RfpSection(StrEnum):
    """The chapters a user may include; the cover page is always printed."""

    BACKGROUND = "background"
    GUIDELINES = "guidelines"
    SECURITY = "security"
    SLAS = "slas"
    PILOT = "pilot"
    PRICING = "pricing"
    EVALUATION = "evaluation"
    SUBMISSION = "submission"
    CONTRACT = "contract"
    QUESTIONS = "questions"


SECTION_TITLES: dict[RfpSection, str] = {
    RfpSection.BACKGROUND: "Background and scope",
    RfpSection.GUIDELINES: "Guidelines and golden set",
    RfpSection.SECURITY: "Security and compliance requirements",
    RfpSection.SLAS: "Required service levels",
    RfpSection.PILOT: "Pilot plan",
    RfpSection.PRICING: "Pricing request",
    RfpSection.EVALUATION: "Evaluation criteria and weights",
    RfpSection.SUBMISSION: "Submission instructions and timeline",
    RfpSection.CONTRACT: "Contract terms",
    RfpSection.QUESTIONS: "Questions",
}

PRICING_TITLES: dict[PricingModel, str] = {
    PricingModel.PER_UNIT: "Per unit",
    PricingModel.PER_HOUR: "Per hour",
    PricingModel.MANAGED_TEAM: "Managed team",
    PricingModel.FIXED_PRICE: "Fixed price",
}

# Days used when the user leaves a date of the timeline empty: responses and clarification
# questions count from the issue date, the pilot from the responses, the decision from the pilot.
DEFAULT_DAYS = {"responses_due": 21, "questions_due": 10, "pilot_start": 14, "decision_on": 28}


class Timeline(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    issued_on: date
    questions_due: date
    responses_due: date
    pilot_start: date
    decision_on: date


class RfpOptions(BaseModel):
    """What the user chose for one RFP; empty choices fall back to what the project suggests."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sections: tuple[RfpSection, ...] = tuple(RfpSection)
    question_ids: tuple[str, ...] | None = None  # None: the bank's default pick for the scope
    pricing_models: tuple[PricingModel, ...] = tuple(PricingModel)  # empty: no prices asked
    vendor: str | None = None  # issue the workbook to one vendor, named in its metadata
    template_set: str = "default"
    issued_on: date | None = None
    questions_due: date | None = None
    responses_due: date | None = None
    pilot_start: date | None = None
    decision_on: date | None = None
    contact: str = Field(default="", max_length=300)
    pilot_items: int | None = Field(default=None, gt=0, le=1_000_000)

    @field_validator("pricing_models", "sections")
    @classmethod
    def _in_document_order(cls, values: tuple[StrEnum, ...]) -> tuple[StrEnum, ...]:
        """Sheets and chapters always come in the same order, whatever order they were picked."""
        if len(set(values)) != len(values):
            raise ValueError("an entry is listed twice")
        order = list(type(values[0])) if values else []
        return tuple(sorted(values, key=order.index))

    @model_validator(mode="after")
    def _choices_make_sense(self) -> RfpOptions:
        if self.question_ids is not None and len(set(self.question_ids)) != len(self.question_ids):
            raise ValueError("a question is listed twice")
        return self

    def ordered_sections(self) -> tuple[RfpSection, ...]:
        """The chosen sections in document order, whatever order they were given in."""
        return tuple(s for s in RfpSection if s in self.sections)

    def timeline(self, today: date) -> Timeline:
        """Every date of the timeline, defaults filled in, checked to run forwards."""
        issued = self.issued_on or today
        days = {name: timedelta(days=n) for name, n in DEFAULT_DAYS.items()}
        responses = self.responses_due or issued + days["responses_due"]
        questions = self.questions_due or max(issued, min(issued + days["questions_due"],
                                                          responses))
        pilot = self.pilot_start or responses + days["pilot_start"]
        decision = self.decision_on or pilot + days["decision_on"]
        dates = {"questions_due": questions, "responses_due": responses, "pilot_start": pilot,
                 "decision_on": decision}
        steps = [("issued_on", issued), *dates.items()]
        for (before, first), (after, second) in zip(steps, steps[1:], strict=False):
            if second < first:
                raise InputError(f"{after.replace('_', ' ')} ({second.isoformat()}) is before "
                                 f"{before.replace('_', ' ')} ({first.isoformat()})",
                                 column=after)
        return Timeline(issued_on=issued, **dates)


# --- pricing sheets: one per model, asking for exactly the fields a PriceQuote needs ----------

def pricing_questions(model: PricingModel, unit: str) -> tuple[Question, ...]:
    """The rows of one pricing sheet; `required` rows are required once the sheet is used."""
    units = f"{unit}s"
    fields: dict[PricingModel, tuple[tuple[str, str, float, float], ...]] = {
        PricingModel.PER_UNIT: (("unit_price", f"Price per {unit}", 0, 1_000_000),),
        PricingModel.PER_HOUR: (
            ("hourly_rate", "Rate per annotator-hour", 0, 100_000),
            ("units_per_hour", f"{units.capitalize()} completed per annotator-hour, reviewed",
             0.0001, 1_000_000)),
        PricingModel.MANAGED_TEAM: (
            ("monthly_fee", "Monthly fee for the dedicated team", 0, 100_000_000),
            ("units_per_month", f"{units.capitalize()} the team completes per month, reviewed",
             1, 1_000_000_000)),
        PricingModel.FIXED_PRICE: (
            ("fixed_price", "Fixed price for the whole scope", 0, 10_000_000_000),),
    }
    common = dict(section=PRICING_SECTION, theme="pricing_model", sealed=True,
                  criteria=("total_cost", "pricing_transparency"))
    rows = [Question(id=pricing_id(model, "currency"), text="Currency of every amount on this "
                     "sheet", answer=AnswerType.CHOICE, options=CURRENCIES, required=True,
                     **common)]
    rows += [Question(id=pricing_id(model, name), text=text, answer=AnswerType.NUMBER,
                      unit="currency" if "price" in name or "fee" in name or "rate" in name
                      else units, minimum=low, maximum=high, required=True, **common)
             for name, text, low, high in fields[model]]
    rows += [
        Question(id=pricing_id(model, "setup_fee"), text="One-off set-up fee (0 if none)",
                 answer=AnswerType.NUMBER, unit="currency", minimum=0, maximum=100_000_000,
                 **common),
        Question(id=pricing_id(model, "notes"), text="What the price includes and excludes",
                 answer=AnswerType.TEXT, **common),
    ]
    return tuple(rows)


def pricing_id(model: PricingModel, field: str) -> str:
    return f"price_{model.value}_{field}"


def pricing_field(model: PricingModel, question_id: str) -> str:
    """The PriceQuote field a pricing row fills (`price_per_unit_unit_price` -> `unit_price`)."""
    return question_id.removeprefix(f"price_{model.value}_")


# --- what an import can find wrong ---------------------------------------------------------

class CellProblem(BaseModel):
    """One thing wrong in a returned workbook, located as the vendor would look for it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sheet: str
    cell: str
    question_id: str | None = None
    problem: str
    missing: bool = False  # a required answer left empty: importable as a partial response

    def describe(self) -> str:
        about = f" ({self.question_id})" if self.question_id else ""
        return f"{self.sheet}!{self.cell}{about}: {self.problem}"


class WorkbookProblems(InputError):
    """A returned workbook with one or more faults; nothing of it was imported."""

    def __init__(self, file: str, problems: list[CellProblem]) -> None:
        self.problems = tuple(problems)
        first = problems[0].describe() if problems else "no details"
        count = len(problems)
        super().__init__(f"{count} problem{'' if count == 1 else 's'} found, nothing was "
                         f"imported; first: {first}", file=file)


class RfpAnswer(BaseModel):
    """A vendor's answer as stored, with the question as the vendor saw it; evidence that
    evaluators read beside the rubric of each criterion the question is keyed to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    question_id: str
    question: str
    answer_type: AnswerType
    unit: str | None = None
    value: str
    comment: str = ""
    criteria: tuple[str, ...] = ()
    sealed: bool = False
    sheet: str = ""
    cell: str = ""
    bank_version: str
    answered_at: datetime

    @property
    def display(self) -> str:
        """The answer as a person would say it: `4 weeks`, `yes`, the text."""
        if self.unit and self.answer_type is AnswerType.NUMBER and self.unit != "currency":
            return f"{self.value} {self.unit}"
        if self.answer_type is AnswerType.CHOICE and re.fullmatch(IDENTIFIER, self.value):
            if self.value in set(PricingModel):  # a choice stored as its code, shown in words
                return PRICING_NAMES[PricingModel(self.value)]
            return label(self.value)
        return self.value


# --- the RFP history as it travels in a project file ----------------------------------------

RFP_TOKEN = r"^[0-9A-Za-z_-]{1,32}$"
"""An issue's reference as the workbook's metadata carries it (16 hex digits when issued here)."""


class RfpIssue(BaseModel):
    """An RFP as it was sent out, named by its reference token. A returned workbook is checked
    against this record (questions, pricing sheets, checksum), so without it that workbook
    could never be imported; `vendor` is None for an RFP issued to no vendor in particular."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    token: str = Field(pattern=RFP_TOKEN)
    vendor: str | None = Field(default=None, min_length=1)
    bank_version: str = Field(min_length=1, max_length=40)
    checksum: str = Field(pattern=r"^[0-9a-f]{64}$")
    question_ids: tuple[str, ...] = ()
    pricing_models: tuple[PricingModel, ...] = ()
    sections: tuple[RfpSection, ...] = ()
    unit: str = Field(default="item", min_length=1, max_length=40)
    issued_at: datetime
    issued_by: str = Field(default="", max_length=120)

    @field_validator("question_ids")
    @classmethod
    def _question_ids_are_identifiers(cls, ids: tuple[str, ...]) -> tuple[str, ...]:
        for question_id in ids:
            if not re.fullmatch(IDENTIFIER, question_id) or len(question_id) > 80:
                raise ValueError(f"'{question_id}' is not a question id")
        if len(set(ids)) != len(ids):
            raise ValueError("a question is listed twice")
        return ids

    @property
    def answerable_ids(self) -> frozenset[str]:
        """Every row the response workbook asked: the questions and each pricing sheet's rows."""
        priced = {q.id for model in self.pricing_models
                  for q in pricing_questions(model, self.unit)}
        return frozenset(self.question_ids) | priced


class RfpAnswerRecord(RfpAnswer):
    """A stored answer with the RFP it came back on (by token) and who imported it: what a
    project file carries so the answers beside the rubric survive a move between databases.
    The limits are the table's, checked here so PostgreSQL never truncates or refuses a row."""

    issue_token: str = Field(pattern=RFP_TOKEN)
    question_id: str = Field(pattern=IDENTIFIER, max_length=80)
    unit: str | None = Field(default=None, max_length=40)
    sheet: str = Field(default="", max_length=31)
    cell: str = Field(default="", max_length=12)
    bank_version: str = Field(min_length=1, max_length=40)
    imported_by: str = Field(default="", max_length=120)
