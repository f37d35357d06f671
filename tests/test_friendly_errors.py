import re
import sys
from pathlib import Path

import pytest

from cbec.data import DatasetError
from cbec.friendly_errors import explain
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
