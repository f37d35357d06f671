"""The summative release (``cbec release OUT --summative``): checks that never judge.

- On every question type (single, multiple, classification, numeric, slider, value, function,
  plot, written) a right and a wrong answer get the same non-judging reply (saved, well-formed),
  with no verdict word and no misconception note; a type error is still caught; an empty answer
  is "not attempted". The same leak search finds the verdicts of the formative (sealed) bank,
  so it can fail.
- Every real bank, in its summative form, says nothing of correctness on its right answers or
  its misconceptions, and hints follow the exercise's setting.
- The bundle holds no sealed spec, no digest, no encrypted note, no explanation; its README and
  its exercise notebooks say they are summative, the formative README says it is formative.
- ``cbec grade`` grades a summative submission with the instructor's banks, as any other.
- A mixed release (``--summative 05,06``) gives those exercises summative banks and the others
  sealed formative ones; its README and the summative notebooks name the summative exercises,
  the formative notebooks are unchanged, the marker records each exercise's mode, and ``cbec
  grade`` grades its summative exercise with the instructor's banks. An exercise is named by
  number, ``exNN`` or stem; an unknown one is refused before anything is written.
- Summative modes stay: a plain re-release into the same folder keeps them (and says so),
  ``--summative`` adds to them, only ``--formative NN`` turns one formative again, and a
  ``--formative`` that names an exercise not summative there is refused before anything is written.
  One summative exercise is "这个练习" in the README, several "这几个练习".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib
import nbformat
import pandas as pd
import pytest

from cbec.cli import main
from cbec.exercises import banks
from cbec.feedback import Status
from cbec.questions import (
    Classification,
    Criterion,
    Exercise,
    FunctionAnswer,
    Level,
    Mentions,
    MultipleChoice,
    Numeric,
    PlotAnswer,
    SingleChoice,
    ValueAnswer,
    WrittenAnswer,
    ____,
)
from cbec.questions import rounding as rounding_rule
from cbec.questions.base import NOT_ANSWERED
from cbec.questions.numeric import HUNDRED_NOTE
from cbec.questions.sealed import load_exercise, seal_exercise
from cbec.questions.summative import MODE_LINE, load_summative, summative_exercise
from cbec.release import MARKER, ReleaseError, write_release
from cbec.release_modes import label, parse_exercises
from cbec.release_summative import MODE_CELL_ID
from tests import grading_corpus as corpus

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
# What a judging check says, in the words of cbec.feedback and the question types.
VERDICTS = ("正确", "还不对", "答对", "答错", "通过", "与预期不符", "预期", "误差", "思路", "按比例给分")
HEX_DIGEST = re.compile(r"\b[0-9a-f]{32}\b")
SEALED_KEYS = {"salt", "answer", "states", "notes", "accepted", "expected", "wrong", "rounded", "coarse"}
SEALED_KEYS |= {"hundred", "misconceptions", "explanation", "shown"}  # ("values": an input)
# A rubric is public in every mode: it says what earns points, not what the answer is.
COMMON = {"hints": ["第一条提示", "第二条提示"], "solution": "参考答案：B", "explanation": "因为 B 是对的。"}


# -- a bank with every question type -----------------------------------------------------------------
def _orders() -> pd.DataFrame:
    return pd.DataFrame({"platform": ["a", "a", "b"], "value": [1.0, 3.0, 8.0]})


def _medians(df):
    return df.groupby("platform")["value"].median()


def _means(df):
    return df.groupby("platform")["value"].mean()


def _bars(df):
    return _medians(df).plot.bar()


def _mean_bars(df):
    return _means(df).plot.bar()


def _line(df):
    return _medians(df).plot.line()


def _bank() -> Exercise:
    ex = Exercise("L99", stem="99_test", summative_hints="first")
    rubric = [Criterion("claim", "观点", levels=[Level(0, "缺", "没有"), Level(2, "有", "写到了")])]
    for question in (
        SingleChoice(
            "L99.Q1", options=["A", "B"], answer="B", misconceptions={"A": "误解甲：A 只看价格"}, **COMMON
        ),
        MultipleChoice(
            "L99.Q2", options=["A", "B", "C"], answer=["A", "B"], option_notes={"C": "误解丙"}, **COMMON
        ),
        Classification(
            "L99.Q3",
            items=["x", "y"],
            categories=["人", "货"],
            answer={"x": "人", "y": "货"},
            misconceptions={("y", "人"): "误解：y 是货"},
            **COMMON,
        ),
        Numeric(
            "L99.Q4", answer=12.5, tolerance=0.5, unit="%", misconceptions=[(0.125, "误解：小数")], **COMMON
        ),
        Numeric("L99.Q5", answer=17.6, tolerance=0.3, slider=(0.0, 40.0, 0.1), **COMMON),
        ValueAnswer(
            "L99.Q6",
            expected=lambda: _medians(_orders()),
            misconceptions=[(lambda: _means(_orders()), "误解：均值")],
            **COMMON,
        ),
        FunctionAnswer(
            "L99.Q7",
            reference=_medians,
            cases=lambda: [(_orders(),)],
            hidden_cases=lambda: [(_orders().head(2),)],
            misconceptions=[(_means, "误解：用了均值")],
            **COMMON,
        ),
        PlotAnswer(
            "L99.Q8",
            reference=_bars,
            cases=lambda: [(_orders(),)],
            misconceptions=[(_mean_bars, "误解：画了均值")],
            **COMMON,
        ),
        WrittenAnswer(
            "L99.Q9",
            rubric=rubric,
            length=(5, 50),
            notes=[(Mentions("价格"), "误解：只谈价格")],
            hints=["写观点"],
            solution="好的回答写到观点。",
        ),
    ):
        ex.add(question)
    return ex


def _right_and_wrong() -> dict[str, tuple[object, object]]:
    return {
        "L99.Q1": ("B", "A"),
        "L99.Q2": (["A", "B"], ["A", "C"]),
        "L99.Q3": ({"x": "人", "y": "货"}, {"x": "人", "y": "人"}),
        "L99.Q4": (12.5, 0.125),
        "L99.Q5": (17.6, 30.0),
        "L99.Q6": (_medians(_orders()), _means(_orders())),
        "L99.Q7": (_medians, _means),
        "L99.Q8": (_bars, _mean_bars),
        "L99.Q9": ("我的观点是先看信任。", "只谈价格，价格低就好。"),
    }


def _loaded(tmp_path: Path, spec: dict, loader) -> Exercise:
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    exercise = loader(path)
    exercise.use_store(tmp_path / "99_test.answers.json")
    return exercise


def _checked(question, answer, capsys) -> str:
    """What a learner sees after saving (a widget answer) and checking ``answer``."""
    capsys.readouterr()
    if question.widget_kind:
        question.set_answer(answer)
        question.check()
    else:
        question.check(answer)
    return capsys.readouterr().out


def _said(question, answer, capsys) -> str:
    """Everything a learner sees after giving ``answer``: saved and checked, hints and solution."""
    checked = _checked(question, answer, capsys)
    question.hint()
    question.solution()
    return checked + capsys.readouterr().out


def _leaks(text: str, bank: Exercise) -> list[str]:
    """Verdict words, notes and explanations in ``text``; a word the task itself shows (an
    option, an item, a hint: echoed back as the saved answer) is not a leak."""
    task = json.dumps(summative_exercise(bank), ensure_ascii=False)
    notes = [n for q in bank.questions.values() for n in _notes_of(q)]
    explanations = [q.explanation for q in bank.questions.values() if q.explanation]
    verdicts = [w for w in VERDICTS if w not in task]
    return [w for w in (*verdicts, *notes, *explanations) if w in text]


def _notes_of(question) -> list[str]:
    found = list(getattr(question, "misconceptions", {}) or [])
    if isinstance(getattr(question, "misconceptions", None), dict):
        found = list(question.misconceptions.values())
    elif found and isinstance(found[0], tuple):
        found = [note for _, note in found]
    found += list(getattr(question, "option_notes", {}).values())
    found += [note for _, note in getattr(question, "notes", ())]
    return [n for n in found if isinstance(n, str)]


def test_no_question_type_tells_a_right_answer_from_a_wrong_one(tmp_path, capsys):
    bank = _bank()
    summative = _loaded(tmp_path, summative_exercise(bank), load_summative)
    for qid, (right, wrong) in _right_and_wrong().items():
        question = summative.questions[qid]
        said_right, said_wrong = _said(question, right, capsys), _said(question, wrong, capsys)
        assert _leaks(said_right + said_wrong, bank) == [], qid
        assert MODE_LINE in said_right and MODE_LINE in said_wrong, qid
        assert question.evaluate(right).status is question.evaluate(wrong).status is Status.NEEDS_MARKING
        if not question.widget_kind:  # a widget's reply echoes the saved answer; code replies are equal
            assert _checked(question, right, capsys) == _checked(question, wrong, capsys), qid


def test_the_leak_search_finds_the_verdicts_of_the_formative_checks(tmp_path, capsys):
    bank = _bank()
    sealed = _loaded(tmp_path, seal_exercise(bank, "salt"), load_exercise)
    for qid, (right, wrong) in _right_and_wrong().items():
        question = sealed.questions[qid]
        said = _said(question, right, capsys) + _said(question, wrong, capsys)
        assert _leaks(said, bank), qid  # the formative check judges: the search sees it


def test_empty_answers_are_not_attempted_and_type_errors_are_caught(tmp_path):
    summative = _loaded(tmp_path, summative_exercise(_bank()), load_summative)
    q = summative.questions

    def stub(df):
        """待写。"""
        ...

    for qid in q:
        empty = stub if qid in ("L99.Q7", "L99.Q8") else ____
        assert q[qid].evaluate(empty).status is Status.NOT_ATTEMPTED, qid
        assert q[qid].evaluate(NOT_ANSWERED).status is Status.NOT_ATTEMPTED, qid
    assert q["L99.Q1"].evaluate("C").status is Status.INVALID  # not an option
    assert q["L99.Q5"].evaluate(99.0).status is Status.INVALID  # off the slider
    assert "Series" in q["L99.Q6"].evaluate(3.0).message
    assert "None" in q["L99.Q7"].evaluate(lambda df: None).message
    assert "KeyError" in q["L99.Q7"].evaluate(lambda df: df["price"]).message
    assert "Series" in q["L99.Q7"].evaluate(lambda df: 1.0).message
    assert "图的类型不对" in q["L99.Q8"].evaluate(_line).message
    assert q["L99.Q6"].evaluate("x").status is Status.INVALID


def test_a_widget_answer_given_to_check_is_said_unsaved(tmp_path, capsys):
    summative = _loaded(tmp_path, summative_exercise(_bank()), load_summative)
    capsys.readouterr()
    summative.questions["L99.Q1"].check("B")
    said = capsys.readouterr().out
    assert "没有保存" in said and _leaks(said, _bank()) == []
    assert summative.questions["L99.Q1"].stored_answer() is NOT_ANSWERED


def test_hints_follow_the_exercise_setting(tmp_path, capsys):
    for setting, shown in (("all", 2), ("first", 1), ("none", 0)):
        bank = _bank()
        bank.summative_hints = setting
        q = _loaded(tmp_path, summative_exercise(bank), load_summative).questions["L99.Q1"]
        assert len(q.hints) == shown
        notes = [str(q.hint_note()) for _ in range(3)]
        assert ("第一条提示" in notes[0]) is (shown >= 1)
        assert any("第二条提示" in n for n in notes) is (shown == 2)
        if not shown:
            assert "不提供提示" in notes[0]
    with pytest.raises(ValueError, match="summative_hints"):
        Exercise("L99", stem="99_test", summative_hints="some")


def test_the_summative_widget_saves_and_confirms_without_a_verdict(tmp_path):
    q = _loaded(tmp_path, summative_exercise(_bank()), load_summative).questions["L99.Q5"]
    widget = q.widget()
    for value in (17.6, 30.0):  # right, then wrong
        widget.control.widget.value = value
        widget.check_button.click()
        shown = widget.feedback.value
        assert "已保存" in shown and not [w for w in VERDICTS if w in shown]
    assert q.stored_answer() == 30.0


# -- the real banks --------------------------------------------------------------------------------
def _real_answers(question) -> list[object]:
    """The right answer and each misconception of a real bank's question, as a learner gives them."""
    kind = question.widget_kind
    if kind == "single":
        return list(question.options)
    if kind == "multiple":
        return [list(question.answer), [o for o in question.options if o not in question.answer] or ____]
    if kind == "classification":
        wrong = {item: question.categories[0] for item in question.items}
        return [dict(question.answer), wrong]
    if kind == "numeric":
        values = [question.expected(), *[v() if callable(v) else v for v, _ in question.misconceptions]]
        if question.slider:
            low, high, step = question.slider
            values = [min(high, max(low, round(v / step) * step)) for v in values]
        return values
    if kind == "written":
        return ["我认为应当先看信任，再看价格与渠道。"]
    if isinstance(question, FunctionAnswer):
        return [question.reference, *[wrong for wrong, _ in question.misconceptions]]
    expected = question.expected() if callable(question.expected) else question.expected
    return [expected, *[v() if callable(v) else v for v, _ in question.misconceptions]]


