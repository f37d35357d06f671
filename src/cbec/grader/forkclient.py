"""The kernel process that Jupyter starts for grading: it asks the template for a fresh kernel.

Run as a script (``python forkclient.py SOCKET -f CONNECTION_FILE``) so it imports nothing
beyond the standard library and starts in milliseconds. It stands in for the kernel towards
Jupyter: signals sent to it (interrupt, terminate) are passed on, and it exits when the kernel
does. If it is killed, the kernel notices and exits too (see ``forkserver``).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import sys
import time

CONNECT_WAIT = 60.0  # seconds: the template may still be loading when the first kernel is asked for
REFUSED_WAIT = 2.0  # seconds: a socket that refuses for longer belongs to a template that has died


def _connect(sock_path: str) -> socket.socket:
    deadline = time.monotonic() + CONNECT_WAIT
    refused_since = None
    while True:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            conn.connect(sock_path)
            return conn
        except (FileNotFoundError, ConnectionRefusedError) as err:
            conn.close()
            now = time.monotonic()
            if isinstance(err, ConnectionRefusedError):
                refused_since = refused_since or now
            if now > deadline or (refused_since and now - refused_since > REFUSED_WAIT):
                raise
            time.sleep(0.05)


def _request(sock_path: str, connection_file: str) -> int:
    with _connect(sock_path) as conn:
        request = {
            "connection_file": os.path.abspath(connection_file),
            "cwd": os.getcwd(),
            "client": os.getpid(),
        }
        conn.sendall(json.dumps(request).encode() + b"\n")
        reply = conn.makefile("rb").readline()
    return int(json.loads(reply)["pid"])


def wait_for_exit(pid: int) -> None:
    """Return when process ``pid`` has ended (it need not be our child)."""
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    while True:
        if fd is not None:
            if select.select([fd], [], [], 0.5)[0]:
                return
        else:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            select.select([], [], [], 0.2)


def main(argv: list[str]) -> int:
    sock_path, connection_file = argv[0], argv[argv.index("-f") + 1]
    pid = _request(sock_path, connection_file)

    def forward(signum, _frame):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    wait_for_exit(pid)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
