"""`gradtutor explain` on every code example of the seed text (E1–E10 and E9b of
/work/shared/seed/verified.md, section 1), run through the real sandbox.

For each example: the program's output is exactly what torch 2.13 printed in verified.md, the
warnings/errors are explained with the right key, line and variable and say the key facts, and
the graph (probe data and its tree view) states what really happened: leaf or not,
requires_grad, .grad set or None, detach() aliases sharing memory, no_grad results, grad_fn
chains, and which input of a node is the learner's untracked tensor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gradtutor.explain.graph import Graph, TensorInfo
from gradtutor.explain.run import Report, explain_run
from gradtutor.sandbox import Sandbox
from gradtutor.views.explanation import parts, render_dot, render_tree

FIXTURES = Path(__file__).parent / "fixtures"
GRAD_WARNING = ("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its "
                ".grad attribute won't be populated during autograd.backward(). If you indeed "
                "want the .grad field to be populated for a non-leaf Tensor, use .retain_grad()")
NO_GRAD_ERROR = "element 0 of tensors does not require grad and does not have a grad_fn"


def flat(text: str) -> str:
    """Prose is wrapped to the terminal width; compare it with single spaces."""
    return " ".join(text.split())


def t(g: Graph, name: str) -> TensorInfo:
    found = g.tensor(name)
    assert found is not None, f"no tensor {name!r} in the graph"
    return found


def fn(g: Graph, name: str) -> str | None:
    x = t(g, name)
    return g.nodes[x.grad_fn].name if x.grad_fn is not None else None


def leaf(g: Graph, name: str, requires_grad: bool, has_grad: bool = False) -> None:
    x = t(g, name)
    assert x.is_leaf and x.grad_fn is None, name
    assert x.requires_grad is requires_grad, name
    assert x.has_grad is has_grad, name


def nonleaf(g: Graph, name: str, grad_fn: str) -> None:
    x = t(g, name)
    assert not x.is_leaf and x.requires_grad and not x.has_grad, name
    assert fn(g, name) == grad_fn, name


def leaves_below(g: Graph, name: str) -> set[str | None]:
    """Names of the leaves the grad_fn chain of `name` ends in (None: an unnamed leaf)."""
    x = t(g, name)
    assert x.grad_fn is not None
    nodes = g.below(x.grad_fn) | {x.grad_fn}
    return {g.tensors[v].name for n in nodes if (v := g.nodes[n].variable) is not None}


def chain(g: Graph, name: str) -> list[str]:
    """grad_fn names along the first tracked input, from `name` down to AccumulateGrad."""
    x = t(g, name)
    out: list[str] = []
    node: int | None = x.grad_fn
    while node is not None:
        out.append(g.nodes[node].name)
        node = next((n for n in g.nodes[node].next if n is not None), None)
    return out


# ------------------------------------------------------------------------------ per example


def e01(g: Graph) -> None:
    leaf(g, "x", requires_grad=False)
    assert g.roots() == []


def e02(g: Graph) -> None:
    leaf(g, "x", requires_grad=True, has_grad=True)
    leaf(g, "y", requires_grad=False)
    nonleaf(g, "y1", "AddBackward0")
    assert chain(g, "y1") == ["AddBackward0", "MulBackward0", "AccumulateGrad"]
    assert leaves_below(g, "y1") == {"x"}  # y (requires_grad=False) is not in the graph


def e03(g: Graph) -> None:
    params = [x for x in g.tensors if x.name and x.name.startswith("cnn.")]
    assert len(params) == 6 and all(x.is_param and x.is_leaf for x in params)
    assert not t(g, "cnn.conv1.0.weight").requires_grad
    assert t(g, "cnn.conv1.0.bias").requires_grad  # the seed freezes only half of conv1
    assert [x.name for x in params if x.requires_grad] == [
        "cnn.conv1.0.bias", "cnn.conv2.0.weight", "cnn.conv2.0.bias", "cnn.out.weight",
        "cnn.out.bias"]
    (opt,) = g.optimizers
    assert (opt.name, opt.type, opt.total) == ("optimizer", "Adam", 5)
    held = {g.tensors[i].name for i in opt.params}
    assert held == {x.name for x in params} - {"cnn.conv1.0.weight"}
    assert t(g, "p").names == ("cnn.out.bias", "p")  # the loop variable is left on the last one
    assert g.roots() == []  # no forward pass ran


def e04(g: Graph) -> None:
    leaf(g, "x", requires_grad=True, has_grad=False)  # backward never ran
    leaf(g, "y", requires_grad=False)
    nonleaf(g, "y1", "AddBackward0")
    assert not any(n.freed for n in g.nodes)


def e05(g: Graph) -> None:
    leaf(g, "a", requires_grad=False)
    assert t(g, "a").dtype == "int64"
    assert g.tensor("b") is None and g.tensor("c") is None  # line 5 failed: never created


def e06(g: Graph) -> None:
    nonleaf(g, "x", "MulBackward0")
    leaf(g, "y", requires_grad=True, has_grad=True)
    leaf(g, "z", requires_grad=True, has_grad=False)
    leaf(g, "z1", requires_grad=False)
    leaf(g, "x1", requires_grad=False)
    nonleaf(g, "y1", "AddBackward0")
    assert t(g, "z1").storage == t(g, "z").storage  # detach() shares memory
    assert t(g, "x1").storage == t(g, "x").storage
    assert t(g, "x1").storage != t(g, "z").storage
    assert leaves_below(g, "x") == {None}  # the old leaf x of line 3, now unnamed
    assert leaves_below(g, "y1") == {"y"}  # neither x nor z: both reach y1 only detached
    assert t(g, "x").grad_fn not in g.below(t(g, "y1").grad_fn)  # type: ignore[arg-type]
    assert [r.name for r in g.roots()] == ["x", "y1"]


def e07(g: Graph) -> None:
    e06(g)  # the replayed E6 state ...
    assert t(g, "z").version == t(g, "z1").version == 1  # ... then one in-place write, shared
    assert t(g, "y").version == 0


def e08(g: Graph) -> None:
    leaf(g, "y", requires_grad=True, has_grad=True)
    leaf(g, "z", requires_grad=True, has_grad=False)  # the "generator output" gets nothing
    leaf(g, "z1", requires_grad=False)
    assert t(g, "z1").storage == t(g, "z").storage
    nonleaf(g, "z2", "AddBackward0")
    nonleaf(g, "y1", "SumBackward0")
    assert t(g, "y1").shape == ()
    assert chain(g, "y1") == ["SumBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad"]
    assert t(g, "z2").grad_fn in g.below(t(g, "y1").grad_fn)  # type: ignore[arg-type]
    assert leaves_below(g, "y1") == {"y"}


def e09(g: Graph) -> None:
    leaf(g, "x", requires_grad=True, has_grad=True)
    nonleaf(g, "y1", "PowBackward0")
    leaf(g, "y2", requires_grad=False)  # computed under no_grad: a fresh leaf, no graph
    leaf(g, "y3", requires_grad=False)
    assert t(g, "y2").storage != t(g, "y1").storage  # not an alias (unlike detach())
    nonleaf(g, "y4", "AddBackward0")
    assert chain(g, "y4") == ["AddBackward0", "AddBackward0", "PowBackward0", "AccumulateGrad"]
    assert leaves_below(g, "y4") == {"x"}


def e09b(g: Graph) -> None:
    leaf(g, "x", requires_grad=True, has_grad=False)
    nonleaf(g, "y1", "PowBackward0")
    for name in ("y2", "y3", "y4"):
        leaf(g, name, requires_grad=False)
    assert [r.name for r in g.roots()] == ["y1"]


def e10(g: Graph) -> None:
    e09(g)  # the same graph as E9 ...


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    status: str
    stdout: str
    explained: tuple[tuple[str, int, str], ...]  # (key, line, variable), in order
    message: str | None  # torch's message of the first explanation, start
    says: tuple[str, ...]  # in the explanations' text + fix (whitespace-normalised)
    not_says: tuple[str, ...]
    tree: tuple[str, ...]  # lines (or parts of one line) of the tree view
    graph: Callable[[Graph], None]
    not_tree: tuple[str, ...] = field(default=())


E9_OUT = ("tensor([1., 4.], grad_fn=<PowBackward0>) True\ntensor([2., 8.]) False\n"
          "tensor([ 1., 32.]) False\ntensor([ 4., 44.], grad_fn=<AddBackward0>) True\n"
          "tensor([2., 4.])\n")

CASES = (
    Case("E1", "seed_e01_requires_grad_default.py", "ok", "False\n", (), None, (), (),
         ("  x  float32[2]  leaf · requires_grad=False   line 4: x = torch.tensor([1.0, 2.0])",
          "No tensor in the namespace has a grad_fn: nothing was recorded."), e01),
    Case("E2", "seed_e02_requires_grad_true_false.py", "ok",
         "tensor([1., 2.], requires_grad=True) True\ntensor([3., 4.]) False\n"
         "tensor([ 8., 12.], grad_fn=<AddBackward0>) True\ntensor([2., 2.])\nNone\n",
         (), None, (), (),
         ("x   float32[2]  leaf · requires_grad · .grad set ",
          "y   float32[2]  leaf · requires_grad=False ",
          "y1  float32[2]  non-leaf · AddBackward0 · requires_grad ",
          "  └─ AddBackward0  · untracked: `2.0 * y`",
          "     └─ MulBackward0  · saved values freed by backward() · untracked: the constant 2.0",
          "        └─ AccumulateGrad → x"), e02),
    Case("E3", "seed_e03_freeze_cnn.py", "ok",
         "conv1.0.weight True\nconv1.0.bias True\nconv2.0.weight True\nconv2.0.bias True\n"
         "out.weight True\nout.bias True\nparams in optimizer: 5 of 6\n"
         "conv1.0.bias still trainable: True\n",
         (), None, (), (),
         ("cnn.conv1.0.weight  float32[16, 1, 5, 5]   leaf · requires_grad=False · parameter ",
          "↳ requires_grad switched off on line 25 (`p.requires_grad = False`)",
          "cnn.conv1.0.bias    float32[16]            leaf · requires_grad · parameter · "
          ".grad None",
          "↳ also named `p` (line 22: `for n, p in cnn.named_parameters():`)",
          "optimizer `optimizer` (Adam): 5 tensor(s) · 5 of the 6 parameters of `cnn`; "
          "not given: `cnn.conv1.0.weight` (requires_grad=False)"), e03,
         not_tree=("does not require grad", "do(es) not require grad")),
    Case("E4", "seed_e04_backward_no_grad.py", "exception", "",
         (("backward_no_grad", 9, "y"),), NO_GRAD_ERROR,
         ("`y` was created on line 5 by `y = torch.tensor([3.0, 4.0], requires_grad=False)`, "
          "with requires_grad=False, so it does not require grad",
          "Did you mean to call backward() on `y1` (line 6), which is computed from `y`?"),
         (),
         ("x   float32[2]  leaf · requires_grad · .grad None ",
          "  └─ AddBackward0  · untracked: `2.0 * y`",
          "     └─ MulBackward0  · untracked: the constant 2.0"), e04,
         not_tree=("freed",)),
    Case("E5", "seed_e05_int_requires_grad.py", "exception", "",
         (("int_requires_grad", 5, "b"),),
         "Only Tensors of floating point and complex dtype can require gradients",
         ("`[3, 4]` holds only whole numbers, so `torch.tensor([3, 4], requires_grad=True)` "
          "asks for an int64 tensor that requires grad. torch refuses, so `b` is never created.",
          "Write the numbers as floats: `torch.tensor([3.0, 4.0], requires_grad=True)`."),
         ("torch.tensor([1, 2])",),  # that is `a`, which is fine
         ("  a  int64[2]  leaf · requires_grad=False   line 4: a = torch.tensor([1, 2])",), e05),
    Case("E6", "seed_e06_detach.py", "ok",
         "True\nNone\nTrue\ntensor([2., 2.])\nTrue\nNone\nFalse\nNone\n",
         (("nonleaf_grad", 12, "x"),), GRAD_WARNING,
         ("`x` was reassigned on line 6 by `x = x * 2`, so it is now the output of MulBackward0, "
          "not a leaf.",
          "The leaf you created on line 3 no longer has a name",
          "`y1`, which backward() ran from on line 10, gets `x` through `x1 = x.detach()` "
          "(line 8), and detach() cuts the graph there, so neither `x` nor the leaves it was "
          "computed from get one",
          "read .grad only of the leaves `y1` reaches (`y`)",
          "compute `y1` from `x` itself, not from `x1` (line 8)",
          "call `x.retain_grad()` right after line 6"),
         ("and read `x.grad`",),  # the old advice: x.grad would still be None
         ("x   float32[2]  non-leaf · MulBackward0 · requires_grad   line 6: x = x * 2",
          "z   float32[2]  leaf · requires_grad · .grad None ",
          "z1  float32[2]  leaf · requires_grad=False ",
          "↳ detach() of `z`: shares memory with `z`",
          "↳ detach() of `x`: shares memory with `x`",
          "  └─ MulBackward0  · untracked: the constant 2",
          "     └─ AccumulateGrad → unnamed leaf float32[2] (the old `x` from line 3)",
          "  └─ AddBackward0  · untracked: `3 * z1`",
          "     └─ AddBackward0  · untracked: `2.0 * x1`",
          "           └─ AccumulateGrad → y"), e06),
    Case("E7", "seed_e07_detach_shares_storage.py", "ok",
         "tensor([5., 2.], requires_grad=True)\ntensor([5., 2.])\n",
         (), None, (), (),
         ("↳ changed in place through `z1` on line 17 (`z1[0] = 5.0`), which shares its memory",
          "↳ changed in place on line 17 (`z1[0] = 5.0`)",
          "↳ detach() of `z`: shares memory with `z`"), e07),
    Case("E8", "seed_e08_gan_detach.py", "ok",
         "tensor([6., 6.], grad_fn=<AddBackward0>) True\ntensor([3., 3.])\nNone\nNone\n",
         (("nonleaf_grad", 13, "z2"),), GRAD_WARNING,
         ("`z2` is computed on line 8 by `z2 = z1 + y`, so it is the output of AddBackward0, "
          "not a leaf.",
          "Read the leaf's gradient (`y.grad`), or call `z2.retain_grad()` after line 8 "
          "(before line 10)"),
         ("cuts the graph", "`z.grad`"),  # z2 is in y1's graph; z is not reached
         ("z   float32[2]  leaf · requires_grad · .grad None ",
          "z1  float32[2]  leaf · requires_grad=False ",
          "↳ detach() of `z`: shares memory with `z`",
          "     └─ MulBackward0  · saved values freed by backward() · untracked: the constant 3",
          "        └─ AddBackward0 = z2  · untracked: `z1`",
          "           └─ AccumulateGrad → y"), e08),
    Case("E9", "seed_e09_no_grad.py", "ok", E9_OUT, (), None, (), (),
         ("↳ computed under `torch.no_grad()` (line 8) from `y1`, which requires grad: "
          "not recorded",
          "↳ computed under `torch.no_grad()` (line 8) from `x`, which requires grad: "
          "not recorded",
          "  └─ AddBackward0  · untracked: `y3`",
          "     └─ AddBackward0  · untracked: `y2`",
          "        └─ PowBackward0 = y1  · saved values freed by backward()",
          "           └─ AccumulateGrad → x"), e09,
         not_tree=("detach()",)),
    Case("E9b", "seed_e09b_no_grad_y4_inside.py", "exception", "tensor([ 4., 44.]) False\n",
         (("backward_no_grad", 12, "y4"),), NO_GRAD_ERROR,
         ("`y4` was computed on line 10 inside `with torch.no_grad():` (line 7)",
          "Compute `y4` outside the `with torch.no_grad():` block (move line 10 out of it)"),
         (),
         ("y4  float32[2]  leaf · requires_grad=False                line 10: y4 = y1 + y2 + y3",
          "  y1\n  └─ PowBackward0\n     └─ AccumulateGrad → x"), e09b,
         not_tree=("y4\n  └─",)),
    Case("E10", "seed_e10_detach_instead.py", "ok", E9_OUT, (), None, (), (),
         ("y2  float32[2]  leaf · requires_grad=False                line 10: y2 = y2.detach()",
          "↳ detach() of the earlier `y2` (line 8: `y2 = y1 * 2`, recorded since `y1` requires "
          "grad): same memory, no graph",
          "↳ detach() of the earlier `y3` (line 9: `y3 = x ** 5`, recorded since `x` requires "
          "grad): same memory, no graph",
          "  └─ AddBackward0  · untracked: `y3`"), e10,
         not_tree=("not recorded", "no_grad()")),
)
IDS = [c.id for c in CASES]


@pytest.fixture(scope="module")
def reports(shared_sandbox: Sandbox) -> dict[str, Report]:
    return {c.id: explain_run(shared_sandbox, (FIXTURES / c.file).read_text(), c.file)
            for c in CASES}


def test_every_example_has_a_fixture() -> None:
    files = sorted(p.name for p in FIXTURES.glob("seed_e*.py"))
    assert files == sorted(c.file for c in CASES)
    for c in CASES:
        head = (FIXTURES / c.file).read_text().splitlines()[0]
        assert head.startswith(f"# Seed example {c.id} ") and "un-mangled" in head


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_output_is_what_torch_printed(case: Case, reports: dict[str, Report]) -> None:
    res = reports[case.id].result
    assert res.status == case.status, res.reason
    assert res.stdout == case.stdout


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_explanations(case: Case, reports: dict[str, Report]) -> None:
    report = reports[case.id]
    got = tuple((e.key, e.line, e.variable) for e in report.explanations)
    assert got == case.explained
    if case.message is not None:
        assert report.explanations[0].message is not None
        assert report.explanations[0].message.startswith(case.message)
    words = flat("\n".join(w.text + "\n" + w.fix
                           for w in (parts(e, "en") for e in report.explanations)))
    for fragment in case.says:
        assert fragment in words, f"{fragment!r} not in:\n{words}"
    for fragment in case.not_says:
        assert fragment not in words, f"{fragment!r} in:\n{words}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_graph_facts(case: Case, reports: dict[str, Report]) -> None:
    report = reports[case.id]
    assert report.graph is not None, report.graph_problem
    case.graph(report.graph)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_tree_view(case: Case, reports: dict[str, Report]) -> None:
    report = reports[case.id]
    assert report.graph is not None, report.graph_problem
    text = render_tree(report.graph, report.program)
    for fragment in case.tree:
        assert fragment in text, f"{fragment!r} not in:\n{text}"
    for fragment in case.not_tree:
        assert fragment not in text, f"{fragment!r} in:\n{text}"


def test_e6_without_the_detach_gets_the_old_advice(shared_sandbox: Sandbox) -> None:
    """The "detach() cuts the graph" sentence comes from the graph, not from the fixture: once
    y1 uses x itself, x is reached and only the non-leaf advice is left."""
    source = (FIXTURES / "seed_e06_detach.py").read_text()
    source = source.replace("y1 = 2.0 * x1 +", "y1 = 2.0 * x +")
    report = explain_run(shared_sandbox, source, "e6_variant.py")
    (ex,) = report.explanations
    assert (ex.key, ex.line, ex.variable) == ("nonleaf_grad", 12, "x")
    assert "cuts the graph" not in parts(ex, "en").text
    assert "call `x.retain_grad()` right after line 6 (before line 10)" in flat(parts(ex, "en").fix)


def test_chinese(reports: dict[str, Report]) -> None:
    e5 = reports["E5"]
    from gradtutor.explain import explain_observations

    (ex,) = explain_observations(e5.source, e5.result, e5.graph)
    zh = parts(ex, "zh")
    assert zh.title == "对整数张量设置了 requires_grad=True" and ex.variable == "b"
    assert "`b` 根本没有被创建" in zh.text
    e6 = reports["E6"]
    (ex,) = explain_observations(e6.source, e6.result, e6.graph)
    zh = parts(ex, "zh")
    assert "`x1 = x.detach()`（第 8 行）" in zh.text and "切断了计算图" in zh.text
    tree = render_tree(e6.graph, e6.program, lang="zh")  # type: ignore[arg-type]
    assert "未被追踪：`3 * z1`" in tree and "第 3 行原来的 `x`" in tree
    e9 = render_tree(reports["E9"].graph, reports["E9"].program, lang="zh")  # type: ignore[arg-type]
    assert "在 `torch.no_grad()`（第 8 行）中由需要梯度的 `y1` 计算得到：没有被记录" in e9
    # wide characters take two columns: the "line" column still lines up
    rows = [r for r in e9.splitlines() if re.match(r"  (x|y\d) ", r)]
    cols = {sum(2 if "\u4e00" <= ch <= "\u9fff" else 1 for ch in r[:r.index("第")]) for r in rows}
    assert len(rows) == 5 and len(cols) == 1


def test_dot_of_e6(reports: dict[str, Report]) -> None:
    e6 = reports["E6"]
    dot = render_dot(e6.graph, e6.program)  # type: ignore[arg-type]
    assert dot.startswith("digraph autograd {") and dot.count("{") == dot.count("}")
    assert re.search(r'label="AddBackward0\\nuntracked: `3 \* z1`"', dot)
    assert "(the old `x` from line 3)" in dot
    assert dot.count('label="shares memory"') == 2  # z–z1 and x–x1
