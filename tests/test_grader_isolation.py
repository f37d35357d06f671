"""What a grading kernel can reach: only the allowlist (``cbec.grader.sandbox``).

Each test grades hostile submissions with the sandbox, then the same ones with plain kernels
(no sandbox) as a control: there the attack works, so the test shows the sandbox is what stops
it. Where the system forbids user namespaces the sandboxed half is skipped with the reason.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path

import pytest

from cbec.grader.grade import Options, grade
from cbec.paths import course_root
from tests import grading_corpus as corpus
from tests.grading_corpus import Sources

pytestmark = pytest.mark.kernel
FULL = sum(float(q.points) for q in corpus.QUESTIONS)


@pytest.fixture(scope="module")
def sources() -> Sources:
    return Sources.load(course_root())


def _value_qids(src: Sources) -> list[str]:
    return [qid for qid, check in src.checks.items() if check.kind == "value"]


def _grade(subs: Path, out: Path, plain: bool, timeout: float = 60):
    results = grade(subs, out, Options(jobs=1, cell_timeout=timeout, plain_kernels=plain))
    if not plain and results.sandbox != "on":
        pytest.skip(f"kernels cannot be sandboxed here: {results.sandbox}")
    return {s.student: s for s in results.students}


def _scores(student) -> dict[str, float]:
    return {q.qid: q.score for n in student.notebooks for q in n.questions}


# -- copies of the course elsewhere on the disk --------------------------------------------------
PLANT_ROOTS = (Path.home(), Path(tempfile.gettempdir()), Path("/opt"))


@pytest.fixture(scope="module")
def planted():
    """A full copy of the course (its package with the full banks, solutions, exercises, data)
    in a new folder under each of home, /tmp and /opt; removed afterwards."""
    made = []
    root = course_root()
    try:
        for base in PLANT_ROOTS:
            try:
                folder = Path(tempfile.mkdtemp(prefix="cbec-planted-course-", dir=base))
            except OSError:
                continue
            made.append(folder)
            for part in ("src", "solutions", "exercises", "datasets"):
                shutil.copytree(root / part, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
        if len(made) < len(PLANT_ROOTS):
            pytest.skip("cannot write a copy of the course under home, /tmp and /opt")
        yield made
    finally:
        for folder in made:
            shutil.rmtree(folder, ignore_errors=True)


STEAL = '''\
import functools
import os
import runpy


@functools.cache
def _bank():
    """Walk the whole file system for a copy of the bank that holds the key."""
    bank_file = os.path.join(*{module!r}.split(".")) + ".py"
    # the planted places first, so a kernel that can see them finds one quickly
    for top in ("/opt", "/tmp", os.path.expanduser("~"), "/"):
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if os.path.join(folder, d) not in ("/proc", "/sys", "/dev"))
            path = os.path.join(folder, os.path.basename(bank_file))
            if path.endswith(bank_file) and os.path.basename(bank_file) in files:
                try:
                    bank = runpy.run_path(path)
                    keyed = [v for v in bank.values() if isinstance(getattr(v, "qid", None), str)]
                    next(v for v in keyed if hasattr(v, "expected")).expected()
                    return bank
                except Exception:
                    continue  # a sealed copy holds no key
    return {{}}


def _steal(qid):
    return next((v.expected() for v in _bank().values() if getattr(v, "qid", None) == qid), None)
'''


def _stealing(src: Sources, folder: Path) -> list[str]:
    """Every value question answered by a stolen key; the widget answers right."""
    nb = src.answered()
    corpus.insert_after(nb, corpus.setup_cell_id(src), STEAL.format(module=corpus.BANK.__name__))
    stolen = _value_qids(src)
    for qid in stolen:
        corpus.cell(nb, src.answer_cell_id(qid)).source = f"{src.variable(qid)} = _steal({qid!r})"
    corpus.answered_with_store(src, folder, nb)
    return stolen


def test_copies_of_the_course_elsewhere_are_unreachable(sources, planted, tmp_path):
    stolen = _stealing(sources, tmp_path / "class" / "thief")
    sandboxed = _scores(_grade(tmp_path / "class", tmp_path / "out", plain=False)["thief"])
    assert stolen and all(sandboxed[qid] == 0 for qid in stolen), sandboxed
    others = FULL - sum(float(corpus.BANK.exercise.questions[q].points) for q in stolen)
    assert sum(sandboxed.values()) == others
    # the control: without the sandbox the same walk finds a planted copy and scores
    plain = _scores(_grade(tmp_path / "class", tmp_path / "plain", plain=True)["thief"])
    assert sum(plain.values()) == FULL, plain


# -- writes outside the learner's copy -------------------------------------------------------------
def _targets(token: str) -> list[Path]:
    """Where a submission tries to leave a file: shared temporary space, home, /opt, the course."""
    name = f"cbec-left-behind-{token}"
    return [
        Path(tempfile.gettempdir()) / name,
        Path("/dev/shm") / name,
        Path.home() / name,
        Path("/opt") / name,
        course_root() / "datasets" / name,
        course_root() / name,
    ]


def _writer(src: Sources, folder: Path, targets: list[Path]) -> None:
    paths = [str(t) for t in targets]
    code = f"for _target in {paths!r}:\n    try:\n        open(_target, 'w').write('x')\n    except OSError:\n        pass\n"
    nb = src.answered()
    corpus.insert_after(nb, corpus.setup_cell_id(src), code)
    corpus.answered_with_store(src, folder, nb)


def test_a_write_outside_the_copy_leaves_no_trace(sources, tmp_path):
    targets = _targets(secrets.token_hex(6))
    _writer(sources, tmp_path / "class" / "writer", targets)
    try:
        student = _grade(tmp_path / "class", tmp_path / "out", plain=False)["writer"]
        assert student.score == FULL  # the failed writes cost the learner nothing
        assert [t for t in targets if t.exists()] == []
        # the control: a plain kernel leaves its files behind (where the user may write)
        _grade(tmp_path / "class", tmp_path / "plain", plain=True)
        assert Path(tempfile.gettempdir()) / targets[0].name in [t for t in targets if t.exists()]
    finally:
        for target in targets:
            target.unlink(missing_ok=True)


# -- two kernels ---------------------------------------------------------------------------------
SHARE = """\
import os, pickle, base64
_payload = base64.b64encode(pickle.dumps({name})).decode()
for _place in ({tmp!r}, {shm!r}, "shared-by-a.pkl"):
    open(_place, "w").write(_payload)
