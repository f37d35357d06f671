"""JupyterHub on loopback with the course: ``make hub`` runs this file; the hub browser tests import it.

Everything lives in one temporary folder: the hub's database and cookie secret, and every
user's home. On Ctrl-C (or ``Hub.stop()``), the hub, the proxy, every single-user server and
their kernels are stopped by their process ids, and the folder is deleted unless asked to keep it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONFIG = HERE / "jupyterhub_config.py"
PROXY = "configurable-http-proxy"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def missing() -> str:
    """Why a hub cannot start on this machine, or "" when it can."""
    if shutil.which(PROXY) is None:
        return (
            f"{PROXY} is not installed (Debian/Ubuntu: apt-get install node-configurable-http-proxy; "
            "elsewhere: npm install -g configurable-http-proxy@4.5.3)"
        )
    hub = Path(sys.executable).with_name("jupyterhub")
    if not hub.exists():
        return f"{hub} is missing: install requirements-hub.txt (make hub does)"
    return ""


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc (Linux)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has already exited


@dataclass
class Hub:
    process: subprocess.Popen
    url: str
    password: str
    folder: Path
    log: Path
    keep: bool = False
    seen: set[int] = field(default_factory=set)  # every process the hub started, as last observed

    @property
    def homes(self) -> Path:
        return self.folder / "homes"

    def watch(self) -> None:
        """Remember the hub's processes now (proxy, servers, kernels), to stop them by id later."""
        self.seen.update(descendants(self.process.pid))

    def stop(self) -> list[int]:
        """Stop the hub and everything it started; return the ids of any that had to be killed."""
        self.watch()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the hub stops its servers and its proxy
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        killed = [pid for pid in sorted(self.seen) if alive(pid)]
        for pid in killed:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)
        return killed


def start(folder: Path | None = None, port: int = 0, password: str = "", keep: bool = False) -> Hub:
    folder = Path(folder or tempfile.mkdtemp(prefix="cbec-hub-"))
    (folder / "homes").mkdir(parents=True, exist_ok=True)
    (folder / "state").mkdir(exist_ok=True)
    password = password or secrets.token_urlsafe(8)
    env = dict(
        os.environ,
        CBEC_HUB_STATE=str(folder / "state"),
        CBEC_HUB_HOMES=str(folder / "homes"),
        CBEC_HUB_PORT=str(port or free_port()),
        CBEC_HUB_INTERNAL_PORT=str(free_port()),
        CBEC_HUB_PROXY_API_PORT=str(free_port()),
        CBEC_HUB_PASSWORD=password,
    )
    env.pop("CBEC_COURSE_ROOT", None)  # each student's course is the clone in their own home
    log = folder / "jupyterhub.log"
    command = [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(CONFIG)]
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command, cwd=folder / "state", env=env, stdout=out, stderr=subprocess.STDOUT
        )
    hub = Hub(process, f"http://127.0.0.1:{env['CBEC_HUB_PORT']}", password, folder, log, keep)
    _wait_until_up(hub)
    return hub


def _wait_until_up(hub: Hub, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=5):
                hub.watch()
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    hub.keep = True
    hub.stop()
    raise RuntimeError(f"JupyterHub did not start; see {hub.log}")


def main(argv: list[str] | None = None) -> int:
    from cbec.hublink import DEFAULT_OPEN, link

    parser = argparse.ArgumentParser(description="JupyterHub on loopback with the course (a local trial)")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--password", default="", help="the shared password (default: a random one)")
    parser.add_argument("--keep", action="store_true", help="keep the homes folder after Ctrl-C")
    args = parser.parse_args(argv)
    problem = missing()
    if problem:
        print(f"make hub: {problem}", file=sys.stderr)
        return 2
    hub = start(port=args.port, password=args.password, keep=args.keep)
    course_link = link(hub.url, str(ROOT), _branch(), DEFAULT_OPEN, folder="cbec-course")
    print(
        f"JupyterHub (local trial, NOT for production): {hub.url}\n"
        f"  log in with any user name and the password: {hub.password}\n"
        f"  then open the course link (it clones this checkout's branch into the user's home):\n"
        f"  {course_link}\n"
        f"  homes: {hub.homes}   log: {hub.log}\n"
        "Ctrl-C stops the hub, the proxy and every user's server.",
        flush=True,
    )
    try:
        while hub.process.poll() is None:
            time.sleep(1)
            hub.watch()
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
        print("make hub: stopped" + (f"; homes kept in {hub.homes}" if hub.keep else ""))
    return 0


def _branch() -> str:
    result = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--abbrev-ref", "HEAD"], capture_output=True, text=True
    )
    return result.stdout.strip() or "main"


if __name__ == "__main__":
    raise SystemExit(main())
