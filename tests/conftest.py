"""Shared fixtures: every test works on copies, never on the course files or a learner's store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cbec.questions import Exercise

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def course_copy(tmp_path, monkeypatch) -> Path:
    """A throwaway copy of the course folders, set as the course root."""
    for folder in ("datasets", "lessons", "exercises", "solutions"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.setenv("CBEC_COURSE_ROOT", str(tmp_path))
    return tmp_path


@pytest.fixture
def exercise(tmp_path) -> Exercise:
    """An empty exercise whose answer store lives in a temporary folder."""
    ex = Exercise("L99", stem="99_test")
    ex.use_store(tmp_path / "99_test.answers.json")
    return ex
