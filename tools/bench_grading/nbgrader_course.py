"""The third way: nbgrader's ``autograde``, on an assignment equivalent to exercise 01.

nbgrader is installed only for the benchmark, into its own virtualenv under ``.bench/`` (ignored
by git), created on the first run and reused after. It holds the course's pinned requirements and
the ``cbec`` package, so its kernels run the same code as the course's own.

The assignment is made from ``solutions/01_people_goods_place.ipynb`` the way the course makes
its exercise: solution-tagged cells dropped, ``set_answer`` lines dropped (widget answers come
from the store). Cells that hold a solution become nbgrader answer cells, their ``# SOLUTION``
lines wrapped in ``### BEGIN SOLUTION`` / ``### END SOLUTION``. Each ``qN.check(...)`` cell becomes
a read-only autograded test cell worth one point, with the same source; under ``CBEC_GRADING=1``
a check that does not pass raises, and nbgrader gives the cell no points.

Each submission is the released notebook with every cell's source replaced by the student's
own (the cells line up one to one), plus their answer store. So nbgrader runs exactly the code
the other two ways run; the released notebook itself differs from ``exercises/`` only in the
placeholder nbgrader leaves for a one-line answer (``...`` where the course has ``name = ...``),
and that placeholder never reaches a kernel.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from bench_grading.graders import ROOT, TIMEOUT, Outcome, grading_env
from bench_grading.measure import run_measured
from bench_grading.submissions import NOTEBOOK, STORE, Forms, check_cells
from cbec.build import LINE, SOLUTION_TAG

VENV = ROOT / ".bench" / "nbgrader-venv"
NBGRADER = "nbgrader==0.9.6"  # pinned, so that figures from different days compare
ASSIGNMENT = "L01"
CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db_url!r}
c.ClearSolutions.code_stub = {{"python": "..."}}  # the course's own placeholder
c.Execute.timeout = 120
"""
# Run in the nbgrader virtualenv: every grade of the assignment, from the gradebook.
SCORES = """
import json, sys
from nbgrader.api import Gradebook
with Gradebook(sys.argv[1]) as gradebook:
    scores = {
        submission.student_id: {g.name: g.score for nb in submission.notebooks for g in nb.grades}
        for submission in gradebook.assignment_submissions(sys.argv[2])
    }
print(json.dumps(scores, ensure_ascii=False))
"""


# -- the virtualenv -------------------------------------------------------------------------------
def _wanted() -> str:
    requirements = (ROOT / "requirements.txt").read_bytes()
    return f"{NBGRADER} {hashlib.sha256(requirements).hexdigest()}\n"


