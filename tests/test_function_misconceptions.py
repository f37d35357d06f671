"""Function questions name a misconception: a failing function whose outputs on every public case
are those of a wrong reference gets that reference's note, beside the failing case; the sealed
question does the same from digests, with the note locked under them."""

import json

import pandas as pd
import pytest

from cbec.feedback import Status
from cbec.questions import Exercise, FunctionAnswer
from cbec.questions.sealed import load_exercise, seal_exercise

COMMON = {"hints": ["分三步。"], "solution": "参考答案：不随学生版发出", "explanation": "中位数之比。"}
NOTES = {
    "swapped": "你用单品除以组合：分子分母颠倒了。",
    "mean": "你求的是平均数，题目要中位数。",
    "unfiltered": "你没有先筛选平台。",
    "ignores_column": "你的函数没有用参数 column。",
    "rounded": "你把结果四舍五入了：直接返回算出的比值。",
}


def _medians(df, platform, column, how="median", filtered=True):
    rows = df[df["platform"] == platform] if filtered else df
    return rows.groupby("bought_bundle")[column].agg(how)


def lift(df, platform, column="order_value_usd"):
    m = _medians(df, platform, column)
    return float(m[True] / m[False])


def swapped(df, platform, column="order_value_usd"):
    m = _medians(df, platform, column)
    return float(m[False] / m[True])


def mean(df, platform, column="order_value_usd"):
    m = _medians(df, platform, column, how="mean")
    return float(m[True] / m[False])


def unfiltered(df, platform, column="order_value_usd"):
    m = _medians(df, platform, column, filtered=False)
    return float(m[True] / m[False])


def ignores_column(df, platform, column="order_value_usd"):
    return lift(df, platform)


def rounded(df, platform, column="order_value_usd"):
    return round(lift(df, platform, column), 1)


def _small():
    return pd.DataFrame(
        {
            "platform": ["国际站"] * 5 + ["速卖通"] * 3,
            "bought_bundle": [True, False, True, False, True, True, False, True],
            "order_value_usd": [300.0, 100.0, 500.0, 200.0, 2000.0, 30.0, 20.0, 90.0],
            "decision_days": [40, 20, 10, 30, 90, 2, 1, 5],
        }
    )


def _cases():
    return [(_small(), "国际站", "decision_days"), (_small(), "国际站"), (_small(), "速卖通")]


def _question(qid="L99.Q6"):
    wrong = [swapped, mean, unfiltered, ignores_column, rounded]
    return FunctionAnswer(
        qid,
        reference=lift,
        cases=_cases,
        misconceptions=[(f, NOTES[f.__name__]) for f in wrong],
        **COMMON,
    )


@pytest.fixture
def original():
    return Exercise("L99", stem="99_test").add(_question())


@pytest.fixture
def sealed(tmp_path):
    bank = Exercise("L99", stem="99_test")
    bank.add(_question())
    path = tmp_path / "l99.sealed.json"
    text = json.dumps(seal_exercise(bank, "salt"), ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    for note in NOTES.values():
        assert note not in text
    exercise = load_exercise(path)
    exercise.use_store(tmp_path / "99_test.answers.json")
    return exercise.questions["L99.Q6"]


def test_the_wrong_functions_differ_from_the_reference_on_a_public_case():
    for wrong in (swapped, mean, unfiltered, ignores_column, rounded):
        assert any(wrong(*args) != lift(*args) for args in _cases()), wrong.__name__


@pytest.mark.parametrize("which", ["original", "sealed"])
@pytest.mark.parametrize("wrong", [swapped, mean, unfiltered, ignores_column, rounded])
def test_a_misconception_gets_its_note_beside_the_failing_case(request, which, wrong):
    q = request.getfixturevalue(which)
    feedback = q.evaluate(wrong)
    assert feedback.status is Status.INCORRECT
    assert NOTES[wrong.__name__] in feedback.message
    assert "测试用例" in feedback.message and "预期返回" in feedback.message
    assert sum(note in feedback.message for note in NOTES.values()) == 1


@pytest.mark.parametrize("which", ["original", "sealed"])
def test_right_empty_other_wrong_and_wrong_types(request, which):
    q = request.getfixturevalue(which)
    assert q.evaluate(lift).passed

    def stub(df, platform, column="order_value_usd"):
        """比值。"""
        ...

    def off(df, platform, column="order_value_usd"):
        return lift(df, platform, column) + 1

    def crashes(df, platform, column="order_value_usd"):
        return df["price"].median()

    def returns_series(df, platform, column="order_value_usd"):
        return _medians(df, platform, column)

    assert q.evaluate(stub).status is Status.NOT_ATTEMPTED
    assert q.evaluate(...).status is Status.NOT_ATTEMPTED
    for attempt in (off, crashes):
        feedback = q.evaluate(attempt)
        assert feedback.status is Status.INCORRECT
        assert not any(note in feedback.message for note in NOTES.values()), attempt.__name__
    series = q.evaluate(returns_series)
    assert series.status is Status.INCORRECT and "先从中取出一个数" in series.message
    assert ".sum()" not in series.message
    wrong_type = q.evaluate(3.0)
    assert wrong_type.status is Status.INVALID and "需要一个函数" in wrong_type.message


def test_the_sealed_question_says_what_the_original_says(original, sealed):
    for attempt in (swapped, mean, unfiltered, ignores_column, rounded, lift):
        want, got = original.evaluate(attempt), sealed.evaluate(attempt)
        assert (got.status, got.message) == (want.status, want.message), attempt.__name__


def test_a_function_that_matches_a_misconception_on_some_cases_only_gets_no_note(original, sealed):
    def half_swapped(df, platform, column="order_value_usd"):
        return swapped(df, platform, column) if platform == "国际站" else lift(df, platform, column)

    for q in (original, sealed):
        feedback = q.evaluate(half_swapped)
        assert feedback.status is Status.INCORRECT and NOTES["swapped"] not in feedback.message
