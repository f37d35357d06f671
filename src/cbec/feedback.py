"""What a learner sees after a check, a hint or a solution: short, in Chinese, never a traceback.

Each message renders as coloured HTML in JupyterLab and as plain text everywhere else, and
both forms are deterministic, so nbval can compare them strictly.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import Enum


class Status(str, Enum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not_attempted"
    INVALID = "invalid"  # an answer of the wrong type or shape
    ERROR = "error"  # the check itself could not run (e.g. a corrupt answer store)
    NEEDS_MARKING = "needs_marking"  # a written answer, saved: the teacher marks it against its rubric


LABELS = {
    Status.CORRECT: ("✅", "正确", "#e8f5e9", "#2e7d32"),
    Status.INCORRECT: ("❌", "还不对", "#ffebee", "#c62828"),
    Status.NOT_ATTEMPTED: ("⏳", "还没有作答", "#fff8e1", "#8d6e00"),
    Status.INVALID: ("⚠️", "答案的格式不对", "#fff3e0", "#e65100"),
    Status.ERROR: ("⛔", "无法检查", "#eceff1", "#37474f"),
    Status.NEEDS_MARKING: ("📝", "已保存，待老师评分", "#ede7f6", "#4527a0"),
}


def _box(title: str, body: str, background: str, colour: str) -> str:
    paragraphs = "".join(f"<p style='margin:0.2em 0'>{html.escape(p)}</p>" for p in body.split("\n"))
    return (
        f"<div style='background:{background};border-left:4px solid {colour};"
        f"padding:0.4em 0.8em;margin:0.3em 0'>"
        f"<b style='color:{colour}'>{html.escape(title)}</b>{paragraphs}</div>"
    )


@dataclass(frozen=True)
class Feedback:
    """The verdict of one check."""

    qid: str
    status: Status
    message: str = ""
    # The share of the question's points this answer earns. None means all or nothing: 1 when
    # correct, else 0. A question with partial credit sets it on an incorrect answer.
    credit: float | None = None

    @property
    def passed(self) -> bool:
        return self.status is Status.CORRECT

    @property
    def earned(self) -> float:
        """The fraction of the points earned, from 0 to 1."""
        if self.status is Status.CORRECT:
            return 1.0
        if self.status is Status.INCORRECT and self.credit is not None:
            return min(1.0, max(0.0, float(self.credit)))
        return 0.0

    @property
    def title(self) -> str:
        icon, label, _, _ = LABELS[self.status]
        return f"{icon} [{self.qid}] {label}"

    def __str__(self) -> str:
        return f"{self.title}。{self.message}" if self.message else self.title

    __repr__ = __str__

    def _repr_html_(self) -> str:
        _, _, background, colour = LABELS[self.status]
        return _box(self.title, self.message, background, colour)


@dataclass(frozen=True)
class Note:
    """A hint or a worked solution."""

    qid: str
    heading: str
    body: str

    def __str__(self) -> str:
        return f"[{self.qid}] {self.heading}\n{self.body}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return _box(f"[{self.qid}] {self.heading}", self.body, "#e3f2fd", "#1565c0")


@dataclass(frozen=True)
class Saved:
    """The one-line confirmation that an answer was saved."""

    text: str

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return f"<p style='margin:0.2em 0;color:#2e7d32'>{html.escape(self.text)}</p>"
