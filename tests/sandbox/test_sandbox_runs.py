"""Functional behaviour of runs: values, warnings, prints, exceptions, inputs, seeds."""

from __future__ import annotations

import textwrap
import threading
import time

import pytest
from sandbox_helpers import SECRET, root_only, run, value

from gradtutor.sandbox import RunRequest, Sandbox

NON_LEAF = "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed."


def test_ok_run_values_and_output(sandbox: Sandbox) -> None:
    res = run(sandbox, """\
        import torch
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = (x ** 2).sum()
        y.backward()
        print(x.grad)
        """, "x.grad", "y", "y.grad_fn", "x.dtype", "missing_name")
    assert res.status == "ok", res.reason
    assert res.exception is None
    assert value(res, "x.grad") == [2.0, 4.0, 6.0]
    assert res.values["y"]["grad_fn"] == "SumBackward0"
    assert res.values["y.grad_fn"] == {"kind": "grad_fn", "name": "SumBackward0"}
    assert res.values["x.dtype"] == {"kind": "dtype", "value": "torch.float32"}
    assert res.values["missing_name"]["kind"] == "error"
    assert res.values["missing_name"]["type"] == "NameError"
    assert res.stdout == "tensor([2., 4., 6.])\n"
    assert res.prints == [{"line": 5, "text": "tensor([2., 4., 6.])\n"}]
    assert res.stderr == "" and not res.output_truncated
    assert 0 < res.duration_ms < 5000


def test_non_leaf_grad_warning_is_recorded_with_line_and_without_suffix(sandbox: Sandbox) -> None:
    res = run(sandbox, """\
        import torch
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.sum().backward()
        print(y.grad)
        """, "y")
    assert res.status == "ok"
    assert len(res.warnings) == 1  # encoding y (a non-leaf) read .grad silently
    w = res.warnings[0]
    assert w["category"] == "UserWarning" and w["line"] == 5 and w["expr"] is None
    assert w["message"].startswith(NON_LEAF)
    assert "Triggered internally" not in w["message"]
    assert w["message"].endswith("for more information.")
    assert res.values["y"]["grad_is_none"] is True


def test_warning_raised_inside_torch_is_attributed_to_the_learner_line(sandbox: Sandbox) -> None:
    res = run(sandbox, """\
        import torch
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        (x ** 3).sum().backward(create_graph=True)
        y = torch.tensor(x)
        """)
    assert res.status == "ok"
    msgs = [(w["line"], w["message"].split(" ")[:3]) for w in res.warnings]
    assert msgs == [(3, ["Using", "backward()", "with"]), (4, ["To", "copy", "construct"])]


def test_torchs_warning_about_the_hidden_gpu_is_not_the_programs(sandbox: Sandbox) -> None:
    # On a CUDA build inside the sandbox, torch warns "CUDA initialization: ..." at the first
    # backward(); it describes the machine, so it is dropped, and every other warning is kept.
    res = run(sandbox, """\
        import warnings
        warnings.warn("CUDA initialization: Unexpected error from cudaGetDeviceCount(). Error 304")
        warnings.warn("the program's own warning")
        """)
    assert res.status == "ok"
    assert [(w["line"], w["message"]) for w in res.warnings] == [(3, "the program's own warning")]


def test_every_warning_counts_and_expression_warnings_carry_expr(sandbox: Sandbox) -> None:
    res = run(sandbox, """\
        import torch, warnings
        def helper():
            warnings.warn("from helper", RuntimeWarning)
        x = torch.tensor([1.0], requires_grad=True)
        y = x * 2
        for _ in range(3):
            y.grad
        helper()
        """, "y.grad", "helper()")
    assert res.status == "ok"
    assert [w["line"] for w in res.warnings[:3]] == [7, 7, 7]
    assert res.warnings[3] == {"category": "RuntimeWarning", "message": "from helper",
                               "line": 3, "expr": None}
    by_expr = {w["expr"]: w for w in res.warnings[4:]}
    assert by_expr["y.grad"]["message"].startswith(NON_LEAF)
    assert by_expr["y.grad"]["line"] is None
    assert by_expr["helper()"]["line"] == 3
    assert res.values["y.grad"] == {"kind": "none"}


