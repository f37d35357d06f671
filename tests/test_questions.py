"""Every question type: a right answer passes, a wrong one fails with feedback, an empty one
reports "还没有作答", and a wrong type gets a message instead of a traceback."""

import pandas as pd
import pytest

from cbec import grading
from cbec.feedback import Status
from cbec.questions import (
    Classification,
    FunctionAnswer,
    MultipleChoice,
    Numeric,
    SingleChoice,
    ValueAnswer,
    ____,
)
from cbec.questions.code import CallOutcome

COMMON = {"hints": ["先想一想定义。", "再看数据。"], "solution": "参考答案"}


@pytest.fixture
def single(exercise):
    return exercise.add(
        SingleChoice(
            "L99.Q1",
            options=["价格最低", "信任与资质", "物流最快"],
            answer="信任与资质",
            misconceptions={"价格最低": "B2B 采购看重长期合作，价格不是首要因素。"},
            **COMMON,
        )
    )


@pytest.fixture
def multiple(exercise):
    return exercise.add(
        MultipleChoice(
            "L99.Q2",
            options=["RFQ", "直通车", "P4P", "联盟营销"],
            answer=["RFQ", "P4P"],
            option_notes={"直通车": "直通车是速卖通的广告工具。"},
            **COMMON,
        )
    )


@pytest.fixture
def classify(exercise):
    return exercise.add(
        Classification(
            "L99.Q3",
            items=["用户画像", "场景化解决方案", "直播间"],
            categories=["人", "货", "场"],
            answer={"用户画像": "人", "场景化解决方案": "货", "直播间": "场"},
            misconceptions={("直播间", "货"): "直播间是触达买家的场所，属于“场”。"},
            **COMMON,
        )
    )


@pytest.fixture
def numeric(exercise):
    return exercise.add(
        Numeric(
            "L99.Q4",
            answer=lambda: 0.25,
            tolerance=0.005,
            misconceptions=[(0.75, "你算的是未转化的比例。")],
            **COMMON,
        )
    )


def test_single_choice(single):
    assert single.evaluate("信任与资质").status is Status.CORRECT
    wrong = single.evaluate("价格最低")
    assert wrong.status is Status.INCORRECT
    assert "价格不是首要因素" in wrong.message
    assert single.evaluate("物流最快").status is Status.INCORRECT
    assert single.evaluate().status is Status.NOT_ATTEMPTED
    assert single.evaluate(____).status is Status.NOT_ATTEMPTED
    assert single.evaluate(...).status is Status.NOT_ATTEMPTED


@pytest.mark.parametrize(("answer", "says"), [(2, "你给的是数字 2"), ("B", "不是本题的选项"), (None, "None")])
def test_single_choice_wrong_types(single, answer, says):
    feedback = single.evaluate(answer)
    assert feedback.status is Status.INVALID
    assert says in feedback.message


def test_multiple_choice(multiple):
    assert multiple.evaluate(["P4P", "RFQ"]).status is Status.CORRECT
    wrong = multiple.evaluate(["RFQ", "直通车"])
    assert wrong.status is Status.INCORRECT
    assert "漏选 1 项，多选 1 项" in wrong.message
    assert "速卖通的广告工具" in wrong.message
    assert multiple.evaluate([]).status is Status.NOT_ATTEMPTED
    assert multiple.evaluate("RFQ").status is Status.INVALID


def test_classification(classify):
    right = {"用户画像": "人", "场景化解决方案": "货", "直播间": "场"}
    assert classify.evaluate(right).status is Status.CORRECT
    wrong = classify.evaluate({**right, "直播间": "货"})
    assert wrong.status is Status.INCORRECT
    assert "分对了 2 项" in wrong.message
    assert "属于“场”" in wrong.message
    partial = classify.evaluate({"用户画像": "人"})
    assert partial.status is Status.INCORRECT
    assert "还有 2 项没有分类" in partial.message
    assert classify.evaluate({}).status is Status.NOT_ATTEMPTED
    assert "需要一个字典" in classify.evaluate(["人"]).message
    assert classify.evaluate({"用户画像": None}).status is Status.NOT_ATTEMPTED
    assert classify.evaluate({"用户画像": "钱"}).status is Status.INVALID
    assert classify.evaluate(["人"]).status is Status.INVALID


