"""Run one command and measure it: wall-clock seconds and the peak memory of its process tree.

A grader is a tree of processes (pytest workers, one kernel per notebook, forked kernels), so the
memory of the top process alone says little. A thread samples the whole tree from ``/proc`` a few
times a second and keeps the highest sum. It sums PSS (proportional set size) rather than RSS:
kernels forked from a warm template share most of their pages, and RSS would count those pages
once per kernel. Short peaks between two samples can be missed; the figure is a floor.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.2


@dataclass
class Run:
    seconds: float
    peak_mb: float  # highest sampled sum of PSS over the process tree
    returncode: int
    log: Path  # stdout and stderr of the command

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])  # the name in (...) may hold spaces
        tree[parent].append(int(entry.name))
    return tree


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss_mb(root: int) -> float:
    tree, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        total += _pss_kib(pid)
        todo.extend(tree.get(pid, []))
    return total / 1024


class _Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self.done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            self.peak_mb = max(self.peak_mb, tree_pss_mb(self.pid))


def run_measured(command: list[str], cwd: Path, env: dict[str, str], log: Path, timeout: float) -> Run:
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        # A session of its own, so that a run past its time can be stopped with all its children.
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        sampler = _Sampler(process.pid)
        sampler.start()
        try:
            returncode = process.wait(timeout=timeout)
        finally:
            seconds = time.perf_counter() - start
            sampler.done.set()
            sampler.join()
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return Run(seconds, sampler.peak_mb, returncode, log)