@pytest.mark.parametrize("stem", sorted(banks()))
def test_every_control_of_a_real_bank_builds_and_a_written_answer_shows_its_rubric(stem, tmp_path):
    bank = banks()[stem].exercise
    summative = _loaded(tmp_path, summative_exercise(bank), load_summative)
    for qid, question in summative.questions.items():
        if question.widget_kind:
            question.widget()  # raised for a written answer when its rubric was left out
        if isinstance(question, WrittenAnswer):
            assert question.rubric == bank.questions[qid].rubric, qid


@pytest.mark.parametrize("stem", sorted(banks()))
def test_no_real_bank_says_anything_of_correctness(stem, tmp_path, capsys):
    bank = banks()[stem].exercise
    summative = _loaded(tmp_path, summative_exercise(bank), load_summative)
    generic = (rounding_rule.NOTE, HUNDRED_NOTE)
    for qid, question in bank.questions.items():
        for answer in _real_answers(question):
            said = _said(summative.questions[qid], answer, capsys)
            leaks = _leaks(said, bank) + [n for n in generic if n in said]
            assert leaks == [], (qid, leaks)
            assert question.solution_text not in said


# -- the bundle ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("summative") / "out"
    assert main(["release", str(out), "--summative", "--root", str(ROOT)]) == 0
    return out


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_the_bundle_holds_no_digest_and_no_sealed_answer_data(bundle):
    files = [p for p in bundle.rglob("*") if p.is_file()]
    assert not [p for p in files if p.name.endswith(".sealed.json")]
    specs = sorted((bundle / "src/cbec/exercises").glob("l*.summative.json"))
    assert [p.name.split(".")[0] for p in specs] == [b.__name__.rsplit(".", 1)[1] for b in banks().values()]
    for path in specs:
        text = path.read_text(encoding="utf-8")
        assert HEX_DIGEST.search(text) is None, path.name
        assert _keys(json.loads(text)) & SEALED_KEYS == set(), path.name
    for bank in banks().values():
        module = (bundle / "src/cbec/exercises" / f"{bank.__name__.rsplit('.', 1)[1]}.py").read_text("utf-8")
        assert "load_summative" in module and "sealed" not in module
    for path in files:
        if path.suffix in (".json", ".py", ".md", ".ipynb"):
            text = path.read_text(encoding="utf-8")
            assert "cbec-sealed/" not in text or path.name in ("sealed.py", "release.py"), path
    assert json.loads((bundle / MARKER).read_text(encoding="utf-8"))["mode"] == "summative"


