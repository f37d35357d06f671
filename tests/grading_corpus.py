"""A class of adversarial submissions for ``cbec grade``, built from the course's own notebooks.

Every submission is made at test time, so it never goes stale: from ``solutions/`` (the right
code, with its widget answers moved to the answer store, where a learner's clicks put them) or
from ``exercises/`` (the notebook as handed out). Each one is then broken, cheated or renamed
in a single way. ``CASES`` says what grading must make of each: the status of every question,
the total, the notebook's status, and a piece of the reason or of a question's message.

A builder takes the sources and the student's folder and writes that student's files.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from cbec.answer_codec import encode
from cbec.answer_store import FORMAT as STORE_FORMAT
from cbec.answer_store import SUFFIX as STORE_SUFFIX
from cbec.exercises import l01
from cbec.grader import nbval_plugin, precheck
from cbec.grader.assemble import CHECK_CALL, Check, source_checks
from cbec.probe import MIME

BANK = l01
STEM = BANK.exercise.stem
NOTEBOOK = f"{STEM}.ipynb"
STORE = f"{STEM}{STORE_SUFFIX}"
QUESTIONS = list(BANK.exercise.questions.values())
QIDS = [q.qid for q in QUESTIONS]
GUESSED_NONCE = "0" * 16

# One letter per question, in the bank's order, in the table below.
CODES = {
    "C": "correct",
    "I": "incorrect",
    "A": "not_attempted",
    "V": "invalid",
    "E": "error",
    "N": "not_run",
}


# -- the sources -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sources:
    solution: nbformat.NotebookNode  # right code; widget answers only in the store
    handout: nbformat.NotebookNode  # the exercise as students get it
    checks: dict[str, Check]  # qid → its check cell in the handout

    @classmethod
    def load(cls, root: Path) -> Sources:
        handout = nbformat.read(root / "exercises" / NOTEBOOK, as_version=4)
        solution = nbformat.read(root / "solutions" / NOTEBOOK, as_version=4)
        return cls(_as_learner(solution), handout, {c.qid: c for c in source_checks(handout, BANK)})

    def answered(self) -> nbformat.NotebookNode:
        return copy.deepcopy(self.solution)

    def unanswered(self) -> nbformat.NotebookNode:
        return copy.deepcopy(self.handout)

    def answer_cell_id(self, qid: str) -> str:
        """The cell just before the check in the handout: where the answer is written."""
        return self.checks[qid].anchor

    def variable(self, qid: str) -> str:
        """The name the check is given, e.g. ``p90_value``."""
        return self.checks[qid].argument


def _as_learner(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The solution as a learner who clicked every widget answer would hand it in."""
    for cell in solution.cells:
        if cell.cell_type == "code":
            cell.source = "\n".join(line for line in cell.source.split("\n") if ".set_answer(" not in line)
            cell.outputs, cell.execution_count = [], None
    solution.cells = [c for c in solution.cells if "solution" not in c.metadata.get("tags", [])]
    return solution


def question(number: int):
    return BANK.exercise.questions[f"{BANK.exercise.lesson}.Q{number}"]


def qid(number: int) -> str:
    return question(number).qid


# -- notebook surgery --------------------------------------------------------------------------
def cell(nb, cell_id: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.get("id") == cell_id)


def insert_after(nb, cell_id: str, source: str) -> None:
    position = nb.cells.index(cell(nb, cell_id))
    nb.cells.insert(position + 1, nbformat.v4.new_code_cell(source))


def setup_cell_id(src: Sources) -> str:
    return next(c.get("id") for c in src.handout.cells if c.cell_type == "code")


def set_answer_code(src: Sources, nb, number: int, code: str) -> None:
    """Replace the code answer to question ``number`` by ``code``."""
    cell(nb, src.answer_cell_id(qid(number))).source = code


def is_check(c) -> bool:
    return c.cell_type == "code" and bool(CHECK_CALL.match(c.source.strip()))


def write_notebook(folder: Path, nb, name: str = NOTEBOOK) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


# -- answer stores -----------------------------------------------------------------------------
def widget_questions():
    return [q for q in QUESTIONS if q.widget_kind]


