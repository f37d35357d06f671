"""A value rounded to 1 or 2 significant figures, or to some decimal places, is named as rounded;
a percent given for a share (or a share for a percent), rounded or not, gets the ×100 note. For
numbers, Series and DataFrames, in the instructor's question and in the sealed one alike."""

import json

import numpy as np
import pandas as pd
import pytest

from cbec.feedback import Status
from cbec.questions import Exercise, Numeric, ValueAnswer
from cbec.questions.numeric import HUNDRED_NOTE
from cbec.questions.rounding import NOTE, is_any_rounding_of
from cbec.questions.sealed import load_exercise, seal_exercise

COMMON = {"hints": ["提示。"], "solution": "参考答案：不随学生版发出"}
SHARE = 0.503148  # a share, as exercise 1 Q5 asks for
SERIES = pd.Series({"国际站": 11573.21, "速卖通": 59.4172})
TABLE = pd.DataFrame(
    {"付费": [0.163333, 0.402222], "自然": [0.836667, 0.597778]},
    index=pd.Index(["国际站", "速卖通"], name="platform"),
)


def _both(tmp_path, question):
    """The question, and the same question sealed and loaded back."""
    bank = Exercise("L99", stem="99_test")
    bank.add(question)
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / f"{question.qid}.sealed.json"
    path.write_text(json.dumps(seal_exercise(bank, "salt"), ensure_ascii=False), encoding="utf-8")
    sealed = load_exercise(path)
    sealed.use_store(tmp_path / "99_test.answers.json")
    return question, sealed.questions[question.qid]


def _says(q, answer, note):
    feedback = q.evaluate(answer)
    assert feedback.status is Status.INCORRECT, (q.qid, answer)
    assert note in feedback.message, (q.qid, answer, feedback.message)


def _same(original, sealed, answer):
    want, got = original.evaluate(answer), sealed.evaluate(answer)
    assert (got.status, got.message) == (want.status, want.message), answer


def test_any_rounding_is_recognised_and_zero_is_not():
    assert is_any_rounding_of(0.5, SHARE) and is_any_rounding_of(1.0, SHARE)  # 1 figure; 0 places
    assert is_any_rounding_of(59.0, 59.4172) and is_any_rounding_of(0.16, 0.163333)
    assert not is_any_rounding_of(0.0, 0.3) and not is_any_rounding_of(0.6, SHARE)
    assert not is_any_rounding_of(float("nan"), SHARE)


@pytest.mark.parametrize("sealed", [False, True])
def test_a_coarsely_rounded_number_gets_the_rounding_note(tmp_path, sealed):
    original, copy = _both(tmp_path, ValueAnswer("L99.Q5", expected=lambda: SHARE, **COMMON))
    q = copy if sealed else original
    assert q.evaluate(SHARE).passed
    for rounded in (0.5, 0.50, 0.503, round(SHARE, 2), 1.0):
        _says(q, rounded, NOTE)
        assert "与预期不符" not in q.evaluate(rounded).message
        _same(original, copy, rounded)
    _says(q, 0.6, "与预期不符")
    assert q.evaluate(...).status is Status.NOT_ATTEMPTED
    assert q.evaluate("0.5").status is Status.INVALID and "去掉引号" in q.evaluate("0.5").message


@pytest.mark.parametrize("sealed", [False, True])
def test_a_series_or_table_rounded_in_places_gets_the_rounding_note(tmp_path, sealed):
    series = _both(tmp_path / "s", ValueAnswer("L99.Q4", expected=SERIES, rtol=1e-4, **COMMON))
    table = _both(tmp_path / "t", ValueAnswer("L99.Q9", expected=TABLE, rtol=1e-4, **COMMON))
    for (original, copy), value, places in [(series, SERIES, (0, 1)), (table, TABLE, (1, 2))]:
        q = copy if sealed else original
        assert q.evaluate(value).passed
        for rounded in (value.round(p) for p in places):
            _says(q, rounded, NOTE)
            _same(original, copy, rounded)
        _says(q, value.round(2) + 0.5, "与预期不符")
        assert q.evaluate(3.0).status is Status.INVALID
        assert q.evaluate(...).status is Status.NOT_ATTEMPTED


