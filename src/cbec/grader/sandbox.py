"""Hide the instructor's files from a grading kernel (Linux user and mount namespaces).

A grading kernel runs a learner's code as the instructor's own user, so without this it could
read the answer key in ``src/``, the ``solutions/``, the other students' copies and the
grader's records. Just after the fork, before the kernel starts any thread, the child enters
new user and mount namespaces of its own, where it may mount without any privilege:

- an empty file system is laid over each hidden folder (the course, the grading work folder);
- the paths the kernel needs are put back on top: the datasets and the environment read-only,
  its own submission folder, the sealed package and its own connection file.

The host sees none of these mounts. Where the system forbids such namespaces (some container
runtimes do), nothing is hidden, and the grader says so in its summary.

Standard library only: the template runs this before it imports anything of the course.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 32, 4096, 16384, 1 << 18

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


class SandboxError(OSError):
    """The namespaces or mounts could not be set up."""


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise SandboxError(errno, f"{what}: {os.strerror(errno)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    encode = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(
        _libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)), f"mount {target}"
    )


def _write(path: str, text: str) -> None:
    with open(path, "w") as out:
        out.write(text)


def _enter_namespaces() -> None:
    uid, gid = os.getuid(), os.getgid()
    _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS), "unshare")
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{uid} {uid} 1")
    _write("/proc/self/gid_map", f"{gid} {gid} 1")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)  # nothing done here reaches the host


def _put_back(fd: int, path: str, read_only: bool) -> None:
    if os.path.isdir(f"/proc/self/fd/{fd}"):
        os.makedirs(path, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "a").close()  # a file is mounted onto a file
    _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
    if read_only:
        _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY)


def isolate(hide: list[str], keep: list[str], keep_writable: list[str]) -> None:
    """Lay an empty file system over each folder in ``hide``, then put back the ``keep`` paths
    (read-only) and the ``keep_writable`` ones. Raises ``SandboxError`` when it cannot."""
    hide = [os.path.realpath(h) for h in hide if os.path.isdir(h)]
    wanted = [(os.path.realpath(p), False) for p in keep_writable if os.path.exists(p)]
    wanted += [(os.path.realpath(p), True) for p in keep if os.path.exists(p)]
    _enter_namespaces()
    # Opened in the new namespace (a mount is only copied from there) but before anything is
    # covered: a covered path can still be mounted from its handle.
    handles = [(os.open(path, os.O_PATH), path, read_only) for path, read_only in wanted]
    try:
        for folder in sorted(hide, key=len):
            _mount("tmpfs", folder, "tmpfs", 0, "size=1m,mode=755")
        for fd, path, read_only in sorted(handles, key=lambda h: len(h[1])):
            if any(path == h or path.startswith(h + os.sep) for h in hide):
                _put_back(fd, path, read_only)
    finally:
        for fd, _, _ in handles:
            os.close(fd)
