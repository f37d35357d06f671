"""Widgets save on every change and restore from the store, with no front end present."""

from cbec.answer_store import AnswerStore
from cbec.feedback import Status
from cbec.questions import Classification, MultipleChoice, Numeric, SingleChoice
from cbec.questions.base import NOT_ANSWERED

COMMON = {"hints": ["提示一"], "solution": "参考答案"}


def _fresh_kernel_view(exercise, question):
    """The same question as a new kernel would see it: a new widget over the same file."""
    return question.widget(), AnswerStore(exercise.store.path, exercise.lesson).read()


def test_single_choice_widget_saves_restores_and_checks(exercise):
    q = exercise.add(SingleChoice("L99.Q1", options=["甲", "乙"], answer="乙", **COMMON))
    first = q.widget()
    assert first.value is NOT_ANSWERED and exercise.store.read() == {}  # nothing saved until chosen
    first.control.widget.value = "乙"
    again, on_disk = _fresh_kernel_view(exercise, q)
    assert on_disk == {"L99.Q1": "乙"}
    assert again.control.widget.value == "乙"
    assert "已恢复" in again.status.value
    again.check_button.click()
    assert "正确" in again.feedback.value


def test_multiple_choice_widget(exercise):
    q = exercise.add(MultipleChoice("L99.Q2", options=["A", "B", "C"], answer=["A", "C"], **COMMON))
    widget = q.widget()
    widget.control.boxes[2].value = True
    widget.control.boxes[0].value = True
    restored, on_disk = _fresh_kernel_view(exercise, q)
    assert on_disk == {"L99.Q2": ["A", "C"]}
    assert [b.value for b in restored.control.boxes] == [True, False, True]


def test_classification_widget(exercise):
    q = exercise.add(
        Classification(
            "L99.Q3",
            items=["P4P", "直播"],
            categories=["人", "货", "场"],
            answer={"P4P": "场", "直播": "场"},
            **COMMON,
        )
    )
    widget = q.widget()
    widget.control.menus["直播"].value = "货"
    widget.check_button.click()
    assert "还不对" in widget.feedback.value
    assert "还有 1 项没有分类" in widget.feedback.value
    restored, on_disk = _fresh_kernel_view(exercise, q)
    assert on_disk == {"L99.Q3": {"直播": "货"}}
    assert restored.control.menus["直播"].value == "货"
    assert restored.control.menus["P4P"].value is None


def test_numeric_text_widget_rejects_text_with_a_message(exercise):
    q = exercise.add(Numeric("L99.Q4", answer=0.3, tolerance=0.01, **COMMON))
    widget = q.widget()
    widget.control.widget.value = "三成"
    assert "不是一个数字" in widget.feedback.value
    assert exercise.store.read() == {}
    widget.control.widget.value = "0.3"
    assert exercise.store.read() == {"L99.Q4": 0.3}
    widget.control.widget.value = "三成半"
    widget.check_button.click()  # judges the text now shown, not the 0.3 saved before
    assert "不是一个数字" in widget.feedback.value


def _slider_question(exercise, qid="L99.Q5", **kwargs):
    # A percent, on a slider whose steps are too coarse for answer×100 to land within tolerance.
    return exercise.add(
        Numeric(qid, answer=17.5585, tolerance=0.3, unit="%", slider=(0.0, 40.0, 0.1), **kwargs, **COMMON)
    )


def test_a_slider_starts_unset_and_checking_it_saves_nothing(exercise):
    q = _slider_question(exercise)
    widget = q.widget()
    assert widget.value is NOT_ANSWERED
    assert "还没有作答" in widget.control.state.value
    widget.check_button.click()
    assert "还没有作答" in widget.feedback.value
    assert exercise.store.read() == {}
    widget.control.widget.value = 17.6
    assert widget.value == 17.6 and widget.control.state.value == ""
    assert exercise.store.read() == {"L99.Q5": 17.6}
    widget.check_button.click()
    assert "正确" in widget.feedback.value


