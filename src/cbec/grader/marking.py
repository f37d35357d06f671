"""The marking workspace: ``marking/`` in the output folder, for written answers.

- ``<qid>.html``: one page per written question, every student's answer beside the rubric;
- ``marks.csv``: ``student_id, qid, criterion, points, comment, answer_hash``, one row per
  answer to mark and criterion, points left blank for the teacher (UTF-8 with BOM, so Excel
  opens it); ``answer_hash`` ties the row to the answer text it is for;
- and, outside that folder, ``instructor_only/marking_key.csv``: which anonymous code is which
  student. So ``marking/`` as a whole can be given to a marker.

Answers are anonymised by default: each student gets a random code (e.g. ``S7KQ3``), kept in
the key and reused by every later run, so a marks file stays valid across regrades. With
``real_ids`` the pages and a new marks file show real ids and names instead.

An existing ``marks.csv`` is never rewritten: it may hold the teacher's marks. Rows for answers
it lacks (a student graded later) are appended to it, existing rows untouched.

Cells a spreadsheet might run as a formula (starting with = + - @) get a leading ``'``.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cbec.grader.feedback_html import page, points, text
from cbec.grader.marks import (
    COLUMNS,
    HASH_COLUMN,
    MarksError,
    answer_hash,
    changed,
    collect_marks,
    plain_cell,
    resolve,
    safe_cell,
    written_questions,
)
from cbec.grader.results import MARKED, NEEDS_MARKING, ClassResults, QuestionInfo, QuestionResult
from cbec.questions.rubric import Criterion, rubric_html
from cbec.questions.written import count_chars

FOLDER = "marking"
KEY_FOLDER = "instructor_only"  # beside marking/, never inside it
KEY_FILE = "marking_key.csv"
OLD_KEY_FILE = "key.csv"  # where earlier versions kept the key: inside marking/
FOLD_ABOVE = 1500  # characters: a longer answer is folded, its start showing
MARKS_FILE = "marks.csv"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed
CODE_LENGTH = 4

CSS = """
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1rem 2rem;
       color: #212121; line-height: 1.6; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; }
