"""A class of honest submissions to exercise 01, made from a seed, and the score each one earns.

A submission is what a learner hands in: ``<student>/01_people_goods_place.ipynb`` with their
code in the answer cells, and ``01_people_goods_place.answers.json`` beside it when they
answered a widget question (widget answers live only there, as in the course). No submission
tampers with a check cell, so every grader ought to give each one the same score, and that
score is known from how the submission was made: one point for each question made right.

The right code is the solution's; the wrong code is written out below for the exercise as it
stands. Before any submission is written, every variant is judged once in this process by the
course's own ``evaluate`` (the check without the display), so an edit to the exercise that makes
a "wrong" variant pass, or the solution fail, cannot slip into the expected scores.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from cbec.build import BEGIN, END, LINE, SOLUTION_TAG
from cbec.exercises import l01
from cbec.questions import Classification, MultipleChoice, Numeric, SingleChoice

STEM = "01_people_goods_place"
NOTEBOOK = f"{STEM}.ipynb"
STORE = f"{STEM}.answers.json"
QUESTIONS = tuple(l01.exercise.questions)  # L01.Q1 … L01.Q7, one point each
CHECK_CELL = re.compile(r"^(?P<name>q\d+)\.check\((?P<argument>.*)\)$")

BUNDLE_DEF = 'def bundle_median_ratio(df, platform, column="order_value_usd"):\n    """组合方案与单品买家在 column 这一列上的中位数之比。"""\n'
# Plausible wrong code, each a whole answer cell as a learner would leave it.
WRONG_CODE = {
    "L01.Q4": [
        # The median the lesson worked with, where the question asks for the 90th percentile.
        'p90_value = buyers.groupby("platform", observed=True)["order_value_usd"].median()\np90_value',
        'p90_value = buyers.groupby("platform", observed=True)["order_value_usd"].mean()\np90_value',
        # One figure for both platforms: a number, not a Series by platform.
        'p90_value = buyers["order_value_usd"].quantile(0.9)\np90_value',
        # quantile(90): the cell raises ValueError and p90_value is never defined.
        'p90_value = buyers.groupby("platform", observed=True)["order_value_usd"].quantile(90)\np90_value',
    ],
    "L01.Q5": [
        'long_share = (buyers["decision_days"] > 30).mean()\nlong_share',
        'long_share = (buyers.loc[buyers["platform"] == "国际站", "decision_days"] >= 30).mean()\nlong_share',
        'long_share = (buyers.loc[buyers["platform"] == "国际站", "decision_days"] > 30).sum()\nlong_share',
    ],
    "L01.Q6": [
        BUNDLE_DEF + '    rows = df[df["platform"] == platform]\n'
        '    means = rows.groupby("bought_bundle")[column].mean()\n'
        "    return means[True] / means[False]",
        BUNDLE_DEF + '    medians = df.groupby("bought_bundle")[column].median()\n'
        "    return medians[True] / medians[False]",
        BUNDLE_DEF + '    rows = df[df["platform"] == platform]\n'
        '    medians = rows.groupby("bought_bundle")["order_value_usd"].median()\n'
        "    return medians[True] / medians[False]",
    ],
    # The working for the slider question: a learner who set the slider wrong computed it wrong.
    "L01.Q7": [
        'macro = data.load("macro_cbec")\nfirst = macro.set_index("year")["first_release_trn_cny"]\n'
        "cagr_pct = (first[2024] / first[2020] - 1) / 4 * 100\ncagr_pct",
    ],
}

CHINESE_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
CHINESE_GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "杰", "婷")
CHINESE_GIVEN += ("子涵", "浩然", "欣怡", "宇轩", "思琪", "梓萱", "俊杰", "雨桐", "明轩", "佳怡")
LATIN_FIRST = ("Maria", "Lucas", "Sofia", "Ahmed", "Olga", "João", "Chloé", "Mateo", "Aisha", "Lukas")
LATIN_FIRST += ("Ingrid", "Tomás", "Nadia", "Pedro", "Emma")
LATIN_LAST = ("Garcia", "Müller", "Rossi", "Kowalski", "Silva", "Novak", "Dubois", "Hansen", "Ivanova")
LATIN_LAST += ("Fernández", "Nguyen", "Smith", "Costa")


@dataclass
class Submission:
    student: str
    kind: str  # "right", "partial" or "empty"
    expected: dict[str, float]  # question id → points earned, known from construction

    @property
    def total(self) -> float:
        return sum(self.expected.values())


@dataclass
class Forms:
    """The exercise notebook as learners get it, the solution as a learner would type it, and
    the answers a submission can be made of: right ones, and wrong ones confirmed to be wrong."""

    exercise: nbformat.NotebookNode
    solved: list[str]  # per cell of the exercise notebook
    answer_cells: dict[int, str]  # cell index → the question its code answers
    wrong_code: dict[str, list[str]] = field(default_factory=dict)
    right_values: dict[str, Any] = field(default_factory=dict)  # widget questions only
    wrong_values: dict[str, list[Any]] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)  # variants the checks did not find wrong

    @classmethod
    def load(cls, root: Path) -> Forms:
        exercise = nbformat.read(root / "exercises" / NOTEBOOK, as_version=4)
        solution = nbformat.read(root / "solutions" / NOTEBOOK, as_version=4)
        cells = [c for c in solution.cells if SOLUTION_TAG not in c.metadata.get("tags", [])]
        if [c.cell_type for c in cells] != [c.cell_type for c in exercise.cells]:
            raise ValueError(f"exercises/{NOTEBOOK} is stale: run `make exercises`")
        solved = [as_typed(c.source) for c in cells]
        checks = check_cells(exercise)
        answer_cells = {
            index: _next_check(checks, index)
            for index, cell in enumerate(exercise.cells)
            if cell.cell_type == "code" and cell.source != solved[index]
        }
        forms = cls(exercise, solved, answer_cells)
        forms._confirm_code(checks)
        forms._confirm_widget_values()
        return forms

    def _confirm_code(self, checks: dict[int, str]) -> None:
        """The solution passes each code question's check and every wrong variant fails it."""
        # The first code cell imports the questions and loads the data every answer works on.
        setup = next(c.source for c in self.exercise.cells if c.cell_type == "code")
        for index, qid in self.answer_cells.items():
            call = _check_call(self.exercise, checks, qid)
            variants = WRONG_CODE.get(qid, [])
            if call is None:  # working for a widget question: nothing to judge in the code
                self.wrong_code[qid] = variants
                continue
            if not _passes(setup, self.solved[index], call):
                raise ValueError(f"the solution's code for {qid} fails its own check")
            self.wrong_code[qid] = [v for v in variants if not _passes(setup, v, call)]
            self.dropped += [f"{qid} code:\n{v}" for v in variants if v not in self.wrong_code[qid]]

    def _confirm_widget_values(self) -> None:
        for qid, question in l01.exercise.questions.items():
            if not question.widget_kind:
                continue
            right, wrong = widget_answers(question)
            if not question.evaluate(right).passed:
                raise ValueError(f"the right widget answer for {qid} fails its own check: {right!r}")
            self.right_values[qid] = right
            self.wrong_values[qid] = [v for v in wrong if not question.evaluate(v).passed]
            self.dropped += [f"{qid} value {v!r}" for v in wrong if v not in self.wrong_values[qid]]


