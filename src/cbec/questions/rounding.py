"""Recognise a number that is the expected value rounded.

A learner who rounds a result before checking it has done the work; telling them only "与预期
不符" sends them looking for a mistake that is not there. A value rounded to 3 or more
significant figures is either accepted or named as rounded, as the question says; a coarser
one (1 or 2 significant figures, or any number of decimal places, as ``.round(0)`` gives) is
always named as rounded, never accepted. The note never names the value.
"""

from __future__ import annotations

import math

MIN_DIGITS = 3
MAX_DIGITS = 15
MAX_PLACES = 15
# At most this many distinct roundings of one number: by significant figures and by places.
FORMS_SIZE = MAX_DIGITS + MAX_PLACES + 1
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


def canonical(x: float) -> str:
    """One spelling of ``x`` that float noise in its last bits does not change."""
    return text_at(x, MAX_DIGITS)


def rounded_forms(x: float) -> set[str]:
    """``x`` rounded to 1..15 significant figures or 0..15 decimal places, each spelled
    ``canonical``. Zero is left out: a rounding that leaves nothing tells nothing."""
    if not math.isfinite(x) or x == 0:
        return set()
    values = [float(text_at(x, d)) for d in range(1, MAX_DIGITS + 1)]
    values += [round(x, places) for places in range(MAX_PLACES + 1)]
    return {canonical(v) for v in values if v != 0 and math.isfinite(v)}


def is_any_rounding_of(got: float, expected: float) -> bool:
    """True when ``got`` is ``expected`` rounded to any significant figures or decimal places."""
    if not math.isfinite(got) or got == 0:
        return False
    return canonical(got) in rounded_forms(expected)
