"""Written answers: saved and never scored by a check; the widget saves, counts and restores;
the sealed copy carries the rubric and the notes but no model answer."""

from __future__ import annotations

import asyncio
import json

import pytest

from cbec import grading
from cbec.answer_store import AnswerStore
from cbec.feedback import Status
from cbec.questions import Criterion, Exercise, Lacks, Level, Matches, Mentions, WrittenAnswer
from cbec.questions.sealed import load_exercise, seal_exercise
from cbec.questions.written import MAX_CHARS, count_chars
from tests.question_checks import needs_marking
from tests.written_bank import l99

MODEL = "参考思路：先在速卖通小批量测试三款灯具，再把胜出款推到国际站。"
# The fixture bank's rubric: two criteria, the second topping out at 3 points.
RUBRIC = list(l99.q1.rubric)


def written(qid="L99.Q1", **overrides) -> WrittenAnswer:
    kwargs = dict(
        rubric=RUBRIC,
        length=(20, 40),
        cite_numbers=True,
        notes=[(Lacks("风险"), "没有谈到风险。")],
        hints=["先写结论，再写数字。"],
        solution=MODEL,
    )
    return WrittenAnswer(qid, **(kwargs | overrides))


GOOD = "先在速卖通测试 3 款产品：第 2 题的领先期是 4 周，所以 4 周后推到国际站，风险是样本小。"


# -- the type --------------------------------------------------------------------------------------
def test_points_are_the_rubrics_top_levels_and_a_different_number_is_refused():
    assert written().points == 2 + 3
    assert written(points=5).points == 5
    with pytest.raises(ValueError, match="add up to 5"):
        written(points=4)


@pytest.mark.parametrize(
    "bad",
    [
        dict(explanation="一个范文"),
        dict(rubric=[]),
        dict(rubric=[RUBRIC[0], RUBRIC[0]]),
        dict(length=(40, 20)),
        dict(notes=[("不是函数", "说明")]),
    ],
)
def test_authoring_mistakes_are_refused(bad):
    with pytest.raises(ValueError):
        written(**bad)


@pytest.mark.parametrize(
    "levels",
    [
        [Level(0, "甲", "一")],  # one level
        [Level(1, "甲", "一"), Level(2, "乙", "二")],  # no 0
        [Level(0, "甲", "一"), Level(2, "乙", "二"), Level(1, "丙", "三")],  # not rising
    ],
)
def test_a_criterion_needs_rising_levels_from_zero(levels):
    with pytest.raises(ValueError):
        Criterion("c", "标准", levels)


def test_a_saved_text_needs_marking_and_blank_is_not_attempted(exercise):
    q = exercise.add(written())
    assert q.evaluate().status is Status.NOT_ATTEMPTED
    q.set_answer("  \n ")
    assert q.evaluate().status is Status.NOT_ATTEMPTED
    q.set_answer(GOOD)
    feedback = q.evaluate()
    assert feedback.status is Status.NEEDS_MARKING
    assert "已保存，待老师评分" in str(feedback)
    assert feedback.earned == 0 and not feedback.passed
    assert exercise.store.read() == {"L99.Q1": GOOD}
    assert "修改建议" not in feedback.message  # a text that fits gets no notes


def test_not_a_text_is_invalid(exercise):
    q = exercise.add(written())
    assert q.evaluate(42).status is Status.INVALID
    q.set_answer(["列表"])
    assert exercise.store.read() == {}


def test_formative_notes_never_score(exercise):
    q = exercise.add(written())
    # the bank's own note (风险) among them
    needs_marking(q, "太短了", notes=("少于建议的 20 字", "没有引用任何数字", "没有谈到风险"))
    needs_marking(
        q, "风险 1，" * 40, notes=("远多于建议的 40 字",), absent=("没有引用任何数字", "没有谈到风险", "少于")
    )


def test_fullwidth_digits_are_figures_and_spaces_do_not_count():
    q = written()
    assert not any("数字" in n for n in q.formative_notes("增长了 ３０％，风险在于样本太小，需要更多数据。"))
    assert count_chars("a b\n中 文") == 4


def test_a_note_that_fails_is_skipped(exercise):
    q = exercise.add(written(notes=[(Mentions("甲"), "提到了甲。"), (Matches(r"\d{5}"), "五位数。")]))
    assert "提到了甲" in q.evaluate("甲乙丙，数字 12345，风险").message
    broken = written(notes=[(lambda text: 1 / 0, "不会出现")])
    assert "不会出现" not in broken.evaluate(GOOD).message


