"""The course as a whole holds together: lessons, outcomes, question maps, plans and weights.

- ``lessons()`` reads what each lesson says about itself from the top of its notebook, and a
  top that lacks something is named.
- Every lesson objective belongs to an outcome and every outcome objective exists.
- Every objective of every lesson is assessed by a question of its bank, as the bank's docstring
  says; every question assesses an objective.
- Each plan schedules every lesson and exercise for at least its minutes, within its sessions.
- Each exercise is due once, worked on before its deadline and debriefed only after it; lessons
  are taught in class; an open discussion is short; the semester has 32 classes and 1–2 buffers.
- Each exercise's first cell states the minutes its lesson's top gives it.
- The weights name every bank and, with participation, add up to 100.

Each check is a function that returns the problems it finds: the real course has none, and a
course broken on purpose has the one the check is for.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import json
import re
from pathlib import Path

import pytest

from cbec import course
from cbec.course import Activity, CourseError, Outcome, Plan, Weight, lessons
from cbec.questions import Exercise
from cbec.release import question_banks

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def course_lessons() -> list[course.Lesson]:
    return lessons(ROOT)


@pytest.fixture(scope="module")
def banks() -> dict[str, Exercise]:
    return {bank.__name__.rsplit(".", 1)[1][1:]: bank.exercise for bank in question_banks()}


# -- lessons() ------------------------------------------------------------------------------------
TOP = [
    "# 第 7 课 一个测试用的课\n\n**学习目标**\n\n学完本课，你能够：\n\n1. **区分**甲和乙；\n2. **计算**丙。\n\n下一段",
    "**时间**　讲授约 25 分钟，练习约 15 分钟。\n\n"
    "**先修** [课程首页](00_start_here.ipynb)、[第 2 课](02_b.ipynb) 和 [第 3 课](03_c.ipynb)。\n\n"
    "**数据** [alpha](../datasets/alpha.md)、[beta](../datasets/beta.md)，又见 [alpha](../datasets/alpha.md)",
]


def _write_lesson(folder: Path, cells: list[str], name: str = "07_test.ipynb") -> Path:
    notebook = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": text} for text in cells]
        + [{"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": [], "execution_count": None}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")
    return path


def test_lessons_reads_the_top_of_a_lesson(tmp_path):
    _write_lesson(tmp_path / "lessons", TOP)
    (tmp_path / "lessons" / "00_start_here.ipynb").write_text("{}", encoding="utf-8")  # not a lesson
    (found,) = lessons(tmp_path)
    assert found == course.Lesson(
        number="07",
        stem="07_test",
        title="一个测试用的课",
        objectives=("**区分**甲和乙；", "**计算**丙。"),
        lesson_minutes=25,
        exercise_minutes=15,
        requires=("02", "03"),
        datasets=("alpha", "beta"),
    )


@pytest.mark.parametrize(
    ("cut", "named"),
    [("**时间**　讲授约 25 分钟，练习约 15 分钟。", "**时间**"), ("**学习目标**", "**学习目标**")],
)
def test_a_lesson_top_missing_a_part_is_named(tmp_path, cut, named):
    cells = [cell.replace(cut, "") for cell in TOP]
    _write_lesson(tmp_path / "lessons", cells)
    with pytest.raises(CourseError, match=re.escape(named)) as raised:
        lessons(tmp_path)
    assert "07_test.ipynb" in str(raised.value)


def test_every_lesson_of_the_course_is_read(course_lessons):
    files = sorted(p.stem for p in (ROOT / "lessons").glob("*.ipynb") if course.LESSON_FILE.match(p.name))
    assert [lesson.stem for lesson in course_lessons] == files and len(files) == 6
    for lesson in course_lessons:
        assert lesson.title and lesson.lesson_minutes > 0 and lesson.exercise_minutes > 0, lesson.number
        assert len(lesson.objectives) >= 3 and all(o.startswith("**") for o in lesson.objectives)
        assert all(n < lesson.number for n in lesson.requires), lesson.number  # only earlier lessons
        assert lesson.datasets, lesson.number
        for name in lesson.datasets:
            assert (ROOT / "datasets" / f"{name}.csv").is_file(), name
    assert not course_lessons[0].requires and all(lesson.requires for lesson in course_lessons[1:])


# -- outcomes ------------------------------------------------------------------------------------
def outcome_problems(outcomes, lessons_) -> list[str]:
    codes = {f"{lesson.number}.{k}" for lesson in lessons_ for k in range(1, len(lesson.objectives) + 1)}
    named = [code for outcome in outcomes for code in outcome.objectives]
    problems = [f"{code} names no lesson objective" for code in named if code not in codes]
    problems += [f"{code} belongs to no outcome" for code in sorted(codes - set(named))]
    return problems


def test_outcomes_are_made_of_every_lesson_objective(course_lessons):
    assert outcome_problems(course.OUTCOMES, course_lessons) == []


def test_the_outcome_check_catches_a_missing_and_an_orphan_objective(course_lessons):
    first = course.OUTCOMES[0]
    broken = (dataclasses.replace(first, objectives=(*first.objectives[1:], "01.9")), *course.OUTCOMES[1:])
    assert outcome_problems(broken, course_lessons) == [
        "01.9 names no lesson objective",
        f"{first.objectives[0]} belongs to no outcome",
    ]
    assert outcome_problems((*course.OUTCOMES, Outcome("O7", "x", ("02.1",))), course_lessons) == []


# -- objective → question maps ---------------------------------------------------------------------
def map_problems(lesson: course.Lesson, exercise: Exercise | None) -> list[str]:
    if exercise is None:
        return [f"lesson {lesson.number} has no question bank"]
    wanted = list(range(1, len(lesson.objectives) + 1))
    problems = (
        []
        if sorted(exercise.objectives) == wanted
        else [f"map keys {sorted(exercise.objectives)} != {wanted}"]
    )
    problems += [f"objective {k} has no question" for k in wanted if not exercise.objectives.get(k)]
    known = {q.qid.split(".", 1)[1] for q in exercise.questions.values()}
    mapped = {qid for qids in exercise.objectives.values() for qid in qids}
    problems += [f"{qid} is not a question of the bank" for qid in sorted(mapped - known)]
    problems += [f"{qid} assesses no objective" for qid in sorted(known - mapped)]
    return problems


def test_every_objective_of_every_lesson_has_a_question(course_lessons, banks):
    for lesson in course_lessons:
        assert map_problems(lesson, banks.get(lesson.number)) == [], lesson.number


def test_the_map_check_catches_a_gap_an_unknown_question_and_a_wrong_size(course_lessons, banks):
    lesson = course_lessons[0]
    exercise = banks[lesson.number]
    elsewhere = {q for k, qids in exercise.objectives.items() if k != 1 for q in qids}
    dropped = sorted(q for q in exercise.objectives[1] if q not in elsewhere)
    unknown = Exercise(exercise.lesson, exercise.stem, objectives={**exercise.objectives, 1: ("Q99",)})
    unknown.questions = exercise.questions
    assert dropped and map_problems(lesson, unknown) == [
        "Q99 is not a question of the bank",
        *[f"{q} assesses no objective" for q in dropped],
    ]
    gap = Exercise(
        exercise.lesson, exercise.stem, objectives={k: v for k, v in exercise.objectives.items() if k != 2}
    )
    gap.questions = exercise.questions
    wanted = list(range(1, len(lesson.objectives) + 1))
    assert map_problems(lesson, gap)[:2] == [
        f"map keys {[k for k in wanted if k != 2]} != {wanted}",
        "objective 2 has no question",
    ]
    assert map_problems(lesson, None) == [f"lesson {lesson.number} has no question bank"]


def docstring_map(module_name: str) -> dict[int, tuple[str, ...]]:
    """The objective → questions list a bank's docstring states, read from its numbered list."""
    module = importlib.import_module(module_name)
    doc = ast.get_docstring(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))) or ""
    section = doc.split("the questions that assess them:", 1)[1].strip().split("\n\n", 1)[0]
    items = re.split(r"^(\d+)\.\s", section, flags=re.M)[1:]
    return {
        int(n): tuple(dict.fromkeys(re.findall(r"\bQ\d+\b", text)))
        for n, text in zip(items[::2], items[1::2], strict=True)
    }


