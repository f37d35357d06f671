"""Helpers for tests that run notebooks in real Jupyter kernels, headless, on copies."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

TIMEOUT = 120


def execute(path: Path) -> nbformat.NotebookNode:
    """Run a notebook in a fresh kernel in its own folder and return it with outputs."""
    notebook = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(path.parent)}}
    NotebookClient(notebook, timeout=TIMEOUT, resources=resources).execute()
    return notebook


def text_of(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


@contextmanager
def kernel(cwd: Path):
    """A live kernel for driving widgets the way a learner's clicks would."""
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(cwd))
    try:
        yield LiveKernel(client)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


class LiveKernel:
    def __init__(self, client):
        self.client = client

    def _execute(self, code: str) -> tuple[str, str]:
        out: list[str] = []

        def collect(msg):
            content = msg["content"]
            if msg["msg_type"] == "stream":
                out.append(content["text"])
            elif msg["msg_type"] in ("display_data", "execute_result"):
                out.append(content["data"].get("text/plain", ""))
            elif msg["msg_type"] == "error":
                out.append("\n".join(content["traceback"]))

        reply = self.client.execute_interactive(code, timeout=TIMEOUT, output_hook=collect)
        return reply["content"]["status"], "".join(out)

    def run(self, code: str) -> str:
        status, shown = self._execute(code)
        assert status == "ok", shown
        return shown

    def run_failing(self, code: str) -> tuple[str, str]:
        return self._execute(code)


def grade_with_nbval(folder: Path) -> dict[str, tuple[str, str]]:
    """Grade every notebook in ``folder`` with nbval, as the grader does: a fresh kernel, only
    the checks count (``--nbval-lax``), failures raise under ``CBEC_GRADING=1``.

    Returns {test id: (outcome, message)} from pytest's JUnit report.
    """
    report = folder / "nbval-report.xml"
    empty_ini = folder / "pytest-grading.ini"
    empty_ini.write_text("[pytest]\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        str(empty_ini),
        "-p",
        "no:cacheprovider",
        "--nbval-lax",
        "--nbval-current-env",
        "--nbval-cell-timeout=120",
        f"--junitxml={report}",
        "-q",
        str(folder),
    ]
    env = {**os.environ, "CBEC_GRADING": "1", "PYTHONWARNINGS": "ignore"}
    subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    results = {}
    for case in ET.parse(report).iter("testcase"):
        verdicts = [child for child in case if child.tag in ("failure", "error", "skipped")]
        outcome = verdicts[0].tag if verdicts else "passed"
        message = "".join((c.get("message") or "") + (c.text or "") for c in verdicts)
        results[case.get("name")] = (outcome, message)
    return results
