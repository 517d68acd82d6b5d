# Two commands for a newcomer: `make site` (set up + build the site) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site test validate serve bench schema clean

$(VENV)/.installed: pyproject.toml
	bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

site: setup
	$(PY) -m generator build

validate: setup
	$(PY) -m generator validate

serve: setup
	$(PY) -m generator serve

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/validate.py
	$(PY) bench/site.py
	$(PY) bench/briefing.py

schema: setup
	$(PY) -m generator schema --all generator/schema --content content

clean:
	rm -rf site .pytest_cache build *.egg-info
