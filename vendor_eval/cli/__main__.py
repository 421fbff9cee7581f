"""`python -m vendor_eval.cli`: the same command line as the `vendor-eval` script."""

from vendor_eval.cli.app import app

app()