def as_typed(source: str) -> str:
    """A solution cell as a learner types it: no solution markers, and no ``set_answer`` lines,
    since a learner answers widget questions by clicking, which writes only the store."""
    lines = [line for line in source.split("\n") if not (BEGIN.match(line) or END.match(line))]
    return "\n".join(LINE.sub("", line) for line in lines if ".set_answer(" not in line)


def check_cells(notebook: nbformat.NotebookNode) -> dict[int, str]:
    """Cell index → question id, for every ``qN.check(...)`` cell."""
    names = {f"q{qid.rsplit('Q', 1)[1]}": qid for qid in QUESTIONS}
    found = {}
    for index, cell in enumerate(notebook.cells):
        match = CHECK_CELL.match(cell.source.strip()) if cell.cell_type == "code" else None
        if match:
            found[index] = names[match["name"]]
    return found


def _next_check(checks: dict[int, str], index: int) -> str:
    """An answer cell answers the question whose check comes next."""
    return checks[min(i for i in checks if i > index)]


def _check_call(notebook: nbformat.NotebookNode, checks: dict[int, str], qid: str) -> str | None:
    """``q4.check(p90_value)`` as ``q4.evaluate(p90_value)``; None when it takes no argument."""
    source = next(notebook.cells[i].source.strip() for i, q in checks.items() if q == qid)
    match = CHECK_CELL.match(source)
    return f"{match['name']}.evaluate({match['argument']})" if match["argument"].strip() else None


def _passes(setup: str, answer_cell: str, call: str) -> bool:
    namespace: dict[str, Any] = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(setup, namespace)
        with contextlib.suppress(Exception):  # a wrong cell may raise, as it would in a kernel
            exec(answer_cell, namespace)
        try:
            return eval(call, namespace).passed
        except NameError:  # the answer cell raised before defining the name
            return False


