"""Builders about how tensors are created and handed over: integer tensors that require grad,
requires_grad on a non-leaf, torch.tensor() of a tensor, Variable(volatile=...), NumPy,
autograd.grad's inputs, and optimizers given non-leaves or frozen parameters.
"""

from __future__ import annotations

import ast

from gradtutor.explain.builders import builder
from gradtutor.explain.context import (
    Ctx,
    Specific,
    leaf_sources,
    op_output,
    origin,
)
from gradtutor.explain.names import call_name, collapse, dotted, flags_set_at
from gradtutor.facts import Fact


def _float_literal(node: ast.expr) -> ast.expr | None:
    """`[1, 2]` -> `[1.0, 2.0]`; None when the data is not a literal of ints."""
    changed = False

    class T(ast.NodeTransformer):
        def visit_Constant(self, n: ast.Constant) -> ast.AST:
            nonlocal changed
            if isinstance(n.value, int) and not isinstance(n.value, bool):
                changed = True
                return ast.copy_location(ast.Constant(float(n.value)), n)
            return n

    if not all(
        isinstance(
            x, ast.List | ast.Tuple | ast.Constant | ast.UnaryOp | ast.expr_context | ast.USub
        )
        for x in ast.walk(node)
    ):
        return None
    new = T().visit(ast.parse(ast.unparse(node), mode="eval").body)
    return new if changed else None


def _target_of_line(c: Ctx, line: int | None) -> str | None:
    st = c.program.statement_at(line)
    if isinstance(st, ast.Assign) and len(st.targets) == 1:
        return dotted(st.targets[0])
    return None


@builder("int_requires_grad")
def _int_requires_grad(c: Ctx) -> Specific | None:
    target = _target_of_line(c, c.line)
    for call in c.program.calls_at(c.line):
        name = call_name(call) or ""
        last = name.rsplit(".", 1)[-1]
        kw = {k.arg: k.value for k in call.keywords}
        req = kw.get("requires_grad")
        code = c.program.segment(call, 120)
        if last == "Parameter" and call.args:
            inner = c.program.segment(call.args[0])
            return Specific(
                text=Fact.of("explain.int_requires_grad.code_wraps_integer", code=code),
                fix=Fact.of("explain.int_requires_grad.convert_data_first", p=name, i=inner),
                variable=target,
            )
        if isinstance(req, ast.Constant) and req.value is True and call.args:
            data = call.args[0]
            floats = _float_literal(data) if last in ("tensor", "as_tensor") else None
            if floats is not None:
                new = code.replace(c.program.segment(data, 10**6), ast.unparse(floats), 1)
                return Specific(
                    text=Fact.of(
                        "explain.int_requires_grad.holds_only_whole",
                        d=c.program.segment(data),
                        code=code,
                        t=_never(c, target),
                    ),
                    fix=Fact.of("explain.int_requires_grad.write_numbers_floats", new=new),
                    variable=target,
                )
            new = code[:-1] + ", dtype=torch.float32)" if "dtype" not in kw else None
            return Specific(
                text=Fact.of(
                    "explain.int_requires_grad.code_asks_integer", code=code, t=_never(c, target)
                ),
                fix=Fact.of("explain.int_requires_grad.ask_floating_point", new=new)
                if new
                else None,
                variable=target,
            )
    for base in c.program.attr_assigns_at(c.line, "requires_grad"):
        return _int_tensor_named(c, base)
    receivers = c.program.receivers_at(c.line, "requires_grad_")
    if receivers and receivers[0].name:
        return _int_tensor_named(c, receivers[0].name)
    return None


def _never(c: Ctx, target: str | None) -> str:
    """', so `b` is never created' when the failing line is `b = ...` (or nothing)."""
    if not target:
        return ""
    earlier = c.program.binding_at(target, c.line)
    if earlier is not None and earlier.kind not in ("import", "def"):
        return Fact.of("explain.never.assigned_keeps_value", v=target, l=earlier.line)
    return Fact.of("explain.never.never_created", v=target)


def _int_tensor_named(c: Ctx, name: str) -> Specific:
    b = c.binding(name)
    first = origin(c, name, b) if b is not None else f"`{name}`"
    f = c.facts(name, b)
    dtype = f.dtype if f is not None else Fact.of("explain.int_tensor_named.integer_dtype")
    return Specific(
        text=Fact.of("explain.int_tensor_named.first_holds_values", first=first, d=dtype),
        fix=Fact.of("explain.int_tensor_named.make_floating_point", n=name),
        variable=name,
    )


