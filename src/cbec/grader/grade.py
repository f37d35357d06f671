"""``cbec grade``: from a folder (or zip) of submissions to grades, feedback and a report.

Work happens in a temporary folder; the submissions are only read. Each notebook is checked,
assembled with its probes, and run by nbval under pytest, several at a time; the grader then
judges the reported answers and writes the outputs.

A notebook the grading machinery failed on (its kernel did not start, the template died, the run
or the judge broke) is run again with a fresh copy and kernel, up to ``ATTEMPTS`` times; after
that it is left ungraded (``GRADER_ERROR``), never given a partial score. Grades written into a
folder that holds earlier ones replace only the students graded now.
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
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

import nbformat

from cbec.answer_store import SUFFIX as STORE_SUFFIX
from cbec.exercises import banks as all_banks
from cbec.grader import gradebook, kernel, layout
from cbec.grader import roster as class_roster
from cbec.grader.answer_view import attach_codes
from cbec.grader.assemble import Check, assemble, source_checks
from cbec.grader.judge import KERNEL_DIED, Job, cell_errors, judge_notebook, read_records
from cbec.grader.late import LateRule
from cbec.grader.marking import FOLDER as MARKING_FOLDER
from cbec.grader.marking import MARKS_FILE, read_codes, write_workspace
from cbec.grader.marks import (
    Mark,
    MarksError,
    MarksFile,
    apply_marks,
    collect_marks,
    read_marks,
    reapply_kept,
    written_questions,
)
from cbec.grader.nbval_plugin import MANIFEST_ENV, RESULTS_ENV
from cbec.grader.precheck import NoAnswers, Problem, Rejected, check_store, read_notebook
from cbec.grader.results import (
    GRADER_ERROR,
    NOT_RUN,
    ClassResults,
    ExerciseInfo,
    NotebookResult,
    QuestionInfo,
    QuestionResult,
    StudentResult,
)
from cbec.grader.submissions import Submission, SubmissionsError
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
                q.qid,
                float(q.points),
                q.widget_kind or kinds[q.qid],
                f"第 {q.qid.split('.Q')[1]} 题",
                _rubric(q),
            )
            for q in self.bank.exercise.questions.values()
        ]
        return ExerciseInfo(self.stem, self.bank.exercise.lesson, self.bank.exercise.title, questions)


def _rubric(question) -> list[dict] | None:
    rubric = getattr(question, "rubric", None)
    return [c.to_json() for c in rubric] if rubric else None


def load_exercises(root: Path) -> list[Exercise]:
    found = []
    for stem, bank in all_banks().items():
        source = nbformat.read(root / "exercises" / f"{stem}.ipynb", as_version=4)
        found.append(Exercise(stem, bank, source_checks(source, bank)))
    return found


def handed_in(exercises: list[Exercise], subs: list) -> list[Exercise]:
    """The exercises this class handed in: those of which some submission holds the notebook or
    its answers. A course has several exercises and a class hands in one (or a few) at a time;
    a class that holds none of them is graded against all, so every student's row says what is
    missing."""
    held = [
        ex
        for ex in exercises
        if any(sub.find(ex.stem, ".ipynb")[0] or sub.find(ex.stem, STORE_SUFFIX)[0] for sub in subs)
    ]
    return held or exercises


# -- one notebook ------------------------------------------------------------------------------
def _unrun(exercise: Exercise, why_zh: str) -> list[QuestionResult]:
    return [
        QuestionResult(q.qid, float(q.points), 0.0, NOT_RUN, f"没有评分：{why_zh}", reason="not graded")
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
    stored = sum(c.kind == "stored" for c in exercise.checks)
    path, note = sub.find(stem, STORE_SUFFIX)
    if path is None:
        return {}, NoAnswers.of(f"{stem}{STORE_SUFFIX}", stored, False, note) if stored else None
    if stored and not path.read_bytes().strip():
        return {}, NoAnswers.of(path.name, stored, True)
    problem = check_store(path, exercise.bank.exercise.lesson)
    if problem is not None:
        return {}, problem
    shutil.copyfile(path, dest / f"{stem}{STORE_SUFFIX}")
    content = json.loads(path.read_text(encoding="utf-8-sig"))
    answers = {qid: entry["value"] for qid, entry in content["answers"].items()}
    return answers, NoAnswers.of(path.name, stored, True) if stored and not answers else None


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


def _datasets_beside(copy: Path, root: Path) -> None:
    """``../datasets`` from a learner's copy is the course's datasets, as it is from exercises/:
    a notebook that reads ``pd.read_csv("../datasets/…")`` runs under grading as it ran at home."""
    link = copy.parent / "datasets"
    if not link.is_symlink():
        link.symlink_to(root / "datasets", target_is_directory=True)


@dataclass
class Run:
    """What one pytest run over some jobs says about the grading machinery itself."""

    sandbox: str  # "on" when the kernels were sandboxed, else why they were not
    fault: str = ""  # a fault that hit every notebook of the run (the template would not start)
    template_died: bool = False


def run_nbval(jobs: list[Job], work: Path, options: Options, public: Path, root: Path) -> Run:
    """Run every job in ``work`` (its own folder for each attempt)."""
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
    for job in jobs:
        _datasets_beside(job.notebook.parent, root)
    sandbox = kernel.sandbox_settings(public, root, work)
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
            return Run("plain kernels are not sandboxed")
        with kernel.Template(socket_path, env, work / "template.log") as template:
            # pytest starts while the template loads: each takes about a second.
            run = subprocess.Popen(command, cwd=work, env=pytest_env, stdout=log)
            try:
                template.wait_until_ready()
            except RuntimeError as err:
                run.kill()
                return Run("not started", fault=str(err)[:300])
            finally:
                run.wait()
            return Run(template.sandbox, template_died=template.process.poll() is not None)


# -- results -----------------------------------------------------------------------------------
def _graded(job: Job, records: list[dict], exercise: Exercise) -> NotebookResult:
    kinds = {c.qid: c.kind for c in exercise.checks}
    questions = judge_notebook(job, records, kinds)
    attach_codes(questions, job.notebook)
    problems = [Problem(n, "") for n in job.notes] + ([job.store_problem] if job.store_problem else [])
    problems += cell_errors(records)[:3]
    return NotebookResult(
        job.stem,
        "graded",
        "; ".join(p.reason for p in problems if p.reason),
        "；".join(p.reason_zh for p in problems if p.reason_zh),
        round(sum(r.get("seconds", 0.0) for r in records), 2),
        questions,
        job.store_problem.reason_zh if isinstance(job.store_problem, NoAnswers) else "",
    )


def _public_package(work: Path) -> Path:
    from cbec.release import write_public_package

    public = work / "public"
    write_public_package(public, salt=secrets.token_hex(16))
    return public


ATTEMPTS = 3  # a notebook the grading machinery failed on is graded again, with a fresh kernel


def grader_fault(records: list[dict], run: Run) -> str:
    """Why the grading machinery, not the learner, failed on a notebook; "" when it did not."""
    if run.fault:
        return run.fault
    if not records:
        return "the grading run recorded nothing for this notebook (pytest or its worker stopped)"
    setup = next((r for r in records if r["when"] == "setup" and r["outcome"] == "failed"), None)
    if setup is not None:
        return f"the kernel could not start ({setup.get('message', 'no message')})"
    if run.template_died and any(KERNEL_DIED in r.get("message", "") for r in records):
        return "the kernel template stopped during the run, and a kernel with it"
    return ""


@dataclass
class Planned:
    """One student's notebook for one exercise, and what has become of it so far."""

    sub: Submission
    exercise: Exercise
    folder: str  # e.g. "s0003"
    item: Job | NotebookResult | None = None
    faults: list[str] = field(default_factory=list)


