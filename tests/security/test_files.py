"""Guarantee 4: a run writes only inside its own working directory, and only so much: no file
outside it survives the run, the disk cannot be filled, and whatever shape the run leaves its
directory in, the slot cleans it up and carries on."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable

import pytest
from machine_layers import needs, needs_one_of
from security_attacks import PLANT, outside
from security_helpers import grade, run, value

from gradtutor.course.model import Exercise
from gradtutor.sandbox import Sandbox
from gradtutor.sandbox.zygote import remove_tree

# What confines a run's writes: Landlock, or a read-only host with private scratch tmpfs.
CONFINE_WRITES = (("landlock-fs",), ("mountns", "ro-host", "tmpfs"))


@pytest.mark.parametrize("config", ["hardened", "layers", "landlock_only"])
def test_writes_outside_the_run_directory_fail(config: str,
                                               request: pytest.FixtureRequest) -> None:
    sb: Sandbox = request.getfixturevalue(config)
    needs_one_of(sb, *CONFINE_WRITES)
    paths = outside(os.urandom(4).hex())
    host = [p for p in paths if p.startswith("/") and not p.startswith("/proc")]
    try:
        res = run(sb, PLANT.replace("PATHS", repr(paths)), "wrote", "home", "here")
        assert res.status == "ok", res.reason
        assert value(res, "home") == value(res, "here") == "WROTE"  # its own directory works
        wrote = value(res, "wrote")
        assert [p for p, r in wrote.items() if r == "WROTE"] == [], wrote
        assert [p for p in host if os.path.lexists(p)] == []
    finally:  # should the test fail, leave nothing behind on the host
        for p in host:
            with contextlib.suppress(OSError):
                os.unlink(p)


def test_disk_cannot_be_filled_and_space_comes_back(hardened: Sandbox) -> None:
    needs(hardened, "tmpfs")  # the size cap of the private scratch space
    fill = """\
        import errno
        written, why = 0, ""
        try:
            for i in range(64):                  # up to 512 MiB if nothing stopped it
                with open(f"f{i}", "wb") as f:
                    for _ in range(8):
                        f.write(b"x" * 2**20)
                        f.flush()
                        written += 1
        except OSError as e:
            why = errno.errorcode[e.errno]
        """
    res = run(hardened, fill, "written", "why", timeout_s=20)
    assert res.status == "ok", res.reason
    assert value(res, "why") == "ENOSPC" and value(res, "written") <= 64, res.values
    one = run(hardened, "f = open('big', 'wb')\nfor _ in range(40):\n    f.write(b'x' * 2**20)\n"
              "    f.flush()\n", timeout_s=20)
    assert one.exception and "File too large" in one.exception["message"]  # RLIMIT_FSIZE
    # Both slots have their whole scratch space back (the directories were removed).
    for _ in range(2):
        res = run(hardened, fill.replace("range(64)", "range(5)"), "written", "why",
                  timeout_s=20)
        assert value(res, "written") == 40 and value(res, "why") == "", res.values


def test_inode_bomb_is_capped_and_cleaned(hardened: Sandbox) -> None:
    needs(hardened, "tmpfs")  # the inode cap of the private scratch space
    res = run(hardened, """\
        import os
        n, why = 0, ""
        try:
            for i in range(200_000):
                os.close(os.open(f"{i}", os.O_CREAT | os.O_WRONLY))
                n += 1
        except OSError as e:
            why = type(e).__name__
        """, "n", "why", timeout_s=20)
    assert res.status == "ok" and value(res, "why") == "OSError" and value(res, "n") < 20_000
    assert run(hardened, "open('x', 'w').write('y')\nok = 1\n", "ok").status == "ok"


def test_a_deep_tree_does_not_wedge_the_slot(hardened: Sandbox) -> None:
    """A 30 000-deep directory chain once crashed the clean-up (RecursionError): without
    namespaces the stale directory then stopped every later start of the zygote."""
    before = [i["starts"] for i in hardened.slot_info()]
    res = run(hardened, """\
        import os, time
        fd, depth, end = os.open(".", os.O_RDONLY), 0, time.monotonic() + 3
        try:  # until the inode cap (ENOSPC) or the clock stops it
            while depth < 30_000 and time.monotonic() < end:
                os.mkdir("d", dir_fd=fd)
                new = os.open("d", os.O_RDONLY, dir_fd=fd)
                os.close(fd)
                fd, depth = new, depth + 1
        except OSError:
            pass
        """, "depth", timeout_s=10)
    assert res.status == "ok" and value(res, "depth") > 1500, res.reason
    if "tmpfs" not in hardened.protections():
        # On the host's disk only the clock bounds the depth, and removing the tree may
        # outlast the next run's start (on a loaded machine): that run may be refused
        # (`internal`, never a verdict), but the slot must come back.
        got = [run(hardened, "x = 1\n", "x", timeout_s=30).status for _ in range(3)]
        assert "ok" in got and set(got) <= {"ok", "internal"}, got
        assert run(hardened, "x = 1\n", "x").status == "ok"
        return
    for _ in range(2):
        assert run(hardened, "x = 1\n", "x").status == "ok"
    assert [i["starts"] for i in hardened.slot_info()] == before


def test_remove_tree_handles_depth_modes_and_links(tmp_path: os.PathLike[str]) -> None:
    top = os.path.join(tmp_path, "run")
    os.mkdir(top)
    outside = os.path.join(tmp_path, "outside")
    os.mkdir(outside)
    open(os.path.join(outside, "keep"), "w").close()
    fd = os.open(top, os.O_RDONLY)
    for i in range(20_000):
        os.mkdir("d", dir_fd=fd)
        if i % 1000 == 0:
            os.symlink(outside, "link", dir_fd=fd)  # never followed
        new = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = new
    os.mkdir("locked", 0, dir_fd=fd)
    os.close(fd)
    os.chmod(top, 0)
    t0 = time.monotonic()
    remove_tree(top)
    assert not os.path.lexists(top)
    assert os.path.exists(os.path.join(outside, "keep"))
    assert time.monotonic() - t0 < 20


def test_grading_goes_on(mini_code: Exercise, hardened: Sandbox,
                         right_passes: Callable[[Sandbox], None]) -> None:
    needs_one_of(hardened, *CONFINE_WRITES)
    paths = outside(os.urandom(4).hex())
    try:
        v = grade(mini_code, PLANT.replace("PATHS", repr(paths)) + "import torch\nw = 0\n",
                  hardened)
        assert v.status == "fail"
        assert [p for p in paths if p.startswith("/") and os.path.lexists(p)] == []
    finally:
        for p in paths:
            if p.startswith("/") and not p.startswith("/proc"):
                with contextlib.suppress(OSError):
                    os.unlink(p)
    right_passes(hardened)