@builder("int_requires_grad_method")
def _int_requires_grad_method(c: Ctx) -> Specific | None:
    return _int_requires_grad(c)


@builder("nonleaf_requires_grad_flag")
def _nonleaf_flag(c: Ctx) -> Specific | None:
    flags = flags_set_at(c.program, c.line)
    if not flags:
        return None
    name, value = flags[0]
    b = c.binding(name)
    if b is None:
        return Specific(variable=name)
    f = c.facts(name, b)
    leaves = leaf_sources(c, b)
    src = ", ".join(f"`{x}`" for x in leaves) or Fact.of("explain.nonleaf_flag.inputs")
    if value is True:
        # Setting it *on*: the tensor already requires grad. The learner usually wants its
        # gradient, which retain_grad() keeps; detach() would be the opposite of the intent.
        return Specific(
            text=Fact.of("explain.nonleaf_flag.already_requires_grad", first=origin(c, name, b),
                         out=op_output(c, b, f), src=src),
            fix=Fact.of("explain.nonleaf_flag.delete_or_retain_grad", n=name, l=c.line),
            variable=name,
        )
    return Specific(
        text=Fact.of(
            "explain.nonleaf_flag.first_out_leaf",
            first=origin(c, name, b),
            out=op_output(c, b, f),
            src=src,
        ),
        fix=Fact.of("explain.nonleaf_flag.write_detach_get", n=name),
        variable=name,
    )


@builder("tensor_copy_construct")
def _copy_construct(c: Ctx) -> Specific | None:
    for call in c.program.calls_at(c.line, "tensor"):
        if call.args and (s := c.program.subject(call.args[0], c.line)).name:
            target = _target_of_line(c, c.line) or "copy"
            return Specific(
                text=Fact.of(
                    "explain.copy_construct.code_copies_values",
                    code=c.program.segment(call),
                    n=s.name,
                    t=Fact.of("explain.copy_construct.will_require_grad", v=target),
                ),
                fix=Fact.of("explain.copy_construct.detach_clone_independent", v=target, n=s.name),
                variable=s.name,
            )
    return None


@builder("volatile_removed")
def _volatile(c: Ctx) -> Specific | None:
    for call in c.program.calls_at(c.line, "Variable"):
        if call.args:
            data = c.program.segment(call.args[0])
            return Specific(
                fix=Fact.of(
                    "explain.volatile.replace_plain_tensor", v=c.program.segment(call), d=data
                ),
                variable=_target_of_line(c, c.line),
            )
    return None


@builder("numpy_requires_grad")
def _numpy(c: Ctx) -> Specific | None:
    recv = c.program.receivers_at(c.line, "numpy")
    if not recv:
        return None
    s = recv[0]
    b = c.binding(s.name)
    why = ""
    if b is not None and s.name is not None:
        modules = [
            r
            for r in sorted(b.refs)
            if (rb := c.binding(r)) is not None and rb.creation == "object"
        ]
        if b.creation == "leaf_grad":
            why = Fact.of("explain.numpy.created_requires_grad", l=b.line)
        elif leaves := leaf_sources(c, b):
            why = Fact.of(
                "explain.numpy.computed_line_from", l=b.line, x=", ".join(f"`{x}`" for x in leaves)
            )
        elif modules:
            why = Fact.of(
                "explain.numpy.computed_line_parameters", l=b.line, v=b.value, m=modules[0]
            )
    line = c.stmt_code().replace(f"{s.text}.numpy()", f"{s.text}.detach().numpy()", 1)
    fix = (
        Fact.of("explain.numpy.detach_first_or_no_grad", line=line, l=b.line)
        if b is not None and b.creation == "op"
        else Fact.of("explain.numpy.detach_first", line=line)
    )
    return Specific(
        text=Fact.of("explain.numpy.requires_grad_cannot", e=s.text, w=why),
        fix=fix,
        variable=s.name,
    )


def _grad_call(c: Ctx) -> ast.Call | None:
    for call in c.program.calls_at(c.line):
        name = call_name(call) or ""
        if name.endswith("autograd.grad") or name == "grad":
            return call
    return None


def _with_kw(c: Ctx, call: ast.Call, kw: str) -> str:
    code = c.program.segment(call, 10**6)
    return collapse(code[:-1].rstrip() + f", {kw})", 120)


