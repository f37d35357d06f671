"""Questions answered in code: a value (number, table, column) or a function."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from cbec.feedback import Feedback
from cbec.questions.base import Question
from cbec.questions.coerce import InvalidAnswerError, describe
from cbec.questions.compare import difference
from cbec.questions.placeholder import is_stub_function


def _resolve(value: Any) -> Any:
    # Expected values are computed from the shipped data when checked: never hard-coded.
    return value() if callable(value) else value


class ValueAnswer(Question):
    """The learner computes a value, e.g. a median or a summary table, and passes it to check."""

    def __init__(self, qid, *, expected, rtol: float = 1e-6, misconceptions=None, **kwargs):
        super().__init__(qid, **kwargs)
        self.expected = expected
        self.rtol = rtol
        self.misconceptions: list[tuple[Any, str]] = list(misconceptions or [])

    def normalize(self, answer: Any) -> Any:
        return answer

    def judge(self, answer: Any) -> Feedback:
        problem = difference(_resolve(self.expected), answer, self.rtol)
        if problem is None:
            return self.correct("公开检查通过。" + self.explanation)
        for value, message in self.misconceptions:
            try:
                if difference(_resolve(value), answer, self.rtol) is None:
                    return self.incorrect(message)
            except InvalidAnswerError:
                continue
        return self.incorrect(problem)


class FunctionAnswer(Question):
    """The learner writes a function; it is run on test cases against a reference function."""

    def __init__(
        self,
        qid,
        *,
        reference: Callable[..., Any],
        cases: Sequence[tuple] | Callable[[], Sequence[tuple]],
        rtol: float = 1e-6,
        **kwargs,
    ):
        super().__init__(qid, **kwargs)
        self.reference = reference
        self.cases = cases
        self.rtol = rtol

    def not_attempted_message(self) -> str:
        return "请在函数体里把 ... 换成你的代码，再运行本单元。"

    def normalize(self, answer: Any) -> Callable[..., Any]:
        if not callable(answer):
            raise InvalidAnswerError(
                f"需要一个函数（用 def 定义的名字，不带括号），你给的是{describe(answer)}。"
            )
        return answer

    def is_empty(self, func: Callable[..., Any]) -> bool:
        return is_stub_function(func)

    def judge(self, func: Callable[..., Any]) -> Feedback:
        cases = list(_resolve(self.cases))
        for number, args in enumerate(cases, start=1):
            problem = self._run_case(func, args)
            if problem:
                return self.incorrect(f"测试用例 {number}/{len(cases)}：{problem}")
        return self.correct(f"{len(cases)} 个公开测试用例全部通过。{self.explanation}")

    def _run_case(self, func: Callable[..., Any], args: tuple) -> str | None:
        expected = self.reference(*copy.deepcopy(args))
        name = getattr(func, "__name__", "函数")
        try:
            # A copy, so a function that changes its input cannot spoil the next case.
            got = func(*copy.deepcopy(args))
        except Exception as err:
            return f"调用 {name}(...) 时出错：{type(err).__name__}: {err}"
        if got is None and expected is not None:
            return f"{name} 返回了 None：是不是忘了写 return？"
        try:
            return difference(expected, got, self.rtol)
        except InvalidAnswerError as err:
            return f"{name} 的返回值类型不对：{err}"
