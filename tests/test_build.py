"""Single source: exercises are built from solutions, and a stale build is caught."""

import nbformat
import pytest

from cbec.build import BuildError, build, exercise_from_solution, strip_solution
from cbec.cli import main


def test_block_markers_become_an_ellipsis_at_their_indentation():
    source = (
        "def rate(df):\n    # BEGIN SOLUTION\n    total = df.sum()\n    return total\n    # END SOLUTION\n"
    )
    assert strip_solution(source) == "def rate(df):\n    ...\n"


def test_solution_lines_keep_their_assignment_target():
    source = "import pandas as pd\nshare = df['x'].mean()  # SOLUTION\nresult['a'] = 3 # SOLUTION\nq1.set_answer('B')  # SOLUTION\nq1.check(share)"
    assert strip_solution(source) == "import pandas as pd\nshare = ...\nresult['a'] = ...\nq1.check(share)"


def test_comparisons_are_not_mistaken_for_assignments():
    assert strip_solution("x == 3  # SOLUTION") == ""


@pytest.mark.parametrize(
    "source",
    [
        "# BEGIN SOLUTION\nx = 1",
        "x = 1\n# END SOLUTION",
        "# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION",
    ],
)
def test_unbalanced_markers_are_an_error(source):
    with pytest.raises(BuildError):
        strip_solution(source)


def _solution_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 练习", id="md-1"),
        nbformat.v4.new_code_cell("q1.set_answer('B')  # SOLUTION", id="only-solution"),
        nbformat.v4.new_code_cell("answer = 42  # SOLUTION\nq2.check(answer)", id="code-1"),
        nbformat.v4.new_markdown_cell("讲解", id="tagged", metadata={"tags": ["solution"]}),
    ]
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="✅")]
    nb.cells[2].execution_count = 3
    nb.metadata["widgets"] = {"state": {}}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_exercise_drops_solution_cells_outputs_and_widget_state(tmp_path):
    exercise = exercise_from_solution(_solution_notebook(), tmp_path / "01_x.ipynb")
    assert [c.id for c in exercise.cells] == ["md-1", "code-1"]
    assert exercise.cells[1].source == "answer = ...\nq2.check(answer)"
    assert exercise.cells[1].outputs == [] and exercise.cells[1].execution_count is None
    assert "widgets" not in exercise.metadata and "kernelspec" in exercise.metadata


def test_check_fails_and_names_the_file_when_exercises_are_stale(tmp_path, capsys):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "exercises").mkdir()
    nbformat.write(_solution_notebook(), tmp_path / "solutions" / "01_x.ipynb")
    assert main(["build", "--root", str(tmp_path), "--check"]) == 1
    assert "exercises/01_x.ipynb is stale" in capsys.readouterr().err
    assert main(["build", "--root", str(tmp_path)]) == 0
    assert main(["build", "--root", str(tmp_path), "--check"]) == 0
    edited = nbformat.read(tmp_path / "solutions" / "01_x.ipynb", as_version=4)
    edited.cells[0].source = "# 练习（修订）"
    nbformat.write(edited, tmp_path / "solutions" / "01_x.ipynb")
    assert main(["build", "--root", str(tmp_path), "--check"]) == 1
    (tmp_path / "exercises" / "99_orphan.ipynb").write_text("{}", encoding="utf-8")
    assert build(tmp_path, check=True)[0].startswith("exercises/99_orphan.ipynb has no solution")


def test_building_twice_gives_identical_files(tmp_path):
    (tmp_path / "solutions").mkdir()
    nbformat.write(_solution_notebook(), tmp_path / "solutions" / "01_x.ipynb")
    build(tmp_path)
    first = (tmp_path / "exercises" / "01_x.ipynb").read_bytes()
    build(tmp_path)
    assert (tmp_path / "exercises" / "01_x.ipynb").read_bytes() == first


def test_a_broken_solution_notebook_is_named_in_plain_words(tmp_path, capsys):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "02_y.ipynb").write_text('{"cells": [', encoding="utf-8")
    assert main(["build", "--root", str(tmp_path), "--check"]) == 2
    assert "02_y.ipynb is not a valid notebook" in capsys.readouterr().err
