"""The summative release: ``cbec release OUT --summative``, for an exam or a graded assignment.

Each question bank becomes a module that loads ``lNN.summative.json`` (see
``cbec.questions.summative``): the task without its key, so its checks confirm that an answer
is saved and well-formed and never say whether it is right. The bundle holds no sealed spec,
no digest and no encrypted note. Each exercise notebook opens with a cell that says so, and
the student README describes this mode instead of the formative one, and its "怎样作答" cell is
rendered in summative words (``cbec.how_to_answer``). In a mixed release (``--summative 05,06``)
only those exercises are summative, and their mode cells name them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import nbformat

from cbec import how_to_answer
from cbec.build import HOW_TO_TAG
from cbec.questions.exercise import Exercise
from cbec.questions.summative import summative_exercise
from cbec.release import TEMPLATES, Plan, question_banks, sealed_module_source
from cbec.release_modes import label

LOADER = ("cbec.questions.summative", "load_summative", "summative.json")
MODE_CELL_ID = "cbec-release-mode"
SECTION = re.compile(r"^## 作答与检查\n.*?(?=^## )", re.M | re.S)
HINT_LINES = {
    "all": "提示照常可以看（点“提示”或运行 `qN.hint()`）。",
    "first": "每道题只提供第一条提示。",
    "none": "本练习不提供提示。",
}


def summative_bank(bank: ModuleType) -> Plan:
    name = bank.__name__.rsplit(".", 1)[1]
    spec = summative_exercise(bank.exercise)
    return {
        Path("exercises", f"{name}.summative.json"): json.dumps(spec, ensure_ascii=False, indent=1) + "\n",
        Path("exercises", f"{name}.py"): sealed_module_source(bank, LOADER),
    }


def readme_with(section_file: str) -> str:
    """The student README with its section on checks replaced by the one of another mode."""
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    section = (TEMPLATES / section_file).read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    replaced, count = SECTION.subn(lambda _: section, readme)
    if count != 1:
        raise ValueError(f"{TEMPLATES / 'README.md'} has no section '## 作答与检查' to replace")
    return replaced


def mode_cell(hints: str, mixed: Sequence[str] = ()) -> nbformat.NotebookNode:
    """The cell that opens a summative notebook; ``mixed``: the summative exercises of a release
    that also has others, which it names."""
    text = (
        "> **考核模式**：本练习计分。**检查** 按钮和 `qN.check()` 只确认答案已经保存、格式符合要求，"
        f"不显示对错；老师在评分时用自己的题库判断每道题。{HINT_LINES[hints]}"
    )
    if mixed:
        text += f"\n>\n> 本学生版中，练习 {label(mixed)} 是考核模式；其他练习的检查照常显示对错。"
    cell = nbformat.v4.new_markdown_cell(text)
    cell["id"] = MODE_CELL_ID
    return cell


HOW_TO = "## 怎样作答"


def _is_how_to(cell: nbformat.NotebookNode) -> bool:
    tagged = HOW_TO_TAG in cell.get("metadata", {}).get("tags", [])
    return cell.cell_type == "markdown" and (tagged or cell.source.startswith(HOW_TO))


def with_mode_cell(
    path: Path, exercise: Exercise, template: Path = how_to_answer.TEMPLATE, mixed: Sequence[str] = ()
) -> str:
    """The notebook at ``path`` with the mode cell after its title cell, and its "怎样作答" cell
    rendered in summative words from ``template``."""
    notebook = nbformat.read(path, as_version=4)
    text = template.read_text(encoding="utf-8")
    for cell in notebook.cells:
        if _is_how_to(cell):
            cell.source = how_to_answer.render(exercise, "summative", exercise.summative_hints, text)
    notebook.cells.insert(1, mode_cell(exercise.summative_hints, mixed))
    return nbformat.writes(notebook) + "\n"


def summative_course(root: Path, plan: Plan, stems: Sequence[str] | None = None) -> Plan:
    """The notebooks of the summative exercises ``stems`` (None: all), instead of the formative
    ones in ``plan``."""
    exercises = [bank.exercise for bank in question_banks()]
    chosen = [e for e in exercises if stems is None or e.stem in stems]
    mixed = [e.stem for e in chosen] if len(chosen) < len(exercises) else []
    changed: Plan = {}
    for exercise in chosen:
        rel = Path("exercises", f"{exercise.stem}.ipynb")
        if rel in plan:
            changed[rel] = with_mode_cell(root / rel, exercise, how_to_answer.template_path(root), mixed)
    return changed
