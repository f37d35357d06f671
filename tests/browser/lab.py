"""A real JupyterLab on loopback, and the few things a learner does in it, for browser tests.

The server gets a token and temporary settings, workspace and runtime folders, so a test sees
no earlier state and nothing reaches the network. JupyterLab is driven through its own
command registry and read through its own models (``window.jupyterapp``), not through menu
labels, which change under the zh-CN language pack.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path(os.environ.get("CBEC_CHROMIUM", "/usr/bin/chromium"))
# Chromium on a closed network: no background connections, no sandbox (containers run as root).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 60_000
# Run All of a whole exercise in the browser, while the other test worker keeps both cores busy
# (grading kernels, nbval): exercise 03's 14 questions once took longer than a minute there.
RUN_ALL_TIMEOUT_MS = 180_000

CURRENT = "window.jupyterapp.shell.currentWidget"
KERNEL_IDLE = f"""() => {{
    const w = window.jupyterapp && {CURRENT};  // the app object appears once JupyterLab has loaded
    const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!k && k.status === 'idle';
}}"""
ALL_RUN = f"""() => {{
    const w = {CURRENT};  // the session is briefly null while JupyterLab reconnects a busy kernel
    const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!k && k.status === 'idle'
        && w.content.widgets.every(c => c.model.type !== 'code' || c.model.executionCount !== null);
}}"""

ALL_CLEARED = f"""() => {CURRENT}.content.widgets.every(
    c => c.model.type !== 'code' || (c.model.executionCount === null && c.model.outputs.length === 0)
)"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LabServer:
    process: subprocess.Popen
    url: str
    token: str
    workspaces: Path | None = None

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(f"{self.url}{path}?token={self.token}", method=method)
        with urllib.request.urlopen(request, timeout=10) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def delete_sessions(self) -> None:
        """Kernels outlive the page: shut every one down between tests."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def forget_workspaces(self) -> None:
        """JupyterLab reopens every tab of its saved workspace: without this, the page of the next
        test would start a kernel for each notebook an earlier test opened, and load the machine."""
        for saved in self.workspaces.glob("*") if self.workspaces else ():
            saved.unlink(missing_ok=True)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)  # by its process id, never by name
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_lab(course: Path, scratch: Path) -> LabServer:
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(scratch / "config"),
        JUPYTERLAB_SETTINGS_DIR=str(scratch / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(scratch / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(scratch / "runtime"),
        IPYTHONDIR=str(scratch / "ipython"),
        CBEC_COURSE_ROOT=str(course),
    )
    settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if settings.is_file():  # no news or update checks: they call out to the network
        (scratch / "settings").mkdir(parents=True, exist_ok=True)
        shutil.copy(settings, scratch / "settings" / "overrides.json")
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
    ]
    command += [f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True"]
    command += [f"--ServerApp.root_dir={course}"] + (["--allow-root"] if os.getuid() == 0 else [])
    log = open(scratch / "server.log", "w", encoding="utf-8")  # noqa: SIM115 (kept open while it runs)
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = LabServer(process, "", token, scratch / "workspaces")
    server.url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            server.api("GET", "/api/status")
            return server
        except OSError:
            if server.process.poll() is not None:
                break
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"JupyterLab did not start; see {scratch / 'server.log'}")


# -- in the page -------------------------------------------------------------------------------
def open_notebook(page, server: LabServer, path: str) -> None:
    page.set_default_timeout(TIMEOUT_MS)  # every click, fill and locator wait is bounded too
    page.goto(f"{server.url}/lab/tree/{path}?token={server.token}")
    page.wait_for_function(KERNEL_IDLE, timeout=TIMEOUT_MS)


def bounded(page, body: str, arg=None, timeout_ms: int = TIMEOUT_MS):
    """``page.evaluate`` of an async ``body`` that gives up after ``timeout_ms``: evaluate itself
    has no timeout, so a promise that never settles (a stuck kernel) would hang the test run."""
    race = (
        f"async arg => await Promise.race([(async () => {{ {body} }})(), new Promise((_, no) => "
        f"setTimeout(() => no(new Error('no answer within {timeout_ms} ms')), {timeout_ms}))])"
    )
    return page.evaluate(race, arg)


def run_all(page) -> None:
    """Clear every output, run every cell, and wait until each has run and the kernel is idle."""
    # Cleared first, and seen cleared: otherwise the wait below could pass at once on the counts
    # of the previous run, and the test would read the controls that run left on the page.
    bounded(page, "await window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs');")
    page.wait_for_function(ALL_CLEARED, timeout=TIMEOUT_MS)
    # Awaited, within a bound: run-all settles when every cell has run, and a refused command (the
    # notebook not yet active) fails here at once instead of leaving the wait below to time out.
    bounded(
        page, "await window.jupyterapp.commands.execute('notebook:run-all-cells');", None, RUN_ALL_TIMEOUT_MS
    )
    page.wait_for_function(ALL_RUN, timeout=TIMEOUT_MS)


def restart_kernel(page) -> None:
    # Through the session's own API: the menu command asks for confirmation in a dialog.
    bounded(page, f"await {CURRENT}.sessionContext.session.kernel.restart();")
    page.wait_for_function(KERNEL_IDLE, timeout=TIMEOUT_MS)


def run_in_kernel(page, code: str) -> None:
    bounded(page, f"await {CURRENT}.sessionContext.session.kernel.requestExecute({{code: arg}}).done;", code)
