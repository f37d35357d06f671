"""The kernels that grading starts: what they can import, and how they start.

A grading kernel imports the course package from a copy with sealed question banks
(``cbec.release.write_public_package``): the answer key stays in the grader's process. It
starts either by forking the warm template (``forkserver``; Linux, the default) or as a plain
``ipykernel`` process (``plain=True``; slower, works wherever Jupyter does).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cbec.grader import forkclient, forkserver
from cbec.paths import ROOT_ENV

KERNEL_NAME = "cbec-grader"
STARTUP_TIMEOUT = 120


def fork_available() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def python_prefixes() -> list[Path]:
    """Where the Python that runs the kernels lives: the environment (a venv may sit inside the
    course folder) and the interpreter it links to (e.g. under /root/.pyenv), and no more."""
    executable = Path(os.path.realpath(sys.executable))
    found = {Path(sys.prefix), Path(sys.exec_prefix), Path(sys.base_prefix), Path(sys.base_exec_prefix)}
    found.add(executable.parent.parent)
    return sorted(found)


def sandbox_settings(public: Path, course: Path, work: Path) -> dict:
    """What a kernel may see besides the system (see ``sandbox``): the datasets, the Python it
    runs and the sealed package, read-only; its own copy is added per kernel. Each kernel's root
    is built in a folder of its own under ``work/roots``."""
    keep = [course / "datasets", public, *python_prefixes()]
    (work / "roots").mkdir(exist_ok=True)
    return {"keep": [str(p) for p in keep], "roots": str(work / "roots")}


def kernel_env(
    public: Path, course: Path, work: Path, memory_mb: int = 0, sandbox: dict | None = None
) -> dict[str, str]:
    """The environment a learner's code runs in: the sealed package first, no grading flags."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CBEC_", "PYTEST", "JPY_"))}
    env.update(
        {
            "PYTHONPATH": str(public),
            ROOT_ENV: str(course),
            "IPYTHONDIR": str(work / "ipython"),
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            # One BLAS thread per kernel: parallelism comes from grading several at once, and
            # the template must start no threads before it forks.
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            forkserver.MEMORY_ENV: str(memory_mb),
        }
    )
    if sandbox is not None:
        env[forkserver.SANDBOX_ENV] = json.dumps(sandbox)
    if forkserver.BREAK_ENV in os.environ:  # a test's injected fault (see forkserver)
        env[forkserver.BREAK_ENV] = os.environ[forkserver.BREAK_ENV]
    return env


def write_kernelspec(jupyter_dir: Path, env: dict[str, str], socket_path: Path | None) -> None:
    if socket_path is not None:
        argv = [sys.executable, forkclient.__file__, str(socket_path), "-f", "{connection_file}"]
        spec_env: dict[str, str] = {}
    else:
        argv = [
            sys.executable,
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
            *forkserver.KERNEL_ARGS,
        ]
        spec_env = {
            k: env[k] for k in ("PYTHONPATH", ROOT_ENV, "IPYTHONDIR", "MPLBACKEND", "OPENBLAS_NUM_THREADS")
        }
    spec = {
        "argv": argv,
        "display_name": "cbec grader",
        "language": "python",
        "interrupt_mode": "signal",
        "env": spec_env,
    }
    folder = jupyter_dir / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")


class Template:
    """The warm template process; use as a context manager."""

    def __init__(self, socket_path: Path, env: dict[str, str], log: Path):
        self.socket_path = socket_path
        self.env = env
        self.log = log
        self.process: subprocess.Popen | None = None
        self.sandbox = "not started"

    def __enter__(self) -> Template:
        """Start loading; kernels asked for meanwhile wait for it (see ``forkclient``)."""
        with open(self.log, "w", encoding="utf-8") as log:  # a file, so a full pipe never blocks it
            self.process = subprocess.Popen(
                [sys.executable, forkserver.__file__, str(self.socket_path)],
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        return self

    def wait_until_ready(self) -> None:
        word, _, details = self.process.stdout.readline().strip().partition(" ")
        if word != "ready":
            error = self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"the kernel template did not start: {error.strip() or 'no message'}")
        self.sandbox = json.loads(details)["sandbox"]  # "on", or why the kernels run without it

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
