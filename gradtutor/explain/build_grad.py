"""Builders about reading .grad: a non-leaf's .grad, a None .grad, assigning .grad, and
copies of tensors that carry a graph.
"""

from __future__ import annotations

import ast
import re

from gradtutor.explain.build_device import copy_call_text, copy_of_leaf
from gradtutor.explain.builders import builder
from gradtutor.explain.context import (
    Ctx,
    Specific,
    backward_lines,
    backward_target,
    is_probably_nonleaf,
    join_names,
    leaf_sources,
    op_output,
    origin,
)
from gradtutor.explain.names import (
    Binding,
    dotted,
)
from gradtutor.facts import Fact


@builder("nonleaf_grad")
def _nonleaf_grad(c: Ctx) -> Specific | None:
    reads = c.subjects_from_expr() or c.program.grad_reads_at(c.line)
    if not reads:
        return None
    ranked = sorted(reads, key=lambda s: {True: 0, None: 1, False: 2}[is_probably_nonleaf(c, s)])
    s = ranked[0]
    if s.name is None:
        return Specific(
            text=Fact.of("explain.nonleaf_grad.grad_asks_gradient", e=s.text),
            fix=Fact.of("explain.nonleaf_grad.read_grad_leaves", e=s.text),
        )
    b = c.binding(s.name)
    f = c.facts(s.name, b)
    name = s.name
    if b is None:
        text = Fact.of("explain.nonleaf_grad.leaf_tensor_grad", n=name)
        return Specific(
            text=text, variable=name, fix=Fact.of("explain.nonleaf_grad.read_grad_leaf_2", n=name)
        )
    copied = copy_call_text(c.program, b)
    if copied is not None:  # `a = torch.randn(3, requires_grad=True).cuda()`: the classic trap
        return Specific(
            text=Fact.of("explain.nonleaf_grad.copy_of_leaf", n=name, l=b.line, call=copied[0],
                         leaf=copied[1]),
            fix=Fact.of("explain.nonleaf_grad.keep_leaf_after_copy", n=name,
                        new=copy_of_leaf(c.program, b)),
            variable=name)
    first = origin(c, name, b)
    out = op_output(c, b, f)
    text = [
        Fact.of("explain.nonleaf_grad.first_now_out", first=first, out=out)
        if b.self_ref
        else Fact.of("explain.nonleaf_grad.first_out_leaf", first=first, out=out)
    ]
    later = backward_lines(c.program, b.line, c.line)
    where = Fact.of("explain.nonleaf_grad.before_line", l=later[0]) if later else ""
    cut = _not_reached(c, name, b, later)
    if cut is not None:
        return _cut_off(c, name, b, text, cut)
    if b.self_ref:
        earlier = c.program.binding_at(name, b.line)
        if earlier is not None and earlier.creation in ("leaf", "leaf_grad"):
            text.append(Fact.of("explain.leaf_lost_name", l=earlier.line, n=name))
        fix = Fact.of(
            "explain.nonleaf_grad.give_result_own", n=name, v=b.value or "...", l=b.line, w=where
        )
    else:
        leaves = leaf_sources(c, b)
        leaf_text = ", ".join(f"`{x}.grad`" for x in leaves)
        if leaves:
            fix = Fact.of(
                "explain.nonleaf_grad.read_leaf_gradient", lt=leaf_text, n=name, l=b.line, w=where
            )
        else:
            fix = Fact.of("explain.nonleaf_grad.read_grad_leaf", n=name, l=b.line, w=where)
    return Specific(text=text, fix=fix, variable=name)


def _named_sources(
    c: Ctx, name: str, line: int, depth: int = 0, seen: set[tuple[str, int]] | None = None
) -> set[tuple[str, int]]:
    """(name, binding line) of every binding `name` (as bound before `line`) is computed from."""
    seen = set() if seen is None else seen
    b = c.program.binding_at(name, line)
    if b is None or (name, b.line) in seen or depth > 30:
        return seen
    seen.add((name, b.line))
    for ref in sorted(b.refs):
        _named_sources(c, ref, b.line, depth + 1, seen)
    return seen


