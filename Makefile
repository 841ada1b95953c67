# Every target creates .venv and installs the project into it when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: demo test bench clean

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

## make demo: the main job on seeds/ with the embedded default model; outputs in exports/
demo: $(INSTALLED)
	$(VENV)/bin/glossalign run seeds --out exports

## make test: the test suite
test: $(INSTALLED)
	$(PY) -m pytest

## make bench: the benchmarks; results are written under bench/results/
bench: $(INSTALLED)
	$(PY) -m bench

clean:
	rm -rf exports/*.xlsx exports/*.tmx exports/*.tbx exports/*.csv exports/*.db* exports/*.jsonl exports/*.png
