"""Staging of the course site (tools/site/build_site.py): what goes on the site, and nothing else.

The build itself (Jupyter Book, in .venv-site) is exercised by tests/browser/test_site_in_browser.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from cbec import glossary

ROOT = Path(__file__).resolve().parents[1]


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "site" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site = _load_builder()


@pytest.fixture
def course(tmp_path) -> Path:
    """A copy of what the site is built from."""
    for folder in ("lessons", "exercises", "solutions"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "datasets").mkdir()
    for sheet in (ROOT / "datasets").glob("*.md"):
        shutil.copy(sheet, tmp_path / "datasets" / sheet.name)
    shutil.copy(ROOT / "REFERENCES.md", tmp_path / "REFERENCES.md")
    (tmp_path / "src" / "cbec").mkdir(parents=True)
    shutil.copy(glossary.SOURCE, tmp_path / "src" / "cbec" / glossary.SOURCE.name)
    return tmp_path


def _toc_files(toc: str) -> list[str]:
    return [line.split("file:", 1)[1].strip() for line in toc.splitlines() if "file:" in line]


def _docs(course: Path, pattern: str) -> set[str]:
    return {p.with_suffix("").relative_to(course).as_posix() for p in course.glob(pattern)}


def test_the_table_of_contents_lists_every_lesson_exercise_and_datasheet(course):
    toc = site.toc(course)
    pages = (
        _docs(course, "lessons/*.ipynb") | _docs(course, "exercises/*.ipynb") | _docs(course, "datasets/*.md")
    )
    pages |= _docs(course, "lessons/*.md") | {"REFERENCES"}
    assert {"lessons/glossary", "lessons/pandas_basics"} <= pages
    assert f"root: {site.START}" in toc
    listed = _toc_files(toc)
    assert {*listed, site.START} == pages
    assert len(listed) == len(set(listed)) and site.START not in listed, "a page listed twice"


def test_a_new_lesson_appears_on_the_site_without_editing_a_list(course):
    before = _toc_files(site.toc(course))
    shutil.copy(course / "lessons" / "01_people_goods_place.ipynb", course / "lessons" / "05_b2b2c.ipynb")
    shutil.copy(course / "exercises" / "01_people_goods_place.ipynb", course / "exercises" / "05_b2b2c.ipynb")
    after = _toc_files(site.toc(course))
    assert set(after) - set(before) == {"lessons/05_b2b2c", "exercises/05_b2b2c"}
    assert after.index("lessons/05_b2b2c") > after.index("lessons/03_aliexpress_b2c")


def test_an_exercise_preview_is_the_exercise_with_a_note_on_how_to_run_it(course):
    path = "exercises/02_alibaba_b2b.ipynb"
    exercise = nbformat.read(course / path, as_version=4)
    binder = site.binder_url(site.settings(), path)
    page = site.preview(exercise, path, binder)
    note = page.cells[1]
    assert note.cell_type == "markdown" and site.PREVIEW_TAG in note.metadata["tags"]
    assert f"]({binder})" in note.source and f"`{path}`" in note.source and "make lab" in note.source
    assert binder.endswith(f"?urlpath=lab/tree/{path}")
    assert [c.source for c in page.cells[:1] + page.cells[2:]] == [c.source for c in exercise.cells]


def test_staging_copies_no_solution_and_no_answer_store(course):
    (course / "exercises" / "01_people_goods_place.answers.json").write_text("{}", encoding="utf-8")
    files = site.staged(course)
    assert not [p for p in files if p.startswith(("solutions/", "instructor/", "src/")) or ".answers." in p]
    solutions = {(course / "solutions" / p.name).read_bytes() for p in (course / "solutions").glob("*.ipynb")}
    assert not solutions & set(files.values())
    for path in site.exercises(course):
        staged = json.loads(files[path])
        assert len(staged["cells"]) == len(nbformat.read(course / path, as_version=4).cells) + 1


def test_staging_rewrites_only_what_changed_and_drops_what_is_gone(course, tmp_path):
    dest = tmp_path / "site-src"
    first = site.stage(course, dest)
    assert "lessons/01_people_goods_place.ipynb" in first and "_toc.yml" in first
    assert site.stage(course, dest) == []
    (course / "lessons" / "glossary.md").write_text("# 术语表\n", encoding="utf-8")
    (course / "datasets" / "macro_cbec.md").unlink()
    assert site.stage(course, dest) == ["lessons/glossary.md", "_toc.yml"]
    assert not (dest / "datasets" / "macro_cbec.md").exists()


def test_every_glossary_term_is_one_word_for_the_search_index_or_split_as_the_search_page_splits():
    words = site.jieba_dictionary().splitlines()
    assert len(words) == len(set(words))
    for entry in glossary.read():
        if re.fullmatch(r"\w+", entry.term):
            assert entry.term in words
        else:
            assert {p for p in site.search_words(entry.term) if len(p) > 1} <= set(words), entry.term
    assert site.search_words("两比例 z 检验") == ["两比例", "z", "检验"]
    assert site.search_words("网红/KOL") == ["网红", "KOL"]


def test_tables_a_lesson_prints_link_to_the_sites_pages_not_to_notebooks(course):
    staged = nbformat.reads(site.staged(course)[site.START + ".ipynb"].decode("utf-8"), as_version=4)
    printed = [
        o["data"]["text/markdown"]
        for c in staged.cells
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    ]
    links = [target for text in printed for target in re.findall(r"\]\(([^)]+)\)", text)]
    assert "01_people_goods_place.html" in links and "../datasets/buyer_profiles.html" in links
    assert not [t for t in links if t.split("#")[0].endswith((".ipynb", ".md"))]
    source = (course / (site.START + ".ipynb")).read_text(encoding="utf-8")
    assert "01_people_goods_place.ipynb)" in source  # in JupyterLab the same table opens the notebooks