def test_numeric(numeric):
    assert numeric.evaluate(0.252).status is Status.CORRECT
    assert "未转化" in numeric.evaluate(0.75).message
    assert "100 倍" in numeric.evaluate(25).message
    assert "偏大" in numeric.evaluate(0.4).message
    assert numeric.evaluate(...).status is Status.NOT_ATTEMPTED


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (pd.DataFrame({"rate": [0.25, 0.3]}), "DataFrame（表格，2 行 × 1 列）"),
        (pd.Series([0.25]), ".iloc[0]"),
        (None, "忘了 return"),
        ("0.25", "去掉引号"),
        ("四分之一", "带引号的字符串"),
        (True, "布尔值"),
        (float("nan"), "NaN"),
    ],
)
def test_numeric_wrong_types_explain_what_was_expected(numeric, answer, says):
    feedback = numeric.evaluate(answer)
    assert feedback.status is Status.INVALID
    assert "需要一个数字" in feedback.message or "NaN" in feedback.message
    assert says in feedback.message


def _orders():
    return pd.DataFrame({"platform": ["国际站", "速卖通", "速卖通"], "value": [3000.0, 20.0, 40.0]})


def test_value_answer_compares_tables(exercise):
    def expected():
        return _orders().groupby("platform", as_index=False)["value"].median()

    q = exercise.add(
        ValueAnswer(
            "L99.Q5",
            expected=expected,
            misconceptions=[
                (
                    lambda: _orders().groupby("platform", as_index=False)["value"].sum(),
                    "你求的是总和，不是中位数。",
                )
            ],
            **COMMON,
        )
    )
    assert q.evaluate(expected()).status is Status.CORRECT
    summed = _orders().groupby("platform", as_index=False)["value"].sum()
    assert "不是中位数" in q.evaluate(summed).message
    assert "列不对" in q.evaluate(expected().rename(columns={"value": "v"})).message
    assert q.evaluate(3.0).status is Status.INVALID
    assert q.evaluate(...).status is Status.NOT_ATTEMPTED
    forgot_argument = q.evaluate()
    assert forgot_argument.status is Status.NOT_ATTEMPTED
    assert "q5.check(你的答案)" in forgot_argument.message


def _median_value(df):
    return df["value"].median()


def test_function_answer(exercise):
    q = exercise.add(
        FunctionAnswer("L99.Q6", reference=_median_value, cases=lambda: [(_orders(),)], **COMMON)
    )

    def right(df):
        return df["value"].median()

    def stub(df):
        """返回中位数。"""
        ...

    def forgot_return(df):
        df["value"].median()

    def crashes(df):
        return df["price"].median()

    def mean_instead(df):
        return df["value"].mean()

    assert q.evaluate(right).status is Status.CORRECT
    assert q.evaluate(stub).status is Status.NOT_ATTEMPTED
    assert "忘了写 return" in q.evaluate(forgot_return).message
    crash = q.evaluate(crashes)
    assert crash.status is Status.INCORRECT
    assert "KeyError" in crash.message
    assert "Traceback" not in crash.message
    assert q.evaluate(mean_instead).status is Status.INCORRECT
    assert q.evaluate(right(_orders())).status is Status.INVALID  # a number, not the function


def test_a_function_that_changes_its_input_does_not_spoil_other_cases(exercise):
    frames = [_orders(), _orders()]
    q = exercise.add(
        FunctionAnswer("L99.Q7", reference=_median_value, cases=[(f,) for f in frames], **COMMON)
    )

    def vandal(df):
        result = df["value"].median()
        df["value"] = 0
        return result

    assert q.evaluate(vandal).status is Status.CORRECT
    assert frames[0]["value"].tolist() == [3000.0, 20.0, 40.0]


def test_hints_come_one_by_one_and_by_number(single):
    assert single.hint_note().heading == "提示 1/2"
    assert single.hint_note().heading == "提示 2/2"
    assert single.hint_note(1).body == "先想一想定义。"
    assert "1 到 2" in single.hint_note(7).body
    assert single.solution_note().body == "参考答案"


