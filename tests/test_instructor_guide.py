"""The instructor guide's generated blocks: current, written only inside their markers, and
rendered from the course, the banks and the planted effects.

- The committed guide is current: ``cbec build --check`` finds no stale block.
- A hand edit inside a block is named by ``--check`` and undone by ``cbec build``; every byte
  outside the blocks survives a build.
- A block without its END marker, a duplicate, an unknown or a missing block is a clear error.
- A course without the guide builds without importing the generator.
- The assessment block's ``term.ini`` gives ``cbec gradebook`` the plan's weights, and it shows
  each written answer's rubric; each lesson block shows the bank's misconception notes and the
  planted effects of the lesson's datasets.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cbec import course
from cbec import instructor_guide as guide
from cbec.build import BuildError, build
from cbec.cli import main
from cbec.grader.term import read_config
from cbec.questions import WrittenAnswer

ROOT = Path(__file__).resolve().parents[1]
PROSE = "手写的文字，生成时不能改动。  \r\n第二行\t（保留行尾空格、CRLF 和制表符）\n"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    return guide.render(ROOT)


@pytest.fixture(scope="module")
def names() -> list[str]:
    return guide.block_names(course.lessons(ROOT))


def _empty_guide(names: list[str], prose: str = PROSE) -> str:
    """A guide with hand-written text between empty blocks, and no newline at its end."""
    parts = [f"# 教师指南\n\n{prose}"]
    for name in names:
        parts.append(
            f"<!-- BEGIN GENERATED: {name} -->\n<!-- END GENERATED: {name} -->\n\n{prose}{name} 之后的段落"
        )
    return "\n".join(parts)


@pytest.fixture()
def course_root(tmp_path, names) -> Path:
    """A course folder with the lessons, the planted effects and a guide of its own."""
    (tmp_path / "lessons").mkdir()
    for path in (ROOT / "lessons").glob("*.ipynb"):
        if course.LESSON_FILE.match(path.name):
            shutil.copy(path, tmp_path / "lessons" / path.name)
    (tmp_path / "instructor").mkdir()
    shutil.copy(ROOT / guide.EFFECTS, tmp_path / guide.EFFECTS)
    (tmp_path / guide.GUIDE).write_bytes(_empty_guide(names).encode("utf-8"))
    return tmp_path


def _outside(text: str, names: list[str]) -> list[str]:
    blocks = sorted(guide.find_blocks(text, names).values())
    edges = [0, *(i for span in blocks for i in span), len(text)]
    return [text[a:b] for a, b in zip(edges[::2], edges[1::2], strict=True)]


# -- current, and only the blocks change ------------------------------------------------------------
def test_the_committed_guide_is_current():
    assert guide.update(ROOT, check=True) == []


def test_a_build_fills_every_block_and_keeps_the_rest_byte_for_byte(course_root, names):
    path = course_root / guide.GUIDE
    before = path.read_bytes().decode("utf-8")
    assert len(guide.update(course_root, check=True)) == len(names)  # every empty block is stale
    assert build(course_root) == []
    after = path.read_bytes().decode("utf-8")
    assert after != before and _outside(after, names) == _outside(before, names)
    assert b"\r\n" in path.read_bytes() and not after.endswith("\n")
    assert guide.update(course_root, check=True) == []
    build(course_root)
    assert path.read_bytes().decode("utf-8") == after  # a second build changes nothing


def test_a_hand_edit_inside_a_block_is_named_and_undone(course_root, capsys):
    build(course_root)
    path = course_root / guide.GUIDE
    built = path.read_bytes()
    text = built.decode("utf-8")
    start, _ = guide.find_blocks(text, guide.block_names(course.lessons(course_root)))["plans"]
    path.write_bytes((text[:start] + "老师手改的一行\n" + text[start:]).encode("utf-8"))
    assert main(["build", "--root", str(course_root), "--check"]) == 1
    err = capsys.readouterr().err
    assert "instructor/guide.md block 'plans' is stale" in err and "Run `cbec build`" in err
    assert err.count("is stale") == 1
    assert main(["build", "--root", str(course_root)]) == 0
    assert path.read_bytes() == built


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("<!-- END GENERATED: assessment -->\n", "", 1), "block 'assessment' has no"),
        (
            lambda t: t.replace("<!-- END GENERATED: outcomes -->\n", "", 1),
            "before block 'outcomes' has its END",
        ),
        (
            lambda t: t + "\n<!-- BEGIN GENERATED: plans -->\n<!-- END GENERATED: plans -->\n",
            "'plans' appears twice",
        ),
        (
            lambda t: t.replace("GENERATED: assessment", "GENERATED: grading"),
            "unknown generated block 'grading'",
        ),
        (
            lambda t: re.sub(r"<!-- (BEGIN|END) GENERATED: lesson-03 -->\n", "", t),
            "no generated block 'lesson-03'",
        ),
        (lambda t: "<!-- END GENERATED: plans -->\n" + t, "END marker of block 'plans' with no BEGIN"),
    ],
)
def test_a_malformed_block_is_a_clear_error(course_root, capsys, change, message):
    path = course_root / guide.GUIDE
    original = path.read_text(encoding="utf-8")
    path.write_text(change(original), encoding="utf-8")
    with pytest.raises(BuildError, match=re.escape(message)):
        build(course_root, check=True)
    assert main(["build", "--root", str(course_root)]) == 2
    assert message in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == change(original)  # nothing written


def test_a_lesson_the_course_cannot_read_is_named(course_root, capsys):
    path = next((course_root / "lessons").glob("03_*.ipynb"))
    path.write_text(path.read_text(encoding="utf-8").replace("**时间**", "**用时**"), encoding="utf-8")
    assert main(["build", "--root", str(course_root), "--check"]) == 2
    assert f"{path.name}: the top of the lesson has no **时间**" in capsys.readouterr().err


def test_a_course_without_the_guide_builds_without_the_generator(tmp_path):
    (tmp_path / "solutions").mkdir()
    code = (
        "import sys; from pathlib import Path; from cbec.build import build; "
        f"assert build(Path({str(tmp_path)!r})) == []; "
        "assert 'cbec.instructor_guide' not in sys.modules, 'imported'"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def test_rendering_is_deterministic(rendered):
    assert guide.render(ROOT) == rendered


# -- what the blocks say ---------------------------------------------------------------------------
def test_the_term_ini_gives_the_gradebook_the_weights(tmp_path, rendered):
    (snippet,) = re.findall(r"```ini\n(.*?)```", rendered["assessment"], flags=re.S)
    (tmp_path / "term.ini").write_text(snippet, encoding="utf-8")
    banks = guide.exercises()
    counted = [w for w in course.WEIGHTS if w.percent]
    stems = [banks[w.exercise].stem for w in counted]
    config = read_config(tmp_path / "term.ini", stems)
    assert config.weights == {banks[w.exercise].stem: float(w.percent) for w in counted}
    assert sum(config.weights.values()) + course.PARTICIPATION_PERCENT == 100


def test_the_assessment_block_shows_modes_points_and_every_rubric(rendered):
    block = rendered["assessment"]
    banks = guide.exercises()
    for weight in course.WEIGHTS:
        title = banks[weight.exercise].title if weight.exercise in banks else "热身练习"
        role = course.ROLES.get(weight.exercise)
        title = f"{title}（{role}）" if role else title
        row = next(line for line in block.splitlines() if line.startswith(f"| {title} |"))
        assert guide.MODES[weight.mode] in row
        assert f"| {weight.percent}%" in row
    summative = ",".join(w.exercise for w in course.WEIGHTS if w.mode == "summative")
    assert f"`cbec release OUT --summative {summative}`" in block  # one release, each exercise its mode
    assert "`cbec release OUT --solutions NN`" in block
    written = [
        q
        for bank in guide.exercises().values()
        for q in bank.questions.values()
        if isinstance(q, WrittenAnswer)
    ]
    assert {q.qid for q in written} >= {"L05.Q11", "L05.Q12", "L05.Q13", "L05.Q14", "L06.Q9"}
    for question in written:
        number, qid = question.qid[1:3], question.qid.split(".Q")[1]
        assert f"#### 练习 {int(number)} 第 {qid} 题（{guide.number(question.points)} 分" in block
        for criterion in question.rubric:
            assert f"（`{criterion.key}`）" in block
            for level in criterion.levels:
                assert f"| {level.label} | {guide.number(level.points)} | {level.descriptor} |" in block
    for bank in guide.exercises().values():
        total = guide.number(sum(q.points for q in bank.questions.values()))
        assert re.search(rf"\| {re.escape(bank.title)} \| {len(bank.questions)} \|.*\| {total} \|", block)


def test_each_lesson_block_shows_its_questions_misconceptions_and_planted_effects(rendered):
    effects = guide._effects(ROOT)["effects"]
    banks = guide.exercises()
    for lesson in course.lessons(ROOT):
        block = rendered[f"lesson-{lesson.number}"]
        assert f"讲授约 {lesson.lesson_minutes} 分钟，练习约 {lesson.exercise_minutes} 分钟" in block
        for name in lesson.datasets:
            assert f"[`{name}`](../datasets/{name}.md)" in block
        for question in banks[lesson.number].questions.values():
            kind = guide.question_kind(question)
            assert f"| {guide.qid_number(question)} | {kind} | {guide.number(question.points)} |" in block
            for line in guide.misconception_lines(question):
                assert f"  - {line}" in block
        for effect in effects:
            shown = f"`{effect['id']}`" in block
            assert shown == (effect["dataset"] in lesson.datasets), (lesson.number, effect["id"])


def test_the_misconception_lines_name_what_triggers_them(rendered):
    from cbec.exercises import l01

    lines = guide.misconception_lines(l01.q3)
    assert any(line.startswith("漏选「") for line in lines) and any(
        line.startswith("误选「") for line in lines
    )
    assert all(
        "\n" not in line for q in l01.exercise.questions.values() for line in guide.misconception_lines(q)
    )


def test_the_outcomes_block_lists_every_outcome_objective_with_its_questions(rendered):
    banks = guide.exercises()
    for outcome in course.OUTCOMES:
        assert f"**{outcome.code}** {outcome.text}" in rendered["outcomes"]
        for code in outcome.objectives:
            number, k = code.split(".")
            qids = "、".join(f"l{number}.{q}" for q in banks[number].objectives[int(k)])
            assert re.search(
                rf"\| {re.escape(code)} \| \*\*.*\| {re.escape(qids)} \|", rendered["outcomes"]
            ), code


def test_the_plans_block_shows_every_session(rendered):
    for plan in course.PLANS:
        assert f"### {plan.title}" in rendered["plans"]
        for session in plan.sessions:
            row = next(
                line for line in rendered["plans"].splitlines() if line.startswith(f"| {session.label} |")
            )
            assert all(f"{a.text}（{a.minutes} 分钟）" in row for a in (*session.in_class, *session.homework))
            assert (session.milestone or "—") in row


@pytest.mark.parametrize(
    ("objective", "short"),
    [
        (
            "**呈现**证据：写一份论断与证据相配的建议备忘录，并会用表；",
            "**呈现**证据：写一份论断与证据相配的建议备忘录",
        ),
        ("**比较**两个平台的买家画像：用 `groupby` 分组；", "**比较**两个平台的买家画像"),
        (
            "**读出**矩阵（按第一触点，求占比）的结构与用途，再画图。",
            "**读出**矩阵（按第一触点，求占比）的结构与用途",
        ),
        ("**计算**丙。", "**计算**丙"),
    ],
)
def test_an_objective_is_shortened_to_a_clause_that_says_something(objective, short):
    assert guide.short_objective(objective) == short


def test_o1_draws_on_the_alibaba_lesson():
    (o1,) = [o for o in course.OUTCOMES if o.code == "O1"]
    assert any(code.startswith("02.") for code in o1.objectives)


def test_the_outcome_shares_add_up_and_each_outcome_says_how_it_is_attained(rendered):
    shares = guide.outcome_shares(guide.exercises())
    assert sum(total for total, _ in shares.values()) == pytest.approx(sum(w.percent for w in course.WEIGHTS))
    summative = sum(w.percent for w in course.WEIGHTS if w.mode == "summative")
    assert sum(part for _, part in shares.values()) == pytest.approx(summative)
    for code, (total, part) in shares.items():
        row = rf"\| \*\*{code}\*\* \| {guide.number(round(total, 1))}% \| {guide.number(round(part, 1))}% \|"
        assert re.search(row, rendered["outcomes"]), code
        assert f"- **{code}** 达成：" in rendered["outcomes"]
    assert f"≥ {course.ATTAINMENT_PERCENT}%" in rendered["outcomes"]


def test_a_question_that_serves_two_outcomes_is_split_between_them(monkeypatch):
    banks = guide.exercises()
    first = course.OUTCOMES[0]
    monkeypatch.setattr(course, "OUTCOMES", (first, dataclasses.replace(first, code="O9")))
    shares = guide.outcome_shares(banks)
    assessed = guide.outcome_questions(banks)["O1"]

    def points(number: str, only: bool) -> float:
        questions = banks[number].questions.values()
        return sum(q.points for q in questions if not only or guide.qid_number(q) in assessed.get(number, ()))

    whole = sum(
        w.percent * points(w.exercise, True) / points(w.exercise, False)
        for w in course.WEIGHTS
        if w.exercise in banks
    )
    assert shares["O1"] == shares["O9"] and shares["O1"][0] == pytest.approx(whole / 2)


def test_the_assessment_block_labels_participation_and_places_the_warmup(rendered):
    assert "课外评定" not in "".join(rendered.values())
    assert guide.PARTICIPATION_LABEL in rendered["assessment"]
    assert f"`热身/{course.WARMUP}/`" in rendered["assessment"]
    (snippet,) = re.findall(r"```ini\n(.*?)```", rendered["assessment"], flags=re.S)
    assert f"{course.WARMUP} =" not in snippet


def test_the_plans_block_shows_deadlines_and_buffers(rendered):
    for plan in course.PLANS:
        for session in plan.sessions:
            row = next(
                line for line in rendered["plans"].splitlines() if line.startswith(f"| {session.label} |")
            )
            assert row.split(" | ")[3] == ("、".join(map(guide.exercise_name, session.due)) or "—")
        buffers = [s.label for s in plan.sessions if s.buffer]
        assert bool(buffers) == (plan is course.SEMESTER)
        if buffers:
            assert f"可压缩的机动课：{'、'.join(buffers)}。" in rendered["plans"]
