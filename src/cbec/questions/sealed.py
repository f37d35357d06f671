"""Sealed questions: the self-checks a student release ships, with no answer key in plain form.

``cbec release`` replaces each question bank ``cbec/exercises/lNN.py`` by a module that loads
``lNN.sealed.json``. There every answer is a digest of a canonical text: an HMAC under a key
derived slowly (PBKDF2) from the release's salt and the question id, once per question.
A sealed question puts the learner's answer into the same canonical text and compares digests,
so it gives the feedback of the original question without holding the answer.

- Numbers are compared on a grid: a numeric answer rounded to a step, a computed value rounded
  to the significant digits its relative tolerance implies. The grid points the original would
  accept are sealed, so the verdicts agree up to half a grid step.
- Notes that name the right answer in words (misconceptions, option notes) are encrypted with a
  key that only the matching wrong answer derives.
- A value rounded to 3 or more significant figures is recognised by digests of the expected
  value at those precisions, so the rounding note (or acceptance) works without the value.
- The expected outputs of a function question's public cases ship in plain form: they are the
  examples a failing case shows. Hidden cases stay with the grader.
- A plot question's reference charts are sealed value by value (bar heights by label, line and
  scatter points), so no drawn number ships in plain form; only their inputs and category
  labels do.
- Hints and explanations ship as they are; the worked solution does not, and the solution note
  says the teacher publishes it after the deadline.

Any self-check is an oracle by design: a learner may try answers until one passes, and a small
answer space can be searched offline. Sealing keeps the key out of sight and out of reach of
copying; the grader, which judges with the instructor's banks, is authoritative.

``seal_exercise(exercise, salt)`` writes a bank's spec (instructor side);
``load_exercise(path)`` reads it back as an ``Exercise`` of sealed questions (student side).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import math
import numbers
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cbec.answer_codec import decode, encode, resolve
from cbec.feedback import Feedback, Note
from cbec.questions import rounding as rounding_rule
from cbec.questions.base import Question
from cbec.questions.chart import Expected, PlotAnswer, drawn_order, drawn_values, is_summary, shape
from cbec.questions.choice import (
    Classification,
    MultipleChoice,
    Options,
    SingleChoice,
    classification_summary,
    incorrect_in_part,
    multiple_credit,
    multiple_summary,
    unexplained_line,
)
from cbec.questions.code import (
    CallOutcome,
    FunctionAnswer,
    ValueAnswer,
    call_quietly,
    mutation_note,
    with_note,
)
from cbec.questions.coerce import InvalidAnswerError, as_number, describe
from cbec.questions.compare import COARSE, KINDS, _show, column_problem, index_names, scaled
from cbec.questions.exercise import Exercise
from cbec.questions.numeric import HUNDRED_NOTE, Numeric
from cbec.questions.plots import call_plot
from cbec.questions.rubric import Criterion
from cbec.questions.showing import case_report
from cbec.questions.written import WrittenAnswer, predicate_from_json, predicate_to_json

FORMAT = "cbec-sealed/6"  # 3: any rounding, ×100 for values, function misconceptions; 4: plots;
# 5: one slow key per question, HMAC digests under it; table index names; misconception grids;
# 6: written answers (rubric, length and notes; never the model answer)
ROUNDS = 200_000  # PBKDF2 rounds for a question's key: derived once per question and check
ZERO = 1e-9  # |x| below this is 0, as in cbec.questions.compare
MAX_GRID = 200  # numeric grid points within the tolerance; a finer slider is judged on a coarser grid
MAX_STEPS = 10  # significant-digit neighbours sealed on each side of an expected value
BAND_SIZE = 2 * MAX_STEPS + 1


# -- digests and locked notes --------------------------------------------------------------------
# The trade-off: a question's key is derived once, slowly (PBKDF2 with the release's salt and the
# question id), and every digest of that question is an HMAC-SHA256 under that key. A check of a
# 1,000-row table then costs one derivation, not one per cell. A digest still cannot be inverted
# without trying plausible values, and the salt makes every question's search start from scratch;
# but the salt ships with the release, so once someone pays for a question's key, each further
# guess costs one HMAC instead of a PBKDF2. For the small answer spaces of exercises (a grid of a
# few thousand points, a handful of options) a search was already feasible before: the grader,
# with the instructor's banks, stays authoritative.
@lru_cache(maxsize=256)
def _question_key(salt: str) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", FORMAT.encode(), salt.encode(), ROUNDS)


def _derive(text: str, salt: str) -> bytes:
    return hmac.new(_question_key(salt), text.encode(), hashlib.sha256).digest()


def _xor(key: bytes, data: bytes) -> bytes:
    blocks = range(len(data) // 32 + 1)
    stream = b"".join(hashlib.sha256(key + n.to_bytes(4, "big")).digest() for n in blocks)
    return bytes(a ^ b for a, b in zip(data, stream[: len(data)], strict=True))


def _text(*parts: Any) -> str:
    """The canonical text of an answer part: one spelling for equal answers."""
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Lock:
    """Digests for one question. One derivation gives two halves: the half stored as the
    digest cannot give the other half, which is the key of the note that answer unlocks."""

    salt: str  # the release's salt followed by the question id

    def id(self, text: str) -> str:
        return _derive(text, self.salt)[:16].hex()

    def note(self, text: str, message: str) -> tuple[str, str]:
        key = _derive(text, self.salt)[16:]
        return self.id(text), base64.b64encode(_xor(key, message.encode())).decode()

    def open(self, text: str, notes: Mapping[str, str]) -> str:
        sealed = notes.get(self.id(text))
        if sealed is None:
            return ""
        return _xor(_derive(text, self.salt)[16:], base64.b64decode(sealed)).decode()


def _padded(ids: set[str], size: int) -> list[str]:
    # Random decoys fill every list to one length: how many grid points lie within the
    # tolerance would otherwise tell the leading digit of the answer.
    decoys = [secrets.token_hex(16) for _ in range(size - len(ids))]
    return sorted([*ids, *decoys])


def solution_later(question: Question) -> str:
    return f"参考答案会在截止日期之后由老师公布。现在{question.hint_tip()}"


class _Sealed:
    """What every sealed question shares: it is built from its spec and the release's salt."""

    def __init__(self, spec: Mapping[str, Any], salt: str):
        Question.__init__(
            self,
            spec["qid"],
            hints=spec["hints"],
            solution="（学生版不带参考答案）",
            explanation=spec["explanation"],
            method=spec.get("method", ""),
            points=spec["points"],
        )
        self.solution_text = solution_later(self)
        self.lock = Lock(salt + spec["qid"])
        self._load(spec)

    def answered_right(self) -> bool:
        """Whether the learner's current answer is right: the saved one for a widget question,
        the one last checked for a code question."""
        if self.widget_kind:
            return self.evaluate().passed
        return self.last_feedback is not None and self.last_feedback.passed

    def solution_note(self) -> Note:
        # Once right, the explanation is the worked reasoning the learner can compare with.
        if self.answered_right():
            reasoning = f"思路：{self.method or self.explanation}" if self.method or self.explanation else ""
            return Note(self.qid, "思路", f"你已答对。{reasoning}")
        return Note(self.qid, "参考答案", self.solution_text)

    def no_more_hints_message(self) -> str:
        return (
            f"这道题的 {len(self.hints)} 条提示都已经给出，没有更多提示了。"
            f"可以用 {self.name}.hint(1) 到 {self.name}.hint({len(self.hints)}) 再看某一条。"
            f"答对之后，{self.name}.solution() 会给出思路；参考答案由老师在截止日期之后公布。"
        )

    def _load(self, spec: Mapping[str, Any]) -> None:
        raise NotImplementedError


