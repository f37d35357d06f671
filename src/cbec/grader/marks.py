"""The teacher's marks for written answers: ``cbec grade … --marks marks.csv``.

``marks.csv`` has the columns ``student_id, qid, criterion, points, comment``, one row per
student, written question and criterion (``cbec grade`` writes it pre-filled, see
``cbec.grader.marking``). ``student_id`` is the anonymous code of the marking pages (in any
case), or the student's real id. Columns after these are optional: ``answer_hash`` (written
in the pre-filled file) ties each row to the answer text it was marked on.

Blank points mean "no change": not marked yet, or the marks merged earlier stay. So files from
several markers (say one per question) can be merged one after another. ``CLEAR`` in the
points cell removes a mark on purpose.

Everything is checked before anything changes: a bad file raises ``MarksError``, which names
every bad row, and the grades are left exactly as they were. An answer is marked once each of
its criteria has points; an answer with some criteria blank stays ``needs_marking`` (0 points),
and the summary names it. A row whose answer changed since it was marked (its ``answer_hash``
no longer matches) is refused unless ``accept_changed``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from cbec.grader.results import MARKED, NEEDS_MARKING, ClassResults, QuestionResult
from cbec.questions.written import count_chars

COLUMNS = ("student_id", "qid", "criterion", "points", "comment")
HASH_COLUMN = "answer_hash"
CLEAR = "CLEAR"  # in the points cell: remove this criterion's mark on purpose
SHOWN_PROBLEMS = 20
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def answer_hash(answer) -> str:
    """A short fingerprint of an answer's text: which answer a row of marks was given for."""
    return hashlib.sha256(str(answer or "").encode("utf-8")).hexdigest()[:10]


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula: a leading ' where the text
    starts with = + - @ (the usual escape; ``plain_cell`` takes it off again)."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def plain_cell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


class MarksError(ValueError):
    """The marks file cannot be used; the message names each bad line, in plain English."""


@dataclass(frozen=True)
class Mark:
    line: int  # where the row starts in the file, counting the header as line 1
    student: str  # as written: an anonymous code or a student id
    qid: str
    criterion: str
    points: float | None  # None: no change (not marked yet, or keep the earlier mark)
    comment: str
    row: int = 0  # the spreadsheet's row number (header row 1); 0: same as line
    answer_hash: str | None = None  # None: the file has no answer_hash column
    clear: bool = False  # CLEAR in the points cell

    @property
    def where(self) -> str:
        return where(self.row, self.line)


def where(row: int, line: int) -> str:
    """How a problem names its row: a spreadsheet's row number, and the file's line when they
    differ (a comment with line breaks takes several lines of the file but one row)."""
    return f"line {line}" if not row or row == line else f"row {row} (line {line} of the file)"


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


def _points(raw: str, at: str, qid: str, criterion: str, top: float) -> tuple[float | None, str]:
    """(points, problem): blank is None; a problem names what is wrong with the number."""
    raw = raw.strip()
    if not raw:
        return None, ""
    try:
        value = float(raw)
    except ValueError:
        return None, f"{at}: points {raw!r} for {qid} {criterion} is not a number (or {CLEAR})"
    if not math.isfinite(value) or value < 0:
        return None, f"{at}: points {raw!r} for {qid} {criterion} must be between 0 and {top:g}"
    if value > top:
        return None, f"{at}: points {raw} for {qid} {criterion} are above its maximum of {top:g}"
    return value, ""


def _header(row: list[str] | None, path: Path) -> dict[str, int]:
    if not row or not any(c.strip() for c in row):
        raise MarksError(f"{path}: the file is empty (line 1 must be the header {','.join(COLUMNS)})")
    if len(row) == 1 and ";" in row[0]:
        raise MarksError(
            f"{path}: the columns are separated by ';' (a spreadsheet's regional setting); "
            "save it as CSV (comma-separated) or CSV UTF-8"
        )
    names = [c.strip().lower() for c in row]
    missing = [c for c in COLUMNS if c != "comment" and c not in names]
    if missing:
        raise MarksError(
            f"{path}: line 1 must be the header {','.join(COLUMNS)}; missing column(s): {', '.join(missing)}"
        )
    return {c: names.index(c) for c in (*COLUMNS, HASH_COLUMN) if c in names}


def _rows(text: str, path: Path) -> Iterable[tuple[int, int, dict[str, str]]]:
    """(spreadsheet row, first line of the row, cells by column) of every row that is not blank."""
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = _header(next(reader, None), path)
    start, number = reader.line_num + 1, 1
    for row in reader:
        number += 1
        if any(cell.strip() for cell in row):
            cells = {c: row[i] if i < len(row) else "" for c, i in columns.items()}
            yield number, start, cells
        start = reader.line_num + 1


@dataclass
class MarksFile:
    """The rows of a marks file, and the problems found in the rows themselves."""

    path: Path
    marks: list[Mark]
    problems: list[str]
    hashed: bool  # the file has an answer_hash column
    rows: int  # rows in the file, blank points or not


