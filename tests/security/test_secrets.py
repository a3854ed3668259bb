"""Guarantee 3: a run cannot read the grader's secrets: its environment, files only the grader
should read, or anything of it left in the zygote's memory (there must be nothing: the zygote
starts with a scrubbed environment and never holds a job)."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from machine_layers import needs_one_of
from security_attacks import SNOOP
from security_helpers import SECRET, root_only, run

from gradtutor.sandbox import Sandbox


@pytest.fixture(scope="module")
def secret_file() -> Iterator[Path]:
    """A world-readable secret outside the runtime, in a place every user can reach."""
    d = Path(tempfile.mkdtemp(prefix="gradtutor-sectest-", dir="/var/tmp"))
    d.chmod(0o755)
    (d / "token").write_text(SECRET)
    (d / "token").chmod(0o644)
    yield d / "token"
    subprocess.run(["rm", "-rf", str(d)], check=False)


@pytest.fixture(scope="module")
def holder() -> Iterator[int]:
    """A grader-like process with the secret in its initial environment and command line."""
    p = subprocess.Popen(["sh", "-c", "sleep 120; :", SECRET], env={"TOKEN": SECRET})
    yield p.pid
    p.kill()
    p.wait()


def snoop(sb: Sandbox, secret_file: Path, holder: int) -> dict[str, str]:
    code = SNOOP.replace("FILE", repr(str(secret_file))).replace("HOLDER", str(holder))
    res = run(sb, code, "seen")
    assert res.status == "ok", res.reason
    return {k["value"]: v["value"] for k, v in res.values["seen"]["items"]}


@pytest.mark.parametrize("config", ["hardened", "layers", "landlock_only"])
def test_secrets_are_out_of_reach(
    config: str, request: pytest.FixtureRequest, secret_file: Path, holder: int,
) -> None:
    # Positive controls: the secret is really there for someone allowed to look.
    assert SECRET in Path(f"/proc/{holder}/environ").read_text()
    assert SECRET in Path(f"/proc/{holder}/cmdline").read_text()
    assert secret_file.read_text() == SECRET
    sb: Sandbox = request.getfixturevalue(config)
    # The world-readable file in /var/tmp: Landlock refuses it, or a private tmpfs covers it.
    needs_one_of(sb, ("landlock-fs",), ("tmpfs",))
    seen = snoop(sb, secret_file, holder)
    assert not [k for k, v in seen.items() if SECRET in v], seen
    for key in ("file", "holder:environ", "holder:cmdline", "zygote:environ"):
        assert seen[key] in ("PermissionError", "FileNotFoundError"), (key, seen[key])


@root_only
def test_positive_control_an_unconfined_run_finds_the_file(
    exposed: Sandbox, secret_file: Path, holder: int,
) -> None:
    assert snoop(exposed, secret_file, holder)["file"] == SECRET


def memory_holds(pid: int, needle: bytes) -> bool:
    """Search every private writable mapping of `pid` (heap, stacks, anonymous memory)."""
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            if not re.fullmatch(r"rw.p", fields[1]) or (len(fields) > 5
                                                        and fields[5].startswith("/dev/")):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            try:
                mem.seek(start)
                if needle in mem.read(end - start):
                    return True
            except (OSError, ValueError, OverflowError):
                continue
    return False


@root_only
def test_the_zygote_holds_no_secret(hardened: Sandbox) -> None:
    """Every run starts as a copy of its zygote, so the zygote's memory is what a run could
    search. The grader's environment holds the secret (positive control); no zygote does."""
    assert memory_holds(os.getpid(), SECRET.encode())
    for info in hardened.slot_info():
        pid = info["zygote_pid"]
        assert SECRET.encode() not in Path(f"/proc/{pid}/environ").read_bytes()
        assert SECRET.encode() not in Path(f"/proc/{pid}/cmdline").read_bytes()
        assert not memory_holds(pid, SECRET.encode()), pid