def _judged(plan: Planned, records: list[dict], run: Run) -> NotebookResult | None:
    """The notebook's result, or None when the grader failed on it (the fault is noted)."""
    fault = grader_fault(records, run)
    if not fault:
        try:
            return _graded(plan.item, records, plan.exercise)
        except Exception as err:  # a bug of the judge must not cost the learner points
            fault = f"judging failed: {type(err).__name__}: {err}"[:300]
    plan.faults.append(fault)
    return None


def _ungraded(plan: Planned) -> NotebookResult:
    reason = f"not graded after {len(plan.faults)} attempts: {plan.faults[-1]}"
    return NotebookResult(
        plan.exercise.stem, GRADER_ERROR, reason, "评分系统出了故障（不是你的问题），老师会重新评分。"
    )


def run_attempts(plans: list[Planned], work: Path, options: Options, root: Path) -> str:
    """Grade every planned job, trying again where the machinery failed; return the sandbox state."""
    pending = [p for p in plans if isinstance(p.item, Job)]
    if not pending:
        return "no notebook needed a kernel"
    public = _public_package(work)
    sandbox = "the kernels did not start"
    for attempt in range(1, ATTEMPTS + 1):
        run_dir = work / f"attempt{attempt}"
        if attempt > 1:  # a fresh copy and nonce: nothing of the failed attempt is reused
            for plan in pending:
                plan.item = prepare(
                    plan.sub, plan.exercise, run_dir / "notebooks" / plan.folder / plan.exercise.stem
                )
            pending = [p for p in pending if isinstance(p.item, Job)]
        if not pending:
            break
        try:
            run = run_nbval([p.item for p in pending], run_dir, options, public, root)
        except Exception as err:  # the machinery failed: the notebooks are tried again
            run = Run("not started", fault=f"the grading run failed: {type(err).__name__}: {err}"[:300])
        sandbox = run.sandbox if run.sandbox != "not started" else sandbox
        records = read_records(run_dir / "results")
        retry = []
        for plan in pending:
            result = _judged(plan, records.get(str(plan.item.notebook), []), run)
            if result is None:
                retry.append(plan)
            else:
                if plan.faults:
                    result.reason = "; ".join(
                        filter(None, [result.reason, f"graded at attempt {len(plan.faults) + 1}"])
                    )
                plan.item = result
        pending = retry
    for plan in pending:
        plan.item = _ungraded(plan)
    return sandbox


