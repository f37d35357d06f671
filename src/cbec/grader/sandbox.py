"""Give a grading kernel a root file system of its own, built from an allowlist (Linux).

A grading kernel runs a learner's code as the instructor's own user, so without this it could
read the answer key wherever a copy of the course lies (the course folder, a home folder, a
backup under /opt), other students' copies and the grader's records. Just after the fork, before
the kernel starts any thread, the child enters new user and mount namespaces of its own, where
it may mount without any privilege, and builds a new root from pieces:

- the system's programs and libraries (``SYSTEM``), read-only;
- ``keep``: the Python environment, the datasets, the sealed package, the connection file,
  read-only;
- ``keep_writable``: the learner's own copy;
- an empty ``/tmp`` and ``/dev/shm`` of its own, and the harmless devices (``DEVICES``).

It then makes that tree its root (pivot_root) and detaches the old one: everything else (home
folders, /root, /srv, /mnt, /opt, other copies of the course, other kernels' files) does not
exist in its view, and what it writes outside its copy vanishes with it. The host sees none of
these mounts. Where the system forbids such namespaces (some container runtimes do), nothing is
hidden, and the grader says so in its summary.

Not covered: the kernel keeps the instructor's user id towards the kernel, so it can still send
signals to the instructor's processes and use the network; there is no /proc in its view.

Standard library only: the template runs this before it imports anything of the course.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
MNT_DETACH = 2
# statvfs flag → the mount flag a bind remount must repeat (the kernel locks them in a user namespace)
LOCKED_FLAGS = {
    os.ST_NOSUID: MS_NOSUID,
    os.ST_NODEV: MS_NODEV,
    os.ST_NOEXEC: MS_NOEXEC,
    os.ST_NOATIME: MS_NOATIME,
    os.ST_NODIRATIME: MS_NODIRATIME,
    getattr(os, "ST_RELATIME", 4096): MS_RELATIME,
}
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "arm64": 41, "riscv64": 41}

SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
PRIVATE = {"/tmp": "size=512m,mode=1777", "/dev/shm": "size=64m,mode=1777"}

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


def _pivot_root(new_root: str, put_old: str) -> None:
    number = SYS_PIVOT_ROOT.get(platform.machine())
    if number is None:
        raise SandboxError(0, f"pivot_root: unknown system call number on {platform.machine()}")
    _check(_libc.syscall(number, new_root.encode(), put_old.encode()), "pivot_root")


def _place(new_root: str, path: str, is_dir: bool) -> str:
    """The mount point for ``path`` inside the new root (made when missing)."""
    target = new_root + path
    if is_dir:
        os.makedirs(target, exist_ok=True)
    elif not os.path.exists(target):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()  # a file is mounted onto a file
    return target


def _bind(fd: int, target: str, read_only: bool) -> None:
    source = f"/proc/self/fd/{fd}"
    _mount(source, target, None, MS_BIND | MS_REC)
    if read_only:
        locked = os.statvfs(target).f_flag
        extra = sum(flag for st, flag in LOCKED_FLAGS.items() if locked & st)
        _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | extra)


def _wanted(keep: list[str], keep_writable: list[str]) -> list[tuple[str, bool]]:
    """(path, read-only) to put in the new root, shortest first; a path under a kept one is
    already there, unless it must be writable."""
    wanted: dict[str, bool] = {}
    for paths, read_only in ((SYSTEM, True), (DEVICES, False), (keep, True), (keep_writable, False)):
        for path in paths:
            path = os.path.abspath(path)
            for form in {path, os.path.realpath(path)}:
                if os.path.exists(form):
                    wanted[form] = wanted.get(form, True) and read_only
    chosen: list[tuple[str, bool]] = []
    for path in sorted(wanted, key=len):
        inside = [p for p, _ in chosen if path.startswith(p.rstrip("/") + "/")]
        if inside and wanted[path] and not os.path.islink(path):
            continue
        chosen.append((path, wanted[path]))
    return chosen


def isolate(keep: list[str], keep_writable: list[str], mount_point: str) -> None:
    """Make a root of the allowlisted paths only and switch to it (see the module's docstring).

    ``mount_point`` is an empty folder to build the new root on. Raises ``SandboxError`` when
    the system does not allow it.
    """
    wanted = _wanted(keep, keep_writable)
    mount_point = os.path.realpath(mount_point)
    _enter_namespaces()
    # Opened in the new namespace (a mount is only copied from there) and before anything is
    # covered: a covered path can still be mounted from its handle.
    handles = []
    links = []
    for path, read_only in wanted:
        if os.path.islink(path) and path in SYSTEM:
            links.append((path, os.readlink(path)))  # /bin → usr/bin on merged systems
        else:
            handles.append((os.open(path, os.O_PATH), path, read_only))
    try:
        _mount("tmpfs", mount_point, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
        for path, options in PRIVATE.items():
            _mount("tmpfs", _place(mount_point, path, True), "tmpfs", MS_NOSUID | MS_NODEV, options)
        for path, target in links:
            os.symlink(target, mount_point + path)
        for fd, path, read_only in handles:
            is_dir = os.path.isdir(f"/proc/self/fd/{fd}")
            _bind(fd, _place(mount_point, path, is_dir), read_only)
    finally:
        for fd, _, _ in handles:
            os.close(fd)
    old = os.path.join(mount_point, ".old-root")
    os.mkdir(old)
    _pivot_root(mount_point, old)
    os.chdir("/")
    _check(_libc.umount2(b"/.old-root", MNT_DETACH), "umount the old root")
    os.rmdir("/.old-root")
    # The skeleton itself is read-only: only the copy, /tmp and /dev/shm take writes.
    _mount(None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
