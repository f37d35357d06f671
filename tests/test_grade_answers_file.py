"""A submission handed in without its answers file, or with an empty one.

Widget and written answers live only in ``NN_slug.answers.json``. The warm-up's solution
notebook, handed in without that file, has its widget questions not attempted (the grader never
invents answers): its notes and feedback page say once that the file was not received, each of
those questions points to that note instead of advising to answer in the widget, and the
instructor's summary and report count it. The same notebook with a full answers file earns every
point and gets no such note: the checks can tell the two apart.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from cbec.answer_store import FORMAT as STORE_FORMAT
from cbec.answer_store import SUFFIX as STORE_SUFFIX
from cbec.cli import main
from cbec.exercises import l00
from cbec.grader.assemble import source_checks
from cbec.questions.base import NOT_ANSWERED
from tests import grading_corpus as corpus

ROOT = Path(__file__).resolve().parents[1]
BANK = l00.exercise
STEM, STORE = BANK.stem, f"{BANK.stem}{STORE_SUFFIX}"
KINDS = {
    c.qid: c.kind
    for c in source_checks(nbformat.read(ROOT / "exercises" / f"{STEM}.ipynb", as_version=4), l00)
}
STORED = [qid for qid, kind in KINDS.items() if kind == "stored"]
FULL = sum(float(q.points) for q in BANK.questions.values())
WITHOUT_STORED = FULL - sum(float(BANK.questions[qid].points) for qid in STORED)
WIDGET_ADVICE = "请在上方的控件中作答"
NOTE = f"没有收到答案文件 {STORE}：控件题和书面题的答案只保存在这个文件里，请把它和笔记本一起提交"
EMPTY_NOTE = f"答案文件 {STORE} 是空的：控件题和书面题的答案只保存在这个文件里"
pytestmark = pytest.mark.kernel


def _store(folder: Path, answers: dict) -> None:
    content = {
        "format": STORE_FORMAT,
        "exercise": BANK.lesson,
        "answers": {qid: {"value": value} for qid, value in answers.items()},
    }
    (folder / STORE).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("answers_file")
    subs = root / "class"
    for student in ("no_file", "empty_file", "full_file"):
        (subs / student).mkdir(parents=True)
        shutil.copyfile(ROOT / "solutions" / f"{STEM}.ipynb", subs / student / f"{STEM}.ipynb")
    _store(subs / "empty_file", {})
    _store(subs / "full_file", {qid: corpus.right_answer(BANK.questions[qid]) for qid in STORED})
    out, said = root / "grades", io.StringIO()
    with contextlib.redirect_stdout(said):
        code = main(["grade", str(subs), "--out", str(out), "--jobs", "2"])
    return code, out, said.getvalue()


def _rows(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


def _messages(out: Path, student: str) -> dict[str, tuple[str, str]]:
    content = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    (row,) = [s for s in content["students"] if s["student"] == student]
    (notebook,) = row["notebooks"]
    return {q["qid"]: (q["status"], q["message"]) for q in notebook["questions"]}


def _page(out: Path, student: str) -> str:
    return html.unescape((out / "feedback" / f"{student}.html").read_text(encoding="utf-8"))


def test_the_widget_questions_are_not_attempted_and_the_scores_stay(graded):
    code, out, _ = graded
    assert code == 0 and STORED  # the warm-up has widget questions
    rows = _rows(out)
    assert float(rows["full_file"]["total"]) == FULL
    for student in ("no_file", "empty_file"):
        assert float(rows[student]["total"]) == WITHOUT_STORED, student
        statuses = {qid: status for qid, (status, _) in _messages(out, student).items()}
        assert {statuses[qid] for qid in STORED} == {"not_attempted"}, student
    assert BANK.questions[STORED[0]].evaluate(NOT_ANSWERED).status.value == "not_attempted"


@pytest.mark.parametrize(("student", "note"), [("no_file", NOTE), ("empty_file", EMPTY_NOTE)])
def test_the_student_is_told_once_to_hand_the_file_in(graded, student, note):
    _, out, _ = graded
    notes_zh = _rows(out)[student]["notes_zh"]
    page = _page(out, student)
    assert notes_zh.count(note) == 1 and page.count(note) == 1
    for qid in STORED:
        _, message = _messages(out, student)[qid]
        assert WIDGET_ADVICE not in message and "见上方关于答案文件的说明" in message, qid
    assert WIDGET_ADVICE not in notes_zh and WIDGET_ADVICE not in page


def test_a_full_answers_file_gets_no_such_note(graded):
    _, out, _ = graded
    row, page = _rows(out)["full_file"], _page(out, "full_file")
    assert "答案文件" not in row["notes_zh"] and "答案文件 " not in page
    assert "answers file" not in row["notes"]


def test_the_instructor_is_told_in_the_notes_the_summary_and_the_report(graded):
    _, out, said = graded
    rows = _rows(out)
    assert f"no answers file {STORE}" in rows["no_file"]["notes"]
    assert f"an empty answers file {STORE}" in rows["empty_file"]["notes"]
    report = html.unescape((out / "report" / "index.html").read_text(encoding="utf-8"))
    section = report.split("Submissions without their answers file")[1].split("<h2>")[0]
    assert "no_file" in section and "empty_file" in section and "full_file" not in section
    (line,) = [line for line in said.splitlines() if "no answers file (or an empty one)" in line]
    assert line.strip().startswith("2 submissions") and "no_file" in line and "empty_file" in line
