"""The teacher's marks for written answers: ``cbec grade … --marks marks.csv``.

``marks.csv`` has the columns ``student_id, qid, criterion, points, comment``, one row per
student, written question and criterion (``cbec grade`` writes it pre-filled, see
``cbec.grader.marking``). ``student_id`` is the anonymous code of the marking pages, or the
student's real id. Blank points mean "not marked yet".

Everything is checked before anything changes: a bad file raises ``MarksError``, which names
every bad line, and the grades are left exactly as they were. An answer is marked once each of
its criteria has points; an answer with some criteria blank stays ``needs_marking`` (0 points),
and the summary names it.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cbec.grader.results import MARKED, NEEDS_MARKING, ClassResults, QuestionResult

COLUMNS = ("student_id", "qid", "criterion", "points", "comment")
SHOWN_PROBLEMS = 20


class MarksError(ValueError):
    """The marks file cannot be used; the message names each bad line, in plain English."""


@dataclass(frozen=True)
class Mark:
    line: int  # where the row starts in the file, counting the header as line 1
    student: str  # as written: an anonymous code or a student id
    qid: str
    criterion: str
    points: float | None  # None: not marked yet
    comment: str


def written_questions(results: ClassResults) -> dict[str, dict[str, float]]:
    """qid → criterion key → maximum points, for every written question graded."""
    return {
        q.qid: {c["key"]: max(level[0] for level in c["levels"]) for c in q.rubric}
        for e in results.exercises
        for q in e.questions
        if q.rubric
    }


# -- reading -------------------------------------------------------------------------------------
def _decode(path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise MarksError(f"{path}: cannot be read ({err.strerror or err})") from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # Excel on a Chinese Windows saves "CSV" in the ANSI code page
        return data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise MarksError(
            f"{path}: not UTF-8 or GB18030 text (byte {err.start}); save it as CSV UTF-8"
        ) from err


def _points(raw: str, line: int, qid: str, criterion: str, top: float) -> tuple[float | None, str]:
    """(points, problem): blank is None; a problem names what is wrong with the number."""
    raw = raw.strip()
    if not raw:
        return None, ""
    try:
        value = float(raw)
    except ValueError:
        return None, f"line {line}: points {raw!r} for {qid} {criterion} is not a number"
    if not math.isfinite(value) or value < 0:
        return None, f"line {line}: points {raw!r} for {qid} {criterion} must be between 0 and {top:g}"
    if value > top:
        return None, f"line {line}: points {raw} for {qid} {criterion} are above its maximum of {top:g}"
    return value, ""


def _header(row: list[str] | None, path: Path) -> dict[str, int]:
    names = [c.strip().lower() for c in row or []]
    missing = [c for c in COLUMNS if c != "comment" and c not in names]
    if missing:
        raise MarksError(
            f"{path}: line 1 must be the header {','.join(COLUMNS)}; missing column(s): {', '.join(missing)}"
        )
    return {c: names.index(c) for c in COLUMNS if c in names}


def _rows(text: str, path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    """(first line of the row, cells by column) of every row that is not blank."""
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = _header(next(reader, None), path)
    start = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            yield start, {c: row[i] if i < len(row) else "" for c, i in columns.items()}
        start = reader.line_num + 1


def read_marks(path: Path, questions: Mapping[str, Mapping[str, float]]) -> list[Mark]:
    """Every row of the marks file, checked against the written questions (qid → criterion →
    maximum). Students are checked later, against the grades (``apply_marks``)."""
    marks, problems, seen = [], [], {}
    for line, cells in _rows(_decode(path), Path(path)):
        student, qid, criterion = (cells[c].strip() for c in ("student_id", "qid", "criterion"))
        problem = _row_problem(line, student, qid, criterion, questions)
        points = None
        if not problem:
            points, problem = _points(cells["points"], line, qid, criterion, questions[qid][criterion])
        if not problem and (student, qid, criterion) in seen:
            problem = (
                f"line {line}: duplicate row for student {student} {qid} {criterion} "
                f"(first given on line {seen[(student, qid, criterion)]})"
            )
        if problem:
            problems.append(problem)
            continue
        seen[(student, qid, criterion)] = line
        marks.append(Mark(line, student, qid, criterion, points, cells.get("comment", "").strip()))
    _raise(problems, path)
    return marks


def _row_problem(line: int, student: str, qid: str, criterion: str, questions) -> str:
    if not student:
        return f"line {line}: the student_id is empty"
    if qid not in questions:
        known = ", ".join(sorted(questions)) or "none"
        return f"line {line}: unknown question {qid!r} (written questions graded: {known})"
    if criterion not in questions[qid]:
        known = ", ".join(questions[qid])
        return f"line {line}: unknown criterion {criterion!r} for {qid} (its criteria: {known})"
    return ""


def _raise(problems: list[str], path: Path) -> None:
    if not problems:
        return
    shown = problems[:SHOWN_PROBLEMS]
    more = len(problems) - len(shown)
    tail = [f"... and {more} more"] if more else []
    raise MarksError(
        "\n".join(
            [f"{path}: {len(problems)} problem(s); no marks were applied:", *(f"  {p}" for p in shown), *tail]
        )
    )


# -- applying ------------------------------------------------------------------------------------
@dataclass
class Applied:
    """What merging the marks did, for the command's output."""

    marked: int = 0  # answers fully marked by this file
    partly: list[str] = field(default_factory=list)  # "student qid (2 of 3 criteria)"
    waiting: list[str] = field(default_factory=list)  # answers still needing marking, none given


