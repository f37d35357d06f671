"""The grader's steps, one at a time, without kernels: codec, pre-check, submissions,
assembly by question id, and the judge's fail-closed verdicts."""

from __future__ import annotations

import json
import zipfile

import nbformat
import numpy as np
import pandas as pd
import pytest

from cbec.answer_codec import CodecError, DatasetArg, Unsupported, decode, encode
from cbec.exercises import l01
from cbec.grader import gradebook
from cbec.grader.assemble import PROBE_KEY, assemble, source_checks
from cbec.grader.judge import Job, judge_notebook
from cbec.grader.precheck import Rejected, check_store, read_notebook
from cbec.grader.results import (
    ClassResults,
    ExerciseInfo,
    NotebookResult,
    QuestionInfo,
    QuestionResult,
    StudentResult,
)
from cbec.grader.submissions import SubmissionsError, collect, extract_zip
from cbec.paths import course_root

STEM = "01_people_goods_place"


def roundtrip(value):
    return decode(json.loads(json.dumps(encode(value), ensure_ascii=False)))


# -- codec -------------------------------------------------------------------------------------
def test_codec_carries_answers_as_plain_data():
    series = pd.Series([1.5, np.nan], index=pd.CategoricalIndex(["国际站", "速卖通"]), name="v")
    back = roundtrip(series)
    assert list(back.index) == ["国际站", "速卖通"] and back.iloc[0] == 1.5 and np.isnan(back.iloc[1])
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    pd.testing.assert_frame_equal(roundtrip(frame), frame, check_dtype=False)
    assert roundtrip((1, {2: "二"}, {"k": [np.int64(3)]})) == (1, {2: "二"}, {"k": [3]})
    assert roundtrip(...) is Ellipsis
    assert roundtrip(DatasetArg("buyer_profiles")) == DatasetArg("buyer_profiles")
    assert roundtrip(float("inf")) == float("inf")
    odd = roundtrip(object())
    assert isinstance(odd, Unsupported) and odd.type_name == "object"


def test_codec_never_runs_code_and_rejects_malformed_data():
    with pytest.raises(CodecError):
        decode({"__series__": {"values": [1]}})
    with pytest.raises(CodecError):
        decode({"__os.system__": "rm -rf /"})


# -- pre-check ---------------------------------------------------------------------------------
def test_precheck_names_the_line_of_a_merge_conflict_and_of_bad_json(tmp_path):
    conflict = tmp_path / "a.ipynb"
    conflict.write_text('{\n "cells": [],\n<<<<<<< HEAD\n', encoding="utf-8")
    with pytest.raises(Rejected, match="line 3"):
        read_notebook(conflict)
    broken = tmp_path / "b.ipynb"
    broken.write_text('{"cells": [\n  1,\n', encoding="utf-8")
    with pytest.raises(Rejected) as err:
        read_notebook(broken)
    assert "line 3, column 1" in str(err.value) and "第 3 行第 1 列" in err.value.problem.reason_zh


def test_precheck_refuses_other_formats_and_invalid_structure(tmp_path):
    old = tmp_path / "old.ipynb"
    old.write_text(json.dumps({"nbformat": 3, "cells": [], "metadata": {}}), encoding="utf-8")
    with pytest.raises(Rejected, match="format 3"):
        read_notebook(old)
    bad = tmp_path / "bad.ipynb"
    bad.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"x": 1}]}))
    with pytest.raises(Rejected, match="nbformat 4"):
        read_notebook(bad)


def test_store_check_accepts_a_real_store_and_explains_forged_ones(tmp_path):
    store = tmp_path / f"{STEM}.answers.json"
    good = {
        "format": "cbec-answers/1",
        "exercise": "L01",
        "answers": {"L01.Q1": {"value": "x", "correct": True}},
    }
    store.write_text(json.dumps(good), encoding="utf-8")
    assert check_store(store, "L01") is None  # extra fields are harmless: only values are judged
    store.write_text(json.dumps({**good, "exercise": "L02"}), encoding="utf-8")
    assert "L02" in check_store(store, "L01").reason
    store.write_text(json.dumps({**good, "answers": {"L01.Q1": "x"}}), encoding="utf-8")
    assert "malformed" in check_store(store, "L01").reason


