"""The term's grades in the files an LMS imports: one column, the term percentage out of 100.

A percentage is what every row can share: with drop-lowest, students keep different exercises
and so have different maximum points. Every cell goes through ``safe_cell`` (a leading = + - @
is escaped), as in the other CSV files the grader writes.

- ``canvas``: Canvas's Gradebook import. Columns ``Student, ID, SIS User ID, SIS Login ID,
  Section`` and then one assignment column; a second row ``Points Possible`` gives the
  assignment's maximum. Canvas matches a row to a student by ``ID`` (its own user id: the id in
  the file names of its submissions export), and an assignment header it does not know becomes
  a new assignment. Sources: the Canvas Instructor Guide, "How do I import grades in the
  Gradebook?", and its summary of the required columns by Ohio State's Canvas support
  (https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades);
  the ``Points Possible`` row is the one Canvas writes into its own gradebook export.
- ``moodle``: Moodle's CSV grade import. The file is read with a header row; on the import page
  the teacher maps a column to the user: "Email address" to ``useremail``, or "ID number" to
  ``useridnumber``, and the grade column to a grade item. Source: MoodleDocs, "Grade import",
  CSV grade import (https://docs.moodle.org/311/en/Grade_import).
With a roster, rows that match no rostered student (``unmatched``) are left out of every import
file: an LMS would reject such a row or, worse, match its id to another user. They go to
``unmatched.csv`` instead, for the instructor to resolve and grade again.

- ``csv``: for 学习通 and any platform that imports a spreadsheet: UTF-8 with a byte-order mark
  (so that Excel opens Chinese correctly), Chinese headers, one row per student.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cbec.grader import roster as class_roster
from cbec.grader.marks import safe_cell
from cbec.grader.term import Row, Term

FORMATS = ("canvas", "moodle", "csv")
FILES = {"canvas": "canvas_import.csv", "moodle": "moodle_import.csv", "csv": "成绩_学习通.csv"}
UNMATCHED_FILE = "unmatched.csv"
CANVAS_HEAD = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_HEAD = ["ID number", "Email address", "Full name"]
STATUS_ZH = {"matched": "已提交", "missing": "未提交", "unmatched": "不在名单上", "": ""}


def _number(value: float | None) -> str:
    return "" if value is None else f"{round(value, 2):g}"


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return out.getvalue()


def left_out(term: Term) -> list[Row]:
    """Rows an import file must not carry: with a roster, those on no roster row."""
    return [r for r in term.rows if term.rostered and r.roster == class_roster.UNMATCHED]


def _imported(term: Term) -> list[Row]:
    out = {id(r) for r in left_out(term)}
    return [r for r in term.rows if id(r) not in out]


def canvas(term: Term) -> str:
    """Blank where a student has no total (a grader fault): Canvas leaves that grade as it is."""
    head = [*CANVAS_HEAD, term.config.assignment]
    points = ["Points Possible", "", "", "", "", "100"]
    rows = [[r.name, r.key, "", "", r.section, _number(r.percent)] for r in _imported(term)]
    return _csv([head, points, *rows])


def moodle(term: Term) -> str:
    head = [*MOODLE_HEAD, term.config.assignment]
    return _csv([head, *[[r.key, r.email, r.name, _number(r.percent)] for r in _imported(term)]])


def _exercise_cells(row: Row, stems: list[str]) -> list[str]:
    cells = []
    for stem in stems:
        part = row.parts[stem]
        # 0 wherever there is a score: a blank beside a 0 would read as "not known" in a spreadsheet
        cells += [_number(part.score), "" if part.score is None else _number(part.penalty)]
    return cells


def spreadsheet(term: Term) -> str:
    stems = [e.stem for e in term.exercises]
    head = ["学号", "姓名", "班级", "状态"]
    for stem in stems:
        number = stem.split("_", 1)[0]
        head += [f"练习{number}得分", f"练习{number}迟交扣分"]
    head += ["去掉的练习", "总评（百分制）", "备注"]
    rows = [
        [
            *[r.key, r.name, r.section, STATUS_ZH.get(r.roster, r.roster), *_exercise_cells(r, stems)],
            *["、".join(s.split("_", 1)[0] for s in r.dropped), _number(r.percent), "；".join(r.notes)],
        ]
        for r in _imported(term)
    ]
    return _csv([head, *rows])


def unmatched(term: Term) -> str:
    """The rows left out of the import files, with why: to resolve, then grade again."""
    head = ["student_id", "name", "section", "percent", "notes"]
    why = "matches no roster row by id or name"
    rows = [
        [r.key, r.name, r.section, _number(r.percent), " | ".join([why, *r.notes])] for r in left_out(term)
    ]
    return _csv([head, *rows])


def write(term: Term, out: Path, formats: list[str]) -> list[Path]:
    """The import files asked for; one an earlier run left and this one did not ask for is
    deleted, so that no stale grades are uploaded by mistake."""
    for name in set(FORMATS) - set(formats):
        (Path(out) / FILES[name]).unlink(missing_ok=True)
    written = []
    for name in formats:
        text = {"canvas": canvas, "moodle": moodle, "csv": spreadsheet}[name](term)
        path = Path(out) / FILES[name]
        # Canvas and Moodle read UTF-8; the BOM is for Excel, which the 学习通 file is made for.
        path.write_text(text, encoding="utf-8-sig" if name == "csv" else "utf-8")
        written.append(path)
    stale = Path(out) / UNMATCHED_FILE
    if formats and left_out(term):
        stale.write_text(unmatched(term), encoding="utf-8-sig")
        written.append(stale)
    elif stale.is_file():
        stale.unlink()  # from an earlier run: its rows are resolved now
    return written
