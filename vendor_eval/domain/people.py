"""Who acts: a person with a role; services take the actor explicitly so rules are testable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vendor_eval.domain.enums import Role

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class Actor(BaseModel):
    """A person as the services see them; `email` is what team-mode login maps to them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    role: Role
    email: str | None = Field(default=None, max_length=200, pattern=EMAIL_PATTERN)

    @field_validator("name")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError("a name may not start or end with spaces")
        return value

    @field_validator("email", mode="before")
    @classmethod
    def _normalised_email(cls, value: object) -> object:
        """E-mail addresses compare case-insensitively; blank means none."""
        if isinstance(value, str):
            value = value.strip().lower()
            return value or None
        return value


LOCAL_ADMIN = Actor(name="local admin", role=Role.ADMIN)
"""Local single-user mode (no `[auth]` in secrets.toml): one trusted person, acting as admin."""


class Person(BaseModel):
    """A person as stored: who they are, their role, and the version that guards edits."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    role: Role
    email: str | None = None
    version: int = 1
    updated_by: str = ""

    @property
    def actor(self) -> Actor:
        return Actor(name=self.name, role=self.role, email=self.email)
