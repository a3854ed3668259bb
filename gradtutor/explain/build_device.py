"""Builders about devices and copies: a program that asks for the GPU (learner programs run on
the CPU here), and the classic trap of converting a leaf that requires grad
(`torch.randn(3, requires_grad=True).cuda()` or `.double()`), which returns a non-leaf copy
whose .grad stays None.
"""

from __future__ import annotations

import ast

from gradtutor.explain.builders import builder
from gradtutor.explain.context import Ctx, Specific
from gradtutor.explain.names import Binding, Program, call_name, dotted
from gradtutor.explain.syntax import FACTORIES, classify, kw_const
from gradtutor.facts import Fact

# Methods that return a converted copy (device or dtype): of a tensor that requires grad, a
# non-leaf whose grad_fn is ToCopyBackward0 (unless nothing changes, e.g. .to("cpu") here).
COPY_METHODS = frozenset({"cuda", "to", "double", "float", "half", "bfloat16", "cpu", "type"})


def _asks_for_gpu(node: ast.Call) -> bool:
    """`.cuda()`, `.to("cuda")`, `.to("cuda:0")`, `device="cuda"`, `torch.device("cuda")`."""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "cuda":
        return True
    texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
    texts += [k.value.value for k in node.keywords
              if k.arg == "device" and isinstance(k.value, ast.Constant)]
    return any(isinstance(t, str) and t.startswith("cuda") for t in texts)


def gpu_call_at(program: Program, line: int | None) -> ast.Call | None:
    """The first call on `line` that asks for the GPU."""
    for call in program.calls_at(line):
        if _asks_for_gpu(call):
            return call
    return None


@builder("cuda_unavailable")
def _cuda(c: Ctx) -> Specific | None:
    call = gpu_call_at(c.program, c.line)
    if call is None:
        return Specific()  # the generic words still hold: this run cannot use the GPU
    func = call.func
    moved = dotted(func.value) if isinstance(func, ast.Attribute) else None
    text = Fact.of("explain.device.line_asks_gpu", l=c.line, code=c.program.segment(call))
    trap = copy_of_leaf(c.program, _bound_here(c))
    fix = [Fact.of("explain.device.trap_create_on_device", new=trap)] if trap else []
    return Specific(text=text, fix=[c.entry.fix, *fix],
                    variable=moved if moved and moved not in ("torch", "th") else _target(c))


def _target(c: Ctx) -> str | None:
    st = c.program.statement_at(c.line)
    if isinstance(st, ast.Assign) and len(st.targets) == 1:
        return dotted(st.targets[0])
    return None


def _bound_here(c: Ctx) -> Binding | None:
    """The binding the failing statement itself makes (`w = ...` on this line)."""
    st, name = c.program.statement_at(c.line), _target(c)
    if st is None or name is None:
        return None
    b = c.program.binding_at(name, (st.end_lineno or st.lineno) + 1)
    return b if b is not None and b.line == st.lineno else None


def copy_of_leaf(program: Program, b: Binding | None) -> str | None:
    """For `a = torch.randn(3, requires_grad=True).cuda()` (a converted copy of a new leaf that
    requires grad), the rewrite that keeps `a` a leaf: `a = torch.randn(3).cuda()
    .requires_grad_()`. None when `b` is not such a binding."""
    parts = _copy_parts(b)
    if b is None or parts is None:
        return None
    inner, call = parts
    args = [program.segment(a) for a in inner.args]
    args += [f"{k.arg}={program.segment(k.value)}" for k in inner.keywords
             if k.arg not in ("requires_grad", None)]
    assert isinstance(call.func, ast.Attribute)
    margs = [program.segment(a) for a in call.args]
    margs += [f"{k.arg}={program.segment(k.value)}" for k in call.keywords if k.arg]
    return (f"{b.name} = {program.segment(inner.func)}({', '.join(args)})"
            f".{call.func.attr}({', '.join(margs)}).requires_grad_()")


def _copy_parts(b: Binding | None) -> tuple[ast.Call, ast.Call] | None:
    """(the factory call, the conversion call) of `factory(..., requires_grad=True).to(...)`."""
    if b is None or not isinstance(b.value_node, ast.Call):
        return None
    call = b.value_node
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in COPY_METHODS:
        return None
    inner = call.func.value
    if not isinstance(inner, ast.Call) or kw_const(inner, "requires_grad") is not True:
        return None
    name = call_name(inner) or ""
    if name.rsplit(".", 1)[-1] not in FACTORIES or classify(inner)[0] != "leaf_grad":
        return None
    return inner, call


def copy_call_text(program: Program, b: Binding) -> tuple[str, str] | None:
    """(`.cuda()`, `torch.randn(3, requires_grad=True)`) for a converted copy of a leaf."""
    parts = _copy_parts(b)
    if parts is None:
        return None
    inner, call = parts
    whole, leaf = program.segment(call, 10**4), program.segment(inner, 10**4)
    method = whole[len(leaf):] if whole.startswith(leaf) else f".{call.func.attr}()"
    return method, program.segment(inner)
