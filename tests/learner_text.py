"""Every text a learner reads, split into pieces that a report can point at.

Learner-facing: the lesson, exercise and solution notebooks (each cell's source and its outputs'
text), the datasheets, the pandas quick reference (lessons/pandas_basics.md), README.md and the
students' README, and the Chinese string constants of the ``cbec`` package (widget, feedback and
error messages), found with ``ast``. The glossary page
is left out: it lists the deprecated variants on purpose, and it is rendered from the checked source.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

NOTEBOOK_FOLDERS = ("lessons", "exercises", "solutions")
TEXT_FILES = ("README.md", "lessons/pandas_basics.md", "datasets/*.md", "src/cbec/release_files/README.md")
OUTPUT_TYPES = ("text/plain", "text/html", "text/markdown")
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Piece:
    file: str
    where: str  # "cell 8 (markdown)", "cell 41 output", "line 12"
    text: str


def _outputs_text(cell) -> Iterator[str]:
    for output in cell.get("outputs", []):
        if "text" in output:
            yield output["text"]
        data = output.get("data", {})
        yield from (data[kind] for kind in OUTPUT_TYPES if kind in data)


def notebook_pieces(path: Path, name: str) -> Iterator[Piece]:
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        yield Piece(name, f"cell {index} ({cell.cell_type})", cell.source)
        for text in _outputs_text(cell):
            yield Piece(name, f"cell {index} output", text if isinstance(text, str) else "".join(text))


def text_pieces(path: Path, name: str) -> Iterator[Piece]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        yield Piece(name, f"line {number}", line)


def python_pieces(path: Path, name: str) -> Iterator[Piece]:
    """The string constants with Chinese in them: what the code shows to learners."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    for node in sorted(found, key=lambda n: (n.lineno, n.col_offset)):
        if CJK.search(node.value):
            yield Piece(name, f"line {node.lineno}", node.value)


def learner_files(root: Path) -> list[Path]:
    files = [p for folder in NOTEBOOK_FOLDERS for p in sorted((root / folder).glob("*.ipynb"))]
    files += [p for pattern in TEXT_FILES for p in sorted(root.glob(pattern))]
    files += sorted((root / "src" / "cbec").rglob("*.py"))
    return [p for p in files if "__pycache__" not in p.parts]


def pieces(path: Path, root: Path) -> Iterator[Piece]:
    name = path.relative_to(root).as_posix()
    if path.suffix == ".ipynb":
        yield from notebook_pieces(path, name)
    elif path.suffix == ".py":
        yield from python_pieces(path, name)
    else:
        yield from text_pieces(path, name)


def exercise_text(root: Path, number: str) -> str:
    """Everything exercise ``number`` shows: its notebook and its question bank's strings."""
    files = sorted((root / "exercises").glob(f"{number}_*.ipynb"))
    files += sorted((root / "src" / "cbec" / "exercises").glob(f"l{number}.py"))
    return "\n".join(piece.text for path in files for piece in pieces(path, root))


def lesson_text(root: Path, number: str) -> str | None:
    """The text of lesson ``number``, or None while it is not written."""
    found = sorted((root / "lessons").glob(f"{number}_*.ipynb"))
    return "\n".join(piece.text for path in found for piece in pieces(path, root)) if found else None
