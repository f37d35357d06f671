"""Feedback pages that review each question, and the class report's new parts, on made-up grades.

- A page shows each question's text (from the exercise notebook), the learner's own answer
  (a widget choice, a number, a classification as a table, the code of the answer cell), all
  escaped, and the solutions only when asked for.
- The graded notebook gives each probed question's answer cell, the learner's code as written.
- The report counts wrong code answers by the misconception their feedback matched, shows
  classification answers as per-item tables, and states the grading time in a time zone
  (Asia/Shanghai unless ``--timezone`` says otherwise; an unknown zone is refused).
"""

from __future__ import annotations

import copy
import html
from pathlib import Path

import nbformat
import pytest

from cbec.cli import main
from cbec.exercises import l01
from cbec.grader import report_extras
from cbec.grader.answer_view import answer_cells, attach_codes, question_texts
from cbec.grader.assemble import assemble, source_checks
from cbec.grader.class_report import render_report
from cbec.grader.feedback_html import render_student
from cbec.grader.results import (
    ClassResults,
    ExerciseInfo,
    NotebookResult,
    QuestionInfo,
    QuestionResult,
    StudentResult,
)

ROOT = Path(__file__).resolve().parents[1]
STEM = l01.exercise.stem
SCRIPT = '<script>alert("作弊")</script>'
Q = l01.exercise.questions


def _info() -> ExerciseInfo:
    kinds = {"L01.Q1": "single", "L01.Q2": "classification", "L01.Q3": "multiple", "L01.Q4": "value"}
    kinds |= {"L01.Q6": "function", "L01.Q7": "numeric", "L01.Q12": "single"}
    return ExerciseInfo(
        STEM,
        "L01",
        l01.exercise.title,
        [QuestionInfo(qid, float(Q[qid].points), kind, f"第 {qid[5:]} 题") for qid, kind in kinds.items()],
    )


def _student(name: str, results: list[QuestionResult]) -> StudentResult:
    return StudentResult(name, name, [NotebookResult(STEM, "graded", questions=results)], name)


def _grades(*students: StudentResult, graded_at: str = "2026-03-01T02:00:00Z") -> ClassResults:
    return ClassResults([_info()], list(students), graded_at, "on")


def _result(qid: str, status: str, answer=None, message: str = "", code: str = "") -> QuestionResult:
    points = float(Q[qid].points)
    score = points if status == "correct" else 0.0
    return QuestionResult(qid, points, score, status, message, answer, code=code)


def _learner() -> StudentResult:
    misplaced = {item: Q["L01.Q2"].categories[0] for item in Q["L01.Q2"].items}
    return _student(
        "学生甲",
        [
            _result("L01.Q1", "incorrect", answer=Q["L01.Q1"].options[0]),
            _result("L01.Q2", "incorrect", answer=misplaced),
            _result("L01.Q3", "correct", answer=[f"{SCRIPT}选项"]),
            _result("L01.Q4", "correct", code=f"p90_value = buyers.quantile(0.9)  # {SCRIPT}\np90_value"),
            _result("L01.Q6", "not_attempted", code="def bundle_median_ratio(df, platform):\n    ..."),
            _result("L01.Q7", "correct", answer=12.5),
            _result("L01.Q12", "not_attempted"),
        ],
    )


# -- feedback pages --------------------------------------------------------------------------------
def test_a_page_shows_each_question_and_the_learners_answer_escaped():
    page = render_student(_grades(_learner()), _learner())
    assert "<script>" not in page and "alert(" in page
    assert html.escape(SCRIPT) in page  # in the code of an answer cell and in a widget answer
    assert "<pre class='answer'><code>p90_value = buyers.quantile(0.9)" in page
    texts = question_texts(STEM)
    for qid in ("L01.Q1", "L01.Q4", "L01.Q6"):
        first_line = texts[qid].splitlines()[0].removeprefix("## ")
        assert html.escape(first_line, quote=True) in page, qid
    assert "## 第" not in page
    assert html.escape(Q["L01.Q1"].options[0], quote=True) in page  # the choice itself
    assert "<th>你的分类</th>" in page  # a classification as an item → category table
    assert ">12.5<" in page
    assert "（没有作答）" in page  # Q12, left blank
    assert "参考答案</b>" not in page  # no solutions unless asked for


def test_with_solutions_a_page_shows_each_solution():
    solutions = {q.qid: q.solution_text for q in Q.values()}
    page = render_student(_grades(_learner()), _learner(), solutions)
    assert page.count("参考答案</b>") == len(_info().questions)
    first = Q["L01.Q6"].solution_text.splitlines()[0]
    assert html.escape(first, quote=True) in page


def test_the_question_texts_come_from_the_exercise_notebook():
    texts = question_texts(STEM)
    assert set(texts) == set(Q)
    assert all(text.startswith("## 第 ") for qid, text in texts.items() if qid != "L01.Q10"), texts
    assert "第 4 题" in texts["L01.Q4"] and "第 6 题" in texts["L01.Q6"]


