"""``cbec link`` (the nbgitpuller link) and ``cbec collect`` (from a hub's homes to submissions)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from cbec.cli import main
from cbec.grader.collect import CollectError, collect, exercise_stem
from cbec.grader.submissions import from_folder
from cbec.hublink import folder_for, link

ROOT = Path(__file__).resolve().parents[1]
STEM = "01_people_goods_place"


# -- cbec link ---------------------------------------------------------------------------------
def test_the_link_asks_nbgitpuller_to_clone_the_branch_and_open_the_start_page_in_lab():
    url = link("https://hub.example.edu/", "https://git.example.edu/teach/cbec-course.git", "term-2")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "hub.example.edu",
        "/hub/user-redirect/git-pull",
    )
    query = {k: v[0] for k, v in parse_qs(parts.query, strict_parsing=True).items()}
    assert query == {
        "repo": "https://git.example.edu/teach/cbec-course.git",
        "branch": "term-2",
        "targetpath": "cbec-course",
        "urlpath": "lab/tree/cbec-course/lessons/00_start_here.ipynb",
    }
    assert "/" not in parts.query and ":" not in parts.query  # every value is url-encoded


@pytest.mark.parametrize(
    ("repo", "folder"),
    [
        ("https://host/a/cbec-course.git", "cbec-course"),
        ("https://host/a/cbec-course/", "cbec-course"),
        ("git@host:cbec-course.git", "cbec-course"),
        ("/srv/git/course", "course"),
    ],
)
def test_the_clone_folder_is_the_repository_name(repo, folder):
    assert folder_for(repo) == folder


def test_cbec_link_prints_the_link(capsys):
    args = ["--hub", "http://127.0.0.1:8000", "--repo", "/srv/c.git", "--branch", "main"]
    assert main(["link", *args, "--open", f"exercises/{STEM}.ipynb"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == link("http://127.0.0.1:8000", "/srv/c.git", "main", f"exercises/{STEM}.ipynb")
    assert "urlpath=lab%2Ftree%2Fc%2Fexercises%2F01_people_goods_place.ipynb" in printed


# -- cbec collect ------------------------------------------------------------------------------
def _home(homes: Path, user: str, course: str = "cbec-course", store: bool = True) -> Path:
    folder = homes / user / course / "exercises"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / f"{STEM}.ipynb", folder)
    if store:
        (folder / f"{STEM}.answers.json").write_text(f'{{"owner": "{user}"}}', encoding="utf-8")
    return folder


@pytest.fixture
def homes(tmp_path) -> Path:
    root = tmp_path / "homes"
    _home(root, "alice")
    _home(root, "bob", store=False)
    (root / "carol" / "cbec-course" / "lessons").mkdir(parents=True)  # cloned, never opened exercise 01
    _home(root, "dave")
    _home(root, "dave", course="copy-of-course")
    (root / ".hidden").mkdir()
    return root


def _snapshot(folder: Path) -> dict:
    return {
        p.relative_to(folder): (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else None)
        for p in folder.rglob("*")
    }


def test_collect_copies_each_users_notebook_and_answer_store_by_user_name(homes, tmp_path):
    before = _snapshot(homes)
    found = collect(homes, "01", tmp_path / "out")
    assert _snapshot(homes) == before  # read only: no file or folder changed, added or removed
    assert sorted(found.copied) == ["alice", "bob", "dave"]
    assert found.missing == ["carol"]
    assert "no answer store" in found.notes["bob"] and "several copies" in found.notes["dave"]
    out = tmp_path / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*")) == [
        f"alice/{STEM}.answers.json",
        f"alice/{STEM}.ipynb",
        f"bob/{STEM}.ipynb",
        f"dave/{STEM}.answers.json",
        f"dave/{STEM}.ipynb",
    ]
    assert (out / "alice" / f"{STEM}.answers.json").read_text(encoding="utf-8") == '{"owner": "alice"}'
    # cbec grade reads this layout: one student per folder, known by the user name.
    subs = {s.student_id: s for s in from_folder(out)}
    assert sorted(subs) == ["alice", "bob", "dave"]
    assert subs["alice"].find(STEM, ".answers.json")[0] == out / "alice" / f"{STEM}.answers.json"


def test_collect_refuses_to_overwrite_without_the_flag(homes, tmp_path):
    out = tmp_path / "out"
    collect(homes, "01", out)
    (homes / "alice" / "cbec-course" / "exercises" / f"{STEM}.answers.json").write_text(
        "{}", encoding="utf-8"
    )
    with pytest.raises(CollectError, match="not empty"):
        collect(homes, "01", out)
    assert (out / "alice" / f"{STEM}.answers.json").read_text(encoding="utf-8") == '{"owner": "alice"}'
    collect(homes, "01", out, overwrite=True)
    assert (out / "alice" / f"{STEM}.answers.json").read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize("inside", ["homes", "homes/alice/out"])
def test_collect_never_writes_among_the_homes(homes, tmp_path, inside):
    with pytest.raises(CollectError, match="overlaps"):
        collect(homes, "01", tmp_path / inside)


def test_the_exercise_is_named_by_its_number():
    assert exercise_stem("01") == exercise_stem("1") == exercise_stem(STEM) == STEM
    with pytest.raises(CollectError, match="no exercise"):
        exercise_stem("99")
    with pytest.raises(CollectError, match="number"):
        exercise_stem("people")


def test_cbec_collect_reports_users_without_a_file_and_how_to_grade(homes, tmp_path, capsys):
    out = tmp_path / "subs"
    assert main(["collect", str(homes), "--exercise", "01", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "3 users collected" in printed and "1 users have no file: carol" in printed
    assert f"cbec grade {out}" in printed
    assert main(["collect", str(homes), "--exercise", "01", "--out", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert sorted(os.listdir(out)) == ["alice", "bob", "dave"]


def test_the_readme_shows_the_link_cbec_link_prints():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(
        r"^# (https://hub\.example\.edu/hub/user-redirect/git-pull\?\S+)$", readme, re.MULTILINE
    )
    repo = "https://git.example.edu/teach/cbec-course.git"
    assert shown and shown.group(1) == link(
        "https://hub.example.edu", repo, "main", "lessons/00_start_here.ipynb"
    )
