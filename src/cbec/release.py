"""The student release: ``cbec release OUT`` writes what students get, and nothing they must not.

In: ``lessons/``, ``exercises/``, ``datasets/`` (data, schemas, datasheets, index, checksums),
the ``cbec`` package in ``src/`` with sealed question banks, and what installing and opening
the course needs: ``requirements.txt``, a ``pyproject.toml`` for that package, a ``Makefile``
whose ``make lab`` works as in the repository (with the JupyterLab overrides it copies), the
licences and a short README for students.

Out: ``solutions/``, ``tests/``, ``tools/`` (but the overrides), ``instructor/`` and the module
that writes its guide (``cbec.instructor_guide``), the grader, answer stores, and every plain
answer key: each question bank ``cbec/exercises/lNN.py`` is replaced by a module that loads
``lNN.sealed.json`` (see ``cbec.questions.sealed``).

``OUT`` must be new, empty, or an earlier release (it holds ``.cbec-release.json``). Files an
earlier release wrote are replaced or removed; any other file in ``OUT`` is left alone.
Everything is computed before the first file is written, so an error leaves ``OUT`` as it was.

Modes (``MODES``), given per exercise: "formative", the default, ships sealed self-checks that
say right or wrong; "summative" ships checks that only confirm an answer is saved and
well-formed (``cbec.release_summative``); "solutions" ships the plain banks and the solution
notebooks, for after the deadline (``cbec.release_solutions``). ``cbec.release_modes`` says
which exercise gets which mode; the marker records it, so a later release into the same
``OUT`` can publish one exercise's solutions and keep the others as they are.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import cbec
from cbec.paths import ROOT_ENV
from cbec.questions.base import Question
from cbec.questions.sealed import seal_exercise

MARKER = ".cbec-release.json"
FORMAT = "cbec-release/1"
BANK = re.compile(r"^l\d{2}$")
TEMPLATES = Path(__file__).with_name("release_files")

# Instructor-only parts of cbec; the guide's generator would show the planted effects.
PACKAGE_LEFT_OUT = ("grader", "release.py", "release_modes.py", "release_files", "instructor_guide.py")
COURSE_FOLDERS = ("lessons", "exercises")
DATASET_FILES = ("*.csv", "*.schema.json", "*.md", "checksums.json")
ROOT_FILES = (
    "requirements.txt",
    "LICENSE",
    "LICENSE-CONTENT.md",
    "REFERENCES.md",
    "tools/jupyterlab_overrides.json",
    "tools/course.mk",
)
# Folders a release copies from: OUT inside one of them would copy itself.
SOURCES = ("lessons", "exercises", "datasets", "src", "tools")
PYPROJECT_TABLES = ("build-system", "project", "project.urls", "tool.setuptools.packages.find")
MODES = ("formative", "summative", "solutions")

Plan = dict[Path, Path | str]  # relative target -> file to copy, or text to write


class ReleaseError(ValueError):
    """The release cannot be written; the message says why, in plain English."""


def _never_shipped(rel: Path) -> bool:
    # Hidden files, caches and answer stores are personal or generated, never course material.
    hidden = any(p.startswith(".") or p == "__pycache__" or p.endswith(".egg-info") for p in rel.parts)
    return hidden or rel.name.endswith((".pyc", ".answers.json")) or ".answers.json.tmp" in rel.name


# -- the package -------------------------------------------------------------------------------
def question_banks() -> list[ModuleType]:
    """The instructor's question banks ``cbec.exercises.lNN``, imported."""
    import cbec.exercises as package

    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__) if BANK.match(info.name))
    return [importlib.import_module(f"{package.__name__}.{name}") for name in names]


def _is_plain_bank(rel: Path) -> bool:
    # A bank is replaced by its sealed module; a sealed spec left in the source tree is stale.
    bank = rel.suffix == ".py" and BANK.match(rel.stem) is not None
    spec = rel.name.endswith((".sealed.json", ".summative.json"))
    return rel.parent == Path("exercises") and (bank or spec)


def _package_sources(source: Path) -> Iterator[Path]:
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        left_out = _never_shipped(rel) or rel.parts[0] in PACKAGE_LEFT_OUT or _is_plain_bank(rel)
        if path.is_file() and not left_out:
            yield rel


