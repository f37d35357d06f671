"""Plot questions: the learner's function draws a chart and returns the Axes it drew on.

The check compares what was drawn (``cbec.questions.plots.summarize``) with what the reference
function draws on the same inputs: the kind of chart, its numbers, its title and axis labels.
The comparison goes through ``Expected``, which answers "is this drawn value right?" from a
reference summary here and from digests in the sealed student release (``cbec.questions.sealed``),
so both give the same feedback word for word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from cbec.feedback import Feedback
from cbec.questions.code import CallOutcome, FunctionAnswer, mutation_note
from cbec.questions.coerce import InvalidAnswerError, describe
from cbec.questions.plots import EMPTY, KINDS, as_axes, call_plot, close
from cbec.questions.showing import show

SORT_DIGITS = 6  # near-equal values sort alike on both sides of a comparison


def _order_key(value: float | str) -> tuple:
    if isinstance(value, str):
        return (1, 0.0, value)
    if math.isnan(value):
        return (2, 0.0, "")
    return (0, float(f"{value:.{SORT_DIGITS}g}"), "")


def bar_groups(bars: Sequence[Sequence[Any]]) -> dict[str, list[float]]:
    """Bar values by label, each label's values sorted: grouped bars share a label."""
    groups: dict[str, list[float]] = {}
    for label, value in bars:
        groups.setdefault(str(label), []).append(value)
    return {label: sorted(values, key=_order_key) for label, values in sorted(groups.items())}


def sorted_lines(lines: Sequence[dict[str, list]]) -> list[dict[str, list]]:
    """Lines in an order of their own data: a legend's order is no part of the answer."""
    return sorted(lines, key=lambda ln: [_order_key(v) for v in [*ln["y"], *ln["x"]]])


