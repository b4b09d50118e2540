# The two commands of the README: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_DB := $(VENV)/demo.db

.PHONY: run test bench clean demo-db

# The install compiles netiquette's check path with mypyc (setup.py): an edited source
# file there is built again, or its old compiled module would keep running.
$(VENV)/.installed: pyproject.toml setup.py $(wildcard netiquette/*.py)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

$(DEMO_DB): $(VENV)/.installed $(wildcard sample_data/*)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(PY) -m cm_tui --db $(DEMO_DB) import sample_data --quiet

demo-db: $(DEMO_DB)

run: $(DEMO_DB)
	$(PY) -m cm_tui --db $(DEMO_DB)

test: $(VENV)/.installed
	$(PY) -m pytest -q

# Benchmarks print numbers; they are scripts, never collected by `make test`.
bench: $(VENV)/.installed
	for f in tests/bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info netiquette/*.so *__mypyc*.so
