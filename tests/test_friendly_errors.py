import re
import sys
from pathlib import Path

import pytest

from cbec.data import DatasetError
from cbec.friendly_errors import explain, pandas_note
from cbec.paths import CourseNotFoundError
from tests.kernels import kernel

ROOT = Path(__file__).resolve().parents[1]


def test_each_learner_error_gets_a_chinese_explanation():
    name_error = NameError("name 'median_value' is not defined", name="median_value")
    assert "'median_value' 还没有定义" in str(explain(name_error))
    data_error = DatasetError("没有名为 'x' 的数据集。", "No dataset named 'x'.")
    assert str(explain(data_error)).endswith("没有名为 'x' 的数据集。")
    assert "No dataset" not in str(explain(data_error))
    assert "找不到课程文件" in str(explain(CourseNotFoundError("找不到课程文件夹")))


def test_an_explained_error_is_still_reported_as_an_error_so_nbval_fails_the_cell(tmp_path):
    """A check cell whose answer was never defined must fail under plain nbval, too."""
    import subprocess
    import sys

    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import cbec.data"),  # installs the explanations
        nbformat.v4.new_code_cell("never_defined + 1"),
    ]
    nbformat.write(notebook, tmp_path / "n.ipynb")
    pytest_command = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        "/dev/null",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",
    ]
    run = subprocess.run(
        [*pytest_command, "--nbval-lax", "--nbval-current-env", "-q", str(tmp_path / "n.ipynb")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "1 failed, 1 passed" in run.stdout, run.stdout[-2000:]
    assert "NameError: name 'never_defined' is not defined" in run.stdout


@pytest.mark.parametrize("name", ["q1", "q12", "data", "style", "buyers", "aliexpress_orders"])
def test_names_from_the_setup_cell_point_to_that_cell(name):
    note = explain(NameError(f"name {name!r} is not defined", name=name))
    assert "请先运行最上面载入题目和数据的单元格" in note.body


def test_other_names_get_the_general_advice():
    note = explain(NameError("name 'p90_value' is not defined", name="p90_value"))
    assert "请先运行最上面" not in note.body and "从上往下重新运行" in note.body


def _configured_line() -> str:
    """The config line ``make env`` writes into the environment, as tools/course.mk has it."""
    makefile = (ROOT / "tools" / "course.mk").read_text(encoding="utf-8")
    return re.search(r"echo '(.+)' > \$\(VENV\)/etc/ipython/ipython_kernel_config\.py", makefile).group(1)


def test_the_environment_loads_the_kernel_extension():
    config = Path(sys.prefix, "etc", "ipython", "ipython_kernel_config.py")
    assert config.is_file(), f"{config} is missing: run `make env` to set up the environment again"
    assert config.read_text(encoding="utf-8").strip() == _configured_line()
    assert "cbec.kernel_extension" in _configured_line()


@pytest.mark.kernel
def test_a_fresh_course_kernel_explains_a_name_error_before_the_setup_cell(tmp_path):
    with kernel(tmp_path) as live:
        status, shown = live.run_failing("q1.check(0.25)")
        assert status == "error"
        assert "名字 'q1' 还没有定义" in shown and "请先运行最上面载入题目和数据的单元格" in shown
        assert "Traceback" not in shown and "Cell In[" not in shown
        status, shown = live.run_failing("p90_value")
        assert status == "error" and "从上往下重新运行" in shown
        # Light at every start: nothing of the data stack is loaded until the setup cell runs.
        assert live.run("import sys; print('pandas' in sys.modules)").strip() == "False"


def _raised(code: str, **names) -> BaseException:
    try:
        exec(code, {"pd": pytest.importorskip("pandas"), **names})
    except Exception as error:  # the error the learner's cell would raise
        return error
    raise AssertionError(f"no error from {code!r}")


def test_the_errors_of_reading_and_filtering_get_a_note_naming_the_fix(tmp_path):
    import pandas as pd

    products = pd.read_csv(ROOT / "datasets" / "aliexpress_products.csv")
    wrong_path = _raised(f'pd.read_csv("{tmp_path}/datasets/aliexpress_products.csv")')
    note = str(pandas_note(wrong_path))
    assert "../datasets/aliexpress_products.csv" in note and 'data.load("aliexpress_products")' in note
    assert "第 1 节" in note
    joined_with_and = _raised('p[(p["category"] == "户外照明") and (p["list_price_usd"] > 20)]', p=products)
    assert "&" in str(pandas_note(joined_with_and)) and "第 3 节" in str(pandas_note(joined_with_and))
    for joiner in ("&", "|"):
        bare = _raised(f'p[p["category"] == "户外照明" {joiner} p["list_price_usd"] > 20]', p=products)
        assert "圆括号" in str(pandas_note(bare)) and "第 3 节" in str(pandas_note(bare)), joiner
    # Other errors of the same types keep only their usual traceback.
    assert pandas_note(_raised(f'open("{tmp_path}/notes.txt")')) is None
    assert pandas_note(_raised('int("x")')) is None
    assert pandas_note(_raised("len(5)")) is None
    assert pandas_note(CourseNotFoundError("找不到课程文件夹")) is None


def test_the_sections_the_notes_name_are_the_ones_that_explain_the_error():
    page = (ROOT / "lessons" / "pandas_basics.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (\d)\. .*?\n(.*?)(?=^## |\Z)", page, re.S | re.M))
    assert "FileNotFoundError" in sections["1"]
    assert "truth value of a Series is ambiguous" in sections["3"] and "rand_" in sections["3"]


def test_a_course_kernel_shows_the_note_above_the_traceback_and_still_fails(tmp_path):
    with kernel(tmp_path) as live:
        live.run("import pandas as pd")
        status, shown = live.run_failing('pd.read_csv("datasets/aliexpress_products.csv")')
        assert status == "error" and "找不到数据文件" in shown and "FileNotFoundError" in shown
        live.run('p = pd.DataFrame({"a": ["x", "y"], "b": [10, 30]})')
        status, shown = live.run_failing('p[p["a"] == "x" & p["b"] > 20]')
        assert status == "error" and "条件要加圆括号" in shown and "rand_" in shown
        status, shown = live.run_failing('int("x")')
        assert status == "error" and "invalid literal" in shown and "圆括号" not in shown
