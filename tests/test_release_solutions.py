"""The solutions release (``cbec release OUT --solutions``), for after the deadline.

- It holds the solution notebooks and the plain banks, so ``qN.solution()`` there shows the
  instructor's solution (not the sealed "published after the deadline" note), and its checks
  judge with the plain bank.
- It refuses a folder that holds a student release (formative or summative) unless forced, and
  replaces an earlier solutions release without being forced. ``--force`` alone is refused.
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
