"""Builders about in-place changes: of a leaf, of a tensor saved for backward (directly or
through a detach() alias), of views made under no_grad or by split(), and of inference tensors.
"""

from __future__ import annotations

import ast
import re

from gradtutor.explain.builders import builder
from gradtutor.explain.context import (
    Ctx,
    Specific,
)
from gradtutor.explain.names import Binding, InplaceOp, dotted
from gradtutor.explain.syntax import TORCH_MODULES
from gradtutor.facts import Fact


def _inplace_here(c: Ctx) -> list[InplaceOp]:
    return c.program.inplace_at(c.line)


@builder("inplace_leaf")
def _inplace_leaf(c: Ctx) -> Specific | None:
    ops = _inplace_here(c)
    if not ops:
        return None
    op = ops[0]
    name = op.target
    b = c.binding(name)
    made = ""
    if b is not None and b.creation in ("leaf_grad", "object"):
        made = Fact.of("explain.inplace_leaf.created_line_code", l=b.line, code=b.code)
    elif b is not None and b.kind == "param":
        made = Fact.of("explain.inplace_leaf.parameter_function")
    stmt = c.stmt_code()
    text = Fact.of(
        "explain.inplace_leaf.line_changes_place", l=c.line, n=name, code=op.code, made=made
    )
    rewrite = out_of_place(c, op) if op.via == "function" else None
    if rewrite:  # an in-place activation in the forward pass: compute a new tensor instead
        fix = Fact.of("explain.inplace_leaf.use_new_tensor", r=rewrite)
    elif op.via == "setitem" or c.entry.key == "inplace_leaf_view":
        fix = Fact.of("explain.inplace_leaf.sets_starting_values", n=name, s=stmt)
    else:
        fix = Fact.of("explain.inplace_leaf.parameter_update_part", s=stmt)
    return Specific(text=text, fix=fix, variable=name)


@builder("inplace_leaf_view")
def _inplace_leaf_view(c: Ctx) -> Specific | None:
    return _inplace_leaf(c)


_OUT_OF_PLACE = {
    "zero_": "torch.zeros_like({r})",
    "fill_": "torch.full_like({r}, {a})",
    "copy_": "{a}.clone()",
}


def out_of_place(c: Ctx, op: InplaceOp) -> str | None:
    """The learner's in-place statement rewritten out of place, when that is mechanical."""
    st = c.program.statement_at(op.line)
    if isinstance(st, ast.AugAssign) and op.method:
        t = c.program.segment(st.target)
        return f"{t} = {t} {op.method[:-1]} {c.program.segment(st.value)}"
    if (
        isinstance(st, ast.Expr)
        and isinstance(st.value, ast.Call)
        and op.method
        and isinstance(st.value.func, ast.Attribute)
    ):
        call = st.value
        if op.via == "function" or dotted(call.func.value) in TORCH_MODULES:
            return _function_out_of_place(c, op, call)
        recv = c.program.segment(call.func.value)
        args = ", ".join(c.program.segment(a) for a in call.args)
        if op.via == "detach":
            return f"{op.target}_copy = {recv}.clone().{op.method}({args})"
        if op.method in _OUT_OF_PLACE:
            return f"{op.target} = " + _OUT_OF_PLACE[op.method].format(r=recv, a=args)
        if op.via == "method" and recv == op.target:
            return f"{op.target} = {recv}.{op.method[:-1]}({args})"
    return None


def _function_out_of_place(c: Ctx, op: InplaceOp, call: ast.Call) -> str | None:
    """`F.relu(x, inplace=True)` / `torch.relu_(x)` -> `x = F.relu(x)` (other arguments kept),
    when the tensor changed is the call's first argument itself."""
    if op.via != "function" or not call.args or dotted(call.args[0]) != op.target or \
            not isinstance(call.func, ast.Attribute):
        return None
    fn = f"{c.program.segment(call.func.value)}.{call.func.attr.removesuffix('_')}"
    args = [c.program.segment(a) for a in call.args]
    args += [f"{k.arg}={c.program.segment(k.value)}" for k in call.keywords
             if k.arg not in ("inplace", None)]
    return f"{op.target} = {fn}({', '.join(args)})"