def test_prints_are_attributed_to_the_line_running_them(sandbox: Sandbox) -> None:
    res = run(sandbox, """\
        import os, sys
        def show(v):
            print("v =", v)
        for i in range(2):
            print(i, end="")
            print("!")
        show(3)
        sys.stdout.write("raw\\n")
        print("err", file=sys.stderr)
        os.write(1, b"fd-level\\n")
        sys.stdout.buffer.write(b"bytes\\n")
        """)
    assert res.status == "ok"
    assert res.prints == [
        {"line": 5, "text": "0"}, {"line": 6, "text": "!\n"},
        {"line": 5, "text": "1"}, {"line": 6, "text": "!\n"},
        {"line": 3, "text": "v = 3\n"}, {"line": 8, "text": "raw\n"},
    ]
    assert res.stdout == "0!\n1!\nv = 3\nraw\nfd-level\nbytes\n"
    assert res.stderr == "err\n"


def test_exception_with_trimmed_traceback(sandbox: Sandbox) -> None:
    res = run(sandbox, """\
        import torch
        x = torch.tensor([1.0, 2.0])
        def go(t):
            t.sum().backward()
        before = 1
        go(x)
        after = 2
        """, "before", "after", "x")
    assert res.status == "exception"
    exc = res.exception
    assert exc is not None
    assert exc["type"] == "RuntimeError"
    assert exc["message"] == ("element 0 of tensors does not require grad and does not have a "
                              "grad_fn")
    assert exc["line"] == 4
    assert res.reason.startswith("RuntimeError: element 0 of tensors")
    tb = exc["traceback"]
    assert tb.startswith("Traceback (most recent call last):\n")
    assert 'File "submission.py", line 6, in <module>' in tb
    assert 'File "submission.py", line 4, in go' in tb
    assert "t.sum().backward()" in tb  # learner source lines are shown
    assert "torch" not in tb.replace("import torch", "").split("RuntimeError")[0]
    assert "harness" not in tb and "zygote" not in tb
    # Expressions are still evaluated after the exception.
    assert value(res, "before") == 1
    assert res.values["after"]["type"] == "NameError"
    assert value(res, "x") == [1.0, 2.0]


def test_syntax_error_and_custom_filename(sandbox: Sandbox) -> None:
    res = run(sandbox, "x = 1\ny = (\n", "x", filename="lesson3.py")
    assert res.status == "exception"
    assert res.exception["type"] == "SyntaxError"
    assert res.exception["line"] == 2
    assert "lesson3.py" in res.exception["traceback"]
    res = run(sandbox, "def f():\n    raise ValueError('bad')\nf()\n", filename="lesson3.py")
    assert 'File "lesson3.py", line 3' in res.exception["traceback"]


def test_inputs_are_globals(sandbox: Sandbox) -> None:
    res = run(sandbox, "y = lr * 2\nz = len(shape)\n", "y", "z", "cfg",
              inputs={"lr": 0.25, "shape": [2, 3], "cfg": {"a": None}})
    assert value(res, "y") == 0.5 and value(res, "z") == 2
    assert res.values["cfg"]["kind"] == "dict"


def test_seeds_are_deterministic(sandbox: Sandbox) -> None:
    code = textwrap.dedent("""\
        import random
        import numpy as np
        import torch
        t = torch.randn(3)
        r = random.random()
        n = float(np.random.rand())
        h = hash("abc")
        """)
    exprs = ("t", "r", "n", "h")
    reqs = [RunRequest(code=code, expressions=exprs, seed=s) for s in (7, 7, 7, 8)]
    a, b, c, d = sandbox.run_many(reqs)  # spread over both slots
    assert [r.status for r in (a, b, c, d)] == ["ok"] * 4
    assert a.values == b.values == c.values
    for e in ("t", "r", "n"):
        assert a.values[e] != d.values[e]


def test_exit_statuses(sandbox: Sandbox) -> None:
    res = run(sandbox, "import sys\nx = 1\nsys.exit(3)\n", "x")
    assert res.status == "exit" and res.reason == "sys.exit(3) was called at line 3"
    assert value(res, "x") == 1
    res = run(sandbox, "import os\nos._exit(0)\n")
    assert res.status == "exit" and "code 0" in res.reason
    res = run(sandbox, "raise KeyboardInterrupt\n")
    assert res.status == "exception" and res.exception["type"] == "KeyboardInterrupt"


