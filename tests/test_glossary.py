"""The glossary (术语表): a sound source, one spelling of every term, and terms taught before use.

- ``src/cbec/glossary.csv`` loads; a malformed source is refused with every problem named.
- No learner-facing text uses a deprecated variant: a hit names the file, the cell or line, and
  the preferred form. The scanner is shown to fail on planted variants and pass on the fix.
- Every term an exercise uses is first taught in that lesson or an earlier one, and a lesson that
  exists really uses the terms the glossary says it teaches first.
- ``lessons/glossary.md`` is rendered from the source; ``cbec build --check`` fails when it is stale.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from cbec import glossary
from cbec.cli import main
from tests.learner_text import exercise_text, learner_files, lesson_text, pieces

ROOT = Path(__file__).resolve().parents[1]
ENTRIES = glossary.load()


def scan(root: Path, entries: list[glossary.Entry], path: Path) -> list[str]:
    """One line per deprecated variant in ``path``: where it is, and what to write instead."""
    return [
        f"{piece.file} {piece.where}: “{hit.variant}” → use “{hit.preferred}”"
        for piece in pieces(path, root)
        for hit in glossary.find_variants(piece.text, entries)
    ]


def _entry(term: str) -> glossary.Entry:
    return next(e for e in ENTRIES if e.term == term)


# -- the source ----------------------------------------------------------------------------------
def test_the_source_holds_every_key_term_of_the_course():
    terms = {e.term for e in ENTRIES}
    key = {"人货场", "用户画像", "场景化解决方案", "触点", "橱窗", "外贸直通车", "采购直达", "询盘", "信保"}
    key |= {"官方活动", "网红/KOL", "货找人", "引流款", "利润款", "形象款", "直通车", "联盟营销", "直播"}
    key |= {"复购", "客单价", "中位数", "首次发布值", "修订值", "复合年均增长率", "先测后推", "CRM", "B2B2C"}
    assert key | {"空值", "自然搜索", "老客复购"} <= terms
    assert all(e.english and e.definition for e in ENTRIES)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("联盟营销,affiliate,定义,01,,\n联盟营销,affiliate,定义,03,,", "appears 2 times"),
        ("联盟营销,affiliate,定义,01,直通车,\n直通车,ads,定义,01,,", "occurs in the preferred term"),
        ("复购,repeat,定义,01,老客回访,\n老客复购,returning,定义,02,老客回访,", "is a variant of both"),
        ("直播,live,定义,07,,", "is not one of"),
        ("直播,live,,01,,", "definition is empty"),
        ("空值,missing,定义,01,空格,(NaN", "not a regular expression"),
    ],
)
def test_a_malformed_source_is_refused_and_the_problem_named(tmp_path, row, problem):
    source = tmp_path / "glossary.csv"
    source.write_text(",".join(glossary.COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    with pytest.raises(glossary.GlossaryError, match=re.escape(problem)):
        glossary.load(source)


def test_the_shipped_source_is_sound():
    assert glossary.problems(glossary.read()) == []


# -- deprecated variants ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", learner_files(ROOT), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_learner_text_uses_only_the_preferred_terms(path):
    hits = scan(ROOT, ENTRIES, path)
    assert not hits, "deprecated terms:\n" + "\n".join(hits)


def test_the_learner_texts_include_every_kind_of_file():
    names = {p.relative_to(ROOT).as_posix() for p in learner_files(ROOT)}
    assert {
        "README.md",
        "datasets/README.md",
        "lessons/00_start_here.ipynb",
        "lessons/pandas_basics.md",
    } <= names
    assert {"src/cbec/widgets.py", "src/cbec/feedback.py", "src/cbec/exercises/l01.py"} <= names
    assert any(n.startswith("solutions/") for n in names) and any(n.startswith("exercises/") for n in names)
    assert "lessons/glossary.md" not in names


def _planted_course(tmp_path: Path, words: dict[str, str]) -> Path:
    notebook = nbformat.v4.new_notebook()
    output = nbformat.v4.new_output("stream", text=words["output"])
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# 第 9 课"),
        nbformat.v4.new_markdown_cell(words["markdown"]),
        nbformat.v4.new_code_cell("print(1)", outputs=[output]),
    ]
    (tmp_path / "lessons").mkdir()
    nbformat.write(notebook, tmp_path / "lessons" / "09_planted.ipynb")
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "planted.md").write_text(
        "# 说明\n\n" + words["datasheet"] + "\n", encoding="utf-8"
    )
    (tmp_path / "src" / "cbec").mkdir(parents=True)
    (tmp_path / "src" / "cbec" / "planted.py").write_text(f"MESSAGE = {words['code']!r}\n", encoding="utf-8")
    return tmp_path


def _scan_all(root: Path) -> list[str]:
    return [line for path in learner_files(root) for line in scan(root, ENTRIES, path)]


def test_a_planted_variant_fails_naming_file_cell_and_preferred_form(tmp_path):
    root = _planted_course(
        tmp_path,
        {
            "markdown": "站外还有按成交付佣金的联盟推广。",
            "output": "first_touchpoint  直通车广告",
            "datasheet": "空格表示缺失。",
            "code": "来源：老客回访",
        },
    )
    assert _scan_all(root) == [
        "lessons/09_planted.ipynb cell 1 (markdown): “联盟推广” → use “联盟营销”",
        "lessons/09_planted.ipynb cell 2 output: “直通车广告” → use “直通车”",
        "datasets/planted.md line 3: “空格” → use “空值”",
        "src/cbec/planted.py line 1: “老客回访” → use “老客复购”",
    ]


def test_the_preferred_forms_pass_the_same_scan(tmp_path):
    root = _planted_course(
        tmp_path,
        {
            "markdown": "站外还有按成交付佣金的联盟营销。",
            "output": "first_touchpoint  直通车",
            "datasheet": "空值表示缺失。",
            "code": "来源：老客复购",
        },
    )
    assert _scan_all(root) == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("空格（`NaN`）表示没有核实过的数字，不是零。", True),
        ("这一列留下空格表示缺失。", True),
        ("用 str.strip() 去掉首尾的空格。", False),
        ("关键词之间用空格隔开。", False),
    ],
)
def test_a_space_is_a_variant_only_where_it_means_a_missing_value(text, flagged):
    assert bool(glossary.find_variants(text, ENTRIES)) is flagged


# -- taught before use -----------------------------------------------------------------------------
EXERCISES = sorted(p.name[:2] for p in (ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
WRITTEN_LESSONS = sorted(p.name[:2] for p in (ROOT / "lessons").glob("0[1-9]_*.ipynb"))


WARMUP, WARMUP_PAGE = "00", "lessons/pandas_basics.md"


def untaught_terms(root: Path, number: str, entries: list[glossary.Entry]) -> list[str]:
    """Terms exercise ``number`` uses that its lesson or an earlier one has not taught."""
    if number == WARMUP:
        return untaught_in_the_warm_up(root, entries)
    text, problems = exercise_text(root, number), []
    for entry in (e for e in entries if glossary.uses(text, e)):
        taught_in = lesson_text(root, entry.first_lesson)
        if entry.first_lesson > number:
            problems.append(
                f"{entry.term}: used in exercise {number}, first taught in lesson {entry.first_lesson}"
            )
        elif taught_in is not None and not glossary.uses(taught_in, entry):
            problems.append(
                f"{entry.term}: used in exercise {number}, missing from lesson {entry.first_lesson}"
            )
    return problems


def untaught_in_the_warm_up(root: Path, entries: list[glossary.Entry]) -> list[str]:
    """The warm-up comes before lesson 01 and teaches through the page its feedback points to:
    every term it uses must be explained there, not in a lesson the learner has not read."""
    text, page = exercise_text(root, WARMUP), (root / WARMUP_PAGE).read_text(encoding="utf-8")
    return [
        f"{e.term}: used in the warm-up, not explained in {WARMUP_PAGE}"
        for e in entries
        if glossary.uses(text, e) and not glossary.uses(page, e)
    ]


@pytest.mark.parametrize("number", EXERCISES)
def test_every_term_an_exercise_uses_is_taught_first(number):
    problems = untaught_terms(ROOT, number, ENTRIES)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("number", WRITTEN_LESSONS)
def test_a_written_lesson_uses_the_terms_it_first_teaches(number):
    text = lesson_text(ROOT, number)
    missing = [e.term for e in ENTRIES if e.first_lesson == number and not glossary.uses(text, e)]
    assert not missing, f"lesson {number} is the first lesson of these terms but never uses them: {missing}"


def test_an_exercise_ahead_of_its_lessons_is_reported(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "exercises").mkdir()
    lesson = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# 第 1 课\n\n直播（live streaming）")]
    )
    nbformat.write(lesson, tmp_path / "lessons" / "01_x.ipynb")
    exercise = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("直播、引流款和 CRM 各是什么？")]
    )
    nbformat.write(exercise, tmp_path / "exercises" / "01_x.ipynb")
    entries = [_entry("直播"), _entry("引流款"), _entry("CRM"), _entry("询盘")]
    assert untaught_terms(tmp_path, "01", entries) == [
        "引流款: used in exercise 01, first taught in lesson 03",
        "CRM: used in exercise 01, first taught in lesson 05",
    ]
    exercise.cells.append(nbformat.v4.new_markdown_cell("询盘"))
    nbformat.write(exercise, tmp_path / "exercises" / "01_x.ipynb")
    assert untaught_terms(tmp_path, "01", [_entry("询盘")]) == [
        "询盘: used in exercise 01, missing from lesson 01"
    ]


def test_a_term_the_warm_up_uses_must_be_explained_on_its_page(tmp_path):
    (tmp_path / "lessons").mkdir()
    (tmp_path / "exercises").mkdir()
    warm_up = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("求中位数，再看直播的数据")])
    nbformat.write(warm_up, tmp_path / "exercises" / "00_warmup.ipynb")
    page = tmp_path / WARMUP_PAGE
    page.write_text("中位数（median）：正中间的那个数。\n", encoding="utf-8")
    entries = [_entry("中位数"), _entry("直播"), _entry("询盘")]
    assert untaught_terms(tmp_path, WARMUP, entries) == [
        f"直播: used in the warm-up, not explained in {WARMUP_PAGE}"
    ]
    page.write_text("中位数（median）；直播（live streaming）\n", encoding="utf-8")
    assert untaught_terms(tmp_path, WARMUP, entries) == []


def test_english_names_count_as_whole_words_only():
    assert glossary.uses("pd.Series.median()", _entry("中位数"))
    assert glossary.uses("P4P 的点击", _entry("外贸直通车"))
    assert not glossary.uses("B2B2C 协同", _entry("B2B"))
    assert not glossary.uses("ROASTED", _entry("ROAS"))


# -- the rendered page -----------------------------------------------------------------------------
def test_the_page_groups_terms_by_first_lesson_and_links_written_lessons():
    page = (ROOT / glossary.PAGE).read_text(encoding="utf-8")
    assert page == glossary.render(ENTRIES, ROOT / "lessons")
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings[0].startswith("## 第 1 课") and "(01_" in headings[0]
    for number in {e.first_lesson for e in ENTRIES} - set(WRITTEN_LESSONS):
        assert any(h.startswith(f"## 第 {int(number)} 课") and "编写中" in h for h in headings)
    for entry in ENTRIES:
        assert f"| **{entry.term.replace('|', chr(92) + '|')}** |" in page
    # 空格 is wrong only where it means a missing value; 缺失值 is wrong everywhere.
    assert "| 空格（视上下文）、缺失值 |" in page


def test_the_start_page_and_readme_link_the_glossary():
    start = nbformat.read(ROOT / "lessons" / "00_start_here.ipynb", as_version=4)
    assert any("(glossary.md)" in c.source for c in start.cells if c.cell_type == "markdown")
    for readme in ("README.md", "src/cbec/release_files/README.md"):
        assert "(lessons/glossary.md)" in (ROOT / readme).read_text(encoding="utf-8")


def test_build_check_fails_while_the_page_is_stale(tmp_path, capsys):
    for folder in ("solutions", "exercises", "lessons"):
        (tmp_path / folder).mkdir()
    (tmp_path / "src" / "cbec").mkdir(parents=True)
    shutil.copyfile(glossary.SOURCE, tmp_path / "src" / "cbec" / "glossary.csv")
    assert main(["build", "--root", str(tmp_path), "--check"]) == 1
    assert "lessons/glossary.md is stale" in capsys.readouterr().err
    assert main(["build", "--root", str(tmp_path)]) == 0
    assert main(["build", "--root", str(tmp_path), "--check"]) == 0
    with open(tmp_path / "src" / "cbec" / "glossary.csv", "a", encoding="utf-8") as source:
        source.write("新术语,new term,一行定义。,04,,\n")
    assert main(["build", "--root", str(tmp_path), "--check"]) == 1
    assert main(["build", "--root", str(tmp_path)]) == 0
    assert "**新术语**" in (tmp_path / glossary.PAGE).read_text(encoding="utf-8")


def test_build_refuses_a_malformed_source(tmp_path, capsys):
    for folder in ("solutions", "lessons"):
        (tmp_path / folder).mkdir()
    (tmp_path / "src" / "cbec").mkdir(parents=True)
    text = glossary.SOURCE.read_text(encoding="utf-8") + "直播,live,重复的术语。,03,,\n"
    (tmp_path / "src" / "cbec" / "glossary.csv").write_text(text, encoding="utf-8")
    assert main(["build", "--root", str(tmp_path), "--check"]) == 2
    assert "直播: the term appears 2 times" in capsys.readouterr().err
