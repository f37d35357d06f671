"""Browser tests: a real JupyterLab and headless Chromium (Debian's, never a downloaded one).

Skipped, with the reason, where Chromium is missing; where ``CBEC_REQUIRE_BROWSER=1`` (as
``.ci/run`` sets it) a missing browser fails the run instead, so CI cannot pass without them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.lab import CHROMIUM, CHROMIUM_FLAGS, start_lab

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("CBEC_BROWSER_ARTIFACTS", ROOT / "build" / "browser"))
REQUIRED = os.environ.get("CBEC_REQUIRE_BROWSER") == "1"


def _missing() -> str:
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium fonts-noto-cjk)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (it is in requirements.txt)"
    return ""


def pytest_collection_modifyitems(config, items):
    problem = _missing()
    if not problem:
        return
    for item in items:
        if "browser" in item.keywords:
            if REQUIRED:
                item.fixturenames.insert(0, "browser_required")  # first, before the browser starts
            else:
                item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {problem}"))


@pytest.fixture
def browser_required():
    pytest.fail(f"CBEC_REQUIRE_BROWSER=1 but {_missing()}")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A copy of the course, so answers written during the tests never touch the repository."""
    copy = tmp_path_factory.mktemp("course")
    for folder in ("datasets", "lessons", "exercises"):
        shutil.copytree(ROOT / folder, copy / folder)
    return copy


@pytest.fixture(scope="module")
def lab(course, tmp_path_factory):
    server = start_lab(course, tmp_path_factory.mktemp("lab"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, lab):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    yield context.new_page()
    context.close()
    lab.delete_sessions()
    lab.forget_workspaces()


def cjk_fonts() -> list[str]:
    """The CJK fonts the browser's machine can render Chinese with."""
    listing = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return [line for line in listing.stdout.splitlines() if line.strip()]
