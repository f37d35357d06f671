"""Recognise a number that is the expected value rounded to 3 or more significant figures.

A learner who rounds a result before checking it has done the work; telling them only "与预期
不符" sends them looking for a mistake that is not there. A question either accepts such a value
or says that it is rounded, without naming the value.
"""

from __future__ import annotations

import math

MIN_DIGITS = 3
MAX_DIGITS = 15
RULES = ("accept", "note")
NOTE = "你的答案像是把正确结果四舍五入得太早了：请保留更多位小数（不要先取整再作答）。"


def check_rule(rounding: str) -> str:
    if rounding not in RULES:
        raise ValueError(f"rounding must be one of {RULES}, not {rounding!r}")
    return rounding


def text_at(x: float, digits: int) -> str:
    """``x`` rounded to ``digits`` significant figures, in one spelling."""
    return f"{x:.{digits - 1}e}"


def exact_digits(x: float, least: int = MIN_DIGITS) -> list[int]:
    """The precisions (``least``..15 significant figures) at which ``x`` is written exactly."""
    if not math.isfinite(x) or x == 0:
        return []
    return [d for d in range(least, MAX_DIGITS + 1) if float(text_at(x, d)) == x]


def is_rounding_of(got: float, expected: float, least: int = MIN_DIGITS) -> bool:
    """True when ``got`` is ``expected`` rounded to ``least`` or more significant figures."""
    if not math.isfinite(expected):
        return False
    return any(text_at(expected, d) == text_at(got, d) for d in exact_digits(got, least))
