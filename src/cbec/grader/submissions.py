"""Find each student's files: in a folder of folders, in a Canvas-style flat folder, or in a zip.

- ``SUBMISSIONS/<student>/…``: one folder per student; Moodle names each
  ``<name>_<participant id>_assignsubmission_file_``;
- ``SUBMISSIONS/<name>_<user id>_<file id>_<file>``: Canvas puts every file in one folder, prefixed;
- a ``.zip`` of either layout, as an LMS exports it. Entries are checked before extraction: no
  absolute paths, no ``..``, no links, bounded size. Names that Windows zipped in GBK are
  decoded as GBK, so Chinese names survive.

A student is known by the LMS's id where the export carries one (Canvas user id, Moodle
participant id), else by the folder's name: two students who share a name stay two students.
Two submissions are never merged; where two claim the same id, both are kept and flagged.
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MAX_UNZIPPED_BYTES = 2_000_000_000
MAX_ENTRIES = 50_000
IGNORED = {"__MACOSX", ".ipynb_checkpoints", ".DS_Store", "Thumbs.db"}
MOODLE_FOLDER = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_\w+?_?$")
CANVAS_FILE = re.compile(r"^(?P<name>[^_]+)(?P<late>_LATE)?_(?P<id>\d+)_\d+_(?P<file>.+)$")


class SubmissionsError(ValueError):
    """The submissions path cannot be read at all (the run stops, with this reason)."""


@dataclass
class Submission:
    student: str  # the name, as the export gives it
    source: str
    files: dict[str, Path] = field(default_factory=dict)  # the name as the student gave it → path
    student_id: str = ""  # the LMS's id, else the folder's name
    section: str = ""  # from a roster, where one is given
    flags: list[str] = field(default_factory=list)  # English, for the instructor
    late_flag: bool = False  # the LMS marked a file late (Canvas: "_LATE_" in its name)
    flags_zh: dict[str, str] = field(default_factory=dict)  # a flag → its Chinese, for notes_zh
    clash: list[str] = field(default_factory=list)  # rostered ids sharing this submission's name

    def find(self, stem: str, suffix: str) -> tuple[Path | None, str]:
        """The file for ``stem`` + ``suffix``, and a note when it was found under another name.

        Browsers and LMSs rename files ("… (1).ipynb", "…-1.ipynb"); one such near match is
        taken, and the note says so. Several near matches are ambiguous: none is taken.
        """
        if stem + suffix in self.files:
            return self.files[stem + suffix], ""
        near = sorted(n for n in self.files if n.endswith(suffix.split(".")[-1]) and _near(n, stem, suffix))
        if len(near) == 1:
            return self.files[near[0]], f"graded {near[0]} as {stem}{suffix}"
        if near:
            return None, f"several files could be {stem}{suffix}: {', '.join(near)}"
        return None, ""


def _near(name: str, stem: str, suffix: str) -> bool:
    inner = suffix.rsplit(".", 1)[0]  # ".answers" for ".answers.json", "" for ".ipynb"
    return stem in name and (inner in name if inner else ".answers" not in name)


def _visible(path: Path) -> bool:
    return not any(part in IGNORED or part.startswith(".") for part in path.parts)


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and _visible(p.relative_to(folder)))


def _identity(folder_name: str) -> tuple[str, str]:
    """(name, id) of a student folder: Moodle's participant id, else the folder's own name."""
    moodle = MOODLE_FOLDER.match(folder_name)
    return (moodle["name"], moodle["id"]) if moodle else (folder_name, folder_name)


def from_folder(root: Path, source_prefix: str = "") -> list[Submission]:
    found: list[Submission] = []
    canvas: dict[tuple[str, str], Submission] = {}
    for entry in sorted(root.iterdir()):
        if not _visible(Path(entry.name)):
            continue
        if entry.is_dir():
            name, student_id = _identity(entry.name)
            sub = Submission(name, source_prefix + entry.name + "/", student_id=student_id)
            sub.files.update({f.name: f for f in _files_under(entry)})
            found.append(sub)
        elif entry.is_file() and (match := CANVAS_FILE.match(entry.name)):
            # Canvas names the file "<name>_<user id>_<file id>_<original>": keep the original name;
            # one student's files share the name and the user id.
            key = (match["name"], match["id"])
            if key not in canvas:
                canvas[key] = Submission(key[0], source_prefix + entry.name, student_id=key[1])
                found.append(canvas[key])
            canvas[key].files[match["file"]] = entry
            canvas[key].late_flag = canvas[key].late_flag or bool(match["late"])
    _flag_shared_ids(found)
    return sorted(found, key=lambda s: (s.student, s.student_id, s.source))


def _flag_shared_ids(subs: list[Submission]) -> None:
    by_id: dict[str, list[Submission]] = {}
    for sub in subs:
        by_id.setdefault(sub.student_id, []).append(sub)
    for student_id, claims in by_id.items():
        if len(claims) > 1:
            sources = ", ".join(sorted(c.source for c in claims))
            for sub in claims:
                sub.flags.append(
                    f"student id {student_id} is claimed by {len(claims)} submissions ({sources}): check which is whose"
                )


def _decoded_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:  # the zip says UTF-8
        return info.filename
    raw = info.filename.encode("cp437")
    for codec in ("utf-8", "gbk"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def _safe_member(name: str) -> PurePosixPath:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise SubmissionsError(f"the zip holds an unsafe path: {name!r}")
    return path


def extract_zip(archive: Path, dest: Path) -> None:
    """Extract ``archive`` into ``dest`` after checking every entry."""
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
                raise SubmissionsError(f"{archive.name} is too large to unpack safely")
            for info in infos:
                if stat.S_ISLNK(info.external_attr >> 16):
                    raise SubmissionsError(f"the zip holds a symbolic link: {info.filename!r}")
                target = dest.joinpath(*_safe_member(_decoded_name(info)).parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as out:
                    out.write(src.read())
    except zipfile.BadZipFile as err:
        raise SubmissionsError(f"{archive.name} is not a readable zip file: {err}") from err


def collect(path: Path, scratch: Path) -> list[Submission]:
    """Every student's submission under ``path`` (a folder or a zip), sorted by name.

    A zip is unpacked into ``scratch``; a folder is only read.
    """
    path = Path(path)
    if path.is_file() and path.suffix.lower() == ".zip":
        scratch.mkdir(parents=True, exist_ok=True)
        extract_zip(path, scratch)
        entries = [e for e in scratch.iterdir() if _visible(Path(e.name))]
        # An LMS zip often wraps everything in one top folder; a lone folder that holds notebooks
        # itself is one student's, not a wrapper.
        wrapper = len(entries) == 1 and entries[0].is_dir() and not _holds_notebooks(entries[0])
        root = entries[0] if wrapper else scratch
        return from_folder(root, source_prefix=f"{path.name}:")
    if path.is_dir():
        return from_folder(path)
    raise SubmissionsError(f"{path} is neither a folder nor a .zip file")


def _holds_notebooks(folder: Path) -> bool:
    return any(p.suffix == ".ipynb" for p in folder.iterdir())
