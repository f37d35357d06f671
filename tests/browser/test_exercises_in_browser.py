"""Every exercise notebook, in JupyterLab in headless Chromium, as a learner uses it:

open it, run all, answer every widget question by clicking, picking and typing, read the
feedback, restart the kernel and run again, and find every answer restored; then the headless
grader, on the same files, grades those answers as right. One question is first answered
wrongly, and its feedback must say why. A screenshot of each exercise is kept.

A written answer is typed in, key by key, from the text its solution notebook gives
``qN.set_answer(...)``: its check says 已保存，待老师评分, it must come back after the restart,
and the grader must leave it to the teacher (``needs_marking``).
"""

from __future__ import annotations

import ast
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from cbec.exercises import banks
from cbec.grader.grade import Options, grade
from tests.browser import learner
from tests.browser.conftest import ARTIFACTS, ROOT, cjk_fonts
from tests.browser.lab import open_notebook, restart_kernel, run_all, run_in_kernel

pytestmark = [pytest.mark.browser, pytest.mark.kernel]
BANKS = banks()


def widget_questions(bank) -> list:
    return [q for q in bank.exercise.questions.values() if q.widget_kind]


def solution_text(question) -> str:
    """The text the solution notebook saves for a written question: ``qN.set_answer("…")``."""
    path = ROOT / "solutions" / f"{question.exercise.stem}.ipynb"
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code" or f"{question.name}.set_answer(" not in cell.source:
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "set_answer"
                and getattr(node.func.value, "id", "") == question.name
            ):
                return ast.literal_eval(node.args[0])
    raise AssertionError(f"{path.name} gives no {question.name}.set_answer(...) text to type")


def right_answer(question):
    if question.widget_kind == "written":
        return solution_text(question)
    if question.widget_kind == "numeric":
        return question.expected()
    if question.widget_kind == "multiple":
        return [o for o in question.options if o in question.answer]
    return question.answer


def wrong_answer(question) -> tuple[object, str]:
    """A tempting wrong answer with the note the learner should then read."""
    if question.widget_kind == "single" and question.misconceptions:
        option, note = next(iter(question.misconceptions.items()))
        return option, note[:12]
    return None, ""


# What a learner has run before using an explorer that needs their own work: exercise 03's price
# simulator reports on the demand curve the learner fitted (the handout leaves the fit as ``...``).
EXPLORE_SETUP = {
    "L03.Q7": (
        "import numpy as np\n"
        "from cbec import data\n"
        "from cbec.explore.l03 import use_fit\n"
        "t1 = data.load('aliexpress_price_test').query('product_id == \"AE-T1\"')\n"
        "use_fit(np.polyfit(np.log(t1['price_usd']), np.log(t1['units_sold']), 1), unit_cost=3.2)"
    ),
}
# What an explorer shows once it has run, per question; any other explorer must show something.
EXPLORE_SHOWS = {
    "L01.Q10": "首单金额不低于门槛",
    "L02.Q6": "实际每次点击扣费",
    "L03.Q7": "预测日毛利",
    "L04.Q7": "每花 1 元换回",
    "L05.Q2": "平均相关系数",
    "L06.Q7": "与商务部的预计相差",
}


def explored(page, question) -> None:
    """The slider's explorer responded to the answer: it shows its result, not an error."""
    if not getattr(question, "explore", None):
        return
    text = learner.explorer_text(page, question, EXPLORE_SHOWS.get(question.qid, ""))
    assert "没能画出来" not in text and "拖动滑块后" not in text, text


def answer_everything(page, bank, store: Path) -> None:
    for question in widget_questions(bank):
        if question.qid in EXPLORE_SETUP:
            run_in_kernel(page, EXPLORE_SETUP[question.qid])
        wrong, note = wrong_answer(question)
        if wrong is not None:
            learner.answer(page, question, wrong)
            learner.wait_saved(store, question, wrong)
            text = learner.check(page, question, "还不对")
            assert note in text, text
        learner.answer(page, question, right_answer(question))
        learner.wait_saved(store, question, right_answer(question))
        explored(page, question)
        verdict = expected_verdict(question)
        assert verdict in learner.check(page, question, verdict)


def expected_verdict(question) -> str:
    return "已保存，待老师评分" if question.widget_kind == "written" else "正确"


def graded_status(question) -> str:
    """What the grader makes of a right answer: a written one waits for the teacher."""
    return "needs_marking" if question.widget_kind == "written" else "correct"


def restore_problems(page, bank) -> list[str]:
    """Widget questions whose answer did not come back after a restart, with what was shown."""
    problems = []
    for question in widget_questions(bank):
        expected, shown = right_answer(question), learner.shown(page, question)
        same = (
            abs(shown - expected) <= question.tolerance
            if question.widget_kind == "numeric"
            else shown == expected
        )
        status = learner.status(page, question)
        if not same or "已恢复" not in status:
            problems.append(f"{question.qid}: shows {shown!r} ({status!r}), expected {expected!r}")
    return problems


def grade_copy(course: Path, stem: str, scratch: Path):
    learner_folder = scratch / "class" / "browser-learner"
    learner_folder.mkdir(parents=True)
    for name in (f"{stem}.ipynb", f"{stem}.answers.json"):
        shutil.copy(course / "exercises" / name, learner_folder / name)
    results = grade(scratch / "class", scratch / "out", Options(jobs=1, cell_timeout=60))
    graded = next(nb for nb in results.students[0].notebooks if nb.stem == stem)  # one of every exercise
    return {q.qid: q.status for q in graded.questions}


def test_the_browser_machine_has_a_cjk_font():
    assert cjk_fonts(), "no CJK font: Chinese would render as empty boxes (apt-get install fonts-noto-cjk)"


@pytest.mark.parametrize("stem", sorted(BANKS))
def test_a_learner_answers_restarts_and_is_graded(page, lab, course, stem, tmp_path):
    bank, started = BANKS[stem], time.monotonic()
    (course / "exercises" / f"{stem}.answers.json").unlink(missing_ok=True)
    open_notebook(page, lab, f"exercises/{stem}.ipynb")
    run_all(page)
    answer_everything(page, bank, course / "exercises" / f"{stem}.answers.json")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)

    restart_kernel(page)
    run_all(page)
    assert restore_problems(page, bank) == []
    print(f"{stem}: answered, restarted and checked in the browser in {time.monotonic() - started:.1f} s")

    graded = grade_copy(course, stem, tmp_path)
    assert {q.qid: graded[q.qid] for q in widget_questions(bank)} == {
        q.qid: graded_status(q) for q in widget_questions(bank)
    }


@pytest.mark.parametrize("stem", sorted(BANKS)[:1])
def test_a_control_whose_answers_are_not_saved_is_caught(page, lab, course, stem):
    """The negative control: break saving in the kernel, and the restore check must fail."""
    bank = BANKS[stem]
    (course / "exercises" / f"{stem}.answers.json").unlink(missing_ok=True)
    open_notebook(page, lab, f"exercises/{stem}.ipynb")
    run_in_kernel(page, "from cbec.answer_store import AnswerStore\nAnswerStore.save = lambda *args: None")
    run_all(page)
    for question in widget_questions(bank):
        learner.answer(page, question, right_answer(question))
    restart_kernel(page)
    run_all(page)
    assert len(restore_problems(page, bank)) == len(widget_questions(bank))
