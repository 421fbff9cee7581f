"""Who acts: a person with a role; services take the actor explicitly so rules are testable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from vendor_eval.domain.enums import Role


class Actor(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    role: Role


LOCAL_ADMIN = Actor(name="local admin", role=Role.ADMIN)
