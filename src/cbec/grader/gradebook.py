"""The gradebook: one CSV row per student, one column per question, the total and the reasons.

UTF-8 with a byte-order mark, so that Excel shows Chinese names correctly; points come from
the question banks. A student is a row of their own, keyed by ``student_id`` (the LMS's id, or
the folder's name), with the name as given. The notes name every point lost, in English
(``notes``) and Chinese (``notes_zh``). The file holds no timestamp (``grades.json`` records
when each row was graded), so grading the same submissions twice writes the same bytes.

A student whose notebook the grader itself failed on has no scores and no total: the notes say
to regrade them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cbec.grader.late import late_by, penalty
from cbec.grader.marks import safe_cell
from cbec.grader.results import (
    GRADER_ERROR,
    MARKED,
    NEEDS_MARKING,
    NOT_RUN,
    ClassResults,
    QuestionResult,
    StudentResult,
)

# Why a question lost points, when the judge gave no more precise reason.
STATUS_EN = {
    "incorrect": "incorrect",
    "not_attempted": "not attempted",
    "invalid": "an answer of the wrong form",
    "error": "its check could not judge the answer",
    NOT_RUN: "its check did not run",
    NEEDS_MARKING: "written answer needs marking (0 until marked: cbec grade --marks)",
    MARKED: "marked by the teacher",
}
STATUS_ZH = {
    "incorrect": "还不对",
    "not_attempted": "未作答",
    "invalid": "格式不对",
    "error": "无法检查",
    NOT_RUN: "没有运行",
    NEEDS_MARKING: "待老师评分",
    MARKED: "老师已评分",
}
MAX_MESSAGE = 80  # characters of a question's Chinese message quoted in notes_zh


def _number(value: float) -> str:
    return f"{value:g}"


def _lost(question: QuestionResult) -> tuple[str, str]:
    """(English, Chinese) note of a question that did not earn all its points."""
    share = f" ({_number(question.score)} of {_number(question.points)} points)" if question.score else ""
    english = f"{question.qid} {question.reason or STATUS_EN.get(question.status, question.status)}{share}"
    message = " ".join(question.message.split())
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + "…"
    chinese = f"{question.qid} {STATUS_ZH.get(question.status, question.status)}"
    if question.score:
        chinese += f"（得 {_number(question.score)}/{_number(question.points)} 分）"
    return english, f"{chinese}：{message}" if message else chinese


def notes(student: StudentResult) -> tuple[str, str]:
    """Every reason the student lost points, in English and in Chinese; a student who handed
    nothing in gets the one note that says so, not one per question."""
    if student.roster == "missing":
        return ROSTER_NOTES["missing"]
    english = list(student.flags)
    chinese = [student.flags_zh.get(f, f"学号冲突：{f}") for f in student.flags]
    if student.roster in ROSTER_NOTES:
        english.insert(0, ROSTER_NOTES[student.roster][0])
        chinese.insert(0, ROSTER_NOTES[student.roster][1])
    if student.late and student.late.get("share"):
        english.append(
            f"late: {late_by(student.late)}, {student.late['share']:.0%} of the points taken ({student.late['policy']})"
        )
        chinese.append(f"迟交：扣去所得分数的 {student.late['share']:.0%}")
    if student.late and student.late.get("note"):
        english.append(f"late: {student.late['note']}")
    for notebook in student.notebooks:
        if notebook.status == GRADER_ERROR:
            english.append(f"{notebook.stem} GRADER ERROR, not the student's: regrade ({notebook.reason})")
            chinese.append(f"{notebook.stem} 评分系统故障，不是学生的问题：请重新评分")
            continue
        if notebook.reason:
            label = "REJECTED" if notebook.status == "rejected" else "note"
            english.append(f"{notebook.stem} {label}: {notebook.reason}")
        if notebook.reason_zh:
            label = "被拒收" if notebook.status == "rejected" else "说明"
            chinese.append(f"{notebook.stem} {label}：{notebook.reason_zh}")
        if notebook.status == "rejected":
            continue  # the notebook's reason covers every question
        for question in notebook.questions:
            full = question.status == MARKED and question.score >= question.points
            if question.status != "correct" and not full:
                lost_en, lost_zh = _lost(question)
                english.append(lost_en)
                chinese.append(lost_zh)
    # an empty piece (a note with no text) would leave a dangling separator
    return " | ".join(e for e in english if e.strip()), " | ".join(c for c in chinese if c.strip())


def _pending(student: StudentResult) -> str:
    """Written answers of the student still waiting for the teacher's marks: the total is provisional."""
    return str(sum(q.status == NEEDS_MARKING for n in student.notebooks for q in n.questions))


ROSTER_NOTES = {
    "missing": ("MISSING: on the roster, no submission", "未提交"),
    "unmatched": ("UNMATCHED: matches no roster row (check the id or name)", "不在名单上"),
}
LATE_HEAD = ["submitted_at", "late_by", "late_penalty", "total_after_late"]


def _late_cells(student: StudentResult) -> list[str]:
    """Lateness and its penalty in columns of their own: the total before them stays as earned."""
    late = student.late
    if student.ungraded:
        return ["", "", "", ""]
    if not late:
        return ["", "", "0", _number(student.score)]
    taken = penalty(student.score, late)
    return [late["submitted_at"], late_by(late), _number(taken), _number(round(student.score - taken, 4))]


def render(results: ClassResults) -> str:
    qids = [q.qid for e in results.exercises for q in e.questions]
    sections = any(s.section for s in results.students)
    written = any(q.rubric for e in results.exercises for q in e.questions)
    rostered = any(s.roster for s in results.students)
    lateness = any(s.late for s in results.students)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    head = ["student_id", "name", *(["section"] if sections else []), *(["status"] if rostered else [])]
    head += [*qids, "total", "max", *(LATE_HEAD if lateness else [])]
    writer.writerow([*head, *(["marking_pending"] if written else []), "notes", "notes_zh"])
    for student in results.students:
        scores = {q.qid: q.score for n in student.notebooks for q in n.questions}
        row = [_number(scores[qid]) if qid in scores else "" for qid in qids]
        total = _number(student.score)
        if student.ungraded:  # no partial total: the student waits for a regrade
            row, total = ["" for _ in qids], ""
        ident = [student.key, student.student, *([student.section] if sections else [])]
        ident += [student.roster] if rostered else []
        late = _late_cells(student) if lateness else []
        pending = [_pending(student)] if written else []
        cells = [*ident, *row, total, _number(results.max_score), *late, *pending, *notes(student)]
        writer.writerow([safe_cell(c) for c in cells])  # a name like "=…" stays text in a spreadsheet
    return out.getvalue()


def write(results: ClassResults, path: Path) -> Path:
    Path(path).write_text(render(results), encoding="utf-8-sig")
    return Path(path)