@builder("grad_unused_input")
def _grad_unused(c: Ctx) -> Specific | None:
    call = _grad_call(c)
    if call is None:
        return None
    idx = int(c.match.group("index")) if c.match.groupdict().get("index") else None
    inputs = (
        call.args[1]
        if len(call.args) > 1
        else next((k.value for k in call.keywords if k.arg == "inputs"), None)
    )
    outputs = call.args[0] if call.args else None
    if inputs is None:
        return None
    elems = c.program.elements(inputs, c.line)
    s = (
        elems[idx]
        if idx is not None and isinstance(inputs, ast.List | ast.Tuple) and idx < len(elems)
        else (elems[0] if len(elems) == 1 else None)
    )
    out_text = c.program.segment(outputs) if outputs is not None else "outputs"
    out_b = c.binding(dotted(outputs)) if outputs is not None else None
    where = Fact.of("explain.grad_unused.line_code", l=out_b.line, code=out_b.code) if out_b else ""
    fix = Fact.of(
        "explain.grad_unused.call_gradient_unused", call=_with_kw(c, call, "allow_unused=True")
    )
    if s is None:
        return Specific(fix=fix)
    pos = Fact.of("explain.grad_unused.index_inputs", i=idx) if idx is not None else ""
    return Specific(
        text=Fact.of(
            "explain.grad_unused.pos_used_compute", e=s.text, pos=pos, o=out_text, w=where
        ),
        fix=fix,
        variable=s.name,
    )


@builder("grad_input_no_req")
def _grad_no_req(c: Ctx) -> Specific | None:
    call = _grad_call(c)
    if call is None:
        return None
    inputs = (
        call.args[1]
        if len(call.args) > 1
        else next((k.value for k in call.keywords if k.arg == "inputs"), None)
    )
    if inputs is None:
        return None
    for s in c.program.elements(inputs, c.line):
        b = c.binding(s.name)
        f = c.facts(s.name, b)
        if (f is not None and not f.requires_grad) or (
            b is not None and b.creation in ("leaf", "detached")
        ):
            why = origin(c, s.name, b) if b is not None and s.name else f"`{s.text}`"
            return Specific(
                text=Fact.of("explain.grad_no_req.why_does_require", why=why),
                fix=Fact.of("explain.grad_no_req.create_requires_grad", e=s.text),
                variable=s.name,
            )
    return None


def _optimizer_call(c: Ctx) -> ast.Call | None:
    for call in c.program.calls_at(c.line):
        name = call_name(call) or ""
        last = name.rsplit(".", 1)[-1]
        if ("optim." in name or last in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad")) and last[
            :1
        ].isupper():
            return call
    return None


@builder("optimizer_nonleaf")
def _optimizer_nonleaf(c: Ctx) -> Specific | None:
    call = _optimizer_call(c)
    if call is None or not call.args:
        return None
    for s in c.program.elements(call.args[0], c.line):
        if s.name is None and isinstance(s.node, ast.BinOp | ast.Call | ast.UnaryOp):
            leaves = sorted(
                {
                    n.id
                    for n in ast.walk(s.node)
                    if isinstance(n, ast.Name)
                    and (b := c.binding(n.id)) is not None
                    and b.creation == "leaf_grad"
                }
            )
            lt = ", ".join(f"`{x}`" for x in leaves) or Fact.of("explain.the_leaf")
            return Specific(
                text=Fact.of("explain.optimizer_nonleaf.computes_new_tensor", e=s.text),
                fix=Fact.of("explain.optimizer_nonleaf.give_optimizer_lt_2", lt=lt, e=s.text),
                variable=None,
            )
        if s.name is not None:
            b = c.binding(s.name)
            if b is not None and b.creation in ("op", "view"):
                leaves = leaf_sources(c, b)
                lt = ", ".join(f"`{x}`" for x in leaves) or Fact.of("explain.the_leaf")
                return Specific(
                    text=Fact.of("explain.optimizer_nonleaf.not_leaf", o=origin(c, s.name, b)),
                    fix=Fact.of("explain.optimizer_nonleaf.give_optimizer_lt", lt=lt),
                    variable=s.name,
                )
    return None


@builder("optimizer_empty")
def _optimizer_empty(c: Ctx) -> Specific | None:
    call = _optimizer_call(c)
    if call is None or not call.args:
        return None
    arg = call.args[0]
    owners = []
    for node in ast.walk(arg):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("parameters", "named_parameters")
        ):
            owner = dotted(node.func.value)
            if owner:
                owners.append(owner)
    for owner in owners:
        sites = c.program.freeze_sites(owner, c.line)
        if sites:
            return Specific(
                text=Fact.of(
                    "explain.optimizer_empty.empty_line_code",
                    a=c.program.segment(arg),
                    l=sites[-1][0],
                    code=sites[-1][1],
                    o=owner,
                ),
                variable=owner,
            )
    return None
