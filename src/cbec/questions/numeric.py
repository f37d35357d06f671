"""A question whose answer is one number, checked within a tolerance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cbec.feedback import Feedback
from cbec.questions import rounding as rounding_rule
from cbec.questions.base import Question
from cbec.questions.coerce import InvalidAnswerError, as_number

Number = float | Callable[[], float]
HUNDRED_NOTE = "数量级差了 100 倍：注意题目要的是百分数还是小数。"


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
        rounding: str = "note",
        explore: str | None = None,
        **kwargs,
    ):
        super().__init__(qid, **kwargs)
        self.answer = answer
        self.tolerance = tolerance
        self.unit = unit
        self.misconceptions = list(misconceptions or [])
        self.slider = slider  # (min, max, step): answer with a slider instead of a text box
        self.rounding = rounding_rule.check_rule(rounding)
        self.explore = explore  # "module:function" drawing what the slider's value implies

    def tolerance_text(self) -> str:
        """The allowed error in words: for a percent, in percentage points, so "±0.3%" cannot be
        read as 0.3 % of the answer."""
        if self.unit.strip() == "%":
            return f"±{self.tolerance:g} 个百分点"
        return f"±{self.tolerance:g}{self.unit}"

    def expected(self) -> float:
        return _value(self.answer)

    def normalize(self, answer: Any) -> float:
        number = as_number(answer)
        if self.slider:
            self._within_slider(number)
        return number

    def whole_numbers(self) -> bool:
        """True for a slider of whole numbers (months, people, days): its answer is a whole number."""
        return bool(self.slider) and all(float(v).is_integer() for v in (self.slider[0], self.slider[2]))

    def _within_slider(self, number: float) -> None:
        # A slider clamps what it is given: an answer it cannot show is refused, not moved.
        low, high, step = self.slider
        whole = self.whole_numbers()
        if low - step / 1000 <= number <= high + step / 1000:
            if whole and abs(number - round(number)) > 1e-9:
                raise InvalidAnswerError(
                    f"本题的答案是整数（滑块每格 {step:g}{self.unit}）：{number:g} 不是整数，请给出一个整数。"
                )
            return
        unit = self.unit.strip()
        message = f"{number:g} 不在本题滑块的范围内：答案应在 {low:g} 到 {high:g}{self.unit}之间。"
        # Dividing by 100 or 1000 only rescues a unit slip when the result is a value the
        # slider can show: never a fraction of a month on a slider of whole months. A unit slip
        # is a factor of 100 or more: a number just past the end of the slider is not one.
        far_out = abs(number) >= 10 * max(abs(low), abs(high))
        fits = [
            (f, number / f)
            for f in (100, 1000)
            if far_out and low <= number / f <= high and (not whole or float(number / f).is_integer())
        ]
        if fits:
            shown = "、".join(f"除以 {f} 得 {v:g}" for f, v in fits)
            message += f"{shown}，在范围内：是不是还没有换算成滑块的单位（{unit}）？"
        raise InvalidAnswerError(message)

    def _near(self, got: float, target: float) -> bool:
        return abs(got - target) <= self.tolerance

    def misconception_tolerance(self) -> float:
        """How near an answer must come to a misconception's value to get its note: half a
        slider step, so a neighbouring position is not told it is the misconception."""
        return min(self.tolerance, self.slider[2] / 2) if self.slider else self.tolerance

    def hundred_tolerance(self) -> float:
        """How near ``answer × 100`` must come to the target to be a decimal for a percent.

        A slider moves in steps: the decimal nearest to target/100 may be half a step away,
        which ×100 is 50 steps.
        """
        return max(self.tolerance, 50 * self.slider[2] if self.slider else 0.0)

    def _hundred_off(self, answer: float, target: float) -> bool:
        if abs(answer * 100 - target) <= self.hundred_tolerance() or self._near(answer / 100, target):
            return True
        # A decimal typed where a percent is asked is often rounded too (0.18 for 17.56%).
        return any(rounding_rule.is_any_rounding_of(answer, target * f) for f in (0.01, 100))

    def judge(self, answer: float) -> Feedback:
        target = self.expected()
        if self._near(answer, target):
            return self.correct()
        for value, message in self.misconceptions:
            if abs(answer - _value(value)) <= self.misconception_tolerance() + 1e-9:
                return self.incorrect(message)
        if rounding_rule.is_rounding_of(answer, target):
            return self.correct() if self.rounding == "accept" else self.incorrect(rounding_rule.NOTE)
        if rounding_rule.is_any_rounding_of(answer, target):
            return self.incorrect(rounding_rule.NOTE)
        if self._hundred_off(answer, target):
            return self.incorrect(HUNDRED_NOTE)
        direction = "偏大" if answer > target else "偏小"
        return self.incorrect(f"你的答案 {answer:g}{self.unit} {direction}了。")