def _answers(results: ClassResults) -> dict[tuple[str, str], list[QuestionResult]]:
    """(student key, qid) → the written answers of that student (two submissions may claim one id)."""
    found: dict[tuple[str, str], list[QuestionResult]] = {}
    for student in results.students:
        for notebook in student.notebooks:
            for result in notebook.questions:
                found.setdefault((student.key, result.qid), []).append(result)
    return found


def _resolve(code: str, codes: Mapping[str, str], students: set[str]) -> str | None:
    if code in codes:
        return codes[code]
    return code if code in students else None


def apply_marks(results: ClassResults, marks: list[Mark], codes: Mapping[str, str], path: Path) -> Applied:
    """Merge ``marks`` into ``results`` (code → student key in ``codes``); all or nothing."""
    answers, students = _answers(results), {s.key for s in results.students}
    problems: list[str] = []
    grouped: dict[tuple[str, str], dict[str, Mark]] = {}
    for mark in marks:
        key = _resolve(mark.student, codes, students)
        if key is None:
            problems.append(
                f"line {mark.line}: unknown student {mark.student!r} (not an id or code of this class)"
            )
            continue
        found = answers.get((key, mark.qid), [])
        if mark.points is not None and not any(r.status in (NEEDS_MARKING, MARKED) for r in found):
            status = found[0].status if found else "not handed in"
            problems.append(
                f"line {mark.line}: student {mark.student} has no answer to {mark.qid} to mark ({status})"
            )
            continue
        grouped.setdefault((key, mark.qid), {})[mark.criterion] = mark
    _raise(problems, path)
    applied = Applied()
    criteria = written_questions(results)
    for (key, qid), given in sorted(grouped.items()):
        for result in answers.get((key, qid), []):
            if result.status in (NEEDS_MARKING, MARKED):
                _mark(result, [given.get(c) for c in criteria[qid]], list(criteria[qid]), applied, key)
    partly = {entry.rsplit(" (", 1)[0] for entry in applied.partly}
    applied.waiting = [
        f"{key} {qid}"
        for (key, qid), found in sorted(answers.items())
        if any(r.status == NEEDS_MARKING for r in found) and f"{key} {qid}" not in partly
    ]
    return applied


def _mark(
    result: QuestionResult, given: list[Mark | None], keys: list[str], applied: Applied, key: str
) -> None:
    filled = [m for m in given if m is not None and m.points is not None]
    if len(filled) < len(keys):
        # Half a mark is no mark: the answer waits, at 0 points, until every criterion has one.
        result.status, result.score, result.marks = NEEDS_MARKING, 0.0, None
        result.message = "已保存，老师还没有评完这道题。"
        if filled:
            applied.partly.append(f"{key} {result.qid} ({len(filled)} of {len(keys)} criteria)")
        return
    result.marks = [
        {"criterion": k, "points": m.points, "comment": m.comment} for k, m in zip(keys, filled, strict=True)
    ]
    result.score = min(result.points, sum(m.points for m in filled))
    result.status = MARKED
    result.message = f"老师已按评分标准评分：得 {result.score:g}/{result.points:g} 分。"
    applied.marked += 1
