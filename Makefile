# Two commands on a fresh machine: `make run` (app on the embedded SQLite with demo data)
# and `make test` (the whole test suite). Both create .venv and install on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# An editable install leaves the package uncompiled; compile it once, as a normal install
	# would, so a fresh `vendor-eval` process (a report, a ranking) does not compile it each time.
	$(BIN)/python -m compileall -q vendor_eval
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/vendor-eval serve

test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile

bench: $(STAMP)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
