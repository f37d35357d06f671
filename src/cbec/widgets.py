"""ipywidgets controls for choice, classification, numeric and written questions.

Each control saves the answer to the answer store the moment it changes, and shows the stored
answer again when the cell is re-run, after a kernel restart or when the notebook is reopened. The buttons
give immediate feedback: 检查 (check), 提示 (hint), 查看答案 (solution).

A slider starts unset: it counts as answered once the learner moves it (or an answer is
restored into it), so 检查 on an untouched slider says 还没有作答 and saves nothing. A numeric
question with ``explore=`` shows, below its slider, what the chosen value implies. A written
answer's text area shows its rubric and a live count, and saves at most every half second while
the learner types, with a last save when typing pauses.

Everything happens in the kernel: setting ``.value`` or calling ``.click()`` from code runs the
same callbacks as a click in the browser, so tests and the grader need no front end.
"""

from __future__ import annotations

import asyncio
import dataclasses
import html
import importlib
import sys
import time
import weakref
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from cbec.answer_store import AnswerStoreError
from cbec.feedback import Feedback, Note, Status
from cbec.questions.base import NOT_ANSWERED, Question
from cbec.questions.coerce import InvalidAnswerError
from cbec.questions.rubric import rubric_html
from cbec.questions.written import MAX_CHARS, count_chars


def _auto_width() -> w.Layout:
    return w.Layout(width="auto")


class _SingleControl:
    def __init__(self, q):
        self.widget = w.RadioButtons(options=q.options, index=None, layout=_auto_width())

    def get(self):
        return NOT_ANSWERED if self.widget.value is None else self.widget.value

    def set(self, value):
        self.widget.value = value

    def observe(self, callback):
        self.widget.observe(callback, names="value")


class _MultipleControl:
    def __init__(self, q):
        self.boxes = [w.Checkbox(description=o, indent=False, layout=_auto_width()) for o in q.options]
        self.widget = w.VBox(self.boxes)

    def get(self):
        return [box.description for box in self.boxes if box.value]

    def set(self, value):
        for box in self.boxes:
            box.value = box.description in value

    def observe(self, callback):
        for box in self.boxes:
            box.observe(callback, names="value")


class _ClassificationControl:
    UNSET = "（未分类）"

    def __init__(self, q):
        choices = [(self.UNSET, None)] + [(c, c) for c in q.categories]
        self.menus = {item: w.Dropdown(options=choices, value=None) for item in q.items}
        rows = [
            w.HBox([w.Label(item, layout=w.Layout(width="16em")), menu]) for item, menu in self.menus.items()
        ]
        self.widget = w.VBox(rows)

    def get(self):
        return {item: menu.value for item, menu in self.menus.items() if menu.value is not None}

    def set(self, value):
        for item, menu in self.menus.items():
            menu.value = value.get(item)

    def observe(self, callback):
        for menu in self.menus.values():
            menu.observe(callback, names="value")


def readout_format(step: float) -> str:
    """As many decimals as the step has, so the number beside a slider is the value saved
    (".3g" would show a step of 2.5 at 182.5 as 182)."""
    decimals = len(f"{step:g}".partition(".")[2]) if "e" not in f"{step:g}" else 6
    return f".{decimals}f"


class _SliderControl:
    """A slider that starts unset: a FloatSlider always holds a number, so until the learner
    moves it (or an answer is restored into it) a note beside it says it is not answered yet,
    and it counts as no answer."""

    UNSET = "还没有作答：拖动滑块（或在右边的数字上输入）选择你的答案。"

    def __init__(self, q):
        low, high, step = q.slider
        self.widget = w.FloatSlider(
            min=low,
            max=high,
            step=step,
            value=low,
            readout_format=readout_format(step),
            # With a chart below, redraw when the learner lets go, not on every pixel.
            continuous_update=not q.explore,
            layout=w.Layout(width="32em"),
        )
        self.state = w.HTML()
        unit = q.unit.strip()
        # The unit beside the control: a learner reading 6.5 must know it means thousands of dollars.
        self.unit = w.HTML(f"<small>单位：{html.escape(unit)}</small>" if unit else "")
        self.view = w.HBox([self.widget, self.unit, self.state])
        self.answered = False
        self._show_state()
        self.widget.observe(self._moved, names="value")

    def _show_state(self) -> None:
        self.state.value = "" if self.answered else f"<small style='color:#8d6e00'>{self.UNSET}</small>"
        (self.view.remove_class if self.answered else self.view.add_class)("cbec-unset")

    def _moved(self, _change=None) -> None:
        if not self.answered:
            self.answered = True
            self._show_state()

    def get(self):
        return self.widget.value if self.answered else NOT_ANSWERED

    def set(self, value):
        self.widget.value = value
        self._moved()

    def observe(self, callback):
        self.widget.observe(callback, names="value")