def test_asking_past_the_last_hint_says_there_are_no_more(single):
    shown = [single.hint_note() for _ in range(len(single.hints))]
    assert [n.body for n in shown] == list(single.hints)
    past = single.hint_note()
    assert "没有更多提示" in past.body and "q1.solution()" in past.body
    assert single.hint_note().body == past.body  # and keeps saying so
    assert single.hint_note(2).body == single.hints[1]  # a numbered hint can still be seen again


def test_check_shows_feedback_and_raises_only_under_the_grader(single, monkeypatch, capsys):
    single.check("价格最低")
    assert "还不对" in capsys.readouterr().out
    monkeypatch.setenv(grading.GRADING_ENV, "1")
    with pytest.raises(grading.AnswerNotCorrectError, match="还不对"):
        single.check("价格最低")
    with pytest.raises(grading.AnswerNotCorrectError, match="还没有作答"):
        single.check()
    single.check("信任与资质")  # passes silently under the grader too


def test_set_answer_persists_for_check_without_argument(single):
    single.set_answer("信任与资质")
    assert single.evaluate().status is Status.CORRECT
    assert single.exercise.store.read() == {"L99.Q1": "信任与资质"}


def test_a_corrupt_store_makes_the_check_say_so(single):
    single.exercise.store.path.write_text("{oops", encoding="utf-8")
    feedback = single.evaluate()
    assert feedback.status is Status.ERROR
    assert "无法读取" in feedback.message


def test_question_definitions_are_validated():
    with pytest.raises(ValueError, match=r"L01\.Q3"):
        SingleChoice("Q3", options=["a"], answer="a", **COMMON)
    with pytest.raises(ValueError, match="not an option"):
        SingleChoice("L01.Q3", options=["a"], answer="b", **COMMON)
    with pytest.raises(ValueError, match="hint"):
        SingleChoice("L01.Q3", options=["a"], answer="a", solution="x")


def test_series_answers_are_compared_by_label_in_any_order(exercise):
    expected = pd.Series({"国际站": 3000.0, "速卖通": 26.0})
    q = exercise.add(ValueAnswer("L99.Q8", expected=expected, **COMMON))
    assert q.evaluate(expected.iloc[::-1]).passed
    off = q.evaluate(pd.Series({"国际站": 3000.0, "速卖通": 31.0}))  # 30 would be 26 rounded
    assert "“速卖通”对应的值是 31，" in off.message
    assert "索引" in q.evaluate(pd.Series({"B2B": 3000.0, "B2C": 26.0})).message
    assert "应当有 2 个" in q.evaluate(expected.head(1)).message


def test_other_values_name_the_expected_kind(exercise):
    q = exercise.add(ValueAnswer("L99.Q9", expected=["RFQ", "P4P"], **COMMON))
    assert q.evaluate(["RFQ", "P4P"]).passed
    assert "需要列表" in q.evaluate("RFQ").message


def test_set_answer_rejects_an_invalid_answer_without_saving(single, capsys):
    # Nothing returned: IPython would show a returned Feedback a second time, as the cell result.
    assert single.set_answer("不存在的选项") is None
    shown = capsys.readouterr().out
    assert shown.count("不是本题的选项") == 1 and "答案的格式不对" in shown
    assert single.exercise.store.read() == {}


def test_set_answer_confirms_in_one_line(single, capsys):
    assert single.set_answer("信任与资质") is None
    assert capsys.readouterr().out == "已保存 q1 的答案。\n"
    assert single.exercise.store.read() == {"L99.Q1": "信任与资质"}


# -- which items are wrong, and partial credit ----------------------------------------------------
def test_multiple_choice_names_the_wrong_options(multiple):
    wrong = multiple.evaluate(["RFQ", "直通车"])
    assert "漏选的：“P4P”" in wrong.message
    assert "不该选的：“直通车”" in wrong.message
    assert "RFQ" not in wrong.message.replace("“RFQ”", "")  # the right tick is not named
    assert wrong.credit is None and wrong.earned == 0  # all or nothing unless the bank says


