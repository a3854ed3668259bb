"""Builders about backward(): a tensor with no graph (and why its inputs have none), a graph
already freed, a non-scalar output, gradients of the wrong shape, hooks and retain_grad on
tensors that do not require grad, anomaly traces, grad-mode blocks written without ().
"""

from __future__ import annotations

import ast
import re

from gradtutor.explain.builders import builder
from gradtutor.explain.context import (
    Ctx,
    Specific,
    backward_lines,
    backward_target,
    join_names,
    may_require_grad,
    origin,
    receiver_text,
)
from gradtutor.explain.names import (
    Binding,
    Program,
    call_name,
    grad_kind,
)
from gradtutor.facts import Fact


def no_grad_reasons(
    c: Ctx,
    names: list[str],
    line: int | None,
    depth: int = 0,
    seen: set[tuple[str, int | None]] | None = None,
) -> list[str]:
    """Why the tensors `names` (as bound at `line`) do not require grad, as sentences."""
    seen = set() if seen is None else seen
    reasons: list[str] = []
    for name in names:
        if (name, line) in seen or len(reasons) >= 3:
            continue
        seen.add((name, line))
        b = c.program.binding_at(name, line)
        if b is None or b.kind in ("import", "def"):
            continue
        f = c.facts(name, b)
        if b.grad_ctx is not None:
            kind = b.grad_ctx.code
            reasons.append(
                Fact.of(
                    "explain.no_grad_reasons.computed_line_inside",
                    n=name,
                    l=b.line,
                    ctx=kind,
                    cl=b.grad_ctx.line,
                )
            )
        elif b.creation == "detached":
            reasons.append(
                Fact.of("explain.no_grad_reasons.line_tensor_cut", n=name, v=b.value, l=b.line)
            )
        elif b.creation == "object":
            sites = c.program.freeze_sites(name, c.line)
            if sites:
                reasons.append(
                    Fact.of(
                        "explain.no_grad_reasons.every_parameter_frozen",
                        n=name,
                        l=sites[-1][0],
                        code=sites[-1][1],
                    )
                )
        elif b.creation == "leaf" or (
            f is not None and f.is_leaf and not f.requires_grad and b.creation not in ("op", "view")
        ):
            reasons.append(
                Fact.of("explain.no_grad_reasons.created_line_without", n=name, l=b.line)
            )
        elif b.creation in ("op", "view", "unknown") and depth < 4:
            reasons += no_grad_reasons(c, sorted(b.refs), b.line, depth + 1, seen)
    return reasons[:3]


@builder("backward_no_grad")
def _backward_no_grad(c: Ctx) -> Specific | None:
    s = backward_target(c)
    if s is None:
        return None
    if s.name is None:
        names = (
            sorted({n.id for n in ast.walk(s.node) if isinstance(n, ast.Name)})
            if s.node is not None
            else []
        )
        reasons = no_grad_reasons(c, names, c.line)
        if not reasons:
            return None
        return Specific(
            text=Fact.of("explain.backward_no_grad.has_no_graph", e=s.text, r=reasons),
            variable=None,
        )
    b = c.binding(s.name)
    if b is None:
        return None
    name = s.name
    if b.grad_ctx is not None:
        ctx_code = b.grad_ctx.code
        return Specific(
            text=Fact.of(
                "explain.backward_no_grad.computed_line_inside",
                n=name,
                l=b.line,
                ctx=ctx_code,
                cl=b.grad_ctx.line,
            ),
            fix=Fact.of(
                "explain.backward_no_grad.compute_outside_ctx", n=name, ctx=ctx_code, l=b.line
            ),
            variable=name,
        )
    if b.creation in ("leaf", "detached") or (b.creation == "unknown" and b.requires_grad is False):
        return _leaf_without_grad(c, name, b)
    reasons = no_grad_reasons(
        c, sorted(b.refs - {name}) if not b.self_ref else sorted(b.refs), b.line
    )
    if not reasons:
        return Specific(
            text=Fact.of("explain.backward_no_grad.first_but_none", first=origin(c, name, b)),
            variable=name,
        )
    return Specific(
        text=Fact.of(
            "explain.backward_no_grad.first_only_from", first=origin(c, name, b), r=reasons
        ),
        variable=name,
    )


