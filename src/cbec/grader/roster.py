"""The class list: who should have handed in, matched against who did.

``roster.csv`` has the columns ``student_id, name, section`` and optionally ``email`` (or their
Chinese headers 学号, 姓名, 班级, 邮箱, as a Chinese LMS or school system exports them). It
may be UTF-8 (with or without the byte-order mark Excel writes) or GBK/GB18030, which Excel
on a Chinese Windows writes for "CSV".

The class lists an LMS exports are read as they are: Canvas's gradebook export (``Student, ID,
SIS User ID, SIS Login ID, Section`` and the assignment columns, which are ignored, as is its
``Points Possible`` row; ``ID`` is the id in the file names of a Canvas submissions download) and
Moodle's participants or grades export (``First name, Last name, ID number, Email address``;
``ID number`` is the student id, ``Groups`` the section when present).

A submission is matched by the LMS's id first, then by the exact name. A name shared by two
rostered students, or a roster row claimed by two submissions by name, is an ambiguity: it is
reported and nothing is guessed. A submission matching no row stays in the gradebook, marked
``unmatched``; a rostered student with no submission gets a row marked ``missing`` (未提交), 0.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from cbec.grader.submissions import Submission

COLUMNS = ("student_id", "name", "section", "email")
REQUIRED = COLUMNS[:3]
ALIASES = {"学号": "student_id", "姓名": "name", "班级": "section", "邮箱": "email", "电子邮箱": "email"}
MATCHED, MISSING, UNMATCHED = "matched", "missing", "unmatched"


class RosterError(ValueError):
    """The roster (or another class table) cannot be used; the message says why, in plain English."""


@dataclass(frozen=True)
class Rostered:
    student_id: str
    name: str
    section: str = ""
    email: str = ""


def read_text(path: Path, what: str = "roster") -> str:
    """The text of a CSV an instructor saved: UTF-8 (BOM or not), else GB18030 (a superset of GBK)."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise RosterError(f"{what} {path}: cannot be read ({err.strerror or err})") from err
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise RosterError(f"{what} {path}: not UTF-8 or GBK text; save it from Excel as 'CSV UTF-8'")


def read_table(path: Path, known: tuple[str, ...], required: tuple[str, ...], what: str) -> list[dict]:
    """Rows of a small CSV as dicts keyed by ``known`` column names; unknown or missing columns
    are refused, so that a column the instructor meant to be read is never silently ignored."""
    rows = list(csv.reader(io.StringIO(read_text(path, what), newline="")))
    if not rows or not any(c.strip() for c in rows[0]):
        raise RosterError(
            f"{what} {path}: the file is empty; line 1 must name the columns {', '.join(known)}"
        )
    header = [ALIASES.get(c.strip(), c.strip().lower()) for c in rows[0]]
    unknown = [c for c in header if c not in known]
    if unknown:
        raise RosterError(
            f"{what} {path}: unknown columns {', '.join(map(repr, unknown))}; "
            f"the columns are {', '.join(known)} ({', '.join(required)} required)"
        )
    absent = [c for c in required if c not in header]
    if absent:
        raise RosterError(f"{what} {path}: missing the columns {', '.join(absent)}")
    table = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header):
            raise RosterError(f"{what} {path}: line {line} has more cells than the header")
        table.append({"line": line, **{c: v.strip() for c, v in zip(header, row, strict=False)}})
    return table


CANVAS = {"student", "id", "sis user id", "section"}
MOODLE = {"id number", "email address"}


def _cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _moodle_name(row: dict) -> str:
    first, last = row.get("first name", ""), row.get("last name", "")
    if row.get("full name"):
        return row["full name"]
    return f"{last}{first}" if _cjk(first + last) else " ".join(p for p in (first, last) if p)


