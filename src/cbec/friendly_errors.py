"""Explain common learner errors in Chinese instead of showing a traceback.

- ``NameError``: running cells out of order (or after a kernel restart) leaves names undefined.
  The names a notebook's first cell defines (``q1``, ``data``, ``buyers`` …) get their own
  advice: run that cell first.
- The course's own errors (an unknown dataset name, a notebook opened outside the course
  folder): their message already says what to do, so only the message is shown.
- ``KeyError`` from a DataFrame column that does not exist (``df['listing_typ']``): a note
  names the columns there are, the closest first, above the usual traceback (a KeyError has
  many other causes, and the traceback shows where it came from).
- ``AttributeError`` for a NumPy or pandas name that newer releases renamed or removed
  (``np.trapz``, ``df.append``), which older tutorials still use: a note gives today's name,
  above the usual traceback.

The cell still fails, and the kernel still reports the error, as one line instead of a
traceback: graders such as nbval look for that report, and without it a check cell that hit
an undefined answer would count as passed.
"""

from __future__ import annotations

import difflib
import re
import sys

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


def _frame_of(tb) -> object | None:
    """The DataFrame whose ``[...]`` raised, found in the traceback; None for other KeyErrors."""
    pandas = sys.modules.get("pandas")
    frame_type = getattr(pandas, "DataFrame", None)
    while frame_type is not None and tb is not None:
        local = tb.tb_frame.f_locals.get("self")
        if tb.tb_frame.f_code.co_name == "__getitem__" and isinstance(local, frame_type):
            return local
        tb = tb.tb_next
    return None


def column_note(error: KeyError, columns: list) -> Note:
    """A wrong column name explained, with the columns there are, the closest first."""
    key = error.args[0] if error.args else ""
    names = [str(c) for c in columns]
    close = difflib.get_close_matches(str(key), names, n=3, cutoff=0.6)
    listed = "、".join(f"'{c}'" for c in names[:20]) + ("……" if len(names) > 20 else "")
    body = f"没有名为 {key!r} 的列；现有的列是 {listed}。"
    if close:
        body += f"是不是想写 {'、'.join(repr(c) for c in close)}？"
    return Note("KeyError", "列名不对", body + "列名要逐字一致（包括大小写、下划线和空格）。")


# Names that tutorials written for NumPy 1 / pandas 1 still use, and what replaced them.
RENAMED = {
    "numpy": {
        "trapz": "np.trapezoid",
        "product": "np.prod",
        "cumproduct": "np.cumprod",
        "alltrue": "np.all",
        "sometrue": "np.any",
        "in1d": "np.isin",
        "row_stack": "np.vstack",
        "NaN": "np.nan",
        "Inf": "np.inf",
        "float_": "np.float64",
    },
    "DataFrame": {"append": "pd.concat([df, other])", "iteritems": "df.items()"},
    "Series": {"append": "pd.concat([s, other])", "iteritems": "s.items()"},
}
NO_ATTRIBUTE = re.compile(r"^(?:module '(\w+)'|'(\w+)' object) has no attribute '(\w+)'")


def renamed_note(error: AttributeError) -> Note | None:
    """A note for a renamed NumPy or pandas name; None for every other AttributeError."""
    found = NO_ATTRIBUTE.match(str(error))
    if not found:
        return None
    owner, name = found.group(1) or found.group(2), found.group(3)
    new = RENAMED.get(owner, {}).get(name)
    if new is None:
        return None
    return Note("AttributeError", f"{name} 在新版本里改名或删除了", f"课程用的版本里请改用 {new}。")


def _show_attribute_error(shell, etype, value, tb, tb_offset=None):
    note = renamed_note(value)
    if note is not None:
        from IPython.display import display

        display(note)
    stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    report = getattr(shell, "_showtraceback", None)
    if report is not None:
        report(etype, value, stb)


def _show_key_error(shell, etype, value, tb, tb_offset=None):
    frame = _frame_of(tb)
    if frame is not None:
        from IPython.display import display

        display(column_note(value, list(frame.columns)))
    # The usual traceback as well, as IPython shows it without this handler (run_code ignores
    # what a handler returns: the handler reports the error itself).
    stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    report = getattr(shell, "_showtraceback", None)
    if report is not None:
        report(etype, value, stb)


def _show(shell, etype, value, tb, tb_offset=None):
    if issubclass(etype, KeyError):
        return _show_key_error(shell, etype, value, tb, tb_offset)
    if issubclass(etype, AttributeError):
        return _show_attribute_error(shell, etype, value, tb, tb_offset)
    return _show_explanation(shell, etype, value, tb, tb_offset)


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
        shell.set_custom_exc((NameError, KeyError, AttributeError, *_course_errors()), _show)


def install_name_errors(shell) -> None:
    """Explain NameErrors, KeyErrors of a DataFrame and renamed NumPy or pandas names only: light enough
    for every kernel start (no pandas, no data).

    Importing ``cbec.data`` or ``cbec.exercises`` later widens this to the course's errors.
    """
    shell.set_custom_exc((NameError, KeyError, AttributeError), _show)
