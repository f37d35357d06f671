"""The start page in JupyterLab in headless Chromium: Run All works, and a link inside a table it
renders opens the file it names.

Those tables are Markdown *outputs* (rendered from ``cbec.course``), not Markdown cells, so their
relative links resolve only if JupyterLab gives outputs the notebook's own resolver and link
handler; this is what a learner clicks first.
"""

from __future__ import annotations

import pytest

from tests.browser.lab import CURRENT, open_notebook, run_all

pytestmark = [pytest.mark.browser, pytest.mark.kernel]

START = "lessons/00_start_here.ipynb"
LINKS = [
    ("第 2 课", "lessons/02_alibaba_b2b.ipynb"),
    ("练习 1", "exercises/01_people_goods_place.ipynb"),
    ("b2b2c_firm", "datasets/b2b2c_firm.md"),
]
OPENED = f"path => {{ const w = {CURRENT}; return !!w && !!w.context && w.context.path === path; }}"


def test_links_in_the_rendered_tables_open_their_files(page, lab):
    open_notebook(page, lab, START)
    run_all(page)
    for text, target in LINKS:
        page.evaluate("path => { window.jupyterapp.commands.execute('docmanager:open', {path}); }", START)
        page.wait_for_function(OPENED, arg=START)
        outputs = page.locator(".jp-NotebookPanel:visible .jp-OutputArea-output")
        outputs.get_by_role("link", name=text, exact=True).first.click()
        page.wait_for_function(OPENED, arg=target)
