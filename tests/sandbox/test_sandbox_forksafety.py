"""The zygote stays fork-safe with any torch build: one thread, no GPU, no CUDA, and children
that can run autograd (issue: a CUDA build on a GPU machine started autograd's per-device
threads in the zygote's warm-up, and every forked run then refused backward()).

The positive controls break the zygote the way a CUDA build with a GPU does, through a
`sitecustomize` module on the zygote's PYTHONPATH (imported at interpreter start, before
anything of ours): they prove the checks below can fail, and that a zygote whose children
cannot run autograd never serves a run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_helpers import STARTUP_S, run, value

from gradtutor.sandbox import Sandbox, worker
from gradtutor.sandbox.config import zygote_env

# What the zygote of a CUDA build with a visible GPU used to do, in two parts.
EXTRA_THREAD = """\
import threading, time
threading.Thread(target=time.sleep, args=(1e6,), daemon=True).start()
"""
FORK_REFUSES_AUTOGRAD = """\
import os, sys
def _refuse(*args, **kwargs):
    raise RuntimeError("Unable to handle autograd's threading in combination with fork-based "
                       "multiprocessing. See https://github.com/pytorch/pytorch/wiki/Autograd-and-Fork")
def _after_fork():
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.Tensor.backward = _refuse
        torch.autograd.backward = _refuse
os.register_at_fork(after_in_child=_after_fork)
"""


def status_of(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/status") as f:
        return dict(line.rstrip("\n").split(":\t", 1) for line in f if ":\t" in line)


def environ_of(pid: int) -> dict[bytes, bytes]:
    with open(f"/proc/{pid}/environ", "rb") as f:
        return dict(item.split(b"=", 1) for item in f.read().split(b"\0") if item)


def test_zygote_holds_one_thread_no_gpu_and_no_cuda(sandbox: Sandbox) -> None:
    for info in sandbox.slot_info():
        pid = info["zygote_pid"]
        assert status_of(pid)["Threads"] == "1", "a thread in the zygote does not survive fork"
        assert environ_of(pid).get(b"CUDA_VISIBLE_DEVICES") == b""
        assert info["torch"]["cuda_initialized"] is False, info["torch"]
        assert info["notes"] == [], info["notes"]


def test_children_see_no_gpu_and_inherit_no_cuda_or_bad_fork(sandbox: Sandbox) -> None:
    res = run(sandbox, """\
        import os, torch
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        (x * x).sum().backward()
        bad_fork = getattr(torch.cuda, "_is_in_bad_fork", lambda: False)()
        """, "x.grad", "torch.cuda.is_initialized()", "bad_fork", "torch.cuda.is_available()",
        "os.environ['CUDA_VISIBLE_DEVICES']")
    assert res.status == "ok", (res.reason, res.exception)
    assert value(res, "x.grad") == [2.0, 4.0]
    assert value(res, "torch.cuda.is_initialized()") is False
    assert value(res, "bad_fork") is False
    assert value(res, "torch.cuda.is_available()") is False
    assert value(res, "os.environ['CUDA_VISIBLE_DEVICES']") == ""


@pytest.fixture
def zygote_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory put first on every new zygote's PYTHONPATH; write sitecustomize.py there."""
    site = tmp_path / "site"
    site.mkdir()

    def env() -> dict[str, str]:
        base = zygote_env()
        return {**base, "PYTHONPATH": f"{site}:{base['PYTHONPATH']}"}

    monkeypatch.setattr(worker, "zygote_env", env)
    yield site


def test_positive_control_an_extra_thread_is_seen(zygote_site: Path) -> None:
    """The thread checks above can fail: a zygote that holds a second thread is reported."""
    (zygote_site / "sitecustomize.py").write_text(EXTRA_THREAD)
    with Sandbox(workers=1) as sb:
        assert sb.wait_ready(STARTUP_S)
        info = sb.slot_info()[0]
        assert status_of(info["zygote_pid"])["Threads"] == "2"
        assert info["threads"] == 2
        assert info["notes"] == ["zygote: 2 threads after warm-up (expected 1)"]


def test_a_zygote_whose_children_refuse_autograd_never_serves(zygote_site: Path) -> None:
    """Fail closed: no run is served (every backward() would raise, and every answer that
    depends on it would be judged wrong); each request gets `internal` with the reason."""
    (zygote_site / "sitecustomize.py").write_text(FORK_REFUSES_AUTOGRAD)
    with Sandbox(workers=1) as sb:
        sb.wait_ready(STARTUP_S)
        res = run(sb, "x = 1\n", "x")
    assert res.status == "internal", (res.status, res.reason)
    assert res.reason.startswith("the sandbox could not start"), res.reason
    assert "autograd cannot run in a forked child here" in res.reason, res.reason
    assert "Unable to handle autograd's threading" in res.reason, res.reason


FORK_CHECK = """\
import json, sys, torch
from gradtutor.sandbox.zygote import fork_check
out = {"clean": fork_check(torch)}
exec(sys.argv[1])
out["broken"] = fork_check(torch)
print(json.dumps(out))
"""


@pytest.mark.parametrize(("breakage", "expected"), [
    (FORK_REFUSES_AUTOGRAD.replace("os.register_at_fork", "import torch\nos.register_at_fork"),
     "RuntimeError: Unable to handle autograd's threading"),
    ("torch.cuda.is_initialized = lambda: True\n", "CUDA was initialised in the zygote"),
    ("import os\nos.register_at_fork(after_in_child=lambda: os._exit(9))\n",
     "the check exited with 9"),
])
def test_fork_check_names_what_breaks(breakage: str, expected: str) -> None:
    out = subprocess.run([sys.executable, "-c", FORK_CHECK, textwrap.dedent(breakage)],
                         capture_output=True, text=True, timeout=120, check=True, cwd="/",
                         env={**os.environ, "CUDA_VISIBLE_DEVICES": ""})
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["clean"] is None
    assert got["broken"] is not None and got["broken"].startswith(expected), got