def select(subs: list[Submission], only: list[str]) -> list[Submission]:
    """The submissions of the students ``only`` names (ids, or folder names)."""
    chosen = [s for s in subs if s.student_id in only or s.student in only]
    unknown = sorted(set(only) - {s.student_id for s in chosen} - {s.student for s in chosen})
    if unknown:
        raise SubmissionsError(f"no submission has the id {', '.join(unknown)}")
    return chosen


def _headless() -> None:
    """Plot questions draw their reference charts in this process: on no screen."""
    import matplotlib

    matplotlib.use("Agg")


@dataclass
class Marking:
    """How written answers are marked in this run: the marks to merge, and how pages name students."""

    marks_path: Path | None = None
    real_ids: bool = False
    marks: list[Mark] | None = None  # read and checked before any grading starts
    accept_changed: bool = False  # merge marks given to an answer that has changed since
    found: MarksFile | None = None  # the file's rows and row problems, reported with the rest


def grade(
    submissions: Path,
    out: Path,
    options: Options | None = None,
    only: list[str] | None = None,
    roster: Path | None = None,
    marking: Marking | None = None,
    late: LateRule | None = None,
) -> ClassResults:
    """Grade the class (or ``only`` these students) into ``out``, merged with earlier grades there;
    with ``marking.marks_path``, the teacher's marks for written answers are merged too."""
    options = options or Options()
    marking = marking or Marking()
    _headless()
    root = course_root()
    exercises = load_exercises(root)
    work = Path(tempfile.mkdtemp(prefix="cbec-grade-"))
    try:
        rostered = class_roster.read_roster(Path(roster)) if roster else None
        subs = layout.collect_any(Path(submissions), work / "unzipped", [e.stem for e in exercises])
        matching = class_roster.match(subs, rostered) if rostered is not None else None
        if only:
            subs = select(subs, only)
        exercises = handed_in(exercises, subs)
        if marking.marks_path:  # a bad marks file is refused before minutes of grading
            infos = ClassResults([e.info for e in exercises], [])
            marking.marks = read_marks(marking.marks_path, written_questions(infos))
        plans = []
        for number, sub in enumerate(subs):
            for ex in exercises:
                plan = Planned(sub, ex, f"s{number:04d}")
                plan.item = prepare(sub, ex, work / "attempt1" / "notebooks" / plan.folder / ex.stem)
                plans.append(plan)
        sandbox = run_attempts(plans, work, options, root)
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        by_sub: dict[int, list[NotebookResult]] = {}
        for plan in plans:
            by_sub.setdefault(id(plan.sub), []).append(plan.item)
        students = [
            StudentResult(
                sub.student, sub.source, by_sub[id(sub)], sub.student_id, sub.section, list(sub.flags), now
            )
            for sub in subs
        ]
        for student, sub in zip(students, subs, strict=True):
            student.flags_zh, student.clash = dict(sub.flags_zh), list(sub.clash)
        _annotate(students, subs, matching, late)
        if matching is not None and not only:
            students += _missing(matching.missing, exercises, now, Path(out))
        origin = str(Path(submissions).resolve())
        for student in students:
            student.origin = origin
        results = ClassResults([e.info for e in exercises], students, now, sandbox)
        flagged = [s.student_id or s.student for s in subs if s.late_flag] if late is None else []
        # a whole class graded again: its rows whose submission is gone go (renamed, removed)
        merged = write_outputs(results, Path(out), marking, prune=None if only else origin)
        merged.lms_late = flagged
        return merged
    finally:
        if options.keep_work:
            shutil.copytree(
                work, options.keep_work, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.sock")
            )
        shutil.rmtree(work, ignore_errors=True)


