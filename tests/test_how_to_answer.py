"""One "怎样作答" text: ``src/cbec/how_to_answer.md`` rendered from each question bank.

- Every real bank's text names its own control, code and written questions and its answer file;
  written-answer lines appear only for a bank with written answers, and a bank of code questions
  and one control (the warm-up's shape) renders with no line about kinds it lacks.
- The summative text promises no verdict and follows the hint setting; the formative one does.
- ``cbec build`` writes the rendered text into the solution's cell tagged how-to (and so into the
  exercise), changing no other byte; ``--check`` names a hand-edited cell and a changed template;
  a solution without the tag, or without a bank, is left as it is; banks load only when needed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cbec import how_to_answer
from cbec.build import build
from cbec.cell_edit import replace_source
from cbec.cli import main
from cbec.exercises import banks
from cbec.how_to_answer import TemplateError, numbers_text, render
from cbec.questions import Exercise, MultipleChoice, Numeric, ValueAnswer
from cbec.release_summative import with_mode_cell

ROOT = Path(__file__).resolve().parents[1]
BANKS = {stem: module.exercise for stem, module in banks().items()}
COMMON = {"hints": ["第一条提示"], "solution": "参考答案"}
REAL_STEM = "01_people_goods_place"


def _numbers(question_kind) -> callable:
    return lambda exercise: {
        int(q.qid.split(".Q")[1]) for q in exercise.questions.values() if question_kind(q.widget_kind)
    }


WIDGETS = _numbers(lambda kind: kind not in (None, "written"))
CODE = _numbers(lambda kind: kind is None)
WRITTEN = _numbers(lambda kind: kind == "written")


def _listed(text: str, label: str) -> set[int]:
    """The question numbers in the bullet ``**label**（第 … 题）``, ranges expanded."""
    match = re.search(rf"\*\*{label}\*\*（第 ([\d、—]+) 题）", text)
    if match is None:
        return set()
    found = set()
    for part in match.group(1).split("、"):
        low, _, high = part.partition("—")
        found |= set(range(int(low), int(high or low) + 1))
    return found


def _warmup_like() -> Exercise:
    """Code questions and one control, no written answer: the warm-up's shape."""
    exercise = Exercise("L98", "00_shape")
    exercise.add(ValueAnswer("L98.Q1", expected=3, **COMMON))
    exercise.add(Numeric("L98.Q2", answer=2.5, tolerance=0.1, **COMMON))
    exercise.add(ValueAnswer("L98.Q3", expected=4, **COMMON))
    return exercise


# -- the text --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("numbers", "text"),
    [
        ([9], "第 9 题"),
        ([2, 1, 8], "第 1、2、8 题"),
        ([11, 12, 13, 14], "第 11—14 题"),
        ([1, 2], "第 1、2 题"),
    ],
)
def test_question_numbers_read_as_a_list_or_one_run(numbers, text):
    assert numbers_text(numbers) == text


@pytest.mark.parametrize("stem", sorted(BANKS))
def test_every_bank_names_its_own_questions_and_answer_file(stem):
    exercise = BANKS[stem]
    text = render(exercise)
    assert text.startswith("## 怎样作答\n") and f"`{stem}.answers.json`" in text
    assert _listed(text, "控件题") == WIDGETS(exercise)
    assert _listed(text, "代码题") == CODE(exercise)
    assert _listed(text, "书面题") == WRITTEN(exercise)
    assert not re.search(r"^\s*\[", text, re.M)  # no condition left
    assert "{" not in re.sub(r"\{项目: 类别, \.\.\.\}", "", text)  # no placeholder left


def test_written_lines_appear_only_with_written_answers():
    with_written = [s for s, e in BANKS.items() if WRITTEN(e)]
    without = [s for s, e in BANKS.items() if not WRITTEN(e)]
    assert with_written and without
    for stem in with_written:
        text = render(BANKS[stem])
        assert "**书面题**" in text and "建议字数只是参考" in text and "评分标准" in text
        cite = {
            int(q.qid.split(".Q")[1]) for q in BANKS[stem].questions.values() if getattr(q, "cite_numbers", 0)
        }
        assert (f"{numbers_text(sorted(cite))}要引用前面算出的数字" in text) == bool(cite)
    for stem in without:
        text = render(BANKS[stem])
        assert "书面题" not in text and "建议字数" not in text and "引用前面算出的数字" not in text


def test_a_bank_of_code_and_one_control_renders_without_the_kinds_it_lacks():
    text = render(_warmup_like())
    assert _listed(text, "控件题") == {2} and _listed(text, "代码题") == {1, 3}
    assert "`00_shape.answers.json`" in text and "滑块或填数字的题（第 2 题）" in text
    for absent in ("书面题", "分类题", "多选题", "单选题", "部分分"):
        assert absent not in text, absent