def test_classification_names_the_wrong_and_the_unplaced_items(classify):
    right = {"用户画像": "人", "场景化解决方案": "货", "直播间": "场"}
    wrong = classify.evaluate({**right, "直播间": "货"})
    assert "分错的：“直播间”" in wrong.message
    assert "用户画像" not in wrong.message and "场景化解决方案" not in wrong.message
    partial = classify.evaluate({"用户画像": "人"})
    assert "没有分类：“场景化解决方案”、“直播间”" in partial.message
    assert partial.credit is None and partial.earned == 0


def _partial_questions(exercise):
    multiple = exercise.add(
        MultipleChoice(
            "L99.Q21",
            options=["A", "B", "C", "D"],
            answer=["A", "B"],
            partial_credit=True,
            points=4,
            **COMMON,
        )
    )
    classify = exercise.add(
        Classification(
            "L99.Q22",
            items=["x", "y", "z"],
            categories=["人", "货", "场"],
            answer={"x": "人", "y": "货", "z": "场"},
            partial_credit=True,
            points=3,
            **COMMON,
        )
    )
    return multiple, classify


@pytest.mark.parametrize(
    ("ticked", "credit"),
    [(["A"], 0.5), (["A", "C"], 0.0), (["A", "B", "C"], 0.5), (["C", "D"], 0.0), (["B"], 0.5)],
)
def test_multiple_choice_partial_credit(exercise, ticked, credit):
    multiple, _ = _partial_questions(exercise)
    feedback = multiple.evaluate(ticked)
    assert feedback.status is Status.INCORRECT
    right, wrong = len(set(ticked) & {"A", "B"}), len(set(ticked) - {"A", "B"})
    assert feedback.credit == pytest.approx(max(0, (right - wrong) / 2)) == pytest.approx(credit)
    assert f"{credit:.0%}" in feedback.message
    assert f"可得 {credit * 4:g}/4 分" in feedback.message
    assert multiple.evaluate(["A", "B"]).earned == 1
    assert multiple.evaluate([]).status is Status.NOT_ATTEMPTED
    assert multiple.evaluate("A").status is Status.INVALID


def test_classification_partial_credit(exercise):
    _, classify = _partial_questions(exercise)
    two_of_three = classify.evaluate({"x": "人", "y": "货", "z": "人"})
    assert two_of_three.credit == pytest.approx(2 / 3) and two_of_three.earned == pytest.approx(2 / 3)
    assert "可得 2/3 分（67%）" in two_of_three.message
    assert classify.evaluate({"x": "人"}).credit == pytest.approx(1 / 3)  # unplaced items earn nothing
    assert classify.evaluate({"x": "货", "y": "人", "z": "人"}).credit == 0
    assert classify.evaluate({"x": "人", "y": "货", "z": "场"}).earned == 1
    assert classify.evaluate({}).status is Status.NOT_ATTEMPTED
    assert "需要一个字典" in classify.evaluate(["人"]).message


# -- rounding -------------------------------------------------------------------------------------
EXPECTED = 0.172839  # 6 significant figures: rounding to 3, 4 or 5 leaves a tight tolerance


@pytest.mark.parametrize("digits", [3, 4, 5])
def test_numeric_names_a_rounded_value_or_accepts_it(exercise, digits):
    noted = exercise.add(Numeric("L99.Q11", answer=lambda: EXPECTED, tolerance=1e-6, **COMMON))
    accepted = exercise.add(
        Numeric("L99.Q12", answer=lambda: EXPECTED, tolerance=1e-6, rounding="accept", **COMMON)
    )
    rounded = float(f"{EXPECTED:.{digits}g}")
    note = noted.evaluate(rounded)
    assert note.status is Status.INCORRECT and "四舍五入" in note.message
    assert str(rounded) not in note.message and "与预期不符" not in note.message
    assert accepted.evaluate(rounded).status is Status.CORRECT
    assert noted.evaluate(EXPECTED).passed
    assert "偏" in noted.evaluate(0.18).message  # no rounding of 0.172839 gives 0.18
    assert noted.evaluate(...).status is Status.NOT_ATTEMPTED


