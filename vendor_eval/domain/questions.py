"""The RFP question bank: what a buyer asks every vendor, keyed to criteria and checklist items,
and the rules an answer must meet to count (the same rules the response workbook's dropdowns
and ranges show the vendor)."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vendor_eval.domain.checklist import ChecklistCatalogue
from vendor_eval.domain.criteria import (
    IDENTIFIER,
    Catalogue,
    load_yaml,
    validation_error_to_input_error,
)
from vendor_eval.domain.enums import CriterionKind, PricingModel
from vendor_eval.domain.presentation import PRICING_NAMES, label
from vendor_eval.domain.project import Scope
from vendor_eval.errors import InputError

YES, NO = "yes", "no"
TEXT_LIMIT = 5000  # characters in a free-text answer
REFERENCE_LIMIT = 500  # characters in a file reference
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2100, 12, 31)
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


class AnswerType(StrEnum):
    YES_NO = "yes_no"
    CHOICE = "choice"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"
    FILE_REFERENCE = "file_reference"


class AnswerProblem(ValueError):
    """An answer that breaks its question's rules; the message says what to type instead."""


class BankSection(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=IDENTIFIER)
    title: str = Field(min_length=1, max_length=31, description="also the workbook sheet's name")
    description: str = ""

    @model_validator(mode="after")
    def _usable_as_sheet_name(self) -> BankSection:
        if any(c in self.title for c in "[]:*?/\\") or self.title.startswith("_"):
            raise ValueError(f"section title '{self.title}' cannot name a workbook sheet")
        return self


class Theme(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=IDENTIFIER)
    title: str


