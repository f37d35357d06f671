"""The pip route (requirements.txt) and the conda route (environment.yml) name the same pins."""

import re
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
CONDA_PIN = re.compile(r"^\s*-\s+(?P<name>[A-Za-z0-9_.-]+)=(?P<version>[^=\s]+)\s*$")


def conda_pins() -> dict[str, str]:
    lines = (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    return {m["name"].lower(): m["version"] for m in map(CONDA_PIN.match, lines) if m}


def pip_pins(python_version: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        if req.marker and not req.marker.evaluate({"python_version": python_version}):
            continue
        (spec,) = req.specifier
        assert spec.operator == "==", f"{req.name} must be pinned exactly"
        pins[req.name.lower()] = spec.version
    return pins


def test_conda_and_pip_name_the_same_packages_and_versions():
    conda = conda_pins()
    python = conda.pop("python")
    assert conda == pip_pins(python)


def test_every_pin_is_exact_for_each_supported_python():
    for python in ("3.10", "3.11", "3.12", "3.13"):
        assert {"jupyterlab", "ipywidgets", "pandas", "seaborn", "nbval"} <= set(pip_pins(python))


def test_make_lab_opens_an_existing_start_page():
    # `make lab` lives in tools/course.mk, which the Makefile includes (the release's does too).
    assert "include tools/course.mk" in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    makefile = (ROOT / "tools" / "course.mk").read_text(encoding="utf-8")
    start = re.search(r"^START\s*:=\s*(\S+)", makefile, re.MULTILINE).group(1)
    assert (ROOT / start).is_file()
    assert "$(START)" in makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
