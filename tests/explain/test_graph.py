"""The graph probe (in-process and in the sandbox), decoding of untrusted data, and rendering."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
import torch

from gradtutor.explain import probe
from gradtutor.explain.graph import (
    PROBE_EXPRESSION,
    Graph,
    ProbeError,
    graph_from_plain,
    graph_from_values,
)
from gradtutor.explain.names import Program
from gradtutor.sandbox import RunRequest, Sandbox
from gradtutor.views.explanation import render_dot, render_tree

E6 = """import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
y = torch.tensor([3.0, 4.0], requires_grad=True)
z = torch.tensor([3.0, 2.0], requires_grad=True)
x = x * 2
z1 = z.detach()
x1 = x.detach()
y1 = 2.0 * x1 + 2.0 * y + 3 * z1
y1.backward(torch.tensor([1.0, 1.0]))
"""

E9 = """import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
y1 = x ** 2
with torch.no_grad():
    y2 = y1 * 2
    y3 = x ** 5
y4 = y1 + y2 + y3
y4.backward(torch.ones(y4.shape))
"""


def probe_in_process(source: str) -> dict[str, Any]:
    ns: dict[str, Any] = {"__name__": "__main__"}
    exec(compile(source, "mine.py", "exec"), ns)
    return probe.graph(ns)


def test_probe_e6_in_process() -> None:
    g = graph_from_plain(probe_in_process(E6))
    x, y, z, z1, x1, y1 = (g.tensor(n) for n in ("x", "y", "z", "z1", "x1", "y1"))
    assert x and not x.is_leaf and g.nodes[x.grad_fn].name == "MulBackward0"  # type: ignore[index]
    assert y and y.is_leaf and y.has_grad and z and z.is_leaf and not z.has_grad
    assert z1 and not z1.requires_grad and z1.storage == z.storage  # detach() shares memory
    assert x1 and x1.storage == x.storage and x1.storage != z.storage
    assert y1 and g.nodes[y1.grad_fn].name == "AddBackward0"  # type: ignore[index]
    # x's graph ends in the old, now unnamed leaf
    acc = g.nodes[g.nodes[x.grad_fn].next[0]]  # type: ignore[index, arg-type]
    assert acc.name == "AccumulateGrad" and g.tensors[acc.variable].name is None  # type: ignore[index]
    assert [t.name for t in g.roots()] == ["x", "y1"]


def test_probe_marks_freed_graphs_and_modules_and_optimizers() -> None:
    g = graph_from_plain(probe_in_process(
        "import torch\nm = torch.nn.Linear(2, 1)\nopt = torch.optim.SGD(m.parameters(), lr=1)\n"
        "out = m(torch.ones(3, 2))\nkeep = out * out\nloss = keep.sum()\nloss.backward()\n"
        "m.bias.requires_grad_(False)\nfresh = out * out\n"))
    assert g.tensor("m.weight") and g.tensor("m.weight").is_param  # type: ignore[union-attr]
    (opt,) = g.optimizers
    assert opt.name == "opt" and opt.total == 2
    assert {g.tensors[i].name for i in opt.params} == {"m.weight", "m.bias"}
    keep, fresh = g.tensor("keep"), g.tensor("fresh")
    assert keep and fresh
    assert g.nodes[keep.grad_fn].freed is True  # type: ignore[index]
    assert g.nodes[fresh.grad_fn].freed is False  # type: ignore[index]


def test_probe_inference_and_views() -> None:
    g = graph_from_plain(probe_in_process(
        "import torch\nw = torch.ones(3, requires_grad=True)\nwith torch.inference_mode():\n"
        "    t = torch.ones(2)\nv = (w * 1)[:2]\n"))
    t, v = g.tensor("t"), g.tensor("v")
    assert t and t.is_inference and t.version is None
    assert v and v.is_view


@pytest.fixture(scope="module")
def e6_graph(shared_sandbox: Sandbox) -> Graph:
    res = shared_sandbox.run(RunRequest(code=E6, filename="e6.py",
                                        expressions=(PROBE_EXPRESSION, "sorted(globals())")))
    g, why = graph_from_values(res.values)
    assert g is not None, why
    names = [i["value"] for i in res.values["sorted(globals())"]["items"]]
    # The probe leaves nothing behind in the learner's namespace, and warns about nothing.
    assert [n for n in names if not n.startswith("__")] == ["torch", "x", "x1", "y", "y1", "z",
                                                             "z1"]
    assert res.warnings == []
    return g


def test_sandbox_probe_matches_in_process(e6_graph: Graph) -> None:
    assert e6_graph == graph_from_plain(probe_in_process(E6))


def test_tree_view_e6(e6_graph: Graph) -> None:
    text = render_tree(e6_graph, Program(E6))
    assert "\x1b[" not in text
    assert re.search(r"z1 .*leaf · requires_grad=False", text)
    assert "detach() of `z`: shares memory with `z`" in text
    assert "AccumulateGrad → unnamed leaf float32[2] (the old `x` from line 2)" in text
    assert "saved values freed by backward()" in text
    lines = text.splitlines()
    assert lines.index("  y1") < len(lines) - 1 and "AccumulateGrad → y" in text


def test_tree_view_colour_only_when_asked(e6_graph: Graph) -> None:
    coloured = render_tree(e6_graph, Program(E6), color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render_tree(e6_graph, Program(E6))


def test_tree_view_in_chinese(e6_graph: Graph) -> None:
    text = render_tree(e6_graph, Program(E6), lang="zh")
    assert "张量（程序结束时的状态）" in text and "`z` 的 detach()：与 `z` 共享内存" in text


def test_tree_view_e9_no_grad() -> None:
    g = graph_from_plain(probe_in_process(E9))
    text = render_tree(g, Program(E9))
    assert ("computed under `torch.no_grad()` (line 4) from `y1`, which requires grad: "
            "not recorded") in text
    assert "PowBackward0 = y1" in text and "untracked: `y2`" in text


def test_dot_view(e6_graph: Graph) -> None:
    dot = render_dot(e6_graph, Program(E6))
    assert dot.startswith("digraph autograd {") and dot.endswith("}")
    assert dot.count("{") == dot.count("}")
    assert 'label="shares memory"' in dot and "style=dashed" in dot
    assert re.search(r"t\d+ -> n\d+ \[label=\"grad_fn\"\]", dot)
    assert "MulBackward0" in dot and "AccumulateGrad" in dot


def test_dot_escapes_names() -> None:
    g = graph_from_plain(probe_in_process('import torch\nd = {"a\\"b": torch.ones(1)}\n'))
    dot = render_dot(g)
    assert 'label="d[\'a\\"b\']\\n' in dot  # the quote inside the name is escaped


def _valid() -> dict[str, Any]:
    return probe_in_process(E6)


@pytest.mark.parametrize("breakage", [
    lambda d: d.update(version=2),
    lambda d: d.update(tensors="no"),
    lambda d: d["tensors"][0].update(grad_fn=999),
    lambda d: d["tensors"][0].update(shape=[-1]),
    lambda d: d["tensors"][0].update(requires_grad=1),
    lambda d: d["tensors"][0].update(storage=True),
    lambda d: d["tensors"][0].pop("is_leaf"),
    lambda d: d["nodes"][0].update(next=[12345]),
    lambda d: d["nodes"][0].update(variable=-1),
    lambda d: d["nodes"].append("node"),
])
def test_malformed_probe_data_is_rejected(breakage: Any) -> None:
    data = copy.deepcopy(_valid())
    breakage(data)
    with pytest.raises(ProbeError):
        graph_from_plain(data)


def test_graph_from_values_reports_why_not() -> None:
    assert graph_from_values({})[1] == "the graph probe did not run"
    err = {PROBE_EXPRESSION: {"kind": "error", "type": "NameError", "message": "boom"}}
    assert graph_from_values(err) == (None, "the graph probe failed: NameError: boom")
    odd = {PROBE_EXPRESSION: {"kind": "tensor", "dtype": "float32", "shape": []}}
    g, why = graph_from_values(odd)
    assert g is None and why and "unusable" in why


def test_probe_failure_in_the_sandbox_is_reported(shared_sandbox: Sandbox) -> None:
    res = shared_sandbox.run(RunRequest(code="import torch\nexec = None\n", filename="m.py",
                                        expressions=(PROBE_EXPRESSION,)))
    g, why = graph_from_values(res.values)
    assert g is None and why is not None and "TypeError" in why


def test_one_hostile_object_does_not_hide_the_rest() -> None:
    class Evil(torch.Tensor):
        @property
        def grad_fn(self) -> Any:  # type: ignore[override]
            raise ValueError("boom")

    ns = {"evil": torch.ones(2).as_subclass(Evil), "good": torch.ones(2, requires_grad=True)}
    data = probe.graph(ns)
    g = graph_from_plain(data)
    assert data["skipped"] == ["evil"] and g.tensor("good") is not None


def test_untracked_inputs_are_named_only_when_certain() -> None:
    src = ("import torch\nlr = 0.5\nw = torch.ones(2, requires_grad=True)\na = lr * w\n"
           "b = w.shape[0] * w\nd = torch.ones(2) * w\ne = w * 3\nf = w - 0.1 * w.detach()\n")
    text = render_tree(graph_from_plain(probe_in_process(src)), Program(src))
    blocks = dict(re.findall(r"\n  (\w)\n  └─ (.*)", text))
    # `lr * w` runs as w.mul(lr): the untracked input is lr, in second place. Never guess.
    assert blocks["a"] == "MulBackward0  · 1 untracked input"
    assert blocks["b"] == "MulBackward0  · 1 untracked input"
    assert blocks["d"] == "MulBackward0  · untracked: `torch.ones(2)`"
    assert blocks["e"] == "MulBackward0  · untracked: the constant 3"
    assert blocks["f"] == "SubBackward0  · untracked: `0.1 * w.detach()`"