# -- submissions -------------------------------------------------------------------------------
def test_folders_moodle_names_canvas_names_and_renamed_files(tmp_path):
    (tmp_path / "张三 (重修)").mkdir()
    (tmp_path / "张三 (重修)" / f"{STEM} (1).ipynb").write_text("{}")
    (tmp_path / "Li Si_4711_assignsubmission_file_").mkdir()
    (tmp_path / "Li Si_4711_assignsubmission_file_" / f"{STEM}.ipynb").write_text("{}")
    (tmp_path / f"wangwu_12_34_{STEM}.ipynb").write_text("{}")
    (tmp_path / "__MACOSX").mkdir()
    subs = {s.student: s for s in collect(tmp_path, tmp_path / "scratch")}
    assert set(subs) == {"张三 (重修)", "Li Si", "wangwu"}
    path, note = subs["张三 (重修)"].find(STEM, ".ipynb")
    assert path.name == f"{STEM} (1).ipynb" and "graded" in note
    assert subs["wangwu"].find(STEM, ".ipynb")[1] == ""
    assert subs["Li Si"].find(STEM, ".answers.json") == (None, "")


def test_a_zip_with_gbk_names_is_read_and_an_unsafe_zip_is_refused(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"XXXX/{STEM}.ipynb", "{}")
    # Windows tools store the name in GBK bytes without the UTF-8 flag; zipfile itself never
    # writes that, so the bytes are put in place afterwards.
    archive.write_bytes(archive.read_bytes().replace(b"XXXX/", "赵六/".encode("gbk")))
    assert [s.student for s in collect(archive, tmp_path / "scratch")] == ["赵六"]
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../../outside.txt", "x")
    with pytest.raises(SubmissionsError, match="unsafe"):
        extract_zip(evil, tmp_path / "scratch2")
    assert not (tmp_path.parent / "outside.txt").exists()


# -- assembly ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def source():
    return nbformat.read(course_root() / "exercises" / f"{STEM}.ipynb", as_version=4)


CODE_QUESTIONS = [q.qid for q in l01.exercise.questions.values() if not q.widget_kind]


def _probes(notebook):
    return [c.metadata[PROBE_KEY]["qid"] for c in notebook.cells if PROBE_KEY in c.metadata]


def test_checks_are_restored_by_question_id_whatever_the_learner_did(source, tmp_path):
    checks = source_checks(source, l01)
    learner = nbformat.reads(nbformat.writes(source), as_version=4)
    check_cells = [c for c in learner.cells if c.cell_type == "code" and ".check(" in c.source]
    learner.cells.remove(check_cells[0])  # deleted
    check_cells[1].source = "q2.check = lambda: None"  # edited
    learner.cells.append(nbformat.v4.new_code_cell(check_cells[2].source))  # duplicated
    learner.cells.insert(1, nbformat.v4.new_code_cell("q4.check(p90_value)"))  # moved up
    graded = assemble(learner, checks, l01, "n0nce")
    assert _probes(graded) == CODE_QUESTIONS  # widget answers come from the store, not a probe
    assert not any(c.source.startswith("q4.check(") for c in graded.cells)
    assert all("n0nce" in c.source for c in graded.cells if PROBE_KEY in c.metadata)
    # each probe sits right after the cell that preceded its check in the source
    ids = [c.get("id") for c in graded.cells]
    for check in (c for c in checks if c.kind != "stored"):
        assert ids[ids.index(f"cbec-probe-{check.qid.replace('.', '-')}") - 1] == check.anchor


def test_a_notebook_without_cell_ids_gets_its_probes_at_the_end(source, tmp_path):
    learner = nbformat.reads(nbformat.writes(source), as_version=4)
    for cell in learner.cells:
        cell.pop("id", None)
    graded = assemble(learner, source_checks(source, l01), l01, "n")
    assert _probes(graded) == CODE_QUESTIONS
    assert all(PROBE_KEY in c.metadata for c in graded.cells[-len(CODE_QUESTIONS) :])


