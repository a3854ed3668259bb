"""The suggested fix, applied literally to a copy of the program, makes it run clean and do what
its author wanted (issue 13 items 5 and 7, issue 17 item 3), in the real sandbox."""

from __future__ import annotations

import re

from gradtutor.explain import explain_observations
from gradtutor.sandbox import RunRequest, RunResult, Sandbox
from gradtutor.views.explanation import parts

GRAD_WARNING = ("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. "
                "Its .grad attribute won't be populated during autograd.backward().")


def run(sandbox: Sandbox, *sources: str) -> list[RunResult]:
    return sandbox.run_many([RunRequest(code=s, filename="mine.py") for s in sources])


def fix_of(source: str, result: RunResult) -> tuple[str, str | None, str]:
    (ex,) = [e for e in explain_observations(source, result) if e.kind == "error"]
    words = parts(ex, "en")
    return words.fix, ex.variable, words.text


def code_in(fix: str) -> list[str]:
    return re.findall(r"`([^`]+)`", fix)


SET_ON = ("import torch\n"
          "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
          "y = x * 2\n"
          "y.requires_grad = True\n"
          "y.sum().backward()\n"
          "print(x.grad, y.grad)\n")


def test_requires_grad_true_on_a_non_leaf_delete_it_or_retain_grad(
        shared_sandbox: Sandbox) -> None:
    (res,) = run(shared_sandbox, SET_ON)
    fix, variable, text = fix_of(SET_ON, res)
    assert variable == "y" and "already requires grad" in text
    assert "Delete line 4" in fix and "`y.retain_grad()`" in fix and "detach" not in fix
    deleted = SET_ON.replace("y.requires_grad = True\n", "")
    retained = SET_ON.replace("y.requires_grad = True", "y.retain_grad()")
    r1, r2 = run(shared_sandbox, deleted, retained)
    assert r1.status == "ok" and r1.stdout.startswith("tensor([2., 2.])")
    assert r2.status == "ok" and r2.stdout.strip() == "tensor([2., 2.]) tensor([1., 1.])"
    assert not r2.warnings


def test_requires_grad_false_on_a_non_leaf_still_gets_detach(shared_sandbox: Sandbox) -> None:
    src = SET_ON.replace("y.requires_grad = True", "y.requires_grad = False")
    (res,) = run(shared_sandbox, src)
    fix, variable, _text = fix_of(src, res)
    assert variable == "y" and "`y = y.detach()`" in fix


INPLACE_ACTIVATION = ("import torch\n"
                      "import torch.nn.functional as F\n"
                      "x = torch.tensor([1.0, -2.0], requires_grad=True)\n"
                      "y = x.sigmoid()\n"
                      "F.relu(y, inplace=True)\n"
                      "y.sum().backward()\n"
                      "print(x.grad)\n")


def test_inplace_functional_call_names_the_tensor_and_its_fix_runs(
        shared_sandbox: Sandbox) -> None:
    on_leaf = ("import torch\nimport torch.nn.functional as F\n"
               "x = torch.tensor([1.0, -2.0], requires_grad=True)\n"
               "F.relu(x, inplace=True)\nx.sum().backward()\n")
    by_name = INPLACE_ACTIVATION.replace("F.relu(y, inplace=True)", "torch.relu_(y)")
    results = run(shared_sandbox, INPLACE_ACTIVATION, by_name, on_leaf)
    for src, res, call, rewrite in [
            (INPLACE_ACTIVATION, results[0], "F.relu(y, inplace=True)", "y = F.relu(y)"),
            (by_name, results[1], "torch.relu_(y)", "y = torch.relu(y)"),
            (on_leaf, results[2], "F.relu(x, inplace=True)", "x = F.relu(x)")]:
        fix, variable, _text = fix_of(src, res)
        assert variable == src.split(call)[0][-1:] or variable in ("x", "y")
        assert variable not in ("F", "torch", "torch.nn.functional")
        assert rewrite in code_in(fix), fix
        (fixed,) = run(shared_sandbox, src.replace(call, rewrite))
        assert fixed.status == "ok" and fixed.exception is None, fixed.exception


COPY = ("import torch\n"
        "a = torch.randn(3, requires_grad=True).double()\n"
        "a.sum().backward()\n"
        "print(a.grad)\n")


def test_converted_copy_of_a_leaf_names_the_call_and_its_fix_keeps_a_leaf(
        shared_sandbox: Sandbox) -> None:
    (res,) = run(shared_sandbox, COPY)
    (ex,) = explain_observations(COPY, res)
    words = parts(ex, "en")
    assert ex.key == "nonleaf_grad" and ex.variable == "a"
    assert "`.double()` on line 2" in words.text
    new = "a = torch.randn(3).double().requires_grad_()"
    assert new in code_in(words.fix)
    (fixed,) = run(shared_sandbox, COPY.replace(
        "a = torch.randn(3, requires_grad=True).double()", new))
    assert fixed.status == "ok" and not fixed.warnings
    assert fixed.stdout.strip() == "tensor([1., 1., 1.], dtype=torch.float64)"


def test_cuda_copy_of_a_leaf_is_explained_from_the_source() -> None:
    """On a GPU the warning comes at the read of .grad; here we hand it over as a run result."""
    src = ("import torch\n"
           "a = torch.randn(3, requires_grad=True).cuda()\n"
           "a.sum().backward()\n"
           "print(a.grad)\n")
    result = {"warnings": [{"category": "UserWarning", "message": GRAD_WARNING, "line": 4}]}
    (ex,) = explain_observations(src, result)
    words = parts(ex, "en")
    assert ex.variable == "a" and "`.cuda()` on line 2 returns a converted copy" in words.text
    assert "a = torch.randn(3).cuda().requires_grad_()" in code_in(words.fix)
    zh = parts(ex, "zh")
    assert "第 2 行的 `.cuda()`" in zh.text


CUDA = ("import torch\n"
        "x = torch.ones(2, requires_grad=True)\n"
        "y = (x * 3).cuda()\n"
        "y.sum().backward()\n"
        "print(x.grad)\n")


def test_a_gpu_call_gets_the_device_variable_fix_and_it_runs_here(
        shared_sandbox: Sandbox) -> None:
    (res,) = run(shared_sandbox, CUDA)
    fix, _variable, text = fix_of(CUDA, res)
    assert "Line 3 asks for the GPU" in text and "run on the CPU here" in text
    device = next(c for c in code_in(fix) if c.startswith("device = "))
    fixed = CUDA.replace("import torch\n", f"import torch\n{device}\n").replace(
        ".cuda()", ".to(device)")
    (ok,) = run(shared_sandbox, fixed)
    assert ok.status == "ok" and ok.stdout.strip() == "tensor([3., 3.])"
