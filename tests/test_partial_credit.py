"""Partial credit and points reach the grader's score: points × the share an answer earns."""

import pytest

from cbec.feedback import Status
from cbec.grader.judge import judge_stored
from cbec.questions import Classification, MultipleChoice

COMMON = {"hints": ["一", "二", "三"], "solution": "参考答案"}


@pytest.fixture
def questions(exercise):
    classify = exercise.add(
        Classification(
            "L99.Q1",
            items=["x", "y", "z", "w"],
            categories=["人", "货", "场"],
            answer={"x": "人", "y": "货", "z": "场", "w": "场"},
            partial_credit=True,
            points=6,
            **COMMON,
        )
    )
    multiple = exercise.add(
        MultipleChoice(
            "L99.Q2", options=["A", "B", "C"], answer=["A", "B"], partial_credit=True, points=2, **COMMON
        )
    )
    strict = exercise.add(
        MultipleChoice("L99.Q3", options=["A", "B", "C"], answer=["A", "B"], points=2, **COMMON)
    )
    return classify, multiple, strict


def test_the_grader_scores_points_times_the_share_earned(questions):
    stored = {
        "L99.Q1": {"x": "人", "y": "货", "z": "场", "w": "人"},
        "L99.Q2": ["A"],
        "L99.Q3": ["A"],
    }
    scores = {q.qid: judge_stored(q, stored, None) for q in questions}
    assert scores["L99.Q1"].score == pytest.approx(6 * 3 / 4)
    assert scores["L99.Q2"].score == pytest.approx(2 * 1 / 2)
    assert scores["L99.Q3"].score == 0  # without partial credit: all or nothing
    assert {r.status for r in scores.values()} == {Status.INCORRECT.value}


def test_right_and_empty_answers_score_all_and_nothing(questions):
    classify, multiple, _ = questions
    right = {"L99.Q1": classify.answer, "L99.Q2": ["A", "B"]}
    assert judge_stored(classify, right, None).score == 6
    assert judge_stored(multiple, right, None).score == 2
    assert judge_stored(multiple, {}, None).score == 0
    assert judge_stored(multiple, {"L99.Q2": []}, None).status == Status.NOT_ATTEMPTED.value