def right_answer(q):
    if q.widget_kind == "single":
        return q.answer
    if q.widget_kind == "multiple":
        return [o for o in q.options if o in q.answer]
    if q.widget_kind == "classification":
        return dict(q.answer)
    return round(q.expected(), 1)  # numeric: a slider position


def wrong_answer(q):
    """A plausible wrong answer: a known misconception where the bank has one."""
    if q.widget_kind == "single":
        return next(iter(q.misconceptions), next(o for o in q.options if o != q.answer))
    if q.widget_kind == "multiple":
        return [o for o in q.options if o not in q.answer]
    if q.widget_kind == "classification":
        # Every item misplaced, so an answer wrong this way earns no partial credit either.
        return {item: next(c for c in q.categories if c != right) for item, right in q.answer.items()}
    return round(q.expected() + 10 * q.tolerance, 1)


def right_answers(*, but: dict | None = None) -> dict:
    return {q.qid: right_answer(q) for q in widget_questions()} | (but or {})


def write_store(folder: Path, answers: dict, *, exercise: str | None = None, extra: dict | None = None):
    entries = {key: {"value": value, **(extra or {})} for key, value in answers.items()}
    content = {
        "format": STORE_FORMAT,
        "exercise": exercise or BANK.exercise.lesson,
        "saved_at": "2026-03-01T10:00:00Z",
        "answers": entries,
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / STORE).write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")


def answered_with_store(src: Sources, folder: Path, nb=None, **store) -> None:
    write_notebook(folder, nb if nb is not None else src.answered())
    write_store(folder, right_answers(**store))


# -- wrong code a learner might write --------------------------------------------------------
def mean_instead(src: Sources, nb) -> None:
    """Q4 with the mean order value, a misconception the bank names."""
    name = src.variable(qid(4))
    set_answer_code(
        src, nb, 4, f'{name} = buyers.groupby("platform", observed=True)["order_value_usd"].mean()\n{name}'
    )


def wrong_number(src: Sources, nb, number: int) -> None:
    name = src.variable(qid(number))
    set_answer_code(src, nb, number, f"{name} = 0.0\n{name}")


def function_without_default(src: Sources) -> str:
    """The right function whose last parameter lost its default value: every public case
    passes the column explicitly, the hidden cases rely on the default."""
    source = cell(src.solution, src.answer_cell_id(qid(6))).source
    without, count = re.subn(r"(def \w+\(.*?\w+)=[^,)]+\)", r"\1)", source, count=1)
    assert count == 1, f"the solution's function has no default to drop:\n{source}"
    return without


# -- honest learners -------------------------------------------------------------------------
def full_marks(src, folder):
    answered_with_store(src, folder)


def partly_right(src, folder):
    nb = src.answered()
    mean_instead(src, nb)
    answered_with_store(src, folder, nb, but={qid(1): wrong_answer(question(1))})


def empty(src, folder):
    write_notebook(folder, src.unanswered())


def widgets_only(src, folder):
    write_notebook(folder, src.unanswered())
    write_store(folder, right_answers())


def syntax_error(src, folder):
    nb = src.answered()
    set_answer_code(src, nb, 5, f"{src.variable(qid(5))} = (")
    answered_with_store(src, folder, nb)


# -- files that cannot be graded -------------------------------------------------------------
INVALID_JSON_LINE = 12
CONFLICT_LINE = 30


def _notebook_lines(src: Sources) -> list[str]:
    return nbformat.writes(src.answered()).split("\n")


def invalid_json(src, folder):
    """A quote typed into a string with a text editor, on a known line."""
    lines = _notebook_lines(src)
    line = lines[INVALID_JSON_LINE - 1]
    opening = line.index('"')
    lines[INVALID_JSON_LINE - 1] = line[: opening + 3] + '"' + line[opening + 3 :]
    folder.mkdir()
    (folder / NOTEBOOK).write_text("\n".join(lines), encoding="utf-8")
    write_store(folder, right_answers())


def git_conflict(src, folder):
    lines = _notebook_lines(src)
    at = CONFLICT_LINE - 1
    ours = lines[at : at + 2]
    merged = [*lines[:at], "<<<<<<< HEAD", *ours, "=======", *ours, ">>>>>>> origin/main", *lines[at + 2 :]]
    folder.mkdir()
    (folder / NOTEBOOK).write_text("\n".join(merged), encoding="utf-8")
    write_store(folder, right_answers())