def _common(question: Question, kind: str) -> dict[str, Any]:
    return {
        "type": kind,
        "qid": question.qid,
        "points": question.points,
        "hints": list(question.hints),
        "explanation": question.explanation,
        "method": question.method,
    }


# -- choices -------------------------------------------------------------------------------------
def _seal_single(q: SingleChoice, lock: Lock) -> dict[str, Any]:
    notes = dict(lock.note(_text(option), message) for option, message in q.misconceptions.items())
    return {"options": list(q.options), "answer": lock.id(_text(q.answer)), "notes": notes}


class SealedSingleChoice(_Sealed, SingleChoice):
    def _load(self, spec):
        self.options = Options(spec["options"])
        self._answer, self._notes = spec["answer"], spec["notes"]

    def judge(self, answer: str) -> Feedback:
        if self.lock.id(_text(answer)) == self._answer:
            return self.correct()
        return self.incorrect(self.lock.open(_text(answer), self._notes))


def _seal_multiple(q: MultipleChoice, lock: Lock) -> dict[str, Any]:
    # One digest per option of (option, ticked?) as the answer has it. The verdict needs no
    # digest of the whole set: it is right exactly when every option is.
    states = [lock.id(_text(option, option in q.answer)) for option in q.options]
    # A note is for a learner who got its option wrong: keyed by that wrong state.
    notes = dict(lock.note(_text(o, o not in q.answer), note) for o, note in q.option_notes.items())
    return {"options": list(q.options), "states": states, "notes": notes, "partial_credit": q.partial_credit}


class SealedMultipleChoice(_Sealed, MultipleChoice):
    def _load(self, spec):
        self.options = Options(spec["options"])
        self._states, self._notes = spec["states"], spec["notes"]
        self.partial_credit = spec["partial_credit"]

    def judge(self, answer: list[str]) -> Feedback:
        chosen = set(answer)
        wrong, notes = set(), []
        for option, state in zip(self.options, self._states, strict=True):
            text = _text(option, option in chosen)
            if self.lock.id(text) != state:
                wrong.add(option)
                notes.append(self.lock.open(text, self._notes))
        if not wrong:
            return self.correct()
        hits = len(chosen - wrong)
        extra = len(chosen & wrong)
        # Every right option is either ticked (a hit) or not (missed): their sum is the key's size.
        credit = multiple_credit(hits, extra, hits + len(wrong - chosen))
        return incorrect_in_part(
            self, multiple_summary(self.options, chosen, wrong), [n for n in notes if n], credit
        )


def _seal_classification(q: Classification, lock: Lock) -> dict[str, Any]:
    # One digest per (item, right category); the whole answer is right when every item is.
    states = [lock.id(_text(item, q.answer[item])) for item in q.items]
    notes = dict(
        lock.note(_text(item, category), message)
        for (item, category), message in q.misconceptions.items()
        if q.answer.get(item) != category
    )
    return {
        "items": list(q.items),
        "categories": list(q.categories),
        "states": states,
        "notes": notes,
        "partial_credit": q.partial_credit,
    }


