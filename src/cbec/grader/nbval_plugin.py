"""The pytest plugin that grading loads: nbval runs each assembled notebook, cell by cell.

nbval's own collector and cell runner execute the notebooks; this plugin narrows them to what
grading needs and records what happened:

- every code cell runs, whatever ``NBVAL_*`` markers a learner typed; outputs are never compared;
- a kernel that dies (``os._exit``) is noticed within half a second, not at the cell timeout;
- a cell that keeps printing past its deadline, or a notebook whose output passes
  ``MAX_OUTPUT_BYTES``, is stopped;
- each cell's outcome, and the answers its probe reported (``cbec.probe``), are appended to a
  JSON-lines file per worker, which ``cbec.grader.judge`` reads afterwards;
- the controller draws a progress bar, one step per finished notebook.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from queue import Empty

import nbformat
import pytest
from jupyter_client.manager import KernelManager
from nbformat.v4.rwbase import rejoin_lines
from nbval.kernel import NbvalKernelspecManager, RunningKernel
from nbval.plugin import IPyNbCell, IPyNbFile, NbCellError

from cbec.grader.assemble import PROBE_KEY
from cbec.probe import MIME

RESULTS_ENV = "CBEC_GRADER_RESULTS"
MANIFEST_ENV = "CBEC_GRADER_MANIFEST"
MAX_OUTPUT_BYTES = 20_000_000
DEADLINE_GRACE = 10.0  # seconds after the cell timeout before a still-printing cell is stopped
POLL = 0.5


class KernelDiedError(RuntimeError):
    """The kernel process ended while a cell ran."""


class WatchedKernel(RunningKernel):
    """nbval's kernel, started and stopped without jupyter_client's fixed waits.

    ``wait_for_ready`` waits 0.2 s for IOPub to fall silent and shutdown polls every 0.1 s:
    fine for one notebook, a third of the time for a short exercise. Here the kernel counts as
    ready once it answers on both channels, and is stopped by killing its process.
    """

    def __init__(self, kernel_name, cwd=None, startup_timeout=60):
        self.km = KernelManager(kernel_name=kernel_name, kernel_spec_manager=NbvalKernelspecManager())
        with open(os.devnull, "w") as devnull:
            self.km.start_kernel(stderr=devnull, cwd=cwd)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self._wait_until_ready(float(startup_timeout))
        except BaseException:
            self.stop()
            raise
        self._ensure_iopub_up()

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.kc.kernel_info()
            try:
                self.kc.get_shell_msg(timeout=1)
                self.kc.get_iopub_msg(timeout=1)  # any message: the subscription is live
                return
            except Empty:
                if not self.km.is_alive():
                    break
        raise RuntimeError("the grading kernel did not start")

    def stop(self):
        self.kc.stop_channels()
        process = getattr(self.km.provisioner, "process", None)
        if process is None:
            return super().stop()
        process.kill()
        process.wait(timeout=10)
        self.km.cleanup_resources()
        del self.km

    def get_message(self, stream, timeout=None):
        # nbval pretty-prints every message for a debug log, even when logging is off: for a
        # short notebook that costs more than running it.
        if stream == "iopub":
            return self.kc.get_iopub_msg(timeout=timeout)
        return self.kc.get_shell_msg(timeout=timeout)

    def await_reply(self, msg_id, timeout=None):
        """Wait for the reply in short slices, so a dead kernel is noticed at once."""
        deadline = time.monotonic() + (timeout or 1e9)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Empty
            try:
                msg = self.get_message(stream="shell", timeout=min(POLL, remaining))
            except Empty:
                if not self.is_alive():
                    raise KernelDiedError("the kernel stopped (the process exited)") from None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return


class GradedNotebook(IPyNbFile):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.compare_outputs = False
        self.output_bytes = 0
        self.deadline = float("inf")

    def collect(self):
        # The grader wrote this notebook itself; validating it again would cost each worker a
        # second of schema set-up.
        content = json.loads(Path(self.fspath).read_text(encoding="utf-8"))
        self.nb = rejoin_lines(nbformat.from_dict(content))
        code = [c for c in self.nb.cells if c.cell_type == "code"]
        for number, cell in enumerate(code):
            options = {"check": False, "skip": False, "check_exception": False}
            yield GradedCell.from_parent(
                self, name=f"Cell {number}", cell_num=number, cell=cell, options=options
            )

    def setup(self):
        self.kernel = WatchedKernel(
            self.config.option.nbval_kernel_name,
            cwd=str(self.fspath.dirname),
            startup_timeout=float(self.config.option.nbval_kernel_startup_timeout),
        )

    def get_kernel_message(self, timeout=None, stream="iopub"):
        if time.monotonic() > self.deadline:
            self._stop("the cell kept running past its time limit")
        msg = self.kernel.get_message(stream, timeout=timeout)
        content = msg.get("content", {})
        self.output_bytes += len(content.get("text", "")) + sum(
            len(str(v)) for v in content.get("data", {}).values()
        )
        if self.output_bytes > MAX_OUTPUT_BYTES:
            self._stop(f"the notebook printed more than {MAX_OUTPUT_BYTES // 1_000_000} MB of output")
        return msg

    def _stop(self, why: str):
        self.timed_out = True  # nbval then marks the remaining cells as expected failures
        if self.kernel.is_alive():
            self.kernel.stop()
        raise NbCellError(-1, why, "")


class GradedCell(IPyNbCell):
    def runtest(self):
        self.parent.deadline = (
            time.monotonic() + float(self.config.option.nbval_cell_timeout) + DEADLINE_GRACE
        )
        super().runtest()


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".ipynb":
        return GradedNotebook.from_parent(parent, path=file_path)
    return None


# -- recording -------------------------------------------------------------------------------
def _evidence(item: GradedCell) -> list[dict]:
    found = []
    for out in getattr(item, "test_outputs", None) or []:
        data = out.get("data", {}) if hasattr(out, "get") else {}
        if MIME in data:
            found.append(data[MIME])
    return found


def _error_of(item: GradedCell, call) -> dict:
    errors = [o for o in getattr(item, "test_outputs", None) or [] if o.get("output_type") == "error"]
    found = {"ename": errors[-1]["ename"], "evalue": str(errors[-1]["evalue"])[:300]} if errors else {}
    if call.excinfo is not None:
        exc = call.excinfo.value
        found["message"] = f"{type(exc).__name__}: {exc}"[:300]
    return found


def _head(source: str) -> str:
    """The first non-blank line of a cell, short: how a learner recognises the cell."""
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    return (lines[0][:60] + ("…" if len(lines[0]) > 60 or len(lines) > 1 else "")) if lines else ""


def _append(record: dict) -> None:
    folder = Path(os.environ[RESULTS_ENV])
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with open(folder / f"{worker}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not isinstance(item, GradedCell) or RESULTS_ENV not in os.environ:
        return
    if call.when == "call" or (call.when == "setup" and report.outcome != "passed"):
        _append(
            {
                "notebook": str(item.parent.path),
                "cell": item.cell_num,
                "probe": item.cell.metadata.get(PROBE_KEY, {}).get("qid"),
                "when": call.when,
                # An expected failure that passed (a cell after an interrupted one) still ran.
                "outcome": "xfailed" if hasattr(report, "wasxfail") and report.skipped else report.outcome,
                "source_head": _head(item.cell.source),
                "seconds": round(call.duration, 3),
                "evidence": _evidence(item) if call.when == "call" else [],
                **_error_of(item, call),
            }
        )


# -- progress --------------------------------------------------------------------------------
class Progress:
    def __init__(self, manifest: dict[str, int]):
        self.cells = manifest
        self.done: Counter[str] = Counter()
        self.finished = 0

    def step(self, nodeid: str) -> None:
        name = nodeid.split("::")[0]
        self.done[name] += 1
        if self.done[name] == self.cells.get(name, -1):
            self.finished += 1
            self.draw()

    def draw(self) -> None:
        total = max(len(self.cells), 1)
        filled = round(30 * self.finished / total)
        sys.__stderr__.write(
            f"\r  grading [{'#' * filled}{'.' * (30 - filled)}] {self.finished}/{total} notebooks"
        )
        if self.finished == total:
            sys.__stderr__.write("\n")
        sys.__stderr__.flush()


_progress: Progress | None = None


def pytest_configure(config):
    global _progress
    manifest = os.environ.get(MANIFEST_ENV)
    if manifest and not hasattr(config, "workerinput"):
        _progress = Progress(json.loads(Path(manifest).read_text(encoding="utf-8")))
        _progress.draw()


def pytest_runtest_logreport(report):
    if _progress is not None and report.when == "teardown":
        _progress.step(report.nodeid)
