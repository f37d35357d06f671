"""``cbec gradebook``: several graded exercises combined with weights, drop-lowest and late
penalties; the LMS exports against fixtures written from each platform's import documentation.
The grades folders are written here as ``cbec grade`` writes them; no kernel is started."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cbec import cli
from cbec.grader import exports, gradebook
from cbec.grader.results import (
    GRADER_ERROR,
    ClassResults,
    ExerciseInfo,
    NotebookResult,
    QuestionInfo,
    QuestionResult,
    StudentResult,
)
from cbec.grader.term import TermError, combine
from cbec.grader.term_book import histogram, render_gradebook, render_report

FIXTURES = Path(__file__).parent / "lms_fixtures"
A, B = "01_people_goods_place", "02_alibaba_b2b"
POINTS = {A: 10.0, B: 20.0}
LATE_SHARE = 0.1


def _info(stem: str) -> ExerciseInfo:
    qid = f"L{stem[:2]}.Q1"
    return ExerciseInfo(stem, f"L{stem[:2]}", stem, [QuestionInfo(qid, POINTS[stem], "numeric", "第 1 题")])


def _student(
    sid: str, name: str, stem: str, score: float, status: str = "graded", late=None
) -> StudentResult:
    question = QuestionResult(f"L{stem[:2]}.Q1", POINTS[stem], score, "correct", "")
    notebook = NotebookResult(stem, status, questions=[] if status == GRADER_ERROR else [question])
    return StudentResult(name, f"{sid}/", [notebook], sid, late=late)


def _late(share: float) -> dict:
    return {"submitted_at": "2026-03-02T08:00:00+08:00", "seconds_late": 3600.0, "units_late": 1}.copy() | {
        "share": share,
        "flagged": False,
        "policy": "10%/day",
        "unit": "day",
        "note": "",
    }


# scores per student: (exercise 01, exercise 02); None: no grades for it
SCORES = {"1001": (10, 5), "1002": (2, 20), "1003": (6, None), "1004": (GRADER_ERROR, 10)}


def _term(tmp_path: Path, config: str | None = None) -> Path:
    term = tmp_path / "term"
    for stem, index in ((A, 0), (B, 1)):
        students = []
        for sid, scores in SCORES.items():
            score = scores[index]
            if score == GRADER_ERROR:
                students.append(_student(sid, f"学生{sid}", stem, 0, GRADER_ERROR))
            elif score is not None:
                late = _late(LATE_SHARE) if (sid, stem) == ("1002", B) else None
                students.append(_student(sid, f"学生{sid}", stem, score, late=late))
        (term / stem[:2]).mkdir(parents=True)
        ClassResults([_info(stem)], students).save(term / stem[:2] / "grades.json")
    if config is not None:
        (term / "term.ini").write_text(config, encoding="utf-8")
    return term


def _shares(sid: str) -> tuple[float, float]:
    a, b = SCORES[sid]
    b = 0 if b is None else b * (1 - LATE_SHARE if sid == "1002" else 1)
    return a / POINTS[A], b / POINTS[B]


def test_weights_count_each_exercise_as_its_share_after_the_late_penalty(tmp_path):
    term = combine(_term(tmp_path, "[weights]\n01 = 1\n02 = 3\n"))
    rows = {r.key: r for r in term.rows}
    for sid in ("1001", "1002", "1003"):
        a, b = _shares(sid)
        assert rows[sid].percent == pytest.approx(100 * (1 * a + 3 * b) / 4)
        assert rows[sid].possible == 4 and not rows[sid].dropped
    assert rows["1003"].parts[B].status == "missing"
    assert rows["1004"].total is None and "grader failed on 01_people_goods_place" in rows["1004"].notes[0]


def test_drop_lowest_keeps_each_students_better_exercise(tmp_path):
    term = combine(_term(tmp_path, "[weights]\n01 = 1\n02 = 3\n[term]\ndrop_lowest = 1\n"))
    rows = {r.key: r for r in term.rows}
    for sid in ("1001", "1002", "1003"):
        a, b = _shares(sid)
        assert rows[sid].percent == pytest.approx(100 * max(a, b))
        assert rows[sid].dropped == [B if a > b else A]


def test_the_gradebook_shows_points_late_penalty_and_percent_in_separate_columns(tmp_path):
    term = combine(_term(tmp_path))
    with_late = list(csv.DictReader(render_gradebook(term).splitlines()))
    row = next(r for r in with_late if r["student_id"] == "1002")
    assert row["02_points"] == "20"  # as graded: the penalty is not hidden in it
    assert float(row["02_late_penalty"]) == pytest.approx(20 * LATE_SHARE)
    assert float(row["02_percent"]) == pytest.approx(100 * (1 - LATE_SHARE))
    assert "01_late_penalty" not in row  # no lateness known for exercise 01


def test_the_class_gradebook_shows_lateness_beside_the_total_it_does_not_change():
    late = _student("1", "a", A, 8, late=_late(0.5))
    on_time = _student("2", "b", A, 6)
    rows = list(csv.DictReader(gradebook.render(ClassResults([_info(A)], [late, on_time])).splitlines()))
    assert (rows[0]["total"], rows[0]["late_penalty"], rows[0]["total_after_late"]) == ("8", "4", "4")
    assert rows[0]["late_by"] == "1 h (charged 1 day)"
    assert "50% of the points taken" in rows[0]["notes"] and "迟交：扣去所得分数的 50%" in rows[0]["notes_zh"]
    assert "late" not in rows[1]["notes"]
    assert (rows[1]["total"], rows[1]["late_penalty"], rows[1]["total_after_late"]) == ("6", "0", "6")


def test_the_report_shows_every_exercise_and_the_term(tmp_path):
    term = combine(_term(tmp_path))
    page = render_report(term)
    assert "Term percentage" in page and A in page and B in page
    assert "未提交 / missing 1" in page and "迟交扣分 / with a late penalty 1" in page
    assert histogram([0, 9.99, 10, 55, 100, 100]) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]


@pytest.mark.parametrize(
    "config, says",
    [
        ("[weights]\n01 = 1\n02 = 1\n03 = 2\n", "exercise '03' has a weight but no grades"),
        ("[weights]\n01 = 1\n", "no weight for 02_alibaba_b2b"),
        ("[weights]\n01 = one\n02 = 1\n", "the weight of 01 is 'one'"),
        ("[term]\ndrop_lowest = 2\n", "would drop every exercise"),
        ("[term]\ndrop_lowest = -1\n", "not a whole number"),
        ("[grading]\nx = 1\n", "unknown sections grading"),
        ("[term]\ndrop = 1\n", "unknown options drop"),
        ("weights: 1\n", "not an INI file"),
    ],
)
def test_a_bad_config_is_refused_in_plain_english(tmp_path, config, says):
    with pytest.raises(TermError, match=says):
        combine(_term(tmp_path, config))


def test_one_exercise_graded_in_two_folders_is_refused(tmp_path):
    term = _term(tmp_path)
    (term / "again").mkdir()
    (term / "01" / "grades.json").rename(term / "again" / "grades.json")
    (term / "01" / "grades.json").write_bytes((term / "again" / "grades.json").read_bytes())
    with pytest.raises(TermError, match="graded in both"):
        combine(term)


# -- exports ---------------------------------------------------------------------------------------
ROSTER = "student_id,name,section,email\n1001,王伟,国贸1班,w1@example.edu\n1002,=cmd,国贸2班,\n1003,李娜,国贸1班,\n"


def _small_term(tmp_path: Path):
    folder = tmp_path / "small"
    for stem, scores in ((A, {"1001": 10, "1002": 2}), (B, {"1001": 10, "1002": 20})):
        students = [
            _student(sid, name, stem, scores[sid]) for sid, name in (("1001", "Wang Wei"), ("1002", "=cmd"))
        ]
        (folder / stem).mkdir(parents=True)
        ClassResults([_info(stem)], students).save(folder / stem / "grades.json")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return combine(folder, roster=tmp_path / "roster.csv")


@pytest.mark.parametrize(
    "fmt, fixture, encoding",
    [
        ("canvas", "canvas_import.csv", "utf-8"),
        ("moodle", "moodle_import.csv", "utf-8"),
        ("csv", "xuexitong.csv", "utf-8-sig"),
    ],
)
def test_each_export_matches_its_fixture(tmp_path, fmt, fixture, encoding):
    (path,) = exports.write(_small_term(tmp_path), tmp_path, [fmt])
    assert path.read_bytes() == (FIXTURES / fixture).read_bytes()
    assert path.read_text(encoding=encoding)  # decodes as the platform reads it


def test_the_canvas_header_is_the_documented_one_and_a_total_can_be_blank(tmp_path):
    term = combine(_term(tmp_path))
    rows = list(csv.reader(exports.canvas(term).splitlines()))
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] and len(rows[0]) == 6
    assert rows[1][0] == "Points Possible"
    assert next(r for r in rows if r[1] == "1004")[5] == ""  # no total: Canvas keeps what it has


def test_cbec_gradebook_writes_the_term_and_refuses_bad_input_without_a_traceback(tmp_path, capsys):
    term, out = _term(tmp_path, "[weights]\n01 = 1\n02 = 1\n"), tmp_path / "out"
    args = [
        "gradebook",
        str(term),
        "--out",
        str(out),
        "--export",
        "canvas",
        "--export",
        "moodle",
        "--export",
        "csv",
    ]
    assert cli.main(args) == 0
    names = {p.name for p in out.iterdir()}
    assert names == {"term_gradebook.csv", "term_report.html", *exports.FILES.values()}
    (term / "term.ini").write_text("[weights]\n01 = 1\n02 = 1\n07 = 1\n", encoding="utf-8")
    assert cli.main(["gradebook", str(term), "--out", str(tmp_path / "out2")]) == 2
    err = capsys.readouterr().err
    assert "exercise '07' has a weight but no grades" in err and "Traceback" not in err
    assert cli.main(["gradebook", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,name,class\n", encoding="utf-8")
    assert (
        cli.main(["gradebook", str(term), "--out", str(tmp_path / "o"), "--config", str(term / "none.ini")])
        == 2
    )
    assert (
        cli.main(
            ["gradebook", str(_term(tmp_path / "x")), "--out", str(tmp_path / "o"), "--roster", str(bad)]
        )
        == 2
    )
    assert "unknown columns 'class'" in capsys.readouterr().err


# -- late penalties reach the student and the report -----------------------------------------------
def _late_class() -> ClassResults:
    late = _late(LATE_SHARE) | {"due": "2026-03-01T23:59:00+08:00", "seconds_late": 1.0}
    on_time = _late(0.0) | {"seconds_late": 0.0, "units_late": 0, "due": late["due"]}
    students = [_student("1001", "张伟", A, 10, late=late), _student("1002", "李娜", A, 6, late=on_time)]
    return ClassResults([_info(A)], students, "2026-03-05T02:00:00Z")


def test_the_feedback_page_shows_submission_time_due_days_late_penalty_and_final_score():
    from cbec.grader.feedback_html import render_student

    results = _late_class()
    late, on_time = results.students
    page = render_student(results, late)
    final = late.score * (1 - LATE_SHARE)
    for shown in ("提交时间", "2026-03-02 08:00:00", "截止时间", "2026-03-01 23:59:00", "迟交", "1 天"):
        assert shown in page
    assert f"扣分</th><td>{late.score * LATE_SHARE:g} 分（所得分数的 10%）" in page
    assert f"最终得分</th><td>{final:g} / {results.max_score:g}" in page
    assert "没有迟交" in render_student(results, on_time) and "扣分</th>" not in render_student(
        results, on_time
    )
    no_due = ClassResults([_info(A)], [_student("1003", "王芳", A, 10)])
    assert "迟交" not in render_student(no_due, no_due.students[0])


def test_the_class_report_counts_late_students_and_spreads_the_score_after_the_penalty():
    from cbec.grader.class_report import render_report, score_percentages

    results = _late_class()
    after = [100 * s.score * (1 - (s.late["share"])) / results.max_score for s in results.students]
    assert score_percentages(results) == pytest.approx(after)
    page = render_report(results, notes={}, classifications={})
    assert "迟交扣分的学生 / students with a late penalty</td><td>1<" in page
    assert f"{sum(after) / len(after):.1f} %" in page


# -- rows on no roster stay out of the LMS imports -----------------------------------------------------
def _term_with_stranger(tmp_path: Path) -> Path:
    folder = tmp_path / "t"
    for stem, score in ((A, 10), (B, 0)):
        students = [_student("1001", "王伟", stem, score)]
        if stem == A:
            students.append(_student("zhaolei", "zhaolei", stem, POINTS[A]))  # on no roster row
        (folder / stem).mkdir(parents=True)
        ClassResults([_info(stem)], students).save(folder / stem / "grades.json")
    (folder / "term.ini").write_text("[term]\ndrop_lowest = 1\n", encoding="utf-8")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return folder


def test_unmatched_rows_are_left_out_of_every_import_file_and_listed_apart(tmp_path, capsys):
    term, out = _term_with_stranger(tmp_path), tmp_path / "out"
    args = ["gradebook", str(term), "--out", str(out), "--roster", str(tmp_path / "roster.csv")]
    assert cli.main([*args, "--export", "canvas", "--export", "moodle", "--export", "csv"]) == 0
    err = capsys.readouterr().err
    assert "1 rows are not on the roster and were left out of canvas_import.csv" in err and "zhaolei" in err
    for name, encoding in (
        ("canvas_import.csv", "utf-8"),
        ("moodle_import.csv", "utf-8"),
        ("成绩_学习通.csv", "utf-8-sig"),
    ):
        assert "zhaolei" not in (out / name).read_text(encoding=encoding)
        assert "1001" in (out / name).read_text(encoding=encoding)
    left = list(csv.DictReader((out / "unmatched.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r["student_id"] for r in left] == ["zhaolei"] and "no roster row" in left[0]["notes"]
    assert cli.main([*args]) == 0 and not (out / "unmatched.csv").exists()
    without_roster = combine(term)
    assert "zhaolei" in exports.canvas(without_roster)  # no roster: nothing to leave out by


def test_drop_lowest_never_turns_a_half_on_no_roster_into_full_marks(tmp_path):
    term = _term_with_stranger(tmp_path)
    rows = {r.key: r for r in combine(term, roster=tmp_path / "roster.csv").rows}
    stranger = rows["zhaolei"]
    assert stranger.dropped == [] and stranger.percent < 100
    assert stranger.percent == pytest.approx(100 * 1 / 2)  # 01 in full, 02 never handed in: 0
    assert rows["1001"].dropped == [B] and rows["1001"].percent == pytest.approx(100)


def test_percent_weights_and_a_percent_in_the_assignment_name_are_read(tmp_path):
    config = "[weights]\n01 = 40%\n02 = 60 %\n[term]\nassignment = 期末 50%\n"
    term = combine(_term(tmp_path, config))
    assert term.config.weights == {A: 40.0, B: 60.0} and term.config.assignment == "期末 50%"
    (tmp_path / "term" / "term.ini").write_text("[weights]\n01 = 40%%\n02 = 1\n", encoding="utf-8")
    with pytest.raises(TermError, match="the weight of 01 is '40%%', not a number"):
        combine(tmp_path / "term")


def test_cbec_gradebook_says_what_the_roster_found_before_it_writes_the_exports(tmp_path, capsys):
    term, out = _term_with_stranger(tmp_path), tmp_path / "out"
    args = ["gradebook", str(term), "--out", str(out), "--roster", str(tmp_path / "roster.csv")]
    assert cli.main([*args, "--export", "canvas"]) == 0
    said = capsys.readouterr()
    assert "roster: 2 rostered students handed nothing in (0): 1003, 1002" in said.out
    assert "roster: 1 rows match no roster row: zhaolei" in said.out
    assert "roster: 1 students missed an exercise (0 for it): zhaolei (02)" in said.out
    assert "left out of canvas_import.csv" in said.err


def test_the_term_report_is_bilingual():
    from cbec.grader.term import Config, Term

    term = Term([_info(A)], Config({A: 1.0}), [], {})
    page = render_report(term)
    for pair in (
        "学期报告 / Term report",
        "学期总评 / Term percentage",
        "没有已评分的学生 / No graded students",
    ):
        assert pair in page
    assert "lang='zh-CN'" in page


def test_feedback_page_times_are_in_the_instructors_time_zone():
    from cbec.grader.feedback_html import render_student

    results = _late_class()
    page = render_student(results, results.students[0])
    assert "评分时间：2026-03-05 10:00:00 (Asia/Shanghai, UTC+08:00)" in page
    berlin = render_student(results, results.students[0], timezone="Europe/Berlin")
    assert "2026-03-05 03:00:00 (Europe/Berlin, UTC+01:00)" in berlin and "02:00:00Z" not in berlin


def test_an_export_not_asked_for_again_is_not_left_behind(tmp_path):
    term, out = _term(tmp_path), tmp_path / "out"
    assert cli.main(["gradebook", str(term), "--out", str(out), "--export", "canvas", "--export", "csv"]) == 0
    assert (out / exports.FILES["canvas"]).is_file()
    assert cli.main(["gradebook", str(term), "--out", str(out), "--export", "csv"]) == 0
    assert not (out / exports.FILES["canvas"]).exists() and (out / exports.FILES["csv"]).is_file()
    assert cli.main(["gradebook", str(term), "--out", str(out)]) == 0
    assert not [p for p in out.iterdir() if p.name in exports.FILES.values()]