def _leaf_without_grad(c: Ctx, name: str, b: Binding) -> Specific:
    """backward() from a leaf (or a detached tensor) that does not require grad."""
    first = origin(c, name, b)
    if b.creation != "leaf":
        what = Fact.of("explain.backward_no_grad.detached_tensor")
    elif b.requires_grad is False:
        what = Fact.of("explain.backward_no_grad.requires_grad_false")
    else:
        what = Fact.of("explain.backward_no_grad.without_requires_grad")
    text = Fact.of("explain.backward_no_grad.first_does_require", first=first, w=what)
    later = [
        x
        for x in c.program.bindings
        if name in x.refs
        and x.creation == "op"
        and b.line < x.line < (c.line or 10**9)
        and x.name != name
    ]
    if later:
        alt = later[-1].name
        fix = Fact.of("explain.backward_no_grad.did_mean_call", a=alt, l=later[-1].line, n=name)
    else:
        fix = Fact.of("explain.backward_no_grad.create_leaf_computed", n=name)
    return Specific(text=text, fix=fix, variable=name)


def _ancestors(
    c: Ctx, name: str, line: int | None, depth: int = 0, seen: set[str] | None = None
) -> dict[str, Binding]:
    """Computed (non-leaf) names `name` depends on, with their bindings, including itself."""
    seen = set() if seen is None else seen
    out: dict[str, Binding] = {}
    b = c.program.binding_at(name, line)
    if b is None or name in seen or depth > 8:
        return out
    seen.add(name)
    if b.creation in ("op", "view") and b.grad_ctx is None:
        out[name] = b
        for r in sorted(b.refs):
            if r != name:
                out.update(_ancestors(c, r, b.line, depth + 1, seen))
            else:
                out.update(_ancestors(c, r, b.line, depth + 1, seen - {name}))
    return out


@builder("backward_twice")
def _backward_twice(c: Ctx) -> Specific | None:
    s = backward_target(c)
    if s is None or s.name is None:
        return None
    name = s.name
    assert name is not None
    b = c.binding(name)
    loop = None
    if c.line is not None:
        loop = _enclosing_loop(c.program, c.line)
    if loop is not None:
        built = _built_before_loop(c, name, loop)
        if built is not None:
            return built
    earlier = []
    for line in backward_lines(c.program, 0, c.line):
        for t in c.program.backward_targets_at(line):
            if t.name is not None:
                earlier.append((line, t))
    if b is not None:
        earlier = [(ln, t) for ln, t in earlier if ln > b.line]  # since `name` was bound
    same = [(ln, t) for ln, t in earlier if t.name == name]
    if same:
        ln = same[-1][0]
        code = c.program.line_text(ln)
        return Specific(
            text=Fact.of(
                "explain.backward_twice.code_already_ran", code=code, ln=ln, n=name, l=c.line
            ),
            fix=Fact.of("explain.backward_twice.really_want_two", ln=ln, n=name, l=c.line),
            variable=name,
        )
    mine = _ancestors(c, name, c.line)
    for ln, t in reversed(earlier):
        if t.name is None:
            continue
        shared = [n for n in _ancestors(c, t.name, ln) if n in mine and n != name]
        if shared:
            sb = mine[shared[0]]
            return Specific(
                text=Fact.of(
                    "explain.backward_twice.backward_line_ln",
                    t=t.name,
                    ln=ln,
                    s=shared[0],
                    sl=sb.line,
                    n=name,
                ),
                fix=Fact.of("explain.backward_twice.pass_retain_graph", ln=ln, t=t.name, n=name),
                variable=shared[0],
            )
    return Specific(variable=name)


def _built_before_loop(c: Ctx, name: str, loop: tuple[int, int]) -> Specific | None:
    """backward() in a loop through a graph built once before the loop."""
    anc = _ancestors(c, name, c.line)
    outside = sorted(
        ((n, x) for n, x in anc.items() if x.line < loop[0] and may_require_grad(c, n, x)),
        key=lambda item: item[1].line,
    )
    if outside:
        names = [n for n, _x in outside]
        listed = join_names(c, names)
        lines = sorted({x.line for _n, x in outside})
        where = (
            Fact.of("explain.backward_twice.line", l=lines[0])
            if len(lines) == 1
            else Fact.of("explain.backward_twice.lines_ls", ls=", ".join(map(str, lines)))
        )
        key = (
            "explain.backward_twice.outside_loop_one"
            if len(names) == 1
            else "explain.backward_twice.outside_loop_many"
        )
        text = Fact.of(key, l=c.line, ls=loop[0], names=listed, where=where)
        moves = [Fact.of("explain.code_on_line", code=x.code, l=x.line) for _n, x in outside]
        return Specific(
            text=text,
            fix=Fact.of(
                "explain.backward_twice.move_into_loop",
                m=Fact.of("explain.series.comma", items=moves),
            ),
            variable=name if name in names else names[0],
        )
    return None


