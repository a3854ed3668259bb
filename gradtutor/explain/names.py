"""Which of the learner's variables a message is about, from the source alone (AST, no exec).

Runs in the trusted parent. `Program(source)` indexes every binding (`x = ...`, loop targets,
parameters, `with ... as`), every in-place modification (`x += 1`, `x.add_(1)`, `x[0] = 1`,
`x.detach().zero_()`) and every grad-mode block (`with torch.no_grad():`, `@torch.no_grad()`,
`torch.set_grad_enabled(False)`).

Which binding of a name is in effect at a line is approximated the way the brief asks: the last
assignment on an earlier line of the same scope (function or module; a name assigned nowhere in
a function is looked up in the enclosing scopes). Loops are not unrolled.
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


def _last(name: str | None) -> str | None:
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


class Program:
    """An index of one learner program. Never raises on bad source: a SyntaxError leaves an
    empty index (the sandbox reports the syntax error itself)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.splitlines()
        self.scopes: list[Scope] = []
        self.bindings: list[Binding] = []
        self.inplace: list[InplaceOp] = []
        self.contexts: list[tuple[int, int, GradContext]] = []  # (start, end, ctx)
        self.statements: list[ast.stmt] = []  # innermost simple statements, for line lookup
        self.calls: list[ast.Call] = []
        self.grad_reads: list[ast.Attribute] = []
        # `t.requires_grad = False`, `t.grad = None`, `t.data = ...`: (line, t, attr, value)
        self.attr_assigns: list[tuple[int, str, str, ast.expr]] = []
        self.syntax_error: str | None = None
        try:
            self.tree: ast.Module | None = ast.parse(source)
        except (SyntaxError, ValueError) as exc:
            self.tree = None
            self.syntax_error = str(exc)
            # An empty module scope, so that every lookup simply finds nothing.
            self.scopes.append(Scope(ast.Module(body=[], type_ignores=[]), None, 1,
                                     len(self.lines) or 1))
            return
        _Indexer(self).run(self.tree)

    # ------------------------------------------------------------------ lookups

    def segment(self, node: ast.AST, limit: int = MAX_CODE) -> str:
        text = ast.get_source_segment(self.source, node)
        if text is None:
            text = ast.unparse(node)
        return collapse(text, limit)

    def line_text(self, line: int | None) -> str:
        if line is None or not 1 <= line <= len(self.lines):
            return ""
        return collapse(self.lines[line - 1])

    def statement_code(self, line: int | None) -> str:
        """The statement on `line` as code (no comments), or the raw line."""
        st = self.statement_at(line)
        if isinstance(st, ast.With | ast.AsyncWith):
            items = ", ".join(self.segment(i) for i in st.items)
            return collapse(f"with {items}:")
        return self.segment(st) if st is not None else self.line_text(line)

    def scope_at(self, line: int | None) -> int:
        """Innermost function/class scope whose body holds `line` (0 = module)."""
        best = 0
        if line is None:
            return 0
        for i, s in enumerate(self.scopes):
            if i and s.start <= line <= s.end and s.start >= self.scopes[best].start:
                best = i
        return best

    def _lookup_scope(self, name: str, scope: int) -> int:
        base = name.split(".")[0]
        s: int | None = scope
        while s is not None:
            sc = self.scopes[s]
            if base in sc.globals:
                return 0
            if base in sc.locals and not (s and isinstance(sc.node, ast.ClassDef) and s != scope):
                return s
            s = sc.parent
        return 0

    def bindings_of(self, name: str) -> list[Binding]:
        return [b for b in self.bindings if b.name == name]

    def binding_at(self, name: str, line: int | None) -> Binding | None:
        """The binding of `name` in effect at `line` (None: at the end of the program).

        For a dotted name (`model.weight`) the binding of the dotted target is preferred, then
        that of its base name (`model`)."""
        candidates = [name]
        if "." in name:
            candidates.append(name.split(".")[0])
        for cand in candidates:
            scope = self._lookup_scope(cand, self.scope_at(line))
            found = [b for b in self.bindings if b.name == cand and b.scope == scope]
            if not found:
                continue
            if line is None:
                return found[-1]
            earlier = [b for b in found if b.line < line]
            if earlier:
                return earlier[-1]
            if scope != self.scope_at(line):  # a global read from a function: any binding
                return found[-1]
        return None

    def is_rebound_later(self, binding: Binding) -> bool:
        return any(b.name == binding.name and b.scope == binding.scope and b.line > binding.line
                   for b in self.bindings)

    def statement_at(self, line: int | None) -> ast.stmt | None:
        """The innermost simple statement spanning `line`."""
        if line is None:
            return None
        best: ast.stmt | None = None
        for st in self.statements:
            end = st.end_lineno or st.lineno
            if st.lineno <= line <= end and (best is None or st.lineno >= best.lineno):
                best = st
        return best

    def _at(self, nodes: list[ast.AST], line: int | None) -> list[ast.AST]:
        """Nodes on `line`; if none starts there, those of the statement spanning it."""
        if line is None:
            return []
        exact = [n for n in nodes if getattr(n, "lineno", None) == line]
        if exact:
            return exact
        st = self.statement_at(line)
        if st is None:
            return []
        lo, hi = st.lineno, st.end_lineno or st.lineno
        return [n for n in nodes if lo <= getattr(n, "lineno", 0) <= hi]

    def calls_at(self, line: int | None, *attrs: str) -> list[ast.Call]:
        """Calls on `line` whose function's last name is one of `attrs` (any call if empty)."""
        found = [c for c in self._at(list(self.calls), line)
                 if isinstance(c, ast.Call) and (not attrs or func_last(c) in attrs)]
        return sorted(found, key=lambda c: (c.lineno, c.col_offset))  # type: ignore[return-value]

    def subject(self, node: ast.expr, line: int | None = None, receiver: bool = False
                ) -> Subject:
        """`receiver`: the expression is followed by `.attr`, so an operator expression is
        quoted with the parentheses it needs there: `(a * b).grad`."""
        text = self.segment(node)
        if receiver and isinstance(node, ast.BinOp | ast.UnaryOp | ast.BoolOp | ast.Compare
                                   | ast.IfExp):
            text = f"({text})"
        return Subject(text=text, name=dotted(node),
                       line=line if line is not None else getattr(node, "lineno", None),
                       node=node)

    def grad_reads_at(self, line: int | None) -> list[Subject]:
        """The tensors whose .grad is read on `line` (`x.grad` gives `x`)."""
        reads = self._at(list(self.grad_reads), line)
        return [self.subject(r.value, line, receiver=True)  # type: ignore[attr-defined]
                for r in reads
                if isinstance(r, ast.Attribute)]

    def receivers_at(self, line: int | None, method: str) -> list[Subject]:
        """`t` for every `t.method(...)` on `line`."""
        out = []
        for c in self.calls_at(line, method):
            if isinstance(c.func, ast.Attribute):
                out.append(self.subject(c.func.value, line, receiver=True))
        return out

    def backward_targets_at(self, line: int | None) -> list[Subject]:
        """What backward runs from on `line`: `t.backward()`, autograd.backward/grad(t, ...)."""
        out = []
        for c in self.calls_at(line, "backward", "grad"):
            name = call_name(c) or ""
            if isinstance(c.func, ast.Attribute) and c.func.attr == "backward" and \
                    not name.endswith("autograd.backward"):
                out.append(self.subject(c.func.value, line, receiver=True))
            elif name.endswith(("autograd.backward", "autograd.grad")) or name in ("grad",
                                                                                    "backward"):
                arg = _arg(c, 0, "outputs", "tensors")
                if arg is not None:
                    out.extend(self.elements(arg, line))
        return out

    def elements(self, node: ast.expr, line: int | None = None) -> list[Subject]:
        """The items of a list/tuple literal, or the expression itself."""
        if isinstance(node, ast.List | ast.Tuple):
            return [self.subject(e, line) for e in node.elts]
        return [self.subject(node, line)]

    def grad_context_at(self, line: int | None) -> GradContext | None:
        """The innermost grad-mode region around `line`."""
        best: tuple[int, int, GradContext] | None = None
        if line is None:
            return None
        for start, end, ctx in self.contexts:
            if start <= line <= end and (best is None or start >= best[0]):
                best = (start, end, ctx)
        if best is None or best[2].kind == "enable_grad":
            return None
        return best[2]

    def inplace_on(self, names: set[str], after: int, before: int) -> list[InplaceOp]:
        return [op for op in self.inplace
                if op.target in names and after < op.line < before]

    def freeze_sites(self, name: str, before: int | None) -> list[tuple[int, str]]:
        """Lines (before `before`) that switched requires_grad off for `name` or its
        parameters: `t.requires_grad_(False)`, `t.requires_grad = False`, also through the
        loop variable of `for p in model.parameters()`."""

        def covers(target: str, line: int) -> bool:
            if target == name or target.startswith(name + ".") or name.startswith(target + "."):
                return True
            b = self.binding_at(target, line)  # `for n, p in model.named_parameters(): p...`
            if b is not None and b.kind == "for" and b.value_node is not None:
                it = b.value_node
                if isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute):
                    owner = dotted(it.func.value)
                    return owner is not None and (owner == name or owner.startswith(name + ".")
                                                  or name.startswith(owner + "."))
            return False

        sites: list[tuple[int, str]] = []
        for call in self.calls:
            if before is not None and call.lineno >= before:
                continue
            if isinstance(call.func, ast.Attribute) and call.func.attr == "requires_grad_":
                arg = call.args[0] if call.args else None
                if isinstance(arg, ast.Constant) and arg.value is False:
                    target = dotted(call.func.value)
                    if target and covers(target, call.lineno):
                        sites.append((call.lineno, self.line_text(call.lineno)))
        for line, target, attr, value in self.attr_assigns:
            if attr == "requires_grad" and isinstance(value, ast.Constant) and \
                    value.value is False and (before is None or line < before) and \
                    covers(target, line):
                sites.append((line, self.line_text(line)))
        return sorted(set(sites))

    def aliases_of(self, name: str) -> dict[str, str]:
        """Names bound to a detach()/.data/view of `name` (transitively): {alias: how}."""
        found: dict[str, str] = {}
        frontier = [name]
        while frontier:
            cur = frontier.pop()
            for b in self.bindings:
                if b.alias_of == cur and b.name not in found and b.name != name:
                    found[b.name] = b.alias_how or "view"
                    frontier.append(b.name)
        return found


