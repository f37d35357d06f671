"""Feedback pages and the class report, on small hand-made grades: the item-analysis numbers
worked out by hand, wrong answers counted in their canonical form, hostile names and messages
escaped, safe file names, and classes of 0, 1 and 300 students."""

from __future__ import annotations

import html
import math

import pytest

from cbec.grader import class_report as report
from cbec.grader.class_report import common_wrong_answers, difficulty, discrimination, write_report
from cbec.grader.feedback_html import MAX_STEM, feedback_filename, render_student, write_feedback
from cbec.grader.results import (
    ClassResults,
    ExerciseInfo,
    NotebookResult,
    QuestionInfo,
    QuestionResult,
    StudentResult,
)

QUESTIONS = [
    QuestionInfo("L01.Q1", 1, "single", "第 1 题"),
    QuestionInfo("L01.Q2", 2, "numeric", "第 2 题"),
    QuestionInfo("L01.Q3", 1, "multiple", "第 3 题"),
    QuestionInfo("L01.Q4", 1, "value", "第 4 题"),
]
EXERCISE = ExerciseInfo("01_people_goods_place", "L01", "人货场", QUESTIONS)
REJECTED_EN = "the notebook is not valid JSON (line 3)"
REJECTED_ZH = "笔记本文件已损坏（第 3 行不是有效的 JSON），请重新下载后提交。"


def _status(score: float, points: float) -> str:
    return "correct" if score == points else "incorrect"


def _graded(*scores: float, answers=(None,) * 4, messages=("",) * 4) -> NotebookResult:
    results = [
        QuestionResult(q.qid, q.points, s, _status(s, q.points), m, a)
        for q, s, a, m in zip(QUESTIONS, scores, answers, messages, strict=True)
    ]
    return NotebookResult(EXERCISE.stem, "graded", questions=results)


def _rejected() -> NotebookResult:
    questions = [QuestionResult(q.qid, q.points, 0, "not_run", "") for q in QUESTIONS]
    return NotebookResult(EXERCISE.stem, "rejected", REJECTED_EN, REJECTED_ZH, questions=questions)


def _class(*students: StudentResult) -> ClassResults:
    return ClassResults([EXERCISE], list(students), "2025-03-01 10:00")


@pytest.fixture
def five() -> ClassResults:
    """Five graded students, one rejected, one with nothing handed in."""
    return _class(
        StudentResult("甲", "a", [_graded(1, 2, 1, 1)]),
        StudentResult("乙", "b", [_graded(1, 1, 1, 1)]),
        StudentResult("丙", "c", [_graded(1, 0, 0, 1)]),
        StudentResult("丁", "d", [_graded(0, 2, 0, 1)]),
        StudentResult("戊", "e", [_graded(0, 0, 0, 1)]),
        StudentResult("己", "f", [_rejected()]),
        StudentResult("庚", "g", []),
    )


# -- numbers -----------------------------------------------------------------------------------
def test_difficulty_is_the_mean_fraction_over_graded_notebooks(five):
    # Q2 is worth 2: fractions 1, 0.5, 0, 1, 0. 己 (rejected) and 庚 (nothing) are left out.
    assert difficulty(five) == {"L01.Q1": 3 / 5, "L01.Q2": 2.5 / 5, "L01.Q3": 2 / 5, "L01.Q4": 1.0}


def test_discrimination_is_the_corrected_item_total_correlation(five):
    # Each question against the rest of its notebook (total minus that question). Totals of the
    # five graded students: 5 4 2 3 1. Q4 adds 1 to every rest, which changes no deviation.
    #   Q1: x = 1 1 1 0 0, mean 0.6, deviations  .4  .4  .4 -.6 -.6
    #       y = 4 3 1 3 1, mean 2.4, deviations 1.6  .6 -1.4  .6 -1.4
    q1 = (0.4 * 1.6 + 0.4 * 0.6 - 0.4 * 1.4 - 0.6 * 0.6 + 0.6 * 1.4) / math.sqrt(
        (3 * 0.4**2 + 2 * 0.6**2) * (1.6**2 + 0.6**2 + 1.4**2 + 0.6**2 + 1.4**2)
    )  # 0.8 / sqrt(1.2 * 7.2)
    #   Q3: x = 1 1 0 0 0, mean 0.4, deviations  .6  .6 -.4 -.4 -.4
    #       y = 4 3 2 3 1, mean 2.6, deviations 1.4  .4 -.6  .4 -1.6
    q3 = (0.6 * 1.4 + 0.6 * 0.4 + 0.4 * 0.6 - 0.4 * 0.4 + 0.4 * 1.6) / math.sqrt(
        (2 * 0.6**2 + 3 * 0.4**2) * (1.4**2 + 0.4**2 + 0.6**2 + 0.4**2 + 1.6**2)
    )  # 1.8 / sqrt(1.2 * 5.2)
    got = discrimination(five)
    assert q1 == pytest.approx(0.8 / math.sqrt(1.2 * 7.2)) and q3 == pytest.approx(1.8 / math.sqrt(1.2 * 5.2))
    assert got["L01.Q1"] == pytest.approx(q1)
    assert got["L01.Q3"] == pytest.approx(q3)
    assert got["L01.Q4"] is None  # everyone right: no variance, no correlation