def collect_marks(path: Path, questions: Mapping[str, Mapping[str, float]]) -> MarksFile:
    """Every row of the marks file checked against the written questions (qid → criterion →
    maximum); the problems are kept, to be reported with the student checks in one go."""
    text = _decode(path)
    marks, problems, hashed, count = [], [], False, 0
    for row, line, cells in _rows(text, Path(path)):
        count += 1
        hashed = HASH_COLUMN in cells
        mark, problem = _mark_of(row, line, cells, questions)
        if problem:
            problems.append(problem)
        else:
            marks.append(mark)
    if not count:
        hashed = HASH_COLUMN in [c.strip().lower() for c in next(csv.reader(io.StringIO(text)), [])]
    return MarksFile(Path(path), marks, problems, hashed, count)


def _mark_of(row: int, line: int, cells: dict[str, str], questions) -> tuple[Mark | None, str]:
    student = plain_cell(cells["student_id"].strip())
    qid, criterion = cells["qid"].strip(), cells["criterion"].strip()
    at = where(row, line)
    problem = _row_problem(at, student, qid, criterion, questions)
    if problem:
        return None, problem
    raw = cells["points"].strip()
    clear = raw.upper() == CLEAR
    points, problem = (None, "") if clear else _points(raw, at, qid, criterion, questions[qid][criterion])
    if problem:
        return None, problem
    digest = cells[HASH_COLUMN].strip() if HASH_COLUMN in cells else None
    comment = plain_cell(cells.get("comment", "").strip())
    return Mark(line, student, qid, criterion, points, comment, row, digest, clear), ""


def read_marks(path: Path, questions: Mapping[str, Mapping[str, float]]) -> list[Mark]:
    """Every row of the marks file, checked against the written questions; a bad row raises.
    Students are checked later, against the grades (``apply_marks``)."""
    found = collect_marks(path, questions)
    _raise(found.problems, path)
    return found.marks