def test_the_bundle_holds_no_note_or_explanation_of_the_banks(bundle):
    shipped = "".join(p.read_text(encoding="utf-8") for p in (bundle / "src/cbec/exercises").glob("*.json"))
    for bank in banks().values():
        for question in bank.exercise.questions.values():
            for note in [*_notes_of(question), question.explanation]:
                assert not note or note not in shipped, question.qid


def test_the_readme_and_the_notebooks_say_which_mode_they_are_in(bundle, tmp_path):
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    assert "考核模式" in readme and "练习模式" not in readme and "不显示对错" in readme
    for bank in banks().values():
        notebook = nbformat.read(bundle / "exercises" / f"{bank.exercise.stem}.ipynb", as_version=4)
        (mode,) = [c for c in notebook.cells if c.get("id") == MODE_CELL_ID]
        assert "考核模式" in mode.source and notebook.cells.index(mode) == 1
    formative = tmp_path / "formative"
    write_release(ROOT, formative, salt="s")
    assert "练习模式" in (formative / "README.md").read_text(encoding="utf-8")
    first = nbformat.read(formative / "exercises" / f"{next(iter(banks()))}.ipynb", as_version=4)
    assert not [c for c in first.cells if c.get("id") == MODE_CELL_ID]
    assert json.loads((formative / MARKER).read_text(encoding="utf-8"))["mode"] == "formative"


