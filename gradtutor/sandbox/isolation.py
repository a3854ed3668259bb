"""Zygote-wide isolation, set up once at zygote start (probed, never required).

As root: private network, IPC and mount namespaces. Without root: the same inside a user
namespace of our own (where the kernel allows it), with our uid mapped to itself.

In the private mount namespace every host mount becomes read-only (a run can no longer write
to world-writable places such as /run/lock), /proc hides other users' processes (root only: it
needs a PID namespace otherwise), /tmp, /var/tmp and /dev/shm are fresh size- and inode-capped
tmpfs (so a run writes only its own working directory, within a cap), and `hide` covers the
course repository, the reference solutions and /run with empty tmpfs. SysV IPC and POSIX
message queues get zero limits in the private IPC namespace: their objects would outlive a run.
The zygote has imported everything it needs before `hide` runs.
"""

from __future__ import annotations

import contextlib
import os

from gradtutor.sandbox import _libc

SCRATCH_DIRS = ("/tmp", "/var/tmp", "/dev/shm")
# Hidden in every private mount namespace: sockets of host services and the world-writable
# /run/lock live here, and a run needs nothing from it.
SYSTEM_HIDE = ("/run",)
SCRATCH_INODES = 16384   # bounds the files a run can make (and the zygote must delete)
IPC_LIMITS = {"/proc/sys/kernel/shmmni": "0", "/proc/sys/kernel/msgmni": "0",
              "/proc/sys/kernel/sem": "0 0 0 0", "/proc/sys/fs/mqueue/queues_max": "0"}


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _enter_user_namespace() -> None:
    """unshare a user namespace with net, IPC and mount namespaces; keep our ids (mapped to
    themselves), so files we create stay ours on the host's terms."""
    uid, gid = os.getuid(), os.getgid()
    _libc.unshare(_libc.CLONE_NEWUSER | _libc.CLONE_NEWNS | _libc.CLONE_NEWNET
                  | _libc.CLONE_NEWIPC)
    _write("/proc/self/setgroups", "deny")  # required before an unprivileged gid_map
    _write("/proc/self/uid_map", f"{uid} {uid} 1")
    _write("/proc/self/gid_map", f"{gid} {gid} 1")


def _limit_ipc() -> bool:
    """Zero limits in our IPC namespace (before /proc goes read-only)."""
    try:
        for path, value in IPC_LIMITS.items():
            if os.path.exists(path):
                _write(path, value)
    except OSError:
        return False
    return True


def _user_namespace_works() -> bool:
    """Try it in a throw-away child first: after a half-failed attempt (unshared, but no uid
    map written, as some LSMs allow) our own uid would be unmapped for good."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            _enter_user_namespace()
            _libc.mount("none", "/", None, _libc.MS_REC | _libc.MS_PRIVATE, None)
            code = 0
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


def enter_namespaces(tmpfs_mb: int, keep: list[str] | tuple[str, ...] = (),
                     user: bool = False) -> list[str]:
    """Unshare namespaces and remount what a run may see; returns what was done.

    `keep` are the interpreter's own directories (a venv, torch): one of them may live under a
    scratch dir (a checkout in /tmp, as CI machines often have), so it is bound back in place.
    """
    done: list[str] = []
    if user:
        if not _user_namespace_works():
            return done
        try:
            _enter_user_namespace()
        except OSError:
            return done
        done += ["userns", "netns", "ipcns"]
    else:
        for flag, name in ((_libc.CLONE_NEWNET, "netns"), (_libc.CLONE_NEWIPC, "ipcns")):
            try:
                _libc.unshare(flag)
                done.append(name)
            except OSError:
                pass
    if "ipcns" in done and _limit_ipc():
        done.append("ipc-limits")
    if not user:
        try:
            _libc.unshare(_libc.CLONE_NEWNS)
        except OSError:
            return done
    try:
        # Private propagation: nothing mounted here leaks to the host, and vice versa.
        _libc.mount("none", "/", None, _libc.MS_REC | _libc.MS_PRIVATE, None)
    except OSError:
        return done
    done.append("mountns")
    done += _remount_for_runs(tmpfs_mb, keep)
    return done


def _remount_for_runs(tmpfs_mb: int, keep: list[str] | tuple[str, ...]) -> list[str]:
    """Inside a fresh mount namespace: the host read-only, a private /proc, fresh scratch."""
    done: list[str] = []
    try:  # before the fresh mounts below, which stay writable
        _libc.make_tree_read_only("/")
        done.append("ro-host")
    except OSError:
        pass
    # A private /proc view: a run sees only its own processes (no other command lines).
    for option in ("hidepid=invisible", "hidepid=2"):
        try:
            _libc.mount("proc", "/proc", "proc",
                        _libc.MS_NOSUID | _libc.MS_NODEV | _libc.MS_NOEXEC, option)
        except OSError:
            continue
        done.append("proc-hidepid")
        break
    for path in SCRATCH_DIRS:
        if os.path.isdir(path):
            done += _fresh_scratch(path, tmpfs_mb, keep)
    return done


def _fresh_scratch(path: str, tmpfs_mb: int, keep: list[str] | tuple[str, ...]) -> list[str]:
    """An empty tmpfs over a scratch dir, with the interpreter's dirs inside it bound back."""
    done: list[str] = []
    inside = [k for k in keep if os.path.commonpath([path, k]) == path and k != path]
    # Handles on the kept dirs, taken before the tmpfs covers them.
    handles = [(k, os.open(k, os.O_PATH | os.O_DIRECTORY)) for k in inside if os.path.isdir(k)]
    try:
        _libc.mount("tmpfs", path, "tmpfs", _libc.MS_NOSUID | _libc.MS_NODEV,
                    f"size={tmpfs_mb}m,nr_inodes={SCRATCH_INODES},mode=0711")
        done.append(f"tmpfs:{path}")
        for kept, fd in handles:
            os.makedirs(kept, mode=0o755, exist_ok=True)
            _libc.mount(f"/proc/self/fd/{fd}", kept, None, _libc.MS_BIND | _libc.MS_REC, None)
            done.append(f"kept:{kept}")
    except OSError:
        pass
    finally:
        for _, fd in handles:
            os.close(fd)
    return done


def hide(paths: list[str], scratch: str) -> list[str]:
    """Cover each directory with an empty tmpfs and each file with an unreadable empty file
    made in `scratch` (a directory of ours; everything inside our mount namespace)."""
    hidden = []
    flags = _libc.MS_RDONLY | _libc.MS_NOSUID | _libc.MS_NODEV | _libc.MS_NOEXEC
    blank = os.path.join(scratch, ".hidden")
    for path in paths:
        try:
            if os.path.isdir(path):
                _libc.mount("tmpfs", path, "tmpfs", flags, "size=4k,mode=0")
            elif os.path.isfile(path):
                if not os.path.exists(blank):
                    os.close(os.open(blank, os.O_CREAT | os.O_WRONLY, 0))
                    os.chmod(blank, 0)
                _libc.mount(blank, path, None, _libc.MS_BIND, None)
            else:
                continue
        except OSError:
            continue
        hidden.append(path)
    return hidden


def drop_privileges_in_user_namespace() -> bool:
    """A zygote in its own user namespace holds every capability there: drop them once the
    mounts are made, so no run can unmount what hides the repository."""
    with contextlib.suppress(OSError):
        _libc.drop_capabilities()
        return True
    return False
