"""The "怎样作答" text of an exercise, rendered from one template and the exercise's question bank.

The template, ``how_to_answer.md`` beside this module, is the learner-facing text of every
exercise. Everything that differs between exercises (which questions are answered in a control,
in code or in writing, the answer file's name, which need a figure cited) is computed from the
bank, so changing the template changes every exercise and a new bank needs no text of its own.

Template syntax (its opening comment says the same, for whoever edits it):

- ``[cond ...] text`` (lower-case names, then a space): the line is kept only when every condition holds; the one space after
  ``]`` is dropped and further spaces indent the line. ``!cond`` negates a condition.
- Conditions: ``formative``, ``summative`` (the mode); ``hints=all|first|none`` (the hints a
  summative release gives); and every name in ``SETS``, true when the exercise has such a question.
- ``{name}`` for a name in ``SETS`` becomes "第 9 题", "第 1、2、8 题" or, for one run of three or
  more, "第 11—14 题"; ``{store}`` becomes the answer file's name.
- Lines from one that starts with ``<!--`` to one that ends with ``-->`` are a comment, dropped.

``cbec build`` writes the rendered text into the cell tagged ``how-to`` of each solution notebook
(see ``cbec.build``); ``cbec release --summative`` renders it with ``mode="summative"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from cbec.answer_store import store_path
from cbec.questions.base import Question
from cbec.questions.exercise import HINT_SETTINGS, Exercise

TEMPLATE = Path(__file__).with_name("how_to_answer.md")
MODES = ("formative", "summative")
# Lower-case names then a space: a markdown link such as ``[术语表](…)`` is text, not a condition.
CONDITIONS = re.compile(r"^\[([!a-z_= ]+)\](?: |$)")
# Lower-case ASCII names only: braces in the learner's text, e.g. ``{项目: 类别}``, stay as they are.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _is_written(q: Question) -> bool:
    return q.widget_kind == "written"


def _partial(kind: str) -> Callable[[Question], bool]:
    return lambda q: q.widget_kind == kind and bool(getattr(q, "partial_credit", False))


SETS: dict[str, Callable[[Question], bool]] = {
    "widgets": lambda q: q.widget_kind is not None and not _is_written(q),
    "code": lambda q: q.widget_kind is None,
    "written": _is_written,
    "cite": lambda q: _is_written(q) and bool(getattr(q, "cite_numbers", False)),
    "length": lambda q: _is_written(q) and bool(getattr(q, "length", None)),
    "single": lambda q: q.widget_kind == "single",
    "multiple": lambda q: q.widget_kind == "multiple",
    "numeric": lambda q: q.widget_kind == "numeric",
    "classification": lambda q: q.widget_kind == "classification",
    "partial_classification": _partial("classification"),
    "partial_multiple": _partial("multiple"),
}


class TemplateError(ValueError):
    """The template asks for something the renderer does not know, or shows an empty set."""


def template_path(root: Path) -> Path:
    """The course's own template, or the installed package's in a course without ``src/``."""
    own = Path(root) / "src" / "cbec" / TEMPLATE.name
    return own if own.is_file() else TEMPLATE


def numbers_text(numbers: list[int]) -> str:
    """The numbers as 第 9 题, 第 1、2、8 题, or 第 11—14 题 when they are one run of three or more."""
    numbers = sorted(numbers)
    if len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"第 {numbers[0]}—{numbers[-1]} 题"
    return f"第 {'、'.join(map(str, numbers))} 题"


def question_sets(exercise: Exercise) -> dict[str, list[int]]:
    """The question numbers of each set in ``SETS``, in order."""
    numbers = {q: int(q.qid.split(".Q")[1]) for q in exercise.questions.values()}
    return {name: sorted(n for q, n in numbers.items() if test(q)) for name, test in SETS.items()}


def _holds(condition: str, facts: dict[str, bool], where: str) -> bool:
    negated = condition.startswith("!")
    name = condition.removeprefix("!")
    if name not in facts:
        raise TemplateError(f"{where}: unknown condition [{name}]; known: {', '.join(sorted(facts))}")
    return facts[name] != negated


def _filled(text: str, values: dict[str, str], where: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise TemplateError(
                f"{where}: unknown placeholder {{{name}}}; known: {', '.join(sorted(values))}"
            )
        if not values[name]:
            raise TemplateError(f"{where}: {{{name}}} is empty here; mark the line [{name}]")
        return values[name]

    return PLACEHOLDER.sub(value, text)


def render(
    exercise: Exercise, mode: str = "formative", hints: str = "all", template: str | None = None
) -> str:
    """The "怎样作答" cell of ``exercise`` in ``mode``; ``hints`` is its summative hint setting."""
    if mode not in MODES or hints not in HINT_SETTINGS:
        raise ValueError(f"mode must be one of {MODES} and hints one of {HINT_SETTINGS}")
    sets = question_sets(exercise)
    facts = {name: bool(found) for name, found in sets.items()}
    facts |= {m: m == mode for m in MODES} | {f"hints={h}": h == hints for h in HINT_SETTINGS}
    values = {name: numbers_text(found) if found else "" for name, found in sets.items()}
    values["store"] = store_path(Path(), exercise.stem).name
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    lines, in_comment = [], False
    for number, line in enumerate(text.splitlines(), 1):
        in_comment = in_comment or line.startswith("<!--")
        if in_comment:
            in_comment = not line.rstrip().endswith("-->")
            continue
        where = f"{TEMPLATE.name} line {number} (exercise {exercise.stem})"
        conditions = CONDITIONS.match(line)
        if conditions:
            if not all(_holds(c, facts, where) for c in conditions.group(1).split()):
                continue
            line = line[conditions.end() :]
        lines.append(_filled(line, values, where))
    return "\n".join(lines).strip("\n")