class AnswerMapping(BaseModel):
    """Where an objective answer goes besides the answer store: exactly one target."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    measured: str | None = Field(default=None, pattern=IDENTIFIER)
    checklist: str | None = Field(default=None, pattern=IDENTIFIER)
    price_model: bool = False

    @model_validator(mode="after")
    def _one_target(self) -> AnswerMapping:
        targets = [self.measured is not None, self.checklist is not None, self.price_model]
        if sum(targets) != 1:
            raise ValueError("maps_to needs exactly one of measured, checklist, price_model")
        return self


class Question(BaseModel):
    """One question with its answer type and rules; frozen because an issued question is a fact."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True,
                              validate_by_alias=True, serialize_by_alias=True)

    id: str = Field(pattern=IDENTIFIER, max_length=80)
    section: str = Field(pattern=IDENTIFIER)
    theme: str = Field(pattern=IDENTIFIER)
    text: str = Field(min_length=1, max_length=1000)
    help: str = ""
    answer: AnswerType
    options: tuple[str, ...] = ()
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    whole: bool = False
    required: bool = False
    criteria: tuple[str, ...] = ()
    checklist_items: tuple[str, ...] = ()
    maps_to: AnswerMapping | None = None
    # YAML key `when`; the question is asked when ANY condition holds (empty: always).
    when_any: tuple[str, ...] = Field(default=(), alias="when")
    preselect: bool = True
    sealed: bool = False

    @model_validator(mode="after")
    def _rules_fit_the_answer_type(self) -> Question:
        kind = self.answer
        if kind is AnswerType.CHOICE:
            if len(self.options) < 2 or len(set(self.options)) != len(self.options):
                raise ValueError(f"choice question '{self.id}' needs two or more distinct options")
            if any(not o.strip() or o != o.strip() or o.startswith(("=", "+", "-", "@"))
                   for o in self.options):
                raise ValueError(f"question '{self.id}': options may not be empty, start or "
                                 "end with spaces, or start like a formula")
        elif self.options:
            raise ValueError(f"only choice questions have options; '{self.id}' is {kind.value}")
        numeric = (self.unit, self.minimum, self.maximum)
        if kind is not AnswerType.NUMBER and (any(v is not None for v in numeric) or self.whole):
            raise ValueError(f"unit, minimum, maximum and whole belong to number questions; "
                             f"'{self.id}' is {kind.value}")
        if kind is AnswerType.NUMBER and (self.minimum is None or self.maximum is None):
            raise ValueError(f"number question '{self.id}' needs a minimum and a maximum")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"question '{self.id}': minimum is above maximum")
        mapping = self.maps_to
        if mapping is not None:
            if mapping.measured and kind is not AnswerType.NUMBER:
                raise ValueError(f"'{self.id}' maps to a measured value, so it needs a number "
                                 "answer")
            if mapping.checklist and kind is not AnswerType.YES_NO:
                raise ValueError(f"'{self.id}' maps to a checklist item, so it needs a yes_no "
                                 "answer")
            if mapping.price_model and (kind is not AnswerType.CHOICE or not set(self.options)
                                        <= {m.value for m in PricingModel}):
                raise ValueError(f"'{self.id}' names the pricing model, so it needs a choice among "
                                 f"{', '.join(m.value for m in PricingModel)}")
        if kind is AnswerType.CHOICE:
            spellings = [{o.casefold(), w.casefold()}
                         for o, w in zip(self.options, self.option_words, strict=True)]
            if len(set().union(*spellings)) != sum(len(s) for s in spellings):
                raise ValueError(f"choice question '{self.id}': two options read the same (as "
                                 "listed or in words), so an answer could mean either")
        if not (self.criteria or self.checklist_items or mapping):
            raise ValueError(f"question '{self.id}' is keyed to no criterion or checklist item")
        return self

    def applies_to(self, scope: Scope) -> bool:
        """Whether the question belongs in an RFP for this scope (any `when_any` condition holds)."""
        return not self.when_any or any(scope.satisfies(condition) for condition in self.when_any)

    @property
    def option_words(self) -> tuple[str, ...]:
        """The options as the vendor reads them in the workbook and the RFP: a pricing model by
        the name buyers give it ("Per item"), another code in words (`managed_team` ->
        "Managed team"), an option already in words as written. Answers in these words are
        stored as the option itself, so the code a service reads never changes."""
        if self.maps_to is not None and self.maps_to.price_model:
            return tuple(PRICING_NAMES[PricingModel(o)] for o in self.options)
        return tuple(label(o) if re.fullmatch(IDENTIFIER, o) else o for o in self.options)

    def describe_rule(self) -> str:
        """What the vendor must enter, in words (shown beside the answer cell and in the PDF)."""
        kind = self.answer
        if kind is AnswerType.YES_NO:
            return "yes or no"
        if kind is AnswerType.CHOICE:
            return "one of: " + "; ".join(self.option_words)
        if kind is AnswerType.NUMBER:
            what = "a whole number" if self.whole else "a number"
            unit = {None: "", "%": "%", "currency": " in the quote's currency"}.get(
                self.unit, f" {self.unit}")
            return f"{what} from {_display(self.minimum)} to {_display(self.maximum)}{unit}"
        if kind is AnswerType.DATE:
            return "a date (YYYY-MM-DD)"
        if kind is AnswerType.FILE_REFERENCE:
            return "the file's name in your submission"
        return "free text"

    def normalise(self, value: object) -> str | None:
        """The answer as stored text (None when blank), or AnswerProblem saying what is wrong.

        Answers are stored as text in one canonical spelling: `yes`/`no`, the option as
        listed (given as listed or in its words), numbers without trailing zeros, dates as ISO,
        text as typed (trimmed).
        """
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        kind = self.answer
        if kind is AnswerType.YES_NO:
            return self._pick(value, (YES, NO))
        if kind is AnswerType.CHOICE:
            return self._pick(value, self.options, self.option_words)
        if kind is AnswerType.NUMBER:
            return self._number(value)
        if kind is AnswerType.DATE:
            return _date(value).isoformat()
        if not isinstance(value, str):
            value = _number_text(value) if isinstance(value, (int, float)) else str(value)
        limit = REFERENCE_LIMIT if kind is AnswerType.FILE_REFERENCE else TEXT_LIMIT
        text = value.strip()
        if len(text) > limit:
            raise AnswerProblem(f"is {len(text):,} characters long; keep it to {limit:,}")
        if kind is AnswerType.FILE_REFERENCE and "\n" in text:
            raise AnswerProblem("a file reference is one line: the file's name or link")
        return text

    def typed(self, text: str) -> bool | float | date | str:
        """A stored answer as a Python value: yes/no as bool, numbers, dates; else the text."""
        if self.answer is AnswerType.YES_NO:
            return text == YES
        if self.answer is AnswerType.NUMBER:
            return float(text)
        if self.answer is AnswerType.DATE:
            return date.fromisoformat(text)
        return text

    def _pick(self, value: object, allowed: tuple[str, ...],
              words: tuple[str, ...] | None = None) -> str:
        """The allowed value typed as listed or in its words, in any case."""
        words = words or allowed
        if isinstance(value, str):
            wanted = value.strip().casefold()
            for option, word in zip(allowed, words, strict=True):
                if wanted in (option.casefold(), word.casefold()):
                    return option
        shown = value if isinstance(value, str) else repr(value)
        raise AnswerProblem(f"'{shown}' is not one of the choices ({', '.join(words)}); pick "
                            "one from the dropdown")

    def _number(self, value: object) -> str:
        if isinstance(value, str):
            if not PLAIN_NUMBER.match(value.strip()):
                raise AnswerProblem(f"holds the text '{value.strip()[:60]}'; type a number only "
                                    f"({self.describe_rule()}), put remarks in the comment")
            number = float(value.strip())
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AnswerProblem(f"holds {type(value).__name__} data; type a number "
                                f"({self.describe_rule()})")
        else:
            number = float(value)
        if math.isnan(number) or math.isinf(number):
            raise AnswerProblem("is not a finite number")
        if self.whole and not number.is_integer():
            raise AnswerProblem(f"{_number_text(number)} is not a whole number")
        assert self.minimum is not None and self.maximum is not None
        if not self.minimum <= number <= self.maximum:
            raise AnswerProblem(f"{_number_text(number)} is outside the allowed range "
                                f"({self.describe_rule()})")
        return _number_text(number)


