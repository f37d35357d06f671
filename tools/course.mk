# The course environment and `make lab`, in one place: the repository's Makefile and the
# student release's Makefile both include this file.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PIP    := $(BIN)/python -m pip --disable-pip-version-check
START  := lessons/00_start_here.ipynb
# JupyterLab refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab env clean

lab: $(STAMP)
	@echo "课程首页 / start page: $(START)（浏览器没有自动打开时，复制下面的网址并打开这个文件）"
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" $(START)

env: $(STAMP)

# The environment: a virtualenv in .venv, from requirements.txt (exact pins), and the course
# package from src/. Where the system's venv module is missing (Debian/Ubuntu without
# python3-venv), fall back to virtualenv, installed from PyPI into a private folder.
$(STAMP): requirements.txt pyproject.toml tools/jupyterlab_overrides.json tools/course.mk
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "This course needs Python 3.10 or newer; found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
		rm -rf $(VENV); \
		$(PYTHON) -m pip install --quiet --target .venv-bootstrap virtualenv && \
		PYTHONPATH=.venv-bootstrap $(PYTHON) -m virtualenv --quiet $(VENV); }
	$(PIP) install --quiet -r requirements.txt
	$(PIP) install --quiet --no-deps -e .
	@# No news or update pop-ups in class: they distract and call out to the network.
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp tools/jupyterlab_overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@# Every kernel of this environment explains a NameError in Chinese from its first cell:
	@# IPython reads config from sys.prefix/etc/ipython at each start.
	@mkdir -p $(VENV)/etc/ipython
	@echo 'c.InteractiveShellApp.extensions = ["cbec.kernel_extension"]' > $(VENV)/etc/ipython/ipython_kernel_config.py
	@touch $(STAMP)

clean:
	rm -rf $(VENV) .venv-bootstrap
