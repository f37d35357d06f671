"""``cbec grade`` against a class of adversarial submissions (see ``tests/grading_corpus.py``).

The whole class is graded in one run, the way an instructor would grade it; each case is then
checked against the table. Other tests here grade LMS zips, show that grading reads the
submissions without changing them and gives the same bytes twice, that feedback never shows
hidden tests, and that the command refuses unusable folders with a plain message.
"""

from __future__ import annotations

import html
import inspect
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from cbec import cli
from cbec.grader.assemble import assemble
from cbec.grader.feedback_html import FOLDER as FEEDBACK
from cbec.grader.feedback_html import feedback_filename
from cbec.grader.grade import Options, fingerprint, grade
from cbec.grader.results import ClassResults, StudentResult
from cbec.grader.submissions import SubmissionsError
from cbec.paths import course_root
from cbec.questions.code import call_quietly
from tests import grading_corpus as corpus
from tests.grading_corpus import CASES, CODES, NOTEBOOK, QIDS, Case, Sources

TOTALS = {case.name: case.total for case in CASES}
# Short limits keep the file fast: the loops cost a few seconds each, not minutes.
OPTIONS = dict(jobs=2, cell_timeout=3)


@dataclass
class Graded:
    submissions: Path
    out: Path
    results: ClassResults
    before: dict[str, str]
    after: dict[str, str]

    def student(self, name: str) -> StudentResult:
        return next(s for s in self.results.students if s.student == name)


@pytest.fixture(scope="module")
def sources() -> Sources:
    return Sources.load(course_root())


@pytest.fixture(scope="module")
def graded(sources, tmp_path_factory) -> Graded:
    root = tmp_path_factory.mktemp("corpus")
    submissions = corpus.build_class(sources, root / "submissions")
    before = fingerprint(submissions)
    results = grade(submissions, root / "out", Options(**OPTIONS))
    return Graded(submissions, root / "out", results, before, fingerprint(submissions))


def _statuses(student: StudentResult) -> dict[str, str]:
    (notebook,) = student.notebooks
    return {q.qid: q.status for q in notebook.questions}


# -- the class, case by case --------------------------------------------------------------------
@pytest.mark.kernel
def test_every_submission_is_graded_once(graded):
    assert sorted(s.student for s in graded.results.students) == sorted(c.student for c in CASES)


@pytest.mark.kernel
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_submission_gets_its_expected_grade(graded, case: Case):
    if case.needs_sandbox and graded.results.sandbox != "on":
        pytest.xfail(f"kernels are not sandboxed on this machine: {graded.results.sandbox}")
    student = graded.student(case.student)
    (notebook,) = student.notebooks
    messages = {q.qid: q.message for q in notebook.questions}
    assert (notebook.status, _statuses(student)) == (case.notebook, case.expected_statuses), messages
    assert student.score == case.total
    if case.reason:
        assert case.reason in notebook.reason
    else:
        assert notebook.reason == ""
    if notebook.status == "rejected":
        assert notebook.reason_zh, "a rejected student is told why, in Chinese"
    if case.message:
        number, text = case.message
        assert text in messages[corpus.qid(number)]


@pytest.mark.kernel
def test_grading_changes_nothing_among_the_submissions(graded):
    assert graded.after == graded.before


@pytest.mark.kernel
def test_the_same_submissions_graded_again_give_the_same_gradebook_bytes(graded, tmp_path):
    # A second run over a few of the students, a stopped kernel and a rejected notebook among
    # them, must reproduce their rows of the first gradebook byte for byte, and every result.
    again = ["full_marks", "partly_right", "kernel_dies", "invalid_json"]
    students = sorted(c.student for c in CASES if c.name in again)
    for name in students:
        shutil.copytree(graded.submissions / name, tmp_path / "subset" / name)
    results = grade(tmp_path / "subset", tmp_path / "out", Options(**OPTIONS))
    first = (graded.out / "gradebook.csv").read_bytes().decode("utf-8-sig").splitlines(keepends=True)
    rows = [first[0], *(line for line in first[1:] if line.split(",")[0] in students)]
    assert (tmp_path / "out" / "gradebook.csv").read_bytes() == "".join(rows).encode("utf-8-sig")
    for student in results.students:
        assert student.notebooks[0].questions == graded.student(student.student).notebooks[0].questions


# -- check cells holding learner code ------------------------------------------------------------
def _assembled_ids(src: Sources, nb, tmp_path: Path) -> list[str]:
    graded_nb = assemble(nb, list(src.checks.values()), corpus.BANK, "n0nce")
    return [c.get("id") for c in graded_nb.cells]


