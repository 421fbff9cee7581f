"""Every reader decodes a user's file the same way: the BOM dropped, empty and non-UTF-8 refused
with one sentence that names the file and, for a bad byte, its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendor_eval.errors import InputError
from vendor_eval.files.decode import BOM, read_bytes, read_text, utf8_bytes, utf8_text


def test_excels_byte_order_mark_is_not_part_of_the_text() -> None:
    assert utf8_text(BOM + "name\nMüller\n".encode(), "v.csv", "a table") == "name\nMüller\n"
    assert utf8_bytes(BOM + b"a\n", "v.csv", "a table") == b"a\n"


@pytest.mark.parametrize("raw", [b"", b" \n\n", BOM, BOM + b"\n"])
def test_a_file_with_nothing_in_it_says_what_was_expected(raw: bytes) -> None:
    with pytest.raises(InputError) as refused:
        utf8_text(raw, "labels.csv", "a header row and data rows")

    assert str(refused.value) == "labels.csv: is empty; expected a header row and data rows"


def test_a_byte_that_is_not_utf8_is_named_with_its_line() -> None:
    raw = "vendor\nAcme\nCaf\u00e9 Labs\n".encode("latin-1")

    with pytest.raises(InputError) as refused:
        utf8_text(raw, "v.csv", "a table")

    assert (refused.value.file, refused.value.row) == ("v.csv", 3)
    assert "not UTF-8 text (byte 0xe9)" in refused.value.message
    assert "CSV UTF-8" in refused.value.message


def test_a_missing_file_or_a_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_bytes(tmp_path / "nowhere.csv")
    with pytest.raises(InputError, match="is a folder, not a file"):
        read_text(tmp_path, "a table")
