"""Worker slots: which uid, directories and cgroups a zygote and its children use.

As root, every slot gets a dedicated uid (61000..61999, never one in /etc/passwd) so that a run
cannot signal the zygote, the controller or another slot's run, and RLIMIT_NPROC (ignored for
root) applies. Slots are leased with flock() on a lock file, so concurrent Sandboxes, even in
other processes, never share a uid or a cgroup. The lease dies with its process.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from gradtutor.sandbox.cgroups import SlotCgroups

UID_BASE = 61000
UID_COUNT = 1000


def is_root() -> bool:
    return os.geteuid() == 0


def base_dir() -> Path:
    """Controller-side directory for lock files and zygote logs."""
    if is_root():
        path = Path("/run/gradtutor-sandbox")
    else:
        path = Path(tempfile.gettempdir()) / f"gradtutor-sandbox-{os.geteuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    st = path.stat()
    if st.st_uid != os.geteuid() or st.st_mode & 0o022:
        raise RuntimeError(f"{path} is not a private directory of this user")
    (path / "locks").mkdir(mode=0o700, exist_ok=True)
    return path


def _uid_unused(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return True
    return False


@dataclass
class SlotLease:
    """A leased slot. `uid` is None when not running as root (children keep our uid)."""

    key: int
    uid: int | None
    base: Path
    lock_fd: int
    cgroups: SlotCgroups | None = None

    @property
    def name(self) -> str:
        return f"gradtutor-{self.key}"

    @property
    def log_path(self) -> Path:
        return self.base / f"{self.name}.log"

    @property
    def workbase(self) -> str:
        """Where the zygote makes per-run working directories (inside its namespace, if any)."""
        owner = "" if self.uid is not None else f"-{os.geteuid()}"
        return f"{tempfile.gettempdir()}/gradtutor-runs{owner}/{self.name}"

    def release(self) -> None:
        if self.cgroups is not None:
            self.cgroups.remove()
        with contextlib.suppress(OSError):
            os.close(self.lock_fd)


def lease_slot(pids_max: int) -> SlotLease:
    base = base_dir()
    root = is_root()
    for key in range(UID_BASE, UID_BASE + UID_COUNT):
        if root and not _uid_unused(key):
            continue
        fd = os.open(base / "locks" / f"{key}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        lease = SlotLease(key=key, uid=key if root else None, base=base, lock_fd=fd)
        if root:
            lease.cgroups = SlotCgroups.create(lease.name, pids_max)
        return lease
    raise RuntimeError("no free sandbox slot")


def process_uid(pid: int) -> int | None:
    """Real uid of a live (not zombie) process, else None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("State:") and line.split()[1] in ("Z", "X"):
                    return None
                if line.startswith("Uid:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def uid_processes(uid: int) -> set[int]:
    """Processes whose real uid is `uid` (a /proc scan: the fallback without cgroups)."""
    found = set()
    for name in os.listdir("/proc"):
        if name.isdigit() and process_uid(int(name)) == uid:
            found.add(int(name))
    return found


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, ppid) of a process, None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return fields[0], int(fields[1])
    except (OSError, ValueError, IndexError):
        return None


def descendants(ancestor: int) -> set[int]:
    """Live (not zombie) processes below `ancestor`. Without root there is no uid or cgroup to
    find a run's processes by; the zygote is a subreaper, so they all stay below it."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and (st := _stat(int(name))) is not None and st[0] not in ("Z", "X"):
            children.setdefault(st[1], []).append(int(name))
    found: set[int] = set()
    todo = [ancestor]
    while todo:
        for pid in children.get(todo.pop(), ()):
            if pid not in found:
                found.add(pid)
                todo.append(pid)
    return found


def is_descendant(pid: int, ancestor: int) -> bool:
    for _ in range(4096):  # the chain is short; the bound only guards against a cycle
        st = _stat(pid)
        if st is None or st[1] <= 1:
            return False
        if st[1] == ancestor:
            return True
        pid = st[1]
    return False


def count_own_threads() -> int:
    """Threads of our uid; non-root RLIMIT_NPROC counts them all, so the cap is relative."""
    uid = os.getuid()
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                total += int(fields["Threads"])
        except (OSError, ValueError, KeyError):
            continue
    return total


class Tracker:
    """Finds and kills every process left by a slot's runs (never the zygote)."""

    def __init__(self, lease: SlotLease) -> None:
        self.lease = lease
        self.zygote_pid: int | None = None

    def members(self) -> set[int]:
        if self.lease.cgroups is not None:
            found = self.lease.cgroups.pids()
        elif self.lease.uid is not None:
            found = uid_processes(self.lease.uid)
        elif self.zygote_pid is not None:
            found = descendants(self.zygote_pid)
        else:
            found = set()  # the zygote is gone: its runs' orphans are out of reach (no root)
        found.discard(self.zygote_pid or -1)
        found.discard(os.getpid())
        return found

    def _still_member(self, pid: int) -> bool:
        if self.lease.cgroups is not None:
            return self.lease.cgroups.contains(pid)
        if self.lease.uid is not None:
            return process_uid(pid) == self.lease.uid
        return self.zygote_pid is not None and is_descendant(pid, self.zygote_pid)

    def kill(self, pid: int) -> None:
        """SIGKILL `pid` only if it is still ours: the pidfd pins the process, then we check."""
        try:
            pidfd = os.pidfd_open(pid)
        except OSError:
            return
        try:
            if pid != self.zygote_pid and self._still_member(pid):
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        except OSError:
            pass
        finally:
            os.close(pidfd)

    def sweep(self, pgid: int | None, timeout_s: float = 3.0) -> bool:
        """Kill the run's process group and every slot process; True once none is left."""
        if pgid is not None:
            with contextlib.suppress(OSError):
                os.killpg(pgid, signal.SIGKILL)
        deadline = time.monotonic() + timeout_s
        pause = 0.0005
        while True:
            left = self.members()
            if not left:
                return True
            if time.monotonic() > deadline:
                return False
            for pid in left:
                self.kill(pid)
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