class SealedClassification(_Sealed, Classification):
    def _load(self, spec):
        self.items, self.categories = tuple(spec["items"]), tuple(spec["categories"])
        self._states, self._notes = spec["states"], spec["notes"]
        self.partial_credit = spec["partial_credit"]

    def judge(self, answer: dict[str, str]) -> Feedback:
        wrong, notes = set(), []
        for item, state in zip(self.items, self._states, strict=True):
            if item not in answer:
                wrong.add(item)
                continue
            text = _text(item, answer[item])
            if self.lock.id(text) != state:
                wrong.add(item)
                notes.append(self.lock.open(text, self._notes))
        if not wrong:
            return self.correct()
        credit = (len(self.items) - len(wrong)) / len(self.items)
        summary = classification_summary(self.items, answer, wrong)
        notes = [n for n in notes if n]
        return incorrect_in_part(self, summary, notes, credit, unexplained_line(wrong & answer.keys(), notes))


# -- one number ----------------------------------------------------------------------------------
def _grid_step(q: Numeric) -> float:
    step = q.slider[2] if q.slider else q.tolerance / 5
    return step if q.tolerance / step <= MAX_GRID / 2 else q.tolerance / 5


def _grid_point(value: float, step: float) -> str | None:
    # The index of the nearest grid point, not the value: an integer has one spelling.
    if not math.isfinite(value / step):
        return None
    return _text("grid", round(value / step))


def _grid_around(target: float, tolerance: float, step: float) -> list[str]:
    low = math.ceil((target - tolerance) / step - 1e-9)
    high = math.floor((target + tolerance) / step + 1e-9)
    return [_text("grid", k) for k in range(low, high + 1)]


def _rounding_texts(target: float, tolerance: float) -> list[str]:
    """The expected value rounded to 3..15 significant figures, where that leaves the tolerance."""
    digits = range(rounding_rule.MIN_DIGITS, rounding_rule.MAX_DIGITS + 1)
    return [
        _text("round", d, rounding_rule.text_at(target, d))
        for d in digits
        if abs(float(rounding_rule.text_at(target, d)) - target) > tolerance
    ]


def _coarse_texts(target: float, tolerance: float) -> list[str]:
    """The expected value rounded in any way, where that leaves the tolerance."""
    forms = rounding_rule.rounded_forms(target)
    return [_text("coarse", t) for t in sorted(forms) if abs(float(t) - target) > tolerance]


def _hundred_texts(target: float, tolerance: float) -> list[str]:
    """What a decimal given for a percent looks like ×100 (a grid around the expected value, on
    a grid of its own) and as itself (the expected value / 100 or × 100, rounded or not)."""
    grid = [_text("hundred", t) for t in _grid_around(target, tolerance, tolerance / 5)]
    forms = rounding_rule.rounded_forms(target / 100) | rounding_rule.rounded_forms(target * 100)
    return grid + [_text("hundred", t) for t in sorted(forms)]


ROUNDING_SIZE = rounding_rule.MAX_DIGITS - rounding_rule.MIN_DIGITS + 1
HUNDRED_SIZE = 12 + 2 * rounding_rule.FORMS_SIZE


def _seal_numeric(q: Numeric, lock: Lock) -> dict[str, Any]:
    step = _grid_step(q)
    target = q.expected()
    accepted = {lock.id(t) for t in _grid_around(target, q.tolerance, step)}
    notes: dict[str, str] = {}
    for value, message in q.misconceptions:
        wrong = float(value() if callable(value) else value)
        # At least the nearest grid point, also when the slider is finer than the grid.
        for text in _grid_around(wrong, max(q.misconception_tolerance(), step / 2), step):
            if lock.id(text) not in accepted and lock.id(text) not in notes:  # first one wins
                notes.update([lock.note(text, message)])
    slider = list(q.slider) if q.slider else None
    return {
        "unit": q.unit,
        "tolerance": q.tolerance,
        "slider": slider,
        "step": step,
        "accepted": _padded(accepted, int(2 * q.tolerance / step + 1e-9) + 1),
        "notes": notes,
        "rounding": q.rounding,
        "rounded": _padded({lock.id(t) for t in _rounding_texts(target, q.tolerance)}, ROUNDING_SIZE),
        "coarse": _padded({lock.id(t) for t in _coarse_texts(target, q.tolerance)}, rounding_rule.FORMS_SIZE),
        "hundred": _padded({lock.id(t) for t in _hundred_texts(target, q.hundred_tolerance())}, HUNDRED_SIZE),
        "explore": q.explore,
    }


