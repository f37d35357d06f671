"""The marking workspace: ``marking/`` in the output folder, for written answers.

- ``<qid>.html``: one page per written question, every student's answer beside the rubric;
- ``marks.csv``: ``student_id, qid, criterion, points, comment``, one row per answer to mark
  and criterion, points left blank for the teacher (UTF-8 with BOM, so Excel opens it);
- ``key.csv``: which anonymous code is which student. Keep it to yourself.

Answers are anonymised by default: each student gets a random code (e.g. ``S7KQ3``), kept in
``key.csv`` and reused by every later run, so a marks file stays valid across regrades. With
``real_ids`` the pages and a new marks file show real ids and names instead.

An existing ``marks.csv`` is never overwritten: it may hold the teacher's marks.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from cbec.grader.feedback_html import page, points, text
from cbec.grader.results import MARKED, NEEDS_MARKING, ClassResults, QuestionInfo, QuestionResult
from cbec.questions.rubric import Criterion, rubric_html
from cbec.questions.written import count_chars

FOLDER = "marking"
KEY_FILE = "key.csv"
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
table { border-collapse: collapse; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
"""


@dataclass
class Workspace:
    folder: Path
    pages: list[Path]
    answers: int  # answers needing marking
    marks_written: bool  # False when an earlier marks.csv was kept


# -- who is who ------------------------------------------------------------------------------------
def read_codes(folder: Path) -> dict[str, str]:
    """code → student key, from an earlier run's ``key.csv``."""
    path = Path(folder) / KEY_FILE
    if not path.is_file():
        return {}
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {r["code"]: r["student_id"] for r in rows if r.get("code") and r.get("student_id")}


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


def _write_key(folder: Path, results: ClassResults, codes: dict[str, str], earlier: dict[str, str]) -> None:
    names = {s.key: s.student for s in results.students}
    rows = {code: key for code, key in earlier.items()} | {code: key for key, code in codes.items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "student_id", "name"])
    for code, key in sorted(rows.items()):
        writer.writerow([code, key, names.get(key, "")])
    (folder / KEY_FILE).write_text(out.getvalue(), encoding="utf-8-sig")


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


def _answer_block(label: str, result: QuestionResult, rubric: list[Criterion]) -> str:
    answer = str(result.answer or "")
    state = f"marked {points(result.score)}/{points(result.points)}" if result.status == MARKED else "to mark"
    return (
        f"<section class='answer'><h3>{text(label)}</h3>"
        f"<p class='meta'>{count_chars(answer)} 字 / characters · {text(state)}</p>"
        f"<div class='text'>{text(answer)}</div>{_marks_table(result, rubric)}</section>"
    )


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
        "<p>Give each answer points per criterion in <code>marks.csv</code> (blank = not marked yet), "
        "then run <code>cbec grade … --marks marks.csv</code>.</p>"
        f"<div class='layout'><main>{answers}</main>{side}</div>"
    )
    return page(f"Marking {info.qid}", body, CSS)


def _prefilled(results: ClassResults, label_of) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student_id", "qid", "criterion", "points", "comment"])
    for info in written_infos(results):
        rows = []
        for key, name, result in answers_to_mark(results, info.qid):
            given = {m["criterion"]: m for m in result.marks or []}
            for criterion in info.rubric:
                mark = given.get(criterion["key"], {})
                shown = points(mark["points"]) if "points" in mark else ""
                rows.append([label_of(key, name), info.qid, criterion["key"], shown, mark.get("comment", "")])
        writer.writerows(sorted(rows, key=lambda r: r[0]))  # by code: not in name order
    return out.getvalue()


def write_workspace(
    results: ClassResults, out: Path, real_ids: bool = False, guides: dict[str, str] | None = None
) -> Workspace | None:
    """Write ``out/marking/``; None when the graded exercises have no written question."""
    infos = written_infos(results)
    if not infos:
        return None
    folder = Path(out) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    earlier = read_codes(folder)
    codes = assign_codes(results, earlier)
    _write_key(folder, results, codes, earlier)

    def label_of(key: str, name: str) -> str:
        return _label(key, name, codes, real_ids)

    pages, total = [], 0
    for info in infos:
        entries = sorted(answers_to_mark(results, info.qid), key=lambda e: label_of(e[0], e[1]))
        rubric = [Criterion.from_json(c) for c in info.rubric]
        blocks = [_answer_block(label_of(key, name), result, rubric) for key, name, result in entries]
        total += sum(r.status == NEEDS_MARKING for _, _, r in entries)
        path = folder / f"{info.qid}.html"
        path.write_text(
            render_question_page(info, blocks, (guides or {}).get(info.qid, "")), encoding="utf-8"
        )
        pages.append(path)
    marks = folder / MARKS_FILE
    written = not marks.exists()
    if written:
        marks.write_text(_prefilled(results, label_of), encoding="utf-8-sig")
    return Workspace(folder, pages, total, written)
