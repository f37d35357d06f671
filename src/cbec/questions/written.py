"""A question answered in words and marked by the teacher against a rubric.

``check()`` never scores a written answer: a saved text gets the status ``NEEDS_MARKING``
(已保存，待老师评分) and formative notes (too short, far too long, no figure cited, the bank's own
notes). The grader gives it 0 points until the teacher's marks are merged (``cbec grade --marks``).

``solution=`` is what a strong answer covers: it is for the teacher, and never ships in the
student release, not even sealed. Note predicates must be ``Mentions``, ``Lacks`` or ``Matches``
so that the release can carry them as data.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cbec.answer_store import AnswerStoreError
from cbec.feedback import Feedback, Note, Saved, Status
from cbec.questions.base import FROM_STORE, Question, _display
from cbec.questions.coerce import InvalidAnswerError, describe
from cbec.questions.rubric import Criterion, check_rubric, total_points

# Far beyond any suggested length (a few hundred characters), small enough for the answer store,
# the widget and a marking page with a whole class on it. Longer texts are refused, with a reason.
MAX_CHARS = 50_000
FAR_TOO_LONG = 1.5  # "far too long" starts at this multiple of the suggested maximum
FIGURE = re.compile(r"[0-9０-９]")


def count_chars(text: str) -> int:
    """Characters as a Chinese length is counted: each 汉字, letter, digit or punctuation mark
    is one; spaces and line breaks are not counted."""
    return sum(not c.isspace() for c in text)


def too_long_message(length: int) -> str:
    return (
        f"这段文字有 {length} 个字符，超过了书面题的上限 {MAX_CHARS} 个字符，不能保存，也不能评分。"
        "请删减到要点（或检查是不是粘贴了整张表格）。"
    )


# -- note predicates: data, so the release can carry them --------------------------------------
@dataclass(frozen=True)
class Mentions:
    """True (show the note) when the text contains any of ``words``."""

    words: tuple[str, ...]

    def __init__(self, *words: str):
        object.__setattr__(self, "words", _words(words))

    def __call__(self, text: str) -> bool:
        return any(w in text for w in self.words)


@dataclass(frozen=True)
class Lacks:
    """True (show the note) when the text contains none of ``words``."""

    words: tuple[str, ...]

    def __init__(self, *words: str):
        object.__setattr__(self, "words", _words(words))

    def __call__(self, text: str) -> bool:
        return not any(w in text for w in self.words)


@dataclass(frozen=True)
class Matches:
    """True (show the note) when the regular expression ``pattern`` is found in the text."""

    pattern: str

    def __post_init__(self) -> None:
        re.compile(self.pattern)

    def __call__(self, text: str) -> bool:
        return re.search(self.pattern, text) is not None


PREDICATES = {"mentions": Mentions, "lacks": Lacks, "matches": Matches}


def _words(words: Sequence[str]) -> tuple[str, ...]:
    if not words or not all(isinstance(w, str) and w for w in words):
        raise ValueError("give at least one non-empty word")
    return tuple(words)


def predicate_to_json(predicate: Callable[[str], bool]) -> list[Any]:
    for name, kind in PREDICATES.items():
        if type(predicate) is kind:
            return [name, dataclasses.astuple(predicate)[0]]
    raise TypeError(
        f"a written answer's note predicate must be Mentions(...), Lacks(...) or Matches(...), "
        f"not {predicate!r}: the student release carries notes as data, not code"
    )


def predicate_from_json(spec: list[Any]) -> Callable[[str], bool]:
    name, value = spec
    kind = PREDICATES[name]
    return kind(value) if kind is Matches else kind(*value)


# -- the question ---------------------------------------------------------------------------------
def _check_length(qid: str, length: Sequence[int] | None) -> tuple[int, int] | None:
    if length is None:
        return None
    low, high = length
    if not (isinstance(low, int) and isinstance(high, int) and 0 < low <= high <= MAX_CHARS):
        raise ValueError(f"{qid}: length must be (minimum, maximum) characters, 0 < minimum <= maximum")
    return low, high


def _check_notes(qid: str, notes) -> tuple[tuple[Callable[[str], bool], str], ...]:
    checked = tuple((predicate, note) for predicate, note in notes)
    for predicate, note in checked:
        if not callable(predicate) or not isinstance(note, str) or not note:
            raise ValueError(f"{qid}: notes are (predicate, note) pairs")
    return checked


class WrittenAnswer(Question):
    """A text answer, marked by the teacher against ``rubric`` (a list of ``Criterion``)."""

    widget_kind = "written"

    def __init__(
        self,
        qid,
        *,
        rubric: Sequence[Criterion],
        length: tuple[int, int] | None = None,
        cite_numbers: bool = False,
        notes=(),
        points: float | None = None,
        **kwargs,
    ):
        rubric = check_rubric(qid, rubric)
        derived = total_points(rubric)
        if points is not None and points != derived:
            raise ValueError(
                f"{qid}: points={points!r}, but the rubric's top levels add up to {derived:g}; "
                "leave points out: a written answer is worth what its rubric is"
            )
        if kwargs.get("explanation"):
            raise ValueError(
                f"{qid}: a written answer takes no explanation (it would ship in the student "
                "release); put what a strong answer covers in solution="
            )
        super().__init__(qid, points=derived, **kwargs)
        self.rubric = rubric
        self.length = _check_length(qid, length)
        self.cite_numbers = bool(cite_numbers)
        self.notes = _check_notes(qid, notes)

    # -- judging: saved, never scored ---------------------------------------------------------
    def normalize(self, answer: Any) -> str:
        if not isinstance(answer, str):
            raise InvalidAnswerError(f"需要一段文字（字符串），你给的是{describe(answer)}。")
        text = answer.replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > MAX_CHARS:
            raise InvalidAnswerError(too_long_message(len(text)))
        return text

    def is_empty(self, normalized: str) -> bool:
        return not normalized.strip()

    def length_text(self) -> str:
        return f"建议 {self.length[0]}–{self.length[1]} 字" if self.length else ""

    def formative_notes(self, text: str) -> list[str]:
        """Notes that help the learner revise; they never change a mark."""
        found, count = [], count_chars(text)
        if self.length and count < self.length[0]:
            found.append(f"只写了 {count} 字，少于建议的 {self.length[0]} 字：评分标准里的每一项都写到了吗？")
        if self.length and count > FAR_TOO_LONG * self.length[1]:
            found.append(
                f"写了 {count} 字，远多于建议的 {self.length[1]} 字：请删去与问题无关的内容，突出要点。"
            )
        if self.cite_numbers and not FIGURE.search(text):
            found.append("没有引用任何数字：请用阿拉伯数字写出练习中算出的结果，支撑你的判断。")
        for predicate, note in self.notes:
            try:
                shown = bool(predicate(text))
            except Exception:  # a note is help, never a reason to fail a check
                shown = False
            if shown:
                found.append(note)
        return found

    def review(self, text: str) -> list[str]:
        """The length of ``text`` and the formative notes on it, as lines."""
        suggested = f"（{self.length_text()}）" if self.length else ""
        lines = [f"共 {count_chars(text)} 字{suggested}。"]
        notes = self.formative_notes(text)
        if notes:
            lines.append("修改建议（不影响得分）：")
            lines += [f"· {note}" for note in notes]
        return lines

    def judge(self, text: str) -> Feedback:
        lines = self.review(text)
        lines[0] += "老师会按评分标准评分，这里不给分数。"
        return Feedback(self.qid, Status.NEEDS_MARKING, "\n".join(lines))

    def set_answer(self, answer: Any, clear: bool = False) -> None:
        """Save ``answer``. Blank text never replaces a saved answer by accident (a stray call, an
        emptied cell): ``clear=True`` clears it on purpose."""
        if self.exercise is None or not isinstance(answer, str) or answer.strip():
            super().set_answer(answer)
            return
        try:
            stored = self.stored_answer()
        except AnswerStoreError:
            super().set_answer(answer)  # the store's own error is said there
            return
        kept = isinstance(stored, str) and stored.strip()
        if kept and not clear:
            _display(
                Note(
                    self.qid,
                    "没有清空",
                    f"这段文字是空白的，没有保存：已保存的答案（共 {count_chars(stored)} 字）保留不变。"
                    f'如果确实要清空，请运行 {self.name}.set_answer("", clear=True)。',
                )
            )
            return
        self.exercise.store.save(self.qid, "")
        self.rejected = None
        self.refresh_widgets()
        _display(
            Saved(f"已清空 {self.name} 的答案。" if kept else f"{self.name} 还没有保存过答案，不需要清空。")
        )

    def not_attempted_message(self) -> str:
        return f'请在上方的文本框里写下你的答案，或运行 {self.name}.set_answer("你的答案")。'

    def check(self, answer: Any = FROM_STORE) -> None:
        if answer is FROM_STORE:
            super().check()
            return
        # A text given to check() is not saved, and only a saved text is marked: say both.
        head = (
            f"这里只看了你给 check 的文字，没有保存；老师只评已保存的答案，"
            f"请用 {self.name}.set_answer(...) 或上方的文本框。"
        )
        feedback = self.evaluate(answer)
        if feedback.status is Status.NEEDS_MARKING:
            body = "\n".join([head, *self.review(self.normalize(answer))])
        else:
            body = f"{head}\n{feedback.message}"
        _display(Note(self.qid, "没有保存", body))

    def show_stored(self, stored: Any) -> str:
        text = " ".join(str(stored).split())
        return f"“{text[:30]}…”" if len(text) > 30 else f"“{text}”"

    # -- help ------------------------------------------------------------------------------------
    def marked_by_teacher(self) -> str:
        return (
            "书面题没有唯一的标准答案：老师会按上面的评分标准，逐项给出等级和评语，结果写在你的成绩反馈里。"
        )
