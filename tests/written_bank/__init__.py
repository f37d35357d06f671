"""A small exercise with written answers, for the tests of marking: bank ``l99`` and its notebooks.

The course's own exercises may have no written question; this one has two, and a choice
question beside them, so totals mix marked and checked points. ``install`` makes the grader and
the release see it as one of the course's banks, with its exercise notebook in a course copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from cbec.build import exercise_from_solution
from cbec.paths import ROOT_ENV
from cbec.release import ROOT_FILES
from tests.written_bank import l99

BANK = l99
STEM = l99.exercise.stem
ROOT = Path(__file__).resolve().parents[2]

SETUP = "from cbec.exercises.l99 import q1, q2, q3"


def _cells(solution: bool = True) -> list:
    new_code, new_md = nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell
    cells = [new_md("# 书面题测试练习\n\n用于测试书面题的保存、评分与合并。"), new_code(SETUP)]
    for q in (l99.q1, l99.q2, l99.q3):
        cells.append(new_md(f"## 第 {q.name[1:]} 题"))
        answer = f"# BEGIN SOLUTION\n{q.name}.set_answer({l99.MODEL_ANSWERS[q.qid]!r})\n# END SOLUTION\n"
        cells.append(new_code((answer if solution else "") + f"{q.name}.widget()"))
        cells.append(new_code(f"{q.name}.check()"))
    for n, cell in enumerate(cells):
        cell["id"] = f"cell-{n:02d}"
    return cells


def notebook(solution: bool = False) -> nbformat.NotebookNode:
    """The solution notebook (the model answers set), or the exercise ``cbec build`` makes of it."""
    nb = nbformat.v4.new_notebook()
    nb.cells = _cells(solution=True)
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return nb if solution else exercise_from_solution(nb, Path("solutions", f"{STEM}.ipynb"))


def course_with_bank(folder: Path) -> Path:
    """A course copy at ``folder`` (data, exercises, what a release needs) holding this exercise."""
    for name in ("datasets", "exercises"):
        shutil.copytree(ROOT / name, folder / name)
    for name in (*ROOT_FILES, "pyproject.toml"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, folder / name)
    nbformat.write(notebook(), folder / "exercises" / f"{STEM}.ipynb")
    (folder / "solutions").mkdir()
    nbformat.write(notebook(solution=True), folder / "solutions" / f"{STEM}.ipynb")
    return folder


def install(mp: pytest.MonkeyPatch, folder: Path) -> Path:
    """Make ``cbec grade`` and ``cbec release`` treat bank l99 as the course's, in a course copy."""
    import cbec.grader.grade
    import cbec.release

    real_banks, real_question_banks = cbec.grader.grade.all_banks, cbec.release.question_banks
    mp.setattr(cbec.grader.grade, "all_banks", lambda: {**real_banks(), STEM: BANK})
    mp.setattr(cbec.release, "question_banks", lambda: [*real_question_banks(), BANK])
    mp.setenv(ROOT_ENV, str(folder))
    return folder
