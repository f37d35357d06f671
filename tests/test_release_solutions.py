"""The solutions release (``cbec release OUT --solutions``), for after the deadline.

- It holds the solution notebooks and the plain banks, so ``qN.solution()`` there shows the
  instructor's solution (not the sealed "published after the deadline" note), and its checks
  judge with the plain bank.
- It refuses a folder that holds a student release (formative or summative) unless forced, and
  replaces an earlier solutions release without being forced. ``--force`` alone is refused.
- ``--solutions 01,02`` into the class folder publishes those exercises only: their plain banks
  and solution notebooks, and nothing of the others (searched for as in ``test_release``), which
  stay sealed formative or summative as released. It needs no ``--force``: naming them says
  their deadlines passed. Later releases keep what is published; the marker records the modes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cbec.cli import main
from cbec.exercises import banks
from cbec.paths import ROOT_ENV
from cbec.release import MARKER, ReleaseError, write_release
from cbec.release_modes import label
from tests.test_release import leaks, needles

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def solutions(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("solutions") / "out"
    assert main(["release", str(out), "--solutions", "--root", str(ROOT)]) == 0
    return out


def _run(bundle: Path, script: str) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(bundle / "src"),
        ROOT_ENV: str(bundle),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return result.stdout


def test_the_bundle_holds_the_solution_notebooks_and_the_plain_banks(solutions):
    notebooks = sorted(p.name for p in (ROOT / "solutions").glob("*.ipynb"))
    assert sorted(p.name for p in (solutions / "solutions").glob("*.ipynb")) == notebooks
    for bank in banks().values():
        name = bank.__name__.rsplit(".", 1)[1]
        shipped = solutions / "src/cbec/exercises" / f"{name}.py"
        assert shipped.read_bytes() == Path(bank.__file__).read_bytes()
        assert not (solutions / "src/cbec/exercises" / f"{name}.sealed.json").exists()
    assert not (solutions / "src/cbec/grader").exists()
    readme = (solutions / "README.md").read_text(encoding="utf-8")
    assert "参考答案版" in readme and "qN.solution()" in readme
    assert json.loads((solutions / MARKER).read_text(encoding="utf-8"))["mode"] == "solutions"


def test_solution_works_there_and_shows_the_instructors_solution(solutions):
    script = (
        "import json\nfrom cbec.exercises import banks\n"
        "print(json.dumps([[q.qid, type(q).__name__, str(q.solution_note())] "
        "for bank in banks().values() for q in bank.exercise.questions.values()]))\n"
    )
    shown = json.loads(_run(solutions, script))
    expected = {q.qid: q for bank in banks().values() for q in bank.exercise.questions.values()}
    assert [qid for qid, _, _ in shown] == list(expected)
    for qid, kind, note in shown:
        assert kind == type(expected[qid]).__name__ and not kind.startswith("Sealed")
        assert expected[qid].solution_text in note, qid
        assert "截止日期之后由老师公布" not in note


def test_the_plain_checks_judge_there(solutions):
    script = (
        "from cbec.exercises import l01\nfrom cbec.questions import ____\nq = l01.q1\n"
        "wrong = next(o for o in q.options if o != q.answer)\n"
        "print(*(q.evaluate(a).status.value for a in (q.answer, wrong, ____)))\n"
    )
    assert _run(solutions, script).split() == ["correct", "incorrect", "not_attempted"]


@pytest.mark.parametrize("mode", ["formative", "summative"])
def test_it_refuses_a_student_release_unless_forced(mode, tmp_path, capsys):
    out = tmp_path / "class"
    write_release(ROOT, out, salt="s", mode=mode)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert main(["release", str(out), "--solutions", "--root", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert f"holds a {mode} student release" in err and "--force" in err and "Traceback" not in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before  # nothing written
    assert main(["release", str(out), "--solutions", "--force", "--root", str(ROOT)]) == 0
    assert (out / "solutions").is_dir()
    assert not list((out / "src/cbec/exercises").glob("*.sealed.json"))
    assert not list((out / "src/cbec/exercises").glob("*.summative.json"))


def test_it_replaces_an_earlier_solutions_release_and_a_new_folder_needs_no_force(tmp_path):
    out = tmp_path / "published"
    write_release(ROOT, out, mode="solutions")
    write_release(ROOT, out, mode="solutions")
    assert json.loads((out / MARKER).read_text(encoding="utf-8"))["mode"] == "solutions"
    with pytest.raises(ReleaseError, match="unknown release mode"):
        write_release(ROOT, tmp_path / "other", mode="exam")


def test_force_alone_is_refused(tmp_path, capsys):
    assert main(["release", str(tmp_path / "out"), "--force", "--root", str(ROOT)]) == 2
    assert "--force only applies with --solutions" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# -- after one deadline: the solutions of some exercises ---------------------------------------------
STEMS = sorted(banks())
PUBLISHED, SUMMATIVE = STEMS[:2], STEMS[-2:]  # deadlines passed; assessed
OPEN = [stem for stem in STEMS if stem not in PUBLISHED]


def _numbers(stems) -> str:
    return ",".join(stem[:2] for stem in stems)


def _modes(out: Path) -> dict[str, str]:
    return json.loads((out / MARKER).read_text(encoding="utf-8"))["exercises"]


def _term(out: Path, capsys=None) -> Path:
    """The class folder of a term: a mixed release, then the first deadlines' solutions."""
    assert main(["release", str(out), "--summative", _numbers(SUMMATIVE), "--root", str(ROOT)]) == 0
    assert main(["release", str(out), "--solutions", _numbers(PUBLISHED), "--root", str(ROOT)]) == 0
    return out