class SealedNumeric(_Sealed, Numeric):
    def _load(self, spec):
        self.unit, self.tolerance = spec["unit"], spec["tolerance"]
        self.slider = tuple(spec["slider"]) if spec["slider"] else None
        self._step, self._accepted, self._notes = spec["step"], frozenset(spec["accepted"]), spec["notes"]
        self.rounding, self.explore = spec["rounding"], spec["explore"]
        self._rounded, self._hundred = frozenset(spec["rounded"]), frozenset(spec["hundred"])
        self._coarse = frozenset(spec["coarse"])

    def _accepts(self, value: float) -> bool:
        point = _grid_point(value, self._step)
        return point is not None and self.lock.id(point) in self._accepted

    def _is_rounded(self, answer: float) -> bool:
        return any(
            self.lock.id(_text("round", d, rounding_rule.text_at(answer, d))) in self._rounded
            for d in rounding_rule.exact_digits(answer)
        )

    def _hundred_off(self, answer: float) -> bool:
        tolerance = self.hundred_tolerance()
        point = _grid_point(answer * 100, tolerance / 5)
        if point is not None and self.lock.id(_text("hundred", point)) in self._hundred:
            return True
        return self._is_form(answer, "hundred", self._hundred)

    def _is_form(self, answer: float, kind: str, ids: frozenset[str]) -> bool:
        if not math.isfinite(answer) or answer == 0:
            return False
        return self.lock.id(_text(kind, rounding_rule.canonical(answer))) in ids

    def judge(self, answer: float) -> Feedback:
        if self._accepts(answer):
            return self.correct()
        point = _grid_point(answer, self._step)
        note = self.lock.open(point, self._notes) if point else ""
        if note:
            return self.incorrect(note)
        if self._is_rounded(answer):
            return self.correct() if self.rounding == "accept" else self.incorrect(rounding_rule.NOTE)
        if self._is_form(answer, "coarse", self._coarse):
            return self.incorrect(rounding_rule.NOTE)
        if self._hundred_off(answer) or self._accepts(answer / 100):
            return self.incorrect(HUNDRED_NOTE)
        # No "too large / too small": a direction would lead a search straight to the answer.
        return self.incorrect(
            f"你的答案 {answer:g}{self.unit} 与预期不符，差距超出了允许的误差（{self.tolerance_text()}）。"
        )


# -- computed values: numbers, Series, DataFrames, anything else -----------------------------------
def _digits(rtol: float) -> int:
    """Significant digits that resolve a relative tolerance: 1e-4 → 5, 1e-6 → 7."""
    return min(15, max(2, math.ceil(-math.log10(rtol)) + 1))


def _number_text(x: float, digits: int) -> str:
    if math.isnan(x):
        return "nan"
    if math.isinf(x) or abs(x) >= ZERO:
        return f"{x:.{digits - 1}e}"
    return "0"


def _scalar_text(value: Any, digits: int) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return "nan"
    if isinstance(value, numbers.Real):
        return _number_text(float(value), digits)
    return json.dumps(encode(value), ensure_ascii=False, sort_keys=True)


def _neighbour(size: float, direction: int, digits: int) -> float:
    # Stepping down from 1000 uses the step below it (999.9…), not the one above.
    below = 1 - 1e-12 if direction < 0 else 1
    ulp = 10 ** (math.floor(math.log10(size * below)) - digits + 1)
    return abs(float(_number_text(size + direction * ulp, digits)))


def _band(x: float, rtol: float, digits: int) -> set[str]:
    """The ``digits``-digit numbers within ``rtol`` of ``x`` (at most MAX_STEPS either side),
    and always its two neighbours, so a value on the rounding boundary is not missed."""
    centre = _number_text(x, digits)
    if centre in ("0", "nan") or "inf" in centre:
        return {centre}
    sign, texts = math.copysign(1.0, x), {centre}
    for direction in (1, -1):
        size = abs(float(centre))
        for step in range(MAX_STEPS):
            if size < ZERO:
                break
            size = _neighbour(size, direction, digits)
            if step and abs(size - abs(x)) > rtol * abs(x):
                break
            texts.add(_number_text(sign * size, digits))
    return texts