def test_a_slider_restores_the_stored_answer_even_at_its_start(exercise):
    q = _slider_question(exercise)
    q.set_answer(0.0)  # the slider's own starting position: restoring must still mark it answered
    restored = q.widget()
    assert restored.value == 0.0 and "还没有作答" not in restored.control.state.value
    assert "已恢复" in restored.status.value


def test_the_slider_gives_the_same_misconception_notes_as_check(exercise):
    q = _slider_question(exercise, misconceptions=[(25.0, "你算的是全部订单的比例。")])
    widget = q.widget()
    for position, note in [(0.2, "100 倍"), (25.0, "全部订单"), (30.0, "偏大")]:
        widget.control.widget.value = position
        widget.check_button.click()
        assert note in widget.feedback.value, position
        assert note in q.evaluate(position).message


def test_hint_and_solution_buttons(exercise):
    q = exercise.add(SingleChoice("L99.Q6", options=["甲"], answer="甲", **COMMON))
    widget = q.widget()
    widget.hint_button.click()
    assert "提示一" in widget.feedback.value
    widget.hint_button.click()
    assert "没有更多提示" in widget.feedback.value and "q6.solution()" in widget.feedback.value
    widget.solution_button.click()
    assert "参考答案" in widget.feedback.value


def test_a_corrupt_store_is_shown_in_the_widget_and_kept(exercise):
    q = exercise.add(SingleChoice("L99.Q7", options=["甲", "乙"], answer="乙", **COMMON))
    exercise.store.path.write_text("not json", encoding="utf-8")
    widget = q.widget()
    assert "无法读取" in widget.feedback.value
    widget.control.widget.value = "乙"
    assert "无法读取" in widget.feedback.value
    assert exercise.store.path.read_text(encoding="utf-8") == "not json"


def test_a_stored_answer_that_no_longer_fits_is_ignored_not_erased(exercise):
    q = exercise.add(SingleChoice("L99.Q8", options=["甲", "乙"], answer="乙", **COMMON))
    exercise.store.save("L99.Q8", "旧选项")
    widget = q.widget()
    assert widget.control.widget.value is None
    assert "已忽略" in widget.status.value
    assert exercise.store.read() == {"L99.Q8": "旧选项"}


def test_widgets_show_a_fixed_text_form(exercise):
    q = exercise.add(SingleChoice("L99.Q9", options=["甲"], answer="甲", **COMMON))
    bundle = q.widget()._repr_mimebundle_()
    assert bundle["text/plain"] == "[L99.Q9 的作答控件：请在 JupyterLab 中查看]"
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_code_questions_have_no_widget(exercise, capsys):
    from cbec.questions import ValueAnswer

    q = exercise.add(ValueAnswer("L99.Q10", expected=1.0, **COMMON))
    assert "q10.check(你的答案)" in q.widget().message  # shown once, as the cell's result
    assert q.set_answer(1.0) is None
    assert "q10.check(你的答案)" in capsys.readouterr().out
    assert exercise.store.read() == {}


# -- explore: a chart below the slider ------------------------------------------------------------
DRAWN: list[float] = []


def draw(value: float) -> None:
    """What an explore function does: draw or print what ``value`` implies."""
    DRAWN.append(value)
    print(f"模拟结果：{value:g}")


def fail(value: float) -> None:
    raise ZeroDivisionError("division by zero")


def test_explore_redraws_below_the_slider_on_each_change(exercise):
    DRAWN.clear()
    q = _slider_question(exercise, explore=f"{__name__}:draw")
    widget = q.widget()
    assert widget.explorer.widget in widget.box.children
    assert not widget.control.widget.continuous_update  # redraw when let go, not on every pixel
    assert DRAWN == [] and "拖动滑块后" in widget.explorer.note.value  # nothing to draw while unset
    widget.control.widget.value = 12.0
    widget.control.widget.value = 15.5
    assert DRAWN == [12.0, 15.5]
    again = q.widget()  # a restored answer is drawn when the learner moves on, not in the cell
    assert DRAWN == [12.0, 15.5] and "拖动滑块后" in again.explorer.note.value
    again.control.widget.value = 16.0
    assert DRAWN == [12.0, 15.5, 16.0] and again.explorer.note.value == ""


