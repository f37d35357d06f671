"""``cbec grade`` at the level of a class: who is who, what the notes say, regrading some
students into earlier grades, and faults of the grader itself (retried, then reported, never
scored). Points and questions are read from the bank, not assumed."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from cbec import cli
from cbec.grader import forkserver
from cbec.grader.grade import Options, grade
from cbec.grader.results import GRADER_ERROR, ClassResults
from cbec.grader.submissions import collect
from cbec.paths import course_root
from tests import grading_corpus as corpus
from tests.grading_corpus import Sources

OPTIONS = dict(jobs=2, cell_timeout=3)
FULL = sum(float(q.points) for q in corpus.QUESTIONS)
# partly_right answers question 1 and question 4 wrongly (no partial credit for either)
PARTLY = FULL - float(corpus.question(1).points) - float(corpus.question(4).points)


def _rows(out: Path) -> list[dict[str, str]]:
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _canvas(folder: Path, built: Path, name: str, user_id: int) -> None:
    """The files of one student as Canvas exports them: flat, prefixed with name and ids."""
    for number, path in enumerate(sorted(built.iterdir())):
        shutil.copyfile(path, folder / f"{name}_{user_id}_{90000 + user_id * 10 + number}_{path.name}")


LOOP_IN_FUNCTION = "    while True:  # 死循环只在函数里\n        pass\n"


def _loop_inside_q6(src: Sources, folder: Path) -> None:
    nb = src.answered()
    answer = corpus.cell(nb, src.answer_cell_id(corpus.qid(6)))
    answer.source = re.sub(r"(def \w+\(.*?\):\n)", lambda m: m[1] + LOOP_IN_FUNCTION, answer.source, count=1)
    corpus.answered_with_store(src, folder, nb)


@pytest.fixture(scope="module")
def sources() -> Sources:
    return Sources.load(course_root())


@pytest.fixture(scope="module")
def graded_class(sources, tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    subs = root / "submissions"
    subs.mkdir()
    built = root / "built"
    corpus.full_marks(sources, built / "full")
    corpus.partly_right(sources, built / "partly")
    # Canvas: two students called wangwei, ids 10002 and 10003
    _canvas(subs, built / "full", "wangwei", 10002)
    _canvas(subs, built / "partly", "wangwei", 10003)
    # Moodle: two students called 王伟, participant ids 1001 and 1002
    shutil.copytree(built / "full", subs / "王伟_1001_assignsubmission_file_")
    shutil.copytree(built / "partly", subs / "王伟_1002_assignsubmission_file_")
    # two folders claiming one id: both kept, both flagged
    shutil.copytree(built / "full", subs / "Li Na_1005_assignsubmission_file_")
    shutil.copytree(built / "partly", subs / "李娜_1005_assignsubmission_file_")
    # points lost inside single questions, with no note on the notebook
    _loop_inside_q6(sources, subs / "loop_in_q6")
    corpus.patched_probe(sources, subs / "tampered")
    corpus.fails_hidden_case(sources, subs / "hidden_failed")
    results = grade(subs, root / "out", Options(**OPTIONS))
    return subs, root / "out", results


# -- identity --------------------------------------------------------------------------------------
def test_same_names_in_canvas_and_moodle_layouts_stay_apart_without_kernels(tmp_path):
    for name in ("wangwei_10002_1_a.ipynb", "wangwei_10002_2_a.answers.json", "wangwei_10003_3_a.ipynb"):
        (tmp_path / name).write_text("{}")
    for folder in ("王伟_1001_assignsubmission_file_", "王伟_1002_assignsubmission_file_", 'O\'Neil "Bo"'):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.ipynb").write_text("{}")
    subs = collect(tmp_path, tmp_path / "scratch")
    got = sorted((s.student, s.student_id, sorted(s.files)) for s in subs)
    assert got == [
        ('O\'Neil "Bo"', 'O\'Neil "Bo"', ["a.ipynb"]),
        ("wangwei", "10002", ["a.answers.json", "a.ipynb"]),
        ("wangwei", "10003", ["a.ipynb"]),
        ("王伟", "1001", ["a.ipynb"]),
        ("王伟", "1002", ["a.ipynb"]),
    ]
    assert not any(s.flags for s in subs)


@pytest.mark.kernel
def test_same_names_give_separate_rows_with_their_ids(graded_class):
    _, out, _ = graded_class
    rows = {(r["student_id"], r["name"]): r for r in _rows(out)}
    expected = {("10002", "wangwei"): FULL, ("10003", "wangwei"): PARTLY}
    expected |= {("1001", "王伟"): FULL, ("1002", "王伟"): PARTLY}
    for key, total in expected.items():
        assert float(rows[key]["total"]) == total, rows[key]


@pytest.mark.kernel
def test_two_claims_of_one_id_are_both_listed_and_flagged(graded_class):
    _, out, _ = graded_class
    claims = [r for r in _rows(out) if r["student_id"] == "1005"]
    assert sorted((r["name"], float(r["total"])) for r in claims) == [("Li Na", FULL), ("李娜", PARTLY)]
    assert all("claimed by 2 submissions" in r["notes"] and "学号冲突" in r["notes_zh"] for r in claims)
    assert len(list((out / "feedback").glob("*1005*.html"))) == 2


# -- notes ---------------------------------------------------------------------------------------
def _notes(out: Path, student_id: str, name: str | None = None) -> tuple[str, str]:
    row = next(r for r in _rows(out) if r["student_id"] == student_id and r["name"] == (name or student_id))
    return row["notes"], row["notes_zh"]


@pytest.mark.kernel
def test_every_lost_point_is_named_in_both_languages(graded_class):
    _, out, results = graded_class
    for student in results.students:
        notes, notes_zh = _notes(out, student.key, student.student)
        for notebook in student.notebooks:
            for q in notebook.questions:
                assert (q.qid in notes and q.qid in notes_zh) == (q.status != "correct"), (student.key, q)


@pytest.mark.kernel
def test_a_loop_inside_one_question_tampering_and_hidden_cases_are_in_the_notes(graded_class):
    _, out, _ = graded_class
    q4, q6 = corpus.qid(4), corpus.qid(6)
    notes, notes_zh = _notes(out, "loop_in_q6")
    assert re.search(rf"{re.escape(q6)} not run: .*time limit", notes), notes
    assert f"{q6} 没有运行" in notes_zh and "时间限制" in notes_zh
    notes, notes_zh = _notes(out, "tampered")
    assert re.search(rf"{re.escape(q4)} not run: .*reported no answer", notes), notes
    assert f"{q4} 没有运行" in notes_zh
    notes, notes_zh = _notes(out, "hidden_failed")
    assert f"{q6} passed the public cases, failed hidden cases" in notes
    assert "隐藏测试" in notes_zh


# -- regrading ---------------------------------------------------------------------------------
def _graded_at(out: Path) -> dict[str, str]:
    return {s.key + "|" + s.student: s.graded_at for s in ClassResults.load(out / "grades.json").students}


@pytest.mark.kernel
def test_regrading_one_student_keeps_the_others(graded_class, sources, tmp_path, capsys):
    subs, first_out, _ = graded_class
    out = tmp_path / "out"
    shutil.copytree(first_out, out)
    before_rows = {r["student_id"] + r["name"]: r for r in _rows(out)}
    before_pages = {p.name: p.read_bytes() for p in (out / "feedback").iterdir()}
    before_times = _graded_at(out)
    # 王伟 (1002) hands in a corrected notebook; only they are regraded, from the full folder
    changed = tmp_path / "subs"
    shutil.copytree(subs, changed)
    target = changed / "王伟_1002_assignsubmission_file_"
    shutil.rmtree(target)
    corpus.full_marks(sources, target)
    assert cli.main(["grade", str(changed), "--out", str(out), "--only", "1002", "--jobs", "2"]) == 0
    after_rows = {r["student_id"] + r["name"]: r for r in _rows(out)}
    assert set(after_rows) == set(before_rows)
    assert float(after_rows["1002王伟"]["total"]) == FULL
    assert {k: v for k, v in after_rows.items() if k != "1002王伟"} == {
        k: v for k, v in before_rows.items() if k != "1002王伟"
    }
    after_pages = {p.name: p.read_bytes() for p in (out / "feedback").iterdir()}
    assert set(after_pages) == set(before_pages)
    assert [n for n in after_pages if after_pages[n] != before_pages[n]] == ["王伟_1002.html"]
    times = _graded_at(out)
    assert [k for k in times if times[k] != before_times[k]] == ["1002|王伟"]
    # grading a folder that holds one student into the same grades also keeps the class
    one = tmp_path / "one"
    shutil.copytree(subs / "hidden_failed", one / "hidden_failed")
    assert cli.main(["grade", str(one), "--out", str(out)]) == 0
    assert len(_rows(out)) == len(before_rows)
    assert "1 students graded (" in capsys.readouterr().out


def test_only_refuses_an_unknown_id(tmp_path, capsys):
    (tmp_path / "class" / "张三").mkdir(parents=True)
    assert cli.main(["grade", str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--only", "9"]) == 2
    assert "no submission has the id 9" in capsys.readouterr().err


# -- faults of the grader ----------------------------------------------------------------------
def _two_students(sources: Sources, folder: Path) -> Path:
    corpus.full_marks(sources, folder / "a_first")
    corpus.full_marks(sources, folder / "b_second")
    return folder


def _break(monkeypatch, tmp_path: Path, times: int, what: str, part: str = "") -> None:
    monkeypatch.setenv(forkserver.BREAK_ENV, f"{tmp_path / 'broken-count'}:{times}:{what}:{part}")


@pytest.mark.kernel
@pytest.mark.parametrize("what", ["kernel", "template"])
def test_a_kernel_start_failure_is_retried_with_a_fresh_kernel(what, sources, tmp_path, monkeypatch):
    subs = _two_students(sources, tmp_path / "class")
    _break(monkeypatch, tmp_path, 1, what)
    results = grade(subs, tmp_path / "out", Options(jobs=1, cell_timeout=3))
    assert (tmp_path / "broken-count").read_text() == "1"
    assert [(s.student, s.score) for s in results.students] == [("a_first", FULL), ("b_second", FULL)]
    assert "graded at attempt 2" in results.students[0].notebooks[0].reason
    assert not any(s.ungraded for s in results.students)


@pytest.mark.kernel
def test_three_failures_leave_the_notebook_ungraded_and_the_command_fails(
    sources, tmp_path, monkeypatch, capsys
):
    subs = _two_students(sources, tmp_path / "class")
    _break(monkeypatch, tmp_path, 3, "kernel", "s0000")  # a_first's kernel, in every attempt
    out = tmp_path / "out"
    assert cli.main(["grade", str(subs), "--out", str(out), "--jobs", "1", "--timeout", "3"]) == 1
    err = capsys.readouterr().err
    assert "NOT graded because the grader failed" in err and "a_first" in err and "--only a_first" in err
    rows = {r["student_id"]: r for r in _rows(out)}
    ungraded = rows["a_first"]
    assert ungraded["total"] == "" and all(ungraded[qid] == "" for qid in corpus.QIDS)
    assert "GRADER ERROR" in ungraded["notes"] and "could not start" in ungraded["notes"]
    assert float(rows["b_second"]["total"]) == FULL
    saved = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    (notebook,) = next(s for s in saved["students"] if s["student"] == "a_first")["notebooks"]
    assert notebook["status"] == GRADER_ERROR and notebook["questions"] == []
    assert "not graded after 3 attempts" in notebook["reason"]
    page = next((out / "feedback").glob("a_first*.html")).read_text(encoding="utf-8")
    assert "暂无" in page and "不是你的问题" in page
    # the regrade the summary proposes, once the machine works again, completes the class
    monkeypatch.delenv(forkserver.BREAK_ENV)
    assert cli.main(["grade", str(subs), "--out", str(out), "--only", "a_first", "--timeout", "3"]) == 0
    assert {r["student_id"]: float(r["total"]) for r in _rows(out)} == {"a_first": FULL, "b_second": FULL}


@pytest.mark.kernel
def test_an_error_of_the_judge_is_a_grader_fault_and_is_retried(sources, tmp_path, monkeypatch):
    from cbec.grader import grade as grading

    real, calls = grading._graded, []

    def judge_failing_once(*args):
        calls.append(1)
        if len(calls) == 1:
            raise KeyError("a bug in the judge")
        return real(*args)

    monkeypatch.setattr(grading, "_graded", judge_failing_once)
    corpus.full_marks(sources, tmp_path / "class" / "张三")
    results = grade(tmp_path / "class", tmp_path / "out", Options(jobs=1, cell_timeout=3))
    (student,) = results.students
    assert len(calls) == 2 and student.score == FULL and not student.ungraded
    assert "graded at attempt 2" in student.notebooks[0].reason