def _arg(call: ast.Call, index: int, *keywords: str) -> ast.expr | None:
    if len(call.args) > index and not isinstance(call.args[index], ast.Starred):
        return call.args[index]
    for kw in call.keywords:
        if kw.arg in keywords:
            return kw.value
    return None


def _kw_const(call: ast.Call, name: str) -> object:
    for kw in call.keywords:
        if kw.arg == name and isinstance(kw.value, ast.Constant):
            return kw.value.value
    return None


def grad_kind(expr: ast.expr) -> GradKind | None:
    """Classify a with-item or decorator expression."""
    if isinstance(expr, ast.Call):
        last = _last(call_name(expr))
        if last == "no_grad":
            return "no_grad"
        if last == "enable_grad":
            return "enable_grad"
        if last == "inference_mode":
            arg = _arg(expr, 0, "mode")
            off = isinstance(arg, ast.Constant) and arg.value is False
            return "enable_grad" if off else "inference_mode"
        if last == "set_grad_enabled":
            arg = _arg(expr, 0, "mode")
            if isinstance(arg, ast.Constant):
                return "enable_grad" if arg.value else "no_grad"
        return None
    last = _last(dotted(expr))
    if last in ("no_grad", "inference_mode"):
        return "no_grad_noparens"
    return None


class _Indexer(ast.NodeVisitor):
    """One pass over the tree filling a Program's tables."""

    def __init__(self, prog: Program) -> None:
        self.p = prog
        self.scope = 0
        self.loops: list[tuple[int, int]] = []
        self.ctx: list[tuple[int, int, GradContext]] = []

    def run(self, tree: ast.Module) -> None:
        end = len(self.p.lines) or 1
        self.p.scopes.append(Scope(tree, None, 1, end))
        self._body(tree.body, (1, end))

    # --------------------------------------------------------------- helpers

    def _code(self, node: ast.AST) -> str:
        return self.p.segment(node)

    def _current_ctx(self, line: int) -> GradContext | None:
        best: tuple[int, int, GradContext] | None = None
        for start, end, c in self.ctx + self.p.contexts:
            if start <= line <= end and (best is None or start >= best[0]):
                best = (start, end, c)
        if best is None or best[2].kind == "enable_grad":
            return None
        return best[2]

    def _body(self, body: list[ast.stmt], span: tuple[int, int]) -> None:
        """Statements of one block; `torch.set_grad_enabled(False)` as a statement switches
        grad mode for the rest of the block."""
        for st in body:
            if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call) and \
                    _last(call_name(st.value)) == "set_grad_enabled":
                kind = grad_kind(st.value)
                if kind is not None:
                    end_line = st.end_lineno or st.lineno
                    self.p.contexts.append((end_line + 1, span[1], GradContext(
                        kind, st.lineno, self._code(st))))
            self.visit(st)

    def _bind(self, target: ast.AST, st: ast.stmt | ast.expr, kind: str,
              value: ast.expr | None) -> None:
        # Unpacking (`a, b = ...`): each name gets the whole value, with an unknown op.
        self._bind_one(target, st, kind, value, unpacked=isinstance(target, ast.Tuple | ast.List))

    def _bind_one(self, target: ast.AST, st: ast.stmt | ast.expr, kind: str,
                  value: ast.expr | None, unpacked: bool) -> None:
        if isinstance(target, ast.Starred):
            target = target.value
        if isinstance(target, ast.Tuple | ast.List):
            for elt in target.elts:
                self._bind_one(elt, st, kind, value, unpacked=True)
            return
        name = dotted(target)
        if name is None:
            return
        line = st.lineno
        creation, op, alias_of, alias_how, req = classify(value) if value is not None and \
            not unpacked and kind != "for" else ("unknown", None, None, None, None)
        if unpacked and value is not None:
            alias_of, alias_how = None, None
            # `a, b = w.unbind(0)`: views of w
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and \
                    value.func.attr in ("unbind", "split", "chunk"):
                alias_of, alias_how = dotted(value.func.value), "view"
                creation, op = "view", value.func.attr
        refs = frozenset(n.id for n in ast.walk(value) if isinstance(n, ast.Name)) \
            if value is not None else frozenset()
        if "." not in name:
            self.p.scopes[self.scope].locals.add(name)
        self.p.bindings.append(Binding(
            name=name, line=line, end_line=getattr(st, "end_lineno", None) or line, kind=kind,
            code=self._code(st), value=self._code(value) if value is not None else None,
            refs=refs, creation=creation, op=op, alias_of=alias_of, alias_how=alias_how,
            requires_grad=req, grad_ctx=self._current_ctx(line),
            loop=self.loops[-1] if self.loops else None, scope=self.scope, value_node=value))

    def _inplace(self, line: int, target: ast.expr, via: str, st: ast.AST,
                 method: str | None) -> None:
        node = target
        how = via
        # Look through subscripts, detach() and .data to the named tensor whose memory changes.
        while True:
            if isinstance(node, ast.Subscript):
                node = node.value
                continue
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in VIEW_METHODS | {"detach"}:
                if node.func.attr == "detach":
                    how = "detach"
                node = node.func.value
                continue
            if isinstance(node, ast.Attribute) and node.attr == "data":
                how = "data"
                node = node.value
                continue
            break
        name = dotted(node)
        if name is None:
            return
        self.p.inplace.append(InplaceOp(line=line, target=name, via=how, code=self._code(st),
                                        method=method, expr=self._code(target)))

    # --------------------------------------------------------------- visitors

    def _scope_node(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef,
                    body: list[ast.stmt]) -> None:
        end = node.end_lineno or node.lineno
        self.p.scopes[self.scope].locals.add(node.name)
        self.p.bindings.append(Binding(
            name=node.name, line=node.lineno, end_line=end, kind="def",
            code=collapse(self.p.line_text(node.lineno)), value=None, refs=frozenset(),
            creation="unknown", op=None, alias_of=None, alias_how=None, requires_grad=None,
            grad_ctx=None, loop=None, scope=self.scope))
        for dec in node.decorator_list:
            self.visit(dec)
        idx = len(self.p.scopes)
        self.p.scopes.append(Scope(node, self.scope, node.lineno, end))
        outer, self.scope = self.scope, idx
        saved_loops, self.loops = self.loops, []
        pushed = 0
        for dec in node.decorator_list:
            kind = grad_kind(dec)
            if kind in ("no_grad", "inference_mode", "enable_grad", "no_grad_noparens"):
                assert kind is not None
                code = "@" + self._code(dec)
                self.ctx.append((node.lineno, end, GradContext(
                    "no_grad" if kind == "no_grad_noparens" else kind, dec.lineno, code)))
                pushed += 1
        if not isinstance(node, ast.ClassDef):
            args = node.args
            for a in [*args.posonlyargs, *args.args, *args.kwonlyargs,
                      *(x for x in (args.vararg, args.kwarg) if x)]:
                self.p.scopes[idx].locals.add(a.arg)
                self.p.bindings.append(Binding(
                    name=a.arg, line=node.lineno, end_line=node.lineno, kind="param",
                    code=collapse(self.p.line_text(node.lineno)), value=None,
                    refs=frozenset(), creation="unknown", op=None, alias_of=None,
                    alias_how=None, requires_grad=None, grad_ctx=self._current_ctx(node.lineno),
                    loop=None, scope=idx))
        self._body(body, (node.lineno, end))
        for _ in range(pushed):
            self.p.contexts.append(self.ctx.pop())
        self.scope = outer
        self.loops = saved_loops

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scope_node(node, node.body)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scope_node(node, node.body)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scope_node(node, node.body)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self.generic_visit(node)  # its parameters are not the learner's variables

    def visit_Global(self, node: ast.Global) -> None:
        self.p.scopes[self.scope].globals.update(node.names)
        self.p.statements.append(node)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.p.statements.append(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.p.statements.append(node)
        self.visit(node.value)
        for t in node.targets:
            if isinstance(t, ast.Subscript):
                self._inplace(node.lineno, t, "setitem", node, None)
                self.visit(t)
            elif isinstance(t, ast.Attribute) and t.attr in ("data", "requires_grad", "grad"):
                # `w.data = ...`, `w.requires_grad = False`: a change of w, not a new binding
                base = dotted(t.value)
                if base is not None:
                    self.p.attr_assigns.append((node.lineno, base, t.attr, node.value))
                self.visit(t)
            else:
                self._bind(t, node, "assign", node.value)
                self.visit(t)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.p.statements.append(node)
        if node.value is not None:
            self.visit(node.value)
            self._bind(node.target, node, "assign", node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.p.statements.append(node)
        self.visit(node.value)
        self.visit(node.target)
        op = {v: k for k, v in {"+=": ast.Add, "-=": ast.Sub, "*=": ast.Mult, "/=": ast.Div,
                                "**=": ast.Pow, "@=": ast.MatMult}.items()}.get(type(node.op))
        self._inplace(node.lineno, node.target, "augassign", node, op)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._bind(node.target, node, "walrus", node.value)

    def _loop(self, node: ast.For | ast.AsyncFor | ast.While) -> None:
        span = (node.lineno, node.end_lineno or node.lineno)
        if isinstance(node, ast.For | ast.AsyncFor):
            self.visit(node.iter)
            self.loops.append(span)
            self._bind(node.target, node, "for", node.iter)  # value: what it iterates over
        else:
            self.visit(node.test)
            self.loops.append(span)
        self._body(node.body, span)
        self.loops.pop()
        self._body(node.orelse, span)

    def visit_For(self, node: ast.For) -> None:
        self._loop(node)

    def visit_AsyncFor(self, node: ast.AsyncFor) -> None:
        self._loop(node)

    def visit_While(self, node: ast.While) -> None:
        self._loop(node)

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        span = (node.lineno, node.end_lineno or node.lineno)
        self._body(node.body, span)
        self._body(node.orelse, span)

    def visit_Try(self, node: ast.Try) -> None:
        span = (node.lineno, node.end_lineno or node.lineno)
        for block in (node.body, node.orelse, node.finalbody):
            self._body(block, span)
        for h in node.handlers:
            if h.name:
                self.p.scopes[self.scope].locals.add(h.name)
            self._body(h.body, span)

    visit_TryStar = visit_Try

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        self.p.statements.append(node)  # a failing `with` line is reported on this statement
        end = node.end_lineno or node.lineno
        pushed = 0
        for item in node.items:
            self.visit(item.context_expr)
            kind = grad_kind(item.context_expr)
            if kind is not None:
                first = node.body[0].lineno if node.body else node.lineno
                self.ctx.append((first, end, GradContext(
                    kind, node.lineno, "with " + self._code(item.context_expr) + ":")))
                pushed += 1
            if item.optional_vars is not None:
                self._bind(item.optional_vars, node, "with", None)
        self._body(node.body, (node.lineno, end))
        for _ in range(pushed):
            self.p.contexts.append(self.ctx.pop())

    visit_AsyncWith = visit_With

    def visit_Import(self, node: ast.Import) -> None:
        self.p.statements.append(node)
        for a in node.names:
            name = a.asname or a.name.split(".")[0]
            self._bind_import(name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.p.statements.append(node)
        for a in node.names:
            self._bind_import(a.asname or a.name, node)

    def _bind_import(self, name: str, node: ast.stmt) -> None:
        self.p.scopes[self.scope].locals.add(name)
        self.p.bindings.append(Binding(
            name=name, line=node.lineno, end_line=node.end_lineno or node.lineno, kind="import",
            code=self._code(node), value=None, refs=frozenset(), creation="unknown", op=None,
            alias_of=None, alias_how=None, requires_grad=None, grad_ctx=None, loop=None,
            scope=self.scope))

    def visit_Expr(self, node: ast.Expr) -> None:
        self.p.statements.append(node)
        self.visit(node.value)

    def visit_Return(self, node: ast.Return) -> None:
        self.p.statements.append(node)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        self.p.statements.append(node)
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        self.p.statements.append(node)
        self.generic_visit(node)

    def visit_Assert(self, node: ast.Assert) -> None:
        self.p.statements.append(node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.p.calls.append(node)
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr.endswith("_") and \
                not func.attr.startswith("_") and func.attr not in NOT_INPLACE:
            name = call_name(node) or ""
            if name.startswith(("nn.init.", "torch.nn.init.", "init.")):
                target = _arg(node, 0, "tensor")  # nn.init.zeros_(w) changes w
                if target is not None:
                    self._inplace(node.lineno, target, "init", node, func.attr)
            else:
                self._inplace(node.lineno, func.value, "method", node, func.attr)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "grad" and isinstance(node.ctx, ast.Load):
            self.p.grad_reads.append(node)
        self.generic_visit(node)


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
    last = _last(name) or ""
    req = _kw_const(node, "requires_grad")
    req_b = bool(req) if isinstance(req, bool) else None
    if last == "Parameter":
        return "leaf_grad", "parameter", None, None, True
    if last == "requires_grad_":
        arg = _arg(node, 0, "requires_grad")
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
