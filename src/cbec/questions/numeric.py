"""A question whose answer is one number, checked within a tolerance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cbec.feedback import Feedback
from cbec.questions.base import Question
from cbec.questions.coerce import as_number

Number = float | Callable[[], float]


def _value(number: Number) -> float:
    # Expected values may be computed from the shipped data when checked: never hard-coded.
    return float(number() if callable(number) else number)


class Numeric(Question):
    widget_kind = "numeric"

    def __init__(
        self,
        qid,
        *,
        answer: Number,
        tolerance: float,
        unit: str = "",
        misconceptions: list[tuple[Number, str]] | None = None,
        slider: tuple[float, float, float] | None = None,
        **kwargs,
    ):
        super().__init__(qid, **kwargs)
        self.answer = answer
        self.tolerance = tolerance
        self.unit = unit
        self.misconceptions = list(misconceptions or [])
        self.slider = slider  # (min, max, step): answer with a slider instead of a text box

    def expected(self) -> float:
        return _value(self.answer)

    def normalize(self, answer: Any) -> float:
        return as_number(answer)

    def _near(self, got: float, target: float) -> bool:
        return abs(got - target) <= self.tolerance

    def judge(self, answer: float) -> Feedback:
        target = self.expected()
        if self._near(answer, target):
            return self.correct()
        for value, message in self.misconceptions:
            if self._near(answer, _value(value)):
                return self.incorrect(message)
        if self._near(answer * 100, target) or self._near(answer / 100, target):
            return self.incorrect("数量级差了 100 倍：注意题目要的是百分数还是小数。")
        direction = "偏大" if answer > target else "偏小"
        return self.incorrect(f"你的答案 {answer:g}{self.unit} {direction}了。")