@dataclass(frozen=True)
class ValueSeal:
    """Seals and checks one value against ``rtol``; ``path`` keeps equal values apart."""

    lock: Lock
    rtol: float

    @property
    def digits(self) -> int:
        return _digits(self.rtol)

    def _ids(self, path: str, where: str, value: Any) -> list[str]:
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            texts = _band(float(value), self.rtol, self.digits)
        else:
            texts = {_scalar_text(value, self.digits)}
        return _padded({self.lock.id(_text(path, where, t)) for t in texts}, BAND_SIZE)

    def _rounded_digits(self) -> range:
        # Precisions coarser than the tolerance: finer ones are in the band already.
        return range(rounding_rule.MIN_DIGITS, self.digits)

    def _rounded_ids(self, path: str, where: str, value: Any) -> list[str]:
        if isinstance(value, np.generic):
            value = value.item()
        texts = set()
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value):
            texts = {
                _text(path, where, "round", d, rounding_rule.text_at(value, d))
                for d in self._rounded_digits()
            }
        return _padded({self.lock.id(t) for t in texts}, len(self._rounded_digits()))

    def _coarse_ids(self, path: str, where: str, value: Any) -> list[str]:
        if isinstance(value, np.generic):
            value = value.item()
        texts = set()
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            texts = {_text(path, where, "coarse", t) for t in rounding_rule.rounded_forms(float(value))}
        return _padded({self.lock.id(t) for t in texts}, rounding_rule.FORMS_SIZE)

    def _matches(
        self,
        path: str,
        where: str,
        value: Any,
        ids: Sequence[str],
        rounded: Sequence[str] = (),
        coarse: Sequence[str] = (),
    ) -> bool:
        if self.lock.id(_text(path, where, _scalar_text(value, self.digits))) in ids:
            return True
        if isinstance(value, np.generic):
            value = value.item()
        if not isinstance(value, numbers.Real) or isinstance(value, bool) or not math.isfinite(value):
            return False
        if any(
            self.lock.id(_text(path, where, "round", d, rounding_rule.text_at(float(value), d))) in rounded
            for d in rounding_rule.exact_digits(float(value))
            if rounded and d in self._rounded_digits()
        ):
            return True
        if not coarse or value == 0:
            return False
        return self.lock.id(_text(path, where, "coarse", rounding_rule.canonical(float(value)))) in coarse

    # sealing; ``rounded`` adds what the value rounded to 3 or more figures looks like
    def seal(self, value: Any, path: str, rounded: bool = False) -> dict[str, Any]:
        if isinstance(value, pd.DataFrame):
            return self._seal_frame(value, path, rounded)
        if isinstance(value, pd.Series):
            labels = [str(label) for label in value.index]
            pairs = list(zip(labels, value.to_numpy(), strict=True))
            by_label = {label: self._ids(path, label, v) for label, v in pairs}
            spec = {"kind": "series", "labels": sorted(labels), "values": dict(sorted(by_label.items()))}
            if rounded:
                spec["rounded"] = {label: self._rounded_ids(path, label, v) for label, v in sorted(pairs)}
                spec["coarse"] = {label: self._coarse_ids(path, label, v) for label, v in sorted(pairs)}
            return spec
        if isinstance(value, int | float) and not isinstance(value, bool):
            spec = {"kind": "number", "ids": self._ids(path, "", value)}
            if rounded:
                spec |= {
                    "rounded": self._rounded_ids(path, "", value),
                    "coarse": self._coarse_ids(path, "", value),
                }
            return spec
        return {"kind": "other", "type": type(value).__name__, "ids": self._ids(path, "", value)}

    def _seal_frame(self, frame: pd.DataFrame, path: str, rounded: bool) -> dict[str, Any]:
        index = _text(path, "index", encode(list(frame.index)))
        positions = [[(c, r) for r in range(len(frame))] for c in range(frame.shape[1])]
        spec = {
            "kind": "frame",
            "columns": encode(list(frame.columns)),
            "rows": len(frame),
            "index": self.lock.id(index),
            "index_names": index_names(frame),
            "cells": [[self._ids(path, f"{c}/{r}", frame.iloc[r, c]) for c, r in col] for col in positions],
        }
        if rounded:
            spec["rounded"] = [
                [self._rounded_ids(path, f"{c}/{r}", frame.iloc[r, c]) for c, r in col] for col in positions
            ]
            spec["coarse"] = [
                [self._coarse_ids(path, f"{c}/{r}", frame.iloc[r, c]) for c, r in col] for col in positions
            ]
        return spec

    # checking: None when ``got`` matches, else what differs; a wrong type raises. With
    # ``rounded``, a number also matches when it is the sealed one rounded to 3 or more figures.
    def problem(
        self, spec: Mapping[str, Any], got: Any, path: str, rounded: bool | str = False
    ) -> str | None:
        kind = spec["kind"]
        if kind == "frame":
            return self._frame_problem(spec, got, path, rounded)
        if kind == "series":
            return self._series_problem(spec, got, path, rounded)
        if kind == "number":
            number = as_number(got)
            also = spec.get("rounded", ()) if rounded else ()
            coarse = spec.get("coarse", ()) if rounded == COARSE else ()
            matches = self._matches(path, "", number, spec["ids"], also, coarse)
            return None if matches else f"得到 {number:g}，与预期不符。"
        if type(got).__name__ != spec["type"]:
            names = {t.__name__: name for t, name in KINDS.items()}
            raise InvalidAnswerError(
                f"需要{names.get(spec['type'], spec['type'])}，你给的是{describe(got)}。"
            )
        return None if self._matches(path, "", got, spec["ids"]) else f"得到 {_show(got)}，与预期不符。"

    def _series_problem(
        self, spec: Mapping[str, Any], got: Any, path: str, rounded: bool | str
    ) -> str | None:
        if not isinstance(got, pd.Series):
            raise InvalidAnswerError(f"需要一个 Series（一列数据），你给的是{describe(got)}。")
        labels = spec["labels"]
        if len(got) != len(labels):
            return f"你的结果有 {len(got)} 个值，应当有 {len(labels)} 个。"
        if sorted(map(str, got.index)) != labels:
            return f"索引（index）与预期不同：应当是 {labels}。"
        # Order does not matter: a groupby result sorted another way is still right.
        by_label = dict(zip(map(str, got.index), got.to_numpy(), strict=True))
        also = spec.get("rounded", {}) if rounded else {}
        coarse = spec.get("coarse", {}) if rounded == COARSE else {}
        for label in labels:
            value, ids = by_label[label], spec["values"][label]
            if not self._matches(path, label, value, ids, also.get(label, ()), coarse.get(label, ())):
                return f"“{label}”对应的值是 {_show(by_label[label])}，与预期不符。"
        return None

    def _frame_problem(self, spec: Mapping[str, Any], got: Any, path: str, rounded: bool | str) -> str | None:
        if not isinstance(got, pd.DataFrame):
            raise InvalidAnswerError(f"需要一个 DataFrame（表格），你给的是{describe(got)}。")
        columns = decode(spec["columns"])
        wrong_columns = column_problem(columns, got, spec.get("index_names", []))
        if wrong_columns:
            return wrong_columns
        if len(got) != spec["rows"]:
            return f"你的表有 {len(got)} 行，应当有 {spec['rows']} 行。"
        if self.lock.id(_text(path, "index", encode(list(got.index)))) != spec["index"]:
            return "行索引（index）与预期不同：检查分组、排序或是否需要 reset_index()。"
        # reindex, not got[columns]: a list of bool labels (True/False columns of an unstack)
        # would be read as a row mask.
        table = got.reindex(columns=columns)
        also = spec.get("rounded") if rounded else None
        coarse = spec.get("coarse") if rounded == COARSE else None
        for c, column in enumerate(columns):
            # A column at a time, not .iloc per cell: the cell lookups took longer than the check.
            cells = table.iloc[:, c].tolist()
            for r, label in enumerate(table.index):
                value = cells[r]
                fine = also[c][r] if also else ()
                if not self._matches(
                    path, f"{c}/{r}", value, spec["cells"][c][r], fine, coarse[c][r] if coarse else ()
                ):
                    return f"第 {label!r} 行、列 {column!r} 的值是 {_show(value)}，与预期不符。"
        return None