Cut = tuple[str, str, int, str, str | None]  # (code, how, line, root, alias name)


def _not_reached(
    c: Ctx, name: str, b: Binding, later: list[int]
) -> tuple[str, int, list[Cut]] | None:
    """When no backward() run before the message's line passes through `name`'s grad_fn: the
    tensor backward() ran from, its line, and where its computation took `name` through
    detach() or .data (named aliases `x1 = x.detach()` and inline `x.detach()`)."""
    g = c.graph
    if g is None or not later or c.program.is_rebound_later(b):
        return None
    t = g.tensor(name)
    if t is None or t.grad_fn is None:
        return None
    found: tuple[str, int, list[Cut]] | None = None
    for line in later:
        for s in c.program.backward_targets_at(line):
            rb = c.program.binding_at(s.name, line) if s.name else None
            rt = g.tensor(s.name) if s.name else None
            if rb is None or rt is None or c.program.is_rebound_later(rb) or rt.grad_fn is None:
                return None  # a backward we cannot follow: claim nothing
            if t.grad_fn == rt.grad_fn or t.grad_fn in g.below(rt.grad_fn):
                return None
            if found is None:
                found = (s.name or "", line, _cuts(c, name, b, s.name or "", line))
    return found


def _cuts(c: Ctx, name: str, b: Binding, root: str, line: int) -> list[Cut]:
    cuts: list[Cut] = []
    for n, bl in sorted(_named_sources(c, root, line + 1), key=lambda x: x[1]):
        sb = c.program.binding_at(n, bl + 1)
        if sb is None or sb.line != bl or c.program.binding_at(name, bl) != b:
            continue
        if sb.alias_how in ("detach", "data") and sb.alias_of == name:
            cuts.append((sb.code, sb.alias_how, sb.line, root, sb.name))
            continue
        for node in ast.walk(sb.value_node) if sb.value_node is not None else ():
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "detach"
                and dotted(node.func.value) == name
            ):
                cuts.append((c.program.segment(node), "detach", sb.line, root, None))
            elif (
                isinstance(node, ast.Attribute)
                and node.attr == "data"
                and dotted(node.value) == name
            ):
                cuts.append((c.program.segment(node), "data", sb.line, root, None))
    return cuts


def _cut_off(
    c: Ctx, name: str, b: Binding, text: list[Fact], cut: tuple[str, int, list[Cut]]
) -> Specific:
    """`x.grad` of a non-leaf that the backward() before it never reached (E6: via detach())."""
    root, line, cuts = cut
    g = c.graph
    assert g is not None
    rt = g.tensor(root)
    reached: list[str] = []
    if rt is not None and rt.grad_fn is not None:
        for n in sorted(g.below(rt.grad_fn) | {rt.grad_fn}):
            var = g.nodes[n].variable
            if var is not None and g.tensors[var].name and g.tensors[var].requires_grad:
                reached.append(g.tensors[var].name)
    if cuts:
        code, how, al, _root, alias = cuts[0]
        why = Fact.of(
            "explain.cut_off.which_backward_ran",
            r=root,
            bl=line,
            n=name,
            code=code,
            al=al,
            how="detach()" if how == "detach" else ".data",
        )
        copy = f"`{alias}`" if alias else f"`{code}`"
        use = Fact.of("explain.cut_off.compute_from_itself", r=root, n=name, a=copy, al=al)
    else:
        why = Fact.of("explain.cut_off.graph_which_backward", r=root, bl=line, n=name)
        use = Fact.of("explain.cut_off.compute_from", r=root, n=name)
    if b.self_ref:
        earlier = c.program.binding_at(name, b.line)
        if earlier is not None and earlier.creation in ("leaf", "leaf_grad"):
            text.append(Fact.of("explain.leaf_lost_name", l=earlier.line, n=name))
    t = g.tensor(name)
    reach: set[int] = set()
    if rt is not None and rt.grad_fn is not None:
        reach = g.below(rt.grad_fn) | {rt.grad_fn}
    leaves_too = (
        t is not None
        and t.grad_fn is not None
        and not any(g.nodes[n].variable is not None and n in reach for n in g.below(t.grad_fn))
    )
    if leaves_too:
        text.append(Fact.of("explain.cut_off.no_gradient_nor_leaves", why=why, n=name))
    else:
        text.append(Fact.of("explain.cut_off.no_gradient", why=why))
    lt = join_names(c, reached) if reached else ""
    fix = [Fact.of("explain.cut_off.cutting_gradient_flow", r=root, lt=lt)] if reached else []
    if b.self_ref:
        fix.append(
            Fact.of(
                "explain.cut_off.get_gradient_both", n=name, use=use, l=b.line, v=b.value or "..."
            )
        )
    else:
        fix.append(Fact.of("explain.cut_off.get_gradient_use", n=name, use=use, l=b.line))
    return Specific(text=text, fix=fix, variable=name)