@pytest.mark.parametrize("sealed", [False, True])
def test_accept_still_accepts_only_three_figures_or_more(tmp_path, sealed):
    original, copy = _both(
        tmp_path,
        Numeric("L99.Q7", answer=lambda: 11.6883, tolerance=0.01, unit="%", rounding="accept", **COMMON),
    )
    q = copy if sealed else original
    assert q.evaluate(11.69).passed and q.evaluate(11.7).passed  # 3 figures: a reading, accepted
    for coarse in (12.0, 10.0):
        _says(q, coarse, NOTE)
        _same(original, copy, coarse)
    assert q.evaluate(13.0).status is Status.INCORRECT and NOTE not in q.evaluate(13.0).message
    assert q.evaluate(...).status is Status.NOT_ATTEMPTED
    assert q.evaluate([12]).status is Status.INVALID


@pytest.mark.parametrize("sealed", [False, True])
def test_a_percent_for_a_share_gets_the_hundred_note_even_rounded(tmp_path, sealed):
    number = _both(tmp_path / "n", ValueAnswer("L99.Q5", expected=lambda: SHARE, **COMMON))
    table = _both(tmp_path / "t", ValueAnswer("L99.Q9", expected=TABLE, rtol=1e-4, **COMMON))
    original, copy = number
    q = copy if sealed else original
    for percent in (SHARE * 100, 50.3, 50.0, np.float64(50.31)):
        _says(q, percent, HUNDRED_NOTE)
        _same(original, copy, percent)
    original, copy = table
    t = copy if sealed else original
    for percent in (TABLE * 100, (TABLE * 100).round(1), (TABLE * 100).round(0)):
        _says(t, percent, HUNDRED_NOTE)
        _same(original, copy, percent)
    assert t.evaluate(TABLE).passed and t.evaluate(...).status is Status.NOT_ATTEMPTED


@pytest.mark.parametrize("sealed", [False, True])
def test_a_share_for_a_percent_gets_the_hundred_note_in_a_series(tmp_path, sealed):
    percents = SERIES / 200  # any numbers: the note is about the factor
    original, copy = _both(tmp_path, ValueAnswer("L99.Q8", expected=percents, rtol=1e-4, **COMMON))
    q = copy if sealed else original
    for share in (percents / 100, (percents / 100).round(3)):
        _says(q, share, HUNDRED_NOTE)
        _same(original, copy, share)


def test_a_table_with_text_columns_scales_only_its_numbers(tmp_path):
    frame = pd.DataFrame({"platform": ["国际站", "速卖通"], "share": [0.163333, 0.402222]})
    original, copy = _both(tmp_path, ValueAnswer("L99.Q3", expected=frame, rtol=1e-4, **COMMON))
    percent = frame.assign(share=frame["share"] * 100)
    for q in (original, copy):
        _says(q, percent, HUNDRED_NOTE)
        assert q.evaluate(frame).passed


@pytest.mark.parametrize("sealed", [False, True])
def test_a_numeric_question_names_a_coarse_decimal_for_a_percent(tmp_path, sealed):
    original, copy = _both(
        tmp_path,
        Numeric("L99.Q7", answer=lambda: 11.6883, tolerance=0.3, unit="%", slider=(0, 40, 0.1), **COMMON),
    )
    q = copy if sealed else original
    for decimal in (0.1, 0.12, 0.117):
        _says(q, decimal, HUNDRED_NOTE)
        _same(original, copy, decimal)


def test_a_sealed_numeric_with_misconceptions_still_names_rounding_of_its_answer(tmp_path):
    original, copy = _both(
        tmp_path,
        Numeric(
            "L99.Q7",
            answer=lambda: 17.55853,
            tolerance=1e-4,
            misconceptions=[(lambda: 25.0, "你用了全部订单。")],
            **COMMON,
        ),
    )
    for answer in (17.56, 17.6, 18.0, 25.0):
        _same(original, copy, answer)
    _says(copy, 17.56, NOTE)
    _says(copy, 25.0, "全部订单")
