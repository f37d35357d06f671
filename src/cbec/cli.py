"""The ``cbec`` command for authors and instructors. Messages are plain English."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from cbec.paths import course_root


def _build(args: argparse.Namespace) -> int:
    from cbec import glossary
    from cbec.build import BuildError, build

    root = Path(args.root).resolve() if args.root else course_root()
    try:
        problems = build(root, check=args.check)
    except BuildError as err:
        print(f"cbec build: {err}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"cbec build: {problem}", file=sys.stderr)
    if problems:
        return 1
    done = "are up to date" if args.check else "written"
    print(f"cbec build: exercises/ and {glossary.PAGE.as_posix()} {done}.")
    return 0


def _execute(args: argparse.Namespace) -> int:
    from cbec.execute import execute_in_place

    for name in args.notebooks:
        path = Path(name)
        print(f"cbec execute: {path}")
        execute_in_place(path)
    return 0


def _out_problem(submissions: Path, out: Path) -> str:
    """Why ``out`` cannot take the grades, or "" when it can."""
    if not submissions.exists():
        return f"{submissions} does not exist"
    if out == submissions or submissions in out.parents:
        return f"--out {out} is inside the submissions; grades are never written among submissions"
    if out.is_file():
        return f"--out {out} is a file, not a folder"
    if out.is_dir() and any(out.iterdir()) and not (out / "grades.json").is_file():
        return f"--out {out} is not empty and holds no earlier grades; choose an empty folder"
    return ""


def _grade(args: argparse.Namespace) -> int:
    from cbec.grader.grade import Marking, Options, grade
    from cbec.grader.late import LateError, make_rule
    from cbec.grader.marks import MarksError
    from cbec.grader.roster import RosterError
    from cbec.grader.submissions import SubmissionsError

    marking = Marking(Path(args.marks).resolve() if args.marks else None, args.real_ids)
    marking.accept_changed = args.accept_changed
    if _zone_problem(args.timezone):
        return 2
    if args.submissions is None:
        return _merge_marks(args, marking)
    submissions, out = Path(args.submissions).resolve(), Path(args.out).resolve()
    problem = _out_problem(submissions, out)
    if problem:
        print(f"cbec grade: {problem}", file=sys.stderr)
        return 2
    options = Options(
        cell_timeout=args.timeout,
        memory_mb=args.memory,
        keep_work=Path(args.keep_work) if args.keep_work else None,
    )
    options.jobs = args.jobs or options.jobs
    options.plain_kernels = options.plain_kernels or args.plain_kernels
    try:
        late = make_rule(args.due, args.late_policy, args.submitted_at, args.timezone)
        results = grade(submissions, out, options, args.only, args.roster, marking, late)
    except (SubmissionsError, MarksError, RosterError, LateError) as err:
        print(f"cbec grade: {err}", file=sys.stderr)
        return 2
    _finish_pages(args, results, out)
    now = [s for s in results.students if s.graded_at == results.graded_at]
    # a rostered student who handed nothing in is neither graded nor rejected: counted apart
    handed = [s for s in now if s.roster != "missing"]
    notebooks = sum(n.status == "graded" for s in handed for n in s.notebooks)
    rejected = sum(n.status == "rejected" for s in handed for n in s.notebooks)
    missing = len(now) - len(handed)
    if results.sandbox not in ("on", "no notebook needed a kernel"):
        print(
            f"cbec grade: warning: learners' code could read your files while it ran ({results.sandbox}). "
            "Grade work you do not trust in a container or as a separate user.",
            file=sys.stderr,
        )
    kept = len(results.students) - len(now)
    print(
        f"cbec grade: {len(handed)} students graded"
        + (f" ({kept} earlier grades in {out} kept)" if kept else "")
        + f": {notebooks} notebooks graded, {missing} rostered students missing, "
        f"{rejected} rejected (see the notes column).\n"
        f"  gradebook: {out / 'gradebook.csv'}\n  feedback:  {out / 'feedback'}/\n"
        f"  report:    {out / 'report' / 'index.html'}"
    )
    unanswered = [s.key for s in handed for n in s.notebooks if n.answers_note]
    if unanswered:
        print(
            f"  {len(unanswered)} submissions have no answers file (or an empty one), so their widget and "
            f"written questions count as not attempted: {_listed(unanswered)}. Their notes and feedback "
            "ask the students to hand the file in with the notebook."
        )
    if results.removed:
        gone = ", ".join(s.key for s in results.removed)
        print(f"  removed {len(results.removed)} rows whose submission is gone: {gone}")
    _report_roster(results)
    _report_late(results, late, bool(args.only))
    if results.lms_late:
        print(
            f"  late: {len(results.lms_late)} submissions are marked LATE by the LMS "
            f"({', '.join(results.lms_late[:20])}); give --due to apply a policy"
        )
    failed = _report_marking(results)
    return _report_grader_errors([s for s in now if s.ungraded], args, out) or failed


def _report_roster(results) -> None:
    """Who the roster says is missing, and which submissions matched no one on it."""
    for status, what in (
        ("missing", "rostered students handed nothing in (0, status missing)"),
        ("unmatched", "submissions match no roster row (kept; see the notes column)"),
    ):
        keys = [s.key for s in results.students if s.roster == status and not s.clash]
        if keys:
            print(f"  roster: {len(keys)} {what}: {', '.join(keys[:20])}{' …' if len(keys) > 20 else ''}")
    for student in results.students:
        if student.clash:
            print(
                f"  roster: 1 submission named {student.student!r} matches {len(student.clash)} students "
                f"({', '.join(student.clash)}); rename the folder to the student id (no feedback page written)"
            )


def _report_late(results, late, only: bool = False) -> None:
    """Late students, and times in --submitted-at that belong to no student graded."""
    if late is None:
        return
    from cbec.grader.late import describe_due

    charged = [s.key for s in results.students if s.late and s.late["share"]]
    print(
        f"  late: {len(charged)} students handed in late; late policy: {late.policy.describe()}; "
        f"due: {describe_due(late.due)}"
    )
    unknown = sorted(set(late.times) - {s.key for s in results.students})
    if unknown and not only:  # with --only, the times of the others are expected
        print(f"  late: --submitted-at names students not in the gradebook: {', '.join(unknown[:20])}")


def _merge_marks(args: argparse.Namespace, marking) -> int:
    """``cbec grade --out DIR --marks marks.csv``: merge marks into the grades in DIR, no regrading."""
    from cbec.grader.grade import merge_marks
    from cbec.grader.marks import MarksError

    if marking.marks_path is None:
        print("cbec grade: give the submissions to grade (or --marks to merge marks only)", file=sys.stderr)
        return 2
    try:
        results = merge_marks(Path(args.out).resolve(), marking)
    except MarksError as err:
        print(f"cbec grade: {err}", file=sys.stderr)
        return 2
    _finish_pages(args, results, Path(args.out).resolve())
    print(f"cbec grade: marks merged into {Path(args.out).resolve()} (gradebook, feedback, report).")
    return _report_marking(results)


def _zone_problem(name: str) -> bool:
    from cbec.grader.report_extras import zone

    try:
        zone(name)
    except ValueError as err:
        print(f"cbec grade: --timezone: {err}", file=sys.stderr)
        return True
    return False


def _finish_pages(args: argparse.Namespace, results, out: Path) -> None:
    """Feedback pages with the solutions, a report in another time zone: written over the
    default ones, so grading itself needs to know neither."""
    from cbec.grader.class_report import write_report
    from cbec.grader.feedback_html import write_feedback
    from cbec.grader.report_extras import DEFAULT_TIMEZONE

    if args.with_solutions:
        from cbec.grader.answer_view import rewrite_with_solutions

        rewrite_with_solutions(results, out, args.timezone)
        print(f"  feedback pages show the solutions (--with-solutions): {out / 'feedback'}/")
    elif args.timezone != DEFAULT_TIMEZONE:
        write_feedback(results, out, timezone=args.timezone)
    if args.timezone != DEFAULT_TIMEZONE:
        write_report(results, out, args.timezone)


def _report_marking(results) -> int:
    """What became of written answers: marks merged, answers still to mark, where to mark them;
    1 when a regrade could not merge the kept marks again."""
    applied, workspace = results.applied, results.workspace
    if applied is not None and applied.failed:
        print(
            "cbec grade: warning: the marks in marking/marks.csv were not merged again for the students "
            f"graded now; their written answers are back to needs_marking:\n{applied.failed}",
            file=sys.stderr,
        )
    elif applied is not None:
        _report_applied(applied)
    if workspace is not None:
        kept = "" if workspace.marks_written else " (kept: it may hold your marks)"
        print(
            f"  marking:   {workspace.folder}/ ({workspace.answers} written answers need marking; "
            f"pages per question, marks.csv{kept}); it may be given to a marker\n"
            f"  key:       {workspace.key} (which code is which student: not for markers or students)"
        )
        for entry in workspace.appended:
            print(f"  marks.csv: added blank rows for {entry}")
    return 1 if applied is not None and applied.failed else 0


def _report_applied(applied) -> None:
    if applied.reapplied:
        print(f"  marks: merged again from {applied.reapplied}: {applied.marked} written answers marked")
    else:
        print(f"  marks: {applied.marked} written answers marked ({applied.rows} rows in the file)")
    for entry in applied.changed:
        print(f"  changed since marked, marks not carried over; mark it again: {entry}")
    for entry in applied.partly:
        print(f"  partly marked, still needs_marking (0 points): {entry}")
    for entry in applied.cleared:
        print(f"  cleared, now needs_marking (0 points): {entry}")
    if applied.waiting:
        print(f"  {len(applied.waiting)} written answers have no marks yet and stay needs_marking (0 points)")
    for warning in applied.warnings:
        print(f"  warning: {warning}")


def _report_grader_errors(ungraded: list, args: argparse.Namespace, out: Path) -> int:
    """Name the students the grader itself failed on, and how to regrade them; 1 if any."""
    if not ungraded:
        return 0
    print(
        f"cbec grade: error: {len(ungraded)} students were NOT graded because the grader failed "
        "(not their fault; they have no total in the gradebook):",
        file=sys.stderr,
    )
    for student in ungraded:
        reasons = "; ".join(n.reason for n in student.notebooks if n.status == "grader_error")
        print(f"  {student.key} ({student.student}): {reasons}", file=sys.stderr)
    ids = " ".join(shlex.quote(s.key) for s in ungraded)
    print(
        f"Regrade them with: cbec grade {shlex.quote(args.submissions)} --out {shlex.quote(str(out))} "
        f"--only {ids}",
        file=sys.stderr,
    )
    return 1


def _release(args: argparse.Namespace) -> int:
    from cbec.paths import CourseNotFoundError
    from cbec.release import ReleaseError, write_release

    out = Path(args.out).resolve()
    if args.force and args.solutions is None:
        print("cbec release: --force only applies with --solutions", file=sys.stderr)
        return 2
    try:
        root = Path(args.root).resolve() if args.root else course_root()
        mode = "solutions" if args.solutions else "summative" if args.summative else "formative"
        exercises = args.solutions or args.summative
        before = _released_modes(out)
        written = write_release(root, out, args.salt, mode, args.force, exercises, args.formative)
    except (ReleaseError, CourseNotFoundError) as err:
        print(f"cbec release: {err}", file=sys.stderr)
        return 2
    counts: dict[str, int] = {}
    for path in written:
        top = path.relative_to(out).parts[0]
        counts[top] = counts.get(top, 0) + 1
    print(f"cbec release: wrote {len(written)} files to {out}")
    for top, count in sorted(counts.items()):
        print(f"  {top}{'/' if (out / top).is_dir() else ''}  {count}")
    _print_modes(out, mode, before, args.summative)
    return 0


def _released_modes(out: Path) -> dict[str, str]:
    """Each exercise's mode in the release already in ``out`` (none: ``{}``), for the summary."""
    import json

    from cbec.release import MARKER

    try:
        modes = json.loads((out / MARKER).read_text(encoding="utf-8")).get("exercises")
    except (OSError, ValueError, AttributeError):
        return {}
    return modes if isinstance(modes, dict) else {}


