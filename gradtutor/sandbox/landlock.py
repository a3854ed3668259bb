"""Landlock (Linux >= 5.13) via ctypes: a run may read the Python runtime, write its own working
directory, and nothing else; no TCP bind/connect (ABI >= 4); no signals or abstract unix
sockets beyond its own domain (ABI >= 6). Works without privileges and stacks with the uid
drop and namespaces. Probed at zygote start; every feature the kernel lacks is dropped, never
faked (see `plan` and `Plan.features`).

The ruleset is built in the child for each run (about 20 cheap syscalls): a ruleset shared
through fork would keep every earlier run's directory in it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import stat
from dataclasses import dataclass

from gradtutor.sandbox import _libc

CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1

# Filesystem rights, with the ABI that introduced them.
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK = 1 << 8, 1 << 9, 1 << 10, 1 << 11
MAKE_SYM, REFER, TRUNCATE, IOCTL_DEV = 1 << 12, 1 << 13, 1 << 14, 1 << 15
FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV  # valid on a non-directory
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

READ = EXECUTE | READ_FILE | READ_DIR
# The working directory: everything but executing and making sockets, fifos or devices.
WRITE = (READ_FILE | READ_DIR | WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG
         | MAKE_SYM | REFER | TRUNCATE)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi_version() -> int:
    """The kernel's Landlock ABI, 0 when absent or disabled."""
    try:
        return _libc.syscall(_libc.SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                             ctypes.c_uint32(CREATE_RULESET_VERSION))
    except OSError:
        return 0


def handled_fs(abi: int) -> int:
    return FS_BY_ABI[max(k for k in FS_BY_ABI if k <= abi)]


@dataclass(frozen=True)
class Plan:
    """What a child restricts itself to. Paths are opened in the child, at each run."""

    abi: int
    read: tuple[str, ...]       # read + execute, beneath each
    write: tuple[str, ...]      # device files and the like a run may write (e.g. /dev/null)

    @property
    def features(self) -> list[str]:
        out = [f"landlock-abi{self.abi}", "landlock-fs"]
        if self.abi >= 4:
            out.append("landlock-tcp")
        if self.abi >= 6:
            out.append("landlock-scope")
        return out


def plan(abi: int, read: list[str], write: list[str]) -> Plan:
    """Keep only paths that exist (a missing /lib64 is not an error)."""
    return Plan(abi, tuple(p for p in dict.fromkeys(read) if os.path.exists(p)),
                tuple(p for p in dict.fromkeys(write) if os.path.exists(p)))


def _add_rule(ruleset: int, path: str, access: int, handled: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError as e:
        if e.errno in (errno.ENOENT, errno.EACCES, errno.ENOTDIR):
            return  # hidden or gone: nothing to allow there
        raise
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            access &= FILE_RIGHTS  # directory rights on a file are EINVAL
        attr = _PathBeneath(access & handled, fd)
        _libc.syscall(_libc.SYS_LANDLOCK_ADD_RULE, ctypes.c_int(ruleset),
                      ctypes.c_int(RULE_PATH_BENEATH), ctypes.byref(attr), ctypes.c_uint32(0))
    finally:
        os.close(fd)


def restrict(p: Plan, workdir: str) -> None:
    """Confine this process (and what it forks) for good. Needs PR_SET_NO_NEW_PRIVS or
    CAP_SYS_ADMIN. Raises OSError if the kernel refuses: the caller must not run the job."""
    fs = handled_fs(p.abi)
    attr = _RulesetAttr(fs, 0, 0)
    size = 8
    if p.abi >= 4:
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP  # no rules: all denied
        size = 16
    if p.abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        size = 24
    ruleset = _libc.syscall(_libc.SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr),
                            ctypes.c_size_t(size), ctypes.c_uint32(0))
    try:
        for path in p.read:
            _add_rule(ruleset, path, READ, fs)
        for path in p.write:
            _add_rule(ruleset, path, READ_FILE | WRITE_FILE, fs)
        _add_rule(ruleset, workdir, WRITE, fs)
        _libc.syscall(_libc.SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))
    finally:
        with contextlib.suppress(OSError):
            os.close(ruleset)