def ensure_venv() -> Path:
    """The bin folder of the nbgrader virtualenv; (re)installed when the pins have changed."""
    stamp = VENV / ".installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == _wanted():
        return VENV / "bin"
    print(f"installing {NBGRADER} into {VENV.relative_to(ROOT)} (first run only) ...", flush=True)
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    subprocess.run([*pip, NBGRADER, "-r", str(ROOT / "requirements.txt")], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    stamp.write_text(_wanted(), encoding="utf-8")
    return VENV / "bin"


def nbgrader_env(bin_dir: Path) -> dict[str, str]:
    # nbgrader runs the `alembic` command to set up its gradebook: it must be on the PATH.
    env = grading_env()
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"}


# -- the assignment -------------------------------------------------------------------------------
def _meta(grade_id: str, *, solution: bool = False, points: int = 0) -> dict:
    meta = {"grade_id": grade_id, "solution": solution, "grade": points > 0, "locked": not solution}
    meta.update({"schema_version": 3, "task": False})
    if points:
        meta["points"] = points
    return {"nbgrader": meta}


def _with_nbgrader_markers(source: str) -> str:
    """``# BEGIN/END SOLUTION`` blocks already carry nbgrader's delimiters; a one-line
    ``... # SOLUTION`` is wrapped in a block of its own."""
    lines = []
    for line in source.split("\n"):
        if LINE.search(line):
            indent = re.match(r"\s*", line).group()
            lines += [f"{indent}### BEGIN SOLUTION", LINE.sub("", line), f"{indent}### END SOLUTION"]
        else:
            lines.append(line)
    return "\n".join(lines)


def source_notebook(forms: Forms) -> nbformat.NotebookNode:
    solution = nbformat.read(ROOT / "solutions" / NOTEBOOK, as_version=4)
    solution.cells = [c for c in solution.cells if SOLUTION_TAG not in c.metadata.get("tags", [])]
    checks = check_cells(solution)
    for index, cell in enumerate(solution.cells):
        if cell.cell_type != "code":
            continue
        cell.source = "\n".join(line for line in cell.source.split("\n") if ".set_answer(" not in line)
        cell.outputs, cell.execution_count = [], None
        if index in forms.answer_cells:
            cell.source = _with_nbgrader_markers(cell.source)
            cell.metadata.update(
                _meta(f"answer_{forms.answer_cells[index].replace('.', '_')}", solution=True)
            )
        elif index in checks:
            cell.metadata.update(_meta(f"check_{checks[index].replace('.', '_')}", points=1))
    return solution


def grade_id_question(grade_id: str) -> str:
    return grade_id.removeprefix("check_").replace("_", ".")


def make_course(course: Path, forms: Forms, bin_dir: Path) -> float:
    """Write the course folder and release the assignment; returns the seconds it took."""
    (course / "source" / ASSIGNMENT).mkdir(parents=True)
    db_url = f"sqlite:///{course / 'gradebook.db'}"
    config = CONFIG.format(root=str(course), db_url=db_url)
    (course / "nbgrader_config.py").write_text(config, encoding="utf-8")
    nbformat.write(source_notebook(forms), course / "source" / ASSIGNMENT / NOTEBOOK)
    command = [str(bin_dir / "nbgrader"), "generate_assignment", ASSIGNMENT, "--force"]
    run = run_measured(command, course, nbgrader_env(bin_dir), course / "generate.log", TIMEOUT)
    if run.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{run.tail()}")
    return run.seconds


def submit(course: Path, submissions: Path) -> None:
    """Each student's cells, in the released notebook (whose nbgrader metadata autograde reads)."""
    released = nbformat.read(course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4)
    for folder in sorted(p for p in submissions.iterdir() if p.is_dir()):
        own = nbformat.read(folder / NOTEBOOK, as_version=4)
        if [c.cell_type for c in own.cells] != [c.cell_type for c in released.cells]:
            raise ValueError(f"{folder.name}: the cells do not line up with the released notebook")
        notebook = copy.deepcopy(released)
        for cell, mine in zip(notebook.cells, own.cells, strict=True):
            cell.source = mine.source
        target = course / "submitted" / folder.name / ASSIGNMENT
        target.mkdir(parents=True)
        nbformat.write(notebook, target / NOTEBOOK)
        if (folder / STORE).is_file():
            shutil.copy2(folder / STORE, target / STORE)


def grade_with_nbgrader(submissions: Path, work: Path, forms: Forms, bin_dir: Path) -> tuple[Outcome, float]:
    """The outcome of ``nbgrader autograde`` alone, and the seconds spent making the course."""
    outcome = Outcome("nbgrader")
    course = work / "nbgrader-course"
    setup_seconds = make_course(course, forms, bin_dir)
    submit(course, submissions)
    command = [str(bin_dir / "nbgrader"), "autograde", ASSIGNMENT, "--force"]
    outcome.run = run_measured(command, course, nbgrader_env(bin_dir), work / "nbgrader.log", TIMEOUT)
    done = subprocess.run(
        [str(bin_dir / "python"), "-c", SCORES, f"sqlite:///{course / 'gradebook.db'}", ASSIGNMENT],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        outcome.problem = f"reading the gradebook failed:\n{done.stderr[-2000:]}"
        return outcome, setup_seconds
    for student, grades in json.loads(done.stdout).items():
        outcome.scores[student] = {grade_id_question(g): float(s or 0) for g, s in grades.items()}
    return outcome, setup_seconds