def sorted_points(points: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return sorted((list(p) for p in points), key=lambda p: [_order_key(v) for v in p])


def drawn_values(summary: dict[str, Any]) -> dict[str, float | str]:
    """Every drawn value under a name that does not depend on drawing order."""
    kind = summary["kind"]
    if kind in ("bar", "barh"):
        groups = bar_groups(summary["bars"])
        return {f"{label}#{rank}": v for label, values in groups.items() for rank, v in enumerate(values)}
    if kind == "line":
        return {
            f"{i}/{j}/{axis}": v
            for i, line in enumerate(sorted_lines(summary["lines"]))
            for axis in ("x", "y")
            for j, v in enumerate(line[axis])
        }
    if kind == "scatter":
        return {
            f"{j}/{a}": v
            for j, p in enumerate(sorted_points(summary["points"]))
            for a, v in zip("xy", p, strict=True)
        }
    return {}


def shape(summary: dict[str, Any]) -> list:
    """The sizes a chart must have: sorted bar labels, points per line, or the point count."""
    kind = summary["kind"]
    if kind in ("bar", "barh"):
        return sorted(str(label) for label, _ in summary["bars"])
    if kind == "line":
        return [len(line["y"]) for line in sorted_lines(summary["lines"])]
    if kind == "scatter":
        return [len(summary["points"])]
    return []


def drawn_order(summary: dict[str, Any]) -> list[str]:
    return [str(label) for label, _ in summary.get("bars", [])]


class Expected:
    """The reference's chart, asked one value at a time."""

    def __init__(self, summary: dict[str, Any], rtol: float):
        self.summary, self.rtol = summary, rtol
        self.kind = summary["kind"]
        self._values = drawn_values(summary)

    def shape(self) -> list:
        return shape(self.summary)

    def value_ok(self, where: str, value: float | str) -> bool:
        return where in self._values and close(self._values[where], value, self.rtol)

    def order_ok(self, labels: list[str]) -> bool:
        return labels == drawn_order(self.summary)


def _fmt(value: float | str) -> str:
    return value if isinstance(value, str) else f"{value:.6g}"


def _bar_problem(expected: Expected, got: dict[str, Any], ordered: bool) -> str | None:
    labels, wanted = shape(got), expected.shape()
    if len(labels) != len(wanted):
        return f"图上有 {len(labels)} 根柱子，应当有 {len(wanted)} 根。"
    if labels != wanted:
        missing, extra = sorted(set(wanted) - set(labels)), sorted(set(labels) - set(wanted))
        return f"柱子的类别（刻度标签）与预期不同：缺少 {missing or '无'}，多出 {extra or '无'}。"
    what = "条长" if got["kind"] == "barh" else "柱高"
    for where, value in drawn_values(got).items():
        if not expected.value_ok(where, value):
            return f"“{where.rsplit('#', 1)[0]}”的{what}是 {_fmt(value)}，与预期不符。"
    if ordered and not expected.order_ok(drawn_order(got)):
        return "柱子的顺序与题目要求的不同：检查排序（例如 sort_values）。"
    return None


def _line_problem(expected: Expected, got: dict[str, Any]) -> str | None:
    counts, wanted = shape(got), expected.shape()
    if len(counts) != len(wanted):
        return f"图上有 {len(counts)} 条线，应当有 {len(wanted)} 条。"
    lines = sorted_lines(got["lines"])
    for i, (line, n) in enumerate(zip(lines, wanted, strict=True)):
        which = "这条线" if len(lines) == 1 else f"第 {i + 1} 条线"
        if len(line["y"]) != n:
            return f"{which}有 {len(line['y'])} 个点，应当有 {n} 个。"
        for j, (x, y) in enumerate(zip(line["x"], line["y"], strict=True)):
            if not (expected.value_ok(f"{i}/{j}/x", x) and expected.value_ok(f"{i}/{j}/y", y)):
                return f"{which}的第 {j + 1} 个点是 ({_fmt(x)}, {_fmt(y)})，与预期不符。"
    return None


def _scatter_problem(expected: Expected, got: dict[str, Any]) -> str | None:
    (count,), (wanted,) = shape(got), expected.shape()
    if count != wanted:
        return f"图上有 {count} 个点，应当有 {wanted} 个。"
    for j, (x, y) in enumerate(sorted_points(got["points"])):
        if not (expected.value_ok(f"{j}/x", x) and expected.value_ok(f"{j}/y", y)):
            return f"按横坐标排序的第 {j + 1} 个点是 ({_fmt(x)}, {_fmt(y)})，与预期不符。"
    return None


def data_problem(expected: Expected, got: dict[str, Any], ordered: bool = False) -> str | None:
    """What differs between the drawn numbers and the expected ones; None when they agree."""
    if got.get("kind") != expected.kind:
        return "图的类型与预期不同。"
    if expected.kind in ("bar", "barh"):
        return _bar_problem(expected, got, ordered)
    if expected.kind == "line":
        return _line_problem(expected, got)
    return _scatter_problem(expected, got)


LABELS = (
    ("title", '图没有标题：用 ax.set_title("…") 加一个中文标题。'),
    ("xlabel", '横轴（x 轴）没有标签：用 ax.set_xlabel("…") 写明它是什么。'),
    ("ylabel", '纵轴（y 轴）没有标签：用 ax.set_ylabel("…") 写明它是什么和单位。'),
)


NAMES = {"title": "标题", "xlabel": "横轴标签", "ylabel": "纵轴标签"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def label_problem(got: dict[str, Any], chinese: bool = False, y_unit: str = "") -> str | None:
    """Missing labels; with ``chinese``, labels without a Chinese character; with ``y_unit``, a
    y label that does not name that unit in brackets, as the task asks."""
    missing = [message for key, message in LABELS if not str(got.get(key, "")).strip()]
    if missing:
        return "\n".join(missing)
    if chinese:
        english = [NAMES[key] for key, _ in LABELS if not CJK.search(str(got.get(key, "")))]
        if english:
            return f"{'、'.join(english)}没有用中文：题目要中文的标题和轴标签。"
    ylabel = str(got.get("ylabel", ""))
    if y_unit and f"（{y_unit}）" not in ylabel and f"({y_unit})" not in ylabel:
        return f"纵轴标签“{ylabel}”没有写明单位：在括号里写上单位，例如“商品件数（{y_unit}）”。"
    return None


def is_summary(value: Any) -> bool:
    return isinstance(value, dict) and "kind" in value


def form_problem(name: str, kind: str, outcome: CallOutcome) -> str | None:
    """What keeps a call from being judged at all: an error, no Axes, an empty or wrong kind of
    chart. It never looks at the numbers, so a summative check may say it too."""
    if outcome.error:
        return f"调用 {name}(...) 时出错：{outcome.error}"
    drawn = outcome.value
    if drawn is None:
        return f"{name} 返回了 None：是不是忘了 return ax？画完图要把画图的 Axes 返回。"
    if not is_summary(drawn):
        returned = drawn.get("returned", "") if isinstance(drawn, dict) else type(drawn).__name__
        return f"{name} 应当返回画好的图（matplotlib 的 Axes，例如 ax = df.plot.bar(...) 得到的 ax），你返回的是 {returned}。"
    if drawn["kind"] == EMPTY:
        return "返回的图上没有画出柱子、线或点：检查是否画在了返回的这个 Axes 上。"
    if drawn["kind"] != kind:
        return f"图的类型不对：这道题要画{KINDS[kind]}，你画的是{KINDS.get(drawn['kind'], drawn['kind'])}。"
    return None


class PlotAnswer(FunctionAnswer):
    """The learner writes a function that draws a chart and returns its Axes.

    ``reference`` draws the right chart from the same arguments; ``kind`` is the kind asked
    for ("bar", "barh", "line", "scatter"); ``ordered`` makes the order of the bars count;
    ``misconceptions`` are (wrong reference, note): the note is shown when a failing function
    draws that wrong reference's numbers on every public case.
    """

    def __init__(
        self,
        qid,
        *,
        reference: Callable[..., Any],
        cases,
        hidden_cases=(),
        kind: str = "bar",
        rtol: float = 1e-3,
        ordered: bool = False,
        misconceptions: Sequence[tuple[Callable[..., Any], str]] = (),
        chinese: bool = False,
        y_unit: str = "",
        **kwargs,
    ):
        if kind not in KINDS:
            raise ValueError(f"{qid}: kind must be one of {sorted(KINDS)}, not {kind!r}")
        super().__init__(
            qid,
            reference=reference,
            cases=cases,
            hidden_cases=hidden_cases,
            rtol=rtol,
            misconceptions=misconceptions,
            **kwargs,
        )
        self.kind = kind
        self.ordered = ordered
        # What the task asks of the labels beyond being there: Chinese text, the y unit.
        self.chinese = chinese
        self.y_unit = y_unit

    def normalize(self, answer: Any) -> Callable[..., Any]:
        if as_axes(answer) is not None:
            raise InvalidAnswerError(
                f"请把画图的函数本身交给检查，例如 {self.name}.check(函数名)，而不是画好的图（{describe(answer)}）。"
            )
        return super().normalize(answer)

    def judge(self, func: Callable[..., Any]) -> Feedback:
        outcomes = [call_plot(func, args) for args in self.public_cases()]
        return self.judge_outcomes(outcomes, name=getattr(func, "__name__", "函数"))

    def expected_output(self, args: tuple, key: tuple[str, int] | None = None) -> dict[str, Any]:
        """The reference's chart for one case, summarized; the grader draws it once per case."""
        if key is not None and key in self._expected:
            return self._expected[key]
        outcome = call_plot(self.reference, args)
        if not is_summary(outcome.value) or outcome.value["kind"] != self.kind:
            raise RuntimeError(f"{self.qid}: the reference did not draw a {self.kind} chart ({outcome})")
        if key is not None:
            self._expected[key] = outcome.value
        return outcome.value

    def problem_with(self, args, outcome: CallOutcome, name: str = "函数", key=None) -> str | None:
        expected = Expected(self.expected_output(args, key), self.rtol)
        return self.case_problem(expected, outcome, name)

    def case_problem(self, expected: Expected, outcome: CallOutcome, name: str) -> str | None:
        """What is wrong with one drawn chart, in Chinese; None when it is right."""
        drawn = outcome.value
        return (
            form_problem(name, self.kind, outcome)
            or data_problem(expected, drawn, self.ordered)
            or label_problem(drawn, self.chinese, self.y_unit)
        )

    def failed_case(self, number: int, problem: str, outcomes: Sequence[CallOutcome]) -> Feedback:
        # Only the input is shown: the expected chart's numbers are the answer.
        lines = [f"测试用例 {number}/{len(outcomes)}：{problem}"]
        lines += [note for note in [self.misconception_note(outcomes), mutation_note(outcomes)] if note]
        lines.append(self.public_report(number, outcomes[number - 1]))
        return self.incorrect("\n".join(lines))

    def public_report(self, number: int, outcome: CallOutcome) -> str:
        args = self.public_cases()[number - 1]
        return f"输入：({', '.join(show(a) for a in args)})"

    def misconception_note(self, outcomes: Sequence[CallOutcome]) -> str:
        if not all(is_summary(o.value) and not o.error for o in outcomes):
            return ""
        for index, (_wrong, note) in enumerate(self.misconceptions):
            if all(self._draws_wrong(index, n, o.value) for n, o in enumerate(outcomes, start=1)):
                return note
        return ""

    def _draws_wrong(self, index: int, number: int, drawn: dict[str, Any]) -> bool:
        key = ("wrong", index * 1000 + number)
        if key not in self._expected:
            wrong = self.misconceptions[index][0]
            self._expected[key] = call_plot(wrong, self.public_cases()[number - 1]).value
        summary = self._expected[key]
        return is_summary(summary) and data_problem(Expected(summary, self.rtol), drawn) is None
