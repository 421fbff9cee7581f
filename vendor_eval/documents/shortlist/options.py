"""What a shortlist report contains: its optional sections and the shortlist size.

Kept apart from the rendering code so the app can offer the choices without loading it.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_TOP_K = 50


class Section(StrEnum):
    """The report's optional sections, in the order they print (cover and contents always do)."""

    SUMMARY = "summary"
    RANKING = "ranking"
    VALUE_MAP = "value_map"
    CONTRIBUTIONS = "contributions"
    PILOT = "pilot"
    VENDORS = "vendors"
    EXCLUDED = "excluded"
    METHODOLOGY = "methodology"
    AUDIT = "audit"


SECTION_TITLES: dict[Section, str] = {
    Section.SUMMARY: "Executive summary",
    Section.RANKING: "Ranking of all vendors",
    Section.VALUE_MAP: "Value map: score against cost",
    Section.CONTRIBUTIONS: "Where the points come from",
    Section.PILOT: "Pilot evidence",
    Section.VENDORS: "Shortlisted vendors",
    Section.EXCLUDED: "Excluded vendors",
    Section.METHODOLOGY: "Appendix A: How this was decided",
    Section.AUDIT: "Appendix B: Audit summary",
}
CHART_SECTIONS = frozenset({Section.VALUE_MAP, Section.CONTRIBUTIONS, Section.PILOT})


class ReportOptions(BaseModel):
    """The reader's choices: how many vendors to shortlist and which sections to print.

    `charts=False` leaves the chart images out (tables and text stay): a quick draft, and the
    baseline the report benchmark compares against.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    top_k: int = Field(default=3, ge=1, le=MAX_TOP_K)
    sections: tuple[Section, ...] = tuple(Section)
    charts: bool = True

    @field_validator("sections")
    @classmethod
    def _print_order(cls, sections: tuple[Section, ...]) -> tuple[Section, ...]:
        """Sections always print in the document's order, whatever order they were ticked in."""
        chosen = set(sections)
        return tuple(section for section in Section if section in chosen)

    def includes(self, section: Section) -> bool:
        return section in self.sections
