"""Summative questions: the self-checks of an exam or graded release, which never judge.

``cbec release OUT --summative`` replaces each question bank ``cbec/exercises/lNN.py`` by a
module that loads ``lNN.summative.json``. That spec holds what the task itself shows (options,
items, categories, units, slider ranges, the inputs of public cases) and the *kind* of value an
answer must be, but no answer in any form: no digests, no encrypted notes, no explanations, no
expected outputs. There is nothing to search offline.

A check here confirms that a widget answer was saved, or that a code answer has the right type
(a number, a table, a function that runs on the public inputs and returns the right kind of
value, a chart of the kind asked for). It never says whether the answer is right, and gives no
misconception note: the grader, judging with the instructor's banks, is the only judge.
Hints follow the exercise's ``summative_hints`` setting: all of them, the first one, or none.

``summative_exercise(exercise)`` writes a bank's spec (instructor side);
``load_summative(path)`` reads it back as an ``Exercise`` of summative questions (student side).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cbec.answer_codec import decode, encode
from cbec.feedback import Feedback, Note, Status
from cbec.questions.base import FROM_STORE, Question, _display
from cbec.questions.chart import PlotAnswer, form_problem
from cbec.questions.choice import Classification, MultipleChoice, Options, SingleChoice
from cbec.questions.code import FunctionAnswer, ValueAnswer, call_quietly, mutation_note, with_note
from cbec.questions.coerce import InvalidAnswerError, as_number, describe
from cbec.questions.compare import KINDS
from cbec.questions.exercise import Exercise
from cbec.questions.numeric import Numeric
from cbec.questions.plots import KINDS as CHART_KINDS
from cbec.questions.plots import call_plot
from cbec.questions.rubric import Criterion
from cbec.questions.written import WrittenAnswer

FORMAT = "cbec-summative/1"
MODE_LINE = "本练习是考核模式：检查只确认答案已保存、格式符合要求，不显示对错；由老师评分。"
NO_HINTS = "本练习是考核模式，不提供提示。"
SOLUTION_LATER = "本练习是考核模式：参考答案和评分结果由老师在评分之后公布。"


# -- the kind of a value -------------------------------------------------------------------------
def value_kind(value: Any) -> str:
    """The kind of value an answer must be: "number", "series", "frame", or a type's name."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.DataFrame):
        return "frame"
    if isinstance(value, pd.Series):
        return "series"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "number"
    return type(value).__name__


def kind_problem(kind: str, got: Any) -> None:
    """Raise InvalidAnswerError when ``got`` is not of ``kind``; say nothing of its value."""
    if kind == "number":
        as_number(got)
    elif kind == "frame" and not isinstance(got, pd.DataFrame):
        raise InvalidAnswerError(f"需要一个 DataFrame（表格），你给的是{describe(got)}。")
    elif kind == "series" and not isinstance(got, pd.Series):
        raise InvalidAnswerError(f"需要一个 Series（一列数据），你给的是{describe(got)}。")
    elif kind not in ("number", "frame", "series") and value_kind(got) != kind:
        names = {t.__name__: name for t, name in KINDS.items()}
        raise InvalidAnswerError(f"需要{names.get(kind, kind)}，你给的是{describe(got)}。")


def _hints(exercise: Exercise, question: Question) -> list[str]:
    setting = getattr(exercise, "summative_hints", "all")
    return {"all": list(question.hints), "first": list(question.hints[:1]), "none": []}[setting]


