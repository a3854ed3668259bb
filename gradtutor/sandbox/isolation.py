"""Zygote-wide isolation, set up once at zygote start (root only; probed, never required).

A private network namespace (no interfaces up) and a private mount namespace in which /proc
hides other users' processes, /tmp, /var/tmp and /dev/shm are fresh root-owned tmpfs (so a run
can write only its own working directory, within a size cap) and the given paths (the course
repository, reference solutions) are covered by empty tmpfs. The zygote has imported everything
it needs before `hide` runs.
"""

from __future__ import annotations

import os

from gradtutor.sandbox import _libc

SCRATCH_DIRS = ("/tmp", "/var/tmp", "/dev/shm")


def enter_namespaces(tmpfs_mb: int, keep: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Unshare net+mount namespaces and remount the scratch dirs; returns what was done.

    `keep` are the interpreter's own directories (a venv, torch): one of them may live under a
    scratch dir (a checkout in /tmp, as CI machines often have), so it is bound back in place.
    """
    done: list[str] = []
    try:
        _libc.unshare(_libc.CLONE_NEWNET)
        done.append("netns")
    except OSError:
        pass
    try:
        _libc.unshare(_libc.CLONE_NEWNS)
        # Private propagation: nothing mounted here leaks to the host, and vice versa.
        _libc.mount("none", "/", None, _libc.MS_REC | _libc.MS_PRIVATE, None)
    except OSError:
        return done
    done.append("mountns")
    # A private /proc view: a run sees only its own processes (no other command lines).
    for option in ("hidepid=invisible", "hidepid=2"):
        try:
            _libc.mount("proc", "/proc", "proc",
                        _libc.MS_NOSUID | _libc.MS_NODEV | _libc.MS_NOEXEC, option)
        except OSError:
            continue
        done.append("proc:hidepid")
        break
    for path in SCRATCH_DIRS:
        if not os.path.isdir(path):
            continue
        inside = [k for k in keep if os.path.commonpath([path, k]) == path and k != path]
        # Handles on the kept dirs, taken before the tmpfs covers them.
        handles = [(k, os.open(k, os.O_PATH | os.O_DIRECTORY)) for k in inside
                   if os.path.isdir(k)]
        try:
            _libc.mount("tmpfs", path, "tmpfs", _libc.MS_NOSUID | _libc.MS_NODEV,
                        f"size={tmpfs_mb}m,mode=0711")
            done.append(f"tmpfs:{path}")
            for kept, fd in handles:
                os.makedirs(kept, mode=0o755, exist_ok=True)
                _libc.mount(f"/proc/self/fd/{fd}", kept, None, _libc.MS_BIND | _libc.MS_REC,
                            None)
                done.append(f"kept:{kept}")
        except OSError:
            pass
        finally:
            for _, fd in handles:
                os.close(fd)
    return done


def hide(paths: list[str], scratch: str) -> list[str]:
    """Cover each directory with an empty tmpfs and each file with an unreadable empty file
    made in `scratch` (a root-owned directory; everything inside our mount namespace)."""
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
