"""Benchmark: data generation and loading, each notebook, and the test suite: time and memory.

    make bench            # or: .venv/bin/python tools/bench.py [--skip-suite]

Prints figures; asserts nothing. Targets on 2 cores: generating every dataset takes seconds,
a lesson runs in <= 5 s, a kernel peaks at <= 200 MB, the whole test suite runs in <= 3 min.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
# Appended to a copy of each notebook: the kernel's own peak resident memory (Linux: KiB).
PEAK_MEMORY = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


# Run in a fresh interpreter so the peak memory is that of the step alone.
GENERATE = """
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {tools!r})
import generate_datasets
start = time.perf_counter()
generate_datasets.main(Path({out!r}), source=Path({root!r}))
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
LOAD_ALL = """
import resource, time
from cbec import data
start = time.perf_counter()
rows = sum(len(data.load(name)) for name in data.available())
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rows)
"""


def _last_line(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    return done.stdout.strip().splitlines()[-1].split()


def bench_data(tmp: Path) -> None:
    seconds, peak = _last_line(GENERATE.format(tools=str(ROOT / "tools"), out=str(tmp), root=str(ROOT)))
    size = sum(p.stat().st_size for p in (tmp / "datasets").iterdir())
    print(
        f"generate every dataset: {float(seconds):.2f} s, peak {int(peak) / 1024:.0f} MB, {size / 2**20:.1f} MB written"
    )
    seconds, peak, rows = _last_line(LOAD_ALL)
    print(
        f"data.load every dataset: {float(seconds):.2f} s for {int(rows):,} rows, peak {int(peak) / 1024:.0f} MB"
    )


# The P4P simulator of lesson 02: the work one slider move triggers (recompute and print), in a
# fresh interpreter, after the first draw has loaded the data. Target: <= 50 ms a move.
SIMULATOR = """
import contextlib, io, statistics, time
from cbec.explore import l02


def timed(move):
    times = []
    for step in range(60):
        start = time.perf_counter()
        move(0.5 + (step % 40) * 0.15, 1 + step % 5)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


with contextlib.redirect_stdout(io.StringIO()):
    box = l02.simulator()  # the first draw loads the data
    l02.p4p_bid(3.0)
    bid, score = box.children[0].children

    def lesson(b, s):
        # One slider moves at a time; its observer redraws the outcome.
        if s % 2:
            bid.value = b
        else:
            score.value = s

    found = [*timed(lesson), *timed(lambda b, s: l02.p4p_bid(b))]
print(*found)
"""


def bench_simulator() -> None:
    lesson_median, lesson_max, explorer_median, explorer_max = map(float, _last_line(SIMULATOR))
    print(
        f"P4P simulator, one slider move: lesson median {lesson_median:.1f} ms (max {lesson_max:.1f}), "
        f"exercise explorer median {explorer_median:.1f} ms (max {explorer_max:.1f}); target <= 50 ms"
    )


def bench_price_simulator(moves: int = 200) -> None:
    """Lesson 03's price simulator: the time one slider move takes to answer (target <= 50 ms)."""
    import contextlib
    import io

    from cbec.explore import l03

    l03.use(l03.DemandCurve(elasticity=-2.0, intercept=7.0, unit_cost=3.2, name="bench"))
    with contextlib.redirect_stdout(io.StringIO()):
        start = time.perf_counter()
        for step in range(moves):
            l03.price_simulator(2.0 + step * 0.035)
        per_move = (time.perf_counter() - start) / moves
    print(f"price simulator (lesson 03): {per_move * 1000:.3f} ms per slider move (target <= 50 ms)")


def bench_inquiry_value(moves: int = 40) -> None:
    """Lesson 04's what-if explorer: the time one slider move takes to redraw (target <= 50 ms)."""
    import contextlib
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cbec.explore import l04

    with contextlib.redirect_stdout(io.StringIO()):
        l04.inquiry_value(100)  # the first draw loads the data
        start = time.perf_counter()
        for step in range(moves):
            l04.inquiry_value(step * 10)
            plt.close("all")
        per_move = (time.perf_counter() - start) / moves
    print(f"inquiry-value explorer (lesson 04): {per_move * 1000:.1f} ms per slider move (target <= 50 ms)")


def time_suite() -> float:
    start = time.perf_counter()
    subprocess.run(["make", "test"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def run_notebook(path: Path) -> tuple[float, float, float]:
    """(seconds with kernel start, seconds for Run All alone, peak MB) for one notebook."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PEAK_MEMORY))
    client = NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        started = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        finished = time.perf_counter()
    peak_kib = int(notebook.cells[-1].outputs[0]["text"].strip())
    return finished - start, finished - started, peak_kib / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-suite", action="store_true", help="do not time `make test`")
    args = parser.parse_args()
    bench_price_simulator()
    bench_inquiry_value()
    with tempfile.TemporaryDirectory() as tmp:
        bench_data(Path(tmp) / "generated")
        bench_simulator()
        for folder in ("datasets", "lessons", "exercises", "solutions"):
            shutil.copytree(ROOT / folder, Path(tmp) / folder)
        paths = sorted(Path(tmp).glob("*/*.ipynb"))
        print(f"{'notebook':48} {'total s':>8} {'run all s':>9} {'peak MB':>8}")
        for path in paths:
            total, run_all, peak = run_notebook(path)
            name = str(path.relative_to(tmp))
            print(f"{name:48} {total:8.2f} {run_all:9.2f} {peak:8.1f}")
    if not args.skip_suite:
        print(f"make test (environment installed): {time_suite():.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
