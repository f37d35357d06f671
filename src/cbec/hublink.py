"""The course link an instructor gives students on a JupyterHub: an nbgitpuller link.

Clicking it clones the course repository into the student's home the first time, and later
merges the instructor's new commits without touching the student's own changes (nbgitpuller
keeps local edits, and answer stores are not in the repository), then opens a notebook.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

DEFAULT_OPEN = "lessons/00_start_here.ipynb"


def folder_for(repo: str) -> str:
    """The folder the course is cloned into: the repository's name, without ``.git``."""
    name = repo.rstrip("/").rsplit("/", 1)[-1]
    name = name.rsplit(":", 1)[-1]  # git@host:course.git
    return name[: -len(".git")] if name.endswith(".git") else name


def link(hub: str, repo: str, branch: str, open_path: str = DEFAULT_OPEN, folder: str = "") -> str:
    """The nbgitpuller link for ``repo`` at ``branch`` on ``hub``, opening ``open_path`` in JupyterLab."""
    folder = folder or folder_for(repo)
    query = {
        "repo": repo,
        "branch": branch,
        "targetpath": folder,
        "urlpath": f"lab/tree/{folder}/{open_path.lstrip('/')}",
    }
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{urlencode(query, quote_via=quote, safe='')}"
