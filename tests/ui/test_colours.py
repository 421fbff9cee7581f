"""One colour per vendor on every page: the project's vendors keep theirs whatever else a chart
shows (a pilot file may name a vendor the project does not have)."""

from __future__ import annotations

from vendor_eval.domain.presentation import VENDOR_PALETTE, vendor_colours
from vendor_eval.ui.charts import colours_for

PROJECT = ["Kestrel Data Teams", "Verity Loop", "Harborline Business Services"]


def test_project_vendors_keep_the_colours_they_have_on_every_other_page() -> None:
    colours = colours_for(PROJECT, ["Verity Loop", "Aardvark Annotations"])

    assert {v: colours[v] for v in PROJECT} == vendor_colours(PROJECT)


def test_a_vendor_outside_the_project_takes_the_next_unused_colour() -> None:
    colours = colours_for(PROJECT, ["Aardvark Annotations"])

    assert colours["Aardvark Annotations"] == VENDOR_PALETTE[len(PROJECT)]
    assert len(set(colours.values())) == len(PROJECT) + 1
