"""Benchmark: grade one class of generated submissions three ways; compare time, memory and scores.

    make bench-grading    # or: .venv/bin/python tools/bench_grading.py [--sizes 10 100] [--seed N]

For each class size N, N honest submissions to exercise 01 are written to a temporary folder,
``SUBMISSIONS/<student>/01_people_goods_place.ipynb`` with the answer store beside it: fully
right, partly right (wrong widget answers, wrong code such as a median where the 90th percentile
is asked for, unanswered questions) and empty. Each records the score it should get, known from how it was made
(``bench_grading/submissions.py``). The same class is then graded three ways, one after another:

a. ``cbec grade SUBMISSIONS --out DIR``, the course's grader (as many notebooks at once as there
   are cores); points from ``DIR/gradebook.csv``. It also writes feedback pages and a report.
b. Plain nbval, as the README shows for grading a class: pytest ``--nbval-lax`` on two workers,
   ``CBEC_GRADING=1``; a question scores when its ``qN.check(...)`` cell passed (JUnit report).
c. nbgrader ``autograde``, one notebook at a time (it has no parallel mode), in a virtualenv of
   its own under ``.bench/``, made on the first run; points from its gradebook database.

"Equivalent" means the three grade the same thing: every student's cells with the same code, the
same answer store beside the notebook, a fresh kernel running the course's ``cbec`` with
``CBEC_GRADING=1``, one point per question, and the same ``qN.check(...)`` calls deciding it.
Only the packaging differs: nbgrader needs its cell metadata (answer cells, and the check cells as
autograded test cells) and a course folder with a gradebook database; how it is made is in
``bench_grading/nbgrader_course.py``. ``cbec grade`` judges outside the kernel and adds hidden
tests; no generated submission is made to pass the public cases and fail the hidden ones, so on
these classes all three ought to agree with the expected scores.

Then the load test of ``tests/test_grading_load.py`` is timed: a class of 30 honest and 5 hostile
notebooks (endless loop, swallowed interrupt, output flood, ``os._exit``, memory) graded by
``cbec grade`` three times while two processes burn the CPU; it reports each round's time and
whether every honest notebook got its expected score (``--load-rounds 0`` skips it).

``--term`` times only ``cbec gradebook`` on a generated term of 80 students × 6 exercises, with
drop-lowest, a roster and the three LMS exports (0.16–0.38 s on a shared 2-core machine).

Timed, for each way: the grading command alone, wall clock from start to exit, and the peak
memory (PSS) of its whole process tree. Writing the submissions and releasing the nbgrader
assignment are reported apart. Prints figures, ratios to ``cbec grade``, and every student whose
scores differ between the ways or from the expected ones. It asserts nothing about speed: it
exits non-zero only when a grader crashed, that is ran and gave no scores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench_grading.graders import ROOT, Outcome, grade_with_cbec, grade_with_nbval
from bench_grading.nbgrader_course import NBGRADER, ensure_venv, grade_with_nbgrader
from bench_grading.submissions import QUESTIONS, Forms, Submission, make_class


def grade_class(
    n: int, seed: int, forms: Forms, nbgrader_bin: Path, tmp: Path
) -> tuple[list[Submission], list[Outcome]]:
    work = tmp / f"class-of-{n}"
    submissions = work / "submissions"
    start = time.perf_counter()
    students = make_class(submissions, n, seed, forms)
    print(f"\nN={n}: {n} submissions written in {time.perf_counter() - start:.1f} s", flush=True)
    outcomes = [grade_with_cbec(submissions, work), grade_with_nbval(submissions, work)]
    for outcome in outcomes:
        _progress(outcome)
    nbgrader, setup_seconds = grade_with_nbgrader(submissions, work, forms, nbgrader_bin)
    print(f"  nbgrader course and generate_assignment: {setup_seconds:.1f} s (not in the table)")
    _progress(nbgrader)
    return students, [*outcomes, nbgrader]


def _progress(outcome: Outcome) -> None:
    if outcome.run is not None:
        run = outcome.run
        print(
            f"  {outcome.way}: {run.seconds:.1f} s, peak {run.peak_mb:.0f} MB, exit {run.returncode}",
            flush=True,
        )
    if outcome.problem:
        print(f"  {outcome.way}: {outcome.problem}", flush=True)


# -- the report -----------------------------------------------------------------------------------
def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}" if value and base else "n/a"


def print_table(results: dict[int, tuple[list[Submission], list[Outcome]]]) -> None:
    print(
        f"\n{'way':<11} {'N':>4} {'wall s':>8} {'s/sub':>7} {'peak MB':>8} {'time ×cbec':>11} {'mem ×cbec':>10}"
    )
    for n, (_, outcomes) in results.items():
        base = outcomes[0].run  # cbec grade
        for outcome in outcomes:
            run = outcome.run
            if run is None:
                print(f"{outcome.way:<11} {n:>4} {outcome.problem}")
                continue
            time_ratio = _ratio(run.seconds, base and base.seconds)
            memory_ratio = _ratio(run.peak_mb, base and base.peak_mb)
            print(
                f"{outcome.way:<11} {n:>4} {run.seconds:8.1f} {run.seconds / n:7.2f} {run.peak_mb:8.0f}"
                f" {time_ratio:>11} {memory_ratio:>10}"
            )


def _differences(columns: dict[str, dict[str, float] | None]) -> list[str]:
    """What the columns disagree on: a missing score, and each question with every column's points."""
    notes = [f"no score from {name}" for name, scores in columns.items() if scores is None]
    present = {name: scores for name, scores in columns.items() if scores is not None}
    for qid in QUESTIONS:
        points = {name: scores.get(qid, 0.0) for name, scores in present.items()}
        if len(set(points.values())) > 1:
            notes.append(f"{qid}: {', '.join(f'{name} {p:g}' for name, p in points.items())}")
    return notes