def widget_answers(question) -> tuple[Any, list[Any]]:
    """The right answer of a widget question and some wrong ones a learner might click."""
    if isinstance(question, SingleChoice):
        return question.answer, [o for o in question.options if o != question.answer]
    if isinstance(question, MultipleChoice):
        right = [o for o in question.options if o in question.answer]
        extra = [o for o in question.options if o not in question.answer][:1]
        return right, [right[:-1], right + extra]
    if isinstance(question, Classification):
        right = dict(question.answer)
        moved = [
            {**right, item: next(c for c in question.categories if c != right[item])}
            for item in list(right)[-2:]
        ]
        return right, moved
    if isinstance(question, Numeric):  # the slider moves in steps of 0.1
        wrong = [round(v() if callable(v) else v, 1) for v, _ in question.misconceptions]
        return round(question.expected(), 1), wrong
    raise TypeError(f"no answers known for a {type(question).__name__}")


def student_names(n: int, rng: random.Random) -> list[str]:
    """About six in ten Chinese names, the rest Latin-script ones (folder-safe: no spaces)."""
    chinese = [s + g for s in CHINESE_SURNAMES for g in CHINESE_GIVEN]
    latin = [f"{first}_{last}" for first in LATIN_FIRST for last in LATIN_LAST]
    n_chinese = round(n * 0.6)
    return sorted(rng.sample(chinese, n_chinese) + rng.sample(latin, n - n_chinese))


def _kinds(n: int, rng: random.Random) -> list[str]:
    """One in five fully right, one in ten empty (at least one of each), the rest partly right."""
    right, empty = max(1, round(n * 0.2)), max(1, round(n * 0.1))
    kinds = ["right"] * right + ["empty"] * empty + ["partial"] * (n - right - empty)
    rng.shuffle(kinds)
    return kinds


def _states(kind: str, rng: random.Random) -> dict[str, str]:
    """Question id → "right", "wrong" or "blank" (left unanswered)."""
    if kind != "partial":
        return dict.fromkeys(QUESTIONS, "right" if kind == "right" else "blank")
    missed = set(rng.sample(QUESTIONS, rng.randint(1, 5)))
    return {
        qid: ("right" if qid not in missed else "wrong" if rng.random() < 0.75 else "blank")
        for qid in QUESTIONS
    }


def _cell_source(state: str, index: int, variants: list[str], forms: Forms, rng: random.Random) -> str:
    if state == "right":
        return forms.solved[index]
    if state == "wrong" and variants:
        return rng.choice(variants)
    return forms.exercise.cells[index].source  # blank: the placeholder left as it was


def _store_content(values: dict[str, Any], saved_at: str) -> dict[str, Any]:
    """The store as the course writes it (see cbec.answer_store), values in their stored form."""
    questions = l01.exercise.questions
    answers = {
        qid: {"value": questions[qid].to_store(questions[qid].normalize(v))} for qid, v in values.items()
    }
    return {"format": "cbec-answers/1", "exercise": "L01", "saved_at": saved_at, "answers": answers}


def _widget_values(states: dict[str, str], forms: Forms, rng: random.Random) -> dict[str, Any]:
    """What the learner clicked. A wrong answer with no confirmed wrong value left is left blank."""
    values = {}
    for qid, right in forms.right_values.items():
        if states[qid] == "right":
            values[qid] = right
        elif states[qid] == "wrong" and forms.wrong_values[qid]:
            values[qid] = rng.choice(forms.wrong_values[qid])
    return values


def _write(folder: Path, forms: Forms, states: dict[str, str], rng: random.Random, saved_at: str) -> None:
    folder.mkdir(parents=True)
    notebook = copy.deepcopy(forms.exercise)
    for index, qid in forms.answer_cells.items():
        notebook.cells[index].source = _cell_source(states[qid], index, forms.wrong_code[qid], forms, rng)
    nbformat.write(notebook, folder / NOTEBOOK)
    values = _widget_values(states, forms, rng)
    if values:  # a learner who never clicked has no store
        text = json.dumps(_store_content(values, saved_at), ensure_ascii=False, indent=1) + "\n"
        (folder / STORE).write_text(text, encoding="utf-8")


def make_class(folder: Path, n: int, seed: int, forms: Forms) -> list[Submission]:
    """Write ``n`` submissions into ``folder``; the same ``n`` and ``seed`` give the same files."""
    rng = random.Random(f"{seed}:{n}")
    submissions = []
    for number, (student, kind) in enumerate(zip(student_names(n, rng), _kinds(n, rng), strict=True)):
        states = _states(kind, rng)
        saved_at = f"2026-03-0{1 + number % 7}T{8 + number % 12:02d}:{number % 60:02d}:00Z"
        _write(folder / student, forms, states, rng, saved_at)
        # Wrong or blank, a question earns nothing: a wrong answer with no confirmed wrong variant
        # left is written blank, which earns nothing either.
        expected = {qid: float(state == "right") for qid, state in states.items()}
        submissions.append(Submission(student, kind, expected))
    return submissions
