"""Binder (repo2docker) builds the course from environment.yml and postBuild, and opens the start page.

environment.yml agreeing with requirements.txt is tests/test_environment.py's; here: that Binder
uses that file and nothing else, installs the course package, applies the same settings as
`make env`, and that the README's badge opens the start page of the repository the site names.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.test_environment import conda_pins, pip_pins
from tests.test_site import site

ROOT = Path(__file__).resolve().parents[1]
# Files by which repo2docker picks another build, or that would make it ignore the root's files.
OTHER_CONFIG = ("binder", ".binder", "Dockerfile", "Pipfile", "Project.toml", "runtime.txt", "setup.py")
BADGE = re.compile(r"\[!\[Binder\]\(https://mybinder\.org/badge_logo\.svg\)\]\((?P<url>[^)\s]+)\)")


def course_mk_settings() -> dict[str, str]:
    """What `make env` writes into the environment, by path below its prefix."""
    recipe = (ROOT / "tools" / "course.mk").read_text(encoding="utf-8")
    written = {}
    for source, target in re.findall(r"^\s*@?cp (\S+) \$\(VENV\)/(\S+)$", recipe, re.MULTILINE):
        written[target] = (ROOT / source).read_text(encoding="utf-8")
    for text, target in re.findall(r"^\s*@?echo '(.+)' > \$\(VENV\)/(\S+)$", recipe, re.MULTILINE):
        written[target] = text + "\n"
    return written


def run_post_build(server: Path, kernel: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NB_PYTHON_PREFIX=str(server), KERNEL_PYTHON_PREFIX=str(kernel))
    return subprocess.run(["bash", "postBuild"], cwd=ROOT, env=env, capture_output=True, text=True)


def test_binder_builds_from_environment_yml_which_pins_what_requirements_txt_pins():
    assert not [name for name in OTHER_CONFIG if (ROOT / name).exists()]
    pins = conda_pins()
    assert pins.pop("python").startswith("3.")
    assert pins == pip_pins("3.11")


def test_environment_yml_installs_the_course_package():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*-\s+pip:\s*\n\s+-\s+-e \.\s*$", text, re.MULTILINE)


def test_post_build_applies_what_make_env_applies(tmp_path):
    expected = course_mk_settings()
    assert len(expected) == 2, "tools/course.mk changed: update postBuild and this test"
    server, kernel = tmp_path / "server", tmp_path / "kernel"
    result = run_post_build(server, kernel)
    assert result.returncode == 0, result.stderr
    written = {
        p.relative_to(prefix).as_posix(): p.read_text(encoding="utf-8")
        for prefix in (server, kernel)
        for p in prefix.rglob("*")
        if p.is_file()
    }
    assert written == expected
    assert (server / "share" / "jupyter" / "lab" / "settings" / "overrides.json").is_file()
    assert (kernel / "etc" / "ipython" / "ipython_kernel_config.py").is_file()


def test_post_build_stops_at_a_failing_step(tmp_path):
    blocked = tmp_path / "server"
    blocked.write_text("a file where the prefix folder should be", encoding="utf-8")
    assert run_post_build(blocked, tmp_path / "kernel").returncode != 0


@pytest.mark.skipif(not (ROOT / ".venv" / "etc").is_dir(), reason="no course environment made by `make env`")
def test_post_build_writes_what_the_course_environment_has(tmp_path):
    assert run_post_build(tmp_path, tmp_path).returncode == 0
    for path, text in course_mk_settings().items():
        assert (ROOT / ".venv" / path).read_text(encoding="utf-8") == text


def test_the_readme_badge_opens_the_start_page_on_binder():
    badges = BADGE.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    start = re.search(
        r"^START\s*:=\s*(\S+)", (ROOT / "tools" / "course.mk").read_text(encoding="utf-8"), re.M
    )
    assert badges == [site.binder_url(site.settings(), start.group(1))]
    assert badges[0].endswith("?urlpath=lab/tree/lessons/00_start_here.ipynb")