def lms_rows(path: Path) -> list[dict] | None:
    """Roster rows from a Canvas or Moodle export, as ``read_table`` gives them; None for other files."""
    rows = list(csv.reader(io.StringIO(read_text(path, "roster"), newline="")))
    header = [c.strip().lower() for c in rows[0]] if rows else []
    if set(header) >= CANVAS:
        pick = {"student_id": "id", "name": "student", "section": "section"}
    elif set(header) >= MOODLE:
        pick = {"student_id": "id number", "email": "email address", "section": "groups"}
    else:
        return None
    found = []
    for line, cells in enumerate(rows[1:], start=2):
        row = {h: c.strip() for h, c in zip(header, cells, strict=False)}
        if not any(row.values()) or row.get("student", "").lower() == "points possible":
            continue
        entry = {"line": line, **{k: row.get(v, "") for k, v in pick.items()}}
        entry["name"] = entry.get("name") or _moodle_name(row)
        found.append(entry)
    return found


def read_roster(path: Path) -> list[Rostered]:
    rows = lms_rows(path)
    if rows is None:
        rows = read_table(path, COLUMNS, REQUIRED, "roster")
    found: dict[str, Rostered] = {}
    for row in rows:
        sid = row.get("student_id", "")
        if not sid:
            raise RosterError(f"roster {path}: line {row['line']} has no student_id (or ID, ID number)")
        if sid in found:
            raise RosterError(
                f"roster {path}: student_id {sid} is on line {row['line']} and on an earlier line"
            )
        found[sid] = Rostered(sid, row.get("name", ""), row.get("section", ""), row.get("email", ""))
    return list(found.values())


@dataclass
class Matching:
    """What matching a class against its roster found; the submissions themselves are updated."""

    matched: dict[int, Rostered] = field(default_factory=dict)  # id(submission) → row
    missing: list[Rostered] = field(default_factory=list)
    unmatched: list[Submission] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)  # English, for the instructor


def _by_name(roster: list[Rostered]) -> dict[str, list[Rostered]]:
    names: dict[str, list[Rostered]] = {}
    for row in roster:
        names.setdefault(row.name, []).append(row)
    return names


def _claims(subs: list[Submission], roster: list[Rostered], found: Matching) -> dict[str, list]:
    """roster id → [(how, submission)], by id first, else by an unambiguous exact name."""
    ids, names = {r.student_id: r for r in roster}, _by_name(roster)
    claims: dict[str, list[tuple[str, Submission]]] = {}
    for sub in subs:
        if sub.student_id in ids:
            claims.setdefault(sub.student_id, []).append(("id", sub))
            continue
        rows = names.get(sub.student.strip(), [])
        if len(rows) == 1:
            claims.setdefault(rows[0].student_id, []).append(("name", sub))
        elif rows:
            ids = [r.student_id for r in rows]
            note = (
                f"NAME CLASH: {sub.source}: the name {sub.student!r} belongs to {len(rows)} rostered "
                f"students ({', '.join(ids)}); not matched, rename the folder to the student id"
            )
            found.ambiguous.append(note)
            sub.flags.append(note)
            sub.clash = ids
            sub.flags_zh[note] = (
                f"姓名重名：名单上有 {len(rows)} 个“{sub.student}”（{'、'.join(ids)}），请把文件夹改成学号"
            )
    return claims


def match(subs: list[Submission], roster: list[Rostered]) -> Matching:
    """Match submissions to the roster: id first, then exact name; ambiguities are reported."""
    found, rows = Matching(), {r.student_id: r for r in roster}
    for sid, claims in _claims(subs, roster, found).items():
        by_id = [s for how, s in claims if how == "id"]
        by_name = [s for how, s in claims if how == "name"]
        if len(by_name) > 1 or (by_id and by_name):
            others = ", ".join(s.source for s in by_name)
            why = "its id is handed in already" if by_id else "several submissions have that name"
            note = f"{others}: the name matches rostered {sid} ({rows[sid].name}), but {why}; not matched"
            found.ambiguous.append(note)
            for sub in by_name:
                sub.flags.append(note)
                sub.flags_zh[note] = (
                    f"姓名对应名单上的 {sid}，但{'这个学号已经有提交' if by_id else '有几份提交用了这个姓名'}：没有对应，请把文件夹改成学号"
                )
            by_name = []
        for sub in by_id + by_name:
            sub.student_id, sub.student, sub.section = sid, rows[sid].name or sub.student, rows[sid].section
            found.matched[id(sub)] = rows[sid]
    claimed = {r.student_id for r in found.matched.values()}
    found.missing = [r for r in roster if r.student_id not in claimed]
    found.unmatched = [s for s in subs if id(s) not in found.matched]
    return found