@builder("grad_is_none")
def _grad_is_none(c: Ctx) -> Specific | None:
    m = re.match(r"'NoneType' object has no attribute '(\w+)'", c.message)
    attr = m.group(1) if m else None
    st = c.program.statement_at(c.line)
    if st is None or attr is None:
        return None
    for node in ast.walk(st):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == attr
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "grad"
        ):
            s = c.program.subject(node.value.value, c.line)
            name = s.name
            b = c.binding(name)
            f = c.facts(name, b)
            before = backward_lines(c.program, 0, c.line)
            if b is not None and (
                b.creation in ("leaf", "detached") or (f is not None and not f.requires_grad)
            ):
                why = Fact.of("explain.grad_is_none.does_require_grad", e=s.text)
            elif b is not None and (b.creation in ("op", "view") or (f and not f.is_leaf)):
                why = Fact.of("explain.grad_is_none.leaf_backward_does", e=s.text)
            elif not before:
                why = Fact.of("explain.grad_is_none.no_backward_ran", l=c.line, e=s.text)
            else:
                why = Fact.of("explain.grad_is_none.grad_none_line", l=c.line, e=s.text)
            fix = None
            if attr == "zero_":
                fix = Fact.of("explain.grad_is_none.reset_gradients_write", e=s.text)
            return Specific(text=why, fix=fix, variable=name)
    return None


@builder("grad_assign_shape")
def _grad_assign(c: Ctx) -> Specific | None:
    for base in c.program.attr_assigns_at(c.line, "grad"):
        return Specific(
            fix=Fact.of("explain.grad_assign.assign_gradient_same", n=base), variable=base
        )
    return None


@builder("create_graph_cycle")
def _create_graph(c: Ctx) -> Specific | None:
    s = backward_target(c)
    if s is None:
        return None
    b = c.binding(s.name)
    leaves = leaf_sources(c, b) if b is not None else []
    if s.name is None and s.node is not None:
        leaves = sorted(
            {
                n.id
                for n in ast.walk(s.node)
                if isinstance(n, ast.Name)
                and (lb := c.binding(n.id)) is not None
                and lb.creation == "leaf_grad"
            }
        )
    if not leaves:
        return Specific(variable=s.name)
    x = leaves[0]
    return Specific(
        fix=Fact.of("explain.create_graph.torch_autograd_grad", e=s.text, x=x), variable=x
    )


@builder("deepcopy_nonleaf")
def _deepcopy(c: Ctx) -> Specific | None:
    for call in c.program.calls_at(c.line, "deepcopy"):
        if call.args:
            s = c.program.subject(call.args[0], c.line)
            return Specific(
                fix=Fact.of(
                    "explain.deepcopy.copy_values_instead", e=s.text if s.name else f"({s.text})"
                ),
                variable=s.name,
            )
    return None
