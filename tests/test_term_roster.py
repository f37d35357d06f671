"""The roster (who should have handed in), exercise folders, and late penalties: matching,
encodings, the rows a roster adds to ``cbec grade``, and the policy at its boundaries. No kernel
is started: a submission without a notebook is rejected before any runs."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cbec import cli
from cbec.grader.grade import fingerprint
from cbec.grader.late import DEFAULT_TZ, LateError, LateRule, make_rule, parse_policy
from cbec.grader.layout import collect_any, exercise_folders
from cbec.grader.results import ClassResults
from cbec.grader.roster import MATCHED, MISSING, UNMATCHED, RosterError, match, read_roster
from cbec.grader.submissions import Submission, collect

ROSTER = "student_id,name,section,email\n1001,王伟,国贸1班,w1@example.edu\n1002,王伟,国贸2班,\n1003,李娜,国贸1班,\n1004,张敏,国贸2班,\n"


def _roster(tmp_path: Path, text: str = ROSTER, encoding: str = "utf-8") -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _sub(name: str, student_id: str) -> Submission:
    return Submission(name, f"{name}/", student_id=student_id)


# -- reading ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_the_roster_is_read_in_utf8_with_or_without_bom_and_in_gbk(tmp_path, encoding):
    rows = read_roster(_roster(tmp_path, encoding=encoding))
    assert [(r.student_id, r.name, r.section) for r in rows][:3] == [
        ("1001", "王伟", "国贸1班"),
        ("1002", "王伟", "国贸2班"),
        ("1003", "李娜", "国贸1班"),
    ]
    assert rows[0].email == "w1@example.edu"


def test_chinese_headers_of_an_excel_export_are_accepted(tmp_path):
    rows = read_roster(_roster(tmp_path, "学号,姓名,班级\n2001,赵磊,1班\n", "gbk"))
    assert [(r.student_id, r.name, r.section, r.email) for r in rows] == [("2001", "赵磊", "1班", "")]


@pytest.mark.parametrize(
    "text, says",
    [
        ("student_id,name,section,grade\n1,a,b,9\n", "unknown columns 'grade'"),
        ("student_id,name\n1,a\n", "missing the columns section"),
        ("", "the file is empty"),
        ("student_id,name,section\n1,a,b\n1,c,d\n", "student_id 1 is on line 3"),
        ("student_id,name,section\n,a,b\n", "line 2 has no student_id"),
    ],
)
def test_a_bad_roster_is_refused_with_the_reason(tmp_path, text, says):
    with pytest.raises(RosterError, match=says):
        read_roster(_roster(tmp_path, text))


def test_an_undecodable_roster_is_refused(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes(b"student_id,name,section\n1,\xff\xfe\xff,x\n")
    with pytest.raises(RosterError, match="not UTF-8 or GBK"):
        read_roster(path)


# -- matching --------------------------------------------------------------------------------------
def test_matching_by_id_then_by_unique_name_lists_missing_and_unmatched(tmp_path):
    roster = read_roster(_roster(tmp_path))
    by_id, by_name, stranger = _sub("Wang Wei", "1001"), _sub("李娜", "lina"), _sub("陈晨", "9999")
    found = match([by_id, by_name, stranger], roster)
    assert (by_id.student_id, by_id.student, by_id.section) == ("1001", "王伟", "国贸1班")
    assert (by_name.student_id, by_name.section) == ("1003", "国贸1班")
    assert [r.student_id for r in found.missing] == ["1002", "1004"]
    assert found.unmatched == [stranger] and stranger.student_id == "9999"
    assert not found.ambiguous


def test_a_name_two_rostered_students_share_is_ambiguous_and_not_guessed(tmp_path):
    roster = read_roster(_roster(tmp_path))
    folder = _sub("王伟", "wangwei")
    found = match([folder], roster)
    assert found.unmatched == [folder] and folder.student_id == "wangwei"
    assert "belongs to 2 rostered students (1001, 1002)" in found.ambiguous[0]
    assert folder.flags == found.ambiguous
    assert {r.student_id for r in found.missing} == {"1001", "1002", "1003", "1004"}


def test_two_submissions_claiming_one_row_by_name_are_both_left_unmatched(tmp_path):
    roster = read_roster(_roster(tmp_path))
    first, second = _sub("张敏", "a"), _sub("张敏", "b")
    found = match([first, second], roster)
    assert found.unmatched == [first, second]
    assert "several submissions have that name" in found.ambiguous[0]
    # the id wins over a name that also matches that row
    by_id, by_name = _sub("Zhang Min", "1004"), _sub("张敏", "c")
    found = match([by_id, by_name], roster)
    assert found.matched == {id(by_id): roster[3]} and found.unmatched == [by_name]
    assert "its id is handed in already" in found.ambiguous[0]


# -- in cbec grade ---------------------------------------------------------------------------------
def _rows(out: Path) -> list[dict[str, str]]:
    with open(out / "gradebook.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_grade_with_a_roster_adds_missing_rows_and_keeps_unmatched_ones(tmp_path, capsys):
    subs = tmp_path / "class"
    for folder in ("1001", "李娜", "陈晨"):
        (subs / folder).mkdir(parents=True)
        (subs / folder / "notes.txt").write_text("no notebook here")  # rejected, no kernel starts
    before = fingerprint(subs)
    roster = _roster(tmp_path, encoding="gbk")
    assert cli.main(["grade", str(subs), "--out", str(tmp_path / "out"), "--roster", str(roster)]) == 0
    assert fingerprint(subs) == before
    rows = {r["student_id"]: r for r in _rows(tmp_path / "out")}
    assert {k: r["status"] for k, r in rows.items()} == {
        "1001": MATCHED,
        "1003": MATCHED,
        "陈晨": UNMATCHED,
        "1002": MISSING,
        "1004": MISSING,
    }
    assert rows["1002"]["total"] == "0" and rows["1002"]["notes_zh"].startswith("未提交")
    assert rows["陈晨"]["notes"].startswith("UNMATCHED")
    out = capsys.readouterr().out
    assert "2 rostered students handed nothing in" in out and "1 submissions match no roster row" in out


def test_a_missing_row_never_replaces_a_student_graded_earlier(tmp_path):
    subs, out, roster = tmp_path / "class", tmp_path / "out", _roster(tmp_path)
    for folder in ("1001", "1002"):
        (subs / folder).mkdir(parents=True)
        (subs / folder / "x.txt").write_text("x")
    assert cli.main(["grade", str(subs), "--out", str(out), "--roster", str(roster)]) == 0
    one = tmp_path / "one"
    (one / "1003").mkdir(parents=True)
    (one / "1003" / "x.txt").write_text("x")
    assert cli.main(["grade", str(one), "--out", str(out), "--roster", str(roster)]) == 0
    statuses = {r["student_id"]: r["status"] for r in _rows(out)}
    assert statuses == {"1001": MATCHED, "1002": MATCHED, "1003": MATCHED, "1004": MISSING}


@pytest.mark.parametrize(
    "extra, says",
    [
        (["--roster", "ROSTER_BAD"], "unknown columns"),
        (["--due", "next friday"], "--due 'next friday' is not a date"),
        (
            ["--due", "2026-03-01 23:59", "--late-policy", "10 percent"],
            "--late-policy '10 percent' is not understood",
        ),
        (["--due", "2026-03-01 23:59", "--tz", "Mars/Olympus"], "unknown time zone"),
        (["--late-policy", "zero"], "need --due"),
    ],
)
def test_bad_grade_options_get_a_plain_message_and_no_traceback(tmp_path, capsys, extra, says):
    (tmp_path / "class" / "a").mkdir(parents=True)
    bad = _roster(tmp_path, "student_id,name,section,score\n")
    extra = [str(bad) if e == "ROSTER_BAD" else e for e in extra]
    assert cli.main(["grade", str(tmp_path / "class"), "--out", str(tmp_path / "out"), *extra]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


# -- several exercises -----------------------------------------------------------------------------
STEMS = ["01_people_goods_place", "02_alibaba_b2b"]


def test_one_folder_per_exercise_joins_each_students_files(tmp_path):
    for folder, student, name in [
        ("01", "1001", "01_people_goods_place.ipynb"),
        ("ex2", "1001", "02_alibaba_b2b.ipynb"),
        ("ex2", "1002", "02_alibaba_b2b.ipynb"),
    ]:
        (tmp_path / "term" / folder / student).mkdir(parents=True, exist_ok=True)
        (tmp_path / "term" / folder / student / name).write_text("{}")
    subs = collect_any(tmp_path / "term", tmp_path / "scratch", STEMS)
    assert [(s.student_id, sorted(s.files)) for s in subs] == [
        ("1001", ["01_people_goods_place.ipynb", "02_alibaba_b2b.ipynb"]),
        ("1002", ["02_alibaba_b2b.ipynb"]),
    ]


def test_grade_reads_one_folder_per_exercise_into_one_row_per_student(tmp_path):
    """Broken notebooks are refused before any kernel starts: the rows show where each came from."""
    for folder, student, stem in [
        ("01", "1001", STEMS[0]),
        ("02", "1001", STEMS[1]),
        ("02", "1002", STEMS[1]),
    ]:
        (tmp_path / "term" / folder / student).mkdir(parents=True, exist_ok=True)
        (tmp_path / "term" / folder / student / f"{stem}.ipynb").write_text("{", encoding="utf-8")
    assert cli.main(["grade", str(tmp_path / "term"), "--out", str(tmp_path / "out")]) == 0
    results = ClassResults.load(tmp_path / "out" / "grades.json")
    assert [e.stem for e in results.exercises] == STEMS
    rows = {s.key: {n.stem: n for n in s.notebooks} for s in results.students}
    assert sorted(rows) == ["1001", "1002"]
    assert all(n.status == "rejected" and "JSON" in n.reason for n in rows["1001"].values())
    assert "no 01_people_goods_place.ipynb" in rows["1002"][STEMS[0]].reason
    assert "JSON" in rows["1002"][STEMS[1]].reason


def test_student_folders_named_by_number_are_not_taken_for_exercises(tmp_path):
    for student in ("1", "2", "12"):
        (tmp_path / student).mkdir()
    assert exercise_folders(tmp_path, STEMS) is None
    assert [s.student_id for s in collect_any(tmp_path, tmp_path / "s", STEMS)] == ["1", "12", "2"]


# -- late policy -----------------------------------------------------------------------------------
DAY = 86400


@pytest.mark.parametrize(
    "seconds_late, share",
    [
        (0, 0.0),
        (-5, 0.0),
        (1, 0.10),
        (DAY, 0.10),
        (DAY + 1, 0.20),
        (5 * DAY, 0.50),
        (5 * DAY + 1, 0.50),
        (40 * DAY, 0.50),
    ],
)
def test_ten_percent_a_day_with_a_cap_at_its_boundaries(seconds_late, share):
    assert parse_policy("10%/day, max 50%").share(seconds_late) == pytest.approx(share)


def test_the_cap_is_reached_exactly_on_its_day_and_not_before():
    policy = parse_policy("10% / day, max 50%")
    assert policy.share(4 * DAY) == pytest.approx(0.4)
    assert policy.share(4 * DAY + 1) == pytest.approx(0.5)
    assert parse_policy("zero").share(1) == 1.0 and parse_policy("zero").share(0) == 0.0
    assert parse_policy("5%/hour").share(3601) == pytest.approx(0.10)
    assert parse_policy("none").share(10 * DAY) == 0.0


@pytest.mark.parametrize("text", ["10%", "10%/week", "max 50%", "150%/day", "0%/day", "10%/day, max 0%", ""])
def test_a_policy_that_is_not_understood_is_refused(text):
    with pytest.raises(LateError):
        parse_policy(text)


def test_one_second_after_a_shanghai_deadline_is_one_day_late(tmp_path):
    times = tmp_path / "times.csv"
    due_local = datetime(2026, 3, 1, 23, 59, tzinfo=ZoneInfo(DEFAULT_TZ))
    just_late = (due_local + timedelta(seconds=1)).astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")
    times.write_text(f"student_id,submitted_at\n1001,{just_late}\n1002,2026-03-01 23:59\n", encoding="utf-8")
    rule = make_rule("2026-03-01 23:59", "10%/day, max 50%", times)
    late = rule.assess("1001", flagged=False)
    assert (late.seconds_late, late.units_late, late.share) == (1.0, 1, pytest.approx(0.1))
    assert late.submitted_at.endswith("+08:00")
    on_time = rule.assess("1002", flagged=False)
    assert (on_time.seconds_late, on_time.share) == (0.0, 0.0)
    assert rule.assess("1003", flagged=False) is None
    excel = make_rule("2026/3/1 23:59", "zero", None)
    assert excel.due == due_local


def test_late_students_and_unknown_times_are_reported_by_cbec_grade(tmp_path, capsys):
    (tmp_path / "class" / "1001").mkdir(parents=True)
    (tmp_path / "class" / "1001" / "x.txt").write_text("x")
    times = tmp_path / "times.csv"
    times.write_text(
        "student_id,submitted_at\n1001,2026-03-03 10:00\n7777,2026-03-01 10:00\n", encoding="gbk"
    )
    args = ["grade", str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--due", "2026-03-01 23:59"]
    assert cli.main([*args, "--late-policy", "10%/day", "--submitted-at", str(times)]) == 0
    out = capsys.readouterr().out
    assert (
        "1 students handed in late; late policy: 10% per started day;" in out
        and "not in the gradebook: 7777" in out
    )
    row = _rows(tmp_path / "out")[0]
    assert row["late_by"].endswith("(charged 2 days)") and row["submitted_at"] == "2026-03-03T10:00:00+08:00"


def test_a_canvas_late_flag_without_a_time_costs_one_day_and_says_so(tmp_path):
    (tmp_path / "wangwei_LATE_10002_1_a.ipynb").write_text("{}")
    (tmp_path / "lina_10003_2_a.ipynb").write_text("{}")
    subs = {s.student_id: s for s in collect(tmp_path, tmp_path / "scratch")}
    assert subs["10002"].late_flag and not subs["10003"].late_flag
    rule = LateRule(datetime(2026, 3, 1, tzinfo=ZoneInfo(DEFAULT_TZ)), parse_policy("10%/day"), {})
    late = rule.assess("10002", subs["10002"].late_flag)
    assert late.share == pytest.approx(0.1) and "no time" in late.note
    assert rule.assess("10003", subs["10003"].late_flag) is None


@pytest.mark.parametrize("due", ["2026-03-01", "2026/3/1", " 2026-03-01 "])
def test_a_deadline_without_a_time_is_refused_with_what_to_write(due):
    with pytest.raises(LateError, match=r"has no time; write for example '2026.*23:59'"):
        make_rule(due, "zero", None)


def test_the_late_summary_echoes_the_deadline_it_used(tmp_path, capsys):
    (tmp_path / "class" / "1001").mkdir(parents=True)
    (tmp_path / "class" / "1001" / "x.txt").write_text("x")
    args = ["grade", str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--due", "2026-03-01 23:59"]
    assert cli.main(args) == 0
    assert "due: 2026-03-01 23:59:00 Asia/Shanghai (UTC+08:00)" in capsys.readouterr().out
    assert (
        cli.main(["grade", str(tmp_path / "class"), "--out", str(tmp_path / "o2"), "--due", "2026-03-01"])
        == 2
    )
    err = capsys.readouterr().err
    assert "has no time" in err and "Traceback" not in err and not (tmp_path / "o2").exists()


def test_a_student_listed_twice_in_the_submission_times_is_refused_with_the_lines(tmp_path):
    times = tmp_path / "times.csv"
    rows = "1003,2026-03-02 08:00\n1001,2026-03-01 09:00\n1003,2026-03-01 09:00\n"
    times.write_text(f"student_id,submitted_at\n{rows}", encoding="utf-8")
    with pytest.raises(LateError, match="1003 on lines 2, 4; keep one row per student"):
        make_rule("2026-03-01 23:59", "zero", times)


def test_a_full_regrade_drops_the_rows_whose_submission_is_gone_and_says_which(tmp_path, capsys):
    subs, out, roster = tmp_path / "class", tmp_path / "out", _roster(tmp_path)
    for folder in ("1001", "陈晨"):
        (subs / folder).mkdir(parents=True)
        (subs / folder / "x.txt").write_text("x")
    assert cli.main(["grade", str(subs), "--out", str(out), "--roster", str(roster)]) == 0
    assert "陈晨" in {r["student_id"] for r in _rows(out)}
    (subs / "陈晨").rename(subs / "1003")  # the instructor resolves it: the folder gets the id
    assert cli.main(["grade", str(subs), "--out", str(out), "--roster", str(roster), "--only", "1003"]) == 0
    assert "陈晨" in {r["student_id"] for r in _rows(out)}  # --only touches no one else
    capsys.readouterr()
    assert cli.main(["grade", str(subs), "--out", str(out), "--roster", str(roster)]) == 0
    said = capsys.readouterr().out
    assert "removed 1 rows whose submission is gone: 陈晨" in said and "match no roster row" not in said
    assert "陈晨" not in {r["student_id"] for r in _rows(out)}
    assert not [p for p in (out / "feedback").iterdir() if p.name.startswith("陈晨")]


def test_a_name_clash_gets_its_own_line_a_chinese_note_and_no_feedback_page(tmp_path, capsys):
    subs, out = tmp_path / "class", tmp_path / "out"
    for folder in ("王伟", "1003"):
        (subs / folder).mkdir(parents=True)
        (subs / folder / "x.txt").write_text("x")
    assert cli.main(["grade", str(subs), "--out", str(out), "--roster", str(_roster(tmp_path))]) == 0
    said = capsys.readouterr().out
    assert "roster: 1 submission named '王伟' matches 2 students (1001, 1002); rename the folder" in said
    assert "match no roster row" not in said  # the clash is said once, on its own line
    row = next(r for r in _rows(out) if r["student_id"] == "王伟")
    assert "姓名重名：名单上有 2 个“王伟”（1001、1002），请把文件夹改成学号" in row["notes_zh"]
    assert "学号冲突" not in row["notes_zh"] and "belongs to" not in row["notes_zh"]
    pages = sorted(p.name for p in (out / "feedback").iterdir())
    assert "王伟.html" not in pages and "1003.html" not in pages  # 1003 is 李娜 on the roster
    assert "王伟_1001.html" in pages and "李娜_1003.html" in pages


def test_missing_students_are_counted_apart_and_never_called_rejected(tmp_path, capsys):
    subs, out = tmp_path / "class", tmp_path / "out"
    for folder in ("1001", "1003"):
        (subs / folder).mkdir(parents=True)
        (subs / folder / "x.txt").write_text("x")  # no notebook: rejected
    assert cli.main(["grade", str(subs), "--out", str(out), "--roster", str(_roster(tmp_path))]) == 0
    said = capsys.readouterr().out
    graded = sum(r["status"] == MATCHED for r in _rows(out))
    missing = sum(r["status"] == MISSING for r in _rows(out))
    grades = ClassResults.load(out / "grades.json")
    rejected = sum(n.status == "rejected" for s in grades.students for n in s.notebooks)
    assert rejected and missing == 2
    assert f"{graded} students graded: 0 notebooks graded, {missing} rostered students missing, " in said
    assert f"{rejected} rejected" in said
    report = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert f"rejected notebooks</td><td>{rejected}<" in report
    assert f"students missing</td><td>{missing}<" in report
    rejected_part = report.split("Rejected notebooks")[1].split("未提交 / Missing")[0]
    assert "张敏" not in rejected_part and "张敏 (1004)" in report.split("未提交 / Missing")[1]


def test_an_lms_late_flag_without_a_deadline_is_pointed_out(tmp_path, capsys):
    subs = tmp_path / "canvas"
    subs.mkdir()
    (subs / "wangwei_LATE_10002_1_01_people_goods_place.ipynb").write_text("{}")
    (subs / "lina_10003_2_01_people_goods_place.ipynb").write_text("{}")
    assert cli.main(["grade", str(subs), "--out", str(tmp_path / "out")]) == 0
    said = capsys.readouterr().out
    assert "1 submissions are marked LATE by the LMS (10002); give --due to apply a policy" in said
    assert cli.main(["grade", str(subs), "--out", str(tmp_path / "o2"), "--due", "2026-03-01 23:59"]) == 0
    assert "marked LATE by the LMS" not in capsys.readouterr().out


def test_with_only_the_times_of_the_other_students_are_not_called_unknown(tmp_path, capsys):
    for sid in ("1001", "1003"):
        (tmp_path / "class" / sid).mkdir(parents=True)
        (tmp_path / "class" / sid / "x.txt").write_text("x")
    times = tmp_path / "times.csv"
    times.write_text("student_id,submitted_at\n1001,2026-03-03 10:00\n1003,2026-03-01 10:00\n")
    args = ["grade", str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--due", "2026-03-01 23:59"]
    assert cli.main([*args, "--submitted-at", str(times), "--only", "1003"]) == 0
    assert "not in the gradebook" not in capsys.readouterr().out


def test_notes_never_end_in_a_dangling_separator():
    from cbec.grader.gradebook import notes
    from cbec.grader.results import StudentResult

    late = {"submitted_at": "", "seconds_late": 0.0, "units_late": 1, "share": 0.1, "flagged": True}
    late |= {"policy": "10%/day", "unit": "day", "note": "charged as 1 day late"}
    student = StudentResult("zhaolei", "x", [], "2001", flags=[""], late=late)
    english, chinese = notes(student)
    assert english.endswith("charged as 1 day late") and not chinese.endswith("| ")
    assert "|  |" not in english and not english.startswith(" |")


CANVAS_EXPORT = (
    "Student,ID,SIS User ID,SIS Login ID,Section,练习01 (123)\n"
    "    Points Possible,,,,,22\n"
    "王伟,9001,1001,wangwei,国贸1班,20\n"
    "李娜,9003,1003,lina,国贸1班,\n"
)
MOODLE_EXPORT = (
    "First name,Last name,ID number,Email address,Groups,Last access to course\n"
    "伟,王,1001,w1@example.edu,国贸1班,Never\n"
    "Na,Li,1003,lina@example.edu,,Never\n"
)


def test_a_canvas_gradebook_export_is_a_roster_by_its_canvas_ids(tmp_path):
    rows = read_roster(_roster(tmp_path, CANVAS_EXPORT))
    assert [(r.student_id, r.name, r.section) for r in rows] == [
        ("9001", "王伟", "国贸1班"),
        ("9003", "李娜", "国贸1班"),
    ]


def test_a_moodle_participants_export_is_a_roster_by_id_number_and_email(tmp_path):
    rows = read_roster(_roster(tmp_path, MOODLE_EXPORT))
    assert [(r.student_id, r.name, r.email, r.section) for r in rows] == [
        ("1001", "王伟", "w1@example.edu", "国贸1班"),
        ("1003", "Na Li", "lina@example.edu", ""),
    ]


@pytest.mark.parametrize(
    "seconds, shown",
    [
        (1, "1 s (charged 1 day)"),
        (288960, "3 d 8 h 16 min (charged 4 days)"),
        (90, "1 min 30 s (charged 1 day)"),
    ],
)
def test_late_by_reads_as_days_hours_and_minutes(seconds, shown):
    from cbec.grader.late import late_by, parse_policy

    units = parse_policy("10%/day").units_late(seconds)
    late = {"submitted_at": "2026-03-05T08:15:00+08:00", "seconds_late": float(seconds), "units_late": units}
    assert late_by(late | {"unit": "day"}) == shown


def test_a_missing_student_has_one_note_not_one_per_question(tmp_path):
    (tmp_path / "class" / "1001").mkdir(parents=True)
    (tmp_path / "class" / "1001" / "x.txt").write_text("x")
    out = tmp_path / "out"
    assert (
        cli.main(["grade", str(tmp_path / "class"), "--out", str(out), "--roster", str(_roster(tmp_path))])
        == 0
    )
    row = next(r for r in _rows(out) if r["student_id"] == "1004")
    assert (row["notes"], row["notes_zh"]) == ("MISSING: on the roster, no submission", "未提交")
    handed_in = next(r for r in _rows(out) if r["student_id"] == "1001")
    assert handed_in["notes"].count("|") > 1  # a rejected notebook still says why, per exercise


@pytest.mark.parametrize(
    "given, understood",
    [
        ("10% per day", "10% per started day"),
        ("10%/day, max 50%", "10% per started day, at most 50%"),
        ("10%/day max 50", "10% per started day, at most 50%"),
        ("5%/hour", "5% per started hour"),
        ("zero", "zero (a late submission scores 0)"),
        ("none", "none (lateness is shown, nothing is taken)"),
    ],
)
def test_the_policy_is_echoed_as_it_was_understood(given, understood):
    assert parse_policy(given).describe() == understood
