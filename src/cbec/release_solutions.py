"""The solutions release: ``cbec release OUT --solutions``, published after the deadline.

It is the student release with the plain question banks instead of sealed ones, so that
``qN.solution()`` shows the worked solution, and with the solution notebooks in ``solutions/``.
Written into a folder that holds a student release, it would hand the answers to students who
may still be working: it refuses, unless forced.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from cbec.release import Plan, ReleaseError, _never_shipped
from cbec.release_summative import readme_with


def plain_bank(bank: ModuleType) -> Plan:
    name = bank.__name__.rsplit(".", 1)[1]
    return {Path("exercises", f"{name}.py"): Path(bank.__file__)}


def solutions_course(root: Path, plan: Plan) -> Plan:
    """The solution notebooks and the README of this mode."""
    changed: Plan = {Path("README.md"): readme_with("solutions_checks.md")}
    for path in sorted((root / "solutions").glob("*.ipynb")):
        rel = path.relative_to(root)
        if not _never_shipped(rel):
            changed[rel] = path
    if len(changed) == 1:
        raise ReleaseError(f"{root / 'solutions'} holds no solution notebooks")
    return changed


def refuse_student_release(out: Path, marker: Mapping[str, Any]) -> None:
    """Refuse to write solutions over a student release (any release not of solutions)."""
    mode = marker.get("mode", "formative")
    if mode != "solutions":
        raise ReleaseError(
            f"{out} holds a {mode} student release; writing the solutions there would give the "
            "answers to everyone who opens it. Choose another folder, or pass --force if the "
            "deadline has passed and the solutions should replace it"
        )
