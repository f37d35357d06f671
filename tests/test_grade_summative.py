"""A summative class, end to end, in kernels.

- The released summative exercise, filled from its solution, runs in a kernel that sees only
  the bundle; no check says right or wrong (the same run on the formative bundle does).
- ``cbec grade --with-solutions --timezone ...`` grades summative submissions with the
  instructor's banks: the right one earns every point, the slips lose exactly their questions.
  Its feedback pages show each learner's answer cell escaped and the solutions; its report
  counts the wrong code answer by its misconception and gives the time in the zone asked for.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import nbformat
import pytest

from cbec.cli import main
from cbec.exercises import l01
from cbec.grader.report_extras import bank_misconceptions
from cbec.release import write_release
from cbec.release_summative import MODE_CELL_ID, mode_cell
from tests import grading_corpus as corpus
from tests.kernels import text_of
from tests.test_release import _checks, _run_with_bundle
from tests.test_release_summative import VERDICTS

ROOT = Path(__file__).resolve().parents[1]
STEM = l01.exercise.stem
SCRIPT = '<script>alert("x")</script>'
pytestmark = pytest.mark.kernel


def _verdicts(texts: list[str]) -> list[str]:
    options = json.dumps(
        [getattr(q, "options", []) for q in l01.exercise.questions.values()], ensure_ascii=False
    )
    return [w for t in texts for w in VERDICTS if w in t and w not in options]


@pytest.mark.parametrize("mode", ["summative", "formative"])
def test_the_released_exercise_filled_from_its_solution_says_no_verdict_only_when_summative(
    mode, tmp_path, monkeypatch
):
    bundle = tmp_path / "bundle"
    write_release(ROOT, bundle, salt="s", mode=mode)
    nb = _run_with_bundle(bundle, ROOT / "solutions" / f"{STEM}.ipynb", tmp_path / "work", monkeypatch)
    shown = [text_of(cell) for cell in _checks(nb)]
    assert len(shown) == len(l01.exercise.questions)
    if mode == "summative":
        assert _verdicts(shown) == []
        assert all("已保存，待老师评分" in text for text in shown), shown
    else:
        assert _verdicts(shown)  # the formative checks judge: the search sees it


def _summative(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb.cells.insert(1, mode_cell(l01.exercise.summative_hints))
    return nb


def test_grade_judges_summative_submissions_with_the_instructors_banks(tmp_path, capsys):
    src = corpus.Sources.load(ROOT)
    good = _summative(src.answered())
    answer = corpus.cell(good, src.answer_cell_id(corpus.qid(4)))
    answer.source = f"# {SCRIPT}\n{answer.source}"
    corpus.answered_with_store(src, tmp_path / "class" / "good", good)
    slips = _summative(src.answered())
    corpus.mean_instead(src, slips)
    wrong_q1 = corpus.wrong_answer(corpus.question(1))
    corpus.answered_with_store(src, tmp_path / "class" / "slips", slips, but={corpus.qid(1): wrong_q1})
    assert any(
        c.get("id") == MODE_CELL_ID for c in nbformat.read(tmp_path / "class/good" / corpus.NOTEBOOK, 4).cells
    )

    out = tmp_path / "out"
    argv = ["grade", str(tmp_path / "class"), "--out", str(out), "--jobs", "1"]
    assert main([*argv, "--with-solutions", "--timezone", "Europe/Berlin"]) == 0
    capsys.readouterr()
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    statuses = {
        s["student"]: {q["qid"]: q["status"] for n in s["notebooks"] for q in n["questions"]}
        for s in grades["students"]
    }
    assert statuses["good"] == dict.fromkeys(corpus.QIDS, "correct")
    wrong = {corpus.qid(1), corpus.qid(4)}
    assert statuses["slips"] == {q: "incorrect" if q in wrong else "correct" for q in corpus.QIDS}
    maximum = sum(q.points for q in corpus.QUESTIONS)
    totals = {
        s["student"]: sum(q["score"] for n in s["notebooks"] for q in n["questions"])
        for s in grades["students"]
    }
    assert totals["good"] == maximum

    page = (out / "feedback" / "good.html").read_text(encoding="utf-8")
    assert html.escape(SCRIPT, quote=True) in page and SCRIPT not in page
    assert html.escape(corpus.question(6).solution_text.splitlines()[0], quote=True) in page
    report = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "(Europe/Berlin, UTC+01:00)" in report
    q4 = next(
        q
        for s in grades["students"]
        if s["student"] == "slips"
        for n in s["notebooks"]
        for q in n["questions"]
        if q["qid"] == corpus.qid(4)
    )
    matched = [note for note in bank_misconceptions()[corpus.qid(4)] if note in q4["message"]]
    assert matched, q4["message"]
    assert f"<td>{html.escape(matched[0], quote=True)}</td><td>1</td>" in report
