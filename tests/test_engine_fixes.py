"""The question engine on cases learners ran into, sealed and unsealed alike.

- Tables with True/False column labels (a crosstab of a yes/no column) are compared by label.
- A sealed check derives its slow key once per question, however many cells a table has.
- A value set_answer refused is named by the next check, which says which saved answer it judges.
- An explorer redraws after ``explorers_changed()``, also at the same slider position.
- A numeric misconception is matched at half a slider step, not at the answer's tolerance.
- Column wording: no empty part, a reset_index() too many named; identical table previews are
  replaced by the first differing cell.
- A wrong DataFrame column name gets a Chinese note beside the traceback.
- A renamed NumPy or pandas name (``np.trapz``) gets a note with today's name.
- A slider's readout shows as many decimals as its step; a number just past its end gets no
  unit hint; an empty answer given in code is reported as cleared, not saved; a classification
  with more wrong items than notes says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cbec import friendly_errors, widgets
from cbec.feedback import Status
from cbec.questions import Exercise, FunctionAnswer, Numeric, ValueAnswer, ____
from cbec.questions import base as question_base
from cbec.questions import sealed as sealed_module
from cbec.questions.sealed import load_exercise, seal_exercise
from tests.kernels import kernel

SALT = "test-salt"
COMMON = {"hints": ["先想一想定义。"], "solution": "参考答案：不随学生版发出"}


def _sealed(tmp_path: Path, question):
    original = Exercise("L99", stem="99_test")
    original.add(question)
    path = tmp_path / "l99.sealed.json"
    path.write_text(json.dumps(seal_exercise(original, SALT), ensure_ascii=False), encoding="utf-8")
    sealed = load_exercise(path)
    sealed.use_store(tmp_path / "99_test.answers.json")
    return sealed.questions[question.qid]


def _both(tmp_path: Path, make):
    """The question unsealed and sealed: every verdict below must hold for both."""
    return [make(), _sealed(tmp_path, make())]


# -- 1. True/False column labels -------------------------------------------------------------------
def _rates() -> pd.DataFrame:
    table = pd.DataFrame(
        {"tier": ["金品诚企", "普通", "金品诚企", "普通", "普通"], "video": [True, False, False, True, True]}
    ).assign(orders=[5, 2, 3, 4, 1])
    return table.pivot_table(index="tier", columns="video", values="orders", aggfunc="mean")


def test_tables_with_bool_column_labels_are_compared_by_label(tmp_path):
    expected = _rates()
    assert list(expected.columns) == [False, True]
    for q in _both(tmp_path, lambda: ValueAnswer("L99.Q1", expected=_rates, **COMMON)):
        assert q.evaluate(expected).passed, type(q).__name__
        assert q.evaluate(expected.reindex(columns=[True, False])).passed
        wrong = expected.copy()
        wrong.iloc[0, 1] += 1
        assert "列 True 的值" in q.evaluate(wrong).message
        one_row = expected.head(1)
        feedback = q.evaluate(one_row)
        assert feedback.status is Status.INCORRECT and "应当有 2 行" in feedback.message
        three_rows = pd.concat(
            [expected, expected.head(1).rename(index={"普通": "其他", "金品诚企": "其他"})]
        )
        assert q.evaluate(three_rows).status is Status.INCORRECT
        assert q.evaluate(____).status is Status.NOT_ATTEMPTED


# -- 3. one slow derivation per question -----------------------------------------------------------
def test_a_sealed_table_check_derives_its_key_once(tmp_path):
    def expected():
        return pd.DataFrame({"r": range(300), "f": [x * 0.5 for x in range(300)]})

    q = _sealed(tmp_path, ValueAnswer("L99.Q2", expected=expected, **COMMON))
    sealed_module._question_key.cache_clear()
    assert q.evaluate(expected()).passed
    assert sealed_module._question_key.cache_info().misses == 1
    wrong = expected()
    wrong.loc[299, "f"] = -1.0
    assert "第 299 行" in q.evaluate(wrong).message
    assert q.evaluate(____).status is Status.NOT_ATTEMPTED


def test_digests_differ_between_questions_and_releases():
    a, b = sealed_module.Lock("s1L99.Q1"), sealed_module.Lock("s1L99.Q2")
    assert a.id("x") != b.id("x") and a.id("x") != sealed_module.Lock("s2L99.Q1").id("x")
    assert a.open("x", dict([a.note("x", "说明")])) == "说明"
    assert a.open("y", dict([a.note("x", "说明")])) == ""


# -- 4. a refused set_answer -----------------------------------------------------------------------
@pytest.fixture
def shown(monkeypatch) -> list:
    items: list = []
    monkeypatch.setattr(question_base, "_display", items.append)
    return items


def _price(**extra) -> Numeric:
    return Numeric("L99.Q6", answer=7.9, tolerance=0.3, unit=" 元", slider=(2.0, 9.0, 0.1), **COMMON, **extra)


def test_a_refused_value_is_not_judged_as_the_saved_one(exercise, shown):
    q = exercise.add(_price())
    q.set_answer(100)
    q.check()
    assert "100 没有保存" in shown[-1].message and "目前没有已保存的答案" in shown[-1].message
    assert shown[-1].status is Status.NOT_ATTEMPTED
    q.set_answer(7.9)
    q.check()
    assert shown[-1].passed and "没有保存" not in shown[-1].message
    for refused in (100, "", ____):
        q.set_answer(refused)
        assert "这个值没有保存" in shown[-1].message
        q.check()
        assert "没有保存" in shown[-1].message and "之前保存的答案 7.9 元" in shown[-1].message
    q.set_answer(3.0)
    q.check()
    assert shown[-1].status is Status.INCORRECT and "没有保存" not in shown[-1].message
    assert exercise.store.read()[q.qid] == 3.0  # the saved answer stays in the store


# -- 5. explorers redraw after a change ------------------------------------------------------------
DRAWN: list = []


def draw(value) -> None:
    DRAWN.append(value)


def test_an_explorer_redraws_after_explorers_changed():
    DRAWN.clear()
    explorer = widgets._Explorer(f"{__name__}:draw")
    explorer.render(5.0)
    explorer.render(5.0)
    assert DRAWN == [5.0]
    widgets.explorers_changed()
    explorer.render(5.0)
    assert DRAWN == [5.0, 5.0]
    explorer.render(5.0)
    assert DRAWN == [5.0, 5.0]


def test_the_check_button_redraws_a_changed_explorer(exercise):
    DRAWN.clear()
    q = exercise.add(_price(explore=f"{__name__}:draw"))
    widget = q.widget()
    widget.control.widget.value = 7.9
    assert DRAWN == [7.9]
    widget.check_button.click()
    assert DRAWN == [7.9]
    widgets.explorers_changed()
    widget.check_button.click()
    assert DRAWN == [7.9, 7.9]
    assert "正确" in widget.feedback.value


# -- 6. numeric misconceptions at half a slider step ---------------------------------------------
def test_a_numeric_misconception_is_matched_at_half_a_slider_step(tmp_path):
    highest = "你选的是测试过的最高价。"
    make = lambda: _price(misconceptions=[(5.2, highest)])  # noqa: E731
    for q in _both(tmp_path, make):
        assert highest in q.evaluate(5.2).message
        assert highest not in q.evaluate(5.0).message
        assert highest not in q.evaluate(5.4).message
        assert q.evaluate(5.0).status is Status.INCORRECT
        assert q.evaluate(7.9).passed
        assert q.evaluate(____).status is Status.NOT_ATTEMPTED


def test_without_a_slider_a_misconception_keeps_the_answers_tolerance(tmp_path):
    make = lambda: Numeric(  # noqa: E731
        "L99.Q4", answer=0.25, tolerance=0.01, misconceptions=[(0.75, "未转化的比例。")], **COMMON
    )
    for q in _both(tmp_path, make):
        assert "未转化的比例" in q.evaluate(0.755).message
        assert q.evaluate(0.25).passed


# -- 7. wording --------------------------------------------------------------------------------------
def _by_customer() -> pd.DataFrame:
    frame = pd.DataFrame({"customer_id": ["c1", "c2"], "orders": [3, 1], "spend": [30.0, 5.5]})
    return frame.set_index("customer_id")


def test_column_wording_names_a_reset_index_too_many_and_omits_empty_parts(tmp_path):
    for q in _both(tmp_path, lambda: ValueAnswer("L99.Q7", expected=_by_customer, **COMMON)):
        message = q.evaluate(_by_customer().reset_index()).message
        assert "customer_id 应当是索引，不要 reset_index()" in message and "无" not in message
        message = q.evaluate(_by_customer().drop(columns="spend")).message
        assert "缺少 ['spend']" in message and "多出" not in message
        message = q.evaluate(_by_customer().assign(x=1)).message
        assert "多出 ['x']" in message and "缺少" not in message
        assert q.evaluate(_by_customer()).passed
        assert q.evaluate(____).status is Status.NOT_ATTEMPTED


def _scores(n: int) -> pd.DataFrame:
    return pd.DataFrame({"score": [float(i) for i in range(n)]}, index=[f"c{i}" for i in range(n)])


def _scores_off(n: int) -> pd.DataFrame:
    table = _scores(n)
    table.iloc[4, 0] = 99.0
    return table


def test_identical_previews_give_way_to_the_first_differing_cell(tmp_path):
    make = lambda: FunctionAnswer("L99.Q8", reference=_scores, cases=[(6,)], **COMMON)  # noqa: E731
    unsealed, sealed = _both(tmp_path, make)
    message = unsealed.evaluate(_scores_off).message
    assert "第一个不同之处在第 'c4' 行、列 'score'：预期 4，你的函数返回 99" in message
    assert "你的函数返回：DataFrame" not in message
    message = sealed.evaluate(_scores_off).message
    assert "第一个不同之处在第 'c4' 行、列 'score'。" in message and "99" in message.split("测试用例")[1]
    for q in (unsealed, sealed):
        assert q.evaluate(_scores).passed
        assert q.evaluate(____).status is Status.NOT_ATTEMPTED
        # Previews that differ are shown as before.
        assert "你的函数返回：DataFrame" in q.evaluate(lambda n: _scores(n) * 2).message


# -- 8. a wrong column name ---------------------------------------------------------------------------
def test_a_wrong_column_name_is_explained_with_the_close_columns():
    frame = pd.DataFrame({"listing_type": ["场景化解决方案"], "clicks": [3]})
    try:
        frame["listing_typ"]
    except KeyError as err:
        assert friendly_errors._frame_of(err.__traceback__) is frame
        note = friendly_errors.column_note(err, list(frame.columns))
    body = note.body
    assert "没有名为 'listing_typ' 的列" in body and "'listing_type'、'clicks'" in body
    assert "是不是想写 'listing_type'" in body
    try:
        {"a": 1}["b"]
    except KeyError as err:
        assert friendly_errors._frame_of(err.__traceback__) is None


@pytest.mark.kernel
def test_a_course_kernel_shows_the_note_and_the_traceback_for_a_wrong_column(tmp_path):
    with kernel(tmp_path) as live:
        live.run("import pandas as pd\ndf = pd.DataFrame({'listing_type': ['P4P'], 'clicks': [1]})")
        status, shown = live.run_failing("df['listing_typ']")
        assert status == "error"
        assert "没有名为 'listing_typ' 的列" in shown and "是不是想写 'listing_type'" in shown
        assert "KeyError" in shown and ("Traceback" in shown or "Cell In[" in shown)
        status, shown = live.run_failing("{'a': 1}['b']")
        assert status == "error" and "没有名为" not in shown and "KeyError" in shown


# -- renamed NumPy / pandas names ---------------------------------------------------------------------
def test_a_renamed_numpy_or_pandas_name_gets_a_note_with_its_new_name():
    import numpy as np

    with pytest.raises(AttributeError) as err:
        np.trapz([1.0, 2.0])
    note = friendly_errors.renamed_note(err.value)
    assert note is not None and "np.trapezoid" in note.body
    with pytest.raises(AttributeError) as err:
        pd.DataFrame({"a": [1]}).append({"a": 2})
    assert "pd.concat" in friendly_errors.renamed_note(err.value).body
    with pytest.raises(AttributeError) as err:
        pd.DataFrame({"a": [1]}).no_such_method()
    assert friendly_errors.renamed_note(err.value) is None


@pytest.mark.kernel
def test_a_course_kernel_shows_the_rename_note_and_the_traceback(tmp_path):
    with kernel(tmp_path) as live:
        status, shown = live.run_failing("import numpy as np\nnp.trapz([1, 2])")
        assert status == "error" and "np.trapezoid" in shown and "AttributeError" in shown
        status, shown = live.run_failing("import math\nmath.no_such_name")
        assert status == "error" and "改名" not in shown and "AttributeError" in shown


# -- sliders, empty answers, unexplained classification items -------------------------------------------
@pytest.mark.parametrize(
    "step, shown", [(2.5, "182.5"), (1, "182"), (0.1, "7.9"), (0.01, "0.25"), (5, "180")]
)
def test_a_slider_readout_shows_the_value_it_saves(step, shown):
    value = float(shown)
    assert f"{value:{widgets.readout_format(step)}}" == shown


def test_a_number_just_past_the_slider_gets_no_unit_hint(tmp_path):
    q = Numeric("L99.Q7", answer=195, tolerance=10, unit=" 元", slider=(0.0, 400.0, 2.5), **COMMON)
    near = q.evaluate(500)
    assert near.status is Status.INVALID and "0 到 400 元" in near.message and "除以" not in near.message
    far = q.evaluate(19500)
    assert far.status is Status.INVALID and "除以 100 得 195" in far.message


def test_an_empty_answer_given_in_code_is_reported_as_cleared(exercise, shown):
    from cbec.questions import Classification, MultipleChoice

    sort = exercise.add(
        Classification(
            "L99.Q8", items=["甲", "乙"], categories=["人", "货"], answer={"甲": "人", "乙": "货"}, **COMMON
        )
    )
    pick = exercise.add(MultipleChoice("L99.Q9", options=["A", "B", "C"], answer=["A"], **COMMON))
    for q, empty in ((sort, {}), (pick, [])):
        q.set_answer(empty)
        assert "已清空" in str(shown[-1]) and "已保存" not in str(shown[-1]), q.qid
        q.check()
        assert shown[-1].status is Status.NOT_ATTEMPTED
    pick.set_answer(["A"])
    assert "已保存" in str(shown[-1])


def test_a_classification_says_when_wrong_items_go_unexplained(tmp_path):
    for q in _both(tmp_path, _four_items):
        all_wrong = q.evaluate(dict.fromkeys(q.items, "货"))
        assert "甲是人" in all_wrong.message and "另外 2 项分错的" in all_wrong.message, type(q).__name__
        two_wrong = q.evaluate({"甲": "货", "乙": "货", "丙": "人", "丁": "人"})
        assert "另外" not in two_wrong.message


def _four_items():
    from cbec.questions import Classification

    items = ["甲", "乙", "丙", "丁"]
    return Classification(
        "L99.Q10",
        items=items,
        categories=["人", "货"],
        answer=dict.fromkeys(items, "人"),
        misconceptions={("甲", "货"): "甲是人。", ("乙", "货"): "乙是人。"},
        **COMMON,
    )


def test_an_emptied_text_area_is_judged_by_the_saved_text_it_keeps(exercise):
    from tests.test_written import GOOD, written

    q = exercise.add(written())
    q.set_answer(GOOD)
    widget = q.widget()
    widget.control.widget.value = ""
    widget.check_button.click()
    assert "还没有作答" not in widget.feedback.value and "待老师评分" in widget.feedback.value
    assert 'set_answer("", clear=True)' in widget.status.value


def test_the_rubric_table_heads_its_columns_with_bands_not_grades():
    from cbec.questions.rubric import rubric_html
    from tests.test_written import RUBRIC

    table = rubric_html(RUBRIC)
    assert "第 1 档" in table and "等级" not in table


def test_a_number_for_a_text_category_is_told_to_quote_it_once():
    from cbec.questions import Classification

    q = Classification(
        "L99.Q11",
        items=["甲", "乙"],
        categories=["9710", "9610"],
        answer={"甲": "9710", "乙": "9610"},
        **COMMON,
    )
    refused = q.evaluate({"甲": 9710, "乙": 9710})
    assert refused.status is Status.INVALID
    assert refused.message.count("“9710”") == 2  # once as the wrong value, once among the categories
    assert '写 "9710"' in refused.message