@builder("inplace_saved")
def _inplace_saved(c: Ctx) -> Specific | None:
    m = re.search(
        r"which is output (\d+) of (\w+), is at version (\d+); expected version (\d+)", c.message
    )
    before = c.line if c.line is not None else 10**9
    candidates: list[Binding] = []
    # torch 2.13 names the forward op ("output 0 of Exp"); 2.11 names its node ("ExpBackward0").
    op_name = re.sub(r"Backward\d*$", "", m.group(2)) if m is not None else None
    if m is not None:
        op = (op_name or "").lower()
        candidates = [b for b in c.program.bindings if b.op == op and b.line < before]
    found: tuple[Binding, InplaceOp, str | None] | None = None
    for b in reversed(candidates):
        aliases = c.program.aliases_of(b.name)
        ops = c.program.inplace_on({b.name, *aliases}, b.line, before)
        if ops:
            op0 = ops[0]
            found = (b, op0, op0.target if op0.target != b.name else None)
            break
    if found is None:
        return _last_inplace_before(c, before)
    b, op0, alias = found
    versions = ""
    if m is not None:
        versions = Fact.of("explain.inplace_saved.version_went_from", e=m.group(4), v=m.group(3))
    text = Fact.of(
        "explain.inplace_saved.output_op_computed",
        n=b.name,
        op=op_name if op_name else b.op,
        l=b.line,
        code=b.code,
        il=op0.line,
        icode=op0.code,
        ver=versions,
    )
    title = None
    if op0.via == "detach" or (alias and (c.program.aliases_of(b.name).get(alias) == "detach")):
        via = f"{b.name}.detach()" if op0.via == "detach" else alias
        text = [text, Fact.of("explain.inplace_saved.change_went_through", v=via, n=b.name)]
        title = Fact.of("explain.inplace_saved.place_write_through")
        fix = Fact.of(
            "explain.inplace_saved.modify_copy_instead",
            code=out_of_place(c, op0) or f"{b.name}.detach().clone()",
        )
    else:
        rewrite = out_of_place(c, op0)
        fix = Fact.of(
            "explain.inplace_saved.use_out_place",
            l=op0.line,
            n=b.name,
            s=Fact.of("explain.colon_code", x=rewrite) if rewrite else "",
        )
    return Specific(text=text, fix=fix, variable=b.name, title=title)


def _last_inplace_before(c: Ctx, before: int) -> Specific | None:
    """No saved value is known to have changed: name the last in-place change before the line."""
    ops = c.program.inplace_before(before)
    if not ops:
        return None
    op0 = ops[-1]
    return Specific(
        text=Fact.of(
            "explain.inplace_saved.line_changes_place", l=op0.line, t=op0.target, code=op0.code
        ),
        fix=Fact.of(
            "explain.inplace_saved.use_out_place_2",
            s=Fact.of("explain.colon_code", x=x) if (x := out_of_place(c, op0)) else "",
        ),
        variable=op0.target,
    )


def _inference_named(c: Ctx, names: list[str]) -> tuple[str, Binding] | None:
    for n in names:
        b = c.binding(n)
        f = c.facts(n, b)
        if b is not None and (
            (b.grad_ctx and b.grad_ctx.kind == "inference_mode")
            or (f is not None and f.is_inference)
        ):
            return n, b
    return None


def _names_on_line(c: Ctx) -> list[str]:
    st = c.program.statement_at(c.line)
    if st is None:
        return []
    names: list[str] = []
    for node in ast.walk(st):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in names:
            names.append(node.id)
    return names


@builder("inference_saved")
def _inference_saved(c: Ctx) -> Specific | None:
    names = _names_on_line(c)
    hit = _inference_named(c, names)
    if hit is None:  # one step further back: loss = f(out), out from inference mode
        for n in names:
            b = c.binding(n)
            if b is not None:
                hit = _inference_named(c, sorted(b.refs))
                if hit:
                    break
    if hit is None:
        return None
    name, b = hit
    ctx_line = b.grad_ctx.line if b.grad_ctx else b.line
    line = c.stmt_code()
    fixed = re.sub(rf"\b{re.escape(name)}\b(?!\s*=)", f"{name}.clone()", line, count=1)
    return Specific(
        text=Fact.of(
            "explain.inference_saved.created_line_inside",
            n=name,
            l=b.line,
            cl=ctx_line,
            here=c.line,
        ),
        fix=Fact.of("explain.inference_saved.use_normal_copy", fixed=fixed, cl=ctx_line),
        variable=name,
    )


def _inference_target(c: Ctx, names: list[str]) -> Specific | None:
    hit = _inference_named(c, names)
    if hit is None:
        return None
    name, b = hit
    return Specific(
        text=Fact.of("explain.inference_target.created_line_inside", n=name, l=b.line),
        fix=Fact.of("explain.inference_target.work_clone_clone", n=name),
        variable=name,
    )


@builder("inference_inplace")
def _inference_inplace(c: Ctx) -> Specific | None:
    return _inference_target(c, [op.target for op in _inplace_here(c)])


@builder("inference_requires_grad")
def _inference_requires_grad(c: Ctx) -> Specific | None:
    names = [s.name for s in c.program.receivers_at(c.line, "requires_grad_") if s.name]
    names += c.program.attr_assigns_at(c.line, "requires_grad")
    return _inference_target(c, names)


@builder("no_grad_view_inplace")
def _no_grad_view(c: Ctx) -> Specific | None:
    ops = _inplace_here(c)
    if not ops:
        return None
    name = ops[0].target
    b = c.binding(name)
    if b is None or b.grad_ctx is None:
        return Specific(variable=name)
    return Specific(
        text=Fact.of(
            "explain.no_grad_view.view_created_line",
            n=name,
            a=b.alias_of or "?",
            l=b.line,
            ctx=b.grad_ctx.code,
            here=c.line,
        ),
        variable=name,
    )


@builder("multi_view_inplace")
def _multi_view(c: Ctx) -> Specific | None:
    ops = _inplace_here(c)
    if not ops:
        return None
    op = ops[0]
    b = c.binding(op.target)
    if b is None:
        return Specific(variable=op.target)
    rewrite = out_of_place(c, op)
    return Specific(
        text=Fact.of("explain.multi_view.one_pieces_returned", n=op.target, l=b.line, code=b.code),
        fix=Fact.of("explain.multi_view.write_instead", r=rewrite) if rewrite else None,
        variable=op.target,
    )