class _NumericControl:
    def __init__(self, q):
        self.widget = w.Text(
            placeholder=f"输入一个数字{q.unit and '（单位：' + q.unit + '）'}", continuous_update=False
        )

    def get(self):
        text = self.widget.value.strip()
        if not text:
            return NOT_ANSWERED
        try:
            return float(text)
        except ValueError:
            raise InvalidAnswerError(f"“{text}”不是一个数字。请只输入数字，例如 0.35。") from None

    def set(self, value):
        self.widget.value = f"{value:g}"

    def observe(self, callback):
        self.widget.observe(callback, names="value")


class _WrittenControl:
    """The rubric, a text area, the suggested length and a live count. The count follows every
    keystroke; saving is throttled (see ``SAVE_EVERY``), with a last save once typing pauses."""

    SAVE_EVERY = 0.5  # seconds: a restart loses at most the keystrokes of the last half second

    def __init__(self, q):
        self.question = q
        self.widget = w.Textarea(
            placeholder="在这里写下你的答案……",
            continuous_update=True,
            layout=w.Layout(width="100%", height="14em"),
        )
        self.widget.add_class("cbec-written")
        self.count = w.HTML()
        self.count.add_class("cbec-count")
        rubric = w.HTML(rubric_html(q.rubric))
        self.view = w.VBox([rubric, self.widget, self.count], layout=w.Layout(width="100%"))
        self._last_save = 0.0
        self._pending = None
        self._save = None
        self._count()
        self.widget.observe(self._count, names="value")

    def _count(self, _change=None) -> None:
        text = self.widget.value
        parts = [f"已写 {count_chars(text)} 字"]
        if self.question.length:
            parts.append(self.question.length_text())
        if len(text) > MAX_CHARS:
            parts.append(f"超过上限 {MAX_CHARS} 个字符，不能保存")
        self.count.value = f"<small style='color:#607d8b'>{html.escape('；'.join(parts))}</small>"

    def get(self):
        return self.widget.value

    def set(self, value):
        self.widget.value = value

    def observe(self, callback):
        self._save = callback
        self.widget.observe(self._throttled, names="value")

    def _throttled(self, change=None) -> None:
        waited = time.monotonic() - self._last_save
        if waited >= self.SAVE_EVERY or not _schedule(self, self.SAVE_EVERY - waited):
            self.flush(change)

    def cancel(self) -> None:
        """Forget a save that was waiting (the caller saves now)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self._last_save = time.monotonic()

    def flush(self, change=None) -> None:
        """Save now, and cancel a save that was waiting."""
        self.cancel()
        self._save(change)


def _schedule(control: _WrittenControl, delay: float) -> bool:
    """Run ``control.flush`` after ``delay`` seconds on the kernel's own event loop, so the save
    runs on the thread every widget callback runs on. False when no loop runs (a plain script)."""
    if control._pending is not None:
        return True  # a save is already waiting: it will save the newest text
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    control._pending = loop.call_later(delay, control.flush)
    return True


def _control(question: Question):
    if question.widget_kind == "numeric" and question.slider:
        return _SliderControl(question)
    return CONTROLS[question.widget_kind](question)


CONTROLS = {
    "single": _SingleControl,
    "multiple": _MultipleControl,
    "classification": _ClassificationControl,
    "numeric": _NumericControl,
    "written": _WrittenControl,
}


def explore_function(path: str) -> Callable[[float], None]:
    """The function ``"package.module:name"`` names."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def _show_open_figures() -> None:
    # A callback has no end of cell at which the inline backend would show a figure: a chart
    # left open would appear under some later cell instead of here.
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None and pyplot.get_fignums():
        pyplot.show()


_explorers_version = 0


def explorers_changed() -> None:
    """Tell every explorer that what it draws has changed (e.g. the learner refitted the curve
    it uses): each redraws at its next render, even for the slider position it shows now."""
    global _explorers_version
    _explorers_version += 1


