"""``cbec grade``: from a folder (or zip) of submissions to grades, feedback and a report.

Work happens in a temporary folder; the submissions are only read. Each notebook is checked,
assembled with its probes, and run by nbval under pytest, several at a time; the grader then
judges the reported answers and writes the outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

import nbformat

from cbec.answer_store import SUFFIX as STORE_SUFFIX
from cbec.exercises import banks as all_banks
from cbec.grader import gradebook, kernel
from cbec.grader.assemble import Check, assemble, source_checks
from cbec.grader.judge import Job, cell_errors, judge_notebook, read_records
from cbec.grader.nbval_plugin import MANIFEST_ENV, RESULTS_ENV
from cbec.grader.precheck import Problem, Rejected, check_store, read_notebook
from cbec.grader.results import (
    NOT_RUN,
    ClassResults,
    ExerciseInfo,
    NotebookResult,
    QuestionInfo,
    QuestionResult,
    StudentResult,
)
from cbec.grader.submissions import Submission, collect
from cbec.paths import course_root


@dataclass
class Options:
    jobs: int = os.cpu_count() or 1
    cell_timeout: float = 60.0
    memory_mb: int = 2048  # address-space cap per forked kernel; 0 for none
    plain_kernels: bool = not kernel.fork_available()
    keep_work: Path | None = None  # keep the work folder here, for inspecting a run


@dataclass
class Exercise:
    """What the grader knows about one exercise: its bank, its source checks, its summary."""

    stem: str
    bank: ModuleType
    checks: list[Check]

    @property
    def info(self) -> ExerciseInfo:
        kinds = {c.qid: c.kind for c in self.checks}
        questions = [
            QuestionInfo(
                q.qid, float(q.points), q.widget_kind or kinds[q.qid], f"第 {q.qid.split('.Q')[1]} 题"
            )
            for q in self.bank.exercise.questions.values()
        ]
        return ExerciseInfo(self.stem, self.bank.exercise.lesson, self.bank.exercise.title, questions)


def load_exercises(root: Path) -> list[Exercise]:
    found = []
    for stem, bank in all_banks().items():
        source = nbformat.read(root / "exercises" / f"{stem}.ipynb", as_version=4)
        found.append(Exercise(stem, bank, source_checks(source, bank)))
    return found


# -- one notebook ------------------------------------------------------------------------------
def _unrun(exercise: Exercise, why_zh: str) -> list[QuestionResult]:
    return [
        QuestionResult(q.qid, float(q.points), 0.0, NOT_RUN, f"没有评分：{why_zh}")
        for q in exercise.bank.exercise.questions.values()
    ]


def _rejected(exercise: Exercise, problem: Problem) -> NotebookResult:
    return NotebookResult(
        exercise.stem,
        "rejected",
        problem.reason,
        problem.reason_zh,
        questions=_unrun(exercise, problem.reason_zh),
    )


def _stored_answers(sub: Submission, exercise: Exercise, dest: Path) -> tuple[dict, Problem | None]:
    """The widget answers as submitted, read now: code run while grading cannot change them.

    A usable store is also copied beside the graded notebook, so its widgets show the answers.
    """
    stem = exercise.stem
    path, note = sub.find(stem, STORE_SUFFIX)
    if path is None:
        return {}, Problem(
            f"no answers file {stem}{STORE_SUFFIX}" + (f" ({note})" if note else ""),
            f"没有找到答案文件 {stem}{STORE_SUFFIX}：控件题按未作答计。",
        )
    problem = check_store(path, exercise.bank.exercise.lesson)
    if problem is not None:
        return {}, problem
    shutil.copyfile(path, dest / f"{stem}{STORE_SUFFIX}")
    content = json.loads(path.read_text(encoding="utf-8-sig"))
    return {qid: entry["value"] for qid, entry in content["answers"].items()}, None


def prepare(sub: Submission, exercise: Exercise, dest: Path) -> Job | NotebookResult:
    """A job ready to run, or the result of a notebook that cannot be graded."""
    path, note = sub.find(exercise.stem, ".ipynb")
    if path is None:
        why = note or f"no {exercise.stem}.ipynb among the submitted files"
        return _rejected(exercise, Problem(why, f"没有找到笔记本 {exercise.stem}.ipynb。"))
    try:
        learner = read_notebook(path)
    except Rejected as rejected:
        return _rejected(exercise, rejected.problem)
    dest.mkdir(parents=True)
    stored, store_problem = _stored_answers(sub, exercise, dest)
    nonce = secrets.token_hex(8)
    notebook = dest / f"{exercise.stem}.ipynb"
    nbformat.write(assemble(learner, exercise.checks, exercise.bank, nonce), notebook)
    job = Job(sub.student, exercise.stem, exercise.bank, notebook, nonce, store_problem, stored)
    if note:
        job.notes.append(note)
    return job


# -- running nbval -----------------------------------------------------------------------------
def _pytest_command(work: Path, options: Options, notebooks: int) -> list[str]:
    command = [sys.executable, "-m", "pytest", "-p", "cbec.grader.nbval_plugin", "-p", "no:cacheprovider"]
    command += ["-c", str(work / "pytest.ini"), "--rootdir", str(work), "-q", "-W", "ignore"]
    command += [f"--nbval-kernel-name={kernel.KERNEL_NAME}", f"--nbval-cell-timeout={options.cell_timeout:g}"]
    command += [f"--nbval-kernel-startup-timeout={kernel.STARTUP_TIMEOUT}"]
    workers = min(options.jobs, notebooks)
    command += ["-n", str(workers), "--dist", "loadfile"] if workers > 1 else ["-p", "no:xdist"]
    return [*command, "notebooks"]


def run_nbval(
    jobs: list[Job], work: Path, options: Options, public: Path, root: Path, hidden: list[Path]
) -> str:
    """Run every job; return "on" when the kernels were sandboxed, else why they were not."""
    (work / "results").mkdir()
    (work / "ipython").mkdir()
    (work / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    manifest = {
        str(job.notebook.relative_to(work)): sum(
            c.cell_type == "code" for c in nbformat.read(job.notebook, 4).cells
        )
        for job in jobs
    }
    (work / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    sandbox = kernel.sandbox_settings(public, root, work, hidden)
    env = kernel.kernel_env(public, root, work, options.memory_mb, sandbox)
    socket_path = None if options.plain_kernels else work / "template.sock"
    kernel.write_kernelspec(work / "jupyter", env, socket_path)
    pytest_env = {k: v for k, v in os.environ.items() if not k.startswith("CBEC_GRADING")}
    pytest_env.update(
        {
            "JUPYTER_PATH": str(work / "jupyter"),
            "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
            "JUPYTER_PLATFORM_DIRS": "1",
            RESULTS_ENV: str(work / "results"),
            MANIFEST_ENV: str(work / "manifest.json"),
        }
    )
    command = _pytest_command(work, options, len(jobs))
    with open(work / "pytest.log", "w", encoding="utf-8") as log:
        if socket_path is None:
            subprocess.run(command, cwd=work, env=pytest_env, stdout=log, check=False)
            return "plain kernels are not sandboxed"
        with kernel.Template(socket_path, env, work / "template.log") as template:
            # pytest starts while the template loads: each takes about a second.
            run = subprocess.Popen(command, cwd=work, env=pytest_env, stdout=log)
            try:
                template.wait_until_ready()
            except RuntimeError:
                run.kill()
                raise
            finally:
                run.wait()
        return template.sandbox


# -- results -----------------------------------------------------------------------------------
def _graded(job: Job, records: list[dict], exercise: Exercise) -> NotebookResult:
    kinds = {c.qid: c.kind for c in exercise.checks}
    questions = judge_notebook(job, records, kinds)
    problems = [Problem(n, "") for n in job.notes] + ([job.store_problem] if job.store_problem else [])
    problems += cell_errors(records)[:3]
    return NotebookResult(
        job.stem,
        "graded",
        "; ".join(p.reason for p in problems if p.reason),
        "；".join(p.reason_zh for p in problems if p.reason_zh),
        round(sum(r.get("seconds", 0.0) for r in records), 2),
        questions,
    )


def _public_package(work: Path) -> Path:
    from cbec.release import write_public_package

    public = work / "public"
    write_public_package(public, salt=secrets.token_hex(16))
    return public


def grade(submissions: Path, out: Path, options: Options | None = None) -> ClassResults:
    options = options or Options()
    root = course_root()
    exercises = load_exercises(root)
    work = Path(tempfile.mkdtemp(prefix="cbec-grade-"))
    try:
        subs = collect(Path(submissions), work / "unzipped")
        planned: list[tuple[Submission, list[Job | NotebookResult]]] = []
        for number, sub in enumerate(subs):
            folder = work / "notebooks" / f"s{number:04d}"
            planned.append((sub, [prepare(sub, ex, folder / ex.stem) for ex in exercises]))
        jobs = [item for _, items in planned for item in items if isinstance(item, Job)]
        sandbox = "no notebook needed a kernel"
        if jobs:
            hidden = [Path(submissions).resolve()] if Path(submissions).is_dir() else []
            sandbox = run_nbval(jobs, work, options, _public_package(work), root, hidden)
        records = read_records(work / "results") if jobs else {}
        by_stem = {e.stem: e for e in exercises}
        students = [
            StudentResult(
                sub.student,
                sub.source,
                [
                    item
                    if isinstance(item, NotebookResult)
                    else _graded(item, records.get(str(item.notebook), []), by_stem[item.stem])
                    for item in items
                ],
            )
            for sub, items in planned
        ]
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        results = ClassResults([e.info for e in exercises], students, now, sandbox)
        write_outputs(results, Path(out))
        return results
    finally:
        if options.keep_work:
            shutil.copytree(
                work, options.keep_work, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.sock")
            )
        shutil.rmtree(work, ignore_errors=True)


def write_outputs(results: ClassResults, out: Path) -> None:
    from cbec.grader.class_report import write_report
    from cbec.grader.feedback_html import write_feedback

    out.mkdir(parents=True, exist_ok=True)
    results.save(out / "grades.json")
    gradebook.write(results, out / "gradebook.csv")
    write_feedback(results, out)
    write_report(results, out)


def fingerprint(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``: proof that grading changed nothing."""
    folder = Path(folder)
    if folder.is_file():
        return {folder.name: hashlib.sha256(folder.read_bytes()).hexdigest()}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