def test_a_check_cell_with_the_answer_in_it_stays_and_its_probe_follows_it(sources, tmp_path):
    check = sources.checks[corpus.qid(4)]
    probe = f"cbec-probe-{check.qid.replace('.', '-')}"
    nb = sources.answered()
    check_cell = corpus.cell(nb, check.cell_id)
    check_cell.source = f"{check.argument} = 1\n{check_cell.source}"
    ids = _assembled_ids(sources, nb, tmp_path)
    assert ids[ids.index(probe) - 1] == check.cell_id
    # Moved to the top, it still runs, but the probe stays after the answer cell.
    nb.cells.remove(check_cell)
    nb.cells.insert(0, check_cell)
    ids = _assembled_ids(sources, nb, tmp_path)
    assert ids[0] == check.cell_id and ids[ids.index(probe) - 1] == check.anchor


# -- hidden tests stay hidden -------------------------------------------------------------------
def test_the_hidden_case_submission_passes_every_public_case(sources):
    # Otherwise the case would prove nothing: the learner's own check says "correct".
    namespace: dict = {}
    exec(corpus.function_without_default(sources), namespace)
    function = next(v for k, v in namespace.items() if callable(v) and not k.startswith("__"))
    q6 = corpus.question(6)
    public = [call_quietly(function, args) for args in q6.public_cases()]
    hidden = [call_quietly(function, args) for args in q6.secret_cases()]
    assert q6.judge_outcomes(public).passed
    assert not q6.judge_outcomes(public, hidden).passed


def _hidden_inputs() -> list[str]:
    """The hidden cases' distinctive numbers and texts, as a page could spell them."""
    import pandas as pd

    found = set()
    for args in corpus.question(6).secret_cases():
        for arg in args:
            if isinstance(arg, pd.DataFrame):
                found |= {f"{v:g}" for v in arg.select_dtypes("number").to_numpy().ravel() if abs(v) >= 300}
                found.add(arg.to_string().splitlines()[1].strip())
    return sorted(found)


def _bank_code_lines() -> list[str]:
    """Lines of the bank's code; lines that are only text (options, messages) are public."""
    lines = [line.strip() for line in inspect.getsource(corpus.BANK).splitlines()]
    return [line for line in lines if len(line) > 24 and not line.startswith(("'", '"', "#"))]


def _texts(out: Path) -> dict[str, str]:
    """Every text file grading wrote: feedback pages, the report, the gradebook, the grades."""
    return {
        str(p.relative_to(out)): p.read_text(encoding="utf-8-sig")
        for p in sorted(out.rglob("*"))
        if p.suffix in (".html", ".csv", ".json")
    }


@pytest.mark.kernel
def test_feedback_never_shows_hidden_inputs_or_bank_code(graded):
    case = next(c for c in CASES if c.name == "fails_hidden_case")
    taken: set[str] = set()
    pages = {s.student: feedback_filename(s.student, taken) for s in graded.results.students}
    page = (graded.out / FEEDBACK / pages[case.student]).read_text(encoding="utf-8")
    assert "隐藏测试" in page
    # The page shows the learner's own answer cells; this learner copied the solution's code,
    # which is theirs to see. Everything else on the page must hold no line of the bank.
    answers = re.findall(r"<pre class='answer'><code>.*?</code></pre>", page, flags=re.S)
    assert answers
    for answer in answers:
        page = page.replace(answer, "")
    for line in _bank_code_lines():
        assert line not in page and html.escape(line) not in page, line
    hidden = _hidden_inputs()
    assert hidden
    for name, text in _texts(graded.out).items():
        for token in hidden:
            assert not re.search(rf"(?<![\w.]){re.escape(token)}(?![\w])", text), (name, token)


# -- LMS zips ---------------------------------------------------------------------------------
def _gbk_zip(path: Path, members: dict[str, bytes]) -> None:
    """A zip whose Chinese names are GBK bytes without the UTF-8 flag, as Windows tools write.

    zipfile always flags non-ASCII names as UTF-8, so each name goes in as an ASCII stand-in
    of the same length in bytes, swapped for the GBK bytes afterwards.
    """
    stand_ins = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for number, (name, data) in enumerate(members.items()):
            raw = name.encode("gbk")
            stand_in = f"{number:02d}".ljust(len(raw), "#") if not name.isascii() else name
            stand_ins[stand_in.encode()] = raw
            zf.writestr(stand_in, data)
    content = path.read_bytes()
    for stand_in, raw in stand_ins.items():
        content = content.replace(stand_in, raw)
    path.write_bytes(content)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def _scores(results: ClassResults) -> dict[str, tuple[float, str]]:
    return {s.student: (s.score, s.notebooks[0].reason) for s in results.students}


