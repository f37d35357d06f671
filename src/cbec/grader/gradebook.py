"""The gradebook: one CSV row per student, one column per question, the total and the reasons.

UTF-8 with a byte-order mark, so that Excel shows Chinese names correctly; points come from
the question banks. The file holds no timestamp, so grading the same submissions twice writes
the same bytes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cbec.grader.results import ClassResults


def _number(value: float) -> str:
    return f"{value:g}"


def notes(student) -> str:
    parts = []
    for notebook in student.notebooks:
        if notebook.reason:
            label = "REJECTED" if notebook.status == "rejected" else "note"
            parts.append(f"{notebook.stem} {label}: {notebook.reason}")
    return " | ".join(parts)


def render(results: ClassResults) -> str:
    qids = [q.qid for e in results.exercises for q in e.questions]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *qids, "total", "max", "notes"])
    for student in results.students:
        scores = {q.qid: q.score for n in student.notebooks for q in n.questions}
        row = [_number(scores[qid]) if qid in scores else "" for qid in qids]
        writer.writerow(
            [student.student, *row, _number(student.score), _number(results.max_score), notes(student)]
        )
    return out.getvalue()


def write(results: ClassResults, path: Path) -> Path:
    Path(path).write_text(render(results), encoding="utf-8-sig")
    return Path(path)