_startup = os.path.join(os.environ.get("IPYTHONDIR", os.path.expanduser("~/.ipython")), "profile_default", "startup")
os.makedirs(_startup, exist_ok=True)
open(os.path.join(_startup, "00-share-{token}.py"), "w").write(
    "import pickle, base64\\n{name} = pickle.loads(base64.b64decode(%r))\\n" % _payload
)
"""

COPY = """\
import glob, os, pickle, base64
_found = [{tmp!r}, {shm!r}] + glob.glob(os.path.join(os.getcwd(), "..", "..", "*", "*", "shared-by-a.pkl"))
for _place in _found:
    if "{name}" not in globals() and os.path.exists(_place):
        {name} = pickle.loads(base64.b64decode(open(_place).read()))
"""


def test_two_kernels_cannot_see_each_others_files(sources, tmp_path):
    """a_first hands its answer over by every shared place it can write; b_second looks there."""
    token = secrets.token_hex(6)
    places = {"tmp": f"{tempfile.gettempdir()}/cbec-share-{token}", "shm": f"/dev/shm/cbec-share-{token}"}
    qid = _value_qids(sources)[0]
    name = sources.variable(qid)
    nb = sources.answered()
    corpus.insert_after(nb, sources.answer_cell_id(qid), SHARE.format(name=name, token=token, **places))
    corpus.answered_with_store(sources, tmp_path / "class" / "a_first", nb)
    nb = sources.answered()
    corpus.set_answer_code(sources, nb, int(qid.split(".Q")[1]), COPY.format(name=name, **places))
    corpus.answered_with_store(sources, tmp_path / "class" / "b_second", nb)
    points = float(corpus.BANK.exercise.questions[qid].points)
    try:
        graded = _grade(tmp_path / "class", tmp_path / "out", plain=False)
        assert graded["a_first"].score == FULL
        assert _scores(graded["b_second"])[qid] == 0 and graded["b_second"].score == FULL - points
        # the control: plain kernels share /tmp and the IPython folder, and b copies a's answer
        plain = _grade(tmp_path / "class", tmp_path / "plain", plain=True)
        assert _scores(plain["b_second"])[qid] == points
    finally:
        for place in places.values():
            Path(place).unlink(missing_ok=True)
