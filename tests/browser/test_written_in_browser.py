"""A written answer in JupyterLab: typed key by key into its text area, saved while typing (no
检查 click), restored into the text area after a kernel restart and a new Run All.

Uses the small bank ``tests/written_bank`` (two written questions), whose exercise notebook is
written into a course copy; its kernels import the bank from the repository's ``tests``
package, so the notebook's first cell imports it from there.
"""

from __future__ import annotations

import json
import time

import nbformat
import pytest

from tests import written_bank as wb
from tests.browser import learner
from tests.browser.conftest import ARTIFACTS, ROOT
from tests.browser.lab import open_notebook, restart_kernel, run_all, start_lab

pytestmark = [pytest.mark.browser, pytest.mark.kernel]
STORE = f"{wb.STEM}.answers.json"
TYPED = "先在速卖通测试 3 款灯具：第 2 题的领先期约 4 周。\n风险：样本只有 200 单，<b>别太早</b>下结论。"
SAVE_WAIT_S = 10


@pytest.fixture(scope="module")
def written_course(tmp_path_factory):
    course = tmp_path_factory.mktemp("written-course")
    (course / "exercises").mkdir()
    nb = wb.notebook()
    nb.cells[1].source = wb.SETUP.replace("cbec.exercises.l99", "tests.written_bank.l99")
    nbformat.write(nb, course / "exercises" / f"{wb.STEM}.ipynb")
    return course


@pytest.fixture(scope="module")
def written_lab(written_course, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PYTHONPATH", str(ROOT))  # the kernels find tests.written_bank
        server = start_lab(written_course, tmp_path_factory.mktemp("written-lab"))
    yield server
    server.stop()


@pytest.fixture
def written_page(chromium, written_lab):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    yield context.new_page()
    context.close()
    written_lab.delete_sessions()


def _saved(course) -> dict:
    path = course / "exercises" / STORE
    if not path.is_file():
        return {}
    return {k: v["value"] for k, v in json.loads(path.read_text(encoding="utf-8"))["answers"].items()}


def _wait_until_saved(course, qid: str, text: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < SAVE_WAIT_S:
        if _saved(course).get(qid) == text:
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"{qid} was not saved while typing: the store holds {_saved(course).get(qid)!r}")


def test_typed_written_answer_is_saved_and_restored_after_a_restart(
    written_page, written_lab, written_course
):
    page, q1, q2 = written_page, wb.l99.q1, wb.l99.q2
    open_notebook(page, written_lab, f"exercises/{wb.STEM}.ipynb")
    run_all(page)
    assert "用数据支撑" in learner.box(page, q1).inner_text()  # the rubric beside the text area
    learner.answer(page, q1, TYPED)
    count = learner.box(page, q1).locator(".cbec-count")
    count.filter(has_text=f"已写 {sum(not c.isspace() for c in TYPED)} 字").wait_for(timeout=10_000)
    waited = _wait_until_saved(written_course, q1.qid, TYPED)  # no 检查: saved as typed
    print(f"saved {waited:.1f} s after the last keystroke")
    learner.answer(page, q2, "太短")
    text = learner.check(page, q2, "已保存，待老师评分")
    assert "少于建议的 20 字" in text
    # Keys typed just before the click may reach the kernel after it: the verdict catches up.
    learner.box(page, q2).locator(".cbec-feedback").filter(has_text="共 2 字").wait_for(timeout=10_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{wb.STEM}.png"), full_page=True)

    restart_kernel(page)
    run_all(page)
    assert learner.shown(page, q1) == TYPED
    assert learner.shown(page, q2) == "太短"
    assert "已恢复" in learner.status(page, q1)
    assert "已保存，待老师评分" in learner.check(page, q1, "已保存，待老师评分")
