"""Questions answered in code: a value (number, table, column) or a function."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from cbec.answer_codec import resolve
from cbec.feedback import Feedback
from cbec.questions import rounding as rounding_rule
from cbec.questions.base import Question
from cbec.questions.coerce import InvalidAnswerError, describe
from cbec.questions.compare import COARSE, difference, scaled
from cbec.questions.mutation import changed_arguments
from cbec.questions.numeric import HUNDRED_NOTE
from cbec.questions.placeholder import is_stub_function
from cbec.questions.showing import case_report


def _resolve(value: Any) -> Any:
    # Expected values are computed from the shipped data when checked: never hard-coded.
    return value() if callable(value) else value


def _matches(expected: Any, answer: Any, rtol: float) -> bool:
    """Whether ``answer`` is ``expected``, rounded or not; False for None or another type."""
    if expected is None:
        return False
    try:
        return difference(expected, answer, rtol, rounded=COARSE) is None
    except InvalidAnswerError:
        return False


class ValueAnswer(Question):
    """The learner computes a value, e.g. a median or a summary table, and passes it to check."""

    def __init__(
        self, qid, *, expected, rtol: float = 1e-6, misconceptions=None, rounding: str = "note", **kwargs
    ):
        super().__init__(qid, **kwargs)
        self.expected = expected
        self.rtol = rtol
        self.misconceptions: list[tuple[Any, str]] = list(misconceptions or [])
        self.rounding = rounding_rule.check_rule(rounding)

    def normalize(self, answer: Any) -> Any:
        return answer

    def judge(self, answer: Any) -> Feedback:
        expected = _resolve(self.expected)
        problem = difference(expected, answer, self.rtol)
        if problem is None:
            return self.correct("公开检查通过。" + self.explanation)
        if difference(expected, answer, self.rtol, rounded=True) is None:
            return self.rounded_answer()
        for value, message in self.misconceptions:
            try:
                if difference(_resolve(value), answer, self.rtol) is None:
                    return self.incorrect(message)
            except InvalidAnswerError:
                continue
        if difference(expected, answer, self.rtol, rounded=COARSE) is None:
            return self.incorrect(rounding_rule.NOTE)  # too coarse to accept, rounded all the same
        if any(_matches(scaled(expected, f), answer, self.rtol) for f in (100, 0.01)):
            return self.incorrect(HUNDRED_NOTE)
        return self.incorrect(problem)

    def rounded_answer(self) -> Feedback:
        if self.rounding == "accept":
            return self.correct("公开检查通过。" + self.explanation)
        return self.incorrect(rounding_rule.NOTE)


@dataclass(frozen=True)
class CallOutcome:
    """What one call of a learner's function gave: a value, or the error it raised."""

    value: Any = None
    error: str = ""
    changed: str = ""  # a note when the call changed its arguments, else ""


