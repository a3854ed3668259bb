"""What the explain engine knows about Python syntax: the records of the program index
(bindings, in-place changes, grad-mode regions, subjects) and pure helpers over AST nodes
(dotted names, call names, how an assigned value was created, grad-mode kinds).

No state and no source text here beyond what a node carries: `names.Program` and `indexer`
build on it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Literal

MAX_CODE = 72  # longest code excerpt quoted back to the learner

# torch functions that create a new leaf tensor from data or a shape.
FACTORIES = frozenset({
    "tensor", "as_tensor", "from_numpy", "zeros", "ones", "empty", "full", "rand", "randn",
    "randint", "arange", "linspace", "logspace", "eye", "zeros_like", "ones_like", "empty_like",
    "full_like", "rand_like", "randn_like", "randint_like", "normal", "randperm", "Tensor",
    "FloatTensor", "LongTensor",
})
# Methods returning a view that shares memory (and the version counter) with the receiver.
VIEW_METHODS = frozenset({
    "view", "view_as", "t", "T", "transpose", "permute", "squeeze", "unsqueeze", "expand",
    "expand_as", "narrow", "select", "unfold", "diagonal", "flatten", "reshape", "as_strided",
    "unbind", "split", "chunk", "mT",
})
# Names ending in "_" that are not in-place changes of the receiver's values.
NOT_INPLACE = frozenset({"requires_grad_", "share_memory_", "retain_grad_", "record_stream_"})
BINOP_NAMES: dict[type[ast.operator], str] = {
    ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "pow",
    ast.MatMult: "mm", ast.FloorDiv: "div", ast.Mod: "remainder",
}
_MODULES = frozenset({"torch", "th", "F", "nn.functional", "torch.nn.functional", "np", "numpy"})
# Modules whose functions take the tensor as their first argument: `F.relu(x, inplace=True)`
# and `torch.relu_(x)` change x, not the module.
TORCH_MODULES = frozenset({"torch", "th", "F", "nn.functional", "torch.nn.functional"})
GradKind = Literal["no_grad", "inference_mode", "enable_grad", "no_grad_noparens"]
Creation = Literal["leaf_grad", "leaf", "op", "detached", "view", "object", "unknown"]


def collapse(text: str, limit: int = MAX_CODE) -> str:
    """One line, single spaces, shortened with an ellipsis."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def dotted(node: ast.AST) -> str | None:
    """'a.b.c' for a Name or a chain of attribute accesses on a Name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def call_name(node: ast.AST) -> str | None:
    """The dotted name of a call's function, e.g. 'torch.tensor' or 'x.exp'."""
    if isinstance(node, ast.Call):
        return dotted(node.func)
    return None


def func_last(call: ast.Call) -> str | None:
    """The called name's last part, also for `(expr).method()` where call_name is None."""
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def last_part(name: str | None) -> str | None:
    return name.rsplit(".", 1)[-1] if name else None


@dataclass(frozen=True)
class GradContext:
    """A region where autograd is off (or explicitly on again)."""

    kind: GradKind
    line: int  # the with/decorator/call line
    code: str  # e.g. "with torch.no_grad():"


@dataclass(frozen=True)
class Binding:
    name: str  # "x", or a dotted target such as "self.w"
    line: int
    end_line: int
    kind: str  # assign | for | with | param | import | def | walrus
    code: str  # the whole statement, collapsed
    value: str | None  # source of the assigned expression, collapsed
    refs: frozenset[str]  # names read by the value
    creation: Creation
    op: str | None  # lower-case forward op for computed values ("mul", "exp", ...)
    alias_of: str | None  # `d = y.detach()` / `v = y[0]`: "y"
    alias_how: str | None  # "detach" | "data" | "view"
    requires_grad: bool | None  # literal requires_grad=... at creation, when visible
    grad_ctx: GradContext | None  # innermost grad-mode region around the statement
    loop: tuple[int, int] | None  # lines of the innermost loop around the statement
    scope: int  # index into Program.scopes
    value_node: ast.expr | None = field(default=None, compare=False, repr=False)

    @property
    def self_ref(self) -> bool:
        """`x = x * 2`: the new value is computed from the old one."""
        return self.name in self.refs


@dataclass(frozen=True)
class InplaceOp:
    line: int
    target: str  # dotted name of the tensor whose memory changes ("y" in y.detach().zero_())
    via: str  # method | augassign | setitem | init | detach | data
    code: str  # the statement, collapsed
    method: str | None  # "add_", "zero_", ... or the augmented operator "+="
    expr: str  # the changed expression as written ("y.detach()", "w", "w[0]")