def test_rounding_must_be_a_known_rule():
    with pytest.raises(ValueError, match="rounding"):
        Numeric("L99.Q1", answer=1.0, tolerance=0.1, rounding="sometimes", **COMMON)


def test_value_answer_names_rounded_numbers_series_and_tables(exercise):
    series = pd.Series({"国际站": 3302.8751, "速卖通": 26.31742})
    frame = pd.DataFrame({"platform": ["国际站", "速卖通"], "value": series.to_numpy()})
    number = exercise.add(ValueAnswer("L99.Q13", expected=lambda: EXPECTED, **COMMON))
    column = exercise.add(ValueAnswer("L99.Q14", expected=series, **COMMON))
    table = exercise.add(ValueAnswer("L99.Q15", expected=frame, rounding="accept", **COMMON))
    for q, rounded in [
        (number, round(EXPECTED, 4)),
        (column, series.round(2)),
        (table, frame.round(2)),
    ]:
        feedback = q.evaluate(rounded)
        if q.rounding == "accept":
            assert feedback.status is Status.CORRECT, q.qid
        else:
            assert feedback.status is Status.INCORRECT and "四舍五入" in feedback.message, q.qid
            assert "与预期不符" not in feedback.message
    assert "与预期不符" in column.evaluate(series.round(2) + 1).message
    assert "四舍五入" in number.evaluate(0.17).message  # two figures: named, never accepted


def test_a_decimal_for_a_percent_is_named_even_when_rounded(exercise):
    q = exercise.add(Numeric("L99.Q16", answer=17.5585, tolerance=0.3, unit="%", **COMMON))
    for decimal in (0.175585, 0.1756, 0.18):
        assert "100 倍" in q.evaluate(decimal).message, decimal
    assert "100 倍" not in q.evaluate(0.5).message


# -- function questions show the failing public case ------------------------------------------------
def test_a_failing_public_case_shows_its_input_expected_value_and_result(exercise):
    from cbec.answer_codec import DatasetArg

    q = exercise.add(
        FunctionAnswer(
            "L99.Q17",
            reference=lambda df, column: float(len(df)),
            cases=[(_orders(), "value"), (DatasetArg("buyer_profiles"), "value")],
            hidden_cases=[(_orders().head(1), "value")],
            **COMMON,
        )
    )

    def off_by_one(df, column):
        return float(len(df)) + 1

    feedback = q.evaluate(off_by_one)
    assert feedback.status is Status.INCORRECT
    assert "输入：(DataFrame（3 行 × 2 列，列：platform、value）" in feedback.message
    assert "'value')" in feedback.message
    assert "预期返回：3" in feedback.message and "你的函数返回：4" in feedback.message

    def wrong_on_data(df, column):
        return 3.0 if len(df) == 3 else 0.0

    second = q.evaluate(wrong_on_data)
    assert "测试用例 2/2" in second.message and "数据集 buyer_profiles" in second.message

    def right(df, column):
        return float(len(df))

    hidden = q.judge_outcomes(
        [CallOutcome(value=3.0), CallOutcome(value=right(q.public_cases()[1][0].load(), "value"))],
        [CallOutcome(value=5.0)],
    )
    assert "隐藏测试有 1/1 个没有通过" in hidden.message and "输入" not in hidden.message


# -- a stale value names the variable it came from ----------------------------------------------------
class _Shell:
    def __init__(self, **names):
        self.user_ns = names
        self.user_ns_hidden = {}


def test_a_wrong_answer_names_the_variable_that_holds_it(exercise, monkeypatch, capsys):
    import IPython

    q = exercise.add(ValueAnswer("L99.Q18", expected=0.25, **COMMON))
    stale = 0.3
    monkeypatch.setattr(IPython, "get_ipython", lambda: _Shell(p90_value=stale, _5=stale, other=0.3001))
    q.check(stale)
    shown = capsys.readouterr().out
    assert "检查读取的是变量 p90_value 的当前值" in shown and "_5" not in shown
    q.check(0.25)
    assert "检查读取的是" not in capsys.readouterr().out  # a right answer needs no such note
    q.check(0.4)
    assert "检查读取的是" not in capsys.readouterr().out  # not held by any variable
