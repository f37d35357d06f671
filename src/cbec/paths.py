"""Where the course lives on disk.

Notebooks run with their own folder as the working directory (JupyterLab and nbval both do
this), so the course root is found by walking up from there. ``CBEC_COURSE_ROOT`` overrides
the search, for graders and tests that work on copies.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV = "CBEC_COURSE_ROOT"


class CourseNotFoundError(FileNotFoundError):
    """Raised when no course folder (one holding ``datasets/``) can be found."""


def _looks_like_course(folder: Path) -> bool:
    return (folder / "datasets").is_dir() and any((folder / sub).is_dir() for sub in ("lessons", "exercises"))


def course_root(start: Path | None = None) -> Path:
    """Return the course folder: the env override, else the nearest parent with ``datasets/``."""
    override = os.environ.get(ROOT_ENV)
    if override:
        return Path(override).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _looks_like_course(folder):
            return folder
    # An editable install also knows where it came from.
    source_checkout = Path(__file__).resolve().parents[2]
    if _looks_like_course(source_checkout):
        return source_checkout
    raise CourseNotFoundError(
        f"找不到课程文件夹：从 {here} 向上没有找到包含 datasets/ 的目录。"
        f"请在课程文件夹里打开笔记本，或设置环境变量 {ROOT_ENV}。"
        f" (No course folder with datasets/ above {here}; set {ROOT_ENV}.)"
    )


def datasets_dir() -> Path:
    return course_root() / "datasets"