def nbformat_3(src, folder):
    folder.mkdir()
    old = nbformat.convert(src.answered(), 3)
    (folder / NOTEBOOK).write_text(nbformat.writes(old, version=3), encoding="utf-8")
    write_store(folder, right_answers())


def too_large(src, folder):
    """A saved output just over the size limit, as a learner who printed a whole table does."""
    nb = src.answered()
    answer = cell(nb, src.answer_cell_id(qid(4)))
    text = "x" * (precheck.MAX_NOTEBOOK_BYTES + 1_000_000)
    answer.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    answer.execution_count = 1
    answered_with_store(src, folder, nb)


def missing_notebook(src, folder):
    write_store(folder, right_answers())


def missing_store(src, folder):
    write_notebook(folder, src.answered())


def empty_folder(src, folder):
    folder.mkdir()


# -- runs that go wrong ------------------------------------------------------------------------
def endless_loop(src, folder):
    nb = src.answered()
    insert_after(nb, src.answer_cell_id(qid(5)), "while True:\n    pass")
    answered_with_store(src, folder, nb)


STUBBORN_LOOP = """\
while True:
    try:
        while True:
            pass
    except KeyboardInterrupt:
        print("不许停！")
"""


def loop_ignores_interrupt(src, folder):
    nb = src.answered()
    insert_after(nb, src.answer_cell_id(qid(4)), STUBBORN_LOOP)
    answered_with_store(src, folder, nb)


def kernel_dies(src, folder):
    nb = src.answered()
    insert_after(nb, src.answer_cell_id(qid(5)), "import os\n\nos._exit(1)")
    answered_with_store(src, folder, nb)


def huge_output(src, folder):
    nb = src.answered()
    chunks = nbval_plugin.MAX_OUTPUT_BYTES // 1_000_000 + 2
    insert_after(
        nb, src.answer_cell_id(qid(3)), f'line = "x" * 1_000_000\nfor _ in range({chunks}):\n    print(line)'
    )
    answered_with_store(src, folder, nb)


def input_call(src, folder):
    nb = src.answered()
    insert_after(nb, setup_cell_id(src), 'name = input("你的名字：")')
    answered_with_store(src, folder, nb)


def input_transformer(src, folder):
    nb = src.answered()
    insert_after(
        nb,
        src.answer_cell_id(qid(4)),
        "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])",
    )
    answered_with_store(src, folder, nb)


STORE_CORRUPTION = f'open("{STORE}", "w", encoding="utf-8").write("{{ not json")'


def store_corrupted_while_running(src, folder):
    """The learner's code spoils the grader's copy of the store while it runs. Widget answers
    are read from the submitted store before any kernel starts, so nothing changes."""
    nb = src.answered()
    insert_after(nb, setup_cell_id(src), STORE_CORRUPTION)
    answered_with_store(src, folder, nb)


# -- cheating ---------------------------------------------------------------------------------
def redefined_check(src, folder):
    nb = src.answered()
    mean_instead(src, nb)
    setup = cell(nb, setup_cell_id(src))
    setup.source += "\nq4.check = lambda *a: print('✅ 正确')"
    answered_with_store(src, folder, nb)


PATCHED_CHECKER = """\
import cbec.grading
import cbec.questions.base
from cbec.feedback import Feedback, Status

cbec.questions.base.Question.evaluate = lambda self, *a, **k: Feedback(self.qid, Status.CORRECT, "")
cbec.grading.enforce = lambda feedback: None
"""


def patched_checker(src, folder):
    nb = src.answered()
    insert_after(nb, setup_cell_id(src), PATCHED_CHECKER)
    mean_instead(src, nb)
    wrong_number(src, nb, 5)
    answered_with_store(src, folder, nb, but={qid(1): wrong_answer(question(1))})


def patched_probe(src, folder):
    nb = src.answered()
    insert_after(nb, setup_cell_id(src), "import cbec.probe\n\ncbec.probe.value = lambda *a: None")
    answered_with_store(src, folder, nb)


def forged_payloads() -> dict[str, dict]:
    """What a probe would report for right answers to Q1 and Q4, with a guessed nonce."""
    q1, q4 = question(1), question(4)
    return {
        q1.qid: {"nonce": GUESSED_NONCE, "qid": q1.qid, "answered": True, "answer": right_answer(q1)},
        q4.qid: {"nonce": GUESSED_NONCE, "qid": q4.qid, "answer": encode(q4.expected())},
    }


