"""Explain common learner errors in Chinese instead of showing a traceback.

- ``NameError``: running cells out of order (or after a kernel restart) leaves names undefined.
  The names a notebook's first cell defines (``q1``, ``data``, ``buyers`` …) get their own
  advice: run that cell first.
- The course's own errors (an unknown dataset name, a notebook opened outside the course
  folder): their message already says what to do, so only the message is shown.

The cell still fails, and the kernel still reports the error, as one line instead of a
traceback: graders such as nbval look for that report, and without it a check cell that hit
an undefined answer would count as passed.
"""

from __future__ import annotations

import re

from cbec.feedback import Note
from cbec.paths import CourseNotFoundError

NAME_ERROR_ADVICE = (
    "通常是因为给它赋值的单元格还没有运行，或者内核重启后变量都清空了。"
    "请从上往下重新运行前面的单元格（菜单 Run → Run All Above Selected Cell），再运行本单元；"
    "也请检查拼写和大小写。"
)
SETUP_ADVICE = (
    "它由笔记本最上面载入题目和数据的单元格定义。请先运行最上面载入题目和数据的单元格"
    "（或者菜单 Run → Run All Above Selected Cell），再运行本单元。"
)
# What the setup cells of lessons and exercises define: modules, the questions, the datasets.
SETUP_NAMES = re.compile(
    r"^(q\d+|data|style|pd|np|plt|sns|buyers|macro|macro_cbec|orders|customers|suppliers|campaigns"
    r"|(alibaba|aliexpress)_\w+)$"
)


def _course_errors() -> tuple[type[BaseException], ...]:
    # Imported here: cbec.data installs these explanations while it is being imported.
    from cbec.data.errors import DatasetError

    return (DatasetError, CourseNotFoundError)


def explain(error: BaseException) -> Note:
    if isinstance(error, NameError):
        name = getattr(error, "name", None) or str(error)
        advice = SETUP_ADVICE if SETUP_NAMES.match(str(name)) else NAME_ERROR_ADVICE
        return Note("NameError", f"名字 {name!r} 还没有定义", advice)
    from cbec.data.errors import DatasetError

    if isinstance(error, DatasetError):
        return Note("数据", "读取数据时出错", error.chinese)
    return Note("课程", "找不到课程文件", str(error))


def _show_explanation(shell, etype, value, tb, tb_offset=None):
    from IPython.display import display

    display(explain(value))
    report = getattr(shell, "_showtraceback", None)  # the kernel's error message, minus the traceback
    if report is not None:
        report(etype, value, [f"{etype.__name__}: {value}"])


def _shell(shell=None):
    if shell is not None:
        return shell
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def install(shell=None) -> None:
    """Register the explanations in the running IPython kernel; do nothing elsewhere."""
    shell = _shell(shell)
    if shell is not None:
        shell.set_custom_exc((NameError, *_course_errors()), _show_explanation)


def install_name_errors(shell) -> None:
    """Explain NameErrors only: light enough for every kernel start (no pandas, no data).

    Importing ``cbec.data`` or ``cbec.exercises`` later widens this to the course's errors.
    """
    shell.set_custom_exc((NameError,), _show_explanation)