def _number_text(value: float | int | None) -> str:
    """A number without a spurious `.0`, and with every digit Python keeps (repr round-trips)."""
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def _display(value: float | None) -> str:
    """A rule's bound for people to read: thousands separated, no spurious `.0`."""
    number = float(value or 0)
    return f"{int(number):,}" if number.is_integer() else f"{number:,g}"


def _date(value: object) -> date:
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise AnswerProblem(f"'{value.strip()[:40]}' is not a date; type it as YYYY-MM-DD") \
                from None
    else:
        raise AnswerProblem(f"holds {type(value).__name__} data; type a date as YYYY-MM-DD")
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise AnswerProblem(f"{day.isoformat()} is not a plausible date")
    return day


class QuestionBank(BaseModel):
    """All sections, themes and questions of one bank version, with every reference resolved."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str = Field(min_length=1, max_length=40)
    sections: tuple[BankSection, ...]
    themes: tuple[Theme, ...]
    questions: tuple[Question, ...]

    @model_validator(mode="after")
    def _references_resolve(self) -> QuestionBank:
        _unique([s.id for s in self.sections], "section id")
        _unique([s.title.casefold() for s in self.sections], "section title")
        _unique([t.id for t in self.themes], "theme id")
        _unique([q.id for q in self.questions], "question id")
        sections, themes = {s.id for s in self.sections}, {t.id for t in self.themes}
        for question in self.questions:
            if question.section not in sections:
                raise ValueError(f"question '{question.id}' names unknown section "
                                 f"'{question.section}'")
            if question.theme not in themes:
                raise ValueError(f"question '{question.id}' names unknown theme '{question.theme}'")
            for condition in question.when_any:
                if not Scope.is_known_condition(condition):
                    raise ValueError(f"question '{question.id}': unknown condition '{condition}'")
        return self

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def section_titles(self) -> dict[str, str]:
        return {s.id: s.title for s in self.sections}

    def in_section(self, section_id: str) -> list[Question]:
        return [q for q in self.questions if q.section == section_id]

    def default_selection(self, scope: Scope) -> list[str]:
        """The questions an RFP for this scope asks unless the user picks otherwise."""
        return [q.id for q in self.questions if q.preselect and q.applies_to(scope)]

    def ordered(self, question_ids: list[str] | tuple[str, ...]) -> list[Question]:
        """The chosen questions in bank order (sections as listed); unknown ids are an error."""
        unknown = [i for i in question_ids if i not in self.by_id]
        if unknown:
            raise InputError(f"unknown question id(s) {', '.join(unknown)} in question bank "
                             f"{self.version}", column="questions")
        chosen = set(question_ids)
        order = {s.id: n for n, s in enumerate(self.sections)}
        picked = [q for q in self.questions if q.id in chosen]
        return sorted(picked, key=lambda q: order[q.section])

    def check_against(self, catalogue: Catalogue, checklist: ChecklistCatalogue,
                      source: str) -> None:
        """Every criterion and checklist item a question names exists, with the right kind."""
        for index, question in enumerate(self.questions):
            where = f"questions.{index}"
            for criterion_id in question.criteria:
                if criterion_id not in catalogue.by_id:
                    raise InputError(f"question '{question.id}': unknown criterion "
                                     f"'{criterion_id}'", file=source, column=f"{where}.criteria")
            for item_id in question.checklist_items:
                if item_id not in checklist.by_id:
                    raise InputError(f"question '{question.id}': unknown checklist item "
                                     f"'{item_id}'", file=source,
                                     column=f"{where}.checklist_items")
            mapping = question.maps_to
            if mapping is None:
                continue
            if mapping.measured is not None:
                criterion = catalogue.by_id.get(mapping.measured)
                if criterion is None or criterion.kind is not CriterionKind.MEASURED:
                    raise InputError(f"question '{question.id}': '{mapping.measured}' is not a "
                                     f"measured criterion", file=source,
                                     column=f"{where}.maps_to.measured")
            if mapping.checklist is not None and mapping.checklist not in checklist.by_id:
                raise InputError(f"question '{question.id}': unknown checklist item "
                                 f"'{mapping.checklist}'", file=source,
                                 column=f"{where}.maps_to.checklist")


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {what} '{item}'")
        seen.add(item)


def load_question_bank(path: Path | None = None, catalogue: Catalogue | None = None,
                       checklist: ChecklistCatalogue | None = None) -> QuestionBank:
    """Read and validate the bank; errors name the file and the offending field."""
    from vendor_eval.config import DATA_DIR

    path = Path(path or DATA_DIR / "question_bank.yaml")
    raw = load_yaml(path)
    try:
        bank = QuestionBank.model_validate(raw)
    except ValidationError as exc:
        raise validation_error_to_input_error(exc, str(path)) from None
    if catalogue is not None and checklist is not None:
        bank.check_against(catalogue, checklist, str(path))
    return bank
