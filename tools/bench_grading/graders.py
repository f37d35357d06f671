"""Two of the three ways to grade a class: the course's ``cbec grade``, and plain nbval.

Each returns an ``Outcome``: the measured run, and the points each student got for each question.
"""

from __future__ import annotations

import csv
import os
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from bench_grading.measure import Run, run_measured
from bench_grading.submissions import NOTEBOOK, QUESTIONS, check_cells

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
TIMEOUT = 3600  # seconds for one grading run; far above any expected figure


@dataclass
class Outcome:
    way: str
    run: Run | None = None
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # student → question id → points
    problem: str = ""  # why a figure or a score is missing

    @property
    def crashed(self) -> bool:
        """It ran but gave no scores. A grader that is not installed has not crashed."""
        return self.run is not None and not self.scores


def grading_env() -> dict[str, str]:
    # CBEC_GRADING=1: a check that does not pass raises, so its cell fails. CBEC_COURSE_ROOT: the
    # submissions live outside the course, and the kernels must still find the datasets.
    return {**os.environ, "CBEC_GRADING": "1", "CBEC_COURSE_ROOT": str(ROOT)}


# -- cbec grade ---------------------------------------------------------------------------------
def cbec_grade_available() -> bool:
    done = subprocess.run([BIN / "cbec", "grade", "--help"], capture_output=True, check=False)
    return done.returncode == 0


def grade_with_cbec(submissions: Path, work: Path) -> Outcome:
    outcome = Outcome("cbec grade")
    if not cbec_grade_available():
        outcome.problem = "cbec grade not available"
        return outcome
    out = work / "cbec-grade-out"
    command = [str(BIN / "cbec"), "grade", str(submissions), "--out", str(out)]
    outcome.run = run_measured(command, work, grading_env(), work / "cbec-grade.log", TIMEOUT)
    gradebook = out / "gradebook.csv"
    if not gradebook.is_file():
        outcome.problem = f"no gradebook.csv (exit {outcome.run.returncode}):\n{outcome.run.tail()}"
        return outcome
    # utf-8-sig: the gradebook starts with a byte-order mark, so that Excel reads it as UTF-8.
    with gradebook.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            outcome.scores[row["student_id"]] = {qid: float(row.get(qid) or 0) for qid in QUESTIONS}
    return outcome


# -- plain nbval ----------------------------------------------------------------------------------
def nbval_command(submissions: Path, report: Path) -> list[str]:
    # As the README tells instructors to grade, in parallel; --rootdir makes each test id start
    # with the student's folder, and an empty config keeps the course's pytest settings out.
    return [
        *(str(BIN / "python"), "-m", "pytest", "-c", "/dev/null", "-p", "no:cacheprovider"),
        *("--nbval-lax", "--nbval-current-env", "-n", "2", "--dist", "loadscope"),
        *(f"--rootdir={submissions}", f"--junitxml={report}", "-q", str(submissions)),
    ]


def _check_cell_names(notebook_path: Path) -> dict[str, str]:
    """nbval's test name ("Cell N", N counting code cells only) → question id, for check cells."""
    notebook = nbformat.read(notebook_path, as_version=4)
    code = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    return {f"Cell {code.index(index)}": qid for index, qid in check_cells(notebook).items()}


def _scores_from_junit(report: Path, submissions: Path) -> dict[str, dict[str, float]]:
    """A question earns its point when its check cell passed; every other cell is ignored."""
    passed: dict[str, set[str]] = {}
    for case in ET.parse(report).iter("testcase"):
        student = case.get("classname", "").removesuffix(f".{NOTEBOOK}")
        passed.setdefault(student, set())
        if not any(child.tag in ("failure", "error", "skipped") for child in case):
            passed[student].add(case.get("name", ""))
    scores = {}
    for student, names in passed.items():
        checks = _check_cell_names(submissions / student / NOTEBOOK)
        scores[student] = {qid: float(name in names) for name, qid in checks.items()}
    return scores


def grade_with_nbval(submissions: Path, work: Path) -> Outcome:
    outcome = Outcome("nbval")
    report = work / "nbval-report.xml"
    command = nbval_command(submissions, report)
    outcome.run = run_measured(command, work, grading_env(), work / "nbval.log", TIMEOUT)
    if not report.is_file():  # failing cells are expected; no report means pytest itself failed
        outcome.problem = f"no junit report (exit {outcome.run.returncode}):\n{outcome.run.tail()}"
        return outcome
    outcome.scores = _scores_from_junit(report, submissions)
    return outcome