def test_discrimination_needs_four_students(five):
    three = _class(*five.students[:3])
    assert set(discrimination(three).values()) == {None}
    assert difficulty(three)["L01.Q1"] == 1.0


def test_status_counts_add_up_to_the_class(five):
    counts = report.status_counts(five)["L01.Q1"]
    assert counts["correct"] == 3 and counts["incorrect"] == 2
    assert counts["not_run"] == 2  # the rejected notebook and the missing one
    assert sum(counts.values()) == 7


def test_common_wrong_answers_are_canonical_and_limited():
    wrong_multiple = [["B", "A"], ["A", "B"], ["A", "B", "A"], ["C"], ["A", "B"]]
    classified = [{"x": "人", "y": "货"}, {"y": "货", "x": "人"}, {"x": "人", "y": "货", "z": None}]
    numbers = [3, 3.0, 0.1 + 0.2, 0.3, 7, 8, 9, 10, 11]
    students = []
    for i, (m, c, n) in enumerate(
        zip(wrong_multiple + [None] * 4, classified + [None] * 6, numbers, strict=True)
    ):
        answers = ("对", n, m, None)
        nb = _graded(1, 0, 0, 1, answers=answers)
        if c is not None:  # Q1 wrong, answered with a classification-shaped dict
            nb.questions[0] = QuestionResult("L01.Q1", 1, 0, "incorrect", "", c)
        students.append(StudentResult(f"s{i}", "", [nb]))
    # A right answer and an invalid one are not wrong answers.
    students.append(StudentResult("ok", "", [_graded(1, 2, 1, 1, answers=("对", 5, ["A"], None))]))
    invalid = _graded(1, 0, 0, 1, answers=(None, "abc", None, None))
    invalid.questions[1].status = "invalid"
    students.append(StudentResult("bad", "", [invalid]))

    got = common_wrong_answers(_class(*students))
    assert got["L01.Q3"] == [(["A", "B"], 4), (["C"], 1)]
    assert got["L01.Q1"] == [({"x": "人", "y": "货"}, 3)]
    assert got["L01.Q2"][:2] == [(0.3, 2), (3, 2)]  # a tie: "0.3" sorts before "3"
    assert len(got["L01.Q2"]) == 5  # seven different wrong numbers, five shown
    assert "L01.Q4" not in got  # a code question has no widget answer


def test_canonical_answers_read_plainly():
    assert report.answer_text(report.canonical(["B", "A"])) == "A、B"
    assert report.answer_text(report.canonical({"y": "货", "x": "人"})) == "x → 人；y → 货"
    assert report.answer_text(report.canonical(2.50)) == "2.5"


# -- feedback pages ----------------------------------------------------------------------------
HOSTILE = "<script>alert('x')</script>"
HOSTILE_MESSAGE = "<img src=x onerror=alert(1)>\n第二行 & “引号”"


def test_feedback_escapes_names_messages_and_reasons(tmp_path):
    rejected = _rejected()
    rejected.reason_zh = "<b onmouseover=alert(2)>坏</b>"
    results = _class(
        StudentResult(HOSTILE, "", [_graded(1, 0, 1, 1, messages=("", HOSTILE_MESSAGE, "", ""))]),
        StudentResult("../../x", "", [rejected]),
    )
    pages = write_feedback(results, tmp_path)
    first = pages[HOSTILE].read_text(encoding="utf-8")
    assert "<script>" not in first and html.escape(HOSTILE) in first
    assert "<img" not in first
    assert "&lt;img src=x onerror=alert(1)&gt;<br>第二行 &amp; “引号”" in first
    second = pages["../../x"].read_text(encoding="utf-8")
    assert "<b onmouseover" not in second and "&lt;b onmouseover=alert(2)&gt;坏&lt;/b&gt;" in second
    assert all(p.parent == tmp_path / "feedback" for p in pages.values())