def test_summative_and_solutions_cannot_be_asked_together(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["release", str(tmp_path / "out"), "--summative", "--solutions"])
    assert "not allowed with" in capsys.readouterr().err


def test_the_how_to_cell_of_a_summative_notebook_promises_no_verdict(bundle):
    for path in sorted((bundle / "exercises").glob("*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        how_to = next(c.source for c in cells if c.source.startswith("## 怎样作答"))
        assert "正确" not in how_to and "不显示对错" in how_to, path.name
        assert "`qN.solution()` 在考核期间不可用" in how_to and "检查只确认已保存" in how_to
        formative = nbformat.read(ROOT / "exercises" / path.name, as_version=4).cells
        assert "正确" in next(c.source for c in formative if c.source.startswith("## 怎样作答"))


# -- a mixed release -------------------------------------------------------------------------------
SUMMATIVE = sorted(banks())[-2:]  # a term's plan: the last two exercises are assessed
FORMATIVE = [stem for stem in sorted(banks()) if stem not in SUMMATIVE]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mixed") / "学生版"
    numbers = ",".join(stem[:2] for stem in SUMMATIVE)
    assert main(["release", str(out), "--summative", numbers, "--root", str(ROOT)]) == 0
    return out


def _bank_name(stem: str) -> str:
    return banks()[stem].__name__.rsplit(".", 1)[1]


def test_a_mixed_release_seals_the_formative_banks_and_not_the_summative_ones(mixed):
    folder = mixed / "src/cbec/exercises"
    for stem in banks():
        name, summative = _bank_name(stem), stem in SUMMATIVE
        module = (folder / f"{name}.py").read_text(encoding="utf-8")
        assert (folder / f"{name}.sealed.json").exists() is not summative, stem
        assert (folder / f"{name}.summative.json").exists() is summative, stem
        assert ("load_summative" in module) is summative and ("load_exercise" in module) is not summative
        if summative:
            text = (folder / f"{name}.summative.json").read_text(encoding="utf-8")
            assert json.loads(text)["format"] == "cbec-summative/1", stem
            assert HEX_DIGEST.search(text) is None and _keys(json.loads(text)) & SEALED_KEYS == set(), stem
        else:  # the same searches see the formative key: they can fail
            text = (folder / f"{name}.sealed.json").read_text(encoding="utf-8")
            assert HEX_DIGEST.search(text) and _keys(json.loads(text)) & SEALED_KEYS, stem
    marker = json.loads((mixed / MARKER).read_text(encoding="utf-8"))
    assert marker["mode"] == "mixed"
    assert marker["exercises"] == {
        stem: "summative" if stem in SUMMATIVE else "formative" for stem in banks()
    }


@pytest.mark.parametrize("stem", SUMMATIVE)
def test_the_summative_checks_of_a_mixed_release_say_nothing_of_correctness(mixed, stem, tmp_path, capsys):
    bank = banks()[stem].exercise
    folder = mixed / "src/cbec/exercises"
    shipped = load_summative(folder / f"{_bank_name(stem)}.summative.json")
    shipped.use_store(tmp_path / "summative" / f"{stem}.answers.json")
    (tmp_path / "sealed").mkdir()
    sealed = _loaded(tmp_path / "sealed", seal_exercise(bank, "salt"), load_exercise)
    judged = []
    for qid, question in bank.questions.items():
        for answer in _real_answers(question):
            said = _said(shipped.questions[qid], answer, capsys)
            assert _leaks(said, bank) == [], qid
            judged += _leaks(_said(sealed.questions[qid], answer, capsys), bank)
    assert judged  # the formative checks of the same answers judge: the search sees it


def test_the_readme_and_notebooks_of_a_mixed_release_name_the_summative_exercises(mixed, bundle):
    readme = (mixed / "README.md").read_text(encoding="utf-8")
    assert f"练习 {label(SUMMATIVE)} 是**考核模式**" in readme
    assert f"练习 {label(FORMATIVE)} 是**练习模式**" in readme
    assert "这是**考核模式**的学生版" not in readme and "这是**练习模式**的学生版" not in readme
    assert f"练习 {label(SUMMATIVE)}" not in (bundle / "README.md").read_text(encoding="utf-8")
    for stem in banks():
        cells = nbformat.read(mixed / "exercises" / f"{stem}.ipynb", as_version=4).cells
        modes = [c for c in cells if c.get("id") == MODE_CELL_ID]
        if stem in FORMATIVE:  # formative notebooks keep their text
            assert (mixed / "exercises" / f"{stem}.ipynb").read_bytes() == (
                ROOT / "exercises" / f"{stem}.ipynb"
            ).read_bytes()
            continue
        (mode,) = modes
        assert cells.index(mode) == 1 and f"练习 {label(SUMMATIVE)} 是考核模式" in mode.source, stem
        how_to = next(c.source for c in cells if c.source.startswith("## 怎样作答"))
        assert "不显示对错" in how_to and "正确" not in how_to, stem
        alone = nbformat.read(bundle / "exercises" / f"{stem}.ipynb", as_version=4).cells
        (whole,) = [c for c in alone if c.get("id") == MODE_CELL_ID]
        assert label(SUMMATIVE) not in whole.source  # an all-summative release names none


def test_an_exercise_is_named_by_number_by_ex_number_or_by_stem():
    stems = sorted(banks())
    stem = stems[-1]
    for name in (stem[:2], str(int(stem[:2])), f"ex{stem[:2]}", stem, f" {stem.upper()} "):
        assert parse_exercises(name, stems) == [stem], name
    assert parse_exercises(f"{stems[1]},{stems[0][:2]}", stems) == stems[:2]  # in course order
    with pytest.raises(ReleaseError, match="no exercise named"):
        parse_exercises(" , ", stems)


def test_an_unknown_exercise_is_refused_before_anything_is_written(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["release", str(out), "--summative", f"{SUMMATIVE[0][:2]},ex99", "--root", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert "unknown exercise 'ex99'" in err and "Traceback" not in err
    assert all(stem in err for stem in banks())  # the valid ones are listed
    assert not out.exists()


def _released(out: Path) -> dict[str, str]:
    return json.loads((out / MARKER).read_text(encoding="utf-8"))["exercises"]


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_summative_modes_stay_and_need_formative_to_go(tmp_path, capsys):
    out, first, second = tmp_path / "学生版", SUMMATIVE[0], SUMMATIVE[1]
    assert main(["release", str(out), "--summative", first[:2], "--root", str(ROOT)]) == 0
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "只适用于这个练习" in readme and "这几个练习" not in readme
    capsys.readouterr()
    # A plain re-release (a typo fixed mid-term) keeps the exam exercise summative.
    assert main(["release", str(out), "--root", str(ROOT)]) == 0
    said = capsys.readouterr().out
    assert f"{label([first], ', ')} stay summative, as released before" in said
    assert f"formative: exercises {label([*FORMATIVE, second], ', ')}" in said
    expected = {stem: "summative" if stem == first else "formative" for stem in banks()}
    assert _released(out) == expected
    assert not list((out / "src/cbec/exercises").glob(f"{_bank_name(first)}.sealed.json"))
    # --summative adds to them; the README now names both.
    assert main(["release", str(out), "--summative", second[:2], "--root", str(ROOT)]) == 0
    assert [s for s, m in _released(out).items() if m == "summative"] == SUMMATIVE
    assert "只适用于这几个练习" in (out / "README.md").read_text(encoding="utf-8")
    capsys.readouterr()
    before = _files(out)
    for refused, why in (
        (["--formative", FORMATIVE[0][:2]], "does not have exercises"),
        (["--summative", first[:2], "--formative", first[:2]], "both --summative and --formative"),
        (["--solutions", FORMATIVE[0][:2], "--formative", first[:2]], "not with --solutions"),
    ):
        assert main(["release", str(out), *refused, "--root", str(ROOT)]) == 2
        assert why in capsys.readouterr().err
        assert _files(out) == before  # refused before anything is written
    assert main(["release", str(out), "--formative", first[:2], "--root", str(ROOT)]) == 0
    assert [s for s, m in _released(out).items() if m == "summative"] == [second]
    assert (out / "src/cbec/exercises" / f"{_bank_name(first)}.sealed.json").is_file()


@pytest.mark.kernel
def test_grade_judges_the_summative_exercise_of_a_mixed_release_with_the_instructors_banks(tmp_path):
    release = tmp_path / "学生版"
    write_release(ROOT, release, salt="s", mode="summative", exercises=[corpus.STEM])
    assert json.loads((release / MARKER).read_text(encoding="utf-8"))["mode"] == "mixed"
    released = nbformat.read(release / "exercises" / corpus.NOTEBOOK, as_version=4)
    (mode,) = [c for c in released.cells if c.get("id") == MODE_CELL_ID]
    assert f"练习 {label([corpus.STEM])} 是考核模式" in mode.source
    src = corpus.Sources.load(ROOT)
    wrong_q1 = {corpus.qid(1): corpus.wrong_answer(corpus.question(1))}
    for student, store in (("good", {}), ("slips", {"but": wrong_q1})):
        answered = src.answered()
        answered.cells.insert(1, nbformat.from_dict(dict(mode)))
        corpus.answered_with_store(src, tmp_path / "class" / student, answered, **store)
    out = tmp_path / "out"
    assert main(["grade", str(tmp_path / "class"), "--out", str(out), "--jobs", "1"]) == 0
    grades = json.loads((out / "grades.json").read_text(encoding="utf-8"))
    statuses = {
        s["student"]: {q["qid"]: q["status"] for n in s["notebooks"] for q in n["questions"]}
        for s in grades["students"]
    }
    assert statuses["good"] == dict.fromkeys(corpus.QIDS, "correct")
    assert statuses["slips"] == {q: "incorrect" if q == corpus.qid(1) else "correct" for q in corpus.QIDS}
