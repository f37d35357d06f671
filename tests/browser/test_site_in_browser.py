"""The course site (`make site`) in Chromium, served from build/site/ on loopback, read as a learner would.

The module builds the site first (`make site`: incremental, a few seconds once built), so
`make test` always checks the site of the current sources. Where the site's environment cannot be
installed the tests skip, with the reason; with CBEC_REQUIRE_BROWSER=1 (CI) they fail instead.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from cbec import glossary
from tests.browser.conftest import ARTIFACTS, REQUIRED, ROOT, cjk_fonts
from tests.browser.lab import TIMEOUT_MS
from tests.test_site import site as site_builder

# The Chromium tests are also marked browser, so conftest.py skips or fails them with the others.
pytestmark = pytest.mark.site

SITE = ROOT / "build" / "site"
SITE_VENV = ROOT / ".venv-site"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _make(*targets: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *targets], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def built_site() -> Path:
    installed = _make(f"{SITE_VENV.name}/.installed-stamp")
    if installed.returncode:
        reason = f"the site's environment could not be installed:\n{installed.stdout}{installed.stderr}"
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    built = _make("site")
    assert built.returncode == 0, f"make site failed:\n{built.stdout}\n{built.stderr}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return SITE


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site_url(built_site, tmp_path_factory):
    port = _free_port()
    log = open(tmp_path_factory.mktemp("site") / "http.log", "w", encoding="utf-8")  # noqa: SIM115
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory"]
    server = subprocess.Popen([*command, str(built_site)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}/index.html", timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise
            time.sleep(0.1)
    yield url
    server.terminate()  # by its process id
    server.wait(timeout=10)
    log.close()


@pytest.fixture
def site_page(chromium, site_url):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def _lesson_with_plots() -> tuple[str, str, int]:
    """The first lesson with stored plots: its path, its title and how many plots it stores."""
    for path in sorted((ROOT / "lessons").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        plots = sum(
            "image/png" in output.get("data", {})
            for cell in notebook.cells
            if cell.cell_type == "code"
            for output in cell.outputs
        )
        if plots:
            title = notebook.cells[0].source.splitlines()[0].lstrip("#").strip()
            return path.relative_to(ROOT).with_suffix(".html").as_posix(), title, plots
    raise AssertionError("no lesson stores a plot")


def _search_term() -> str:
    """The longest glossary term written only in Chinese characters: the likeliest to be split."""
    terms = [e.term for e in glossary.read() if CJK.sub("", e.term) == ""]
    return max(terms, key=len)


@pytest.mark.browser
def test_a_lesson_page_shows_its_chinese_text_and_its_plots(site_page, site_url):
    assert cjk_fonts(), "no CJK font: Chinese would render as empty boxes (apt-get install fonts-noto-cjk)"
    path, title, plots = _lesson_with_plots()
    site_page.goto(f"{site_url}/{path}")
    heading = site_page.locator("main h1").first
    assert re.sub(r"\s", "", title) in re.sub(r"\s", "", heading.inner_text())
    assert CJK.search(heading.inner_text())
    site_page.screenshot(path=str(ARTIFACTS / "site_lesson.png"))
    images = site_page.locator(".cell_output img")
    assert images.count() == plots
    images.first.scroll_into_view_if_needed()
    site_page.wait_for_function(
        "() => [...document.querySelectorAll('.cell_output img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    site_page.screenshot(path=str(ARTIFACTS / "site_lesson_plot.png"))


@pytest.mark.browser
def test_searching_a_glossary_term_in_chinese_finds_the_glossary(site_page, site_url):
    term = _search_term()
    site_page.goto(f"{site_url}/index.html")  # redirects to the start page
    site_page.locator("button.search-button__button:visible").first.click()
    box = site_page.locator("#pst-search-dialog input[name=q]")
    box.fill(term)
    box.press("Enter")
    hit = site_page.locator("#search-results a[href*='lessons/glossary.html']").first
    hit.wait_for()
    site_page.screenshot(path=str(ARTIFACTS / "site_search.png"))
    hit.click()
    site_page.wait_for_url(re.compile(r"lessons/glossary\.html"))
    assert term in site_page.locator("main").inner_text()


@pytest.mark.browser
def test_an_exercise_preview_says_how_to_run_it(site_page, site_url):
    path = sorted((ROOT / "exercises").glob("*.ipynb"))[0].relative_to(ROOT).as_posix()
    site_page.goto(f"{site_url}/{path.removesuffix('.ipynb')}.html")
    note = site_page.locator(".admonition", has_text="只读预览")
    assert note.is_visible()
    assert note.locator(f"a[href='{site_builder.binder_url(site_builder.settings(), path)}']").count() == 1
    assert path in note.inner_text() and "make lab" in note.inner_text()


# -- the built files -----------------------------------------------------------------------------
class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.targets += [v for k, v in attrs if k in ("href", "src") and v]


def _local_targets(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [t for t in parser.targets if not urlsplit(t).scheme and not t.startswith(("#", "//"))]


def _pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts]


def test_every_link_on_the_site_leads_to_a_file_of_the_site(built_site):
    broken = []
    for page in _pages(built_site):
        for target in _local_targets(page):
            file = (page.parent / unquote(urlsplit(target).path)).resolve()
            if not file.is_file() or built_site.resolve() not in file.parents:
                broken.append(f"{page.relative_to(built_site)} -> {target}")
    assert not broken
    assert not [t for p in _pages(built_site) for t in _local_targets(p) if t.endswith((".ipynb", ".md"))]


def _docs(index: dict, word: str) -> set[int]:
    """The pages whose text or headings hold ``word``, or (from three characters) a word containing it."""
    found = set()
    for table in ("terms", "titleterms"):
        exact = word in index[table]
        for term, docs in index[table].items():
            if term == word or (not exact and len(word) > 2 and word in term):
                found |= {docs} if isinstance(docs, int) else set(docs)
    return found


def _porter_stem(word: str) -> str:
    """The stem the search page (Porter's stemmer, in JavaScript) looks up for a query word."""
    if CJK.search(word):
        return word
    code = "import snowballstemmer, sys; print(snowballstemmer.stemmer('porter').stemWord(sys.argv[1]))"
    stem = subprocess.run([SITE_VENV / "bin" / "python", "-c", code, word], capture_output=True, text=True)
    return stem.stdout.strip()


def _search(site: Path, query: str) -> set[int]:
    """The pages the search page lists for ``query``, as Sphinx's searchtools.js decides it."""
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    language = (site / "_static" / "language_data.js").read_text(encoding="utf-8")
    stopwords = set(json.loads(re.search(r"var stopwords = (\[.*?\]);", language).group(1)))
    words = {w.lower() for w in site_builder.search_words(query)} - stopwords
    words = {_porter_stem(w) for w in words if not w.isdigit()}
    matched: dict[int, int] = {}
    for word in words:
        for page in _docs(index, word):
            matched[page] = matched.get(page, 0) + 1
    wanted = {len(words), len([w for w in words if len(w) > 2])}
    return {index["docnames"][page] for page, count in matched.items() if count in wanted}


def test_the_search_finds_the_glossary_for_every_glossary_term(built_site):
    terms = [e.term for e in glossary.read()]
    assert [t for t in terms if "lessons/glossary" not in _search(built_site, t)] == []
    assert "lessons/glossary" not in _search(built_site, "不在课程里的词")


def _notebook(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(text)]
    nbformat.write(notebook, path)


def _tiny_course(root: Path, link: str) -> Path:
    """A course of one page of each kind, whose start page links to ``link``."""
    _notebook(root / "lessons" / "00_start_here.ipynb", f"# 首页\n\n[术语表](glossary.md)，[另一页]({link})")
    _notebook(root / "lessons" / "01_a.ipynb", "# 第 1 课")
    _notebook(root / "exercises" / "01_a.ipynb", "# 练习 1")
    for path, text in [
        ("lessons/glossary.md", "# 术语表\n"),
        ("datasets/README.md", "# 数据\n"),
        ("datasets/a.md", "# 数据 a\n"),
        ("REFERENCES.md", "# 参考文献\n"),
        ("src/cbec/glossary.csv", glossary.SOURCE.read_text(encoding="utf-8")),
    ]:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def _build(course: Path) -> subprocess.CompletedProcess:
    command = [SITE_VENV / "bin" / "python", ROOT / "tools" / "site" / "build_site.py", "--root", course]
    return subprocess.run(command, capture_output=True, text=True)


def test_a_broken_link_fails_the_build(built_site, tmp_path):
    # The course's own build passing (built_site) is the other half: the same settings, no warning.
    bad = _build(_tiny_course(tmp_path, "01_missing.ipynb"))
    assert bad.returncode != 0
    assert re.search(r"WARNING.*01_missing\.ipynb", bad.stdout + bad.stderr)
