"""Explain common learner errors in Chinese instead of showing a traceback.

- ``NameError``: running cells out of order (or after a kernel restart) leaves names undefined.
- The course's own errors (an unknown dataset name, a notebook opened outside the course
  folder): their message already says what to do, so only the message is shown.

The cell still fails, and the kernel still reports the error, as one line instead of a
traceback: graders such as nbval look for that report, and without it a check cell that hit
an undefined answer would count as passed.
"""

from __future__ import annotations

from cbec.feedback import Note
from cbec.paths import CourseNotFoundError

NAME_ERROR_ADVICE = (
    "通常是因为给它赋值的单元格还没有运行，或者内核重启后变量都清空了。"
    "请从上往下重新运行前面的单元格（菜单 Run → Run All Above Selected Cell），再运行本单元；"
    "也请检查拼写和大小写。"
)


def _course_errors() -> tuple[type[BaseException], ...]:
    # Imported here: cbec.data installs these explanations while it is being imported.
    from cbec.data.errors import DatasetError

    return (DatasetError, CourseNotFoundError)


def explain(error: BaseException) -> Note:
    from cbec.data.errors import DatasetError

    if isinstance(error, NameError):
        name = getattr(error, "name", None) or str(error)
        return Note("NameError", f"名字 {name!r} 还没有定义", NAME_ERROR_ADVICE)
    if isinstance(error, DatasetError):
        return Note("数据", "读取数据时出错", error.chinese)
    return Note("课程", "找不到课程文件", str(error))


def _show_explanation(shell, etype, value, tb, tb_offset=None):
    from IPython.display import display

    display(explain(value))
    report = getattr(shell, "_showtraceback", None)  # the kernel's error message, minus the traceback
    if report is not None:
        report(etype, value, [f"{etype.__name__}: {value}"])


def install() -> None:
    """Register the explanations in the running IPython kernel; do nothing elsewhere."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((NameError, *_course_errors()), _show_explanation)
