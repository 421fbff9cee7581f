"""The criteria catalogue: what can be scored, measured, priced or gated, and its rubric."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vendor_eval.domain.enums import CriterionKind, Direction
from vendor_eval.errors import InputError

RUBRIC_LEVELS = (0, 1, 2, 3, 4, 5)
IDENTIFIER = r"^[a-z][a-z0-9_]*$"


class Category(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=IDENTIFIER)
    name: str
    description: str


class Criterion(BaseModel):
    """One thing a vendor is judged on; `scored` criteria carry an anchor for every rubric level."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=IDENTIFIER)
    name: str
    category: str
    description: str
    kind: CriterionKind
    direction: Direction = Direction.BENEFIT
    unit: str | None = None
    rubric: dict[int, str] | None = None

    @model_validator(mode="after")
    def _rubric_matches_kind(self) -> Criterion:
        if self.kind is CriterionKind.SCORED:
            levels = tuple(sorted(self.rubric or {}))
            if levels != RUBRIC_LEVELS:
                raise ValueError(
                    f"scored criterion '{self.id}' needs a rubric anchor for each level 0-5, "
                    f"found {list(levels)}"
                )
            if self.direction is not Direction.BENEFIT:
                raise ValueError(f"scored criterion '{self.id}' must be a benefit (5 is best)")
        elif self.rubric:
            raise ValueError(f"only scored criteria have a rubric; '{self.id}' is {self.kind}")
        if self.kind is CriterionKind.PRICE and self.direction is not Direction.COST:
            raise ValueError(f"price criterion '{self.id}' must have direction cost")
        return self


class Catalogue(BaseModel):
    """All categories and criteria, with ids unique and every criterion in a known category."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    categories: tuple[Category, ...]
    criteria: tuple[Criterion, ...]

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalogue:
        category_ids = [c.id for c in self.categories]
        _require_unique(category_ids, "category")
        _require_unique([c.id for c in self.criteria], "criterion")
        for criterion in self.criteria:
            if criterion.category not in category_ids:
                raise ValueError(
                    f"criterion '{criterion.id}' names unknown category '{criterion.category}'"
                )
        return self

    @cached_property
    def by_id(self) -> dict[str, Criterion]:
        return {c.id: c for c in self.criteria}

    @cached_property
    def category_names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.categories}

    def criterion(self, criterion_id: str) -> Criterion:
        try:
            return self.by_id[criterion_id]
        except KeyError:
            raise InputError(f"unknown criterion id '{criterion_id}'") from None

    def in_category(self, category_id: str) -> list[Criterion]:
        return [c for c in self.criteria if c.category == category_id]


def _require_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"duplicate {what} id '{item}'")
        seen.add(item)


def load_yaml(path: Path) -> object:
    """One of the catalogues, profiles or the demo shipped in `data/` (ours, UTF-8); a user's
    file is read through `files.decode` instead, which words every decoding mistake."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:  # VENDOR_EVAL_DATA_DIR names a folder without it
        raise InputError("file not found", file=str(path)) from None
    return yaml_document(text, str(path))


def yaml_document(text: str, name: str) -> object:
    """Parsed YAML, or an InputError that names the file and the line where it breaks."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise InputError(f"not valid YAML ({getattr(exc, 'problem', exc)})", file=name,
                         row=row) from None


def validation_error_to_input_error(exc: ValidationError, file: str) -> InputError:
    """Name the first offending field the way a person editing the file would look for it."""
    first = exc.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or None
    return InputError(first["msg"], file=file, column=location)


def load_catalogue(path: Path | None = None) -> Catalogue:
    from vendor_eval.config import CATALOGUE_PATH

    path = Path(path or CATALOGUE_PATH)
    raw = load_yaml(path)
    try:
        return Catalogue.model_validate(raw)
    except ValidationError as exc:
        raise validation_error_to_input_error(exc, str(path)) from None