def test_timeout_reason_format(sandbox: Sandbox) -> None:
    res = run(sandbox, "while True:\n    pass\n", timeout_s=0.5)
    assert res.status == "timeout" and res.reason == "timed out after 0.5 s"
    assert 500 <= res.duration_ms < 2500  # killed at the deadline (slack for a noisy machine)


def test_learner_imports_work(sandbox: Sandbox) -> None:
    res = run(sandbox, """\
        import torch.nn.functional as F
        import math, collections, itertools, functools, copy, random, warnings, colorsys
        import torch.optim, numpy
        from torch import nn
        ok = F.relu(torch.tensor([-1.0, 2.0])).tolist() == [0.0, 2.0]
        c = collections.Counter("aab")["a"]
        """, "ok", "c")
    assert res.status == "ok", res.exception
    assert value(res, "ok") is True and value(res, "c") == 2


def test_child_environment_is_scrubbed(sandbox: Sandbox) -> None:
    res = run(sandbox, """\
        import os
        env = dict(os.environ)
        try:
            raw = open("/proc/self/environ", "rb").read().decode(errors="replace")
        except OSError as e:
            raw = type(e).__name__
        cwd = os.getcwd()
        """, "env", "raw", "cwd")
    assert res.status == "ok"
    env_items = res.values["env"]["items"]
    names = {k["value"] for k, _ in env_items}
    assert "GRADTUTOR_TEST_SECRET" not in names
    assert SECRET not in str(res.values)
    assert names <= {"PATH", "HOME", "TMPDIR", "LANG", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                     "CUDA_VISIBLE_DEVICES"}
    assert "/main" not in value(res, "cwd")  # never inside the repository


@root_only
def test_child_runs_as_the_slot_uid(sandbox: Sandbox) -> None:
    res = run(sandbox, "import os\n"
              "ids = (os.getuid(), os.geteuid(), os.getgid(), os.getgroups())\n", "ids")
    uids = {info["uid"] for info in sandbox.slot_info()}
    uid, euid, gid, groups = (v.get("value", v.get("items")) for v in res.values["ids"]["items"])
    assert uid == euid == gid and uid in uids and groups == []


def test_run_many_preserves_order_and_uses_all_workers(sandbox: Sandbox) -> None:
    reqs = [RunRequest(code=f"import time\ntime.sleep(0.2)\nn = {i}\n", expressions=("n",))
            for i in range(8)]
    t0 = time.monotonic()
    results = sandbox.run_many(reqs)
    elapsed = time.monotonic() - t0
    assert [value(r, "n") for r in results] == list(range(8))
    assert elapsed < 8 * 0.2  # two slots in parallel


def test_run_is_thread_safe(sandbox: Sandbox) -> None:
    out: dict[int, object] = {}

    def work(i: int) -> None:
        out[i] = value(run(sandbox, f"k = {i} * 10\n", "k"), "k")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert out == {i: i * 10 for i in range(6)}


def test_zygote_is_single_threaded_and_warm(sandbox: Sandbox) -> None:
    for info in sandbox.slot_info():
        assert info["threads"] == 1
        assert not any(f.startswith("preload-failed") for f in info["features"])
        with open(f"/proc/{info['zygote_pid']}/status") as f:
            assert "Threads:\t1\n" in f.read()


@pytest.mark.parametrize("code", ["import torch\ntorch.set_num_threads(2)\n"
                                  "a = torch.randn(600, 600)\ns = float((a @ a).sum())\n"])
def test_children_may_use_parallel_ops(sandbox: Sandbox, code: str) -> None:
    # The zygote never ran a multi-threaded OpenMP region, so this must not hang.
    res = run(sandbox, code, "s", timeout_s=20)
    assert res.status == "ok", res.reason


def test_tiny_timeout_is_a_timeout_not_a_broken_sandbox(sandbox: Sandbox) -> None:
    before = [i["starts"] for i in sandbox.slot_info()]
    res = run(sandbox, "while True:\n    pass\n", timeout_s=0.001)
    assert res.status == "timeout" and res.reason == "timed out after 0.001 s"
    assert run(sandbox, "x = 1\n", "x").status == "ok"
    assert [i["starts"] for i in sandbox.slot_info()] == before  # no zygote was replaced
