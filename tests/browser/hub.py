"""What the hub browser tests need besides JupyterLab itself: the instructor's course repository,
a student's login and link click, and the memory a student's server uses.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.browser.lab import KERNEL_IDLE, TIMEOUT_MS

ROOT = Path(__file__).resolve().parents[2]
COURSE_FILES = ("lessons", "exercises", "datasets", ".gitignore")
PULL_TIMEOUT_MS = 180_000  # spawning a server and cloning, while the other test worker is busy


def git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), "-c", "user.name=Instructor", "-c", "user.email=teacher@example.edu"]
    return subprocess.run([*command, *args], check=True, capture_output=True, text=True).stdout


def instructor_repository(folder: Path) -> Path:
    """The course as the instructor publishes it: a git repository of this checkout's course files."""
    folder.mkdir(parents=True)
    for name in COURSE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("*.answers.json*", ".*"))
        else:
            shutil.copy(source, folder / name)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "Course for this term")
    return folder


def log_in(page, hub_url: str, user: str, password: str) -> None:
    page.goto(f"{hub_url}/hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(password)
    page.locator("#login_submit").click()
    page.wait_for_url(lambda url: "/hub/login" not in url, timeout=TIMEOUT_MS)


def open_link(page, course_link: str) -> None:
    """Click the course link: nbgitpuller pulls, then JupyterLab opens the notebook with its kernel."""
    page.goto(course_link)
    page.wait_for_url("**/lab/tree/**", timeout=PULL_TIMEOUT_MS)
    page.wait_for_function(KERNEL_IDLE, timeout=PULL_TIMEOUT_MS)


def save_notebook(page) -> None:
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _user_of(pid: int) -> str:
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return ""
    found = [v for v in environ if v.startswith(b"JUPYTERHUB_USER=")]
    return found[0].split(b"=", 1)[1].decode() if found else ""


def server_memory_mb(hub, user: str) -> float:
    """Resident memory of ``user``'s single-user server and everything it started (its kernels)."""
    from tools.hub.local_hub import descendants

    hub.watch()
    servers = [pid for pid in sorted(hub.seen) if _user_of(pid) == user]
    top = [pid for pid in servers if not set(servers) & set(_parents(pid))]
    total = 0
    for pid in top:
        for member in (pid, *descendants(pid)):
            try:
                total += _rss_kib(member)
            except OSError:
                continue
    return total / 1024


def _parents(pid: int) -> list[int]:
    found = []
    while pid > 1:
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            break
        found.append(pid)
    return found
