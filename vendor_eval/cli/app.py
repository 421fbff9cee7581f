"""The `vendor-eval` Typer app: every topic module adds its commands with `register(app)`."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Choose annotation and HITL QA vendors on measured evidence.")

# In the order `vendor-eval --help` lists them.
TOPICS = ("workspace", "rank", "report", "audit", "weights", "robustness", "people", "pilot",
          "profile", "project", "rfp", "risk", "transfer")

for topic in TOPICS:
    importlib.import_module(f"vendor_eval.cli.{topic}").register(app)

if __name__ == "__main__":
    app()
