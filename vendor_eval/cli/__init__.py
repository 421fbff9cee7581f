"""The `vendor-eval` command line: the Typer app (`cli.app`) and one module per topic, each
with `register(app)`; every command is a thin call of the same services the app uses."""
