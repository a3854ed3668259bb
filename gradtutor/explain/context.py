"""Shared pieces of the explanations: the Explanation record, what a builder sees (Ctx) and
returns (Specific), and phrases about the learner's bindings used by several builders.

Runtime facts describe the namespace at the *end* of the run, so `Ctx.facts` returns them for a
variable only when the binding in effect at the message's line is its last one.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Protocol

from gradtutor.explain.catalogue import Entry
from gradtutor.explain.graph import Graph
from gradtutor.explain.names import (
    Binding,
    Program,
    Subject,
    collapse,
    dotted,
)
from gradtutor.facts import Fact

Items = tuple[Fact, ...]


def _items(value: Fact | Sequence[Fact] | None) -> Items:
    if value is None:
        return ()
    return (value,) if isinstance(value, Fact) else tuple(value)


def fact_json(value: Any) -> Any:
    """A fact (or a field holding facts) as plain JSON data: {"key": ..., "fields": {...}}."""
    if isinstance(value, Fact):
        return {"key": value.key, "fields": {k: fact_json(v) for k, v in value.fields.items()}}
    if isinstance(value, list | tuple):
        return [fact_json(v) for v in value]
    return value


@dataclass(frozen=True)
class Explanation:
    """One explained warning or error (or a silent problem found in the graph), as keyed facts:
    the presentation floor (gradtutor.views.explanation) turns them into sentences."""

    key: str  # catalogue key, "unknown" for an unmatched message
    title: Fact
    text: Items  # sentences: about the learner's variables first, then the general reason
    fix: Items  # what to change, in sentences; () when nothing is known
    line: int | None  # learner line it happened on
    variable: str | None  # the learner's variable it is about, when one is known
    kind: str = "error"  # error | warning | silent
    category: str | None = None  # RuntimeError, UserWarning, ...
    message: str | None = None  # torch's own message, suffix stripped
    count: int = 1  # identical warnings (e.g. in a loop) are merged
    expr: str | None = None  # set when raised by a grader's expression, not the program

    def to_json(self) -> dict[str, Any]:
        return {f.name: fact_json(getattr(self, f.name)) for f in fields(self)}


class ResultLike(Protocol):
    warnings: list[dict[str, Any]]
    exception: dict[str, Any] | None
    values: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Facts:
    """What was observed about one tensor at the end of the run."""

    requires_grad: bool
    is_leaf: bool
    grad_fn: str | None
    shape: tuple[int, ...]
    dtype: str
    is_inference: bool = False
    is_param: bool = False


@dataclass(frozen=True)
class Specific:
    """A builder's contribution: learner-specific sentences, fix, variable and title."""

    text: Fact | Sequence[Fact] | None = None
    fix: Fact | Sequence[Fact] | None = None
    variable: str | None = None
    title: Fact | None = None

    @property
    def sentences(self) -> Items:
        return _items(self.text)

    @property
    def fixes(self) -> Items:
        return _items(self.fix)


@dataclass
class Ctx:
    program: Program
    entry: Entry
    match: re.Match[str]
    line: int | None
    expr: str | None
    message: str
    graph: Graph | None
    values: Mapping[str, Any]

    def binding(self, name: str | None) -> Binding | None:
        """The binding of `name` in effect at the message's line."""
        return None if name is None else self.program.binding_at(name, self.line)

    def facts(self, name: str | None, binding: Binding | None = None) -> Facts | None:
        """End-of-run facts about `name`, if they describe the binding in effect here."""
        if name is None:
            return None
        if binding is not None and self.program.is_rebound_later(binding):
            return None
        if self.graph is not None:
            t = self.graph.tensor(name)
            if t is not None:
                fn = self.graph.nodes[t.grad_fn].name if t.grad_fn is not None else None
                return Facts(
                    t.requires_grad, t.is_leaf, fn, t.shape, t.dtype, t.is_inference, t.is_param
                )
        v = self.values.get(name)
        if isinstance(v, dict) and v.get("kind") == "tensor":
            shape = v.get("shape")
            return Facts(
                bool(v.get("requires_grad")),
                bool(v.get("is_leaf")),
                v.get("grad_fn") if isinstance(v.get("grad_fn"), str) else None,
                tuple(shape) if isinstance(shape, list) else (),
                str(v.get("dtype")),
                False,
                bool(v.get("is_parameter")),
            )
        return None

    def stmt_code(self) -> str:
        return self.program.line_text(self.line)

    def subjects_from_expr(self) -> list[Subject]:
        """The grader's expression itself, parsed (for messages raised while evaluating it)."""
        if not self.expr:
            return []
        try:
            node = ast.parse(self.expr, mode="eval").body
        except SyntaxError:
            return []
        expr_prog = Program(self.expr)
        reads = [
            n.value for n in ast.walk(node) if isinstance(n, ast.Attribute) and n.attr == "grad"
        ]
        return [expr_prog.subject(r, None, receiver=True) for r in reads] or [
            Subject(collapse(self.expr), dotted(node), None, node)
        ]