def _annotate(students: list[StudentResult], subs: list[Submission], matching, late: LateRule | None) -> None:
    """Roster status and lateness of each graded student (their rows follow ``subs``)."""
    for student, sub in zip(students, subs, strict=True):
        if matching is not None:
            student.roster = class_roster.MATCHED if id(sub) in matching.matched else class_roster.UNMATCHED
        if late is not None:
            found = late.assess(sub.student_id, sub.late_flag)
            student.late = found.to_json() if found else None


def _missing(missing: list, exercises: list[Exercise], now: str, out: Path) -> list[StudentResult]:
    """A row with 0 for each rostered student who handed nothing in; never over a row graded earlier
    (a folder holding only some students is graded into the grades already there)."""
    earlier = ClassResults.load(out / "grades.json").students if (out / "grades.json").is_file() else []
    graded = {s.key for s in earlier if s.roster != class_roster.MISSING}
    return [
        StudentResult(
            row.name,
            "(no submission)",
            [
                NotebookResult(
                    e.stem, class_roster.MISSING, "no submission", "未提交", questions=_unrun(e, "未提交")
                )
                for e in exercises
            ],
            row.student_id,
            row.section,
            graded_at=now,
            roster=class_roster.MISSING,
        )
        for row in missing
        if row.student_id not in graded
    ]


def merge(earlier: ClassResults, now: ClassResults, prune: str | None = None) -> ClassResults:
    """The grades of ``now``, and every student of ``earlier`` that ``now`` did not grade, except
    those graded earlier from the folder ``prune`` (graded again whole now): their submission is
    gone. Rows from another folder stay: a folder of a few students is graded into the rest."""
    graded = {s.key for s in now.students}
    left = [s for s in earlier.students if s.key not in graded]
    removed = [s for s in left if prune and s.origin == prune]
    kept = [s for s in left if not (prune and s.origin == prune)]
    students = sorted([*kept, *now.students], key=lambda s: (s.student, s.key, s.source))
    merged = ClassResults(now.exercises, students, now.graded_at, now.sandbox)
    merged.removed = removed
    return merged


def merge_marks(out: Path, marking: Marking) -> ClassResults:
    """Merge the teacher's marks into the grades already in ``out``, without grading again."""
    if not (Path(out) / "grades.json").is_file():
        raise MarksError(
            f"{out} holds no grades.json: grade the class first (cbec grade SUBMISSIONS --out {out})"
        )
    results = ClassResults.load(Path(out) / "grades.json")
    marking.found = collect_marks(marking.marks_path, written_questions(results))
    marking.marks = marking.found.marks
    return write_outputs(results, Path(out), marking)


def _guides() -> dict[str, str]:
    """What a strong answer covers, per written question: for the marking pages only."""
    return {
        q.qid: q.solution_text
        for bank in all_banks().values()
        for q in bank.exercise.questions.values()
        if getattr(q, "rubric", None)
    }


def _lengths() -> dict[str, tuple[int, int]]:
    """The suggested length of each written question, shown beside each answer's count."""
    return {
        q.qid: tuple(q.length)
        for bank in all_banks().values()
        for q in bank.exercise.questions.values()
        if getattr(q, "rubric", None) and getattr(q, "length", None)
    }


def write_outputs(
    results: ClassResults, out: Path, marking: Marking | None = None, prune: str | None = None
) -> ClassResults:
    """Write grades, gradebook, feedback pages, report and the marking workspace; earlier grades
    in ``out`` are kept for every student not graded now. Marks are checked against the merged
    grades before anything is written. Returns the merged grades."""
    from cbec.grader.class_report import write_report
    from cbec.grader.feedback_html import FOLDER, page_names, write_feedback

    marking = marking or Marking()
    graded_now = {s.key for s in results.students}
    if (out / "grades.json").is_file():
        results = merge(ClassResults.load(out / "grades.json"), results, prune)
    codes = read_codes(out / MARKING_FOLDER)
    if marking.marks is not None:
        results.applied = apply_marks(
            results, marking.marks, codes, marking.marks_path, marking.found, marking.accept_changed
        )
    elif graded_now:  # a regrade keeps the marks already given in the kept marks.csv
        results.applied = reapply_kept(results, out / MARKING_FOLDER / MARKS_FILE, codes, graded_now)
    out.mkdir(parents=True, exist_ok=True)
    results.save(out / "grades.json")
    gradebook.write(results, out / "gradebook.csv")
    before = {p.name for p in (out / FOLDER).glob("*.html")}
    write_feedback(results, out)
    for stale in before - {name for _, name in page_names(results)}:
        (out / FOLDER / stale).unlink()  # a page whose name moved, or an earlier grader's
    write_report(results, out)
    results.workspace = write_workspace(results, out, marking.real_ids, _guides(), _lengths())
    return results


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