def sealed_module_source(bank: ModuleType, loader: tuple[str, str, str] | None = None) -> str:
    """A module with the bank's public names, whose questions load from its sealed spec.

    ``loader`` (module, function, spec suffix) loads another kind of spec in the same way."""
    name, exercise = bank.__name__.rsplit(".", 1)[1], bank.exercise
    module, function, suffix = loader or ("cbec.questions.sealed", "load_exercise", "sealed.json")
    lines = []
    for public in bank.__all__:
        value = getattr(bank, public)
        if public in ("exercise", "____"):
            continue
        if not isinstance(value, Question) or exercise.questions.get(value.qid) is not value:
            raise ReleaseError(f"{bank.__name__} exports {public!r}, which is not one of its questions")
        lines.append(f"{public} = exercise.questions[{json.dumps(value.qid)}]")
    return (
        f'"""{exercise.title}: the {suffix.split(".")[0]} question bank of ``{exercise.stem}.ipynb``.\n\n'
        f"Written by ``cbec release``; do not edit. The questions load from ``{name}.{suffix}``\n"
        f'(see ``{module}``).\n"""\n\n'
        "from pathlib import Path\n\n"
        "from cbec.questions import ____\n"
        f"from {module} import {function}\n\n"
        f'exercise = {function}(Path(__file__).with_name("{name}.{suffix}"))\n\n'
        + "".join(f"{line}\n" for line in lines)
        + f"\n__all__ = {json.dumps(list(bank.__all__))}\n"
    )


def _sealed_bank(bank: ModuleType, salt: str) -> Plan:
    name = bank.__name__.rsplit(".", 1)[1]
    spec = seal_exercise(bank.exercise, salt)
    return {
        Path("exercises", f"{name}.sealed.json"): json.dumps(spec, ensure_ascii=False, indent=1) + "\n",
        Path("exercises", f"{name}.py"): sealed_module_source(bank),
    }


def _bank_writer(mode: str):
    if mode == "summative":
        from cbec.release_summative import summative_bank

        return lambda bank, _salt: summative_bank(bank)
    if mode == "solutions":
        from cbec.release_solutions import plain_bank

        return lambda bank, _salt: plain_bank(bank)
    return _sealed_bank


def package_plan(salt: str, mode: str | Mapping[str, str] = "formative") -> Plan:
    """The student copy of ``cbec``, relative to its folder: sealed banks, no grader.

    ``mode`` is one mode for every bank, or ``{stem: mode}``."""
    source = Path(cbec.__file__).parent
    plan: Plan = {rel: source / rel for rel in _package_sources(source)}
    for bank in question_banks():
        plan |= _bank_writer(mode if isinstance(mode, str) else mode[bank.exercise.stem])(bank, salt)
    return plan


def _write(plan: Plan, dest: Path) -> list[Path]:
    written = []
    for rel, content in sorted(plan.items()):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8")
        written.append(target)
    return written


def write_public_package(dest: Path, salt: str) -> Path:
    """Write the student copy of the ``cbec`` package to ``dest/cbec``; return that folder.

    Needs only the installed package and the course data (for the expected values), not the
    rest of a release: the grader uses it to give grading kernels a package with no answer key.
    Files already in ``dest/cbec`` are overwritten, never deleted.
    """
    target = Path(dest) / "cbec"
    _write(package_plan(salt), target)
    return target


# -- the rest of the release -------------------------------------------------------------------
def _course_plan(root: Path) -> Plan:
    plan: Plan = {}
    for folder in COURSE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not _never_shipped(rel):
                plan[rel] = path
    for pattern in DATASET_FILES:
        for path in sorted((root / "datasets").glob(pattern)):
            plan[path.relative_to(root)] = path
    for name in ROOT_FILES:
        if not (root / name).is_file():
            raise ReleaseError(f"{root / name} is missing; a release needs it")
        plan[Path(name)] = root / name
    return plan


def _toml_tables(text: str) -> dict[str, str]:
    headers = list(re.finditer(r"^\[([\w.\-]+)\][ \t]*$", text, flags=re.M))
    ends = [h.start() for h in headers[1:]] + [len(text)]
    return {h.group(1): text[h.start() : end].rstrip() for h, end in zip(headers, ends, strict=True)}


def released_pyproject(root: Path, package_files: Iterable[Path]) -> str:
    """The repository's project metadata, for the sealed package: no scripts, no tool settings.

    Package data is every non-Python file the student copy holds, so ``pip install .`` keeps it.
    """
    tables = _toml_tables((root / "pyproject.toml").read_text(encoding="utf-8"))
    if "project" not in tables or "build-system" not in tables:
        raise ReleaseError(f"{root / 'pyproject.toml'} has no [project] or [build-system] table")
    kept = [tables[name] for name in PYPROJECT_TABLES if name in tables]
    patterns = sorted(
        {
            (rel.parent / f"*{rel.suffix or rel.name}").as_posix()
            for rel in package_files
            if rel.suffix != ".py"
        }
    )
    data = "[tool.setuptools.package-data]\ncbec = [" + ", ".join(json.dumps(p) for p in patterns) + "]"
    header = (
        "# The course package, sealed for students (written by `cbec release`). `make lab` installs it.\n"
    )
    return header + "\n\n".join([*kept, data]) + "\n"