@pytest.mark.kernel
def test_a_canvas_zip_is_graded(sources, tmp_path):
    corpus.full_marks(sources, tmp_path / "a")
    corpus.partly_right(sources, tmp_path / "b")
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in _files(tmp_path / "a").items():
            zf.writestr(f"zhangsan_4711_90001_{name}", data)
        for name, data in _files(tmp_path / "b").items():  # a resubmission: Canvas adds "-1"
            zf.writestr(f"lisi_LATE_4712_90002_{name.replace('.ipynb', '-1.ipynb')}", data)
    before = fingerprint(archive)
    results = grade(archive, tmp_path / "out", Options(**OPTIONS))
    assert _scores(results) == {
        "zhangsan": (TOTALS["full_marks"], ""),
        "lisi": (TOTALS["partly_right"], f"graded {corpus.STEM}-1.ipynb as {NOTEBOOK}"),
    }
    assert fingerprint(archive) == before


@pytest.mark.kernel
def test_a_moodle_zip_with_gbk_names_is_graded(sources, tmp_path):
    corpus.full_marks(sources, tmp_path / "a")
    corpus.partly_right(sources, tmp_path / "b")
    members = {f"张三_1001_assignsubmission_file_/{n}": d for n, d in _files(tmp_path / "a").items()}
    members |= {f"Li Si_1002_assignsubmission_file_/{n}": d for n, d in _files(tmp_path / "b").items()}
    archive = tmp_path / "moodle.zip"
    _gbk_zip(archive, members)
    assert any(
        not i.flag_bits & 0x800 and not i.filename.isascii() for i in zipfile.ZipFile(archive).infolist()
    )
    results = grade(archive, tmp_path / "out", Options(**OPTIONS))
    assert _scores(results) == {"张三": (TOTALS["full_marks"], ""), "Li Si": (TOTALS["partly_right"], "")}


def test_a_zip_with_a_path_outside_is_refused_and_nothing_is_written(tmp_path, monkeypatch):
    # The work folder goes under tmp_path, so "../.." from the unpacking folder lands in it too.
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    archive = tmp_path / "class" / "evil.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"wangwu/{NOTEBOOK}", "{}")
        zf.writestr("../../escaped.txt", "x")
    listing = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with pytest.raises(SubmissionsError, match="unsafe path"):
        grade(archive, tmp_path / "out", Options(**OPTIONS))
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == listing


# -- the command --------------------------------------------------------------------------------
def _refused(capsys, *args: str) -> str:
    """``cbec grade`` with ``args``: it must exit with 2 and one plain line on stderr."""
    assert cli.main(["grade", *args]) == 2  # the exit code: ``python -m cbec.cli`` exits with it
    err = capsys.readouterr().err
    assert err.startswith("cbec grade: ") and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_the_command_refuses_a_missing_submissions_path(tmp_path, capsys):
    assert "does not exist" in _refused(capsys, str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_the_command_refuses_an_out_folder_inside_the_submissions(tmp_path, capsys):
    (tmp_path / "class" / "张三").mkdir(parents=True)
    before = fingerprint(tmp_path / "class")
    err = _refused(capsys, str(tmp_path / "class"), "--out", str(tmp_path / "class" / "grades"))
    assert "inside the submissions" in err
    assert fingerprint(tmp_path / "class") == before
    assert not (tmp_path / "class" / "grades").exists()


def test_the_command_refuses_a_non_empty_out_folder_without_earlier_grades(tmp_path, capsys):
    (tmp_path / "class" / "张三").mkdir(parents=True)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    assert "not empty" in _refused(capsys, str(tmp_path / "class"), "--out", str(tmp_path / "out"))
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["notes.txt"]


def test_the_table_gives_each_student_a_folder_and_uses_every_status():
    assert len({c.student for c in CASES}) == len(CASES)
    assert all(len(c.statuses) == len(QIDS) for c in CASES)
    # "error" (evidence too malformed to judge) needs a forged probe payload; its verdict is
    # asserted in tests/test_grader_units.py::test_function_answers_are_judged_on_reported_outcomes...
    assert {letter for c in CASES for letter in c.statuses} == set(CODES) - {"E"}


@pytest.mark.kernel
def test_plain_kernels_grade_the_same_and_say_they_are_not_sandboxed(graded, sources, tmp_path):
    """The fallback for systems without fork: each kernel started from scratch."""
    names = ["full_marks", "partly_right"]
    for case in (c for c in CASES if c.name in names):
        shutil.copytree(graded.submissions / case.student, tmp_path / "class" / case.student)
    # A plain kernel imports pandas in the first cell: on a busy machine that outlasts 3 s.
    options = Options(**{**OPTIONS, "cell_timeout": 30}, plain_kernels=True)
    results = grade(tmp_path / "class", tmp_path / "out", options)
    assert results.sandbox == "plain kernels are not sandboxed"
    for student in results.students:
        assert student.notebooks[0].questions == graded.student(student.student).notebooks[0].questions