# -- the judge ---------------------------------------------------------------------------------
KINDS = {"L01.Q4": "value", "L01.Q5": "value", "L01.Q6": "function", "L01.Q8": "value", "L01.Q9": "value"}


def _record(qid, evidence, outcome="passed"):
    return {"cell": 1, "probe": qid, "when": "call", "outcome": outcome, "evidence": evidence}


def _judge(records, stored=None):
    job = Job("s", STEM, l01, None, "NONCE", stored=stored or {})
    kinds = {qid: KINDS.get(qid, "stored") for qid in l01.exercise.questions}
    return {r.qid: r for r in judge_notebook(job, records, kinds)}


def test_no_evidence_scores_nothing():
    results = _judge([_record("L01.Q6", []), _record("L01.Q4", [{"nonce": "GUESS", "qid": "L01.Q4"}])])
    code = [results[qid] for qid in CODE_QUESTIONS]
    assert {r.status for r in code} == {"not_run"} and all(r.score == 0 for r in code)
    assert "没有交回答案" in results["L01.Q6"].message
    assert "停止" in results["L01.Q5"].message  # no record at all


def test_stored_answers_right_wrong_and_empty():
    def q1(stored):
        return _judge([], stored)["L01.Q1"]

    assert q1({"L01.Q1": l01.q1.answer}).score == 1 and q1({"L01.Q1": l01.q1.answer}).status == "correct"
    tempting = "通常由老板一人拍板，几家报价里谁的单价最低就选谁的货"
    wrong = q1({"L01.Q1": tempting})
    assert wrong.status == "incorrect" and "差价" in wrong.message and wrong.answer == tempting
    assert q1({}).status == "not_attempted"
    assert q1({"L01.Q1": ["not", "a", "choice"]}).status == "invalid"


def test_value_answers_right_wrong_empty_and_missing():
    def q4(evidence):
        return _judge([_record("L01.Q4", [{"nonce": "NONCE", "qid": "L01.Q4", **evidence}])])["L01.Q4"]

    right = l01.q4.expected()
    assert q4({"answer": encode(right)}).status == "correct"
    assert q4({"answer": encode(right * 2)}).status == "incorrect"
    assert q4({"answer": encode(...)}).status == "not_attempted"
    assert q4({"error": "NameError: name 'p90_value' is not defined"}).status == "not_attempted"
    assert q4({"answer": encode(object())}).status == "invalid"


def test_function_answers_are_judged_on_reported_outcomes_with_hidden_tests():
    from cbec.answer_codec import resolve

    q = l01.q6

    def outcomes(func):
        return {
            "public": [{"value": encode(func(*resolve(a)))} for a in q.public_cases()],
            "hidden": [{"value": encode(func(*resolve(a)))} for a in q.secret_cases()],
        }

    def q6(evidence):
        return _judge(
            [_record("L01.Q6", [{"nonce": "NONCE", "qid": "L01.Q6", "callable": True, **evidence}])]
        )["L01.Q6"]

    assert q6({"outcomes": outcomes(q.reference)}).status == "correct"
    halved = q6({"outcomes": outcomes(lambda *a: q.reference(*a) / 2)})
    assert halved.status == "incorrect"
    assert q6({"stub": True}).status == "not_attempted"
    forged = q6({"outcomes": {"public": [{"value": 1.0}]}})  # too few outcomes: nothing proves it right
    assert forged.status in {"error", "incorrect"} and forged.score == 0


