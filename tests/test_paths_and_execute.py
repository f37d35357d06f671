import json

import nbformat
import pytest

from cbec import paths
from cbec.data.schema import read_schema
from cbec.execute import execute_in_place


def test_the_course_root_is_found_from_a_notebook_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.ROOT_ENV, raising=False)
    (tmp_path / "datasets").mkdir()
    (tmp_path / "exercises" / "deep").mkdir(parents=True)
    assert paths.course_root(tmp_path / "exercises" / "deep") == tmp_path


def test_the_environment_overrides_the_search(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    assert paths.course_root() == tmp_path.resolve()
    assert paths.datasets_dir() == tmp_path.resolve() / "datasets"


def test_a_schema_with_an_unknown_type_is_an_authoring_error(tmp_path):
    path = tmp_path / "x.schema.json"
    path.write_text(json.dumps({"name": "x", "file": "x.csv", "columns": {"a": {"type": "money"}}}))
    with pytest.raises(ValueError, match="unknown type 'money'"):
        read_schema(path)
    path.write_text(json.dumps({"name": "x", "file": "x.csv", "columns": {"a": {"type": "category"}}}))
    with pytest.raises(ValueError, match="lists no categories"):
        read_schema(path)


@pytest.mark.kernel
def test_execute_in_place_stores_outputs_and_nothing_volatile(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider()", id="a"),
        nbformat.v4.new_code_cell("print('人货场')", id="b"),
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "n.ipynb"
    nbformat.write(notebook, path)
    execute_in_place(path)
    result = nbformat.read(path, as_version=4)
    assert result.cells[1].outputs[0]["text"] == "人货场\n"
    assert "widgets" not in result.metadata
    assert "application/vnd.jupyter.widget-view+json" not in result.cells[0].outputs[0]["data"]
    assert "IntSlider" in result.cells[0].outputs[0]["data"]["text/plain"]
    assert all("execution" not in cell.metadata for cell in result.cells)
