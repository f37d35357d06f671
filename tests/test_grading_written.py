"""``cbec grade`` with written answers, on the small bank ``tests/written_bank`` (two written
questions and a choice question): written answers need marking (0 points), the marking
workspace (anonymous pages, a pre-filled marks.csv, a key), ``--marks`` merged into totals,
feedback and report, every bad marks file refused by line with nothing half-applied, and
learner text (blank, huge, HTML and script) escaped on every page."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from cbec import cli
from cbec.answer_store import FORMAT as STORE_FORMAT
from cbec.answer_store import SUFFIX as STORE_SUFFIX
from cbec.grader import grade as grading
from cbec.grader.grade import Marking, Options, fingerprint, grade, merge_marks
from cbec.grader.marking import FOLDER, KEY_FILE, KEY_FOLDER, MARKS_FILE, read_codes, write_workspace
from cbec.grader.marks import (
    COLUMNS,
    HASH_COLUMN,
    MarksError,
    answer_hash,
    plain_cell,
    read_marks,
    safe_cell,
)
from cbec.grader.results import ClassResults
from cbec.questions.written import MAX_CHARS
from tests import written_bank as wb

Q1, Q2, Q3 = (q.qid for q in (wb.l99.q1, wb.l99.q2, wb.l99.q3))
HTML = "<script>alert('x')</script><img src=x onerror=alert(1)></div>"
HUGE = ("<b>长</b>" * MAX_CHARS)[: MAX_CHARS - 10] + "风险 3"  # kept: just under the limit
TOO_LONG = "风" * 200_000 + "<script>alert(2)</script>"  # over the limit: refused with a reason
HOSTILE_NAME = "王<img src=x onerror=alert(3)>"

# student folder → (stored answers, or None for no answers file; statuses of Q1, Q2, Q3)
CASES = {
    "张三": (dict(wb.l99.MODEL_ANSWERS), ("needs_marking", "needs_marking", "correct")),
    "李四": ({Q1: "  \n ", Q3: "先推后测"}, ("not_attempted", "not_attempted", "incorrect")),
    HOSTILE_NAME: ({Q1: HTML + " 风险 3", Q2: HTML}, ("needs_marking", "needs_marking", "not_attempted")),
    "huge": ({Q1: TOO_LONG, Q2: HUGE}, ("invalid", "needs_marking", "not_attempted")),
    "no_store": (None, ("not_attempted", "not_attempted", "not_attempted")),
}
TO_MARK = [
    (s, q)
    for s, (_, statuses) in CASES.items()
    for q, st in zip((Q1, Q2), statuses[:2], strict=True)
    if st == "needs_marking"
]
CRITERIA = {q.qid: [c.key for c in q.rubric] for q in (wb.l99.q1, wb.l99.q2)}
TOP = {q.qid: {c.key: c.max_points for c in q.rubric} for q in (wb.l99.q1, wb.l99.q2)}
OPTIONS = dict(jobs=2, cell_timeout=30)


def _write_student(folder: Path, answers: dict | None) -> None:
    folder.mkdir(parents=True)
    nbformat.write(wb.notebook(), folder / f"{wb.STEM}.ipynb")
    if answers is not None:
        content = {
            "format": STORE_FORMAT,
            "exercise": wb.BANK.exercise.lesson,
            "answers": {k: {"value": v} for k, v in answers.items()},
        }
        text = json.dumps(content, ensure_ascii=False)
        (folder / f"{wb.STEM}{STORE_SUFFIX}").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        yield wb.install(mp, wb.course_with_bank(tmp_path_factory.mktemp("course")))


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    root = tmp_path_factory.mktemp("written")
    for name, (answers, _) in CASES.items():
        _write_student(root / "submissions" / name, answers)
    results = grade(root / "submissions", root / "out", Options(**OPTIONS))
    return root, results


@pytest.fixture
def out(graded, tmp_path) -> Path:
    """A copy of the graded output, to merge marks into."""
    shutil.copytree(graded[0] / "out", tmp_path / "out")
    return tmp_path / "out"


def _statuses(results: ClassResults, name: str) -> tuple[str, ...]:
    student = next(s for s in results.students if s.student == name)
    return tuple(q.status for q in student.notebooks[0].questions)


def _result(results: ClassResults, name: str, qid: str):
    student = next(s for s in results.students if s.student == name)
    return next(q for q in student.notebooks[0].questions if q.qid == qid)


def _codes(out: Path) -> dict[str, str]:
    """student → code."""
    return {key: code for code, key in read_codes(out / FOLDER).items()}


def _marks_rows(out: Path) -> list[dict[str, str]]:
    with open(out / FOLDER / MARKS_FILE, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_marks(path: Path, rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "qid", "criterion", "points", "comment"])
        writer.writerows(rows)
    return path


def _full_marks(out: Path, comment: str = "好") -> list[list]:
    """Every answer to mark: the top level on each criterion for 张三, 1 point elsewhere."""
    codes = _codes(out)
    return [
        [codes[s], q, c, TOP[q][c] if s == "张三" else 1, comment] for s, q in TO_MARK for c in CRITERIA[q]
    ]


def _pages(out: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in out.rglob("*.html")}


# -- grading: needs marking --------------------------------------------------------------------------
@pytest.mark.kernel
@pytest.mark.parametrize("name", list(CASES))
def test_written_answers_need_marking_and_score_nothing_yet(graded, name):
    _, results = graded
    assert _statuses(results, name) == CASES[name][1]
    for qid in (Q1, Q2):
        assert _result(results, name, qid).score == 0


@pytest.mark.kernel
def test_a_text_over_the_limit_is_refused_with_a_chinese_reason(graded):
    message = _result(graded[1], "huge", Q1).message
    assert f"上限 {MAX_CHARS}" in message and "Traceback" not in message
    assert _result(graded[1], "huge", Q2).answer == HUGE  # just under the limit: kept whole


@pytest.mark.kernel
def test_the_gradebook_says_what_needs_marking(graded):
    with open(graded[0] / "out" / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    assert f"{Q1} written answer needs marking" in rows["张三"]["notes"]
    assert "待老师评分" in rows["张三"]["notes_zh"]
    assert rows["张三"]["total"] == f"{wb.l99.q3.points:g}"


# -- the marking workspace ---------------------------------------------------------------------------
@pytest.mark.kernel
def test_workspace_has_a_page_per_written_question_anonymised(graded):
    out = graded[0] / "out"
    codes = _codes(out)
    assert set(codes) == set(CASES)  # the key names every student
    for qid in (Q1, Q2):
        page = (out / FOLDER / f"{qid}.html").read_text(encoding="utf-8")
        assert "用数据支撑" in page or "节省的估计" in page  # the rubric beside the answers
        here = {name for name, question in TO_MARK if question == qid}
        for name in CASES:
            assert (codes[name] in page) == (name in here)
        assert "张三" not in page and "李四" not in page  # no names, no ids
        assert wb.l99.MODEL_ANSWERS[qid][:12] in page  # 张三's answer is shown
    guide = (out / FOLDER / f"{Q1}.html").read_text(encoding="utf-8")
    assert wb.l99.q1.solution_text in guide  # the marking guide, for the teacher


@pytest.mark.kernel
def test_marks_csv_is_prefilled_with_the_codes_of_the_pages(graded):
    out = graded[0] / "out"
    codes = _codes(out)
    rows = _marks_rows(out)
    expected = sorted((codes[s], q, c) for s, q in TO_MARK for c in CRITERIA[q])
    assert sorted((r["student_id"], r["qid"], r["criterion"]) for r in rows) == expected
    assert all(r["points"] == "" and r["comment"] == "" for r in rows)


@pytest.mark.kernel
def test_real_ids_show_ids_and_names_escaped_and_codes_stay(graded, tmp_path):
    _, results = graded
    first = write_workspace(results, tmp_path)
    codes = read_codes(first.folder)
    write_workspace(results, tmp_path, real_ids=True)
    assert read_codes(first.folder) == codes  # a later run keeps every code
    page = (tmp_path / FOLDER / f"{Q1}.html").read_text(encoding="utf-8")
    assert "张三" in page and "&lt;img src=x onerror=alert(3)&gt;" in page and "<img src=x" not in page


# -- merging marks -------------------------------------------------------------------------------------
@pytest.mark.kernel
def test_marks_merge_into_totals_feedback_and_report(out, capsys):
    marks = _write_marks(out.parent / "marks.csv", _full_marks(out, comment=f"评语 {HTML}"))
    assert cli.main(["grade", "--out", str(out), "--marks", str(marks)]) == 0
    assert f"{len(TO_MARK)} written answers marked" in capsys.readouterr().out
    results = ClassResults.load(out / "grades.json")
    top = sum(q.points for q in (wb.l99.q1, wb.l99.q2)) + wb.l99.q3.points
    assert next(s for s in results.students if s.student == "张三").score == top
    assert _result(results, "张三", Q1).status == "marked"
    hostile = next(s for s in results.students if s.student == HOSTILE_NAME)
    assert hostile.score == sum(len(CRITERIA[q]) for s, q in TO_MARK if s == HOSTILE_NAME)
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    assert rows["张三"]["total"] == f"{top:g}" and rows["张三"][Q1] == f"{wb.l99.q1.points:g}"
    feedback = (out / "feedback" / "张三.html").read_text(encoding="utf-8")
    assert "周全" in feedback and "3 / 3" in feedback and "评语 &lt;script&gt;" in feedback
    report = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "Written answers by criterion" in report and "周全（3 分）: 1" in report


@pytest.mark.kernel
def test_partly_filled_marks_leave_those_answers_waiting_and_say_so(out, capsys):
    rows = _full_marks(out)
    code = _codes(out)["张三"]
    blank = next(r for r in rows if r[0] == code and r[1] == Q1)
    blank[3] = ""
    marks = _write_marks(out.parent / "marks.csv", rows)
    assert cli.main(["grade", "--out", str(out), "--marks", str(marks)]) == 0
    printed = capsys.readouterr().out
    assert f"partly marked, still needs_marking (0 points): 张三 {Q1} (1 of 2 criteria)" in printed
    results = ClassResults.load(out / "grades.json")
    assert _result(results, "张三", Q1).status == "needs_marking" and _result(results, "张三", Q1).score == 0
    assert _result(results, "张三", Q2).status == "marked"


@pytest.mark.kernel
def test_real_ids_in_the_marks_file_are_accepted(out):
    codes = _codes(out)
    rows = [[next(k for k, c in codes.items() if c == r[0]), *r[1:]] for r in _full_marks(out)]
    merge_marks(out, Marking(_write_marks(out.parent / "marks.csv", rows)))
    assert _result(ClassResults.load(out / "grades.json"), "张三", Q2).status == "marked"


def _bad(out: Path, kind: str) -> tuple[list[list], int]:
    """A marks file with one fault, and the line it is on (the header is line 1)."""
    rows = _full_marks(out)
    codes = _codes(out)
    line = 3
    row = rows[line - 2]
    top = TOP[row[1]][row[2]]
    if kind == "above_max":
        row[3] = top + 1
    elif kind == "negative":
        row[3] = -1
    elif kind == "not_a_number":
        row[3] = "两分"
    elif kind == "unknown_student":
        row[0] = "S0000"
    elif kind == "unknown_question":
        row[1] = "L99.Q7"
    elif kind == "not_written":
        row[1] = Q3
    elif kind == "unknown_criterion":
        row[2] = "style"
    elif kind == "duplicate":
        rows.append(list(rows[0]))
        line = len(rows) + 1
    elif kind == "nothing_to_mark":
        row[0] = codes["李四"]
    return rows, line


BAD = {
    "above_max": "above its maximum",
    "negative": "must be between 0",
    "not_a_number": "is not a number",
    "unknown_student": "unknown student 'S0000'",
    "unknown_question": "unknown question 'L99.Q7'",
    "not_written": f"unknown question '{Q3}'",
    "unknown_criterion": "unknown criterion 'style'",
    "duplicate": "duplicate row",
    "nothing_to_mark": "has no answer to",
}


@pytest.mark.kernel
@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_marks_file_is_refused_by_line_and_nothing_is_applied(out, kind, capsys):
    rows, line = _bad(out, kind)
    marks = _write_marks(out.parent / "marks.csv", rows)
    before = fingerprint(out)
    assert cli.main(["grade", "--out", str(out), "--marks", str(marks)]) == 2
    error = capsys.readouterr().err
    assert f"line {line}: " in error and BAD[kind] in error and "no marks were applied" in error
    assert "Traceback" not in error
    assert fingerprint(out) == before


@pytest.mark.kernel
def test_a_marks_file_without_its_header_is_refused(out):
    path = out.parent / "marks.csv"
    path.write_text("S1234,L99.Q1,evidence,1,\n", encoding="utf-8")
    before = fingerprint(out)
    with pytest.raises(MarksError, match="line 1 must be the header"):
        merge_marks(out, Marking(path))
    assert fingerprint(out) == before


@pytest.mark.kernel
def test_grading_with_marks_merges_them_and_keeps_the_marks_file(graded, out, monkeypatch, capsys):
    root, _ = graded
    shutil.copyfile(_write_marks(out.parent / "marks.csv", _full_marks(out)), out / FOLDER / MARKS_FILE)
    edited = (out / FOLDER / MARKS_FILE).read_bytes()
    command = [
        "grade",
        str(root / "submissions"),
        "--out",
        str(out),
        "--marks",
        str(out / FOLDER / MARKS_FILE),
    ]
    assert cli.main(command) == 0
    assert "marks.csv (kept: it may hold your marks)" in capsys.readouterr().out
    assert (out / FOLDER / MARKS_FILE).read_bytes() == edited  # the teacher's file is never rewritten
    assert _result(ClassResults.load(out / "grades.json"), "张三", Q1).status == "marked"
    # A bad file is refused before any notebook is graded.
    _write_marks(out.parent / "bad.csv", [["S0000", "L99.Q7", "x", "1", ""]])
    monkeypatch.setattr(grading, "run_attempts", lambda *a: pytest.fail("graded despite a bad marks file"))
    assert cli.main([*command[:-1], str(out.parent / "bad.csv")]) == 2


# -- escaping ----------------------------------------------------------------------------------------
@pytest.mark.kernel
def test_learner_text_is_escaped_on_every_page(out):
    merge_marks(out, Marking(_write_marks(out.parent / "marks.csv", _full_marks(out, comment=HTML))))
    pages = _pages(out)
    assert {p.parent.name for p in pages} == {"feedback", "report", FOLDER}
    for path, page in pages.items():
        for raw in ("<script>alert", "<img src=x", "<b>长</b>"):
            assert raw not in page, f"{path.name} holds {raw!r} unescaped"
    marking = (out / FOLDER / f"{Q1}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in marking
    assert "&lt;b&gt;长&lt;/b&gt;" in (out / FOLDER / f"{Q2}.html").read_text(encoding="utf-8")


# -- reading marks files (no kernels) ----------------------------------------------------------------
QUESTIONS = {"L99.Q1": {"evidence": 2.0, "risks": 3.0}}
HEADER = "student_id,qid,criterion,points,comment\n"


def test_a_marks_file_saved_by_excel_in_gbk_is_read(tmp_path):
    path = tmp_path / "marks.csv"
    path.write_bytes((HEADER + "S2345,L99.Q1,evidence,2,论据充分\n").encode("gbk"))
    (mark,) = read_marks(path, QUESTIONS)
    assert (mark.student, mark.points, mark.comment) == ("S2345", 2, "论据充分")


def test_lines_are_counted_in_the_file_even_after_a_comment_of_several_lines(tmp_path):
    path = tmp_path / "marks.csv"
    rows = 'S2345,L99.Q1,evidence,1,"第一行\n第二行"\n\nS2345,L99.Q1,risks,4,\n'
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(
        MarksError,
        match=r"row 4 \(line 5 of the file\): points 4 for L99.Q1 risks are above its maximum of 3",
    ):
        read_marks(path, QUESTIONS)


def test_a_missing_marks_file_is_a_plain_error(tmp_path):
    with pytest.raises(MarksError, match="cannot be read"):
        read_marks(tmp_path / "marks.csv", QUESTIONS)


# -- several markers, resubmissions, ids and codes (the marking review) --------------------------------
def _prefilled_rows(out: Path, fill: dict[str, float] | None = None) -> list[list]:
    """The pre-filled marks.csv with its answer_hash, the points of ``fill`` (qid → points) given."""
    rows = [list(r.values()) for r in _marks_rows(out)]
    for row in rows:
        if fill and row[1] in fill:
            row[3] = min(fill[row[1]], TOP[row[1]][row[2]])
    return rows


def _write_hashed(path: Path, rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COLUMNS, HASH_COLUMN])
        writer.writerows(rows)
    return path


def _merge(out: Path, path: Path, *flags: str) -> int:
    return cli.main(["grade", "--out", str(out), "--marks", str(path), *flags])


@pytest.mark.kernel
def test_prefilled_marks_keep_the_required_columns_first_and_hash_each_answer(graded):
    out = graded[0] / "out"
    with open(out / FOLDER / MARKS_FILE, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == [*COLUMNS, HASH_COLUMN]
    codes = _codes(out)
    for row in _marks_rows(out):
        name = next(s for s, c in codes.items() if c == row["student_id"])
        assert row[HASH_COLUMN] == answer_hash(_result(graded[1], name, row["qid"]).answer)


@pytest.mark.kernel
def test_a_student_given_by_code_and_by_id_is_a_duplicate(out, capsys):
    rows = _full_marks(out)
    code = _codes(out)["张三"]
    rows.append(["张三", Q1, CRITERIA[Q1][0], 1, ""])
    before = fingerprint(out)
    assert _merge(out, _write_marks(out.parent / "marks.csv", rows)) == 2
    error = capsys.readouterr().err
    first = next(i for i, r in enumerate(rows) if r[0] == code and r[1] == Q1) + 2
    assert (
        f"line {len(rows) + 1}: duplicate row for 张三 {Q1} {CRITERIA[Q1][0]} (given as {code} on line {first})"
        in error
    )
    assert fingerprint(out) == before


@pytest.mark.kernel
def test_marks_for_an_answer_changed_since_marking_are_refused_unless_accepted(out, capsys):
    rows = _prefilled_rows(out, {Q1: 1, Q2: 1})
    rows[0][5] = "0123456789"  # marked on another text than the one handed in now
    path = _write_hashed(out.parent / "marks.csv", rows)
    before = fingerprint(out)
    assert _merge(out, path) == 2
    error = capsys.readouterr().err
    assert f"line 2: {rows[0][0]} {rows[0][1]} changed since marked" in error and "--accept-changed" in error
    assert fingerprint(out) == before
    assert _merge(out, path, "--accept-changed") == 0
    assert f"{len(TO_MARK)} written answers marked" in capsys.readouterr().out


@pytest.mark.kernel
def test_a_marks_file_without_answer_hash_is_merged_with_a_warning(out, capsys):
    assert _merge(out, _write_marks(out.parent / "marks.csv", _full_marks(out))) == 0
    assert "no answer_hash column: cannot tell whether any answer changed" in capsys.readouterr().out


@pytest.mark.kernel
def test_blank_points_keep_earlier_marks_and_clear_removes_one(out, capsys):
    assert _merge(out, _write_hashed(out.parent / "all.csv", _prefilled_rows(out, {Q1: 1, Q2: 1}))) == 0
    total = {s.student: s.score for s in ClassResults.load(out / "grades.json").students}
    # A second marker sends back only Q2, re-marked at 0; Q1 rows are blank.
    assert _merge(out, _write_hashed(out.parent / "q2.csv", _prefilled_rows(out, {Q2: 0}))) == 0
    printed = capsys.readouterr().out
    assert "cleared" not in printed and "have no marks yet" not in printed
    results = ClassResults.load(out / "grades.json")
    assert _result(results, "张三", Q1).status == "marked" and _result(results, "张三", Q1).score > 0
    assert _result(results, "张三", Q2).score == 0 and _result(results, "张三", Q2).status == "marked"
    assert next(s for s in results.students if s.student == "张三").score < total["张三"]
    code = _codes(out)["张三"]
    rows = [r for r in _prefilled_rows(out) if r[0] == code and r[1] == Q1][:1]
    rows[0][3] = "clear"
    assert _merge(out, _write_hashed(out.parent / "clear.csv", rows)) == 0
    assert f"cleared, now needs_marking (0 points): 张三 {Q1}" in capsys.readouterr().out
    assert _result(ClassResults.load(out / "grades.json"), "张三", Q1).status == "needs_marking"


@pytest.mark.kernel
def test_row_and_student_problems_are_reported_in_one_pass(out, capsys):
    rows = _full_marks(out)
    rows[0][3] = 9
    rows[-1][0] = "SXXXX"
    before = fingerprint(out)
    assert _merge(out, _write_marks(out.parent / "marks.csv", rows)) == 2
    error = capsys.readouterr().err
    assert "2 problem(s)" in error and "line 2: points 9" in error
    assert f"line {len(rows) + 1}: unknown student 'SXXXX'" in error
    assert fingerprint(out) == before


@pytest.mark.kernel
def test_codes_are_matched_in_any_case(out):
    rows = [[r[0].lower(), *r[1:]] for r in _full_marks(out)]
    merge_marks(out, Marking(_write_marks(out.parent / "marks.csv", rows)))
    assert _result(ClassResults.load(out / "grades.json"), "张三", Q1).status == "marked"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"), (b"student_id;qid;criterion;points;comment\n", "separated by ';'")],
)
def test_an_empty_or_semicolon_file_says_so(tmp_path, content, message):
    path = tmp_path / "marks.csv"
    path.write_bytes(content)
    with pytest.raises(MarksError, match=message):
        read_marks(path, QUESTIONS)


def test_cells_a_spreadsheet_would_run_are_escaped_and_read_back():
    for value in ("=1+1", "+86", "-3", "@SUM(A1)"):
        assert safe_cell(value) == "'" + value and plain_cell(safe_cell(value)) == value
    assert safe_cell("S7KQ3") == "S7KQ3" and plain_cell("'abc") == "'abc"


def test_a_student_id_like_a_formula_is_escaped_in_marks_csv_and_resolved_back(tmp_path):
    rows = [["'=cmd", "L99.Q1", "evidence", "1", "'-好"]]
    path = _write_marks(tmp_path / "marks.csv", rows)
    (mark,) = read_marks(path, QUESTIONS)
    assert mark.student == "=cmd" and mark.comment == "-好"


@pytest.mark.kernel
def test_the_key_is_kept_outside_the_folder_given_to_markers(graded):
    out = graded[0] / "out"
    assert (out / KEY_FOLDER / KEY_FILE).is_file()
    assert not any("key" in p.name for p in (out / FOLDER).iterdir())
    page = (out / FOLDER / f"{Q1}.html").read_text(encoding="utf-8")
    assert "may be given to a marker" in page and f"{KEY_FOLDER}/{KEY_FILE}" in page


@pytest.mark.kernel
def test_a_regrade_merges_kept_marks_again_flags_changed_answers_and_adds_rows(graded, out, capsys):
    kept = _write_hashed(out / FOLDER / MARKS_FILE, _prefilled_rows(out, {Q1: 1, Q2: 1}))
    assert _merge(out, kept) == 0
    edited = kept.read_bytes()
    subs = out.parent / "subs"
    answers = dict(wb.l99.MODEL_ANSWERS)
    _write_student(subs / "张三", {**answers, Q2: "改过的答案：只有一种风险。"})
    _write_student(subs / "晚交", answers)
    capsys.readouterr()
    assert cli.main(["grade", str(subs), "--out", str(out), "--jobs", "2"]) == 0
    printed = capsys.readouterr().out
    results = ClassResults.load(out / "grades.json")
    assert _result(results, "张三", Q1).status == "marked"  # merged again, same text
    assert _result(results, "张三", Q2).status == "needs_marking"  # changed: not carried over
    assert f"changed since marked, marks not carried over; mark it again: 张三 {Q2}" in printed
    page = (out / FOLDER / f"{Q2}.html").read_text(encoding="utf-8")
    assert page.count("changed since marked") == 1
    after = kept.read_bytes()
    assert after.startswith(edited)  # existing rows untouched
    late = _codes(out)["晚交"]
    added = [r for r in _marks_rows(out) if r["student_id"] == late]
    assert {(r["qid"], r["criterion"]) for r in added} == {(q, c) for q in (Q1, Q2) for c in CRITERIA[q]}
    assert f"marks.csv: added blank rows for {late} {Q1}" in printed


@pytest.mark.kernel
def test_reports_before_marking_say_totals_are_provisional(graded, out):
    report = (graded[0] / "out" / "report" / "index.html").read_text(encoding="utf-8")
    assert f"{len(TO_MARK)} written answers not marked yet: totals are provisional" in report
    waiting = sum(q == Q1 for _, q in TO_MARK)
    assert f"— ({waiting} 待评分)" in report
    with open(graded[0] / "out" / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    assert {name: int(rows[name]["marking_pending"]) for name in CASES} == {
        name: sum(s == name for s, _ in TO_MARK) for name in CASES
    }
    merge_marks(out, Marking(_write_marks(out.parent / "marks.csv", _full_marks(out))))
    report = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "provisional" not in report and "待评分)" not in report
    blank = sum(statuses[0] == "not_attempted" for _, statuses in CASES.values())  # blank: 未作答
    assert f"<td>{blank}</td></tr>" in report.split("Written answers by criterion")[1]


@pytest.mark.kernel
def test_feedback_shows_level_descriptors_when_marked_and_plain_words_when_blank(out):
    merge_marks(out, Marking(_write_marks(out.parent / "marks.csv", _full_marks(out))))
    feedback = (out / "feedback" / "张三.html").read_text(encoding="utf-8")
    top = max(wb.l99.q1.rubric[0].levels, key=lambda lv: lv.points)
    assert top.descriptor in feedback and "老师评分时间" in feedback
    blank = (out / "feedback" / "李四.html").read_text(encoding="utf-8")
    assert "这道书面题没有交上答案" in blank and "文本框" not in blank
    marks = _result(ClassResults.load(out / "grades.json"), "张三", Q1).marks
    assert all(m["marked_at"] for m in marks)


@pytest.mark.kernel
def test_long_answers_fold_and_counts_show_the_suggested_length(graded):
    page = (graded[0] / "out" / FOLDER / f"{Q2}.html").read_text(encoding="utf-8")
    assert page.count("<details>") == 1  # only the huge answer folds
    low, high = wb.l99.q2.length
    assert f"(建议 / suggested {low}–{high})" in page


def test_identical_answers_are_named_on_the_page():
    from cbec.grader.marking import _identical
    from cbec.grader.results import QuestionResult

    entries = [
        (k, k, QuestionResult(Q1, 5, 0, "needs_marking", "", text))
        for k, text in [("a", "同一段 文字"), ("b", "同一段  文字"), ("c", "另一段"), ("d", "  ")]
    ]
    assert _identical(entries, lambda key, name: key.upper()) == {"a": "B", "b": "A"}


@pytest.mark.kernel
def test_half_points_are_placed_between_their_levels_in_the_report(out):
    rows = _full_marks(out)
    row = next(r for r in rows if r[2] == "risks")
    row[3] = 1.5
    merge_marks(out, Marking(_write_marks(out.parent / "marks.csv", rows)))
    report = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert "介于“提到”与“周全”之间（1.5 分）: 1" in report


@pytest.mark.kernel
def test_a_header_only_file_says_it_has_no_rows(out, capsys):
    assert _merge(out, _write_marks(out.parent / "marks.csv", [])) == 0
    assert "(0 rows in the file)" in capsys.readouterr().out


@pytest.mark.kernel
def test_a_kept_marks_file_that_cannot_be_merged_again_is_reported_and_fails_the_run(out, capsys):
    from types import SimpleNamespace

    from cbec.grader.marks import reapply_kept

    results = ClassResults.load(out / "grades.json")
    kept = _write_marks(out / FOLDER / MARKS_FILE, [[_codes(out)["张三"], Q1, "evidence", 99, ""]])
    applied = reapply_kept(results, kept, read_codes(out / FOLDER), {"张三"})
    assert "above its maximum" in applied.failed
    assert cli._report_marking(SimpleNamespace(applied=applied, workspace=None)) == 1
    assert "were not merged again" in capsys.readouterr().err
    assert _result(results, "张三", Q1).status == "needs_marking"  # nothing half-applied


def test_an_escaped_key_reads_back_as_the_real_id(tmp_path):
    (tmp_path / KEY_FOLDER).mkdir()
    (tmp_path / KEY_FOLDER / KEY_FILE).write_text(
        "code,student_id,name\nS2345,'=1001,'@王\n", encoding="utf-8"
    )
    assert read_codes(tmp_path / FOLDER) == {"S2345": "=1001"}