def _enclosing_loop(program: Program, line: int) -> tuple[int, int] | None:
    best = None
    if program.tree is None:
        return None
    for node in ast.walk(program.tree):
        if isinstance(node, ast.For | ast.While | ast.AsyncFor):
            end = node.end_lineno or node.lineno
            if node.lineno < line <= end and (best is None or node.lineno > best[0]):
                best = (node.lineno, end)
    return best


@builder("nonscalar_backward")
def _nonscalar(c: Ctx) -> Specific | None:
    s = backward_target(c)
    if s is None:
        return None
    e = receiver_text(s)
    f = c.facts(s.name, c.binding(s.name))
    shape = ""
    if f is not None and f.shape:
        n = 1
        for d in f.shape:
            n *= d
        shape = Fact.of("explain.nonscalar.has_shape_sh", sh=str(list(f.shape)), n=n)
    is_grad_call = any(
        (call_name(x) or "").endswith("autograd.grad") for x in c.program.calls_at(c.line)
    )
    if is_grad_call:
        fix = Fact.of("explain.nonscalar.pass_weights_explicitly", t=s.text, e=e)
    else:
        fix = Fact.of("explain.nonscalar.write_sum_backward", e=e, t=s.text)
    return Specific(
        text=Fact.of(
            "explain.nonscalar.sh_single_number",
            t=s.text,
            e=e if e.startswith("(") else f"({e})",
            sh=shape,
        ),
        fix=fix,
        variable=s.name,
    )


@builder("grad_shape_mismatch")
def _grad_shape(c: Ctx) -> Specific | None:
    s = backward_target(c)
    if s is None:
        return None
    m = re.search(
        r"grad_output\[\d+\] has a shape of torch\.Size\((\[[^\]]*\])\) and "
        r"output\[\d+\] has a shape of torch\.Size\((\[[^\]]*\])\)",
        c.message,
    )
    if m is None:
        return Specific(variable=s.name)
    calls = [x for x in c.program.calls_at(c.line, "backward") if x.args]
    grad = c.program.segment(calls[0].args[0]) if calls else Fact.of("explain.grad_shape.gradient")
    return Specific(
        text=Fact.of(
            "explain.grad_shape.has_shape_but", g=grad, a=m.group(1), e=s.text, b=m.group(2)
        ),
        fix=Fact.of("explain.grad_shape.build_gradient_from", e=s.text),
        variable=s.name,
    )


@builder("retain_grad_no_req")
def _retain_grad(c: Ctx) -> Specific | None:
    return _no_req_receiver(c, "retain_grad")


@builder("hook_no_req")
def _hook(c: Ctx) -> Specific | None:
    return _no_req_receiver(c, "register_hook")


def _no_req_receiver(c: Ctx, method: str) -> Specific | None:
    recv = c.program.receivers_at(c.line, method)
    if not recv or recv[0].name is None:
        return None
    name = recv[0].name
    b = c.binding(name)
    if b is None:
        return Specific(variable=name)
    reasons = no_grad_reasons(c, [name], c.line)
    return Specific(text=reasons[0] if reasons else origin(c, name, b), variable=name)


@builder("anomaly_trace")
def _anomaly(c: Ctx) -> Specific | None:
    # The forward traceback names files and lines; our file's last frame is the culprit.
    frames = re.findall(r'File "([^"]+)", line (\d+)', c.message)
    if not frames:
        return None
    lines = [int(n) for _f, n in frames]
    last = lines[-1]
    return Specific(
        text=Fact.of(
            "explain.anomaly.failing_operation_computed", l=last, code=c.program.line_text(last)
        )
    )


@builder("no_grad_without_parens")
def _no_parens(c: Ctx) -> Specific | None:
    st = c.program.statement_at(c.line)
    if not isinstance(st, ast.With | ast.AsyncWith):
        return None
    for item in st.items:
        if grad_kind(item.context_expr) == "no_grad_noparens":
            code = c.program.segment(item.context_expr)
            return Specific(
                text=Fact.of("explain.no_parens.line_says", l=c.line, e=code),
                fix=Fact.of("explain.no_parens.write", e=code),
            )
    return None
