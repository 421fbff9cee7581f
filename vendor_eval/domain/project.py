"""Projects and their scope: what is bought, how much of it, and how sensitive the data is."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from vendor_eval.domain.criteria import IDENTIFIER
from vendor_eval.domain.enums import Industry, Sensitivity


class Scope(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    industry: Industry
    data_types: tuple[str, ...] = ()
    volume: int = Field(gt=0, description="units to be labelled or reviewed over the contract")
    unit: str = "item"
    languages: tuple[str, ...] = ()
    sensitivity: frozenset[Sensitivity] = frozenset()

    def satisfies(self, condition: str) -> bool:
        """Whether a gate condition (`phi`, `industry:healthcare`, ...) holds for this scope."""
        if condition.startswith("industry:"):
            return self.industry.value == condition.split(":", 1)[1]
        return condition in {s.value for s in self.sensitivity}

    @staticmethod
    def is_known_condition(condition: str) -> bool:
        if condition.startswith("industry:"):
            return condition.split(":", 1)[1] in {i.value for i in Industry}
        return condition in {s.value for s in Sensitivity}


class Project(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="short name used on the CLI")
    title: str
    description: str = ""
    scope: Scope
    profile_id: str = Field(pattern=IDENTIFIER)
