"""A warm template that forks a fresh kernel for every submission.

Starting a Python kernel and importing pandas, matplotlib and the course package takes about a
second of CPU, which for a short exercise costs more than running it. The template pays it
once: it imports all that, never runs any learner's code, and forks a child per request. Each
child is a new process that becomes an ordinary IPython kernel; nothing passes between two
children, so every submission still gets a fresh kernel.

Forking is safe here because the template starts no threads: BLAS pools are pinned to one
thread before NumPy loads, and no ZeroMQ context exists until the child creates its own.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import signal
import socket
import sys
import threading

PRELOAD = (
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "numpy",
    "pandas",
    "matplotlib.pyplot",
    "seaborn",
    "ipywidgets",
    "cbec.data",
    "cbec.style",
    "cbec.probe",
    "cbec.widgets",
    "cbec.questions",
    "cbec.questions.sealed",
)


def _warm() -> None:
    """Load what every exercise loads: the sealed question banks, the datasets, the CJK font."""
    from cbec import data, exercises, style

    exercises.banks()
    for name in data.available():
        data.load(name)
    style.register_cjk_font()


KERNEL_ARGS = ["--HistoryManager.enabled=False", "--IPKernelApp.quiet=True"]
MEMORY_ENV = "CBEC_KERNEL_MEMORY_MB"
SANDBOX_ENV = "CBEC_KERNEL_SANDBOX"  # JSON: {"keep": [...], "roots": folder for each kernel's root}
# For tests only: "COUNTER:N:WHAT[:PART]" makes the first N kernel requests fail (only those whose
# learner copy's path holds PART, if given), WHAT being "kernel" (the child exits before it becomes
# a kernel) or "template" (the template itself exits). COUNTER is a file that counts the failures
# made so far, across templates.
BREAK_ENV = "CBEC_GRADER_TEST_BREAK"


def _load_sibling(name: str):
    # By file path: this script's folder is not on sys.path (see main), and the template must
    # not leave modules named "sandbox" or "forkclient" where learners' imports would find them.
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"_cbec_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_FORKCLIENT = _load_sibling("forkclient")  # for waiting on a process that is not our child


def _sandbox_settings() -> dict | None:
    text = os.environ.get(SANDBOX_ENV)
    return json.loads(text) if text else None


def _sandbox_works(sandbox, settings: dict) -> str:
    """ "" when a child can build its own root here, as every kernel will; otherwise why not.

    The trial builds one for real, with a writable folder and a file beside it that must not be
    seen, since some systems allow the namespaces but not the mounts.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="cbec-sandbox-check-") as folder:
        for name in ("kept", "root"):
            os.mkdir(os.path.join(folder, name))
        open(os.path.join(folder, "hidden"), "w").close()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                kept = os.path.join(folder, "kept")
                sandbox.isolate(settings["keep"], [kept], os.path.join(folder, "root"))
                open(os.path.join(kept, "written"), "w").close()
                hidden = os.path.exists(os.path.join(folder, "hidden"))
                message = b"a folder outside the allowlist stayed visible" if hidden else b""
            except OSError as err:
                message = str(err).encode()[:300]
            os.write(write, message)
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as reply:
            message = reply.read().decode()
        os.waitpid(pid, 0)
        if not message and not os.path.exists(os.path.join(folder, "kept", "written")):
            message = "the learner's copy was not writable"
    return message


def _isolate(sandbox, settings: dict, request: dict) -> None:
    root = os.path.join(settings["roots"], f"k{os.getpid()}")
    os.makedirs(root, exist_ok=True)
    # ../datasets beside the copy is a link to the kept datasets (grade._datasets_beside): kept at
    # that path too, so a relative read_csv finds the data inside the new root as well.
    beside = os.path.join(os.path.dirname(request["cwd"]), "datasets")
    keep = [*settings["keep"], request["connection_file"], *([beside] if os.path.islink(beside) else [])]
    sandbox.isolate(keep, [request["cwd"]], root)
    # Home and IPython's profile live in the kernel's own /tmp: nothing passes to the next kernel.
    os.environ.update({"HOME": "/tmp", "IPYTHONDIR": "/tmp/.ipython", "MPLCONFIGDIR": "/tmp/.matplotlib"})


def _injected_failure(request: dict) -> str:
    """What the test hook ``BREAK_ENV`` breaks in this request: "kernel", "template" or ""."""
    spec = os.environ.get(BREAK_ENV)
    if not spec:
        return ""
    counter, count, what, part = [*spec.split(":"), ""][:4]
    if part not in request["cwd"]:
        return ""
    done = 0
    if os.path.exists(counter):
        with open(counter) as given:
            done = int(given.read() or 0)
    if done >= int(count):
        return ""
    with open(counter, "w") as out:
        out.write(str(done + 1))
    return what


def _limit_memory() -> None:
    """Cap the kernel's address space, so one submission cannot exhaust the machine's memory:
    an allocation past the cap raises MemoryError in the learner's cell instead."""
    import resource

    megabytes = int(os.environ.get(MEMORY_ENV, "0"))
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _watch_client(client: int) -> None:
    """Exit when the process Jupyter started for this kernel is gone (e.g. it was killed)."""

    def run() -> None:
        _FORKCLIENT.wait_for_exit(client)
        os._exit(1)

    threading.Thread(target=run, daemon=True).start()


def _become_kernel(request: dict, sandbox, settings: dict | None) -> None:
    os.setsid()
    for name in (SANDBOX_ENV, BREAK_ENV):
        os.environ.pop(name, None)
    if settings is not None:
        _isolate(sandbox, settings, request)  # before any thread starts: namespaces need that
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.chdir(request["cwd"])
    _watch_client(int(request["client"]))
    _limit_memory()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(["-f", request["connection_file"], *KERNEL_ARGS])
    app.start()


def _serve(listener: socket.socket, sandbox, settings: dict | None) -> None:
    children: set[int] = set()
    try:
        while True:
            conn, _ = listener.accept()
            with conn:
                line = conn.makefile("rb").readline()
                if not line:
                    continue
                request = json.loads(line)
                broken = _injected_failure(request)
                if broken == "template":
                    os._exit(3)
                pid = os.fork()
                if pid == 0:
                    listener.close()
                    try:
                        if broken == "kernel":
                            os._exit(3)
                        _become_kernel(request, sandbox, settings)
                    finally:
                        os._exit(0)
                children.add(pid)
                conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def main(sock_path: str) -> None:
    # Run as a script: its own folder must not shadow top-level modules in learners' code.
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        sys.path.pop(0)
    sandbox, settings = _load_sibling("sandbox"), _sandbox_settings()
    problem = _sandbox_works(sandbox, settings) if settings is not None else "not asked for"
    if problem:
        settings = None  # the kernels run without it; the first line below tells the grader why
    for name in PRELOAD:
        importlib.import_module(name)
    _warm()
    # Loaded modules never change again: keep their pages shared between the children.
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the system
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sock_path)
    listener.listen(128)
    print("ready", json.dumps({"sandbox": problem or "on"}), flush=True)
    _serve(listener, sandbox, settings)


if __name__ == "__main__":
    main(sys.argv[1])
