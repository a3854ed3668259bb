"""One pass over a learner program's AST that fills a `names.Program`'s tables.

Linear in the size of the tree: every lookup it needs while walking (the grad-mode region
around a statement) looks only at the regions still open, never at all regions seen so far.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from gradtutor.explain.syntax import (
    NOT_INPLACE,
    TORCH_MODULES,
    VIEW_METHODS,
    Binding,
    GradContext,
    InplaceOp,
    Scope,
    arg_of,
    call_name,
    classify,
    collapse,
    dotted,
    grad_kind,
    kw_const,
    last_part,
)

if TYPE_CHECKING:
    from gradtutor.explain.names import Program


class _Statements:
    """Statements that only need recording (for line lookup) or name only imports/globals."""

    p: Program
    scope: int
    if TYPE_CHECKING:  # provided by ast.NodeVisitor, which comes after this mixin
        def visit(self, node: ast.AST) -> None: ...

        def generic_visit(self, node: ast.AST) -> None: ...

    def visit_Global(self, node: ast.Global) -> None:
        self.p.scopes[self.scope].globals.update(node.names)
        self.p.statements.append(node)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> None:
        self.p.statements.append(node)

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


class Indexer(_Statements, ast.NodeVisitor):
    """One pass over the tree filling a Program's tables."""

    def __init__(self, prog: Program) -> None:
        self.p = prog
        self.scope = 0
        self.loops: list[tuple[int, int]] = []
        self.ctx: list[tuple[int, int, GradContext]] = []  # with/decorator regions still open
        # `torch.set_grad_enabled(False)` statements of the blocks still being walked
        self.switches: list[tuple[int, int, GradContext]] = []

    def run(self, tree: ast.Module) -> None:
        end = len(self.p.lines) or 1
        self.p.scopes.append(Scope(tree, None, 1, end))
        self._body(tree.body, (1, end))

    # --------------------------------------------------------------- helpers

    def _code(self, node: ast.AST) -> str:
        return self.p.segment(node)

    def _current_ctx(self, line: int) -> GradContext | None:
        best: tuple[int, int, GradContext] | None = None
        for start, end, c in (*self.ctx, *self.switches):
            if start <= line <= end and (best is None or start >= best[0]):
                best = (start, end, c)
        if best is None or best[2].kind == "enable_grad":
            return None
        return best[2]

    def _body(self, body: list[ast.stmt], span: tuple[int, int]) -> None:
        """Statements of one block; `torch.set_grad_enabled(False)` as a statement switches
        grad mode for the rest of the block."""
        opened = 0
        for st in body:
            if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call) and \
                    last_part(call_name(st.value)) == "set_grad_enabled":
                kind = grad_kind(st.value)
                if kind is not None:
                    end_line = st.end_lineno or st.lineno
                    region = (end_line + 1, span[1], GradContext(kind, st.lineno, self._code(st)))
                    self.p.contexts.append(region)
                    self.switches.append(region)
                    opened += 1
            self.visit(st)
        if opened:
            del self.switches[-opened:]

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

    def visit_Call(self, node: ast.Call) -> None:
        self.p.calls.append(node)
        func = node.func
        owner = dotted(func.value) if isinstance(func, ast.Attribute) else None
        if isinstance(func, ast.Attribute) and func.attr.endswith("_") and \
                not func.attr.startswith("_") and func.attr not in NOT_INPLACE:
            name = call_name(node) or ""
            if name.startswith(("nn.init.", "torch.nn.init.", "init.")):
                target = arg_of(node, 0, "tensor")  # nn.init.zeros_(w) changes w
                if target is not None:
                    self._inplace(node.lineno, target, "init", node, func.attr)
            elif owner in TORCH_MODULES:  # torch.relu_(y): y changes, not torch
                target = arg_of(node, 0, "input")
                if target is not None:
                    self._inplace(node.lineno, target, "function", node, func.attr)
            else:
                self._inplace(node.lineno, func.value, "method", node, func.attr)
        elif isinstance(func, ast.Attribute) and owner in TORCH_MODULES and \
                kw_const(node, "inplace") is True:  # F.relu(x, inplace=True) changes x
            target = arg_of(node, 0, "input")
            if target is not None:
                self._inplace(node.lineno, target, "function", node, func.attr)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "grad" and isinstance(node.ctx, ast.Load):
            self.p.grad_reads.append(node)
        self.generic_visit(node)