def _computed(value: Any) -> Any:
    return value() if callable(value) else value


def _seal_value(q: ValueAnswer, lock: Lock) -> dict[str, Any]:
    seal = ValueSeal(lock, q.rtol)
    misconceptions = [
        [seal.seal(_computed(value), f"mis{n}"), message]
        for n, (value, message) in enumerate(q.misconceptions)
    ]
    expected = _computed(q.expected)
    # The expected value × 100 and ÷ 100: a percent given for a share, or the other way round.
    hundreds = [(f"x{f:g}", scaled(expected, f)) for f in (100, 0.01)]
    return {
        "rtol": q.rtol,
        "expected": seal.seal(expected, "value", rounded=True),
        "misconceptions": misconceptions,
        "rounding": q.rounding,
        "hundred": [[path, seal.seal(v, path, rounded=True)] for path, v in hundreds if v is not None],
    }


class SealedValueAnswer(_Sealed, ValueAnswer):
    def _load(self, spec):
        self.rtol = spec["rtol"]
        self._seal = ValueSeal(self.lock, self.rtol)
        self._expected, self._misconceptions = spec["expected"], spec["misconceptions"]
        self.rounding, self._hundred = spec["rounding"], spec["hundred"]

    def judge(self, answer: Any) -> Feedback:
        problem = self._seal.problem(self._expected, answer, "value")
        if problem is None:
            return self.correct("公开检查通过。" + self.explanation)
        if self._seal.problem(self._expected, answer, "value", rounded=True) is None:
            return self.rounded_answer()
        for n, (spec, message) in enumerate(self._misconceptions):
            if self._matches(spec, answer, f"mis{n}", rounded=False):
                return self.incorrect(message)
        if self._seal.problem(self._expected, answer, "value", rounded=COARSE) is None:
            return self.incorrect(rounding_rule.NOTE)
        if any(self._matches(spec, answer, path) for path, spec in self._hundred):
            return self.incorrect(HUNDRED_NOTE)
        return self.incorrect(problem)

    def _matches(self, spec: Mapping[str, Any], answer: Any, path: str, rounded: bool | str = COARSE) -> bool:
        try:
            return self._seal.problem(spec, answer, path, rounded) is None
        except InvalidAnswerError:
            return False


# -- functions -----------------------------------------------------------------------------------
def _seal_function(q: FunctionAnswer, lock: Lock) -> dict[str, Any]:
    """Public cases only: hidden cases stay with the grader.

    A public case's expected output also ships in plain form (``shown``): it is an example the
    learner sees when the case fails, not an answer. The verdict still compares digests, exactly
    as the instructor's bank compares values.
    """
    seal = ValueSeal(lock, q.rtol)
    cases = []
    for n, args in enumerate(q.public_cases(), start=1):
        encoded = encode(tuple(args))
        # The reference runs on the decoded inputs: exactly what the learner's function gets.
        expected = q.reference(*copy.deepcopy(resolve(decode(encoded))))
        cases.append(
            {
                "args": encoded,
                "returns": expected is not None,
                "expected": seal.seal(expected, f"case{n}"),
                "shown": encode(expected),
            }
        )
    return {"rtol": q.rtol, "cases": cases, "wrong": _seal_wrong_references(q, lock, cases)}


def _output_text(value: Any, digits: int) -> str:
    """One spelling of a function's output, to the precision its tolerance resolves."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.DataFrame):
        columns = sorted(value.columns, key=str)
        cells = [[_scalar_text(v, digits) for v in value[c].to_numpy()] for c in columns]
        return _text("frame", [str(c) for c in columns], [str(i) for i in value.index], cells)
    if isinstance(value, pd.Series):
        pairs = sorted(
            (str(k), _scalar_text(v, digits)) for k, v in zip(value.index, value.to_numpy(), strict=True)
        )
        return _text("series", pairs)
    return _text("value", _scalar_text(value, digits))


def _wrong_text(number: int, outputs: Sequence[Any], digits: int) -> str:
    return _text("wrong", number, [_output_text(v, digits) for v in outputs])


def _seal_wrong_references(q: FunctionAnswer, lock: Lock, cases: list[dict[str, Any]]) -> list[list[str]]:
    """Each misconception's note, locked under the digest of its wrong reference's outputs on
    the public cases: a learner's function that gives those outputs opens it. Outputs are
    spelled at the tolerance's precision, so a value on a rounding boundary may miss its note."""
    digits, sealed = _digits(q.rtol), []
    for wrong, note in q.misconceptions:
        outcomes = [call_quietly(wrong, decode(case["args"])) for case in cases]
        if any(o.error for o in outcomes):
            continue  # a wrong reference that fails cannot be told from a function that fails
        text = _wrong_text(len(sealed), [o.value for o in outcomes], digits)
        sealed.append(list(lock.note(text, note)))
    return sealed