def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def release_plan(root: Path, salt: str, mode: str | Mapping[str, str] = "formative") -> Plan:
    """What a release writes; ``mode`` is one mode for every exercise, or ``{stem: mode}``."""
    from cbec.release_modes import in_mode, student_readme
    from cbec.release_solutions import solutions_course
    from cbec.release_summative import summative_course

    modes = dict.fromkeys(_stems(), mode) if isinstance(mode, str) else dict(mode)
    package = package_plan(salt, modes)
    plan = _course_plan(root) | {Path("src", "cbec") / rel: content for rel, content in package.items()}
    plan[Path("pyproject.toml")] = released_pyproject(root, package)
    plan[Path("Makefile")] = _template("Makefile")
    plan[Path("README.md")] = student_readme(modes)
    summative, published = in_mode(modes, "summative"), in_mode(modes, "solutions")
    if summative:
        plan |= summative_course(root, plan, summative)
    if published:
        plan |= solutions_course(root, published)
    return plan


def _stems() -> list[str]:
    return [bank.exercise.stem for bank in question_banks()]


# -- OUT ---------------------------------------------------------------------------------------
def _earlier_release(root: Path, out: Path) -> dict | None:
    """The marker of the earlier release in ``out``, None for a new or empty ``out``; refuse
    an ``out`` that is not one."""
    if out.exists() and not out.is_dir():
        raise ReleaseError(f"{out} is a file, not a folder")
    if out == root or any(out == root / s or root / s in out.parents for s in SOURCES):
        raise ReleaseError(f"{out} is inside the course folder's own material; choose a folder outside it")
    if not out.is_dir() or not any(out.iterdir()):
        return None
    marker = out / MARKER
    if not marker.is_file():
        raise ReleaseError(
            f"{out} is not empty and is not an earlier release (no {MARKER}); choose a new folder"
        )
    try:
        content = json.loads(marker.read_text(encoding="utf-8"))
        files = [Path(f) for f in content["files"]] if content.get("format") == FORMAT else None
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise ReleaseError(f"{marker} cannot be read ({err}); move it away or choose a new folder") from err
    if files is None:
        raise ReleaseError(f"{marker} is not a {FORMAT} marker; choose a new folder")
    # Only plain relative paths: a marker must not reach outside OUT.
    content["files"] = [f for f in files if not f.is_absolute() and ".." not in f.parts]
    return content


def _remove(out: Path, files: Iterable[Path]) -> None:
    for rel in files:
        (out / rel).unlink(missing_ok=True)
        for folder in (out / rel).parents:
            if folder == out or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()


@contextmanager
def _course_at(root: Path) -> Iterator[None]:
    # Expected values are computed from the data of the course being released.
    before = os.environ.get(ROOT_ENV)
    os.environ[ROOT_ENV] = str(root)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ROOT_ENV, None)
        else:
            os.environ[ROOT_ENV] = before


def write_release(
    root: Path,
    out: Path,
    salt: str | None = None,
    mode: str = "formative",
    force: bool = False,
    exercises: str | Iterable[str] | None = None,
    formative: str | Iterable[str] | None = None,
) -> list[Path]:
    """Write the student release of the course at ``root`` into ``out``; return the files written.

    ``exercises`` ("05,06", or a list) are the ones given in ``mode``, the others formative (a
    summative release) or as the earlier release in ``out`` has them (solutions); None: all.
    The exercises ``out`` has as summative or published stay so; ``formative`` names summative
    ones to turn formative again (``--formative``).
    ``force`` lets a solutions release of every exercise replace a student release in ``out``."""
    from cbec.release_modes import ALL, earlier_modes, overall, release_modes
    from cbec.release_solutions import refuse_student_release

    root, out = Path(root).resolve(), Path(out).resolve()
    if mode not in MODES:
        raise ReleaseError(f"unknown release mode {mode!r}; one of {', '.join(MODES)}")
    if salt is not None and not salt.strip():
        raise ReleaseError("the salt must not be empty")
    earlier = _earlier_release(root, out)
    with _course_at(root):
        was = earlier_modes(earlier, _stems())
        modes = release_modes(mode, exercises, _stems(), was, formative)
        # Naming the exercises says their deadlines have passed; "all" over a class needs --force.
        if mode == "solutions" and exercises in (None, ALL) and was and not force:
            refuse_student_release(out, was)
        plan = release_plan(root, salt or secrets.token_hex(16), modes)
    _remove(out, [f for f in (earlier or {}).get("files", []) if f not in plan])
    out.mkdir(parents=True, exist_ok=True)
    # The marker first: a release cut short is still recognised, and replaced, by the next one.
    files = sorted(p.as_posix() for p in plan)
    marker = {"format": FORMAT, "mode": overall(modes), "exercises": modes, "files": files}
    (out / MARKER).write_text(json.dumps(marker, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return _write(plan, out)