def test_feedback_shows_scores_badges_and_how_it_was_graded(five):
    page = render_student(five, five.students[1])
    assert "总分：4 / 5" in page and "得分：<b>4 / 5</b>" in page
    assert "正确" in page and "还不对" in page
    assert "全新的内核" in page and "隐藏测试的内容" in page


def test_a_rejected_notebook_shows_its_chinese_reason(five):
    page = render_student(five, five.students[5])
    assert html.escape(REJECTED_ZH) in page and "没有评分" in page
    assert REJECTED_EN not in page  # the English reason is for the instructor
    assert page.count("未运行") == len(QUESTIONS)


def test_the_page_adds_nothing_to_a_message():
    """A message that looks like a hidden test appears as given, and is the only difference."""
    code = "assert top_factor(df) == '资质'  # hidden case 3: df = load('buyer_profiles')"
    with_code = _class(StudentResult("甲", "", [_graded(1, 0, 1, 1, messages=("", code, "", ""))]))
    without = _class(StudentResult("甲", "", [_graded(1, 0, 1, 1)]))
    shown = render_student(with_code, with_code.students[0])
    assert shown.count(html.escape(code)) == 1
    assert shown.replace(html.escape(code), "", 1) == render_student(without, without.students[0])


@pytest.mark.parametrize(
    ("student", "expected"),
    [
        ("张三", "张三.html"),
        ("Zoë Müller 李", "Zoë_Müller_李.html"),
        ("../../x", "x.html"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j.html"),
        ("a\x00b\nc\x1f", "a_b_c.html"),
        (".bashrc", "bashrc.html"),
        ("...", "student.html"),
        ("", "student.html"),
        ("con", "_con.html"),
        ("<script>", "script.html"),
    ],
)
def test_feedback_filenames_are_safe(student, expected):
    assert feedback_filename(student, set()) == expected


def test_long_and_colliding_filenames():
    taken: set[str] = set()
    names = [feedback_filename(s, taken) for s in ["张三", "张三", "张/三", "Zhang", "zhang", "张三-2"]]
    assert names == ["张三.html", "张三-2.html", "张_三.html", "Zhang.html", "zhang-2.html", "张三-2-2.html"]
    long = feedback_filename("很" * 500, set())
    assert len(long) == MAX_STEM + len(".html")


def test_same_names_get_separate_pages(tmp_path):
    results = _class(StudentResult("张三", "a", [_graded(1, 2, 1, 1)]), StudentResult("张三 ", "b", []))
    pages = write_feedback(results, tmp_path)
    assert sorted(p.name for p in pages.values()) == ["张三-2.html", "张三.html"]


# -- the report --------------------------------------------------------------------------------
def _report(results, tmp_path) -> str:
    index = write_report(results, tmp_path)
    assert index == tmp_path / "report" / "index.html"
    for png in ("scores.png", "difficulty.png"):
        assert (index.parent / png).read_bytes().startswith(b"\x89PNG")
    return index.read_text(encoding="utf-8")


def test_report_lists_rejected_notebooks_and_questions(five, tmp_path):
    five.students[5].student = HOSTILE
    page = _report(five, tmp_path)
    assert REJECTED_EN in page and html.escape(HOSTILE) in page and "<script>" not in page
    assert "<td>L01.Q1</td><td>1</td><td>0.60</td>" in page
    assert "corrected item–total" in page


@pytest.mark.parametrize("size", [0, 1])
def test_report_and_pages_for_tiny_classes(size, tmp_path):
    results = _class(*[StudentResult("甲", "", [_graded(1, 2, 0, 1)])][:size])
    page = _report(results, tmp_path)
    assert "—" in page
    assert set(discrimination(results).values()) == {None}
    assert len(write_feedback(results, tmp_path)) == size


def test_report_when_every_notebook_was_rejected(tmp_path):
    results = _class(*[StudentResult(f"s{i}", "", [_rejected()]) for i in range(5)])
    assert set(difficulty(results).values()) == {None}
    page = _report(results, tmp_path)
    assert page.count(REJECTED_EN) == 5


def test_report_for_a_large_class(tmp_path):
    students = [
        StudentResult(f"s{i}", "", [_graded(i % 2, i % 3, i % 5 > 1, 1, answers=(None, i % 7, None, None))])
        for i in range(300)
    ]
    results = _class(*students)
    _report(results, tmp_path)
    assert all(sum(row.values()) == 300 for row in report.status_counts(results).values())