def test_very_long_texts_are_kept_up_to_the_limit_and_refused_beyond_it_in_chinese(exercise, capsys):
    q = exercise.add(written())
    longest = "长" * MAX_CHARS
    q.set_answer(longest)
    assert exercise.store.read()["L99.Q1"] == longest
    q.set_answer("长" * (MAX_CHARS + 1))
    shown = capsys.readouterr().out
    assert f"上限 {MAX_CHARS}" in shown and "Traceback" not in shown
    assert exercise.store.read()["L99.Q1"] == longest  # the saved text is untouched


def test_check_with_a_text_says_it_was_not_saved(exercise, capsys):
    q = exercise.add(written())
    q.check(GOOD)
    assert "没有保存" in capsys.readouterr().out
    assert exercise.store.read() == {}


def test_under_the_grader_a_saved_text_does_not_fail_its_cell(exercise, monkeypatch):
    q = exercise.add(written())
    monkeypatch.setenv(grading.GRADING_ENV, "1")
    q.set_answer(GOOD)
    q.check()  # needs marking: no AnswerNotCorrectError
    q.set_answer("", clear=True)
    with pytest.raises(grading.AnswerNotCorrectError):
        q.check()  # not attempted still fails


def test_the_instructors_bank_shows_the_model_answer():
    assert MODEL in written().solution_note().body


# -- the widget ------------------------------------------------------------------------------------
def test_widget_shows_the_rubric_saves_counts_and_restores_after_a_restart(exercise):
    q = exercise.add(written())
    widget = q.widget()
    assert "用数据支撑" in widget.box.children[1].children[0].value  # the rubric table
    assert "周全（3 分）" in widget.box.children[1].children[0].value
    widget.control.widget.value = GOOD
    assert f"已写 {count_chars(GOOD)} 字" in widget.control.count.value
    assert "建议 20–40 字" in widget.control.count.value
    on_disk = AnswerStore(exercise.store.path, exercise.lesson).read()
    assert on_disk == {"L99.Q1": GOOD}
    # A new kernel: a new exercise object over the same file.
    again = Exercise("L99", stem="99_test")
    again.use_store(exercise.store.path)
    restored = again.add(written()).widget()
    assert restored.control.widget.value == GOOD
    assert "已恢复" in restored.status.value
    restored.check_button.click()
    assert "已保存，待老师评分" in restored.feedback.value


def test_widget_refuses_a_text_over_the_limit_with_a_message(exercise):
    q = exercise.add(written())
    widget = q.widget()
    widget.control.widget.value = "长" * (MAX_CHARS + 1)
    assert "超过上限" in widget.control.count.value
    assert f"上限 {MAX_CHARS}" in widget.feedback.value
    assert exercise.store.read() == {}


def test_typing_fast_saves_at_most_every_half_second_and_saves_the_last_text(exercise):
    q = exercise.add(written())

    async def type_quickly():
        widget = q.widget()
        for n in range(1, 6):
            widget.control.widget.value = "字" * n
        first = exercise.store.read()
        await asyncio.sleep(widget.control.SAVE_EVERY + 0.3)
        return first, exercise.store.read()

    first, later = asyncio.run(type_quickly())
    assert first == {"L99.Q1": "字"}  # the first keystroke saved at once, the rest waited
    assert later == {"L99.Q1": "字" * 5}  # and the pause saved the newest text


# -- the sealed copy -------------------------------------------------------------------------------
def test_sealed_copy_has_the_rubric_and_notes_but_no_model_answer(exercise, tmp_path):
    q = exercise.add(written(hints=["先写结论。"]))
    spec = seal_exercise(exercise, "salt")
    text = json.dumps(spec, ensure_ascii=False)
    assert MODEL not in text and "先在速卖通小批量" not in text
    assert "引用数字并说明它们怎样支持选择" in text  # a level's descriptor
    path = tmp_path / "l99.sealed.json"
    path.write_text(text, encoding="utf-8")
    sealed = load_exercise(path)
    sealed.use_store(exercise.store.path)
    sq = sealed.questions[q.qid]
    assert sq.points == q.points and sq.rubric == q.rubric
    assert sq.evaluate().status is Status.NOT_ATTEMPTED
    sq.set_answer("太短")
    assert sq.evaluate().message == q.evaluate().message  # the same notes, from data
    assert "评分标准" in sq.solution_note().body and MODEL not in sq.solution_note().body


def test_a_note_given_as_plain_code_cannot_be_sealed(exercise):
    exercise.add(written(notes=[(lambda text: "风险" not in text, "没有谈到风险。")]))
    with pytest.raises(TypeError, match="Lacks"):
        seal_exercise(exercise, "salt")


