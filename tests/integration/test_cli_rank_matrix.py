"""`vendor-eval rank-matrix`: textbook weighted sums, the JSON contract and bad input (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendor_eval.cli.app import app

runner = CliRunner()

# Triantaphyllou, "Multi-Criteria Decision Making Methods: A Comparative Study" (2000), §2.2.1:
# WSM scores A1 = 21.5, A2 = 22.0, A3 = 22.0 (A2 and A3 tie for first).
TEXTBOOK_MATRIX = "alternative,c1,c2,c3,c4\nA1,25,20,15,30\nA2,10,30,20,30\nA3,30,10,30,10\n"
TEXTBOOK_WEIGHTS = (
    "c1: {weight: 0.20, direction: benefit}\nc2: {weight: 0.15, direction: benefit}\n"
    "c3: {weight: 0.40, direction: benefit}\nc4: {weight: 0.25, direction: benefit}\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rank_matrix(tmp_path: Path, matrix: str, weights: str, *extra: str):
    return runner.invoke(app, [
        "rank-matrix", str(write(tmp_path, "m.csv", matrix)),
        "--weights", str(write(tmp_path, "w.yaml", weights)), *extra,
    ])


def test_textbook_weighted_sum_with_no_normalisation(tmp_path):
    result = rank_matrix(tmp_path, TEXTBOOK_MATRIX, TEXTBOOK_WEIGHTS, "--normalize", "none",
                         "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["alternative"], r["rank"]) for r in rows] == [("A2", 1), ("A3", 1), ("A1", 3)]
    assert {r["alternative"]: r["score"] for r in rows} == pytest.approx(
        {"A1": 21.5, "A2": 22.0, "A3": 22.0})


def test_cost_criterion_is_reversed_by_minmax(tmp_path):
    matrix = "name,quality,price\ncheap,3,10\ndear,4,40\n"
    weights = "quality: {weight: 50, direction: benefit}\nprice: {weight: 50, direction: cost}\n"
    result = rank_matrix(tmp_path, matrix, weights, "--normalize", "minmax", "--format", "json")
    rows = json.loads(result.stdout)
    assert [r["alternative"] for r in rows][0] in {"cheap", "dear"}
    assert {r["alternative"]: r["score"] for r in rows} == pytest.approx({"cheap": 0.5,
                                                                         "dear": 0.5})


def test_csv_output_has_a_header_and_one_line_per_alternative(tmp_path):
    result = rank_matrix(tmp_path, TEXTBOOK_MATRIX, TEXTBOOK_WEIGHTS, "--normalize", "none",
                         "--format", "csv")
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "alternative,score,rank" and len(lines) == 4


@pytest.mark.parametrize(
    ("matrix", "weights", "message"),
    [
        ("name,c1\nA,1\nA,2\n", "c1: {weight: 1}\n", "m.csv, row 3, column/field 'name'"),
        ("name,c1\nA,x\n", "c1: {weight: 1}\n", "m.csv, row 2, column/field 'c1'"),
        ("name,c1\nA,1,2\n", "c1: {weight: 1}\n", "row 2: has 3 cells"),
        ("", "c1: {weight: 1}\n", "is empty; expected a header row"),
        ("name,c1,c2\nA,1,2\n", "c1: {weight: 1}\n", "no weight given for criteria ['c2']"),
        ("name,c1\nA,1\n", "c1: {weight: 0.5}\n", "weights sum to 0.5"),
        ("name,c1\nA,1\n", "c1: {weight: -1}\n", "negative"),
        ("name,c1\nA,1\n", "c1: {weight: 1, direction: sideways}\n", "benefit or cost"),
        ("name,c1\nA,1\n", "c1: [unclosed\n", "not valid YAML"),
        ("name,c1\nA,1\n", "c1: {weight: 1, direction: cost}\n", "must be a benefit"),
    ],
)
def test_bad_input_exits_2_naming_the_place(tmp_path, matrix, weights, message):
    extra = ["--normalize", "none"] if "cost" in weights else []
    result = rank_matrix(tmp_path, matrix, weights, *extra)
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_matrix_file_exits_2(tmp_path):
    result = runner.invoke(app, ["rank-matrix", str(tmp_path / "nope.csv"), "--weights",
                                 str(write(tmp_path, "w.yaml", "c1: {weight: 1}\n"))])
    assert result.exit_code == 2 and "file not found" in result.stderr


def test_lines_after_a_blank_line_keep_their_numbers(tmp_path):
    result = rank_matrix(tmp_path, "name,c1\nA,1\n\nB,x\n", "c1: {weight: 1}\n")
    assert result.exit_code == 2
    assert "m.csv, row 4, column/field 'c1'" in result.stderr
