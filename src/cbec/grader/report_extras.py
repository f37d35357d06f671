"""Parts of the class report beyond the item analysis: wrong code answers counted by the
misconception they show, classification answers as per-item tables, and times in the
instructor's time zone.

A code question's feedback quotes the note of the misconception its answer matched (a wrong
reference function, a misread value, rounding, a factor of 100): counting those notes in the
grades counts the misconceptions, with no need to run anything again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from cbec.grader.results import ClassResults, QuestionInfo

DEFAULT_TIMEZONE = "Asia/Shanghai"
CODE_KINDS = frozenset({"value", "function", "plot"})
OTHER = "其他（没有对上任何已知误解） / other (no known misconception)"
UNPLACED = "（未分类）"


# -- time zones ------------------------------------------------------------------------------------
def zone(name: str) -> tzinfo:
    """The time zone ``name`` (IANA, e.g. Asia/Shanghai, Europe/Berlin, UTC); ValueError if unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        if name == DEFAULT_TIMEZONE:  # a system without a zone database: China has no DST
            return timezone(timedelta(hours=8), DEFAULT_TIMEZONE)
        raise ValueError(
            f"unknown time zone {name!r}; give an IANA name such as Asia/Shanghai or UTC"
        ) from err


def local_time(stamp: str, name: str = DEFAULT_TIMEZONE) -> str:
    """A UTC time stamp of the grades ("2026-03-01T02:00:00Z") in the zone ``name``, with the
    zone and its offset spelled out; a stamp that is not a time is returned as it is."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(zone(name))
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} ({name}, UTC{offset[:3]}:{offset[3:]})"


# -- wrong code answers by misconception -----------------------------------------------------------
def bank_misconceptions() -> dict[str, list[str]]:
    """qid → the notes a code question's feedback may quote, from the instructor's banks."""
    from cbec.exercises import banks
    from cbec.questions import rounding
    from cbec.questions.numeric import HUNDRED_NOTE

    notes: dict[str, list[str]] = {}
    for bank in banks().values():
        for q in bank.exercise.questions.values():
            if q.widget_kind:
                continue
            found = [note for _, note in getattr(q, "misconceptions", [])]
            if hasattr(q, "expected"):  # a value: rounded, or off by a factor of 100
                found += [rounding.NOTE, HUNDRED_NOTE]
            notes[q.qid] = found
    return notes


def code_misconception_counts(
    results: ClassResults, notes: dict[str, list[str]]
) -> dict[str, list[tuple[str, int]]]:
    """qid → (misconception note, or OTHER; students) for every code question with a wrong
    answer, most common first, ties in the notes' order."""
    from cbec.grader.class_report import _graded, questions

    code = {q.qid for q in questions(results) if q.kind in CODE_KINDS}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for _, result in _graded(results):
        if result.qid in code and result.status == "incorrect":
            known = notes.get(result.qid, [])
            matched = next((n for n in known if n and n in result.message), OTHER)
            counts[result.qid][matched] += 1
    order = {qid: {n: i for i, n in enumerate([*notes.get(qid, []), OTHER])} for qid in counts}
    return {
        qid: sorted(c.items(), key=lambda nc, qid=qid: (-nc[1], order[qid].get(nc[0], 0)))
        for qid, c in counts.items()
    }


# -- classification answers ------------------------------------------------------------------------
def bank_classifications() -> dict[str, tuple[list[str], list[str], dict[str, str]]]:
    """qid → (items, categories, right category per item) of every classification question."""
    from cbec.exercises import banks

    return {
        q.qid: (list(q.items), list(q.categories), dict(q.answer))
        for bank in banks().values()
        for q in bank.exercise.questions.values()
        if q.widget_kind == "classification"
    }


def placement_counts(results: ClassResults, qid: str) -> dict[str, Counter[str]]:
    """item → category → students who put it there, over the graded answers of ``qid``."""
    from cbec.grader.class_report import _graded

    placed: dict[str, Counter[str]] = defaultdict(Counter)
    for _, result in _graded(results):
        if result.qid == qid and isinstance(result.answer, dict):
            for item, category in result.answer.items():
                placed[str(item)][UNPLACED if category is None else str(category)] += 1
    return placed


def _esc(value: Any) -> str:
    from cbec.grader.feedback_html import text

    return text(value)


def classification_table(
    results: ClassResults, info: QuestionInfo, known: tuple[list[str], list[str], dict[str, str]] | None
) -> str:
    """One row per item, one column per category: how many students put the item there; the
    right category (from the bank) is marked ✓."""
    placed = placement_counts(results, info.qid)
    items, categories, right = known or ([], [], {})
    items = items + sorted(set(placed) - set(items))
    seen = {c for counter in placed.values() for c in counter}
    categories = categories + sorted(seen - set(categories))
    if not placed:
        return "<p>—（没有作答 / no answers）</p>"
    head = "".join(f"<th>{_esc(c)}</th>" for c in categories)
    rows = []
    for item in items:
        cells = "".join(
            f"<td class='num'>{placed[item][c]}{' ✓' if right.get(item) == c else ''}</td>"
            for c in categories
        )
        rows.append(f"<tr><td>{_esc(item)}</td>{cells}</tr>")
    return (
        f"<table class='placements'><thead><tr><th>项目 / item</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def answer_table(answer: dict[str, Any]) -> str:
    """One classification answer as a small item → category table."""
    rows = "".join(
        f"<tr><td>{_esc(item)}</td><td>{_esc(UNPLACED if c is None else c)}</td></tr>"
        for item, c in answer.items()
    )
    return f"<table class='answer'><tbody>{rows}</tbody></table>"