def print_agreement(n: int, students: list[Submission], outcomes: list[Outcome]) -> None:
    graded = [o for o in outcomes if o.scores]
    print(f"\nN={n}: per-student scores, expected vs {', '.join(o.way for o in graded) or 'no grader'}")
    for outcome in outcomes:
        if not outcome.scores:
            print(
                f"  {outcome.way}: no scores ({outcome.problem.splitlines()[0] if outcome.problem else '?'})"
            )
            continue
        agree = sum(outcome.scores.get(s.student) == s.expected for s in students)
        print(f"  {outcome.way}: agrees with the expected scores for {agree} of {len(students)} students")
        unknown = sorted(set(outcome.scores) - {s.student for s in students})
        if unknown:
            print(f"  {outcome.way}: scores for students not in the class: {', '.join(unknown)}")
    disagreements = 0
    for student in students:
        columns = {"expected": student.expected, **{o.way: o.scores.get(student.student) for o in graded}}
        notes = _differences(columns)
        if notes:
            disagreements += 1
            totals = " | ".join(f"{name} {sum(s.values()):g}" for name, s in columns.items() if s is not None)
            print(f"  ✗ {student.student} ({student.kind}): {totals}; {'; '.join(notes)}")
    print(f"  disagreements: {disagreements or 'none'}")


def _revision() -> str:
    # The graders run the course's code from this checkout: name the revision the figures belong to.
    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "an unknown revision"


@contextmanager
def _work_folder(keep: Path | None) -> Iterator[Path]:
    if keep is None:
        with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
            yield Path(tmp)
    else:
        keep.mkdir(parents=True)  # a new folder: nothing of an earlier run is graded again
        yield keep


def time_load(rounds: int, work: Path) -> bool:
    """The load test's class, graded ``rounds`` times under CPU burners; True when all were right."""
    sys.path.insert(0, str(ROOT))
    from tests.grading_corpus import Sources
    from tests.grading_load import HOSTILE, all_graded, grade_under_load

    print(
        f"\nload: 30 honest + {len(HOSTILE)} hostile notebooks, two CPU burners, {rounds} rounds", flush=True
    )
    done = grade_under_load(Sources.load(ROOT), work / "load", rounds=rounds)
    right = True
    for number, this in enumerate(done, start=1):
        ok = not this.wrong and not this.grader_errors and all_graded(this)
        right &= ok
        problems = f"; wrong {this.wrong}; grader errors {this.grader_errors}" if not ok else ""
        print(
            f"  round {number}: {this.seconds:.1f} s, {'all as expected' if ok else 'NOT as expected'}{problems}"
        )
    return right