def _forge(payload: dict) -> str:
    return f"display({{{MIME!r}: {payload!r}, 'text/plain': '✅ 正确'}}, raw=True)"


def forged_evidence(src, folder):
    """The learner's own cell shows outputs that look like a probe's, and the answers are wrong."""
    nb = src.answered()
    mean_instead(src, nb)
    forged = "\n".join(_forge(p) for p in forged_payloads().values())
    insert_after(nb, src.answer_cell_id(qid(4)), f"from IPython.display import display\n\n{forged}")
    answered_with_store(src, folder, nb, but={qid(1): wrong_answer(question(1))})


def forged_evidence_hook(src, folder):
    """The forged outputs appear inside every later cell, the probes included."""
    nb = src.answered()
    mean_instead(src, nb)
    forged = "\n    ".join(_forge(p) for p in forged_payloads().values())
    hook = (
        f"from IPython.display import display\n\n\ndef forge(result):\n    {forged}\n\n\n"
        'get_ipython().events.register("post_run_cell", forge)'
    )
    insert_after(nb, setup_cell_id(src), hook)
    answered_with_store(src, folder, nb, but={qid(1): wrong_answer(question(1))})


BANK_FROM_DISK = """\
import os
import runpy

bank = runpy.run_path(os.path.join(os.environ["CBEC_COURSE_ROOT"], "src/cbec/exercises/{module}.py"))
{name} = bank["q4"].expected()
"""


def reads_key_from_disk(src, folder):
    """Q4's answer computed by the instructor's bank, read from the course folder on disk."""
    nb = src.answered()
    module = BANK.__name__.rsplit(".", 1)[-1]
    set_answer_code(src, nb, 4, BANK_FROM_DISK.format(module=module, name=src.variable(qid(4))))
    answered_with_store(src, folder, nb)


def reads_key(src, folder):
    """Answers taken from the question objects: in the grading kernel they hold no key."""
    nb = src.answered()
    set_answer_code(src, nb, 4, f"{src.variable(qid(4))} = q4.expected()")
    function = cell(src.solution, src.answer_cell_id(qid(6))).source
    name = re.search(r"def (\w+)\(", function)[1]
    set_answer_code(src, nb, 6, f"{name} = q6.reference")
    widget = cell(nb, src.answer_cell_id(qid(7)))
    widget.source = f"q7.set_answer(q7.answer)\n{widget.source}"
    write_notebook(folder, nb)
    write_store(folder, {q.qid: right_answer(q) for q in widget_questions() if q.qid != qid(7)})


# -- answer stores that lie or do not fit ----------------------------------------------------
def forged_store(src, folder):
    write_notebook(folder, src.answered())
    wrong = {q.qid: wrong_answer(q) for q in widget_questions()}
    write_store(folder, wrong, extra={"correct": True, "score": 1, "status": "correct"})
    content = json.loads((folder / STORE).read_text(encoding="utf-8"))
    content.update({"score": 7, "graded": True})
    (folder / STORE).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def store_of_another_exercise(src, folder):
    write_notebook(folder, src.answered())
    write_store(folder, right_answers(), exercise="L02")


def store_wrong_types(src, folder):
    write_notebook(folder, src.answered())
    write_store(folder, right_answers(but={qid(1): 42, qid(3): ["不存在的选项"], qid(7): "大约百分之二十"}))


# -- check cells the learner changed ----------------------------------------------------------
def checks_edited(src, folder):
    """Q4's check given the right value, hard-coded; the variable it should check is wrong."""
    nb = src.answered()
    mean_instead(src, nb)
    right = {str(k): float(v) for k, v in question(4).expected().items()}
    cell(nb, src.checks[qid(4)].cell_id).source = f"import pandas as pd\nq4.check(pd.Series({right!r}))"
    cell(nb, src.checks[qid(1)].cell_id).source = "q1.check()  # 我检查过了"
    answered_with_store(src, folder, nb)


def checks_deleted(src, folder):
    nb = src.answered()
    nb.cells = [c for c in nb.cells if not is_check(c)]
    answered_with_store(src, folder, nb)