# -- the student release -----------------------------------------------------------------------------
@pytest.mark.kernel
def test_the_release_carries_rubrics_but_no_model_answer_or_solution_text(tmp_path, monkeypatch):
    """``cbec release`` with a bank of written questions: every file of the bundle is searched."""
    from cbec.release import write_release
    from tests import written_bank as wb

    course = wb.install(monkeypatch, wb.course_with_bank(tmp_path / "course"))
    assert "set_answer" in (course / "solutions" / f"{wb.STEM}.ipynb").read_text(encoding="utf-8")
    written_bank_questions = [wb.l99.q1, wb.l99.q2]
    files = write_release(course, tmp_path / "release")
    secrets = [wb.l99.MODEL_ANSWERS[q.qid] for q in written_bank_questions]
    secrets += [q.solution_text for q in written_bank_questions]
    fragments = [s[i : i + 12] for s in secrets for i in range(0, len(s) - 12, 6)]  # no piece of them either
    bundle = {p: p.read_bytes().decode("utf-8", errors="ignore") for p in files}
    for path, content in bundle.items():
        for fragment in fragments:
            assert fragment not in content, f"{path} holds model-answer text {fragment!r}"
    sealed = tmp_path / "release" / "src" / "cbec" / "exercises" / "l99.sealed.json"
    assert sealed in bundle
    for q in written_bank_questions:
        for criterion in q.rubric:
            assert all(level.descriptor in bundle[sealed] for level in criterion.levels)
    assert tmp_path / "release" / "exercises" / f"{wb.STEM}.ipynb" in bundle
    released = load_exercise(sealed).questions[wb.l99.q1.qid]
    assert "评分标准" in released.solution_note().body


def test_after_a_check_the_verdict_follows_the_text(exercise):
    """The browser may deliver the last keystrokes after the 检查 click: the shown length and
    notes must then describe the newest text, not the one checked."""
    q = exercise.add(written())
    widget = q.widget()
    widget.control.widget.value = "太"
    widget.check_button.click()
    assert "共 1 字" in widget.feedback.value
    widget.control.widget.value = "太短"
    assert "共 2 字" in widget.feedback.value


def test_after_a_check_an_emptied_text_area_shows_the_saved_text_it_keeps(exercise):
    q = exercise.add(written())
    widget = q.widget()
    widget.control.widget.value = GOOD
    widget.check_button.click()
    widget.control.widget.value = ""
    # The saved text is what is marked and what a restart shows, so the verdict is about it.
    assert "还没有作答" not in widget.feedback.value and f"共 {count_chars(GOOD)} 字" in widget.feedback.value
    assert exercise.store.read() == {"L99.Q1": GOOD}  # an empty answer is not saved, as for every control


# -- a saved answer is never wiped by accident -------------------------------------------------------
@pytest.mark.parametrize("blank", ["", "   ", "\n\t "])
def test_blank_text_never_replaces_a_saved_answer_unless_cleared_on_purpose(exercise, capsys, blank):
    q = exercise.add(written())
    q.set_answer(GOOD)
    capsys.readouterr()
    q.set_answer(blank)
    said = capsys.readouterr().out
    assert (
        "保留不变" in said
        and 'set_answer("", clear=True)' in said
        and "已保存" not in said.split("已保存的答案")[0]
    )
    assert exercise.store.read() == {"L99.Q1": GOOD}
    assert q.evaluate().status is Status.NEEDS_MARKING
    q.set_answer(blank, clear=True)
    assert "已清空" in capsys.readouterr().out
    assert q.evaluate().status is Status.NOT_ATTEMPTED


def test_a_shorter_edit_is_saved(exercise):
    q = exercise.add(written())
    q.set_answer(GOOD)
    q.set_answer("风险 1")
    assert exercise.store.read() == {"L99.Q1": "风险 1"}
    widget = q.widget()
    widget.control.flush()
    widget.control.widget.value = "风"
    assert exercise.store.read() == {"L99.Q1": "风"}


def test_an_emptied_text_area_keeps_the_saved_answer_and_says_so(exercise):
    q = exercise.add(written())
    q.set_answer(GOOD)
    widget = q.widget()
    widget.control.widget.value = ""
    assert exercise.store.read() == {"L99.Q1": GOOD}
    assert "空的作答不会保存" in widget.status.value


def test_a_widget_on_screen_shows_an_answer_saved_in_code(exercise):
    q = exercise.add(written())
    widget = q.widget()
    assert widget.control.widget.value == ""
    q.set_answer(GOOD)
    assert widget.control.widget.value == GOOD
    assert f"已写 {count_chars(GOOD)} 字" in widget.control.count.value
    assert "用代码保存" in widget.status.value
    assert exercise.store.read() == {"L99.Q1": GOOD}
    q.set_answer("", clear=True)
    assert widget.control.widget.value == ""