def _print_modes(out: Path, asked: str, before: dict[str, str], summative: str | None) -> None:
    import json

    from cbec.release import MARKER, MODES
    from cbec.release_modes import ALL, in_mode, label, parse_exercises

    modes = json.loads((out / MARKER).read_text(encoding="utf-8"))["exercises"]
    given = {mode: label(in_mode(modes, mode), ", ") for mode in MODES if in_mode(modes, mode)}
    for mode, exercises in given.items():
        print(f"  {mode}: exercises {exercises}")
    named = [] if summative in (None, ALL) else parse_exercises(summative, list(modes))
    kept = [s for s in in_mode(modes, "summative") if before.get(s) == "summative" and s not in named]
    if asked != "solutions" and kept and summative != ALL:
        print(
            f"{label(kept, ', ')} stay summative, as released before "
            "(--formative EXERCISES turns them formative again)."
        )
    if asked != "solutions" and "solutions" in given:
        print(
            f"Solutions stay published for exercises {given['solutions']}: an earlier release published them."
        )
    print(RELEASE_NOTES[next(iter(given)) if len(given) == 1 else "mixed"])


def _gradebook(args: argparse.Namespace) -> int:
    from cbec.grader import term_book
    from cbec.grader.roster import RosterError
    from cbec.grader.term import TermError, combine

    term_dir, out = Path(args.term_dir).resolve(), Path(args.out).resolve()
    if (out / "grades.json").is_file() or out.is_file():
        print(
            f"cbec gradebook: --out {out} is a grades folder or a file; choose a folder of its own",
            file=sys.stderr,
        )
        return 2
    try:
        term = combine(
            term_dir, Path(args.config) if args.config else None, Path(args.roster) if args.roster else None
        )
    except (TermError, RosterError) as err:
        print(f"cbec gradebook: {err}", file=sys.stderr)
        return 2
    print(f"cbec gradebook: {len(term.rows)} students, {len(term.exercises)} exercises")
    _report_term_roster(term)
    _report_left_out(term, args.export or [])  # before the files are written, not after
    for path in term_book.write(term, out, args.export or []):
        print(f"  {path}")
    return 0