class _Explorer:
    """Below a slider: what its value implies (a chart, a simulated result), redrawn on change."""

    WAITING = "拖动滑块后，这里会显示这个取值对应的结果。"

    def __init__(self, path: str):
        self.path = path
        self.output = w.Output()
        self.note = w.HTML()
        self.widget = w.VBox([self.output, self.note])
        self.widget.add_class("cbec-explore")
        self.drawn: tuple[Any, int] | None = None  # the value drawn, and the version drawn at

    def _say(self, text: str, colour: str = "#607d8b") -> None:
        self.note.value = f"<small style='color:{colour}'>{html.escape(text)}</small>" if text else ""

    def waiting(self) -> None:
        self._say(self.WAITING)

    def render(self, value: Any) -> None:
        if value is NOT_ANSWERED:
            self.waiting()
            return
        if (value, _explorers_version) == self.drawn:
            return  # the same position again: nothing new to draw
        self.drawn = (value, _explorers_version)
        self._say("")
        self.output.clear_output(wait=True)
        with self.output:
            try:
                explore_function(self.path)(value)
                _show_open_figures()
            except Exception as err:  # shown, never lost: the learner can still answer
                self._say(
                    f"示意图没能画出来（{type(err).__name__}: {err}）。这不影响作答和检查，请告诉老师。",
                    "#c62828",
                )


