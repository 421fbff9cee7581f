"""The risk and compliance checklist: what must be true of a vendor before data moves.

Items are required by the project's scope (`required_when`: any condition holding makes the
item required; `always` makes it required everywhere). A required item that is not met is a
failed gate; an item that is not required but not met becomes a risk-register entry.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vendor_eval.domain.criteria import (
    IDENTIFIER,
    Catalogue,
    load_yaml,
    validation_error_to_input_error,
)
from vendor_eval.domain.enums import CriterionKind
from vendor_eval.domain.project import Scope
from vendor_eval.errors import InputError

ALWAYS = "always"


class ChecklistSection(StrEnum):
    COMPLIANCE_SECURITY = "compliance_security"
    CONTRACT = "contract"
    OPERATIONS = "operations"


class ChecklistStatus(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class ChecklistItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True,
                              validate_by_alias=True, serialize_by_alias=True)

    id: str = Field(pattern=IDENTIFIER)
    section: ChecklistSection
    title: str
    evidence: str = Field(description="what evidence satisfies the item")
    guards_against: str = Field(description="the risk the item guards against")
    likelihood: int = Field(ge=1, le=5, description="default likelihood if not met")
    impact: int = Field(ge=1, le=5, description="default impact if not met")
    mitigation: str = Field(description="what to ask the vendor for")
    # YAML key `required_when`; ANY condition holding requires the item (a gate needs all).
    required_when_any: tuple[str, ...] = Field(default=(), alias="required_when")
    gate_criterion: str | None = Field(default=None, pattern=IDENTIFIER)
    certificate: bool = Field(default=False, description="evidence expires and must be dated")

    def required_for(self, scope: Scope) -> bool:
        return any(c == ALWAYS or scope.satisfies(c) for c in self.required_when_any)


class ChecklistCatalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    items: tuple[ChecklistItem, ...]

    @model_validator(mode="after")
    def _ids_unique(self) -> ChecklistCatalogue:
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise ValueError(f"duplicate checklist item id '{item.id}'")
            seen.add(item.id)
            for condition in item.required_when_any:
                if condition != ALWAYS and not Scope.is_known_condition(condition):
                    raise ValueError(f"item '{item.id}': unknown condition '{condition}'")
        return self

    @cached_property
    def by_id(self) -> dict[str, ChecklistItem]:
        return {item.id: item for item in self.items}

    @cached_property
    def by_gate(self) -> dict[str, ChecklistItem]:
        return {item.gate_criterion: item for item in self.items if item.gate_criterion}

    def check_against(self, catalogue: Catalogue, source: str) -> None:
        """Every linked gate criterion exists and is a gate; every gate has one item."""
        for index, item in enumerate(self.items):
            if item.gate_criterion is None:
                continue
            criterion = catalogue.by_id.get(item.gate_criterion)
            if criterion is None or criterion.kind is not CriterionKind.GATE:
                raise InputError(f"'{item.gate_criterion}' is not a gate criterion", file=source,
                                 column=f"items.{index}.gate_criterion")
        linked = {item.gate_criterion for item in self.items}
        for criterion in catalogue.criteria:
            if criterion.kind is CriterionKind.GATE and criterion.id not in linked:
                raise InputError(f"gate criterion '{criterion.id}' has no checklist item",
                                 file=source)


SELF_DECLARED_SOURCE = "RFP response workbook"
"""How the file reference of a finding taken from a vendor's own RFP answer begins."""


class ChecklistAssessment(BaseModel):
    """A reviewer's finding for one vendor on one checklist item, or a vendor's own answer.

    A finding read from the vendor's RFP workbook has no reviewer: it is self-declared until
    someone checks the evidence and puts their name on it (`confirm_self_declared`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    vendor: str
    item_id: str = Field(pattern=IDENTIFIER)
    status: ChecklistStatus
    evidence: str = ""
    file_reference: str = ""
    expires_on: date | None = None
    reviewer: str = ""

    @property
    def self_declared(self) -> bool:
        """The vendor says so in its RFP answers, and no reviewer has checked it yet."""
        return self.file_reference.startswith(SELF_DECLARED_SOURCE) and not self.reviewer.strip()


def load_checklist(path: Path | None = None, catalogue: Catalogue | None = None) -> ChecklistCatalogue:
    from vendor_eval.config import DATA_DIR

    path = Path(path or DATA_DIR / "checklist.yaml")
    raw = load_yaml(path)
    try:
        checklist = ChecklistCatalogue.model_validate(raw)
    except ValidationError as exc:
        raise validation_error_to_input_error(exc, str(path)) from None
    if catalogue is not None:
        checklist.check_against(catalogue, str(path))
    return checklist