def test_partial_credit_is_described_only_where_it_is_given():
    exercise = _warmup_like()
    options = {"options": ["甲", "乙", "丙"], "answer": ["甲"], **COMMON}
    exercise.add(MultipleChoice("L98.Q4", **options))
    assert "部分分" not in render(exercise)
    exercise.add(MultipleChoice("L98.Q5", partial_credit=True, **options))
    assert "第 5 题是多选题，可以得部分分" in render(exercise)


def test_the_summative_text_promises_no_verdict_and_follows_the_hint_setting():
    exercise = BANKS["05_b2b2c_design"]
    formative = render(exercise)
    assert "正确" in formative and "不显示对错" not in formative
    said = {hints: render(exercise, "summative", hints) for hints in ("all", "first", "none")}
    for text in said.values():
        assert "正确" not in text and "不显示对错" in text and "`qN.solution()` 在考核期间不可用" in text
        assert "修改建议，不给分数" not in text  # a summative written check gives no notes
    assert "本练习不提供提示" in said["none"] and "qN.hint()" not in said["none"]
    assert "只提供第一条提示" in said["first"] and "照常可以看" in said["all"]


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("[nonsense] 文字", "unknown condition"),
        ("{nonsense}", "unknown placeholder"),
        ("{written}", "is empty"),
    ],
)
def test_a_template_mistake_is_named(line, complaint):
    with pytest.raises(TemplateError, match=complaint):
        render(_warmup_like(), template=f"## 怎样作答\n{line}\n")


def test_the_summative_release_renders_the_tagged_cell(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# 练习"),
        nbformat.v4.new_markdown_cell("旧的说明：反馈里的“正确”", metadata={"tags": ["how-to"]}),
    ]
    nbformat.write(notebook, tmp_path / "00_shape.ipynb")
    exercise = _warmup_like()
    exercise.summative_hints = "none"
    cells = nbformat.reads(with_mode_cell(tmp_path / "00_shape.ipynb", exercise), as_version=4).cells
    assert cells[2].source == render(exercise, "summative", "none")


# -- the build -------------------------------------------------------------------------------------
def _course(tmp_path: Path, stem: str = REAL_STEM) -> Path:
    (tmp_path / "solutions").mkdir()
    shutil.copyfile(ROOT / "solutions" / f"{REAL_STEM}.ipynb", tmp_path / "solutions" / f"{stem}.ipynb")
    return tmp_path


def _how_to(path: Path) -> str:
    cells = nbformat.read(path, as_version=4).cells
    return next(c.source for c in cells if "how-to" in c.metadata.get("tags", []))