# ------------------------------------------------------------------------------ phrases


def receiver_text(s: Subject) -> str:
    """The subject as it must be written before `.method()`: `(x * 2)`, `y`."""
    if (
        s.node is not None
        and isinstance(s.node, ast.BinOp | ast.UnaryOp | ast.BoolOp | ast.Compare | ast.IfExp)
        and not s.text.startswith("(")
    ):
        return f"({s.text})"
    return s.text


def origin(c: Ctx, name: str, b: Binding) -> Fact:
    """'`x` was reassigned on line 4 by `x = x * 2`' and the like."""
    if b.kind == "param":
        return Fact.of("explain.origin.parameter_function_defined", n=name, l=b.line)
    if b.kind == "for":
        return Fact.of(
            "explain.origin.loop_variable_line",
            n=name,
            l=b.line,
            code=collapse(c.program.line_text(b.line)),
        )
    code = b.code
    if b.self_ref:
        return Fact.of("explain.origin.reassigned_line_code", n=name, l=b.line, code=code)
    if b.creation in ("leaf", "leaf_grad", "object"):
        return Fact.of("explain.origin.created_line_code", n=name, l=b.line, code=code)
    return Fact.of("explain.origin.computed_line_code", n=name, l=b.line, code=code)


def op_output(c: Ctx, b: Binding | None, facts: Facts | None) -> Fact:
    """'the output of MulBackward0' or 'the result of `x * 2`'."""
    if facts is not None and facts.grad_fn:
        return Fact.of("explain.op_output.output_fn", fn=facts.grad_fn)
    if b is not None and b.value:
        return Fact.of("explain.op_output.result", v=b.value)
    return Fact.of("explain.op_output.computed_tensor")


def backward_target(c: Ctx) -> Subject | None:
    """The first tensor backward() (or autograd.grad) runs from on the current line."""
    targets = c.program.backward_targets_at(c.line)
    return targets[0] if targets else None


def backward_lines(program: Program, after: int, before: int | None) -> list[int]:
    return program.backward_lines(after, before)


def is_probably_nonleaf(c: Ctx, s: Subject) -> bool | None:
    """True/False when the program or the run tells, None when unknown."""
    if s.name is None:
        return True  # `(a * b).grad`: a fresh result, never a leaf a user created
    b = c.binding(s.name)
    f = c.facts(s.name, b)
    if f is not None:
        return not f.is_leaf
    if b is None:
        return None
    if b.creation in ("op", "view"):
        return True
    if b.creation in ("leaf", "leaf_grad", "detached"):
        return False
    return None


def join_names(c: Ctx, names: list[str]) -> Fact | str:
    quoted = [f"`{n}`" for n in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    return Fact.of("explain.names_and", a=", ".join(quoted[:-1]), b=quoted[-1])


def may_require_grad(c: Ctx, name: str, b: Binding) -> bool:
    """Whether the tensor bound by `b` is part of a graph: observed, or traced in the source
    to a leaf that requires grad or to a module (whose parameters usually do)."""
    f = c.facts(name, b)
    if f is not None:
        return f.requires_grad
    if b.grad_ctx is not None:
        return False
    if leaf_sources(c, b):
        return True
    stack, seen = [(r, b.line) for r in b.refs], set()
    while stack:
        ref, line = stack.pop()
        if (ref, line) in seen:
            continue
        seen.add((ref, line))
        rb = c.program.binding_at(ref, line)
        if rb is None:
            continue
        if rb.creation == "object" or rb.kind in ("param", "for"):
            return True
        if rb.creation in ("op", "view"):
            stack.extend((r, rb.line) for r in rb.refs)
    return False


def leaf_sources(c: Ctx, b: Binding, limit: int = 3) -> list[str]:
    """Leaves that require grad which `b`'s value was computed from (transitively)."""
    found: list[str] = []
    seen: set[tuple[str, int]] = set()
    stack: list[tuple[str, int]] = [(r, b.line) for r in sorted(b.refs)]
    while stack and len(found) < limit:
        name, line = stack.pop(0)
        if (name, line) in seen:
            continue
        seen.add((name, line))
        rb = c.program.binding_at(name, line)
        if rb is None:
            continue
        if rb.creation == "leaf_grad":
            if name not in found:
                found.append(name)
        elif rb.creation in ("op", "view") and not rb.grad_ctx:
            stack.extend((r, rb.line) for r in sorted(rb.refs))
    return found