class QuestionWidget:
    """The control, its buttons and its feedback area for one question."""

    def __init__(self, question: Question):
        self.question = question
        self.control = _control(question)
        self.feedback = w.HTML()
        self.status = w.HTML()
        self.check_button = w.Button(description="检查", button_style="primary", icon="check")
        self.hint_button = w.Button(description="提示", icon="lightbulb-o")
        self.solution_button = w.Button(description="查看答案", icon="book")
        self._restoring = False
        self._checked = False  # whether 检查 has been clicked: a written verdict then follows the text
        self._restore()
        self.explorer = _Explorer(question.explore) if getattr(question, "explore", None) else None
        if self.explorer:
            # Drawn only when the learner moves the slider, never while the cell that shows the
            # widget runs: a chart drawn then would become that cell's own output, which differs
            # between a fresh run and a stored notebook, and which a graded run need not draw.
            self.explorer.waiting()
        self.control.observe(self._guarded(self._on_change))
        self.check_button.on_click(self._guarded(self._on_check))
        self.hint_button.on_click(self._guarded(lambda _: self._show(self.question.hint_note())))
        self.solution_button.on_click(self._guarded(lambda _: self._show(self.question.solution_note())))
        buttons = w.HBox([self.check_button, self.hint_button, self.solution_button])
        title = w.HTML(f"<b>{question.qid}</b>")
        explore = [self.explorer.widget] if self.explorer else []
        control = getattr(self.control, "view", self.control.widget)
        self.box = w.VBox([title, control, *explore, buttons, self.feedback, self.status])
        # Stable hooks for browser tests and custom styles: one class per question id.
        self.box.add_class("cbec-question")
        self.box.add_class("cbec-" + question.qid.replace(".", "-"))
        self.feedback.add_class("cbec-feedback")
        self.status.add_class("cbec-status")
        # Weakly: a control that is no longer shown must not be kept alive by its question.
        question.__dict__.setdefault("live_widgets", weakref.WeakSet()).add(self)

    def refresh(self) -> None:
        """Show the answer now in the store (saved in code with ``set_answer``)."""
        if hasattr(self.control, "cancel"):
            self.control.cancel()  # a save of the old text, still waiting, must not follow
        self._restore()
        if hasattr(self.control, "cancel"):
            self.control.cancel()  # nor a save of the text just shown
        if self.question.stored_answer() is not NOT_ANSWERED:
            self._set_status("已显示用代码保存的答案。")

    # Callback errors would otherwise vanish into the browser's log: show them in the widget.
    def _guarded(self, handler):
        def run(*args):
            try:
                handler(*args)
            except Exception as err:
                self._show(
                    Feedback(
                        self.question.qid,
                        Status.ERROR,
                        f"控件出错（{type(err).__name__}: {err}），请告诉老师。",
                    )
                )

        return run

    def _show(self, item) -> None:
        self.feedback.value = self._in_widget(item)._repr_html_()

    def _in_widget(self, item):
        """``item`` as said beside the buttons: "点“提示”" rather than the call to type."""
        field = "message" if isinstance(item, Feedback) else "body" if isinstance(item, Note) else None
        if field is None:
            return item
        code, button = self.question.hint_tip(), self.question.hint_tip(in_widget=True)
        return dataclasses.replace(item, **{field: getattr(item, field).replace(code, button)})

    def _set_status(self, text: str) -> None:
        self.status.value = f"<small style='color:#607d8b'>{text}</small>"

    def _restore(self) -> None:
        try:
            stored = self.question.stored_answer()
        except AnswerStoreError as err:
            self._show(Feedback(self.question.qid, Status.ERROR, str(err)))
            return
        if stored is NOT_ANSWERED:
            return
        try:
            value = self.question.normalize(stored)
        except InvalidAnswerError as err:
            # Said as the question's own check says it (an option, a category, a slider's range),
            # and never shown clamped or half-restored.
            self._set_status(html.escape(f"已保存的答案不能用于本题，已忽略（答案文件未改动）：{err}"))
            return
        self._restoring = True
        try:
            self.control.set(value)
        finally:
            self._restoring = False
        self._set_status("已恢复上次保存的答案。")

    def _shows_nothing(self) -> bool:
        """True when the control holds no answer: unset, or nothing ticked or placed."""
        value = self.control.get()
        return value is NOT_ANSWERED or self.question.is_empty(self.question.normalize(value))

    def _save_current(self) -> bool:
        """Save what the control shows. False when it holds something that cannot be saved.

        An empty answer is not saved: the store keeps answers, and 还没有作答 needs no file."""
        try:
            if self._shows_nothing():
                self._say_unsaved()
                return True
            normalized = self.question.normalize(self.control.get())
            self.question.exercise.store.save(self.question.qid, self.question.to_store(normalized))
        except (InvalidAnswerError, AnswerStoreError) as err:
            status = Status.INVALID if isinstance(err, InvalidAnswerError) else Status.ERROR
            self._show(Feedback(self.question.qid, status, str(err)))
            return False
        self.question.rejected = None
        self._set_status("答案已自动保存。")
        return True

    def _on_change(self, _change=None) -> None:
        if not self._restoring:
            saved = self._save_current()
            if saved and self._checked and self.question.widget_kind == "written":
                # The browser may send the last keystrokes after the 检查 click: the verdict
                # (length, notes) follows the text, so it never describes an older one.
                self._show(self._empty_verdict() if self._shows_nothing() else self.question.evaluate())
        if self.explorer:
            self.explorer.render(self.control.get())

    def _empty_verdict(self) -> Feedback:
        """An emptied written answer keeps its saved text, which is what the teacher marks: judge
        that text, so the verdict never says 还没有作答 about an answer that will be marked."""
        if self.question.widget_kind == "written" and self.question.stored_answer() is not NOT_ANSWERED:
            return self.question.evaluate()
        return self.question.evaluate(NOT_ANSWERED)

    def _say_unsaved(self) -> None:
        stored = self.question.stored_answer()
        if stored is NOT_ANSWERED:
            self._set_status("")
        else:
            kept = "空的作答不会保存：答案文件里仍是上次保存的答案，评分和重启后显示的都是它。"
            if self.question.widget_kind == "written":
                kept += f'要删除它，运行 {self.question.name}.set_answer("", clear=True)。'
            self._set_status(kept)

    def _on_check(self, _button=None) -> None:
        # Judge what the learner sees now; an input that cannot be saved keeps its own message.
        self._checked = True
        if hasattr(self.control, "cancel"):
            self.control.cancel()  # a save still waiting for typing to pause: made just below
        if not self._save_current():
            return
        if self._shows_nothing():
            self._show(self._empty_verdict())
        else:
            self._show(self.question.evaluate())
        if self.explorer:  # redrawn only if the explorer's inputs changed since it last drew
            self.explorer.render(self.control.get())

    @property
    def value(self) -> Any:
        return self.control.get()

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.box._repr_mimebundle_(**kwargs)
        # A fixed text form: model ids and values change between runs, this does not.
        bundle["text/plain"] = f"[{self.question.qid} 的作答控件：请在 JupyterLab 中查看]"
        return bundle
