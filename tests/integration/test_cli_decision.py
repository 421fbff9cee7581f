"""`vendor-eval ahp`, `sensitivity` and `--method topsis`: JSON contracts and bad input (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vendor_eval.cli.app import app
from vendor_eval.services.decision.robustness import RobustnessReport

runner = CliRunner()

# Saaty (1990), EJOR 48:9-26, the house example, written as a user would, with fractions.
HOUSE_CSV = """criterion,size,transport,neighborhood,age,yard,modern,condition,financing
size,1,5,3,7,6,6,1/3,1/4
transport,1/5,1,1/3,5,3,3,1/5,1/7
neighborhood,1/3,3,1,6,3,4,6,1/5
age,1/7,1/5,1/6,1,1/3,1/4,1/7,1/8
yard,1/6,1/3,1/3,3,1,1/2,1/5,1/6
modern,1/6,1/3,1/4,4,2,1,1/5,1/6
condition,3,5,1/6,7,5,5,1,1/2
financing,4,7,5,8,6,6,2,1
"""
SMALL = "category,quality,price,risk\nquality,1,3,5\nprice,1/3,1,2\nrisk,1/5,1/2,1\n"


def write(tmp_path: Path, text: str, name: str = "pairwise.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def ahp(tmp_path: Path, text: str, *extra: str):
    return runner.invoke(app, ["ahp", str(write(tmp_path, text)), *extra])


def test_ahp_json_with_fractions_gives_saatys_published_weights(tmp_path):
    result = ahp(tmp_path, HOUSE_CSV, "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert list(body["weights"]) == ["size", "transport", "neighborhood", "age", "yard",
                                     "modern", "condition", "financing"]
    assert list(body["weights"].values()) == pytest.approx(
        [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333], abs=5e-4)
    assert (body["lambda_max"], body["ci"], body["cr"]) == pytest.approx((9.669, 0.238, 0.169),
                                                                         abs=5e-4)
    worst = body["inconsistent_judgements"][0]
    assert (worst["row"], worst["column"]) == ("neighborhood", "condition")


def test_ahp_json_of_an_acceptable_matrix_has_no_judgements_to_revisit(tmp_path):
    body = json.loads(ahp(tmp_path, SMALL, "--format", "json").stdout)
    assert body["cr"] <= 0.1 and "inconsistent_judgements" not in body
    assert sum(body["weights"].values()) == pytest.approx(1.0, abs=1e-5)
    assert body["weights"]["quality"] > body["weights"]["price"] > body["weights"]["risk"]


def test_ahp_upper_triangle_alone_is_enough(tmp_path):
    upper = "category,quality,price,risk\nquality,,3,5\nprice,,,2\nrisk,,,\n"
    full = json.loads(ahp(tmp_path, SMALL, "--format", "json").stdout)
    half = json.loads(ahp(tmp_path, upper, "--format", "json").stdout)
    assert half["weights"] == pytest.approx(full["weights"])


def test_ahp_table_shows_weights_and_the_verdict(tmp_path):
    result = ahp(tmp_path, HOUSE_CSV)
    assert result.exit_code == 0
    assert "CR 0.1691: too inconsistent" in result.stdout
    assert "revisit neighborhood vs condition" in result.stdout


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("c,a,b,c\na,1,2,3\nb,1/2,1,2\n", "row 1, column/field 'c'", "must be square"),
        ("c,a,b\na,1,2\nb,1/2,1\nc,1,1\n", "row 4", "extra row 'c'"),
        ("c,a,b\na,1,2\nb,1/2\n", "row 3", "has 2 cells"),
        ("c,a,b\na,1,4\nb,1/2,1\n", "row 2, column/field 'b'", "reciprocals"),
        ("c,a,b\na,1,2\nx,1/2,1\n", "row 3, column/field 'b'", "same elements in the same order"),
        ("c,a,b\na,1,0\nb,1/2,1\n", "row 2, column/field 'b'", "positive"),
        ("c,a,b\na,1,2\nb,-2,1\n", "row 3, column/field 'a'", "positive"),
        ("c,a,b\na,1,two\nb,1/2,1\n", "row 2, column/field 'b'", "not a number"),
        ("c,a,b\na,1,1/0\nb,1/2,1\n", "row 2, column/field 'b'", "divides by zero"),
        ("c,a,b\na,1,\nb,,1\n", "row 2, column/field 'b'", "empty and so is its mirror"),
    ],
)
def test_ahp_bad_matrices_exit_2_naming_the_place(tmp_path, text, where, message):
    result = ahp(tmp_path, text, "--format", "json")
    assert result.exit_code == 2
    assert f"pairwise.csv, {where}" in result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_ahp_missing_file_exits_2(tmp_path):
    result = runner.invoke(app, ["ahp", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2 and "file not found" in result.stderr


@pytest.fixture
def initialised(database_url):
    result = runner.invoke(app, ["init", "--demo"])
    assert result.exit_code == 0, result.output
    return database_url


def sensitivity(*extra: str):
    return runner.invoke(app, ["sensitivity", "demo", "--samples", "2000", "--seed", "7",
                               "--format", "json", *extra])


def test_sensitivity_demo_json_reports_acceptabilities_that_sum_to_one(initialised):
    result = sensitivity()
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    RobustnessReport.model_validate(body)  # the JSON round-trips through its model
    ranking = body["ranking"]
    assert set(body["rank_acceptability"]) == set(ranking)
    for shares in body["rank_acceptability"].values():
        assert len(shares) == len(ranking) and sum(shares) == pytest.approx(1.0, abs=1e-5)
    for rank in range(len(ranking)):
        assert sum(s[rank] for s in body["rank_acceptability"].values()) == pytest.approx(1.0,
                                                                                          abs=1e-5)
    assert (body["samples"], body["seed"], body["weight_sampling"]) == (2000, 7, "dirichlet")
    assert set(body["disqualified"]).isdisjoint(ranking)
    assert body["first_rank_acceptability"] == {v: s[0]
                                                for v, s in body["rank_acceptability"].items()}
    assert set(body["confidence_factors"]) == set(ranking)
    leader = max(ranking, key=lambda v: body["first_rank_acceptability"][v])
    assert sum(body["central_weights"][leader].values()) == pytest.approx(1.0, abs=1e-5)
    a, b = ranking[:2]
    assert body["pairwise_winning"][a][b] + body["pairwise_winning"][b][a] == pytest.approx(1.0)
    stability = body["stability"]
    assert set(stability["categories"]) == set(body["profile_weights"])
    for interval in stability["categories"].values():
        low, high = interval["first_place"]
        assert low <= interval["weight"] <= high
    sweep = next(iter(body["sweeps"].values()))
    assert sweep["weights"][0] == 0.0 and sweep["weights"][-1] == 1.0
    assert all(len(ranks) == len(sweep["weights"]) for ranks in sweep["ranks"].values())


def test_sensitivity_is_reproducible_for_a_seed(initialised):
    assert sensitivity().stdout == sensitivity().stdout
    assert sensitivity("--seed", "8").stdout != sensitivity().stdout


def test_sensitivity_table_names_the_leader(initialised):
    result = runner.invoke(app, ["sensitivity", "demo", "--samples", "500"])
    assert result.exit_code == 0, result.output
    assert "Rank acceptability" in result.stdout and "Stability intervals" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--samples", "0"], "samples"),
        (["--samples", "2000000"], "1,000,000"),
        (["--concentration", "0"], "concentration"),
        (["--top", "0"], "top"),
    ],
)
def test_sensitivity_bad_parameters_exit_2(initialised, args, message):
    result = runner.invoke(app, ["sensitivity", "demo", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_sensitivity_of_an_unknown_project_exits_2(initialised):
    result = runner.invoke(app, ["sensitivity", "nosuch"])
    assert result.exit_code == 2 and "nosuch" in result.stderr


AIRCRAFT_CSV = ("aircraft,speed,range,payload,cost,reliability,manoeuvrability\n"
                "A1,2.0,1500,20000,5.5,5,9\nA2,2.5,2700,18000,6.5,3,5\n"
                "A3,1.8,2000,21000,4.5,7,7\nA4,2.2,1800,20000,5.0,5,5\n")
AIRCRAFT_WEIGHTS = ("speed: {weight: 0.2}\nrange: {weight: 0.1}\npayload: {weight: 0.1}\n"
                    "cost: {weight: 0.1, direction: cost}\nreliability: {weight: 0.2}\n"
                    "manoeuvrability: {weight: 0.3}\n")


def test_rank_matrix_topsis_gives_hwang_and_yoons_closeness(tmp_path):
    # Hwang & Yoon (1981), fighter aircraft example: C* = .643, .268, .613, .312.
    result = runner.invoke(app, [
        "rank-matrix", str(write(tmp_path, AIRCRAFT_CSV, "m.csv")),
        "--weights", str(write(tmp_path, AIRCRAFT_WEIGHTS, "w.yaml")),
        "--method", "topsis", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["alternative"], r["rank"]) for r in rows] == [("A1", 1), ("A3", 2), ("A4", 3),
                                                             ("A2", 4)]
    assert {r["alternative"]: r["score"] for r in rows} == pytest.approx(
        {"A1": 0.643, "A2": 0.268, "A3": 0.613, "A4": 0.312}, abs=1e-3)


def test_rank_matrix_topsis_refuses_a_nan_weight(tmp_path):
    result = runner.invoke(app, [
        "rank-matrix", str(write(tmp_path, "name,a,b\nx,1,2\ny,2,1\n", "m.csv")),
        "--weights", str(write(tmp_path, "a: {weight: .nan}\nb: {weight: 0.5}\n", "w.yaml")),
        "--method", "topsis"])
    assert result.exit_code == 2
    assert "w.yaml" in result.stderr and "not a number" in result.stderr


def test_rank_matrix_wsm_default_is_unchanged(tmp_path):
    matrix = "name,quality,price\ncheap,3,10\ndear,4,40\n"
    weights = "quality: {weight: 50}\nprice: {weight: 50, direction: cost}\n"
    result = runner.invoke(app, ["rank-matrix", str(write(tmp_path, matrix, "m.csv")),
                                 "--weights", str(write(tmp_path, weights, "w.yaml")),
                                 "--format", "json"])
    assert {r["alternative"]: r["score"] for r in json.loads(result.stdout)} == pytest.approx(
        {"cheap": 0.5, "dear": 0.5})


def test_rank_project_with_topsis_lists_every_vendor_qualified_first(initialised):
    result = runner.invoke(app, ["rank", "demo", "--method", "topsis", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 8
    assert {"vendor", "rank", "score", "closeness", "wsm_rank", "gate_status"} <= set(rows[0])
    statuses = [r["gate_status"] for r in rows]
    assert statuses == sorted(statuses, key=lambda s: s != "pass")
    assert all(0 <= r["closeness"] <= 1 for r in rows)
    if any(r["rank"] != r["wsm_rank"] for r in rows):
        assert "Kendall's tau" in result.stderr


def test_rank_project_with_topsis_table(initialised):
    result = runner.invoke(app, ["rank", "demo", "--method", "topsis"])
    assert result.exit_code == 0, result.output
    assert "TOPSIS" in result.stdout and "wsm_rank" in result.stdout