def test_the_answer_cell_of_each_code_question_is_kept_from_the_graded_notebook(tmp_path):
    handout = nbformat.read(ROOT / "exercises" / f"{STEM}.ipynb", as_version=4)
    checks = source_checks(handout, l01)
    learner = copy.deepcopy(handout)
    q4 = next(c for c in checks if c.qid == "L01.Q4")
    answer = next(c for c in learner.cells if c.get("id") == q4.anchor)
    answer.source = f"p90_value = 1  # {SCRIPT}\np90_value"
    q6 = next(c for c in checks if c.qid == "L01.Q6")
    learner.cells = [c for c in learner.cells if c.get("id") != q6.anchor]  # deleted: no answer cell
    graded = assemble(learner, checks, l01, "nonce")
    codes = answer_cells(graded)
    assert codes["L01.Q4"] == answer.source
    assert "L01.Q6" not in codes
    code_questions = {c.qid for c in checks if c.kind != "stored"}
    assert set(codes) == code_questions - {"L01.Q6"}
    path = tmp_path / "graded.ipynb"
    nbformat.write(graded, path)
    results = [_result("L01.Q4", "incorrect"), _result("L01.Q1", "correct", answer="x")]
    attach_codes(results, path)
    assert results[0].code == answer.source and results[1].code == ""
    attach_codes(results, tmp_path / "missing.ipynb")  # unreadable: nothing changes, nothing raised
    assert results[0].code == answer.source


# -- the class report ------------------------------------------------------------------------------
def _notes() -> dict[str, list[str]]:
    return {"L01.Q4": ["误解：用了均值", "误解：没有按平台分组"], "L01.Q6": ["误解：组别反了"]}


def _code_class() -> ClassResults:
    students = []
    messages = [
        "答案不对。\n误解：用了均值\n提示",
        "误解：用了均值",
        "误解：没有按平台分组",
        "得到 3，与预期不符。",
    ]
    for n, message in enumerate(messages):
        students.append(_student(f"s{n}", [_result("L01.Q4", "incorrect", message=message)]))
    students.append(
        _student("s9", [_result("L01.Q4", "correct", message="误解：用了均值")])
    )  # right: not counted
    students.append(_student("s8", [_result("L01.Q6", "incorrect", message="测试用例 1：…\n误解：组别反了")]))
    return _grades(*students)


def test_wrong_code_answers_are_counted_by_misconception():
    counts = report_extras.code_misconception_counts(_code_class(), _notes())
    assert counts == {
        "L01.Q4": [("误解：用了均值", 2), ("误解：没有按平台分组", 1), (report_extras.OTHER, 1)],
        "L01.Q6": [("误解：组别反了", 1)],
    }
    page = render_report(_code_class(), notes=_notes(), classifications={})
    assert "<td>误解：用了均值</td><td>2</td>" in page
    assert report_extras.code_misconception_counts(_grades(), _notes()) == {}


def test_the_bank_names_the_misconceptions_of_its_code_questions():
    notes = report_extras.bank_misconceptions()
    assert [n for _, n in Q["L01.Q6"].misconceptions] == notes["L01.Q6"]
    assert "L01.Q1" not in notes  # a widget question's wrong answers are counted as answers


def test_classification_answers_are_shown_as_per_item_tables():
    question = Q["L01.Q2"]
    items, categories = list(question.items), list(question.categories)
    first, second = categories[0], categories[1]
    answers = [{i: first for i in items}, {i: first for i in items}, dict(question.answer)]
    answers.append({items[0]: second, items[1]: None})
    students = [_student(f"s{n}", [_result("L01.Q2", "incorrect", answer=a)]) for n, a in enumerate(answers)]
    grades = _grades(*students)
    placed = report_extras.placement_counts(grades, "L01.Q2")
    assert placed[items[0]][first] == 2 + (question.answer[items[0]] == first)
    assert placed[items[1]][report_extras.UNPLACED] == 1
    page = render_report(grades, notes={}, classifications=report_extras.bank_classifications())
    assert "<table class='placements'>" in page and " ✓</td>" in page
    right_cell = f"{placed[items[0]][question.answer[items[0]]]} ✓</td>"
    assert right_cell in page
    assert "<table class='answer'>" in page  # each common wrong answer, item by item
    assert f"{first}；" not in page  # not run together on one line


def test_times_are_stated_in_the_configured_time_zone(tmp_path, capsys):
    grades = _grades(_learner(), graded_at="2026-03-01T02:00:00Z")
    assert "2026-03-01 10:00:00 (Asia/Shanghai, UTC+08:00)" in render_report(
        grades, notes={}, classifications={}
    )
    berlin = render_report(grades, "Europe/Berlin", notes={}, classifications={})
    assert "2026-03-01 03:00:00 (Europe/Berlin, UTC+01:00)" in berlin
    assert report_extras.local_time("2026-07-01T02:00:00Z", "Europe/Berlin").startswith("2026-07-01 04:00:00")
    assert report_extras.local_time("not a time") == "not a time"
    with pytest.raises(ValueError, match="unknown time zone"):
        report_extras.zone("Mars/Olympus")
    assert main(["grade", str(tmp_path), "--out", str(tmp_path / "out"), "--timezone", "Mars/Olympus"]) == 2
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err
