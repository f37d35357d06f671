"""An exercise: the questions of one exercise notebook, and the answer store they share."""

from __future__ import annotations

import re
from pathlib import Path

from cbec.answer_store import AnswerStore, store_path
from cbec.questions.base import Question

HINT_SETTINGS = ("all", "first", "none")  # the hints a summative release gives
QUESTION_NUMBER = re.compile(r"^Q\d+$")


Objectives = dict[int, tuple[str, ...]]  # lesson objective number → the question ids ("Q7") assessing it


def _check_objectives(lesson: str, objectives: Objectives | None) -> Objectives:
    checked = dict(objectives or {})
    for number, qids in checked.items():
        good = isinstance(qids, tuple) and qids and all(QUESTION_NUMBER.match(q) for q in qids)
        if not isinstance(number, int) or number < 1 or not good:
            raise ValueError(
                f"{lesson}: objectives map an objective number (1, 2, …) to a tuple of question ids "
                f"like ('Q7', 'Q11'), not {number!r}: {qids!r}"
            )
    return checked


class Exercise:
    """``objectives`` maps each objective of the exercise's lesson to the questions that assess
    it; an exercise with no lesson of its own (the warm-up) has none."""

    def __init__(
        self,
        lesson: str,
        stem: str,
        title: str = "",
        summative_hints: str = "all",
        objectives: Objectives | None = None,
    ):
        if summative_hints not in HINT_SETTINGS:
            raise ValueError(
                f"{lesson}: summative_hints must be one of {HINT_SETTINGS}, not {summative_hints!r}"
            )
        self.lesson = lesson
        self.stem = stem
        self.title = title
        self.summative_hints = summative_hints
        self.objectives = _check_objectives(lesson, objectives)
        self.questions: dict[str, Question] = {}
        self._store: AnswerStore | None = None

    def add(self, question: Question) -> Question:
        if not question.qid.startswith(self.lesson + "."):
            raise ValueError(f"{question.qid} does not belong to {self.lesson}")
        if question.qid in self.questions:
            raise ValueError(f"duplicate question id {question.qid}")
        question.exercise = self
        self.questions[question.qid] = question
        return question

    @property
    def store(self) -> AnswerStore:
        """The store beside the notebook: the kernel's working folder when first used."""
        if self._store is None:
            self.use_store(store_path(Path.cwd(), self.stem))
        return self._store

    def use_store(self, path: Path) -> AnswerStore:
        self._store = AnswerStore(Path(path), self.lesson)
        return self._store