def checks_duplicated_and_moved(src, folder):
    nb = src.answered()
    checks = [c for c in nb.cells if is_check(c)]
    nb.cells = [c for c in nb.cells if not is_check(c)]
    nb.cells[:0] = [nbformat.v4.new_code_cell(c.source) for c in checks[:2]]  # copies at the top
    nb.cells += list(reversed(checks))  # the originals, ids kept, at the end in reverse order
    nb.cells.append(nbformat.v4.new_code_cell(checks[0].source))
    answered_with_store(src, folder, nb)


def answer_in_check_cell(src, folder):
    """Q4 answered inside its check cell: the cell stays and its probe follows it."""
    nb = src.answered()
    answer = cell(nb, src.answer_cell_id(qid(4)))
    check = cell(nb, src.checks[qid(4)].cell_id)
    check.source = f"{answer.source}\n{check.source}"
    answer.source = "# 答案写在下面的检查单元格里"
    answered_with_store(src, folder, nb)


def answer_cell_merged(src, folder):
    """Q5's answer cell deleted, its code moved into Q4's: Q5's probe goes at the end."""
    nb = src.answered()
    q5_answer = cell(nb, src.answer_cell_id(qid(5)))
    cell(nb, src.answer_cell_id(qid(4))).source += "\n" + q5_answer.source
    nb.cells.remove(q5_answer)
    answered_with_store(src, folder, nb)


# -- hidden tests ----------------------------------------------------------------------------
def fails_hidden_case(src, folder):
    nb = src.answered()
    set_answer_code(src, nb, 6, function_without_default(src))
    answered_with_store(src, folder, nb)


# -- names -----------------------------------------------------------------------------------
def renamed_by_browser(src, folder):
    write_notebook(folder, src.answered(), name=f"{STEM} (1).ipynb")
    write_store(folder, right_answers())


def old_notebook_without_ids(src, folder):
    nb = src.answered()
    content = json.loads(nbformat.writes(nb))
    content["nbformat_minor"] = 4
    for c in content["cells"]:
        c.pop("id", None)
    folder.mkdir()
    (folder / NOTEBOOK).write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
    write_store(folder, right_answers())


# -- the table ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Sources, Path], None]
    statuses: str  # one letter of CODES per question, in the bank's order
    total: float
    notebook: str = "graded"
    reason: str = ""  # in the notebook's reason (English); "" when there must be none
    message: tuple[int, str] | None = None  # (question number, text in its message)
    folder: str = ""  # the student's folder, when not the case name
    needs_sandbox: bool = False  # holds only where kernels run sandboxed (cbec.grader.sandbox)

    @property
    def student(self) -> str:
        return self.folder or self.name

    @property
    def expected_statuses(self) -> dict[str, str]:
        assert len(self.statuses) == len(QIDS), f"{self.name}: one letter per question"
        return {q: CODES[letter] for q, letter in zip(QIDS, self.statuses, strict=True)}


