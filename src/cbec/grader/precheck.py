"""Refuse a broken file with a reason, before any kernel starts.

Every reason comes twice: in plain English for the instructor's gradebook, and in Chinese for
the student's feedback page. The file itself is only read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from cbec.answer_store import FORMAT as STORE_FORMAT

MAX_NOTEBOOK_BYTES = 20_000_000
MAX_STORE_BYTES = 2_000_000
CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(\s|$)", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    reason: str  # English, for the instructor
    reason_zh: str  # Chinese, for the student


class Rejected(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.reason)
        self.problem = problem


def _text(path: Path, limit: int, what_en: str, what_zh: str) -> str:
    size = path.stat().st_size
    if size > limit:
        raise Rejected(
            Problem(
                f"{what_en} is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit",
                f"{what_zh}有 {size / 1e6:.1f} MB，超过了 {limit / 1e6:.0f} MB 的上限（是不是输出了太多内容？清除输出后再提交）。",
            )
        )
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise Rejected(
            Problem(
                f"{what_en} is not UTF-8 text (byte {err.start})",
                f"{what_zh}不是 UTF-8 文本，可能已经损坏。请从 JupyterLab 重新保存后提交。",
            )
        ) from err


def _json(text: str, what_en: str, what_zh: str) -> object:
    conflict = CONFLICT.search(text)
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        raise Rejected(
            Problem(
                f"{what_en} contains a git merge conflict marker at line {line}",
                f"{what_zh}第 {line} 行有 git 合并冲突标记（<<<<<<< 或 >>>>>>>），文件不完整。请解决冲突后重新提交。",
            )
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise Rejected(
            Problem(
                f"{what_en} is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}",
                f"{what_zh}不是有效的 JSON：第 {err.lineno} 行第 {err.colno} 列出错。"
                "文件可能被文本编辑器改坏了，请从 JupyterLab 重新保存后提交。",
            )
        ) from err


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path``, or ``Rejected`` with the reason it cannot be graded."""
    text = _text(path, MAX_NOTEBOOK_BYTES, "the notebook", "笔记本文件")
    content = _json(text, "the notebook", "笔记本文件")
    # Notebooks before format 4 keep their cells in "worksheets": refused below, by version.
    if not isinstance(content, dict) or not ("cells" in content or "worksheets" in content):
        raise Rejected(
            Problem("the file is JSON but not a notebook", "这个文件是 JSON，但不是 Jupyter 笔记本。")
        )
    major = content.get("nbformat")
    if major != 4:
        raise Rejected(
            Problem(
                f"notebook format {major} is not supported (nbformat 4 expected)",
                f"笔记本格式版本是 {major}，评分需要第 4 版。请用 JupyterLab 打开并另存后提交。",
            )
        )
    try:
        notebook = nbformat.reads(text, as_version=4)  # joins multi-line sources
        nbformat.validate(notebook)
    except nbformat.ValidationError as err:
        where = "/".join(str(p) for p in getattr(err, "absolute_path", [])) or "top level"
        raise Rejected(
            Problem(
                f"the notebook does not follow nbformat 4 ({where}: {err.message[:120]})",
                "笔记本的结构不符合 Jupyter 格式，可能被手工改过。请用 JupyterLab 重新保存后提交。",
            )
        ) from err
    return notebook


def check_store(path: Path, lesson: str) -> Problem | None:
    """None when the answer store at ``path`` is usable; otherwise why its answers are ignored."""
    what_en, what_zh = f"the answers file {path.name}", f"答案文件 {path.name} "
    try:
        content = _json(_text(path, MAX_STORE_BYTES, what_en, what_zh), what_en, what_zh)
    except Rejected as rejected:
        return rejected.problem
    if not isinstance(content, dict) or content.get("format") != STORE_FORMAT:
        return Problem(f"{what_en} is not a course answers file", f"{what_zh}不是本课程的答案文件。")
    if content.get("exercise") != lesson:
        return Problem(
            f"{what_en} belongs to exercise {content.get('exercise')!r}, not {lesson}",
            f"{what_zh}属于练习 {content.get('exercise')!r}，不是 {lesson}。",
        )
    answers = content.get("answers")
    if not isinstance(answers, dict) or not all(
        isinstance(e, dict) and "value" in e for e in answers.values()
    ):
        return Problem(f"{what_en} has a malformed answers section", f"{what_zh}的 answers 部分结构不对。")
    return None


@dataclass(frozen=True)
class NoAnswers(Problem):
    """A submission whose answers file is missing or holds no answer, while its notebook has
    widget or written questions: their answers live only in that file, so the learner is told
    once to hand it in, and each such question points to that note instead of advising to answer
    in the widget (the learner may well have)."""

    pointer_zh: str = ""  # what each of those questions says instead

    @classmethod
    def of(cls, store: str, questions: int, empty: bool, note: str = "") -> NoAnswers:
        what = "an empty answers file" if empty else "no answers file"
        got = f"答案文件 {store} 是空的" if empty else f"没有收到答案文件 {store}"
        return cls(
            f"{what} {store}"
            + (f" ({note})" if note else "")
            + f": its {questions} widget/written questions count as not attempted",
            f"{got}：控件题和书面题的答案只保存在这个文件里，请把{'作答后保存的' if empty else ''}它和笔记本一起提交。"
            f"这次这 {questions} 道题按未作答计。",
            f"{got}，所以这里没有你的答案（见上方关于答案文件的说明）。",
        )
