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
- The three errors the warm-up's reading and filtering provoke most: ``FileNotFoundError`` for a
  course data file (the path counts from the notebook's folder), "The truth value of a Series
  is ambiguous" (``and`` / ``or`` between conditions) and "Cannot perform 'rand_'" (conditions
  without parentheses around ``&`` / ``|``): a note names the fix and the section of
  ``lessons/pandas_basics.md``, above the usual traceback. Other errors of these types are
  shown as usual.

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


GUIDE = "《pandas 基础速查》（lessons/pandas_basics.md）"
MISSING_FILE_ADVICE = (
    "路径从笔记本所在的文件夹算起：笔记本在 exercises/ 或 lessons/ 里时，数据在旁边的 datasets/ 里，"
    "要写 ../datasets/{name}（先用 .. 回到上一层），文件名连 .csv 一起写对；"
    '也可以用课程的读法 data.load("{stem}")（先 from cbec import data），它不用写路径。'
    f"见{GUIDE}第 1 节。"
)
AMBIGUOUS_ADVICE = (
    "两个条件之间用了 and 或 or：对一整列 True/False，Python 说不清它算真还是假。"
    "pandas 里“并且”写 &，“或者”写 |，每个条件各加一对圆括号，例如 "
    '(df["a"] == "x") & (df["b"] > 20)。'
    f"见{GUIDE}第 3 节。"
)
PARENTHESES_ADVICE = (
    "条件没有加圆括号：& 和 | 比 ==、> 先算，于是 pandas 先拿 & 两边紧挨着的那个值和那一列去算，就出错了。"
    '每个条件各加一对圆括号，例如 (df["a"] == "x") & (df["b"] > 20)。'
    f"见{GUIDE}第 3 节。"
)


def _data_file(error: FileNotFoundError) -> str | None:
    """The file name when a course data file was not found (a .csv, or under datasets/)."""
    path = str(error.filename or "").replace("\\", "/")
    if path.endswith(".csv") or "datasets/" in path:
        return path.rsplit("/", 1)[-1]
    return None


def pandas_note(error: BaseException) -> Note | None:
    """A note for a wrong data path or a badly joined condition; None for every other error."""
    if isinstance(error, FileNotFoundError) and not isinstance(error, CourseNotFoundError):
        name = _data_file(error)
        if name is None:
            return None
        stem = name.removesuffix(".csv") or "数据集名"
        return Note("FileNotFoundError", "找不到数据文件", MISSING_FILE_ADVICE.format(name=name, stem=stem))
    text = str(error)
    if isinstance(error, ValueError) and "truth value of a Series is ambiguous" in text:
        return Note("ValueError", "条件要用 & 或 | 连接", AMBIGUOUS_ADVICE)
    if isinstance(error, TypeError) and re.search(r"Cannot perform '(rand_|ror_)'", text):
        return Note("TypeError", "条件要加圆括号", PARENTHESES_ADVICE)
    return None


def _is_course_error(etype) -> bool:
    # Without importing cbec.data (and pandas) at error time: a DatasetError means it is loaded.
    errors = sys.modules.get("cbec.data.errors")
    known = (CourseNotFoundError, *((errors.DatasetError,) if errors is not None else ()))
    return issubclass(etype, known)


def _show_with_note(shell, etype, value, tb, tb_offset=None):
    _show_traceback(shell, etype, value, tb, tb_offset, pandas_note(value))


def _show_traceback(shell, etype, value, tb, tb_offset, note) -> None:
    """``note`` (if any) above the usual traceback, which IPython shows as it would anyway."""
    if note is not None:
        from IPython.display import display

        display(note)
    stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    report = getattr(shell, "_showtraceback", None)
    if report is not None:
        report(etype, value, stb)


def _show_attribute_error(shell, etype, value, tb, tb_offset=None):
    _show_traceback(shell, etype, value, tb, tb_offset, renamed_note(value))


def _show_key_error(shell, etype, value, tb, tb_offset=None):
    frame = _frame_of(tb)
    note = column_note(value, list(frame.columns)) if frame is not None else None
    # The usual traceback as well, as IPython shows it without this handler (run_code ignores
    # what a handler returns: the handler reports the error itself).
    _show_traceback(shell, etype, value, tb, tb_offset, note)


def _show(shell, etype, value, tb, tb_offset=None):
    if issubclass(etype, KeyError):
        return _show_key_error(shell, etype, value, tb, tb_offset)
    if issubclass(etype, AttributeError):
        return _show_attribute_error(shell, etype, value, tb, tb_offset)
    if issubclass(etype, NameError) or _is_course_error(etype):
        return _show_explanation(shell, etype, value, tb, tb_offset)
    return _show_with_note(shell, etype, value, tb, tb_offset)


# Handled for their notes above; every other error of these types keeps its usual traceback.
NOTED = (FileNotFoundError, ValueError, TypeError)


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
        shell.set_custom_exc((NameError, KeyError, AttributeError, *_course_errors(), *NOTED), _show)


def install_name_errors(shell) -> None:
    """Explain NameErrors, KeyErrors of a DataFrame and renamed NumPy or pandas names only: light enough
    for every kernel start (no pandas, no data).

    Importing ``cbec.data`` or ``cbec.exercises`` later widens this to the course's errors.
    """
    shell.set_custom_exc((NameError, KeyError, AttributeError, *NOTED), _show)