@dataclass(frozen=True)
class Subject:
    """An expression a message is about: a named tensor or an unnamed expression."""

    text: str  # the expression as written, collapsed ("x", "(a * b)", "model.weight")
    name: str | None  # dotted name when the expression is one, else None
    line: int | None
    node: ast.expr | None = field(default=None, compare=False, repr=False)

    @property
    def base(self) -> str | None:
        return self.name.split(".")[0] if self.name else None


@dataclass
class Scope:
    node: ast.AST  # Module, FunctionDef, AsyncFunctionDef, ClassDef
    parent: int | None
    start: int
    end: int
    locals: set[str] = field(default_factory=set)
    globals: set[str] = field(default_factory=set)


def arg_of(call: ast.Call, index: int, *keywords: str) -> ast.expr | None:
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    for kw in call.keywords:
        if kw.arg in keywords:
            return kw.value
    return None


def kw_const(call: ast.Call, name: str) -> object:
    for kw in call.keywords:
        if kw.arg == name and isinstance(kw.value, ast.Constant):
            return kw.value.value
    return None


def grad_kind(expr: ast.expr) -> GradKind | None:
    """Classify a with-item or decorator expression."""
    if isinstance(expr, ast.Call):
        last = last_part(call_name(expr))
        if last == "no_grad":
            return "no_grad"
        if last == "enable_grad":
            return "enable_grad"
        if last == "inference_mode":
            arg = arg_of(expr, 0, "mode")
            off = isinstance(arg, ast.Constant) and arg.value is False
            return "enable_grad" if off else "inference_mode"
        if last == "set_grad_enabled":
            arg = arg_of(expr, 0, "mode")
            if isinstance(arg, ast.Constant):
                return "enable_grad" if arg.value else "no_grad"
        return None
    last = last_part(dotted(expr))
    if last in ("no_grad", "inference_mode"):
        return "no_grad_noparens"
    return None


def classify(value: ast.expr) -> tuple[Creation, str | None, str | None, str | None,
                                       bool | None]:
    """(creation, op, alias_of, alias_how, literal requires_grad) of an assigned value."""
    node = value
    if isinstance(node, ast.BinOp):
        return "op", BINOP_NAMES.get(type(node.op), "op"), None, None, None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return "op", "neg", None, None, None
    if isinstance(node, ast.Subscript):
        return "view", "select", dotted(node.value), "view", None
    if isinstance(node, ast.Attribute):
        if node.attr == "data":
            return "detached", "data", dotted(node.value), "data", False
        if node.attr in ("T", "mT"):
            return "view", "t", dotted(node.value), "view", None
        return "unknown", None, None, None, None
    if not isinstance(node, ast.Call):
        return "unknown", None, None, None, None
    name = call_name(node) or ""
    last = last_part(name) or ""
    req = kw_const(node, "requires_grad")
    req_b = bool(req) if isinstance(req, bool) else None
    if last == "Parameter":
        return "leaf_grad", "parameter", None, None, True
    if last == "requires_grad_":
        arg = arg_of(node, 0, "requires_grad")
        on = not (isinstance(arg, ast.Constant) and arg.value is False)
        inner = node.func.value if isinstance(node.func, ast.Attribute) else None
        if inner is not None:
            c, op, _a, _h, _r = classify(inner)
            if c in ("leaf", "leaf_grad", "unknown"):
                return ("leaf_grad" if on else "leaf"), op or "tensor", None, None, on
        return "op", None, None, None, on
    if last == "detach":
        base = node.func.value if isinstance(node.func, ast.Attribute) else None
        return "detached", "detach", dotted(base) if base is not None else None, "detach", False
    if (name.startswith(("torch.", "th.")) and last in FACTORIES) or name in FACTORIES:
        return ("leaf_grad" if req_b else "leaf"), last, None, None, req_b
    if last[:1].isupper():  # a class: nn.Linear(...), torch.optim.SGD(...)
        return "object", last, None, None, None
    if isinstance(node.func, ast.Attribute):
        attr = node.func.attr
        base = dotted(node.func.value)
        if attr in VIEW_METHODS and base not in _MODULES:
            return "view", attr, base, "view", None
        return "op", attr.lower(), None, None, None
    return "op", last.lower() or None, None, None, None
