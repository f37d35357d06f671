from cbec.data import DatasetError
from cbec.friendly_errors import explain
from cbec.paths import CourseNotFoundError


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