def _set_how_to(path: Path, source: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    next(c for c in notebook.cells if "how-to" in c.metadata.get("tags", [])).source = source
    nbformat.write(notebook, path)


def test_the_committed_solutions_carry_the_rendered_text():
    for stem, exercise in BANKS.items():
        assert _how_to(ROOT / "solutions" / f"{stem}.ipynb") == render(exercise), stem
        assert _how_to(ROOT / "exercises" / f"{stem}.ipynb") == render(exercise), stem


def test_check_names_a_hand_edited_how_to_cell_and_build_restores_it(tmp_path, capsys):
    course = _course(tmp_path)
    solution = course / "solutions" / f"{REAL_STEM}.ipynb"
    assert main(["build", "--root", str(course)]) == 0
    assert main(["build", "--root", str(course), "--check"]) == 0
    _set_how_to(solution, _how_to(solution).replace("自动保存", "保存"))
    capsys.readouterr()
    assert main(["build", "--root", str(course), "--check"]) == 1
    err = capsys.readouterr().err
    assert f"solutions/{REAL_STEM}.ipynb is stale: its how-to cell" in err and "Run `cbec build`" in err
    assert "exercises/" not in err  # the exercise already holds the rendered text
    assert main(["build", "--root", str(course)]) == 0
    assert solution.read_bytes() == (ROOT / "solutions" / f"{REAL_STEM}.ipynb").read_bytes()


def test_a_changed_template_reaches_the_solution_and_the_exercise(tmp_path, capsys):
    course = _course(tmp_path)
    build(course)
    template = course / "src" / "cbec" / how_to_answer.TEMPLATE.name
    template.parent.mkdir(parents=True)
    text = how_to_answer.TEMPLATE.read_text(encoding="utf-8")
    template.write_text(text.replace("先运行下面的单元格", "请先运行下面的单元格"), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--root", str(course), "--check"]) == 1
    err = capsys.readouterr().err
    assert (
        f"solutions/{REAL_STEM}.ipynb is stale: its how-to cell differs from what src/cbec/how_to_answer.md"
        in err
    )
    assert f"exercises/{REAL_STEM}.ipynb is stale" in err
    assert main(["build", "--root", str(course)]) == 0
    for folder in ("solutions", "exercises"):
        assert "请先运行下面的单元格" in _how_to(course / folder / f"{REAL_STEM}.ipynb"), folder


def test_only_the_how_to_source_changes_in_the_solution(tmp_path):
    course = _course(tmp_path)
    solution = course / "solutions" / f"{REAL_STEM}.ipynb"
    _set_how_to(solution, "## 怎样作答\n\n旧的文字")
    before = json.loads(solution.read_text(encoding="utf-8"))
    build(course)
    after = json.loads(solution.read_text(encoding="utf-8"))
    changed = [i for i, (a, b) in enumerate(zip(before["cells"], after["cells"], strict=True)) if a != b]
    assert len(changed) == 1 and {**after["cells"][changed[0]], "source": None} == {
        **before["cells"][changed[0]],
        "source": None,
    }
    assert {k: v for k, v in after.items() if k != "cells"} == {
        k: v for k, v in before.items() if k != "cells"
    }


def test_a_solution_without_the_tag_or_without_a_bank_is_left_as_it_is(tmp_path):
    course = _course(tmp_path)
    untagged = course / "solutions" / f"{REAL_STEM}.ipynb"
    notebook = nbformat.read(untagged, as_version=4)
    for cell in notebook.cells:
        if "how-to" in cell.metadata.get("tags", []):
            cell.metadata = {}
            cell.source = "## 怎样作答\n\n手写的旧文字"
    nbformat.write(notebook, untagged)
    shutil.copyfile(ROOT / "solutions" / f"{REAL_STEM}.ipynb", course / "solutions" / "99_no_bank.ipynb")
    _set_how_to(course / "solutions" / "99_no_bank.ipynb", "## 怎样作答\n\n没有题库")
    before = {p.name: p.read_bytes() for p in (course / "solutions").iterdir()}
    assert build(course) == [] and build(course, check=True) == []
    assert {p.name: p.read_bytes() for p in (course / "solutions").iterdir()} == before
    assert "手写的旧文字" in (course / "exercises" / f"{REAL_STEM}.ipynb").read_text(encoding="utf-8")


def test_a_bank_given_to_the_build_is_rendered(tmp_path):
    course = _course(tmp_path, "00_shape")
    assert build(course, check=True, banks={"00_shape": _warmup_like()})[0].startswith(
        "solutions/00_shape.ipynb is stale"
    )
    build(course, banks={"00_shape": _warmup_like()})
    assert _how_to(course / "exercises" / "00_shape.ipynb") == render(_warmup_like())


def test_the_banks_load_only_for_a_solution_with_a_how_to_cell(tmp_path):
    (tmp_path / "solutions").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "solutions" / "01_x.ipynb")
    script = (
        "import sys; from pathlib import Path; from cbec.build import build\n"
        f"build(Path({str(tmp_path)!r})); print({{'cbec.exercises', 'cbec.questions'}} & set(sys.modules) != set())\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.strip() == "False"
    shutil.copyfile(ROOT / "solutions" / f"{REAL_STEM}.ipynb", tmp_path / "solutions" / f"{REAL_STEM}.ipynb")
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.strip() == "True"


# -- the edit itself -------------------------------------------------------------------------------
def test_a_cell_edit_keeps_an_unusual_layout_byte_for_byte():
    cells = [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": ["# 标题\n", "正文"]},
        {"cell_type": "markdown", "id": "b", "metadata": {}, "source": ["旧\n", "文字"]},
    ]
    raw = json.dumps(
        {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=3, ensure_ascii=False
    )
    edited = replace_source(raw, "b", "新的\n两行")
    assert json.loads(edited)["cells"][1]["source"] == ["新的\n", "两行"]
    head, tail = raw.split('"旧\\n"')[0], raw.split('"文字"')[1]
    assert edited.startswith(head) and edited.endswith(tail)
    assert json.loads(edited)["cells"][0] == cells[0]


def test_a_link_at_the_start_of_a_line_is_text_and_a_negated_condition_works():
    template = (
        "## 怎样作答\n[术语表](../lessons/glossary.md)\n[!written] 没有书面题。\n[written] 有书面题。\n"
    )
    assert (
        render(_warmup_like(), template=template)
        == "## 怎样作答\n[术语表](../lessons/glossary.md)\n没有书面题。"
    )
