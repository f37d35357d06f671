# Two commands set everything up on a machine with only Python 3.10+ and pip:
#   make lab    create the environment if needed, then open the course in JupyterLab
#   make test   create the environment if needed, then run the whole test suite
include tools/course.mk

.PHONY: test lint exercises notebooks data bench bench-grading

test: $(STAMP) lint
	$(BIN)/cbec build --check
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

# The course site (README: 课程网站): build/site/, from the lessons with their stored outputs
# (never run), the glossary, the datasheets and read-only exercise previews. Jupyter Book 1 and
# Sphinx live in their own environment, so `make env` for students stays as it was.
SITE_VENV  := .venv-site
SITE_STAMP := $(SITE_VENV)/.installed-stamp
.PHONY: site
site: $(SITE_STAMP)
	$(SITE_VENV)/bin/python tools/site/build_site.py

$(SITE_STAMP): tools/site/requirements.txt
	@test -x $(SITE_VENV)/bin/python || $(PYTHON) -m venv $(SITE_VENV) || { \
		rm -rf $(SITE_VENV); \
		$(PYTHON) -m pip install --quiet --target .venv-bootstrap virtualenv && \
		PYTHONPATH=.venv-bootstrap $(PYTHON) -m virtualenv --quiet $(SITE_VENV); }
	$(SITE_VENV)/bin/python -m pip --disable-pip-version-check install --quiet -r tools/site/requirements.txt
	@touch $@

# Authors: rebuild exercises from solutions, refresh stored outputs, regenerate data.
exercises: $(STAMP)
	$(BIN)/cbec build

notebooks: $(STAMP) exercises
	$(BIN)/cbec execute lessons/*.ipynb solutions/*.ipynb

data: $(STAMP)
	$(BIN)/python tools/generate_datasets.py

bench: $(STAMP)
	$(BIN)/python tools/bench.py

# Grade generated classes with cbec grade, plain nbval and nbgrader (installed under .bench/).
bench-grading: $(STAMP)
	$(BIN)/python tools/bench_grading.py

# JupyterHub on loopback (a local trial, NOT for production): log in at http://127.0.0.1:8000 with
# any user name and the password printed, then open the course link printed. Ctrl-C stops it all.
# The hub's packages (requirements-hub.txt) go into .venv on demand, here and for `make test`;
# the proxy is Debian's node-configurable-http-proxy (.ci/run installs it).
HUB_STAMP := $(VENV)/.hub-stamp
HUB_PORT ?= 8000
.PHONY: hub
hub: $(HUB_STAMP)
	$(BIN)/python tools/hub/local_hub.py --port $(HUB_PORT)

test: $(HUB_STAMP)

$(HUB_STAMP): $(STAMP) requirements-hub.txt
	$(PIP) install --quiet -r requirements-hub.txt
	@touch $(HUB_STAMP)