class SealedFunctionAnswer(_Sealed, FunctionAnswer):
    hidden_cases = ()

    def _load(self, spec):
        self.rtol = spec["rtol"]
        self._seal = ValueSeal(self.lock, self.rtol)
        self._cases = spec["cases"]
        self.cases = [decode(case["args"]) for case in self._cases]
        self._wrong = spec["wrong"]

    def judge_outcomes(
        self, outcomes: Sequence[CallOutcome], hidden: Sequence[CallOutcome] = (), name: str = "函数"
    ) -> Feedback:
        if hidden:
            raise ValueError(
                f"{self.qid}: a sealed question has no hidden tests; grade with the instructor's bank"
            )
        for number, (case, outcome) in enumerate(zip(self._cases, outcomes, strict=True), start=1):
            problem = self._problem(number, case, outcome, name)
            if problem:
                return self.failed_case(number, problem, outcomes)
        passed = f"{len(self._cases)} 个公开测试用例全部通过。" + self.explanation
        return self.correct(with_note(passed, mutation_note(outcomes)))

    def misconception_note(self, outcomes: Sequence[CallOutcome]) -> str:
        if any(o.error for o in outcomes):
            return ""
        digits = _digits(self.rtol)
        for number, (digest, note) in enumerate(self._wrong):
            text = _wrong_text(number, [o.value for o in outcomes], digits)
            if self.lock.id(text) == digest:
                return self.lock.open(text, {digest: note})
        return ""

    def public_report(self, number: int, outcome: CallOutcome) -> str:
        shown = decode(self._cases[number - 1]["shown"])
        return case_report(self.cases[number - 1], shown, outcome, values=False)

    def _problem(self, number: int, case: Mapping[str, Any], outcome: CallOutcome, name: str) -> str | None:
        if outcome.error:
            return f"调用 {name}(...) 时出错：{outcome.error}"
        if outcome.value is None and case["returns"]:
            return f"{name} 返回了 None：是不是忘了写 return？"
        try:
            return self._seal.problem(case["expected"], outcome.value, f"case{number}")
        except InvalidAnswerError as err:
            return f"{name} 的返回值类型不对：{err}"


# -- plots ---------------------------------------------------------------------------------------
def _seal_chart(seal: ValueSeal, summary: dict[str, Any], path: str, ordered: bool) -> dict[str, Any]:
    """A reference chart as digests: each drawn value under its order-free name."""
    values = {where: seal._ids(path, where, v) for where, v in drawn_values(summary).items()}
    spec = {"kind": summary["kind"], "shape": shape(summary), "values": values}
    if ordered:
        spec["order"] = seal.lock.id(_text(path, "order", drawn_order(summary)))
    return spec


class SealedChart(Expected):
    """A sealed reference chart, asked one value at a time as the original is."""

    def __init__(self, spec: Mapping[str, Any], seal: ValueSeal, path: str):
        self.kind, self._spec, self._seal, self._path = spec["kind"], spec, seal, path

    def shape(self) -> list:
        return list(self._spec["shape"])

    def value_ok(self, where: str, value: float | str) -> bool:
        ids = self._spec["values"].get(where)
        return ids is not None and self._seal._matches(self._path, where, value, ids)

    def order_ok(self, labels: list[str]) -> bool:
        return self._seal.lock.id(_text(self._path, "order", labels)) == self._spec.get("order")


def _chart_text(summary: dict[str, Any], digits: int) -> str:
    return _text("chart", [[w, _scalar_text(v, digits)] for w, v in sorted(drawn_values(summary).items())])


def _seal_plot(q: PlotAnswer, lock: Lock) -> dict[str, Any]:
    """Public cases only, and none of their drawn numbers in plain form: they are the answer."""
    seal = ValueSeal(lock, q.rtol)
    cases = []
    for n, args in enumerate(q.public_cases(), start=1):
        encoded = encode(tuple(args))
        # The reference runs on the decoded inputs: exactly what the learner's function gets.
        summary = q.expected_output(decode(encoded))
        cases.append({"args": encoded, "expected": _seal_chart(seal, summary, f"case{n}", q.ordered)})
    wrong, digits = [], _digits(q.rtol)
    for reference, note in q.misconceptions:
        drawn = [call_plot(reference, decode(case["args"])).value for case in cases]
        if all(is_summary(d) for d in drawn):
            text = _text("wrong", len(wrong), [_chart_text(d, digits) for d in drawn])
            wrong.append(list(lock.note(text, note)))
    return {
        "rtol": q.rtol,
        "kind": q.kind,
        "ordered": q.ordered,
        "chinese": q.chinese,
        "y_unit": q.y_unit,
        "cases": cases,
        "wrong": wrong,
    }


