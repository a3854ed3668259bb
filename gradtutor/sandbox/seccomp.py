"""A small seccomp-bpf filter (x86_64 only, built by hand with ctypes; no libseccomp).

No exercise needs to fork, exec, open a socket or touch namespaces, mounts, keyrings, SysV
IPC, io_uring or another process's memory, so a run may not. Denied calls fail with EPERM
(Python raises PermissionError), never kill: the learner sees an ordinary error. Threads stay
allowed (torch may use more than one): `clone` passes only with CLONE_THREAD, and `clone3`,
whose flags live in memory a filter cannot read, gets ENOSYS so glibc falls back to `clone`
(with EPERM libgomp aborts the process). Other architectures' and x32 syscalls are refused:
their numbers differ, so they would bypass the table.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct

AUDIT_ARCH_X86_64 = 0xC000003E
X32_SYSCALL_BIT = 0x40000000
CLONE_THREAD = 0x00010000
RET_KILL_PROCESS = 0x80000000
RET_ERRNO = 0x00050000
RET_ALLOW = 0x7FFF0000
# sock_filter opcodes
LD_ABS = 0x20   # BPF_LD | BPF_W | BPF_ABS
JEQ = 0x15      # BPF_JMP | BPF_JEQ | BPF_K
JGE = 0x35      # BPF_JMP | BPF_JGE | BPF_K
JSET = 0x45     # BPF_JMP | BPF_JSET | BPF_K
RET = 0x06      # BPF_RET | BPF_K
# struct seccomp_data offsets
OFF_NR, OFF_ARCH, OFF_ARG0 = 0, 4, 16

SYS_CLONE, SYS_CLONE3 = 56, 435
# x86_64 numbers (checked against asm/unistd_64.h).
DENIED: dict[str, int] = {
    "fork": 57, "vfork": 58, "execve": 59, "execveat": 322,
    "socket": 41, "socketpair": 53,
    "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312,
    "pidfd_getfd": 438,
    "unshare": 272, "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155,
    "chroot": 161, "open_tree": 428, "move_mount": 429, "fsopen": 430, "fsconfig": 431,
    "fsmount": 432, "fspick": 433, "mount_setattr": 442, "open_by_handle_at": 304,
    "keyctl": 250, "add_key": 248, "request_key": 249,
    "shmget": 29, "msgget": 68, "semget": 64, "mq_open": 240,
    "bpf": 321, "perf_event_open": 298, "userfaultfd": 323,
    "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
}


def supported() -> bool:
    return os.uname().machine == "x86_64"


def build() -> bytes:
    """The filter program as packed `struct sock_filter`s."""
    # (code, jt label, jf label, k): labels are resolved to relative jumps below.
    prog: list[tuple[int, str | int, str | int, int]] = [
        (LD_ABS, 0, 0, OFF_ARCH),
        (JEQ, 1, 0, AUDIT_ARCH_X86_64),
        (RET, 0, 0, RET_KILL_PROCESS),
        (LD_ABS, 0, 0, OFF_NR),
        (JGE, "eperm", 0, X32_SYSCALL_BIT),
        (JEQ, "enosys", 0, SYS_CLONE3),
        (JEQ, "clone", 0, SYS_CLONE),
        *[(JEQ, "eperm", 0, nr) for nr in sorted(DENIED.values())],
        (RET, 0, 0, RET_ALLOW),
    ]
    labels = {"clone": len(prog)}
    prog += [(LD_ABS, 0, 0, OFF_ARG0),              # low 32 bits of the flags
             (JSET, 0, "eperm", CLONE_THREAD),
             (RET, 0, 0, RET_ALLOW)]
    labels["eperm"] = len(prog)
    prog.append((RET, 0, 0, RET_ERRNO | errno.EPERM))
    labels["enosys"] = len(prog)
    prog.append((RET, 0, 0, RET_ERRNO | errno.ENOSYS))
    out = bytearray()
    for i, (code, jt, jf, k) in enumerate(prog):
        jt = labels[jt] - i - 1 if isinstance(jt, str) else jt
        jf = labels[jf] - i - 1 if isinstance(jf, str) else jf
        assert 0 <= jt < 256 and 0 <= jf < 256
        out += struct.pack("=HBBI", code, jt, jf, k)
    return bytes(out)


class Fprog(ctypes.Structure):
    """struct sock_fprog, for prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog): applies to
    the calling thread and its future threads (a run's child is single-threaded then)."""

    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
