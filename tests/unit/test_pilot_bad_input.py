"""Every bad pilot input named in issue 9 gets a message naming the file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendor_eval.errors import InputError
from vendor_eval.files.pilot import read_price_file
from vendor_eval.services.evidence.pilot import (
    analyze_pilot_files,
    analyze_pilot_uploads,
    analyze_ratings_file,
)

GOLD = "item_id,label\ni1,cat\ni2,dog\ni3,cat\n"
HEADER = "vendor,item_id,annotator_id,label,started_at,submitted_at,escalated,reworked\n"
GOOD_ROWS = [
    "Acme,i1,a1,cat,2025-03-03T09:00:00Z,2025-03-03T10:00:00Z,no,no",
    "Acme,i2,a1,dog,2025-03-03T09:00:00Z,2025-03-03T11:00:00Z,no,yes",
    "Brio,i1,b1,cat,2025-03-03T09:00:00Z,2025-03-03T12:00:00Z,yes,no",
]


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def labels_with(*extra: str, header: str = HEADER) -> str:
    return header + "\n".join([*GOOD_ROWS, *extra]) + "\n"


def analysis_error(tmp_path: Path, labels: str | bytes, gold: str | bytes = GOLD) -> InputError:
    gold_path = write(tmp_path, "gold.csv", gold)
    labels_path = write(tmp_path, "labels.csv", labels)
    with pytest.raises(InputError) as error:
        analyze_pilot_files(gold_path, labels_path)
    return error.value


def assert_place(error: InputError, file: str, row: int | None, column: str | None) -> None:
    assert Path(error.file).name == file
    assert error.row == row
    assert error.column == column
    described = str(error)
    assert file in described
    if row is not None:
        assert f"row {row}" in described
    if column is not None:
        assert f"'{column}'" in described


def test_the_good_files_pass(tmp_path):
    result = analyze_pilot_files(write(tmp_path, "gold.csv", GOLD),
                                 write(tmp_path, "labels.csv", labels_with()))
    assert [v.vendor for v in result.vendors] == ["Acme", "Brio"]


def test_item_absent_from_the_golden_set(tmp_path):
    error = analysis_error(tmp_path, labels_with("Acme,i9,a1,cat,,,,"))
    assert_place(error, "labels.csv", 5, "item_id")
    assert "item 'i9' is not in the golden set" in error.message


def test_label_outside_the_gold_label_set(tmp_path):
    error = analysis_error(tmp_path, labels_with("Acme,i3,a1,bird,,,,"))
    assert_place(error, "labels.csv", 5, "label")
    assert "label 'bird' is not one of the golden set's labels (cat, dog)" in error.message


def test_duplicate_vendor_item_annotator_row(tmp_path):
    error = analysis_error(tmp_path, labels_with("Acme,i1,a1,dog,,,,"))
    assert_place(error, "labels.csv", 5, "annotator_id")
    assert "labelled item 'i1' twice" in error.message


def test_vendor_with_no_overlap_with_gold(tmp_path):
    error = analysis_error(tmp_path, labels_with("Cato,x1,c1,cat,,,,", "Cato,x2,c1,dog,,,,"))
    assert_place(error, "labels.csv", 5, "item_id")
    assert "vendor 'Cato' has no item in common with the golden set" in error.message


@pytest.mark.parametrize("content", ["", "   \n\n", b"\xef\xbb\xbf"])
def test_empty_labels_file(tmp_path, content):
    error = analysis_error(tmp_path, content)
    assert_place(error, "labels.csv", None, None)
    assert "is empty" in error.message


def test_header_without_rows(tmp_path):
    error = analysis_error(tmp_path, HEADER)
    assert_place(error, "labels.csv", None, None)
    assert "no data rows" in error.message


def test_empty_gold_file(tmp_path):
    error = analysis_error(tmp_path, labels_with(), gold="")
    assert_place(error, "gold.csv", None, None)


@pytest.mark.parametrize("missing", ["vendor", "item_id", "annotator_id", "label"])
def test_missing_column_in_labels(tmp_path, missing):
    columns = HEADER.strip().split(",")
    keep = [i for i, c in enumerate(columns) if c != missing]
    rows = [",".join(r.split(",")[i] for i in keep) for r in GOOD_ROWS]
    error = analysis_error(tmp_path, ",".join(columns[i] for i in keep) + "\n" + "\n".join(rows))
    assert_place(error, "labels.csv", 1, missing)
    assert f"missing column '{missing}'" in error.message


def test_missing_column_in_gold(tmp_path):
    error = analysis_error(tmp_path, labels_with(), gold="item_id,answer\ni1,cat\n")
    assert_place(error, "gold.csv", 1, "label")


@pytest.mark.parametrize(
    ("row", "column"),
    [("Acme,i3,a1,cat,yesterday,2025-03-03T10:00:00Z,no,no", "started_at"),
     ("Acme,i3,a1,cat,2025-03-03T09:00:00Z,2025-13-45T10:00,no,no", "submitted_at")],
)
def test_unparseable_timestamps(tmp_path, row, column):
    error = analysis_error(tmp_path, labels_with(row))
    assert_place(error, "labels.csv", 5, column)
    assert "is not a date and time" in error.message


def test_submitted_before_started(tmp_path):
    error = analysis_error(tmp_path, labels_with(
        "Acme,i3,a1,cat,2025-03-03T09:00:00Z,2025-03-02T10:00:00Z,no,no"))
    assert_place(error, "labels.csv", 5, "submitted_at")


def test_flag_that_is_not_yes_or_no(tmp_path):
    error = analysis_error(tmp_path, labels_with("Acme,i3,a1,cat,,,maybe,no"))
    assert_place(error, "labels.csv", 5, "escalated")


def test_empty_required_cell(tmp_path):
    error = analysis_error(tmp_path, labels_with("Acme,i3,,cat,,,,"))
    assert_place(error, "labels.csv", 5, "annotator_id")
    assert "annotator_id is empty" in error.message


def test_blank_lines_do_not_shift_the_reported_row(tmp_path):
    text = HEADER + GOOD_ROWS[0] + "\n\n" + GOOD_ROWS[1] + "\nAcme,i3,a1,bird,,,,\n"
    error = analysis_error(tmp_path, text)
    assert_place(error, "labels.csv", 5, "label")


def test_wrong_encoding_names_the_line(tmp_path):
    text = labels_with().encode("utf-8") + "Acme,i3,a2,caf\u00e9,,,,\n".encode("latin-1")
    error = analysis_error(tmp_path, text)
    assert_place(error, "labels.csv", 5, None)
    assert "is not UTF-8 text" in error.message


def test_duplicate_item_in_the_golden_set(tmp_path):
    error = analysis_error(tmp_path, labels_with(), gold=GOLD + "i2,cat\n")
    assert_place(error, "gold.csv", 5, "item_id")
    assert "first on row 3" in error.message


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as error:
        analyze_pilot_files(tmp_path / "nope.csv", tmp_path / "labels.csv")
    assert_place(error.value, "nope.csv", None, None)


def test_the_same_label_in_two_files(tmp_path):
    gold = write(tmp_path, "gold.csv", GOLD)
    first = write(tmp_path, "acme.csv", labels_with())
    second = write(tmp_path, "again.csv", HEADER + GOOD_ROWS[2] + "\n" + GOOD_ROWS[0] + "\n")
    with pytest.raises(InputError) as error:
        analyze_pilot_files(gold, [first, second])
    assert_place(error.value, "again.csv", 2, "annotator_id")


def test_several_label_files_are_analysed_together(tmp_path):
    gold = write(tmp_path, "gold.csv", GOLD)
    acme = write(tmp_path, "acme.csv", HEADER + GOOD_ROWS[0] + "\n" + GOOD_ROWS[1] + "\n")
    brio = write(tmp_path, "brio.csv", "vendor,item_id,annotator_id,label\nBrio,i1,b1,cat\n")
    result = analyze_pilot_files(gold, [acme, brio])
    assert [(v.vendor, v.labels) for v in result.vendors] == [("Acme", 2), ("Brio", 1)]


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("vendor,model\nAcme,per_unit\n", 2, "unit_price", "needs unit_price"),
        ("vendor,model,unit_price\nAcme,per_unit,cheap\n", 2, "unit_price", "not a number"),
        ("vendor,model,unit_price\nAcme,per_unit,1\nAcme,per_unit,2\n", 3, "vendor",
         "two prices"),
        ("vendor,model,unit_price\nAcme,barter,1\n", 2, "model", "Input should be"),
        ("vendor,unit_price\nAcme,1\n", 1, "model", "missing column"),
    ],
)
def test_bad_price_file(tmp_path, text, row, column, message):
    with pytest.raises(InputError) as error:
        read_price_file(write(tmp_path, "prices.csv", text))
    assert_place(error.value, "prices.csv", row, column)
    assert message in error.value.message


def test_non_numeric_rating_at_the_interval_level(tmp_path):
    path = write(tmp_path, "ratings.csv", "item_id,rater_id,label\nu1,A,3\nu1,B,high\n")
    with pytest.raises(InputError) as error:
        analyze_ratings_file(path, "interval")
    assert_place(error.value, "ratings.csv", 3, "label")
    assert analyze_ratings_file(path, "nominal").n_ratings == 2


def test_a_rater_rating_an_item_twice(tmp_path):
    path = write(tmp_path, "ratings.csv", "item_id,rater_id,label\nu1,A,1\nu1,B,1\nu1,A,2\n")
    with pytest.raises(InputError) as error:
        analyze_ratings_file(path)
    assert_place(error.value, "ratings.csv", 4, "rater_id")


def test_invalid_coco_json_names_line_and_character(tmp_path):
    gold = write(tmp_path, "gold.json", '{"images": [\n  {"id": 1},\n  oops\n]}')
    vendor = write(tmp_path, "acme.json", "[]")
    with pytest.raises(InputError) as error:
        analyze_pilot_files(gold, [vendor], task="detection")
    assert_place(error.value, "gold.json", 3, "character 3")


def test_uploaded_files_are_named_by_their_upload_names():
    labels = labels_with("Acme,i3,a1,bird,,,,").encode()
    with pytest.raises(InputError) as error:
        analyze_pilot_uploads(("gold.csv", GOLD.encode()), [("acme-pilot.csv", labels)])
    assert_place(error.value, "acme-pilot.csv", 5, "label")
    result = analyze_pilot_uploads(("gold.csv", GOLD.encode()),
                                   [("acme-pilot.csv", labels_with().encode())])
    assert result.vendor_names == ["Acme", "Brio"]