def _row_problem(at: str, student: str, qid: str, criterion: str, questions) -> str:
    if not student:
        return f"{at}: the student_id is empty"
    if qid not in questions:
        known = ", ".join(sorted(questions)) or "none"
        return f"{at}: unknown question {qid!r} (written questions graded: {known})"
    if criterion not in questions[qid]:
        known = ", ".join(questions[qid])
        return f"{at}: unknown criterion {criterion!r} for {qid} (its criteria: {known})"
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
    cleared: list[str] = field(default_factory=list)  # answers marked before, unmarked by CLEAR
    warnings: list[str] = field(default_factory=list)  # merged, but worth a look
    rows: int = 0  # rows in the file
    at: str = field(default_factory=lambda: datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    reapplied: Path | None = None  # the kept marks file a regrade merged again by itself
    changed: list[str] = field(default_factory=list)  # answers whose marks were not carried over
    failed: str = ""  # why the kept marks could not be merged again


def _answers(results: ClassResults) -> dict[tuple[str, str], list[QuestionResult]]:
    """(student key, qid) → the written answers of that student (two submissions may claim one id)."""
    found: dict[tuple[str, str], list[QuestionResult]] = {}
    for student in results.students:
        for notebook in student.notebooks:
            for result in notebook.questions:
                found.setdefault((student.key, result.qid), []).append(result)
    return found


def resolve(code: str, codes: Mapping[str, str], students: set[str]) -> str | None:
    """The student key a marks row names: an anonymous code (any case) or a real id."""
    if code in codes:
        return codes[code]
    if code.upper() in codes:
        return codes[code.upper()]
    return code if code in students else None


def _markable(found: list[QuestionResult]) -> list[QuestionResult]:
    return [r for r in found if r.status in (NEEDS_MARKING, MARKED)]


def changed(mark: Mark, found: list[QuestionResult]) -> bool:
    """True when the row was marked on an answer text that is no longer the one handed in."""
    return bool(mark.answer_hash) and all(answer_hash(r.answer) != mark.answer_hash for r in found)


def _problem(mark: Mark, key: str, found: list[QuestionResult], seen: dict, accept_changed: bool) -> str:
    first = seen.get((key, mark.qid, mark.criterion))
    if first is not None:
        also = f"given as {first.student} on" if first.student != mark.student else "first given on"
        return f"{mark.where}: duplicate row for {key} {mark.qid} {mark.criterion} ({also} {first.where})"
    seen[(key, mark.qid, mark.criterion)] = mark
    given = mark.points is not None or mark.clear
    markable = _markable(found)
    if given and not markable:
        status = found[0].status if found else "not handed in"
        return f"{mark.where}: student {mark.student} has no answer to {mark.qid} to mark ({status})"
    if mark.points is not None and not accept_changed and changed(mark, markable):
        now = max(count_chars(str(r.answer or "")) for r in markable)
        return (
            f"{mark.where}: {mark.student} {mark.qid} changed since marked (now {now} characters); "
            "look at it again and clear its points, or merge with --accept-changed"
        )
    return ""


def apply_marks(
    results: ClassResults,
    marks: list[Mark],
    codes: Mapping[str, str],
    path: Path,
    found: MarksFile | None = None,
    accept_changed: bool = False,
) -> Applied:
    """Merge ``marks`` into ``results`` (code → student key in ``codes``); all or nothing. The
    row problems of ``found`` are reported together with the student and answer problems."""
    answers, students = _answers(results), {s.key for s in results.students}
    problems: list[str] = list(found.problems) if found else []
    seen: dict[tuple[str, str, str], Mark] = {}
    grouped: dict[tuple[str, str], dict[str, Mark]] = {}
    for mark in marks:
        key = resolve(mark.student, codes, students)
        if key is None:
            problems.append(
                f"{mark.where}: unknown student {mark.student!r} (not an id or code of this class)"
            )
            continue
        problem = _problem(mark, key, answers.get((key, mark.qid), []), seen, accept_changed)
        if problem:
            problems.append(problem)
            continue
        grouped.setdefault((key, mark.qid), {})[mark.criterion] = mark
    _raise(sorted(problems, key=_line_of), path)
    applied = Applied(rows=found.rows if found else len(marks))
    if found is not None and not found.hashed and marks:
        applied.warnings.append(
            f"{path} has no {HASH_COLUMN} column: cannot tell whether any answer changed since it was marked"
        )
    criteria = written_questions(results)
    for (key, qid), given in sorted(grouped.items()):
        for result in _markable(answers.get((key, qid), [])):
            _mark(result, [given.get(c) for c in criteria[qid]], list(criteria[qid]), applied, key)
    partly = {entry.rsplit(" (", 1)[0] for entry in applied.partly + applied.cleared}
    applied.waiting = [
        f"{key} {qid}"
        for (key, qid), found_ in sorted(answers.items())
        if any(r.status == NEEDS_MARKING for r in found_) and f"{key} {qid}" not in partly
    ]
    return applied


def _line_of(problem: str) -> int:
    """Problems in file order: the line number in "line N" or "(line N of the file)"."""
    head = problem.split(":", 1)[0]
    digits = head.rsplit("line ", 1)[-1].split()[0] if "line " in head else ""
    return int(digits) if digits.isdigit() else 0


def _mark(
    result: QuestionResult, given: list[Mark | None], keys: list[str], applied: Applied, key: str
) -> None:
    before = {m["criterion"]: m for m in result.marks or []} if result.status == MARKED else {}
    merged: list[dict | None] = []
    for criterion, mark in zip(keys, given, strict=True):
        if mark is not None and mark.clear:
            merged.append(None)
        elif mark is not None and mark.points is not None:
            old = before.get(criterion)
            same = old is not None and (old["points"], old["comment"]) == (mark.points, mark.comment)
            when = old.get("marked_at", "") if same else applied.at  # when this mark was given
            merged.append(
                {"criterion": criterion, "points": mark.points, "comment": mark.comment, "marked_at": when}
            )
        else:  # a blank cell never undoes a mark merged earlier
            merged.append(before.get(criterion))
    filled = [m for m in merged if m is not None]
    if len(filled) < len(keys):
        # Half a mark is no mark: the answer waits, at 0 points, until every criterion has one.
        was_marked = result.status == MARKED
        result.status, result.score, result.marks = NEEDS_MARKING, 0.0, None
        result.message = "已保存，老师还没有评完这道题。"
        if was_marked:
            applied.cleared.append(f"{key} {result.qid} ({len(filled)} of {len(keys)} criteria left)")
        elif filled:
            applied.partly.append(f"{key} {result.qid} ({len(filled)} of {len(keys)} criteria)")
        return
    result.marks = filled
    result.score = min(result.points, sum(m["points"] for m in filled))
    result.status = MARKED
    result.message = f"老师已按评分标准评分：得 {result.score:g}/{result.points:g} 分。"
    if any(m is not None and m.points is not None for m in given):
        applied.marked += 1


def reapply_kept(
    results: ClassResults, path: Path, codes: Mapping[str, str], keys: set[str]
) -> Applied | None:
    """After a regrade of ``keys``, merge their rows of the kept marks file again, so a regrade
    never drops marks silently. Rows for an answer that changed since it was marked are left
    out (named in ``changed``); that answer waits to be marked again."""
    if not Path(path).is_file():
        return None
    try:
        found = collect_marks(path, written_questions(results))
        _raise(found.problems, path)  # a bad row could hold a regraded student's mark: say so
    except MarksError as err:
        return Applied(failed=str(err))
    answers, students = _answers(results), {s.key for s in results.students}
    ours, skipped = [], set()
    for mark in found.marks:
        key = resolve(mark.student, codes, students)
        if key not in keys:
            continue
        if mark.points is not None and changed(mark, _markable(answers.get((key, mark.qid), []))):
            skipped.add(f"{key} {mark.qid}")
            continue
        ours.append(mark)
    if not any(m.points is not None for m in ours) and not skipped:
        return None
    try:
        applied = apply_marks(results, ours, codes, path)
    except MarksError as err:
        return Applied(failed=str(err))
    applied.reapplied, applied.changed = Path(path), sorted(skipped)
    return applied