class SealedPlotAnswer(_Sealed, PlotAnswer):
    hidden_cases = ()

    def _load(self, spec):
        self.rtol, self.kind, self.ordered = spec["rtol"], spec["kind"], spec["ordered"]
        self.chinese, self.y_unit = spec.get("chinese", False), spec.get("y_unit", "")
        self._seal = ValueSeal(self.lock, self.rtol)
        self._cases = spec["cases"]
        self.cases = [decode(case["args"]) for case in self._cases]
        self._wrong = spec["wrong"]
        self.misconceptions = []

    def judge_outcomes(
        self, outcomes: Sequence[CallOutcome], hidden: Sequence[CallOutcome] = (), name: str = "函数"
    ) -> Feedback:
        if hidden:
            raise ValueError(
                f"{self.qid}: a sealed question has no hidden tests; grade with the instructor's bank"
            )
        for number, (case, outcome) in enumerate(zip(self._cases, outcomes, strict=True), start=1):
            chart = SealedChart(case["expected"], self._seal, f"case{number}")
            problem = self.case_problem(chart, outcome, name)
            if problem:
                return self.failed_case(number, problem, outcomes)
        passed = f"{len(self._cases)} 个公开测试用例全部通过。" + self.explanation
        return self.correct(with_note(passed, mutation_note(outcomes)))

    def misconception_note(self, outcomes: Sequence[CallOutcome]) -> str:
        if not all(is_summary(o.value) and not o.error for o in outcomes):
            return ""
        digits = _digits(self.rtol)
        for number, (digest, note) in enumerate(self._wrong):
            text = _text("wrong", number, [_chart_text(o.value, digits) for o in outcomes])
            if self.lock.id(text) == digest:
                return self.lock.open(text, {digest: note})
        return ""


# -- written answers -------------------------------------------------------------------------------
def _seal_written(q: WrittenAnswer, lock: Lock) -> dict[str, Any]:
    """The rubric and the formative notes, in plain form: they say what earns points, not what
    a strong answer says. The model answer (``solution=``) is left out, not sealed: a written
    answer has no key to compare digests with, and a sealed copy could still be opened."""
    return {
        "rubric": [c.to_json() for c in q.rubric],
        "length": list(q.length) if q.length else None,
        "cite_numbers": q.cite_numbers,
        "notes": [[predicate_to_json(predicate), note] for predicate, note in q.notes],
    }


class SealedWrittenAnswer(_Sealed, WrittenAnswer):
    def _load(self, spec):
        self.rubric = tuple(Criterion.from_json(c) for c in spec["rubric"])
        self.length = tuple(spec["length"]) if spec["length"] else None
        self.cite_numbers = spec["cite_numbers"]
        self.notes = tuple((predicate_from_json(p), note) for p, note in spec["notes"])
        self.solution_text = self.marked_by_teacher()

    def solution_note(self) -> Note:
        return Note(self.qid, "评分方式", self.solution_text)

    def no_more_hints_message(self) -> str:
        return (
            f"这道题的 {len(self.hints)} 条提示都已经给出，没有更多提示了。"
            f"可以用 {self.name}.hint(1) 到 {self.name}.hint({len(self.hints)}) 再看某一条。"
            + self.marked_by_teacher()
        )


# -- banks ---------------------------------------------------------------------------------------
SEALERS: dict[type, tuple[str, Callable[[Any, Lock], dict[str, Any]]]] = {
    SingleChoice: ("single", _seal_single),
    MultipleChoice: ("multiple", _seal_multiple),
    Classification: ("classification", _seal_classification),
    Numeric: ("numeric", _seal_numeric),
    ValueAnswer: ("value", _seal_value),
    FunctionAnswer: ("function", _seal_function),
    PlotAnswer: ("plot", _seal_plot),
    WrittenAnswer: ("written", _seal_written),
}
SEALED_TYPES: dict[str, type[_Sealed]] = {
    "single": SealedSingleChoice,
    "multiple": SealedMultipleChoice,
    "classification": SealedClassification,
    "numeric": SealedNumeric,
    "value": SealedValueAnswer,
    "function": SealedFunctionAnswer,
    "plot": SealedPlotAnswer,
    "written": SealedWrittenAnswer,
}


def seal_question(question: Question, salt: str) -> dict[str, Any]:
    # The exact type: a subclass may judge differently, and sealing it as its parent would hide that.
    if type(question) not in SEALERS:
        raise TypeError(f"{question.qid}: cannot seal a {type(question).__name__} question")
    kind, sealer = SEALERS[type(question)]
    return _common(question, kind) | sealer(question, Lock(salt + question.qid))


def seal_exercise(exercise: Exercise, salt: str) -> dict[str, Any]:
    """The JSON-ready sealed spec of a question bank."""
    return {
        "format": FORMAT,
        "lesson": exercise.lesson,
        "stem": exercise.stem,
        "title": exercise.title,
        "salt": salt,
        "questions": [seal_question(q, salt) for q in exercise.questions.values()],
    }


def load_exercise(path: Path) -> Exercise:
    """The exercise a sealed spec describes, with sealed questions ready to check."""
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    if spec.get("format") != FORMAT:
        raise ValueError(f"{path} is not a sealed question bank (format {FORMAT})")
    exercise = Exercise(spec["lesson"], stem=spec["stem"], title=spec["title"])
    for question in spec["questions"]:
        exercise.add(SEALED_TYPES[question["type"]](question, spec["salt"]))
    return exercise
