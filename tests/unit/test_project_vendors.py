"""A project's vendors, read once: by name for what users type, by id for what they read."""

from __future__ import annotations

import pytest

from vendor_eval.errors import InputError
from vendor_eval.store.repository import ProjectVendors
from vendor_eval.store.tables import VendorRow

VENDORS = ProjectVendors("claims", (
    VendorRow(id=7, name="Aster", delivery_model="bpo"),
    VendorRow(id=3, name="Birch", delivery_model="boutique_hitl"),
))


def test_ids_by_name_and_names_by_id_are_the_same_vendors() -> None:
    assert VENDORS.ids == {"Aster": 7, "Birch": 3}
    assert VENDORS.names == {7: "Aster", 3: "Birch"}
    assert VENDORS.id_of("Birch") == 3


def test_a_name_the_project_lacks_is_refused_where_it_was_typed_naming_the_vendors() -> None:
    with pytest.raises(InputError) as refused:
        VENDORS.id_of("Cedar", of="of the pilot", fix="add it first", file="labels.csv", row=4)

    assert refused.value.message == ("vendor 'Cedar' of the pilot is not in project 'claims' "
                                     "(its vendors: Aster, Birch); add it first")
    assert (refused.value.file, refused.value.row, refused.value.column) == (
        "labels.csv", 4, "vendor")


def test_a_project_without_vendors_says_so() -> None:
    with pytest.raises(InputError, match=r"\(its vendors: none\)"):
        ProjectVendors("empty", ()).id_of("Aster")
