"""Every checklist item a scope can require is asked about in the RFP: a yes/no question maps
to it (so a returned workbook records a finding for it), and the bank's default pick asks that
question whenever the item is required."""

from __future__ import annotations

import pytest

from vendor_eval.domain.checklist import ALWAYS, ChecklistItem
from vendor_eval.domain.enums import Industry, Sensitivity
from vendor_eval.domain.project import Scope
from vendor_eval.domain.questions import AnswerType
from vendor_eval.services.kernel.catalogue import get_checklist, get_question_bank

REQUIRABLE = [item for item in get_checklist().items if item.required_when_any]


def scope_for(condition: str) -> Scope:
    """The plainest scope in which `condition` holds: only that flag or that industry."""
    if condition == ALWAYS:
        return Scope(industry=Industry.OTHER, volume=1000)
    if condition.startswith("industry:"):
        return Scope(industry=Industry(condition.split(":", 1)[1]), volume=1000)
    return Scope(industry=Industry.OTHER, volume=1000,
                 sensitivity=frozenset({Sensitivity(condition)}))


def mapped_questions(item: ChecklistItem) -> list[str]:
    return [q.id for q in get_question_bank().questions
            if q.maps_to is not None and q.maps_to.checklist == item.id]


@pytest.mark.parametrize("item", REQUIRABLE, ids=lambda item: item.id)
def test_every_requirable_item_has_a_yes_no_question_mapped_to_it(item: ChecklistItem) -> None:
    questions = mapped_questions(item)
    assert questions, f"no question maps to checklist item {item.id}"
    bank = get_question_bank()
    assert all(bank.by_id[q].answer is AnswerType.YES_NO for q in questions)


@pytest.mark.parametrize(("item", "condition"),
                         [(item, c) for item in REQUIRABLE for c in item.required_when_any],
                         ids=lambda value: getattr(value, "id", value))
def test_the_default_pick_asks_about_an_item_wherever_it_is_required(
        item: ChecklistItem, condition: str) -> None:
    scope = scope_for(condition)
    assert item.required_for(scope)
    picked = set(get_question_bank().default_selection(scope))
    assert picked & set(mapped_questions(item)), (
        f"{item.id} is required when {condition} holds, but no question mapping to it is "
        "picked by default")


def test_a_question_on_a_conditional_item_is_asked_only_where_the_item_applies() -> None:
    """A `when` on such a question never reaches beyond the item's own conditions, so vendors
    are not asked for evidence the scope does not need."""
    bank, checklist = get_question_bank(), get_checklist()
    for question in bank.questions:
        if question.maps_to is None or question.maps_to.checklist is None:
            continue
        item = checklist.by_id[question.maps_to.checklist]
        assert set(question.when_any) <= set(item.required_when_any), question.id