def test_each_map_is_the_one_its_bank_docstring_states(banks):
    for number, exercise in banks.items():
        if exercise.objectives:
            assert exercise.objectives == docstring_map(f"cbec.exercises.l{number}"), number


def test_the_docstring_reader_reads_a_numbered_list(tmp_path, monkeypatch):
    (tmp_path / "fake_bank.py").write_text(
        '"""Bank.\n\nObjectives of lesson 09 and the questions that assess them:\n\n'
        '1. **x** y: Q2 (a Q3-like note), Q3.\n2. z, over\n   two lines: Q10.\n\nQuestions: Q1 single 1.\n"""\n',
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert docstring_map("fake_bank") == {1: ("Q2", "Q3"), 2: ("Q10",)}


def test_exercise_objectives_are_optional_and_checked():
    assert Exercise("L00", "00_warmup").objectives == {}
    assert Exercise("L09", "09_x", objectives={1: ("Q1", "Q2")}).objectives == {1: ("Q1", "Q2")}
    for bad in ({0: ("Q1",)}, {1: "Q1"}, {1: ()}, {1: ("L09.Q1",)}, {"1": ("Q1",)}):
        with pytest.raises(ValueError, match="objectives map"):
            Exercise("L09", "09_x", objectives=bad)


# -- plans -----------------------------------------------------------------------------------------
def plan_problems(plan: Plan, lessons_) -> list[str]:
    problems = [
        f"{s.label}: {sum(a.minutes for a in s.in_class)} minutes in class"
        for s in plan.sessions
        if sum(a.minutes for a in s.in_class) > plan.session_minutes
    ]
    activities = [a for s in plan.sessions for a in (*s.in_class, *s.homework)]

    def scheduled(number: str, part: str) -> int:
        return sum(a.minutes for a in activities if a.lesson == number and a.part == part)

    for lesson in lessons_:
        for part, needed in (("lesson", lesson.lesson_minutes), ("exercise", lesson.exercise_minutes)):
            if scheduled(lesson.number, part) < needed:
                problems.append(
                    f"{lesson.number} {part}: {scheduled(lesson.number, part)} of {needed} minutes"
                )
    if not scheduled(course.WARMUP, "exercise"):
        problems.append("the warm-up is not scheduled")
    return problems


@pytest.mark.parametrize("plan", course.PLANS, ids=lambda p: p.key)
def test_each_plan_schedules_every_lesson_and_exercise(plan, course_lessons):
    assert plan_problems(plan, course_lessons) == []


def test_the_plan_check_catches_short_minutes_a_full_session_and_no_warmup(course_lessons):
    plan, lesson = course.INTENSIVE, course_lessons[1]

    def broken(activity: Activity) -> Activity:
        cut = (activity.lesson, activity.part) == (lesson.number, "lesson")
        return dataclasses.replace(activity, minutes=activity.minutes - 5) if cut else activity

    sessions = [
        dataclasses.replace(s, in_class=tuple(broken(a) for a in s.in_class if a.lesson != course.WARMUP))
        for s in plan.sessions
    ]
    sessions[0] = dataclasses.replace(sessions[0], in_class=(*sessions[0].in_class, Activity("加课", 60)))
    first = sum(a.minutes for a in sessions[0].in_class)
    taught = sum(
        a.minutes for s in sessions for a in s.in_class if (a.lesson, a.part) == (lesson.number, "lesson")
    )
    assert first > plan.session_minutes and taught < lesson.lesson_minutes
    assert plan_problems(dataclasses.replace(plan, sessions=tuple(sessions)), course_lessons) == [
        f"{sessions[0].label}: {first} minutes in class",
        f"{lesson.number} lesson: {taught} of {lesson.lesson_minutes} minutes",
        "the warm-up is not scheduled",
    ]


def schedule_problems(plan: Plan, exercises: set[str]) -> list[str]:
    """Deadlines and debriefs: each exercise is due once, worked on before its deadline (homework
    the class before at the latest), debriefed only after it; lessons are taught in class; and a
    block with no lesson, exercise or named activity is a short discussion."""
    due_at: dict[str, list[int]] = {}
    for index, session in enumerate(plan.sessions):
        for number in session.due:
            due_at.setdefault(number, []).append(index)
    problems = [
        f"exercise {n} is due {len(due_at.get(n, []))} times"
        for n in sorted(exercises)
        if len(due_at.get(n, [])) != 1
    ]
    problems += [f"{n} is due but is no exercise" for n in sorted(set(due_at) - exercises)]
    for index, session in enumerate(plan.sessions):
        for at_home, activity in [(False, a) for a in session.in_class] + [
            (True, a) for a in session.homework
        ]:
            where, due = f"{session.label}: {activity.text}", due_at.get(activity.lesson or "", [None])[0]
            if activity.part == "lesson" and at_home:
                problems.append(f"{where} is a lesson set as homework")
            if activity.part == "exercise" and due is not None and index + int(at_home) > due:
                problems.append(f"{where} comes after the deadline")
            if activity.kind == "debrief" and (due is None or index <= due):
                problems.append(f"{where} comes before the deadline")
            if activity.kind and activity.kind not in course.KINDS:
                problems.append(f"{where} is of unknown kind {activity.kind!r}")
            if not activity.part and not activity.kind and activity.minutes > course.DISCUSSION_MAX:
                problems.append(f"{where} runs {activity.minutes} minutes with nothing named to do")
    return problems


@pytest.fixture(scope="module")
def exercise_numbers(course_lessons) -> set[str]:
    return {course.WARMUP, *(lesson.number for lesson in course_lessons)}


@pytest.mark.parametrize("plan", course.PLANS, ids=lambda p: p.key)
def test_each_plan_sets_deadlines_and_debriefs_after_them(plan, exercise_numbers):
    assert schedule_problems(plan, exercise_numbers) == []


def test_the_semester_has_32_classes_of_45_minutes_and_one_or_two_buffers():
    plan = course.SEMESTER
    assert len(plan.sessions) == 32 and plan.session_minutes == 45
    assert 1 <= sum(s.buffer for s in plan.sessions) <= 2
    assert all(any(a.kind == "buffer" for a in s.in_class) == s.buffer for s in plan.sessions)


def test_the_schedule_check_catches_each_broken_rule(exercise_numbers):
    sessions = list(course.SEMESTER.sessions)
    due = {n: i for i, s in enumerate(sessions) for n in s.due}
    debrief = next(
        i for i, s in enumerate(sessions) if any(a.kind == "debrief" and a.lesson == "02" for a in s.in_class)
    )
    # exercise 2 due at its debrief, exercise 1 due twice, a long discussion and a lesson at home
    sessions[due["02"]] = dataclasses.replace(sessions[due["02"]], due=())
    sessions[debrief] = dataclasses.replace(sessions[debrief], due=("02",))
    sessions[due["01"]] = dataclasses.replace(sessions[due["01"]], due=("01", "01"))
    first = sessions[0]
    extra = (Activity("讨论", 30), Activity("第 9 课", 10, "09", "lesson"), Activity("x", 5, kind="quiz"))
    sessions[0] = dataclasses.replace(first, homework=(*first.homework, *extra))
    debrief_text = next(a.text for a in sessions[debrief].in_class if a.kind == "debrief")
    assert schedule_problems(
        dataclasses.replace(course.SEMESTER, sessions=tuple(sessions)), exercise_numbers
    ) == [
        "exercise 01 is due 2 times",
        f"{first.label}: 讨论 runs 30 minutes with nothing named to do",
        f"{first.label}: 第 9 课 is a lesson set as homework",
        f"{first.label}: x is of unknown kind 'quiz'",
        f"{sessions[debrief].label}: {debrief_text} comes before the deadline",
    ]
    sessions = list(course.SEMESTER.sessions)
    homework = next(i for i, s in enumerate(sessions) if any(a.lesson == "03" for a in s.homework))
    sessions[due["03"]] = dataclasses.replace(sessions[due["03"]], due=())
    sessions[homework] = dataclasses.replace(sessions[homework], due=("03",))
    (work,) = [a for a in sessions[homework].homework if a.lesson == "03"]
    assert schedule_problems(
        dataclasses.replace(course.SEMESTER, sessions=tuple(sessions)), exercise_numbers
    ) == [f"{sessions[homework].label}: {work.text} comes after the deadline"]


# -- minutes: a lesson's top and its exercise's first cell agree -------------------------------------
def minutes_problems(lessons_, root: Path) -> list[str]:
    problems = []
    for lesson in lessons_:
        for folder in ("solutions", "exercises"):
            path = root / folder / f"{lesson.stem}.ipynb"
            stated = course.exercise_minutes(path) if path.is_file() else None
            if stated != lesson.exercise_minutes:
                problems.append(
                    f"{folder}/{lesson.stem}: {stated} minutes, the lesson says {lesson.exercise_minutes}"
                )
    return problems


def test_each_exercise_states_the_minutes_its_lesson_gives_it(course_lessons):
    assert minutes_problems(course_lessons, ROOT) == []


def test_the_minutes_check_catches_a_disagreement_and_a_missing_statement(tmp_path, course_lessons):
    lesson = course_lessons[2]
    minutes = lesson.exercise_minutes
    for folder in ("solutions", "exercises"):
        (tmp_path / folder).mkdir()
    source = (ROOT / "solutions" / f"{lesson.stem}.ipynb").read_text(encoding="utf-8")
    assert f"约 {minutes} 分钟" in source
    changed = source.replace(f"约 {minutes} 分钟", f"约 {minutes - 15} 分钟", 1)
    (tmp_path / "solutions" / f"{lesson.stem}.ipynb").write_text(changed, encoding="utf-8")
    _write_lesson(tmp_path / "exercises", ["# 练习\n\n本练习共 3 题。"], f"{lesson.stem}.ipynb")
    assert minutes_problems([lesson], tmp_path) == [
        f"solutions/{lesson.stem}: {minutes - 15} minutes, the lesson says {minutes}",
        f"exercises/{lesson.stem}: None minutes, the lesson says {minutes}",
    ]


# -- weights ---------------------------------------------------------------------------------------
def weight_problems(weights, participation: int, bank_numbers) -> list[str]:
    named = [w.exercise for w in weights]
    problems = [f"bank {n} has no weight" for n in sorted(bank_numbers) if n not in named]
    problems += [f"weight {n} names no bank" for n in named if n not in bank_numbers and n != course.WARMUP]
    problems += [f"{w.exercise}: mode {w.mode}" for w in weights if w.mode not in ("formative", "summative")]
    total = sum(w.percent for w in weights) + participation
    return problems + ([f"weights and participation add up to {total}"] if total != 100 else [])


def test_the_weights_name_every_bank_and_add_up_to_100(banks):
    assert weight_problems(course.WEIGHTS, course.PARTICIPATION_PERCENT, set(banks)) == []


def test_the_weight_check_catches_a_missing_bank_a_bad_mode_and_a_wrong_sum(banks):
    broken = (*course.WEIGHTS[:-1], Weight("99", 1, "exam"))
    dropped = course.WEIGHTS[-1]
    assert weight_problems(broken, course.PARTICIPATION_PERCENT, set(banks)) == [
        f"bank {dropped.exercise} has no weight",
        "weight 99 names no bank",
        "99: mode exam",
        f"weights and participation add up to {100 - dropped.percent + 1}",
    ]
