"""The question API every lesson uses: ``q.check()``, ``q.hint()``, ``q.solution()``.

A question judges an answer and returns ``Feedback``; it never raises at a learner. Widget
questions read their answer from the exercise's answer store when ``check()`` is called with
no argument; code questions are given the answer: ``q.check(my_answer)``.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

from cbec import grading
from cbec.answer_store import AnswerStoreError
from cbec.feedback import Feedback, Note, Saved, Status
from cbec.questions.coerce import InvalidAnswerError
from cbec.questions.placeholder import is_placeholder

if TYPE_CHECKING:
    from cbec.questions.exercise import Exercise

QID_PATTERN = re.compile(r"^L\d{2}\.Q\d+$")


class _FromStore:
    def __repr__(self) -> str:
        return "<answer from the store>"


FROM_STORE = _FromStore()
NOT_ANSWERED = object()
JUDGED = (Status.CORRECT, Status.INCORRECT)


def _display(obj: object) -> None:
    # Imported late: questions are also judged outside IPython (tests, the grader).
    from IPython.display import display

    display(obj)


class Question:
    """Base class. Subclasses implement ``normalize`` and ``judge``."""

    widget_kind: str | None = None  # set by question types that have a control

    def __init__(
        self,
        qid: str,
        *,
        hints: tuple[str, ...] | list[str] = (),
        solution: str = "",
        explanation: str = "",
        method: str = "",
        points: float = 1,
    ):
        if not QID_PATTERN.match(qid):
            raise ValueError(f"question id {qid!r} must look like 'L01.Q3'")
        if not hints or not solution:
            raise ValueError(f"{qid}: every question needs at least one hint and a solution")
        self.qid = qid
        self.hints = tuple(hints)
        self.solution_text = solution
        self.explanation = explanation
        # The worked method solution() gives once the answer is right; the feedback already
        # says the explanation, so without a method solution() can only repeat it.
        self.method = method
        self.points = points
        self.exercise: Exercise | None = None
        self._hints_shown = 0
        self.last_feedback: Feedback | None = None  # the verdict on the learner's latest answer
        # What the learner last gave set_answer, when it was refused: check() must not judge
        # the earlier saved answer as if it were this one. Kept in memory only: the store keeps
        # answers (they survive a restart), and the refusing cell refuses again when re-run.
        self.rejected: str | None = None

    # -- judging --------------------------------------------------------------------------
    def normalize(self, answer: Any) -> Any:
        """Return the answer in canonical form, or raise InvalidAnswerError."""
        raise NotImplementedError

    def judge(self, answer: Any) -> Feedback:
        """Judge a normalized answer."""
        raise NotImplementedError

    def is_empty(self, normalized: Any) -> bool:
        """True when a normalized answer says nothing, e.g. no box ticked."""
        return False

    def not_attempted_message(self) -> str:
        if self.widget_kind:
            return f"请在上方的控件中作答，或运行 {self.name}.set_answer(...)。"
        return "请把 ... 换成你的答案，再运行本单元。"

    def no_argument_message(self) -> str:
        return f"这道题用代码作答：请把答案传给 check，例如 {self.name}.check(你的答案)。"

    @property
    def name(self) -> str:
        return "q" + self.qid.split(".Q")[1]

    def correct(self, message: str = "") -> Feedback:
        return Feedback(self.qid, Status.CORRECT, message or self.explanation)

    def hint_tip(self, in_widget: bool = False) -> str:
        # Beside the 提示 button, the button is the way to a hint; in code, the call is.
        return "点“提示”看提示。" if in_widget else f"可以运行 {self.name}.hint() 看提示。"

    def incorrect(self, message: str) -> Feedback:
        tip = self.hint_tip()
        return Feedback(self.qid, Status.INCORRECT, f"{message}\n{tip}" if message else tip)

    def unsaved_line(self) -> str:
        return f"（这里只检查了你给的值，没有保存；要保存请用 {self.name}.set_answer(...) 或上方的控件。）"

    def evaluate(self, answer: Any = FROM_STORE) -> Feedback:
        """Judge ``answer`` (or the stored answer) and return the feedback; never raises."""
        feedback = self._evaluate(answer)
        if answer is not FROM_STORE or self.widget_kind:
            self.last_feedback = feedback
        return feedback

    def _evaluate(self, answer: Any) -> Feedback:
        try:
            if answer is FROM_STORE and not self.widget_kind:
                return Feedback(self.qid, Status.NOT_ATTEMPTED, self.no_argument_message())
            if answer is FROM_STORE:
                answer = self.stored_answer()
            if answer is NOT_ANSWERED or is_placeholder(answer):
                return Feedback(self.qid, Status.NOT_ATTEMPTED, self.not_attempted_message())
            normalized = self.normalize(answer)
            if self.is_empty(normalized):
                return Feedback(self.qid, Status.NOT_ATTEMPTED, self.not_attempted_message())
            return self.judge(normalized)
        except InvalidAnswerError as err:
            return Feedback(self.qid, Status.INVALID, str(err))
        except AnswerStoreError as err:
            return Feedback(self.qid, Status.ERROR, str(err))
        except Exception as err:  # a fault in the checker itself: say so, without a traceback
            return Feedback(
                self.qid,
                Status.ERROR,
                f"检查程序内部出错（{type(err).__name__}: {err}）。这不是你的错，请告诉老师。",
            )

    def check(self, answer: Any = FROM_STORE) -> None:
        """Show whether the answer is right. Under the grader a wrong answer also fails the cell."""
        feedback = self.evaluate(answer)
        if answer is FROM_STORE and self.widget_kind and self.rejected is not None:
            feedback = self._after_rejection(feedback)
        if feedback.status is Status.INCORRECT and answer is not FROM_STORE:
            feedback = _name_the_source(feedback, answer)
        if self.widget_kind and answer is not FROM_STORE and feedback.status in JUDGED:
            # A learner who checks a value in code may think it was saved, as the widget saves.
            feedback = dataclasses.replace(feedback, message=f"{feedback.message}\n{self.unsaved_line()}")
        _display(feedback)
        grading.enforce(feedback)

    def _after_rejection(self, feedback: Feedback) -> Feedback:
        try:
            stored = self.stored_answer()
        except AnswerStoreError:
            stored = NOT_ANSWERED
        head = f"注意：你最后给 {self.name}.set_answer(...) 的 {self.rejected} 没有保存（原因见上）。"
        if stored is NOT_ANSWERED:
            return dataclasses.replace(feedback, message=f"{head}目前没有已保存的答案。\n{feedback.message}")
        saved = f"下面检查的是之前保存的答案 {self.show_stored(stored)}。"
        return dataclasses.replace(feedback, message=f"{head}{saved}\n{feedback.message}")

    def show_stored(self, stored: Any) -> str:
        """A saved answer as the learner would write it."""
        if isinstance(stored, float | int) and not isinstance(stored, bool):
            return f"{stored:g}{getattr(self, 'unit', '')}"
        if isinstance(stored, list):
            return "、".join(map(str, stored)) if stored else "（空）"
        if isinstance(stored, dict):
            return "；".join(f"{k} → {v}" for k, v in stored.items()) or "（空）"
        return str(stored)

    # -- the answer store -------------------------------------------------------------------
    def stored_answer(self) -> Any:
        if self.exercise is None:
            return NOT_ANSWERED
        return self.exercise.store.read().get(self.qid, NOT_ANSWERED)

    def set_answer(self, answer: Any) -> None:
        """Save an answer to the store, exactly as choosing it in the widget would.

        It shows what happened and returns nothing: a returned value would be shown a second
        time as the cell's result.
        """
        if self.exercise is None or not self.widget_kind:
            _display(self._answered_in_code())
            return
        try:
            if answer is NOT_ANSWERED or is_placeholder(answer):
                raise InvalidAnswerError(self.not_attempted_message())
            normalized = self.normalize(answer)
            self.exercise.store.save(self.qid, self.to_store(normalized))
        except (InvalidAnswerError, AnswerStoreError) as err:
            self.rejected = _shown(answer)
            status = Status.INVALID if isinstance(err, InvalidAnswerError) else Status.ERROR
            _display(Feedback(self.qid, status, f"{err}\n这个值没有保存；之前保存的答案（如果有）没有改变。"))
            return
        self.rejected = None
        self.refresh_widgets()
        if self.is_empty(normalized):
            # An empty answer clears the saved one; "已保存" beside "还没有作答" would contradict itself.
            _display(Saved(f"{self.name} 的答案已清空，现在记为还没有作答。"))
            return
        _display(Saved(f"已保存 {self.name} 的答案。"))

    def refresh_widgets(self) -> None:
        """Show the stored answer in every control of this question already on screen, so a
        stale control never saves its old value over an answer given in code."""
        for view in list(getattr(self, "live_widgets", ())):
            view.refresh()

    def _answered_in_code(self) -> Feedback:
        return Feedback(self.qid, Status.INVALID, self.no_argument_message())

    def to_store(self, normalized: Any) -> Any:
        """The JSON form of a normalized answer."""
        return normalized

    # -- help -------------------------------------------------------------------------------
    def hint_note(self, n: int | None = None) -> Note:
        if n is None:
            if self._hints_shown >= len(self.hints):
                return Note(self.qid, "提示", self.no_more_hints_message())
            self._hints_shown += 1
            n = self._hints_shown
        if not isinstance(n, int) or not 1 <= n <= len(self.hints):
            return Note(
                self.qid,
                "提示",
                f"这道题有 {len(self.hints)} 条提示，请用 1 到 {len(self.hints)} 之间的序号。",
            )
        return Note(self.qid, f"提示 {n}/{len(self.hints)}", self.hints[n - 1])

    def no_more_hints_message(self) -> str:
        return (
            f"这道题的 {len(self.hints)} 条提示都已经给出，没有更多提示了。"
            f"可以用 {self.name}.hint(1) 到 {self.name}.hint({len(self.hints)}) 再看某一条，"
            f"或者运行 {self.name}.solution() 查看参考答案。"
        )

    def hint(self, n: int | None = None) -> None:
        """Show the next hint, or hint ``n`` (counting from 1)."""
        _display(self.hint_note(n))

    def solution_note(self) -> Note:
        method = f"\n思路：{self.method}" if self.method else ""
        return Note(self.qid, "参考答案", self.solution_text + method)

    def solution(self) -> None:
        _display(self.solution_note())

    def widget(self):
        """Show this question's answer control (choices, classification, number)."""
        if not self.widget_kind:
            return self._answered_in_code()  # shown once, as the cell's result
        from cbec.widgets import QuestionWidget

        return QuestionWidget(self)


def _shown(value: Any) -> str:
    if is_placeholder(value):
        return "____（空白）"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _holders(value: Any) -> list[str]:
    """The learner's variables that hold this very object (not an equal one)."""
    if value is None or isinstance(value, bool | int | str):
        return []  # small ints and short texts are shared objects: identity would mislead
    try:
        from IPython import get_ipython
    except ImportError:
        return []
    shell = get_ipython()
    if shell is None:
        return []
    hidden = getattr(shell, "user_ns_hidden", {})
    return sorted(
        name
        for name, held in list(shell.user_ns.items())
        if held is value and not name.startswith("_") and name not in hidden
    )


def _name_the_source(feedback: Feedback, answer: Any) -> Feedback:
    # A learner who fixed the code but not re-run it checks the old value and cannot see why.
    names = _holders(answer)
    if not names:
        return feedback
    listed = "、".join(names)
    if callable(answer):
        note = f"检查读取的是函数 {listed} 当前的定义；如果你改过它的代码，请先重新运行定义它的单元格。"
    else:
        note = f"检查读取的是变量 {listed} 的当前值；如果你改过计算它的代码，请先重新运行那个单元格。"
    return dataclasses.replace(feedback, message=f"{feedback.message}\n{note}")