def _listed(keys: list[str]) -> str:
    return f"{', '.join(keys[:20])}{' …' if len(keys) > 20 else ''}"


def _report_term_roster(term) -> None:
    """What the term holds besides complete rows, as cbec grade reports it for one exercise."""
    missing = [r.key for r in term.rows if r.roster == "missing"]
    unmatched = [r.key for r in term.rows if r.roster == "unmatched"]
    clashes = [r.key for r in term.rows if any("NAME CLASH" in n for n in r.notes)]
    gaps = [
        f"{r.key} ({', '.join(s.split('_', 1)[0] for s, p in r.parts.items() if p.status == 'missing')})"
        for r in term.rows
        if r.roster != "missing" and any(p.status == "missing" for p in r.parts.values())
    ]
    no_total = [r.key for r in term.rows if r.total is None]
    for keys, what in (
        (missing, "rostered students handed nothing in (0)"),
        (unmatched, "rows match no roster row"),
        (clashes, "rows carry a name several rostered students share; rename the folder to the id"),
        (gaps, "students missed an exercise (0 for it)"),
        (no_total, "students have no term total (the grader failed on a notebook; regrade it)"),
    ):
        if keys:
            print(f"  roster: {len(keys)} {what}: {_listed(keys)}")


def _report_left_out(term, formats: list[str]) -> None:
    from cbec.grader import exports

    rows = exports.left_out(term)
    if not rows or not formats:
        return
    files = " / ".join(exports.FILES[f] for f in formats)
    keys = ", ".join(r.key for r in rows)
    print(
        f"cbec gradebook: warning: {len(rows)} rows are not on the roster and were left out of {files}: "
        f"{keys} (listed in {exports.UNMATCHED_FILE}; match them to the roster and grade again)",
        file=sys.stderr,
    )


