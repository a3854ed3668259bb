"""What the graph view says about each tensor and node, as keyed facts (no rendering here).

From the decoded graph (graph.py) and the program index (names.py): a tensor's flags and notes
(other names, aliases sharing its memory, no_grad origin, freezing, in-place changes), which
module's parameters an optimizer holds, which operand of the learner's expression each
untracked input of a grad_fn node is, and the old name of a leaf a reassignment left unnamed.
gradtutor.views.explanation draws the tree and the DOT text from these.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from gradtutor.explain.graph import Graph, OptimizerInfo, TensorInfo
from gradtutor.explain.names import FACTORIES, Binding, Program, dotted
from gradtutor.facts import Fact

MAX_DEPTH = 40


def final_binding(program: Program | None, name: str | None) -> Binding | None:
    if program is None or name is None:
        return None
    return program.binding_at(name, None)


def tensor_notes(graph: Graph, t: TensorInfo, program: Program | None) -> list[Fact]:
    """Facts about `t` a learner should notice: other names, aliases, no_grad origin, inference,
    where requires_grad was switched off, in-place changes of its memory."""
    notes: list[Fact] = []
    b = final_binding(program, t.name)
    others = [n for n in t.names if n != t.name]
    if others:
        named: list[Fact | str] = []
        for n in others[:3]:
            ob = final_binding(program, n)
            named.append(
                Fact.of("explain.graph.name_at", n=n, line=ob.line, code=program.line_text(ob.line))
                if ob is not None and program is not None
                else f"`{n}`"
            )
        notes.append(
            Fact.of("explain.graph.also", names=Fact.of("explain.series.comma", items=named))
        )
    sharing = [o for o in graph.sharing(t) if o.name is not None]
    if b is not None and b.alias_of and any(b.alias_of in o.names for o in sharing):
        key = {"detach": "detach_of", "data": "data_of"}.get(b.alias_how or "", "view_of")
        notes.append(Fact.of(f"explain.graph.{key}", x=f"`{b.alias_of}`"))
    else:
        if (
            b is not None
            and program is not None
            and b.alias_of == t.name
            and b.alias_how in ("detach", "data")
        ):
            notes.append(_self_alias(graph, t, b, program))
        if sharing:
            notes.append(
                Fact.of("explain.graph.shares", x=", ".join(f"`{o.name}`" for o in sharing[:3]))
            )
    if t.is_inference:
        notes.append(Fact.of("explain.graph.inference"))
    if b is not None and b.grad_ctx is not None and not t.requires_grad:
        notes.append(_no_grad_note(graph, b))
    if (
        program is not None
        and t.name is not None
        and t.is_leaf
        and not t.requires_grad
        and (t.is_param or (b is not None and b.creation in ("leaf_grad", "object")))
    ):
        sites = program.freeze_sites(t.name, None)
        if sites:
            notes.append(Fact.of("explain.graph.frozen", line=sites[-1][0], code=sites[-1][1]))
    notes += _inplace_notes(graph, t, program)
    return notes


def _no_grad_note(graph: Graph, b: Binding) -> Fact:
    """`t` was computed under no_grad (from tensors that require grad, when it was)."""
    assert b.grad_ctx is not None
    ctx = b.grad_ctx.code.removesuffix(":").removeprefix("with ")
    refs = [r for r in sorted(b.refs) if (rt := graph.tensor(r)) and rt.requires_grad]
    if not refs:
        return Fact.of("explain.graph.no_grad_in", ctx=ctx, line=b.grad_ctx.line)
    key = "explain.graph.no_grad_from_one" if len(refs) == 1 else "explain.graph.no_grad_from_many"
    return Fact.of(key, ctx=ctx, line=b.grad_ctx.line, refs=", ".join(f"`{r}`" for r in refs))


def _self_alias(graph: Graph, t: TensorInfo, b: Binding, program: Program) -> Fact:
    """`y2 = y2.detach()`: the name now means a detached alias of the tensor it named before."""
    assert t.name is not None
    how = "detach()" if b.alias_how == "detach" else ".data"
    earlier = program.binding_at(t.name, b.line)
    if earlier is None:
        key = "detach_of" if b.alias_how == "detach" else "data_of"
        return Fact.of(f"explain.graph.{key}", x=f"`{t.name}`")
    refs = (
        []
        if earlier.grad_ctx is not None
        else [
            r
            for r in sorted(earlier.refs)
            if r != t.name
            and (rt := graph.tensor(r)) is not None
            and rt.requires_grad
            and program.binding_at(r, earlier.line) is not None
            and program.binding_at(r, earlier.line) == program.binding_at(r, None)
        ]
    )
    if refs and earlier.creation == "op":
        key = (
            "explain.graph.self_detach_rec_one"
            if len(refs) == 1
            else "explain.graph.self_detach_rec_many"
        )
        return Fact.of(
            key,
            how=how,
            x=f"`{t.name}`",
            line=earlier.line,
            code=earlier.code,
            refs=", ".join(f"`{r}`" for r in refs),
        )
    return Fact.of(
        "explain.graph.self_detach", how=how, x=f"`{t.name}`", line=earlier.line, code=earlier.code
    )


def _inplace_notes(graph: Graph, t: TensorInfo, program: Program | None) -> list[Fact]:
    """In-place changes the program made to `t`'s memory, directly or through an alias that
    shares it (E7: `z1[0] = 5.0` also changes `z`). Only when the version counter moved."""
    if program is None or t.version is None or t.version == 0:
        return []
    own = set(t.names)
    via = {n for o in graph.sharing(t) for n in o.names} - own
    found: list[Fact] = []
    for op in sorted(
        (op for n in own | via for op in program.inplace_of(n)), key=lambda op: op.line
    ):
        final = program.binding_at(op.target, None)
        at = program.binding_at(op.target, op.line)
        if final is None or at != final:
            continue  # the name meant another tensor then
        if op.target in own:
            found.append(Fact.of("explain.graph.inplace_self", line=op.line, code=op.code))
        else:
            found.append(
                Fact.of("explain.graph.inplace_via", x=f"`{op.target}`", line=op.line, code=op.code)
            )
    if len(found) > 2:
        found = [*found[:2], Fact.of("explain.graph.inplace_more", n=len(found) - 2)]
    return found


def flags(t: TensorInfo) -> list[Fact | str]:
    """What a tensor is, in short words: leaf or not, requires_grad, parameter, .grad."""
    out: list[Fact | str] = [
        Fact(f"explain.graph.{'leaf' if t.is_leaf else 'nonleaf'}"),
        Fact(f"explain.graph.{'req' if t.requires_grad else 'noreq'}"),
    ]
    if t.is_param:
        out.append(Fact.of("explain.graph.param"))
    if t.retains_grad:
        out.append(Fact.of("explain.graph.retains"))
    if (t.is_leaf and t.requires_grad) or t.retains_grad:
        out.append(Fact(f"explain.graph.{'grad_set' if t.has_grad else 'grad_none'}"))
    elif t.has_grad:  # e.g. a parameter frozen after a backward(): its old .grad stays
        out.append(Fact.of("explain.graph.grad_set"))
    return out


def optimizer_modules(graph: Graph, opt: OptimizerInfo) -> list[tuple[str, int, list[TensorInfo]]]:
    """(module name, parameters of it the optimizer holds, all its parameters) for every
    module in the namespace that the optimizer holds parameters of."""
    modules: dict[str, list[TensorInfo]] = {}
    for t in graph.tensors:
        for n in t.names:
            if t.is_param and "." in n and not n.startswith(("[", "(")):
                modules.setdefault(n.split(".", 1)[0], []).append(t)
                break
    out = []
    held = set(opt.params)
    for module, params in modules.items():
        k = sum(1 for t in params if t.index in held)
        if k and not graph.truncated:
            out.append((module, k, params))
    return out


_BINOP_NODES: dict[type[ast.operator], tuple[str, ...]] = {
    ast.Add: ("AddBackward0",),
    ast.Sub: ("SubBackward0",),
    ast.Mult: ("MulBackward0",),
    ast.Div: ("DivBackward0",),
    ast.Pow: ("PowBackward0", "PowBackward1", "PowBackward2"),
}
_MODULE_NAMES = frozenset({"torch", "F", "nn.functional", "torch.nn.functional"})


def _number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    )


_NOT_TENSOR_METHODS = frozenset(
    {
        "item",
        "size",
        "dim",
        "numel",
        "tolist",
        "numpy",
        "data_ptr",
        "stride",
        "nelement",
        "element_size",
    }
)


def _tensorish(graph: Graph, node: ast.expr, depth: int = 0) -> bool:
    """Whether the source expression surely evaluates to a tensor: a name the graph knows as a
    tensor, or an operation/method/index of such an expression."""
    if depth > 20:
        return False
    if isinstance(node, ast.Name):
        return graph.tensor(node.id) is not None
    if isinstance(node, ast.BinOp):
        sides = [node.left, node.right]
        return any(_tensorish(graph, x, depth + 1) for x in sides) and all(
            _tensorish(graph, x, depth + 1) or _number(x) for x in sides
        )
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _tensorish(graph, node.operand, depth + 1)
    if isinstance(node, ast.Subscript):
        return _tensorish(graph, node.value, depth + 1)
    if isinstance(node, ast.Attribute):
        return node.attr in ("T", "mT", "data", "grad") and _tensorish(graph, node.value, depth + 1)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        owner = dotted(node.func.value)
        if owner in ("torch", "th") and node.func.attr in FACTORIES:
            return True
        if owner in _MODULE_NAMES:
            return bool(node.args) and _tensorish(graph, node.args[0], depth + 1)
        return node.func.attr not in _NOT_TENSOR_METHODS and _tensorish(
            graph, node.func.value, depth + 1
        )
    return False


def untracked_inputs(graph: Graph, program: Program | None) -> dict[int, list[tuple[str, str]]]:
    """Which operand of the learner's expression each `None` input of a grad_fn node is:
    node -> [("expr", "3 * z1") or ("const", "2.0")], found by walking the assigned expression
    of every named tensor alongside its grad_fn nodes. Only where the two match exactly."""
    labels: dict[int, list[tuple[str, str]]] = {}
    if program is None:
        return labels
    for t in graph.named:
        b = final_binding(program, t.name)
        if (
            t.grad_fn is None
            or b is None
            or b.value_node is None
            or b.kind not in ("assign", "walrus")
        ):
            continue
        if any(op.line >= b.line for op in program.inplace_of(t.name)):
            continue  # changed in place afterwards: its grad_fn is no longer this expression
        _match(graph, program, b.value_node, t.grad_fn, labels, 0)
    return labels


def _match(
    graph: Graph,
    program: Program,
    expr: ast.expr,
    node: int,
    labels: dict[int, list[tuple[str, str]]],
    depth: int,
) -> None:
    n = graph.nodes[node]
    if depth > MAX_DEPTH or node in labels:
        return
    if isinstance(expr, ast.BinOp):
        if n.name not in _BINOP_NODES.get(type(expr.op), ()):
            return
        ops = [expr.left, expr.right]
        consts = [_number(o) for o in ops]
        real = [x for x in n.next if x is not None]
        if all(consts):
            return
        if any(consts):  # `2.0 * x`: torch puts the number second whatever the order
            number, tensor = (ops[0], ops[1]) if consts[0] else (ops[1], ops[0])
            if len(n.next) == 2 and len(real) == 1:
                labels[node] = [("const", program.segment(number))]
            if len(real) == 1:
                _match(graph, program, tensor, real[0], labels, depth + 1)
            return
        if len(n.next) != 2 or not all(_tensorish(graph, o) for o in ops):
            return  # `lr * w` with a float `lr`: torch reorders, positions say nothing
        found = [
            ("expr", program.segment(o)) for o, x in zip(ops, n.next, strict=True) if x is None
        ]
        if found:
            labels[node] = found
        for o, x in zip(ops, n.next, strict=True):
            if x is not None:
                _match(graph, program, o, x, labels, depth + 1)
        return
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        if n.name == "NegBackward0" and len(n.next) == 1 and n.next[0] is not None:
            _match(graph, program, expr.operand, n.next[0], labels, depth + 1)
        return
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute | ast.Name)
        and len(n.next) == 1
        and n.next[0] is not None
    ):
        fn = expr.func.attr if isinstance(expr.func, ast.Attribute) else expr.func.id
        if not n.name.lower().startswith(fn.lower().rstrip("_") + "backward"):
            return
        owner = dotted(expr.func.value) if isinstance(expr.func, ast.Attribute) else None
        if isinstance(expr.func, ast.Attribute) and owner not in _MODULE_NAMES:
            operand: ast.expr | None = expr.func.value
        else:
            operand = expr.args[0] if len(expr.args) == 1 and not expr.keywords else None
        if operand is not None:
            _match(graph, program, operand, n.next[0], labels, depth + 1)


def old_leaf_hint(graph: Graph, root: TensorInfo, program: Program | None) -> Fact | None:
    """`x = x * 2` leaves the original x unnamed; say which tensor that unnamed leaf was."""
    b = final_binding(program, root.name)
    if program is None or b is None or root.name is None or not b.self_ref:
        return None
    earlier = program.binding_at(root.name, b.line)
    if earlier is None or earlier.creation not in ("leaf", "leaf_grad"):
        return None
    return Fact.of("explain.graph.old_name", x=root.name, line=earlier.line)


def tensors_requiring(graph: Graph | None, names: Iterable[str]) -> list[str]:
    """Those of `names` that are tensors requiring grad, according to the graph."""
    if graph is None:
        return []
    return [n for n in names if (t := graph.tensor(n)) is not None and t.requires_grad]
