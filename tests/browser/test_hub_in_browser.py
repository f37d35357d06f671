"""A class on a real JupyterHub on loopback (real configurable-http-proxy, a server per student):

two students log in and click the course's nbgitpuller link, which clones the instructor's
repository into each one's home; each answers exercise 01 through the widgets; each answer
store lands in its owner's home and neither student can reach the other's; the instructor
commits a change to a lesson, a student clicks the link again and gets it, with their own work
untouched; then ``cbec collect`` gathers both from the homes and ``cbec grade`` grades them.
The hub, the proxy and every server and kernel are stopped by process id at the end.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
import pytest

from cbec.exercises import banks
from cbec.grader.collect import collect
from cbec.grader.grade import Options, grade
from cbec.hublink import link
from tests.browser import learner
from tests.browser.conftest import ARTIFACTS, REQUIRED
from tests.browser.hub import git, instructor_repository, log_in, open_link, save_notebook, server_memory_mb
from tests.browser.lab import run_all
from tests.browser.test_exercises_in_browser import right_answer, widget_questions

pytestmark = [pytest.mark.browser, pytest.mark.kernel, pytest.mark.hub]
STEM = "01_people_goods_place"
BANK = banks()[STEM]
STUDENTS = ("alice", "bob")
UPDATE = "本周更新：第 2 课的数据说明已补充。"


def _wrong_question():
    """bob answers this question with a tempting wrong option; alice answers everything right."""
    return next(q for q in widget_questions(BANK) if q.widget_kind == "single" and q.misconceptions)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    from tools.hub import local_hub

    problem = local_hub.missing()
    if problem:
        (pytest.fail if REQUIRED else pytest.skip)(f"hub tests need: {problem}")
    started = time.monotonic()
    os.environ["CBEC_HUB_EXPOSE_APP"] = "1"  # JupyterLab's models, for reading the kernel's state
    server = local_hub.start(tmp_path_factory.mktemp("hub"), keep=True)
    server.started = started
    yield server
    leftover = server.stop()
    assert not [pid for pid in server.seen if local_hub.alive(pid)], "processes of the hub still run"
    print(f"hub stopped; {len(server.seen)} processes seen, {len(leftover)} needed SIGKILL")


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return instructor_repository(tmp_path_factory.mktemp("instructor") / "cbec-course")


@pytest.fixture(scope="module")
def course_link(hub, source) -> str:
    return link(hub.url, str(source), "main", f"exercises/{STEM}.ipynb")


@pytest.fixture(scope="module")
def pages(chromium, hub):
    contexts = {
        u: chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN") for u in STUDENTS
    }
    yield {u: c.new_page() for u, c in contexts.items()}
    for context in contexts.values():
        context.close()


def exercise_folder(hub, user: str) -> Path:
    return hub.homes / user / "cbec-course" / "exercises"


@pytest.fixture(scope="module")
def answered(hub, pages, course_link):
    """Both students log in, click the link and answer exercise 01 (bob gets one question wrong)."""
    measures, wrong = {}, _wrong_question()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for user, page in pages.items():
        log_in(page, hub.url, user, hub.password)
        open_link(page, course_link)
        if user == STUDENTS[0]:
            measures["make hub to first open exercise (s)"] = round(time.monotonic() - hub.started, 1)
        run_all(page)
        for question in widget_questions(BANK):
            value = next(iter(question.misconceptions)) if (user == "bob" and question is wrong) else None
            learner.answer(page, question, value or right_answer(question))
            learner.check(page, question, "还不对" if value else "正确")
        save_notebook(page)
        page.screenshot(path=str(ARTIFACTS / f"hub-{user}-exercise01.png"), full_page=True)
        measures[f"{user}: server + kernel RSS (MB)"] = round(server_memory_mb(hub, user), 1)
    (ARTIFACTS / "hub-measurements.json").write_text(json.dumps(measures, indent=2), encoding="utf-8")
    print(measures)
    return measures


def test_each_student_gets_the_course_and_their_answers_in_their_own_home(hub, answered, source):
    stores = {u: exercise_folder(hub, u) / f"{STEM}.answers.json" for u in STUDENTS}
    assert all(store.is_file() for store in stores.values())
    assert sorted(p.name for p in hub.homes.iterdir()) == sorted(STUDENTS)
    for user in STUDENTS:
        clone = hub.homes / user / "cbec-course"
        assert git(clone, "rev-parse", "HEAD") == git(source, "rev-parse", "HEAD")
        assert [p.name for p in (hub.homes / user).rglob("*.answers.json")] == [f"{STEM}.answers.json"]
    wrong = _wrong_question()
    answers = {u: json.loads(s.read_text(encoding="utf-8")) for u, s in stores.items()}
    assert json.dumps(answers["alice"]) != json.dumps(answers["bob"])
    assert str(next(iter(wrong.misconceptions))) in json.dumps(answers["bob"], ensure_ascii=False)
    assert str(next(iter(wrong.misconceptions))) not in json.dumps(answers["alice"], ensure_ascii=False)


def test_a_student_cannot_reach_another_students_server_or_files(hub, answered, pages):
    path = f"api/contents/cbec-course/exercises/{STEM}.answers.json"
    alice = pages["alice"]
    own = alice.request.get(f"{hub.url}/user/alice/{path}")
    assert own.status == 200
    other = alice.request.get(f"{hub.url}/user/bob/{path}", max_redirects=10)
    assert other.status == 403, (other.status, other.url)  # the hub refuses alice on bob's server
    outside = alice.request.get(f"{hub.url}/user/alice/api/contents/..%2Fbob%2Fcbec-course")
    assert outside.status in (400, 403, 404)


def test_a_new_commit_reaches_a_student_and_leaves_their_work_alone(
    hub, answered, pages, source, course_link
):
    lesson = source / "lessons" / "00_start_here.ipynb"
    notebook = nbformat.read(lesson, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell(UPDATE))  # on screen when the lesson opens
    nbformat.write(notebook, lesson)
    git(source, "commit", "-q", "-am", "Lesson 00 notes this week's update")

    folder = exercise_folder(hub, "alice")
    mine = {name: (folder / name).read_bytes() for name in (f"{STEM}.ipynb", f"{STEM}.answers.json")}
    page = pages["alice"]
    page.goto(course_link)
    page.wait_for_url("**/lab/tree/**", timeout=180_000)
    assert UPDATE in (hub.homes / "alice" / "cbec-course" / "lessons" / "00_start_here.ipynb").read_text(
        "utf-8"
    )
    assert {name: (folder / name).read_bytes() for name in mine} == mine
    assert UPDATE not in (hub.homes / "bob" / "cbec-course" / "lessons" / "00_start_here.ipynb").read_text(
        "utf-8"
    )
    page.goto(f"{hub.url}/user/alice/lab/tree/cbec-course/lessons/00_start_here.ipynb")
    page.locator(".jp-RenderedMarkdown", has_text=UPDATE).first.wait_for(
        timeout=60_000
    )  # as the student sees it
    page.screenshot(path=str(ARTIFACTS / "hub-alice-after-update.png"), full_page=True)


def _course_files(homes):
    """Every file of each student's course folder, with its mtime and bytes. The students' servers are
    still running, and JupyterLab rewrites its own workspace state under ~/.jupyter at any moment, so
    only the course folders, which collect reads, can be compared before and after."""
    return {
        p: (p.stat().st_mtime_ns, p.read_bytes())
        for p in homes.glob("*/cbec-course/**/*")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    }


def test_collect_from_the_hub_homes_then_grade(hub, answered, tmp_path):
    before = _course_files(hub.homes)
    found = collect(hub.homes, "01", tmp_path / "submissions")
    after = _course_files(hub.homes)
    assert before  # the comparison covers the students' exercises and answer stores
    assert after == before
    assert sorted(found.copied) == sorted(STUDENTS) and found.missing == []

    results = grade(tmp_path / "submissions", tmp_path / "grades", Options(jobs=1, cell_timeout=60))
    statuses = {s.student_id: {q.qid: q.status for q in s.notebooks[0].questions} for s in results.students}
    widgets = [q.qid for q in widget_questions(BANK)]
    wrong = _wrong_question().qid
    assert all(statuses["alice"][qid] == "correct" for qid in widgets)
    assert statuses["bob"][wrong] == "incorrect"
    assert all(statuses["bob"][qid] == "correct" for qid in widgets if qid != wrong)