@contextmanager
def quiet_about_test_data():
    """No pandas warning about grouping by categories while a check runs a learner's function.

    A dataset test case comes from data.load, whose text columns are categories; a learner's
    own pd.read_csv table has plain strings and gives no such warning, so it would be about
    data the learner never touched. Every other warning shows as usual.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The default of observed=False", category=FutureWarning)
        yield


def call_quietly(func: Callable[..., Any], args: tuple) -> CallOutcome:
    """Call ``func`` on a copy of ``args`` (datasets loaded), so it cannot spoil the next case;
    a second copy, left untouched, tells whether the call changed what it was given."""
    given = copy.deepcopy(resolve(args))
    untouched = copy.deepcopy(given)
    try:
        with quiet_about_test_data():
            value = func(*given)
    except Exception as err:
        return CallOutcome(error=f"{type(err).__name__}: {err}")
    return CallOutcome(value=value, changed=changed_arguments(func, untouched, given))


def mutation_note(outcomes: Sequence[CallOutcome]) -> str:
    """The first call's note on changed arguments: a note, not a failure, as the grader sees
    only what a call returned."""
    return next((o.changed for o in outcomes if o.changed), "")


def with_note(message: str, note: str) -> str:
    return f"{message}\n{note}" if note else message


class FunctionAnswer(Question):
    """The learner writes a function; it is run on test cases against a reference function.

    ``cases`` are public: the learner's own check runs them. ``hidden_cases`` run only under
    the grader, and their inputs and code never reach the learner's feedback.
    """

    def __init__(
        self,
        qid,
        *,
        reference: Callable[..., Any],
        cases: Sequence[tuple] | Callable[[], Sequence[tuple]],
        hidden_cases: Sequence[tuple] | Callable[[], Sequence[tuple]] = (),
        rtol: float = 1e-6,
        misconceptions: Sequence[tuple[Callable[..., Any], str]] = (),
        **kwargs,
    ):
        super().__init__(qid, **kwargs)
        self.reference = reference
        self.cases = cases
        self.hidden_cases = hidden_cases
        self.rtol = rtol
        # (a wrong reference, why): its note is shown when a failing function gives that wrong
        # reference's output on every public case.
        self.misconceptions = list(misconceptions)
        self._expected: dict[tuple[str, int], Any] = {}

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

    def public_cases(self) -> list[tuple]:
        return list(_resolve(self.cases))

    def secret_cases(self) -> list[tuple]:
        return list(_resolve(self.hidden_cases))

    def judge(self, func: Callable[..., Any]) -> Feedback:
        outcomes = [call_quietly(func, args) for args in self.public_cases()]
        return self.judge_outcomes(outcomes, name=getattr(func, "__name__", "函数"))

    def judge_outcomes(
        self, outcomes: Sequence[CallOutcome], hidden: Sequence[CallOutcome] = (), name: str = "函数"
    ) -> Feedback:
        """Judge the results of calls already made (by the check, or in a grading kernel)."""
        cases = self.public_cases()
        for number, (args, outcome) in enumerate(zip(cases, outcomes, strict=True), start=1):
            problem = self.problem_with(args, outcome, name, key=("public", number))
            if problem:
                return self.failed_case(number, problem, outcomes)
        passed = f"{len(cases)} 个公开测试用例全部通过。"
        if not hidden:
            return self.correct(with_note(passed + self.explanation, mutation_note(outcomes)))
        secret = self.secret_cases()
        failed = sum(
            self.problem_with(a, o, name, key=("hidden", i)) is not None
            for i, (a, o) in enumerate(zip(secret, hidden, strict=True))
        )
        if failed:
            return self.incorrect(f"{passed}但隐藏测试有 {failed}/{len(secret)} 个没有通过：检查特殊情况。")
        done = f"{passed}隐藏测试 {len(secret)} 个也全部通过。{self.explanation}"
        return self.correct(with_note(done, mutation_note(outcomes)))

    def failed_case(self, number: int, problem: str, outcomes: Sequence[CallOutcome]) -> Feedback:
        """The first failing public case in full, after the misconception it shows, if any."""
        lines = [f"测试用例 {number}/{len(outcomes)}：{problem}"]
        lines += [note for note in [self.misconception_note(outcomes), mutation_note(outcomes)] if note]
        lines.append(self.public_report(number, outcomes[number - 1]))
        return self.incorrect("\n".join(lines))

    def misconception_note(self, outcomes: Sequence[CallOutcome]) -> str:
        for index, (_wrong, note) in enumerate(self.misconceptions):
            if all(self._gives_wrong(index, n, o) for n, o in enumerate(outcomes, start=1)):
                return note
        return ""

    def _gives_wrong(self, index: int, number: int, outcome: CallOutcome) -> bool:
        if outcome.error:
            return False
        key = ("wrong", index * 1000 + number)
        if key not in self._expected:
            wrong = self.misconceptions[index][0]
            self._expected[key] = call_quietly(wrong, self.public_cases()[number - 1])
        wrong_outcome = self._expected[key]
        if wrong_outcome.error:
            return False
        try:
            return difference(wrong_outcome.value, outcome.value, self.rtol) is None
        except InvalidAnswerError:
            return False

    def expected_output(self, args: tuple, key: tuple[str, int] | None = None) -> Any:
        """The reference's output for one case; the grader asks once per case, not per student."""
        if key is None:
            return self.reference(*copy.deepcopy(resolve(args)))
        if key not in self._expected:
            self._expected[key] = self.reference(*copy.deepcopy(resolve(args)))
        return self._expected[key]

    def problem_with(
        self, args: tuple, outcome: CallOutcome, name: str = "函数", key: tuple[str, int] | None = None
    ) -> str | None:
        """What is wrong with one call's outcome, in Chinese; None when it matches the reference.

        ``key`` names a case of this question's own lists ("public" or "hidden", its number), so
        its expected output can be reused: the cases are built from the shipped data only.
        """
        if outcome.error:
            return f"调用 {name}(...) 时出错：{outcome.error}"
        expected = self.expected_output(args, key)
        if outcome.value is None and expected is not None:
            return f"{name} 返回了 None：是不是忘了写 return？"
        try:
            return difference(expected, outcome.value, self.rtol)
        except InvalidAnswerError as err:
            return f"{name} 的返回值类型不对：{err}"

    def public_report(self, number: int, outcome: CallOutcome) -> str:
        """A failing public case in full: its input, the expected value, what came back."""
        args = self.public_cases()[number - 1]
        return case_report(args, self.expected_output(args, ("public", number)), outcome)