RELEASE_NOTES = {
    "formative": "Students open it with `make lab`. It holds no solutions, no grader and no plain answer key.",
    "summative": "Summative release: its checks confirm saved, well-formed answers and never say right or "
    "wrong; it holds no answer digests. Grade the submissions with `cbec grade`.",
    "solutions": "Solutions release: plain banks and solution notebooks. Publish it only after the deadline.",
    "mixed": "Mixed release: formative exercises have sealed checks, summative ones checks that never say "
    "right or wrong, published ones their plain banks and solution notebooks; nothing else holds a key. "
    "Students open it with `make lab`; grade with `cbec grade`.",
}


def _link(args: argparse.Namespace) -> int:
    from cbec.hublink import link

    print(link(args.hub, args.repo, args.branch, args.open, args.folder))
    return 0


def _collect(args: argparse.Namespace) -> int:
    from cbec.grader.collect import CollectError, collect

    try:
        found = collect(Path(args.homes), args.exercise, Path(args.out), overwrite=args.overwrite)
    except CollectError as err:
        print(f"cbec collect: {err}", file=sys.stderr)
        return 2
    print(f"cbec collect: {len(found.copied)} users collected into {Path(args.out).resolve()}")
    for user, note in sorted(found.notes.items()):
        print(f"  {user}: {note}")
    if found.missing:
        print(f"cbec collect: {len(found.missing)} users have no file: {', '.join(found.missing)}")
    print(f"Grade them with: cbec grade {shlex.quote(args.out)} --out GRADES")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="cbec", description="Course tools: build exercises, run notebooks.")
    commands = top.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="write exercises/ from solutions/")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 if exercises/ is stale")
    build.add_argument("--root", help="course folder (default: found from the current folder)")
    build.set_defaults(run=_build)
    execute = commands.add_parser("execute", help="run notebooks in place and store their outputs")
    execute.add_argument("notebooks", nargs="+")
    execute.set_defaults(run=_execute)
    grade = commands.add_parser("grade", help="grade a class: a folder of student folders, or an LMS zip")
    grade.add_argument(
        "submissions",
        nargs="?",
        help="folder with one folder per student, or the zip an LMS exports (leave out with --marks "
        "to merge marks into the grades already in --out)",
    )
    grade.add_argument("--out", required=True, help="folder for the gradebook, feedback pages and report")
    grade.add_argument("--jobs", type=int, default=0, help="notebooks graded at once (default: all cores)")
    grade.add_argument("--timeout", type=float, default=60.0, help="seconds allowed per cell (default 60)")
    grade.add_argument(
        "--memory", type=int, default=2048, help="MB of memory per kernel (default 2048; 0: no cap)"
    )
    grade.add_argument("--plain-kernels", action="store_true", help="start each kernel from scratch (slower)")
    grade.add_argument(
        "--only",
        nargs="+",
        metavar="ID",
        help="grade only these students (LMS ids or folder names); others already in --out are kept",
    )
    grade.add_argument(
        "--roster",
        help="class list CSV (student_id, name, section, optional email; UTF-8 or GBK): adds missing "
        "students with 0, marks submissions on no row as unmatched",
    )
    grade.add_argument(
        "--due", help="the deadline, such as '2026-03-01 23:59' (in --timezone unless it has an offset)"
    )
    grade.add_argument("--late-policy", help="'10%%/day, max 50%%', '5%%/hour', 'zero', or 'none' (default)")
    grade.add_argument(
        "--submitted-at", help="CSV with student_id, submitted_at: when each student handed in"
    )
    grade.add_argument("--keep-work", help="copy the work folder (assembled notebooks, logs) here")
    grade.add_argument(
        "--with-solutions",
        action="store_true",
        help="feedback pages also show each question's solution (for after the deadline)",
    )
    grade.add_argument(
        "--timezone",
        "--tz",
        dest="timezone",
        default="Asia/Shanghai",
        help="IANA time zone of --due, of submission times without an offset, and of the times in the "
        "class report (default Asia/Shanghai)",
    )
    grade.add_argument(
        "--marks",
        metavar="CSV",
        help="merge the teacher's marks for written answers (student_id,qid,criterion,points,comment)",
    )
    grade.add_argument(
        "--real-ids",
        action="store_true",
        help="marking pages and a new marks.csv show student ids and names instead of anonymous codes",
    )
    grade.add_argument(
        "--accept-changed",
        action="store_true",
        help="with --marks: merge marks given to an answer that has changed since (normally refused)",
    )
    grade.set_defaults(run=_grade)
    release = commands.add_parser(
        "release", help="write the student release: lessons, exercises, data, sealed checks"
    )
    release.add_argument("out", help="folder to write: new, empty, or an earlier release")
    release.add_argument("--salt", help="salt for the sealed answer digests (default: random)")
    release.add_argument("--root", help="course folder (default: found from the current folder)")
    mode = release.add_mutually_exclusive_group()
    mode.add_argument(
        "--summative",
        nargs="?",
        const="all",
        metavar="EXERCISES",
        help="exam mode for these exercises (e.g. 05,06; default: all), the others formative unless OUT "
        "has them summative: checks confirm saved answers, never correctness",
    )
    mode.add_argument(
        "--solutions",
        nargs="?",
        const="all",
        metavar="EXERCISES",
        help="after a deadline: plain banks and solution notebooks of these exercises (e.g. 01; "
        "default: all); the others stay as the release in OUT has them",
    )
    release.add_argument(
        "--formative",
        metavar="EXERCISES",
        help="turn these exercises (e.g. 05), summative in OUT, formative again: their checks will say "
        "right or wrong. Without it a release into OUT keeps every exercise OUT has as summative "
        "(--summative adds to them) and every published solution",
    )
    release.add_argument(
        "--force",
        action="store_true",
        help="with --solutions and no list: replace a student release in OUT with every solution",
    )
    release.set_defaults(run=_release)
    book = commands.add_parser("gradebook", help="combine the graded exercises of a term into one gradebook")
    book.add_argument("term_dir", help="folder holding the grade folders of the term's exercises")
    book.add_argument(
        "--out", required=True, help="folder for term_gradebook.csv, term_report.html and exports"
    )
    book.add_argument(
        "--config", help="weights and drop_lowest (default: TERM_DIR/term.ini, else equal weights)"
    )
    book.add_argument(
        "--roster", help="class list CSV: emails for Moodle, and a row for every rostered student"
    )
    book.add_argument(
        "--export", action="append", choices=["canvas", "moodle", "csv"], help="also write an LMS import file"
    )
    book.set_defaults(run=_gradebook)
    link = commands.add_parser(
        "link", help="print the nbgitpuller link that opens the course on a JupyterHub"
    )
    link.add_argument("--hub", required=True, help="the hub's address, such as https://hub.example.edu")
    link.add_argument("--repo", required=True, help="the course's git repository, as the hub can clone it")
    link.add_argument("--branch", default="main", help="the branch students get (default main)")
    link.add_argument("--open", default="lessons/00_start_here.ipynb", help="the notebook to open")
    link.add_argument("--folder", default="", help="folder in each home (default: the repository's name)")
    link.set_defaults(run=_link)
    collect = commands.add_parser(
        "collect", help="copy one exercise from a JupyterHub's home folders into a submissions folder"
    )
    collect.add_argument("homes", help="the folder holding one home folder per user")
    collect.add_argument("--exercise", required=True, help="the exercise's number, such as 01")
    collect.add_argument("--out", required=True, help="the submissions folder to write (new or empty)")
    collect.add_argument("--overwrite", action="store_true", help="replace what --out already holds")
    collect.set_defaults(run=_collect)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