def test_explore_errors_are_shown_in_the_widget_in_chinese(exercise):
    q = _slider_question(exercise, explore=f"{__name__}:fail")
    widget = q.widget()
    widget.control.widget.value = 3.0
    assert (
        "示意图没能画出来" in widget.explorer.note.value and "ZeroDivisionError" in widget.explorer.note.value
    )
    assert exercise.store.read() == {"L99.Q5": 3.0}  # the answer is saved all the same
    missing = _slider_question(exercise, "L99.Q6", explore="cbec.explore:no_such_function")
    shown = missing.widget()
    shown.control.widget.value = 3.0
    assert "AttributeError" in shown.explorer.note.value


def test_a_slider_shows_its_unit_beside_the_control(exercise):
    widget = _slider_question(exercise).widget()
    assert widget.control.unit in widget.control.view.children
    assert "单位：%" in widget.control.unit.value
    dollars = exercise.add(
        Numeric("L99.Q11", answer=6.5, tolerance=0.1, unit=" 千美元", slider=(0.1, 20.0, 0.1), **COMMON)
    )
    assert "单位：千美元" in dollars.widget().control.unit.value


# -- what the widget says beside its buttons -------------------------------------------------------
def test_widget_feedback_points_to_the_hint_button_not_to_code(exercise):
    q = exercise.add(SingleChoice("L99.Q12", options=["甲", "乙"], answer="乙", **COMMON))
    widget = q.widget()
    widget.control.widget.value = "甲"
    widget.check_button.click()
    assert "还不对" in widget.feedback.value and "点“提示”看提示" in widget.feedback.value
    assert "q12.hint()" not in widget.feedback.value
    assert "q12.hint()" in q.evaluate("甲").message  # in code, the call is the way
    widget.control.widget.value = "乙"
    widget.check_button.click()
    assert "正确" in widget.feedback.value


def test_checking_an_empty_choice_saves_nothing_and_says_not_attempted(exercise):
    multiple = exercise.add(MultipleChoice("L99.Q13", options=["A", "B"], answer=["A"], **COMMON))
    widget = multiple.widget()
    widget.check_button.click()
    assert "还没有作答" in widget.feedback.value and "已自动保存" not in widget.status.value
    assert exercise.store.read() == {}
    widget.control.boxes[0].value = True
    assert exercise.store.read() == {"L99.Q13": ["A"]} and "已自动保存" in widget.status.value
    widget.control.boxes[0].value = False  # cleared again: the empty answer is not saved
    widget.check_button.click()
    assert "还没有作答" in widget.feedback.value and "已自动保存" not in widget.status.value
    assert "仍是上次保存的答案" in widget.status.value
    assert exercise.store.read() == {"L99.Q13": ["A"]}
    widget.control.boxes[1].value = True
    widget.check_button.click()
    assert "还不对" in widget.feedback.value and exercise.store.read() == {"L99.Q13": ["B"]}
    classify = exercise.add(
        Classification("L99.Q14", items=["x"], categories=["人", "场"], answer={"x": "人"}, **COMMON)
    )
    menus = classify.widget()
    menus.check_button.click()
    assert "还没有作答" in menus.feedback.value and "L99.Q14" not in exercise.store.read()
    menus.control.menus["x"].value = "人"
    menus.check_button.click()
    assert "正确" in menus.feedback.value