def bench_term(students: int = 80, exercises: int = 6, work: Path | None = None) -> float:
    """Seconds for ``cbec gradebook`` on a term of ``students`` × ``exercises`` graded exercises
    (grades written as ``cbec grade`` writes them, 10 questions each), with drop-lowest, a
    roster and every export; the grades themselves are generated, no notebook is run."""
    import random

    from cbec import cli
    from cbec.grader.results import (
        ClassResults,
        ExerciseInfo,
        NotebookResult,
        QuestionInfo,
        QuestionResult,
        StudentResult,
    )

    rng = random.Random(2026)
    with tempfile.TemporaryDirectory(prefix="bench-term-") as tmp:
        term = Path(work or tmp) / "term"
        for number in range(1, exercises + 1):
            stem, lesson = f"{number:02d}_exercise", f"L{number:02d}"
            qids = [f"{lesson}.Q{q}" for q in range(1, 11)]
            info = ExerciseInfo(stem, lesson, stem, [QuestionInfo(q, 1.0, "numeric", q) for q in qids])
            rows = []
            for sid in range(1, students + 1):
                answers = [QuestionResult(q, 1.0, float(rng.random() < 0.7), "correct", "") for q in qids]
                rows.append(
                    StudentResult(
                        f"学生{sid}", f"{sid}/", [NotebookResult(stem, "graded", questions=answers)], str(sid)
                    )
                )
            (term / stem).mkdir(parents=True)
            ClassResults([info], rows).save(term / stem / "grades.json")
        (term / "term.ini").write_text("[term]\ndrop_lowest = 1\n", encoding="utf-8")
        roster = Path(tmp) / "roster.csv"
        roster.write_text(
            "student_id,name,section\n" + "".join(f"{i},学生{i},1班\n" for i in range(1, students + 1)),
            encoding="utf-8",
        )
        args = ["gradebook", str(term), "--out", str(Path(tmp) / "out"), "--roster", str(roster)]
        start = time.perf_counter()
        code = cli.main([*args, "--export", "canvas", "--export", "moodle", "--export", "csv"])
        seconds = time.perf_counter() - start
    if code:
        raise SystemExit(f"cbec gradebook exited {code}")
    print(
        f"term gradebook: {students} students × {exercises} exercises, drop-lowest 1, 3 exports: {seconds:.2f} s"
    )
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--term", action="store_true", help="only time cbec gradebook on 80 students × 6 exercises"
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10, 100], help="class sizes (default: 10 100)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="seed for the submissions (default: 2026)")
    parser.add_argument(
        "--load-rounds", type=int, default=3, help="rounds of the load test (default 3; 0: skip)"
    )
    parser.add_argument(
        "--work", type=Path, help="keep every file in this new folder (default: a temporary one)"
    )
    args = parser.parse_args()
    if args.term:
        bench_term()
        return 0
    forms = Forms.load(ROOT)
    for variant in forms.dropped:  # the exercise changed: this variant is no longer wrong
        print(f"warning: not used, the course's check passes it: {variant}")
    nbgrader_bin = ensure_venv()
    print(f"course at {_revision()}; {NBGRADER}; 2 nbval workers; submissions seeded with {args.seed}")
    results = {}
    with _work_folder(args.work) as work:
        for n in args.sizes:
            results[n] = grade_class(n, args.seed, forms, nbgrader_bin, work)
        load_right = time_load(args.load_rounds, work) if args.load_rounds else True
    print_table(results)
    for n, (students, outcomes) in results.items():
        print_agreement(n, students, outcomes)
    crashed = [f"{o.way} (N={n})" for n, (_, outcomes) in results.items() for o in outcomes if o.crashed]
    if crashed:
        print(f"\ncrashed: {', '.join(crashed)}")
    if not load_right:
        print("\nthe load test did not give the expected scores (see above)")
    return 1 if crashed or not load_right else 0


if __name__ == "__main__":
    sys.exit(main())