@pytest.fixture(scope="module")
def partial(tmp_path_factory) -> Path:
    return _term(tmp_path_factory.mktemp("term") / "学生版")


def test_a_partial_solutions_release_publishes_the_named_exercises_only(partial):
    assert sorted(p.stem for p in (partial / "solutions").glob("*.ipynb")) == PUBLISHED
    folder = partial / "src/cbec/exercises"
    for stem, bank in banks().items():
        name = bank.__name__.rsplit(".", 1)[1]
        plain = (folder / f"{name}.py").read_bytes() == Path(bank.__file__).read_bytes()
        assert plain is (stem in PUBLISHED), stem
        assert (folder / f"{name}.summative.json").exists() is (stem in SUMMATIVE), stem
        assert (folder / f"{name}.sealed.json").exists() is (stem in OPEN and stem not in SUMMATIVE), stem
    modes = {
        s: "solutions" if s in PUBLISHED else "summative" if s in SUMMATIVE else "formative" for s in STEMS
    }
    assert _modes(partial) == modes
    readme = (partial / "README.md").read_text(encoding="utf-8")
    assert f"练习 {label(PUBLISHED)} 的截止日期已过" in readme
    assert f"练习 {label(SUMMATIVE)} 是**考核模式**" in readme


def test_nothing_of_an_open_exercise_is_in_a_partial_solutions_release(partial, solutions):
    assert leaks(partial, OPEN) == set()
    # The same search on the release of every solution finds each open exercise: it can fail.
    found = {what for _, _, what in leaks(solutions, OPEN)}
    lessons = {banks()[stem].exercise.lesson for stem in OPEN}
    assert {qid.split(".")[0] for qid in found if qid != "a solution line"} == lessons
    assert "a solution line" in found
    assert {what for _, _, what in leaks(partial, PUBLISHED)}  # the published ones are there


def test_the_leak_search_of_some_exercises_searches_only_theirs():
    wanted = needles(OPEN)
    published = {q.qid for stem in PUBLISHED for q in banks()[stem].exercise.questions.values()}
    assert wanted and not published & set(wanted.values())


def _listing(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))


def test_a_term_goes_on_in_the_same_folder(tmp_path, capsys):
    out = _term(tmp_path / "学生版")
    assert main(["release", str(out), "--solutions", STEMS[2][:2], "--root", str(ROOT)]) == 0
    published = [*PUBLISHED, STEMS[2]]  # the earlier ones stay published
    assert [s for s, mode in _modes(out).items() if mode == "solutions"] == published
    assert sorted(p.stem for p in (out / "solutions").glob("*.ipynb")) == published
    capsys.readouterr()

    before = _listing(out)
    for refused in (["--solutions"], ["--solutions", "ex99"]):
        assert main(["release", str(out), *refused, "--root", str(ROOT)]) == 2
        assert _listing(out) == before  # nothing written
    err = capsys.readouterr().err
    still_open = [s for s in STEMS if s not in published]
    assert "holds a mixed student release" in err and f"exercises {label(still_open, ', ')}" in err
    assert "--force" in err and "unknown exercise 'ex99'" in err

    # A fix released mid-term keeps what the class has already pulled.
    assert main(["release", str(out), "--summative", _numbers(SUMMATIVE), "--root", str(ROOT)]) == 0
    assert "Solutions stay published" in capsys.readouterr().out
    assert [s for s, mode in _modes(out).items() if mode == "solutions"] == published
    assert [s for s, mode in _modes(out).items() if mode == "summative"] == SUMMATIVE
    assert main(["release", str(out), "--solutions", "--force", "--root", str(ROOT)]) == 0
    assert set(_modes(out).values()) == {"solutions"}
    assert not list((out / "src/cbec/exercises").glob("*.s*.json"))


def test_some_solutions_need_an_earlier_release_to_keep_the_others_as_they_are(tmp_path, capsys):
    out = tmp_path / "new"
    assert main(["release", str(out), "--solutions", PUBLISHED[0][:2], "--root", str(ROOT)]) == 2
    assert "holds no earlier release" in capsys.readouterr().err
    assert not out.exists()
