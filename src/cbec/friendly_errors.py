"""Explain the most common notebook mistake in Chinese: using a name before defining it.

Running cells out of order (or after a kernel restart) leaves names undefined. Instead of a
traceback, the learner reads what happened and what to do. The cell still fails, so a grader
still sees the error.
"""

from __future__ import annotations

from cbec.feedback import Note


def _explain_name_error(shell, etype, value, tb, tb_offset=None):
    name = getattr(value, "name", None) or str(value)
    note = Note(
        "NameError",
        f"名字 {name!r} 还没有定义",
        "通常是因为给它赋值的单元格还没有运行，或者内核重启后变量都清空了。"
        "请从上往下重新运行前面的单元格（菜单 Run → Run All Above Selected Cell），再运行本单元；"
        "也请检查拼写和大小写。",
    )
    from IPython.display import display

    display(note)
    return None


def install() -> None:
    """Register the explanation in the running IPython kernel; do nothing elsewhere."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((NameError,), _explain_name_error)
