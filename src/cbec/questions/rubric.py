"""Rubrics for written answers: criteria, each with levels that have points and descriptors.

A rubric is shown to the learner beside the text area, to the teacher beside every answer on
the marking pages, and ships in the student release: it says what earns points, never what a
strong answer says. A criterion's key names it in ``marks.csv``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Level:
    """One level of a criterion: the points it earns, a short label and what it looks like."""

    points: float
    label: str
    descriptor: str

    def __post_init__(self) -> None:
        if isinstance(self.points, bool) or not isinstance(self.points, int | float) or self.points < 0:
            raise ValueError(f"a level's points must be a number of at least 0, not {self.points!r}")
        if not self.label.strip() or not self.descriptor.strip():
            raise ValueError("a level needs a label and a descriptor")


@dataclass(frozen=True)
class Criterion:
    """One row of a rubric. ``key`` (e.g. "evidence") is how ``marks.csv`` names it."""

    key: str
    title: str
    levels: Sequence[Level]

    def __post_init__(self) -> None:
        object.__setattr__(self, "levels", tuple(self.levels))
        if not KEY.match(self.key):
            raise ValueError(f"criterion key {self.key!r} must be lower-case letters, digits and _")
        if len(self.levels) < 2 or not all(isinstance(lv, Level) for lv in self.levels):
            raise ValueError(f"criterion {self.key!r} needs at least two Level(...) entries")
        points = [lv.points for lv in self.levels]
        if points != sorted(set(points)):
            raise ValueError(f"criterion {self.key!r}: levels must go up in points, each different")
        if points[0] != 0:
            raise ValueError(f"criterion {self.key!r}: the lowest level must be worth 0 points")

    @property
    def max_points(self) -> float:
        return self.levels[-1].points

    def level_at(self, points: float) -> Level | None:
        """The level worth exactly ``points``, or None when the points fall between levels."""
        return next((lv for lv in self.levels if lv.points == points), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "levels": [[lv.points, lv.label, lv.descriptor] for lv in self.levels],
        }

    @classmethod
    def from_json(cls, spec: dict[str, Any]) -> Criterion:
        return cls(spec["key"], spec["title"], [Level(*level) for level in spec["levels"]])


def check_rubric(qid: str, rubric: Sequence[Criterion]) -> tuple[Criterion, ...]:
    rubric = tuple(rubric)
    if not rubric or not all(isinstance(c, Criterion) for c in rubric):
        raise ValueError(f"{qid}: a written answer needs a rubric of Criterion(...) entries")
    keys = [c.key for c in rubric]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{qid}: two criteria share a key ({keys})")
    return rubric


def total_points(rubric: Sequence[Criterion]) -> float:
    return sum(c.max_points for c in rubric)


def _number(value: float) -> str:
    return f"{value:g}"


CELL = "border:1px solid #ccc;padding:0.25em 0.5em;vertical-align:top;text-align:left"


def rubric_html(rubric: Sequence[Criterion]) -> str:
    """The rubric as an HTML table: a row per criterion, a cell per level. Inline styles only,
    so it looks the same in JupyterLab, in a widget and on a page of its own."""
    width = max(len(c.levels) for c in rubric)
    # Columns are "档", never "等级": a lesson on evidence grades uses 等级 for A–D.
    head = f"<th style='{CELL}'>评分标准</th>" + "".join(
        f"<th style='{CELL}'>第 {n + 1} 档</th>" for n in range(width)
    )
    rows = []
    for c in rubric:
        cells = [
            f"<td style='{CELL}'><b>{html.escape(lv.label)}（{_number(lv.points)} 分）</b><br>"
            f"{html.escape(lv.descriptor)}</td>"
            for lv in c.levels
        ]
        cells += [f"<td style='{CELL}'></td>"] * (width - len(c.levels))
        title = f"<td style='{CELL}'><b>{html.escape(c.title)}</b><br><small>满分 {_number(c.max_points)} 分</small></td>"
        rows.append(f"<tr>{title}{''.join(cells)}</tr>")
    total = _number(total_points(rubric))
    return (
        f"<table style='border-collapse:collapse;margin:0.3em 0;font-size:0.92em'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        f"<caption style='caption-side:bottom;text-align:left'><small>共 {total} 分，由老师按此标准评分。</small></caption>"
        "</table>"
    )