# -- what every summative question shares ----------------------------------------------------------
class _Summative:
    """Built from its spec alone: there is no salt and no key."""

    def __init__(self, spec: Mapping[str, Any]):
        # Question insists on a hint and a solution; a summative one may have neither.
        Question.__init__(self, spec["qid"], hints=["-"], solution=SOLUTION_LATER, points=spec["points"])
        self.hints = tuple(spec["hints"])
        self._load(spec)

    def _load(self, spec: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def recorded(self, what: str) -> Feedback:
        return Feedback(self.qid, Status.NEEDS_MARKING, f"{what}\n{MODE_LINE}")

    def judge(self, answer: Any) -> Feedback:
        return self.recorded(f"已保存你的答案：{self.show_stored(self.to_store(answer))}。")

    def check(self, answer: Any = FROM_STORE) -> None:
        if answer is FROM_STORE or not self.widget_kind or isinstance(self, WrittenAnswer):
            super().check(answer)
            return
        # A widget answer given to check() is not saved: only a saved answer is graded.
        feedback = self.evaluate(answer)
        if feedback.status is not Status.NEEDS_MARKING:
            _display(feedback)
            return
        body = (
            f"这个答案的格式符合要求，但没有保存；老师只评已保存的答案，"
            f"请用 {self.name}.set_answer(...) 或上方的控件。\n{MODE_LINE}"
        )
        _display(Note(self.qid, "没有保存", body))

    def hint_note(self, n: int | None = None) -> Note:
        if not self.hints:
            return Note(self.qid, "提示", NO_HINTS)
        return super().hint_note(n)

    def no_more_hints_message(self) -> str:
        count = len(self.hints)
        return (
            f"这道题的 {count} 条提示都已经给出，没有更多提示了。"
            f"可以用 {self.name}.hint(1) 到 {self.name}.hint({count}) 再看某一条。"
        )

    def solution_note(self) -> Note:
        return Note(self.qid, "参考答案", SOLUTION_LATER)


def _common(exercise: Exercise, question: Question, kind: str) -> dict[str, Any]:
    return {"type": kind, "qid": question.qid, "points": question.points, "hints": _hints(exercise, question)}


# -- widget questions ------------------------------------------------------------------------------
class SummativeSingleChoice(_Summative, SingleChoice):
    def _load(self, spec):
        self.options = Options(spec["options"])


class SummativeMultipleChoice(_Summative, MultipleChoice):
    def _load(self, spec):
        self.options = Options(spec["options"])


class SummativeClassification(_Summative, Classification):
    def _load(self, spec):
        self.items, self.categories = tuple(spec["items"]), tuple(spec["categories"])


class SummativeNumeric(_Summative, Numeric):
    def _load(self, spec):
        self.unit = spec["unit"]
        self.slider = tuple(spec["slider"]) if spec["slider"] else None
        self.explore = None  # an explorer draws from the answer's neighbourhood: not in an exam


class SummativeWrittenAnswer(_Summative, WrittenAnswer):
    def _load(self, spec):
        # The rubric says what earns points, not what the answer is: a learner sees it in every mode.
        self.rubric = tuple(Criterion.from_json(c) for c in spec["rubric"])
        self.length = tuple(spec["length"]) if spec["length"] else None
        self.cite_numbers, self.notes = False, ()
        self.solution_text = self.marked_by_teacher()

    def judge(self, text: str) -> Feedback:
        return self.recorded("\n".join(self.review(text)))


# -- code questions --------------------------------------------------------------------------------
class SummativeValueAnswer(_Summative, ValueAnswer):
    def _load(self, spec):
        self._kind = spec["kind"]

    def judge(self, answer: Any) -> Feedback:
        kind_problem(self._kind, answer)
        return self.recorded("答案的类型符合要求。提交时，老师会重新运行整本笔记本，评的是这里算出的结果。")


def _function_problem(name: str, number: int, returns: str | None, value: Any, error: str) -> str | None:
    if error:
        return f"测试用例 {number}：调用 {name}(...) 时出错：{error}"
    if value is None and returns is not None:
        return f"测试用例 {number}：{name} 返回了 None：是不是忘了写 return？"
    if returns is None:
        return None
    try:
        kind_problem(returns, value)
    except InvalidAnswerError as err:
        return f"测试用例 {number}：{name} 的返回值类型不对：{err}"
    return None


class SummativeFunctionAnswer(_Summative, FunctionAnswer):
    hidden_cases = ()

    def _load(self, spec):
        self.cases = [decode(case["args"]) for case in spec["cases"]]
        self._returns = [case["returns"] for case in spec["cases"]]

    def judge(self, func: Callable[..., Any]) -> Feedback:
        name = getattr(func, "__name__", "函数")
        outcomes = []
        for number, (args, returns) in enumerate(zip(self.cases, self._returns, strict=True), start=1):
            outcomes.append(call_quietly(func, args))
            problem = _function_problem(name, number, returns, outcomes[-1].value, outcomes[-1].error)
            if problem:
                raise InvalidAnswerError(problem)
        ran = f"函数在 {len(self.cases)} 个公开输入上都能运行，返回值的类型符合要求。"
        return self.recorded(with_note(ran, mutation_note(outcomes)))


class SummativePlotAnswer(_Summative, PlotAnswer):
    hidden_cases = ()

    def _load(self, spec):
        self.kind = spec["kind"]
        self.cases = [decode(case["args"]) for case in spec["cases"]]

    def judge(self, func: Callable[..., Any]) -> Feedback:
        name = getattr(func, "__name__", "函数")
        for number, args in enumerate(self.cases, start=1):
            outcome = call_plot(func, args)
            problem = form_problem(name, self.kind, outcome)
            if problem:
                raise InvalidAnswerError(f"测试用例 {number}：{problem}")
        return self.recorded(f"函数在 {len(self.cases)} 个公开输入上都画出了{CHART_KINDS[self.kind]}。")


# -- specs -----------------------------------------------------------------------------------------
def _resolved(value: Any) -> Any:
    return value() if callable(value) else value


def _function_spec(q: FunctionAnswer) -> dict[str, Any]:
    cases = []
    for args in q.public_cases():
        encoded = encode(tuple(args))
        expected = q.expected_output(decode(encoded))
        cases.append({"args": encoded, "returns": None if expected is None else value_kind(expected)})
    return {"cases": cases}


SPECS: dict[type, tuple[str, Callable[[Any], dict[str, Any]]]] = {
    SingleChoice: ("single", lambda q: {"options": list(q.options)}),
    MultipleChoice: ("multiple", lambda q: {"options": list(q.options)}),
    Classification: ("classification", lambda q: {"items": list(q.items), "categories": list(q.categories)}),
    Numeric: ("numeric", lambda q: {"unit": q.unit, "slider": list(q.slider) if q.slider else None}),
    ValueAnswer: ("value", lambda q: {"kind": value_kind(_resolved(q.expected))}),
    FunctionAnswer: ("function", _function_spec),
    PlotAnswer: (
        "plot",
        lambda q: {"kind": q.kind, "cases": [{"args": encode(tuple(a))} for a in q.public_cases()]},
    ),
    WrittenAnswer: (
        "written",
        lambda q: {"length": list(q.length) if q.length else None, "rubric": [c.to_json() for c in q.rubric]},
    ),
}
SUMMATIVE_TYPES: dict[str, type[_Summative]] = {
    "single": SummativeSingleChoice,
    "multiple": SummativeMultipleChoice,
    "classification": SummativeClassification,
    "numeric": SummativeNumeric,
    "value": SummativeValueAnswer,
    "function": SummativeFunctionAnswer,
    "plot": SummativePlotAnswer,
    "written": SummativeWrittenAnswer,
}


def summative_question(exercise: Exercise, question: Question) -> dict[str, Any]:
    # The exact type, as for sealing: a subclass may ask for more than its parent shows.
    if type(question) not in SPECS:
        raise TypeError(f"{question.qid}: no summative form for a {type(question).__name__} question")
    kind, spec = SPECS[type(question)]
    return _common(exercise, question, kind) | spec(question)


def summative_exercise(exercise: Exercise) -> dict[str, Any]:
    """The JSON-ready summative spec of a question bank: the task, never the key."""
    return {
        "format": FORMAT,
        "lesson": exercise.lesson,
        "stem": exercise.stem,
        "title": exercise.title,
        "hints": exercise.summative_hints,
        "questions": [summative_question(exercise, q) for q in exercise.questions.values()],
    }


def load_summative(path: Path) -> Exercise:
    """The exercise a summative spec describes, with questions that record and never judge."""
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    if spec.get("format") != FORMAT:
        raise ValueError(f"{path} is not a summative question bank (format {FORMAT})")
    exercise = Exercise(spec["lesson"], stem=spec["stem"], title=spec["title"], summative_hints=spec["hints"])
    for question in spec["questions"]:
        exercise.add(SUMMATIVE_TYPES[question["type"]](question))
    return exercise
