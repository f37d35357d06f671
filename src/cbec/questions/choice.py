"""Questions answered by choosing: one option, several options, or a category per item."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from cbec.feedback import Feedback
from cbec.questions.base import Question
from cbec.questions.coerce import InvalidAnswerError, describe

MAX_NOTES = 2  # misconception notes per check: enough to teach, few enough to read


class Options(tuple):
    """A question's options; an index past the end says in Chinese how many there are, as the
    how-to text tells learners to answer with ``qN.options[i]``."""

    def __getitem__(self, index):
        try:
            return super().__getitem__(index)
        except IndexError:
            raise IndexError(
                f"本题只有 {len(self)} 个选项，i 从 0 到 {len(self) - 1}（从 0 数起）。"
            ) from None


def _options_text(options: Sequence[str]) -> str:
    return "；".join(f"“{o}”" for o in options)


def _quoted_hint(bad: Sequence, categories: Sequence[str]) -> str:
    """A number given where the category is the text of that number (9710 for "9710")."""
    unquoted = [v for v in bad if not isinstance(v, str) and str(v) in categories]
    if not unquoted:
        return ""
    return f'类别是文本，要加引号：写 "{unquoted[0]}"，不要写数字 {unquoted[0]}。'


def _listed(names: Sequence[str]) -> str:
    return "、".join(f"“{n}”" for n in names)


def multiple_summary(options: Sequence[str], chosen: set[str], wrong: set[str]) -> str:
    """Which options are wrong, by name: a learner cannot fix what they cannot find."""
    missed = [o for o in options if o in wrong and o not in chosen]
    extra = [o for o in options if o in wrong and o in chosen]
    hits = sum(o in chosen and o not in wrong for o in options)
    parts = [f"选对了 {hits} 项，漏选 {len(missed)} 项，多选 {len(extra)} 项。"]
    if missed:
        parts.append(f"漏选的：{_listed(missed)}。")
    if extra:
        parts.append(f"不该选的：{_listed(extra)}。")
    return "\n".join(parts)


def multiple_credit(hits: int, extra: int, right_options: int) -> float:
    """(options ticked rightly − options ticked wrongly) / right options, at least 0."""
    return max(0.0, (hits - extra) / right_options) if right_options else 0.0


def classification_summary(items: Sequence[str], answer: Mapping[str, str], wrong: set[str]) -> str:
    """How many items are right, and which are wrong or still unplaced, by name."""
    misplaced = [i for i in items if i in wrong and i in answer]
    unplaced = [i for i in items if i not in answer]
    right = len(items) - len(misplaced) - len(unplaced)
    parts = [f"{len(items)} 项中分对了 {right} 项。"]
    if misplaced:
        parts.append(f"分错的：{_listed(misplaced)}。")
    if unplaced:
        parts.append(f"还有 {len(unplaced)} 项没有分类：{_listed(unplaced)}。")
    return "\n".join(parts)


def credit_line(credit: float, points: float) -> str:
    # Points as the grade book writes them: a share alone leaves the learner to do the sum.
    earned = round(credit * points, 2)
    return f"本题按比例给分：这个答案可得 {earned:g}/{points:g} 分（{credit:.0%}）。"


class SingleChoice(Question):
    widget_kind = "single"

    def __init__(self, qid, *, options, answer, misconceptions=None, **kwargs):
        super().__init__(qid, **kwargs)
        self.options = Options(options)
        if answer not in self.options:
            raise ValueError(f"{qid}: answer {answer!r} is not an option")
        self.answer = answer
        self.misconceptions: dict[str, str] = dict(misconceptions or {})

    def normalize(self, answer: Any) -> str:
        if not isinstance(answer, str):
            raise InvalidAnswerError(f"需要选择一个选项（文本），你给的是{describe(answer)}。")
        if answer not in self.options:
            raise InvalidAnswerError(f"“{answer}”不是本题的选项。选项有：{_options_text(self.options)}。")
        return answer

    def judge(self, answer: str) -> Feedback:
        if answer == self.answer:
            return self.correct()
        return self.incorrect(self.misconceptions.get(answer, ""))


class MultipleChoice(Question):
    widget_kind = "multiple"

    def __init__(self, qid, *, options, answer, option_notes=None, partial_credit: bool = False, **kwargs):
        super().__init__(qid, **kwargs)
        self.partial_credit = partial_credit
        self.options = Options(options)
        self.answer = frozenset(answer)
        if not self.answer <= set(self.options):
            raise ValueError(f"{qid}: every answer must be an option")
        # Why an option is (or is not) right, shown when the learner gets that option wrong.
        self.option_notes: dict[str, str] = dict(option_notes or {})

    def normalize(self, answer: Any) -> list[str]:
        if isinstance(answer, str) or not isinstance(answer, Sequence | set | frozenset):
            raise InvalidAnswerError(
                f"需要一个选项列表，例如 ['选项甲', '选项乙']，你给的是{describe(answer)}。"
            )
        unknown = [a for a in answer if a not in self.options]
        if unknown:
            raise InvalidAnswerError(
                f"{_options_text(unknown)} 不是本题的选项。选项有：{_options_text(self.options)}。"
            )
        # Canonical order is the option order, so equal answers are stored identically.
        return [o for o in self.options if o in set(answer)]

    def is_empty(self, normalized: list[str]) -> bool:
        return not normalized

    def judge(self, answer: list[str]) -> Feedback:
        chosen = set(answer)
        if chosen == self.answer:
            return self.correct()
        wrong = {o for o in self.options if (o in chosen) != (o in self.answer)}
        notes = [self.option_notes[o] for o in self.options if o in wrong and o in self.option_notes]
        credit = multiple_credit(len(chosen & self.answer), len(chosen - self.answer), len(self.answer))
        return incorrect_in_part(self, multiple_summary(self.options, chosen, wrong), notes, credit)


class Classification(Question):
    """Put each item into one category, e.g. each marketing tool into 人 / 货 / 场."""

    widget_kind = "classification"

    def __init__(
        self, qid, *, items, categories, answer, misconceptions=None, partial_credit: bool = False, **kwargs
    ):
        super().__init__(qid, **kwargs)
        self.partial_credit = partial_credit
        self.items = tuple(items)
        self.categories = tuple(categories)
        self.answer: dict[str, str] = dict(answer)
        if set(self.answer) != set(self.items) or not set(self.answer.values()) <= set(self.categories):
            raise ValueError(f"{qid}: the answer must give every item one of the categories")
        # {(item, wrong category): why that is a tempting but wrong placement}
        self.misconceptions: dict[tuple[str, str], str] = dict(misconceptions or {})

    def normalize(self, answer: Any) -> dict[str, str]:
        if not isinstance(answer, Mapping):
            raise InvalidAnswerError(f"需要一个字典 {{项目: 类别}}，你给的是{describe(answer)}。")
        unknown_items = [k for k in answer if k not in self.items]
        if unknown_items:
            raise InvalidAnswerError(f"{_options_text(unknown_items)} 不是本题要分类的项目。")
        bad = list(dict.fromkeys(v for v in answer.values() if v is not None and v not in self.categories))
        if bad:
            raise InvalidAnswerError(
                f"{_options_text(bad)} 不是可选的类别。类别有：{_options_text(self.categories)}。"
                + _quoted_hint(bad, self.categories)
            )
        return {item: answer[item] for item in self.items if answer.get(item) is not None}

    def is_empty(self, normalized: dict[str, str]) -> bool:
        return not normalized

    def judge(self, answer: dict[str, str]) -> Feedback:
        if answer == self.answer:
            return self.correct()
        wrong = {item for item in self.items if answer.get(item) != self.answer[item]}
        notes = [
            self.misconceptions[(item, cat)]
            for item, cat in answer.items()
            if cat != self.answer[item] and (item, cat) in self.misconceptions
        ]
        credit = (len(self.items) - len(wrong)) / len(self.items)
        summary = classification_summary(self.items, answer, wrong)
        return incorrect_in_part(self, summary, notes, credit, unexplained_line(wrong & answer.keys(), notes))


def unexplained_line(misplaced: set[str], notes: list[str]) -> str:
    """Without this line, two notes under a list of four wrong items read as the whole story."""
    unexplained = len(misplaced) - min(len(notes), MAX_NOTES)
    if unexplained <= 0:
        return ""
    return f"另外 {unexplained} 项分错的这里没有逐一说明：请对照本课的定义再判断一次，或点“提示”。"


def incorrect_in_part(
    question: Question, summary: str, notes: list[str], credit: float, rest: str = ""
) -> Feedback:
    """An incorrect answer; with partial credit, the share of the points it earns."""
    parts = [summary, *notes[:MAX_NOTES], *([rest] if rest else [])]
    if not question.partial_credit:
        return question.incorrect("\n".join(parts))
    feedback = question.incorrect("\n".join([*parts, credit_line(credit, question.points)]))
    return dataclasses.replace(feedback, credit=credit)