TIME_LIMIT = "exceeded the time limit"
# fmt: off
CASES = [
    # honest learners
    Case("full_marks", full_marks, "CCCCCCCCCCCC", 22, folder="张三"),
    Case("partly_right", partly_right, "ICCICCCCCCCC", 19, message=(4, "平均数")),
    Case("empty", empty, "AAAAAAAAAAAA", 0, reason=f"no answers file {STORE}"),
    Case("widgets_only", widgets_only, "CCCAAACAACCC", 11),
    Case("syntax_error", syntax_error, "CCCCACCCCCCC", 20, reason="raised SyntaxError", message=(5, "没有找到你的答案")),
    # files that cannot be graded
    Case("invalid_json", invalid_json, "NNNNNNNNNNNN", 0, "rejected", f"line {INVALID_JSON_LINE}, column"),
    Case("git_conflict", git_conflict, "NNNNNNNNNNNN", 0, "rejected", f"merge conflict marker at line {CONFLICT_LINE}"),
    Case("nbformat_3", nbformat_3, "NNNNNNNNNNNN", 0, "rejected", "notebook format 3 is not supported"),
    Case("too_large", too_large, "NNNNNNNNNNNN", 0, "rejected", "MB limit"),
    Case("missing_notebook", missing_notebook, "NNNNNNNNNNNN", 0, "rejected", f"no {NOTEBOOK}"),
    Case("missing_store", missing_store, "AAACCCACCAAA", 11, reason=f"no answers file {STORE}",
         message=(1, "没有收到答案文件")),
    Case("empty_folder", empty_folder, "NNNNNNNNNNNN", 0, "rejected", f"no {NOTEBOOK}"),
    # runs that go wrong. Widget answers (Q1-Q3, Q7, Q10-Q12) come from the submitted store, read
    # before any kernel starts, so a run that stops early costs only the code questions after it.
    # A plain endless loop is interrupted at the time limit and the rest of
    # the notebook still runs (nbval marks the later cells as expected failures, and they pass):
    # every question is judged, and the note names the loop.
    Case("endless_loop", endless_loop, "CCCCCCCCCCCC", 22, reason=TIME_LIMIT),
    # A loop that ignores the interrupt is stopped with its kernel: nothing after it ran.
    Case("loop_ignores_interrupt", loop_ignores_interrupt, "CCCCNNCNNCCC", 13, reason=TIME_LIMIT,
         message=(5, "超过了时间限制")),
    Case("kernel_dies", kernel_dies, "CCCCCNCNNCCC", 15, reason="kernel died", message=(6, "内核退出了")),
    Case("huge_output", huge_output, "CCCNNNCNNCCC", 11, reason="printed too much output"),
    Case("input_call", input_call, "CCCCCCCCCCCC", 22, reason="called input()"),
    Case("input_transformer", input_transformer, "CCCCNNCNNCCC", 13, message=(5, "没有交回答案")),
    Case("store_corrupted_while_running", store_corrupted_while_running, "CCCCCCCCCCCC", 22),
    # cheating
    Case("redefined_check", redefined_check, "CCCICCCCCCCC", 20),
    Case("patched_checker", patched_checker, "ICCIICCCCCCC", 17),
    Case("patched_probe", patched_probe, "CCCNNCCNNCCC", 14, message=(4, "没有交回答案")),
    Case("forged_evidence", forged_evidence, "ICCICCCCCCCC", 19),
    Case("forged_evidence_hook", forged_evidence_hook, "ICCICCCCCCCC", 19),
    Case("reads_key", reads_key, "CCCACAACCCCC", 15, reason="AttributeError"),
    # The kernel runs as the grader's user; only the sandbox hides the course folder from it.
    # Where the system forbids the sandbox, the grader warns, and this row cannot hold.
    Case("reads_key_from_disk", reads_key_from_disk, "CCCACCCCCCCC", 20, reason="raised", needs_sandbox=True),
    # answer stores that lie or do not fit
    Case("forged_store", forged_store, "IIICCCICCIII", 11),
    Case("store_of_another_exercise", store_of_another_exercise, "AAACCCACCAAA", 11,
         reason="belongs to exercise 'L02'", message=(1, "属于练习 'L02'")),
    Case("store_wrong_types", store_wrong_types, "VCVCCCVCCCCC", 17, message=(3, "不是本题的选项")),
    # check cells the learner changed
    Case("checks_edited", checks_edited, "CCCICCCCCCCC", 20),
    Case("checks_deleted", checks_deleted, "CCCCCCCCCCCC", 22, folder="O'Neil \"Bo\" 王"),
    Case("checks_duplicated_and_moved", checks_duplicated_and_moved, "CCCCCCCCCCCC", 22),
    Case("answer_in_check_cell", answer_in_check_cell, "CCCCCCCCCCCC", 22),
    Case("answer_cell_merged", answer_cell_merged, "CCCCCCCCCCCC", 22),
    # hidden tests
    Case("fails_hidden_case", fails_hidden_case, "CCCCCICCCCCC", 19, message=(6, "隐藏测试")),
    # names
    Case("renamed_by_browser", renamed_by_browser, "CCCCCCCCCCCC", 22, reason=f"graded {STEM} (1).ipynb as {NOTEBOOK}",
         folder="李 四 (重交)"),
    Case("old_notebook_without_ids", old_notebook_without_ids, "CCCCCCCCCCCC", 22),
]
# fmt: on


def build_class(src: Sources, folder: Path) -> Path:
    """Every case's submission under ``folder``, one folder per student."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        case.build(src, folder / case.student)
    return folder
