"""What lesson-spec.md asks of every question bank, checked once for all of them.

Each bank's own test file keeps what is particular to it (its explorer, its plot question,
its written answers); the rules every exercise shares are here, so a new bank is held to them
the moment it exists.
"""

from __future__ import annotations

import pytest

from cbec.exercises import banks
from cbec.questions import PlotAnswer, WrittenAnswer

BANKS = banks()
# The readiness warm-up belongs to no lesson, so lesson-spec.md's counts for a lesson's exercise
# do not apply to it; it has a rule of its own below. Every other rule holds for it too.
WARMUP = "00_warmup"


def _questions(bank):
    return list(bank.exercise.questions.values())


@pytest.fixture(params=sorted(BANKS), ids=str)
def bank(request):
    return BANKS[request.param]


def test_every_bank_has_enough_questions_of_each_kind(bank):
    if bank.exercise.stem == WARMUP:
        pytest.skip("the warm-up is no lesson's exercise: see test_the_warm_up_checks_each_assumed_skill")
    questions = _questions(bank)
    assert len(questions) >= 8
    assert sum(q.widget_kind is not None for q in questions) >= 4  # answered through controls
    assert sum(q.widget_kind is None for q in questions) >= 3  # answered in code
    assert any(getattr(q, "hidden_cases", None) for q in questions)  # a function with hidden cases


def test_the_warm_up_checks_each_assumed_skill_in_code_with_a_control_or_two():
    questions = _questions(BANKS[WARMUP])
    assert 5 <= len(questions) <= 8  # about 30 minutes
    assert 1 <= sum(q.widget_kind is not None for q in questions) <= 2
    assert sum(q.widget_kind is None for q in questions) >= 4  # the skills are shown in code
    assert any(getattr(q, "hidden_cases", None) and not isinstance(q, PlotAnswer) for q in questions)
    assert any(isinstance(q, PlotAnswer) for q in questions)
    assert not any(isinstance(q, WrittenAnswer) for q in questions)


def test_every_question_has_hints_a_solution_an_explanation_and_points(bank):
    for q in _questions(bank):
        assert len(q.hints) >= 3 and q.solution_text, q.qid
        assert isinstance(q, WrittenAnswer) or q.explanation, q.qid  # a written answer is marked instead
        assert q.points > 0, q.qid


def test_questions_are_numbered_in_order_and_exported_for_the_notebook(bank):
    lesson = bank.exercise.lesson
    count = len(_questions(bank))
    assert [q.qid for q in _questions(bank)] == [f"{lesson}.Q{n}" for n in range(1, count + 1)]
    assert {name for name in bank.__all__ if name.startswith("q")} == {f"q{n}" for n in range(1, count + 1)}


def test_the_docstring_maps_every_question_and_states_points_and_rounding(bank):
    doc = bank.__doc__
    for n in range(1, len(_questions(bank)) + 1):
        assert f"Q{n}" in doc, n
    assert f"{sum(q.points for q in _questions(bank)):g} points" in doc
    for q in _questions(bank):
        rule = getattr(q, "rounding", None)
        if rule:
            assert rule in doc, q.qid