def test_a_value_checked_in_code_on_a_widget_question_says_it_was_not_saved(exercise, capsys):
    q = exercise.add(SingleChoice("L99.Q15", options=["甲", "乙"], answer="乙", **COMMON))
    q.check("乙")
    shown = capsys.readouterr().out
    assert "正确" in shown and "没有保存" in shown and "q15.set_answer(...)" in shown
    q.check("甲")
    assert "没有保存" in capsys.readouterr().out
    assert exercise.store.read() == {}
    q.check(...)
    assert "没有保存" not in capsys.readouterr().out  # nothing was judged
    q.set_answer("乙")
    capsys.readouterr()
    q.check()
    assert "没有保存" not in capsys.readouterr().out  # the saved answer was judged


def test_a_stored_answer_that_does_not_fit_is_named_by_kind(exercise):
    classify = exercise.add(
        Classification("L99.Q16", items=["x"], categories=["人", "场"], answer={"x": "人"}, **COMMON)
    )
    exercise.store.save("L99.Q16", {"x": "钱"})
    status = classify.widget().status.value
    assert "已忽略" in status and "不是可选的类别" in status and "选项" not in status.replace("可选", "")


# -- a slider refuses what it cannot show -------------------------------------------------------------
def test_set_answer_refuses_a_value_outside_the_slider_with_its_range_and_unit(exercise, capsys):
    q = _slider_question(exercise)
    for value, says in [(-5, "0 到 40%"), (1e9, "0 到 40%"), (1756.0, "除以 100 得 17.56")]:
        q.set_answer(value)
        shown = capsys.readouterr().out
        assert "不在本题滑块的范围内" in shown and says in shown, value
        assert q.evaluate(value).status is Status.INVALID
    assert exercise.store.read() == {}
    assert "单位" not in q.evaluate(-5).message  # no unit fits a negative number
    q.set_answer(40.0)  # the ends are in range
    assert exercise.store.read() == {"L99.Q5": 40.0}
    dollars = exercise.add(
        Numeric("L99.Q17", answer=6.5, tolerance=0.1, unit=" 千美元", slider=(0.1, 20.0, 0.1), **COMMON)
    )
    thousands = dollars.evaluate(6600)
    assert thousands.status is Status.INVALID and "0.1 到 20 千美元" in thousands.message
    assert "除以 1000 得 6.6" in thousands.message and "千美元" in thousands.message
    assert dollars.evaluate(6.5).passed and dollars.evaluate(12.0).status is Status.INCORRECT
    assert dollars.evaluate(...).status is Status.NOT_ATTEMPTED


def test_a_stored_answer_outside_the_slider_is_reported_not_shown_clamped(exercise):
    q = _slider_question(exercise)
    exercise.store.save("L99.Q5", 1e9)
    widget = q.widget()
    assert widget.value is NOT_ANSWERED and "还没有作答" in widget.control.state.value
    assert "不在本题滑块的范围内" in widget.status.value and "已恢复" not in widget.status.value
    widget.check_button.click()
    assert "不在本题滑块的范围内" in q.evaluate().message
    assert exercise.store.read() == {"L99.Q5": 1e9}  # kept for the teacher to see


def test_a_slider_of_whole_months_wants_a_whole_number_and_no_percent_rescue(exercise):
    months = exercise.add(
        Numeric("L99.Q18", answer=2, tolerance=0.5, unit=" 个月", slider=(0, 6, 1), **COMMON)
    )
    assert months.evaluate(2).passed
    assert months.evaluate(3).status is Status.INCORRECT
    half = months.evaluate(2.5)
    assert half.status is Status.INVALID and "不是整数" in half.message and "正确" not in half.message
    outside = months.evaluate(7)
    assert outside.status is Status.INVALID and "0 到 6 个月" in outside.message
    assert "除以" not in outside.message  # 0.07 of a month is no reading of 7
    assert months.evaluate(...).status is Status.NOT_ATTEMPTED
    people = exercise.add(
        Numeric("L99.Q19", answer=500, tolerance=0.5, unit=" 人", slider=(0, 1000, 1), **COMMON)
    )
    assert "除以 100 得 500" in people.evaluate(50000).message  # a whole result still gets the hint
