"""Run a Python script as an unused, unprivileged uid (the "not root" deployment), for real.

The interpreter may live under a directory only root can enter (here /root/.pyenv, /root is
0700). A throw-away root wrapper makes it reachable in a private mount namespace of its own:
the closed ancestor is covered by a tmpfs and the interpreter's tree is bound back in place.
Then it drops every privilege (groups, gid, uid) and execs Python. The host is not changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

WRAPPER = r"""
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
def check(ret, what):
    if ret != 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), what)
uid, closed, inner, stage = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
try:  # exit 77: this machine cannot run the test (no CAP_SYS_ADMIN or CAP_SETUID here)
    if closed:
        # CLONE_NEWNS, then MS_REC | MS_PRIVATE
        check(libc.unshare(0x00020000), "unshare")
        check(libc.mount(b"none", b"/", None, 0x4000 | 0x40000, None), "private")
        check(libc.mount(inner.encode(), stage.encode(), None, 0x1000 | 0x4000, None), "stage")
        check(libc.mount(b"tmpfs", closed.encode(), b"tmpfs", 0x2 | 0x4, b"mode=0755,size=1m"),
              "cover")
        os.makedirs(inner, exist_ok=True)
        check(libc.mount(stage.encode(), inner.encode(), None, 0x2000, None), "move")  # MS_MOVE
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
except OSError as e:
    print(e, file=sys.stderr)
    sys.exit(77)
os.execve(sys.argv[5], sys.argv[5:], {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
          "PYTHONPATH": sys.argv[6], "PYTHONDONTWRITEBYTECODE": "1", "HOME": "/"})
"""


def unused_uid() -> int:
    """A uid with no passwd entry and no process (RLIMIT_NPROC counts per uid)."""
    busy = set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            with contextlib.suppress(OSError):
                busy.add(os.stat(f"/proc/{name}").st_uid)
    for uid in range(62000, 63000):
        try:
            pwd.getpwuid(uid)
        except KeyError:
            if uid not in busy:
                return uid
    raise RuntimeError("no unused uid")


def closed_ancestor(path: Path) -> tuple[str, str]:
    """(the topmost ancestor others cannot enter, its child on the way to `path`), or ('', '')."""
    parts = path.resolve().parts
    for i in range(2, len(parts)):
        d = Path(*parts[:i])
        if not d.stat().st_mode & 0o001:
            return str(d), str(Path(*parts[: i + 1]))
    return "", ""


def run_unprivileged(script: str, arg: Any, stage: Path, timeout: float = 150) -> Any:
    """Run `script` (Python source) as an unused uid; it gets json `arg` as argv[1] and must
    print one JSON document as its last line, which is returned."""
    uid = unused_uid()
    closed, inner = closed_ancestor(Path(sys.base_prefix))
    stage.mkdir(exist_ok=True)
    try:
        out = subprocess.run(
            [sys.executable, "-c", WRAPPER, str(uid), closed, inner, str(stage),
             sys.executable, "-c", script, json.dumps(arg)],
            capture_output=True, text=True, timeout=timeout, cwd="/",
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        )
    finally:
        subprocess.run(["rm", "-rf", f"/tmp/gradtutor-sandbox-{uid}"], check=False)
    if out.returncode == 77:
        pytest.skip("cannot start the unprivileged deployment here (the root wrapper needs "
                    "CAP_SYS_ADMIN and CAP_SETUID): " + out.stderr.strip())
    if out.returncode != 0 or not out.stdout.strip():
        raise AssertionError(f"unprivileged script failed ({out.returncode}):\n{out.stderr}")
    return {"uid": uid, **json.loads(out.stdout.strip().splitlines()[-1])}
