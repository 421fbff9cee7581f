"""The shipped criteria catalogue, risk checklist and RFP question bank, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from vendor_eval.domain.checklist import ChecklistCatalogue, load_checklist
from vendor_eval.domain.criteria import Catalogue, load_catalogue
from vendor_eval.domain.questions import QuestionBank, load_question_bank


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    return load_catalogue()


@lru_cache(maxsize=1)
def get_checklist() -> ChecklistCatalogue:
    """The risk and compliance checklist, checked against the criteria catalogue's gates."""
    return load_checklist(catalogue=get_catalogue())


@lru_cache(maxsize=1)
def get_question_bank() -> QuestionBank:
    """The shipped question bank, checked against the catalogue and checklist."""
    return load_question_bank(catalogue=get_catalogue(), checklist=get_checklist())