.rubric { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; }
.answer { border: 1px solid #ddd; border-radius: 0.3rem; padding: 0.5rem 1rem; margin: 0 0 1rem; }
.answer h3 { margin: 0.2rem 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; background: #fafafa; padding: 0.5rem; }
.meta { color: #607d8b; font-size: 0.9rem; }
.flag { color: #b71c1c; font-weight: bold; }
.share { background: #e8f5e9; padding: 0.3rem 0.6rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
"""


@dataclass
class Workspace:
    folder: Path
    pages: list[Path]
    answers: int  # answers needing marking
    marks_written: bool  # False when an earlier marks.csv was kept
    appended: list[str] = field(default_factory=list)  # "S7KQ3 L05.Q11 (3 rows)" added to a kept file
    key: Path | None = None


# -- who is who ------------------------------------------------------------------------------------
def key_path(folder: Path) -> Path:
    """The key of the marking folder ``folder``: outside it, so the folder can be shared."""
    return Path(folder).parent / KEY_FOLDER / KEY_FILE


def read_codes(folder: Path) -> dict[str, str]:
    """code → student key, from an earlier run's key (of the marking folder ``folder``)."""
    path = key_path(folder)
    if not path.is_file():
        path = Path(folder) / OLD_KEY_FILE
    if not path.is_file():
        return {}
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {
        plain_cell(r["code"]): plain_cell(r["student_id"])
        for r in rows
        if r.get("code") and r.get("student_id")
    }


def assign_codes(results: ClassResults, earlier: dict[str, str]) -> dict[str, str]:
    """student key → code: the earlier code where there is one, else a new random one."""
    keys = {s.key for s in results.students}
    codes = {key: code for code, key in earlier.items() if key in keys}
    taken = set(earlier) | keys  # a code never reads as another student's id
    for key in sorted(keys - set(codes)):
        code = _new_code(taken)
        codes[key] = code
        taken.add(code)
    return codes


def _new_code(taken: set[str]) -> str:
    while True:
        code = "S" + "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def _write_key(folder: Path, results: ClassResults, codes: dict[str, str], earlier: dict[str, str]) -> Path:
    names = {s.key: s.student for s in results.students}
    rows = {code: key for code, key in earlier.items()} | {code: key for key, code in codes.items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "student_id", "name"])
    for code, key in sorted(rows.items()):
        writer.writerow([safe_cell(code), safe_cell(key), safe_cell(names.get(key, ""))])
    path = key_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    (folder / OLD_KEY_FILE).unlink(missing_ok=True)  # moved out of the folder a marker gets
    return path


# -- the answers ------------------------------------------------------------------------------------
def written_infos(results: ClassResults) -> list[QuestionInfo]:
    return [q for e in results.exercises for q in e.questions if q.rubric]


def answers_to_mark(results: ClassResults, qid: str) -> list[tuple[str, str, QuestionResult]]:
    """(student key, name, result) of each answer to ``qid`` that needs marking or is marked."""
    found = []
    for student in results.students:
        for notebook in student.notebooks:
            for result in notebook.questions:
                if result.qid == qid and result.status in (NEEDS_MARKING, MARKED):
                    found.append((student.key, student.student, result))
    return found


def _label(key: str, name: str, codes: dict[str, str], real_ids: bool) -> str:
    if not real_ids:
        return codes[key]
    return key if key == name else f"{key} {name}"


def _marks_table(result: QuestionResult, rubric: list[Criterion]) -> str:
    if not result.marks:
        return ""
    titles = {c.key: c.title for c in rubric}
    rows = "".join(
        f"<tr><td>{text(titles.get(m['criterion'], m['criterion']))}</td><td>{points(m['points'])}</td>"
        f"<td>{text(m['comment'])}</td></tr>"
        for m in result.marks
    )
    return f"<table><thead><tr><th>criterion</th><th>points</th><th>comment</th></tr></thead><tbody>{rows}</tbody></table>"


def _length_note(count: int, length: tuple[int, int] | None) -> str:
    if not length:
        return f"{count} 字 / characters"
    low, high = length
    note = f"{count} 字 / characters (建议 / suggested {low}–{high})"
    return f"<span class='flag'>{note}</span>" if not low <= count <= high else note


def _answer_text(answer: str) -> str:
    if len(answer) <= FOLD_ABOVE:
        return f"<div class='text'>{text(answer)}</div>"
    return (
        f"<div class='text'>{text(answer[:400])}…</div><details><summary>全文 / full text "
        f"({count_chars(answer)} 字)</summary><div class='text'>{text(answer)}</div></details>"
    )


def _answer_block(
    label: str,
    result: QuestionResult,
    rubric: list[Criterion],
    length: tuple[int, int] | None = None,
    stale: bool = False,
    twins: str = "",
) -> str:
    answer = str(result.answer or "")
    state = f"marked {points(result.score)}/{points(result.points)}" if result.status == MARKED else "to mark"
    flag = (
        " · <span class='flag'>changed since marked: mark it again / 答案在评分后改过，请重新评分</span>"
        if stale
        else ""
    )
    if twins:
        flag += f" · <span class='flag'>same text as / 与此相同：{text(twins)}</span>"
    return (
        f"<section class='answer'><h3>{text(label)}</h3>"
        f"<p class='meta'>{_length_note(count_chars(answer), length)} · {text(state)}{flag}</p>"
        f"{_answer_text(answer)}{_marks_table(result, rubric)}</section>"
    )


def _identical(entries, label_of) -> dict[str, str]:
    """student key → the labels of the others who handed in exactly the same text."""
    by_text: dict[str, list[tuple[str, str]]] = {}
    for key, name, result in entries:
        by_text.setdefault(" ".join(str(result.answer or "").split()), []).append((key, label_of(key, name)))
    return {
        key: ", ".join(other for k, other in group if k != key)
        for body, group in by_text.items()
        if body and len(group) > 1
        for key, _ in group
    }


def _criteria_list(rubric: list[Criterion]) -> str:
    items = "".join(
        f"<li><code>{text(c.key)}</code>: {text(c.title)}, 0–{points(c.max_points)}</li>" for c in rubric
    )
    return f"<p>marks.csv <code>criterion</code> values:</p><ul>{items}</ul>"


def render_question_page(info: QuestionInfo, blocks: list[str], guide: str = "") -> str:
    rubric = [Criterion.from_json(c) for c in info.rubric]
    guide_html = (
        f"<h2>What a strong answer covers (instructor only)</h2><div class='text'>{text(guide)}</div>"
        if guide
        else ""
    )
    side = f"<aside class='rubric'><h2>评分标准 / Rubric</h2>{rubric_html(rubric)}{_criteria_list(rubric)}{guide_html}</aside>"
    answers = "\n".join(blocks) or "<p>No answer to mark. / 没有需要评分的答案。</p>"
    body = (
        f"<h1>{text(info.label)} {text(info.qid)}: {len(blocks)} answers to mark</h1>"
        "<p>Give each answer points per criterion in <code>marks.csv</code> (blank = no change; "
        f"<code>CLEAR</code> removes a mark), then run <code>cbec grade … --marks marks.csv</code>.</p>"
        "<p class='share'>This marking folder may be given to a marker: it names no student. "
        f"The key to the codes is kept apart, in <code>{KEY_FOLDER}/{KEY_FILE}</code> "
        "beside it: do not give that to markers or students.</p>"
        f"<div class='layout'><main>{answers}</main>{side}</div>"
    )
    return page(f"Marking {info.qid}", body, CSS)


def _rows_for(info: QuestionInfo, entries, label_of) -> list[list[str]]:
    rows = []
    for key, name, result in entries:
        given = {m["criterion"]: m for m in result.marks or []}
        digest = answer_hash(result.answer)
        for criterion in info.rubric:
            mark = given.get(criterion["key"], {})
            shown = points(mark["points"]) if "points" in mark else ""
            cells = [label_of(key, name), info.qid, criterion["key"], shown, mark.get("comment", ""), digest]
            rows.append([safe_cell(c) for c in cells])
    return sorted(rows, key=lambda r: r[0])  # by code: not in name order


def _prefilled(results: ClassResults, label_of) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, HASH_COLUMN])
    for info in written_infos(results):
        writer.writerows(_rows_for(info, answers_to_mark(results, info.qid), label_of))
    return out.getvalue()


def _append_missing(path: Path, results: ClassResults, codes: dict[str, str], label_of) -> list[str]:
    """Append blank rows for the answers to mark that the kept ``path`` has no row for (a student
    graded later); existing rows are never touched. Returns what was added."""
    try:
        found = collect_marks(path, written_questions(results))
        raw = path.read_bytes()
    except (MarksError, OSError):
        return []  # a file being edited or broken: merging it will name the problem
    by_code = {code: key for key, code in codes.items()}
    students = {s.key for s in results.students}
    have = {(resolve(m.student, by_code, students), m.qid) for m in found.marks}
    header = next(csv.reader(io.StringIO(_text(raw))))
    names = [c.strip().lower() for c in header]
    added, lines = [], []
    for info in written_infos(results):
        entries = [e for e in answers_to_mark(results, info.qid) if (e[0], info.qid) not in have]
        rows = _rows_for(info, entries, label_of)
        for label in sorted({r[0] for r in rows}):
            added.append(f"{label} {info.qid} ({sum(r[0] == label for r in rows)} rows)")
        lines += [_in_order(r, names) for r in rows]
    if lines:
        _append(path, raw, lines)
    return added


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _in_order(row: list[str], names: list[str]) -> list[str]:
    """``row`` (the pre-filled columns) rearranged to the kept file's own columns."""
    cells = dict(zip([*COLUMNS, HASH_COLUMN], row, strict=True))
    return [cells.get(n, "") for n in names]


def _append(path: Path, raw: bytes, rows: list[list[str]]) -> None:
    """Add ``rows`` at the end of ``path`` in its own encoding and line endings."""
    ending = "\r\n" if b"\r\n" in raw else "\n"
    out = io.StringIO()
    csv.writer(out, lineterminator=ending).writerows(rows)
    try:
        raw.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "gb18030"
    prefix = "" if not raw or raw.endswith(b"\n") else ending
    with open(path, "ab") as handle:
        handle.write((prefix + out.getvalue()).encode(encoding))


def _stale(path: Path, results: ClassResults, codes: dict[str, str]) -> set[tuple[str, str]]:
    """(student key, qid) of each answer with marks in ``path`` given to a different answer text."""
    if not path.is_file():
        return set()
    try:
        found = collect_marks(path, written_questions(results))
    except MarksError:
        return set()
    by_code = {code: key for key, code in codes.items()}
    students = {s.key for s in results.students}
    stale = set()
    for mark in found.marks:
        key = resolve(mark.student, by_code, students)
        entries = [r for k, _, r in answers_to_mark(results, mark.qid) if k == key]
        if mark.points is not None and entries and changed(mark, entries):
            stale.add((key, mark.qid))
    return stale


def write_workspace(
    results: ClassResults,
    out: Path,
    real_ids: bool = False,
    guides: dict[str, str] | None = None,
    lengths: dict[str, tuple[int, int]] | None = None,
) -> Workspace | None:
    """Write ``out/marking/`` and the key beside it; None when no written question was graded."""
    infos = written_infos(results)
    if not infos:
        return None
    folder = Path(out) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    earlier = read_codes(folder)
    codes = assign_codes(results, earlier)
    key = _write_key(folder, results, codes, earlier)

    def label_of(key: str, name: str) -> str:
        return _label(key, name, codes, real_ids)

    stale = _stale(folder / MARKS_FILE, results, codes)
    pages, total = [], 0
    for info in infos:
        entries = sorted(answers_to_mark(results, info.qid), key=lambda e: label_of(e[0], e[1]))
        rubric = [Criterion.from_json(c) for c in info.rubric]
        length = (lengths or {}).get(info.qid)
        same = _identical(entries, label_of)
        blocks = [
            _answer_block(label_of(k, name), result, rubric, length, (k, info.qid) in stale, same.get(k, ""))
            for k, name, result in entries
        ]
        total += sum(r.status == NEEDS_MARKING for _, _, r in entries)
        path = folder / f"{info.qid}.html"
        path.write_text(
            render_question_page(info, blocks, (guides or {}).get(info.qid, "")), encoding="utf-8"
        )
        pages.append(path)
    marks = folder / MARKS_FILE
    written = not marks.exists()
    appended = [] if written else _append_missing(marks, results, codes, label_of)
    if written:
        marks.write_text(_prefilled(results, label_of), encoding="utf-8-sig")
    return Workspace(folder, pages, total, written, appended, key)