def test_gradebook_is_utf8_with_bom_and_holds_no_timestamp(tmp_path):
    info = ExerciseInfo(STEM, "L01", "t", [QuestionInfo("L01.Q1", 1.0, "single", "第 1 题")])
    result = NotebookResult(STEM, "graded", questions=[QuestionResult("L01.Q1", 1.0, 1.0, "correct", "")])
    results = ClassResults([info], [StudentResult("张三", "x/", [result])], graded_at="2026-01-01T00:00:00Z")
    path = gradebook.write(results, tmp_path / "g.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"2026" not in raw
    assert raw.decode("utf-8-sig").splitlines() == [
        "student_id,name,L01.Q1,total,max,notes,notes_zh",
        "张三,张三,1,1,1,,",
    ]


# -- the sandbox -------------------------------------------------------------------------------
SANDBOX_PROBE = """
import json, os, sys
sys.path.insert(0, {grader!r})
import sandbox
root = {root!r}
try:
    sandbox.isolate([root + "/datasets", *{prefixes!r}], [root + "/mine"], root + "/newroot")
except OSError as err:
    print(json.dumps({{"unavailable": str(err)}}))
    raise SystemExit
def writable(path):
    try:
        open(path, "w").close()
        return True
    except OSError:
        return False
print(json.dumps({{
    "secret": os.path.exists(root + "/src/key.py"),
    "home": sorted(os.listdir({home!r})) if os.path.isdir({home!r}) else [],
    "top": sorted(os.listdir("/")),
    "data": open(root + "/datasets/d.csv").read(),
    "data_writable": writable(root + "/datasets/new.csv"),
    "mine_writable": writable(root + "/mine/answer.txt"),
    "tmp_writable": writable("/tmp/cbec-sandbox-probe-left-behind"),
    "python": os.path.isfile(os.path.realpath(sys.executable)),
}}))
"""


def test_the_sandbox_shows_only_the_allowlist(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    import cbec.grader
    from cbec.grader.kernel import python_prefixes

    root = tmp_path / "course"
    for folder in ("src", "datasets", "mine", "newroot"):
        (root / folder).mkdir(parents=True)
    (root / "src" / "key.py").write_text("ANSWER = 42")
    (root / "datasets" / "d.csv").write_text("a,b")
    grader = str(Path(cbec.grader.__file__).parent)
    prefixes = [str(p) for p in python_prefixes()]
    home = Path.home()
    code = SANDBOX_PROBE.format(grader=grader, root=str(root), prefixes=prefixes, home=str(home))
    seen = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
    if "unavailable" in seen:
        pytest.skip(f"this system forbids user namespaces: {seen['unavailable']}")
    top = set(seen.pop("top"))
    # Of the home folder, only the way to a Python prefix kept there (e.g. ~/.pyenv) is left.
    under_home = {Path(p).relative_to(home).parts[0] for p in prefixes if Path(p).is_relative_to(home)}
    assert seen == {
        "secret": False,
        "home": sorted(under_home),
        "data": "a,b",
        "data_writable": False,
        "mine_writable": True,
        "tmp_writable": True,
        "python": True,
    }
    # At the top: the system, /tmp and /dev, and the way to each kept path; nothing else.
    kept = {Path(p).parts[1] for p in [*prefixes, str(root)]}
    system = {"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "tmp", "dev"}
    assert {"usr", "tmp", "dev"} <= top <= system | kept
    assert not top & {"home", "srv", "mnt", "opt", "proc", "var", "media"} - kept
    # nothing leaked to the host: the key is still there, the learner's file landed in place,
    # the file written to the private /tmp is gone with it
    assert (root / "src" / "key.py").exists() and (root / "mine" / "answer.txt").exists()
    assert not Path("/tmp/cbec-sandbox-probe-left-behind").exists()


# -- partial credit and points --------------------------------------------------------------------
class _PartialQuestion:
    """A question worth 2 points whose check gives half credit to one answer."""

    qid, points = "L01.Q9", 2

    def evaluate(self, answer):
        from cbec.feedback import Feedback, Status

        if answer == "right":
            return Feedback(self.qid, Status.CORRECT, "对")
        if answer == "half":
            return Feedback(self.qid, Status.INCORRECT, "对了一半", credit=0.5)
        return Feedback(self.qid, Status.INCORRECT, "不对")


def test_partial_credit_reaches_the_columns_the_total_the_notes_and_the_difficulty():
    from cbec.grader.class_report import difficulty
    from cbec.grader.judge import judge_stored

    question = _PartialQuestion()
    results = [judge_stored(question, {question.qid: a}, None) for a in ("right", "half", "wrong")]
    assert [(r.score, r.status) for r in results] == [(2, "correct"), (1, "incorrect"), (0, "incorrect")]
    info = ExerciseInfo(STEM, "L01", "t", [QuestionInfo(question.qid, 2.0, "single", "第 9 题")])
    students = [
        StudentResult(f"s{n}", "", [NotebookResult(STEM, "graded", questions=[r])])
        for n, r in enumerate(results)
    ]
    graded = ClassResults([info], students)
    rows = gradebook.render(graded).splitlines()[1:]
    assert [row.split(",")[2:5] for row in rows] == [["2", "2", "2"], ["1", "1", "2"], ["0", "0", "2"]]
    assert "L01.Q9 incorrect (1 of 2 points)" in rows[1] and "得 1/2 分" in rows[1]
    assert "L01.Q9" not in rows[0]
    assert difficulty(graded) == {question.qid: 0.5}


# -- plot questions: the probe reports chart summaries, the bank judges them ---------------------
def _plot_bank():
    import types

    from cbec.questions import Exercise
    from tests.test_plot_question import _question

    bank = types.ModuleType("l99")
    bank.exercise = Exercise("L99", stem="99_plots")
    bank.exercise.add(_question())  # a tiny bank of its own: lesson banks change under others
    return bank


def _probe_evidence(bank, func, monkeypatch) -> dict:
    """Run the probe cell the grader would insert, here, and return what it reported."""
    import IPython.display

    from cbec.grader.assemble import Check, probe_source
    from cbec.probe import MIME

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    question = next(iter(bank.exercise.questions.values()))
    check = Check(question.qid, "plot", "learner_function", "cell", None)
    exec(probe_source(check, question, "NONCE"), {"learner_function": func})
    return json.loads(json.dumps(shown[-1][MIME]))


def test_plot_answers_are_judged_on_the_charts_the_probe_reported(monkeypatch):
    import matplotlib.pyplot as plt

    from cbec.grader.assemble import _kind
    from tests.test_plot_question import SUM_NOTE, forgot_return, pandas_bar, stub, summed

    plt.close("all")  # figures other tests in this worker left open are not this probe's
    bank = _plot_bank()
    question = next(iter(bank.exercise.questions.values()))
    assert _kind(question) == "plot"

    def judged(func):
        evidence = _probe_evidence(bank, func, monkeypatch)
        job = Job("s", "99_plots", bank, None, "NONCE")
        return judge_notebook(job, [_record(question.qid, [evidence])], {question.qid: "plot"})[0]

    right = judged(pandas_bar)
    assert (right.status, right.score) == (
        "correct",
        question.points,
    ) and "隐藏测试 1 个也全部通过" in right.message
    wrong = judged(summed)
    assert (wrong.status, wrong.score) == ("incorrect", 0) and SUM_NOTE in wrong.message
    assert judged(forgot_return).status == "incorrect"
    assert judged(stub).status == "not_attempted"
    assert judged(3).status == "invalid"
    assert plt.get_fignums() == []  # the probe closed every figure it drew


def test_a_plot_that_fails_only_hidden_cases_says_so(monkeypatch):
    from tests.test_plot_question import pandas_bar

    bank = _plot_bank()
    question = next(iter(bank.exercise.questions.values()))

    def only_small_orders(df):  # right on the public cases, wrong when an order exceeds 8000
        return pandas_bar(df[df["value"] < 8000])

    evidence = _probe_evidence(bank, only_small_orders, monkeypatch)
    job = Job("s", "99_plots", bank, None, "NONCE")
    result = judge_notebook(job, [_record(question.qid, [evidence])], {question.qid: "plot"})[0]
    assert result.status == "incorrect" and result.reason == "passed the public cases, failed hidden cases"
