"""``cbec grade`` on exercise 03, the exercise with a price-simulator slider and a plot question:
a learner with the right code and right widget answers gets full marks, the handout as given
out gets "not attempted" everywhere, and a learner with plausible slips loses exactly the
questions they slipped on."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from cbec.answer_store import FORMAT, SUFFIX
from cbec.exercises import l03
from cbec.grader.grade import Options, grade
from cbec.paths import course_root

pytestmark = pytest.mark.kernel
STEM = l03.exercise.stem
WIDGETS = [q for q in l03.exercise.questions.values() if q.widget_kind]
SLIPPED = {"L03.Q4", "L03.Q7", "L03.Q10", "L03.Q12"}


def _right(q):
    if q.widget_kind == "numeric":
        return round(q.expected(), 1)  # a slider position
    return dict(q.answer) if q.widget_kind == "classification" else q.answer


def _slip(q):
    if q.widget_kind == "single":
        return next(iter(q.misconceptions))
    if q.widget_kind == "classification":
        return {item: next(c for c in q.categories if c != right) for item, right in q.answer.items()}
    value = q.misconceptions[0][0]
    return round(value() if callable(value) else value, 1)


def _store(folder, answers: dict) -> None:
    entries = {qid: {"value": value} for qid, value in answers.items()}
    content = {"format": FORMAT, "exercise": "L03", "saved_at": "2026-03-01T10:00:00Z", "answers": entries}
    (folder / f"{STEM}{SUFFIX}").write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def _learner(solution, slips: bool):
    """The solution as a learner hands it in: widget answers clicked (in the store), and with
    ``slips`` a plot of dispute counts instead of rates."""
    notebook = nbformat.from_dict(json.loads(json.dumps(solution)))
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = "\n".join(line for line in cell.source.split("\n") if ".set_answer(" not in line)
            if slips and "def plot_dispute_rate" in cell.source:
                cell.source = re.sub(r'\["dispute"\]\.mean\(\) \* 100', '["dispute"].sum()', cell.source)
            cell.outputs, cell.execution_count = [], None
    notebook.cells = [c for c in notebook.cells if "solution" not in c.metadata.get("tags", [])]
    return notebook


def test_exercise_03_is_graded_question_by_question(tmp_path):
    root = course_root()
    solution = nbformat.read(root / "solutions" / f"{STEM}.ipynb", as_version=4)
    handout = nbformat.read(root / "exercises" / f"{STEM}.ipynb", as_version=4)
    students = {
        "full": (_learner(solution, False), {q.qid: _right(q) for q in WIDGETS}),
        "slips": (
            _learner(solution, True),
            {q.qid: _slip(q) if q.qid in SLIPPED else _right(q) for q in WIDGETS},
        ),
        "handout": (handout, {}),
    }
    for name, (notebook, answers) in students.items():
        folder = tmp_path / "class" / name
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{STEM}.ipynb")
        if answers:
            _store(folder, answers)
    results = grade(tmp_path / "class", tmp_path / "out", Options(jobs=2, cell_timeout=30))
    statuses = {s.student: {q.qid: q.status for q in s.notebooks[0].questions} for s in results.students}
    qids = list(l03.exercise.questions)
    assert statuses["full"] == dict.fromkeys(qids, "correct")
    assert statuses["handout"] == dict.fromkeys(qids, "not_attempted")
    assert statuses["slips"] == {qid: "incorrect" if qid in SLIPPED else "correct" for qid in qids}
