"""Exercise notebooks, end to end, in real kernels and under nbval.

- Unfilled, they run headlessly without crashing and every check says "还没有作答", and under
  the grader every question fails: the checks can fail.
- Widget answers given in one kernel are restored in the next and graded by nbval.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from cbec.exercises import banks, l01
from tests.kernels import execute, grade_with_nbval, kernel, text_of

ROOT = Path(__file__).resolve().parents[1]
BANKS = banks()  # every exercise notebook, from its question bank
CHECK_CELL = re.compile(r"^q\d+\.check\(.*\)$")

pytestmark = pytest.mark.kernel


def _copy_course(tmp_path: Path) -> Path:
    for folder in ("datasets", "lessons", "exercises", "solutions"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def _check_cells(notebook) -> list:
    return [c for c in notebook.cells if c.cell_type == "code" and CHECK_CELL.match(c.source.strip())]


@pytest.mark.parametrize("stem", sorted(BANKS))
def test_unfilled_exercise_runs_and_reports_not_attempted(tmp_path, stem):
    course = _copy_course(tmp_path)
    notebook = execute(course / "exercises" / f"{stem}.ipynb")
    checks = _check_cells(notebook)
    assert len(checks) == len(BANKS[stem].exercise.questions)
    for cell in checks:
        assert "还没有作答" in text_of(cell), cell.source
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert not list((course / "exercises").glob("*.answers.json")), "running must not write answers"


def _learner_submission(course: Path, stem: str) -> Path:
    """The solution's code answers, with its widget answers removed: a learner who wrote the
    right code but gave every widget answer by clicking, so those live only in the store."""
    solution = nbformat.read(course / "solutions" / f"{stem}.ipynb", as_version=4)
    for cell in solution.cells:
        if cell.cell_type == "code":
            cell.source = "\n".join(line for line in cell.source.split("\n") if ".set_answer(" not in line)
            cell.outputs, cell.execution_count = [], None
    solution.cells = [c for c in solution.cells if "solution" not in c.metadata.get("tags", [])]
    folder = course / "submission"
    folder.mkdir()
    path = folder / f"{stem}.ipynb"
    nbformat.write(solution, path)
    return path


SETUP = "from cbec.exercises.l01 import q1, q2, q3, q7, q10, q11, q12\n"
CLICKS = {
    "q1": "w = q1.widget(); w.control.widget.value = {answer!r}",
    "q3": "w = q3.widget()\nfor box in w.control.boxes: box.value = box.description in {answer!r}",
    "q2": "w = q2.widget()\nfor item, menu in w.control.menus.items(): menu.value = {answer!r}[item]",
    "q7": "w = q7.widget(); w.control.widget.value = {answer!r}; w.check_button.click()",
    "q10": "w = q10.widget(); w.control.widget.value = {answer!r}; w.check_button.click()",
    "q11": "w = q11.widget(); w.control.widget.value = {answer!r}",
    "q12": "w = q12.widget(); w.control.widget.value = {answer!r}",
}


def _right_widget_answers() -> dict[str, object]:
    return {
        "q1": l01.q1.answer,
        "q2": l01.q2.answer,
        "q3": sorted(l01.q3.answer),
        "q7": round(l01.q7.expected(), 1),
        "q10": round(l01.q10.expected(), 1),
        "q11": l01.q11.answer,
        "q12": l01.q12.answer,
    }


def test_widget_answers_survive_a_restart_and_are_graded_by_nbval(tmp_path):
    course = _copy_course(tmp_path)
    submission = _learner_submission(course, "01_people_goods_place")
    store = submission.with_name("01_people_goods_place.answers.json")
    answers = _right_widget_answers()

    with kernel(submission.parent) as learner:  # the learner clicks, then closes the notebook
        learner.run(SETUP)
        for name, answer in answers.items():
            learner.run(CLICKS[name].format(answer=answer))
    saved = json.loads(store.read_text(encoding="utf-8"))["answers"]
    assert set(saved) == {q.qid for q in l01.exercise.questions.values() if q.widget_kind}

    with kernel(submission.parent) as restarted:  # a new kernel shows the same answers
        restarted.run(SETUP)
        shown = restarted.run(
            "print(repr([q1.widget().value, q2.widget().value, q3.widget().value, q7.widget().value,"
            " q10.widget().value, q11.widget().value, q12.widget().value]))"
        )
    assert shown.strip() == repr(
        [
            answers["q1"],
            answers["q2"],
            sorted(answers["q3"], key=l01.q3.options.index),
            answers["q7"],
            answers["q10"],
            answers["q11"],
            answers["q12"],
        ]
    )

    before = {p.name: p.read_bytes() for p in submission.parent.iterdir()}
    results = grade_with_nbval(submission.parent)
    failed = {name: msg for name, (outcome, msg) in results.items() if outcome != "passed"}
    assert failed == {}
    assert len(results) == len(nbformat.read(submission, as_version=4).cells) - sum(
        c.cell_type == "markdown" for c in nbformat.read(submission, as_version=4).cells
    )
    after = {p.name: p.read_bytes() for p in submission.parent.iterdir() if p.name in before}
    assert after == before, "grading must not change the submission or its answers"


def test_a_wrong_widget_answer_fails_its_check_under_nbval(tmp_path):
    course = _copy_course(tmp_path)
    submission = _learner_submission(course, "01_people_goods_place")
    answers = {**_right_widget_answers(), "q1": next(iter(l01.q1.misconceptions))}
    with kernel(submission.parent) as learner:
        learner.run(SETUP)
        for name, answer in answers.items():
            learner.run(CLICKS[name].format(answer=answer))
    results = grade_with_nbval(submission.parent)
    failed = [msg for outcome, msg in results.values() if outcome != "passed"]
    assert len(failed) == 1
    assert "L01.Q1" in failed[0] and "还不对" in failed[0]


@pytest.mark.parametrize("stem", sorted(BANKS))
def test_an_unfilled_exercise_fails_every_question_under_nbval(tmp_path, stem):
    course = _copy_course(tmp_path)
    folder = course / "exercises"
    for other in folder.glob("*.ipynb"):  # one notebook: the report names cells, not notebooks
        if other.stem != stem:
            other.unlink()
    results = grade_with_nbval(folder)
    failed = [msg for outcome, msg in results.values() if outcome != "passed"]
    assert len(failed) == len(BANKS[stem].exercise.questions)
    assert all("还没有作答" in msg for msg in failed)


def test_an_undefined_name_is_explained_in_chinese_and_still_fails_the_cell(tmp_path):
    with kernel(tmp_path) as live:
        live.run("from cbec.exercises.l01 import q4")
        reply, shown = live.run_failing("q4.check(median_value)")
    assert reply == "error"
    assert "'median_value' 还没有定义" in shown
    assert "Traceback" not in shown


def test_a_wrong_dataset_name_shows_the_message_without_a_traceback(tmp_path):
    course = _copy_course(tmp_path)
    with kernel(course / "lessons") as live:
        reply, shown = live.run_failing('from cbec import data\ndata.load("buyer_profile")')
    assert reply == "error"
    assert "没有名为 'buyer_profile' 的数据集" in shown
    assert "你是不是想写 'buyer_profiles'" in shown
    assert "Traceback" not in shown
