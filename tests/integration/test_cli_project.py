"""`vendor-eval init --demo` then `rank demo`: the newcomer's first journey on the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from vendor_eval.cli.app import app

runner = CliRunner()


@pytest.fixture
def initialised(database_url):
    result = runner.invoke(app, ["init", "--demo"])
    assert result.exit_code == 0, result.output
    assert "demo project loaded" in result.stdout
    return database_url


def test_rank_demo_json_lists_all_eight_vendors_in_rank_order(initialised):
    result = runner.invoke(app, ["rank", "demo", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 8
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    qualified = [r for r in rows if r["gate_status"] == "pass"]
    assert [r["score"] for r in qualified] == sorted((r["score"] for r in qualified), reverse=True)
    assert {"vendor", "score", "rank", "gate_status", "gate_failures"} <= set(rows[0])


def test_rank_with_another_profile_changes_the_order(initialised):
    own = json.loads(runner.invoke(app, ["rank", "demo", "--format", "json"]).stdout)
    volume = json.loads(runner.invoke(
        app, ["rank", "demo", "--profile", "cv_mega_volume", "--format", "json"]).stdout)
    assert own[0]["vendor"] != volume[0]["vendor"]


def test_rank_table_and_csv_formats(initialised):
    table = runner.invoke(app, ["rank", "demo"])
    assert table.exit_code == 0 and "regulated_hitl_qa" in table.stdout
    csv = runner.invoke(app, ["rank", "demo", "--format", "csv"])
    assert csv.stdout.splitlines()[0].startswith("vendor,rank,score")
    assert len(csv.stdout.strip().splitlines()) == 9


def test_init_twice_keeps_the_demo(initialised):
    result = runner.invoke(app, ["init", "--demo"])
    assert result.exit_code == 0 and "already present" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rank", "nosuch"], "no project 'nosuch'"),
        (["rank", "demo", "--profile", "nosuch"], "no profile 'nosuch'"),
    ],
)
def test_unknown_names_exit_2_with_what_exists(initialised, args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
