"""Which of the learner's variables a message is about, from the source alone (AST, no exec).

Runs in the trusted parent. `Program(source)` indexes every binding (`x = ...`, loop targets,
parameters, `with ... as`), every in-place modification (`x += 1`, `x.add_(1)`, `x[0] = 1`,
`x.detach().zero_()`) and every grad-mode block (`with torch.no_grad():`, `@torch.no_grad()`,
`torch.set_grad_enabled(False)`).

Which binding of a name is in effect at a line is approximated the way the brief asks: the last
assignment on an earlier line of the same scope (function or module; a name assigned nowhere in
a function is looked up in the enclosing scopes). Loops are not unrolled.

Bounded work: the source is split into lines once, and every lookup goes through a table built
once (by line, by name, by target), so explaining n messages of an n-line program stays close
to linear. The learner file's size itself is capped by `limits.py`.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections import defaultdict

from gradtutor.explain.indexer import Indexer
from gradtutor.explain.syntax import (
    FACTORIES,
    MAX_CODE,
    Binding,
    GradContext,
    InplaceOp,
    Scope,
    Subject,
    arg_of,
    call_name,
    collapse,
    dotted,
    func_last,
    grad_kind,
)

__all__ = ["FACTORIES", "MAX_CODE", "Binding", "GradContext", "InplaceOp", "Program", "Subject",
           "call_name", "collapse", "dotted", "func_last", "grad_kind"]

# Lines as the parser counts them (\r\n, \r or \n; not the form feeds str.splitlines() knows).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _seg_one(line: str, start: int | None, end: int | None) -> str:
    """`line[start:end]` where the offsets count UTF-8 bytes, as the AST's columns do."""
    if line.isascii():
        return line[start:end]
    return line.encode("utf-8")[start:end].decode("utf-8", "replace")


class Program:
    """An index of one learner program. Never raises on bad source: a SyntaxError leaves an
    empty index (the sandbox reports the syntax error itself)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._raw = _LINE.findall(source)  # with their line ends, for source segments
        self.lines = [ln.rstrip("\r\n") for ln in self._raw]
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
        self.syntax_line: int | None = None  # where the parser stopped, for a SyntaxError
        try:
            self.tree: ast.Module | None = ast.parse(source)
            Indexer(self).run(self.tree)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            self.tree = None
            self.syntax_error = str(exc) or type(exc).__name__
            self.syntax_line = getattr(exc, "lineno", None)
            # An empty index, so that every lookup simply finds nothing.
            for table in (self.scopes, self.bindings, self.inplace, self.contexts,
                          self.statements, self.calls, self.grad_reads, self.attr_assigns):
                table.clear()
            self.scopes.append(Scope(ast.Module(body=[], type_ignores=[]), None, 1,
                                     len(self.lines) or 1))
        self._build_tables()

    def _build_tables(self) -> None:
        """Every table the lookups use, each built in one pass."""
        size = max([len(self.lines), *(s.end for s in self.scopes)]) + 2
        self._by_key: dict[tuple[str, int], list[Binding]] = defaultdict(list)
        self._alias_children: dict[str, list[Binding]] = defaultdict(list)
        for b in self.bindings:
            self._by_key[(b.name, b.scope)].append(b)
            if b.alias_of is not None:
                self._alias_children[b.alias_of].append(b)
        self._lines_of = {k: [b.line for b in v] for k, v in self._by_key.items()}
        # Scopes come in pre-order (outer before inner), so a later one overwrites its lines.
        self._scope_of_line = [0] * size
        for i, s in enumerate(self.scopes):
            if i:
                self._scope_of_line[max(s.start, 0):min(s.end, size - 1) + 1] = \
                    [i] * (min(s.end, size - 1) + 1 - max(s.start, 0))
        self._stmt_of_line: list[ast.stmt | None] = [None] * size
        for st in self.statements:
            for ln in range(st.lineno, min(st.end_lineno or st.lineno, size - 1) + 1):
                cur = self._stmt_of_line[ln]
                if cur is None or st.lineno >= cur.lineno:
                    self._stmt_of_line[ln] = st
        self._calls_by_line: dict[int, list[ast.Call]] = defaultdict(list)
        for c in self.calls:
            self._calls_by_line[c.lineno].append(c)
        self._reads_by_line: dict[int, list[ast.Attribute]] = defaultdict(list)
        for r in self.grad_reads:
            self._reads_by_line[r.lineno].append(r)
        self._inplace_by_line: dict[int, list[InplaceOp]] = defaultdict(list)
        self._inplace_by_target: dict[str, list[InplaceOp]] = defaultdict(list)
        self._inplace_pos = {id(op): i for i, op in enumerate(self.inplace)}
        for op in self.inplace:
            self._inplace_by_line[op.line].append(op)
            self._inplace_by_target[op.target].append(op)
        self._attrs_by_line: dict[int, list[tuple[int, str, str, ast.expr]]] = defaultdict(list)
        for a in self.attr_assigns:
            self._attrs_by_line[a[0]].append(a)
        self.backward_call_lines = sorted({
            c.lineno for c in self.calls
            if func_last(c) == "backward" or (call_name(c) or "").endswith("autograd.grad")})
        self._ctx_of_line: list[tuple[int, int, GradContext] | None] | None = None
        self._spans: dict[tuple[int, int], list] = {}
        self._freeze_cache: list[tuple[int, str]] | None = None

    # ------------------------------------------------------------------ source text

    def segment(self, node: ast.AST, limit: int = MAX_CODE) -> str:
        """The node's source, collapsed to one line of at most `limit` characters."""
        return _segment(self._raw, node, limit)

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

    # ------------------------------------------------------------------ scopes and bindings

    def scope_at(self, line: int | None) -> int:
        """Innermost function/class scope whose body holds `line` (0 = module)."""
        if line is None or not 0 <= line < len(self._scope_of_line):
            return 0
        return self._scope_of_line[line]

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
        return [b for s in range(len(self.scopes)) for b in self._by_key.get((name, s), ())]

    def binding_at(self, name: str, line: int | None) -> Binding | None:
        """The binding of `name` in effect at `line` (None: at the end of the program).

        For a dotted name (`model.weight`) the binding of the dotted target is preferred, then
        that of its base name (`model`)."""
        candidates = [name]
        if "." in name:
            candidates.append(name.split(".")[0])
        here = self.scope_at(line)
        for cand in candidates:
            scope = self._lookup_scope(cand, here)
            found = self._by_key.get((cand, scope))
            if not found:
                continue
            if line is None:
                return found[-1]
            i = bisect.bisect_left(self._lines_of[(cand, scope)], line)
            if i:
                return found[i - 1]
            if scope != here:  # a global read from a function: any binding
                return found[-1]
        return None

    def is_rebound_later(self, binding: Binding) -> bool:
        same = self._by_key.get((binding.name, binding.scope))
        return bool(same) and same[-1].line > binding.line

    def aliases_of(self, name: str) -> dict[str, str]:
        """Names bound to a detach()/.data/view of `name` (transitively): {alias: how}."""
        found: dict[str, str] = {}
        frontier = [name]
        while frontier:
            cur = frontier.pop()
            for b in self._alias_children.get(cur, ()):
                if b.name not in found and b.name != name:
                    found[b.name] = b.alias_how or "view"
                    frontier.append(b.name)
        return found

    # ------------------------------------------------------------------ what is on a line

    def statement_at(self, line: int | None) -> ast.stmt | None:
        """The innermost simple statement spanning `line`."""
        if line is None or not 0 <= line < len(self._stmt_of_line):
            return None
        return self._stmt_of_line[line]

    def _at(self, by_line: dict[int, list], line: int | None) -> list:
        """Nodes on `line`; if none starts there, those of the statement spanning it."""
        if line is None:
            return []
        exact = by_line.get(line)
        if exact:
            return list(exact)
        st = self.statement_at(line)
        if st is None:
            return []
        key = (id(by_line), st.lineno)  # a long statement is gathered once, not once a line
        if key not in self._spans:
            self._spans[key] = [n for ln in range(st.lineno, (st.end_lineno or st.lineno) + 1)
                                for n in by_line.get(ln, ())]
        return list(self._spans[key])

    def calls_at(self, line: int | None, *attrs: str) -> list[ast.Call]:
        """Calls on `line` whose function's last name is one of `attrs` (any call if empty)."""
        found = [c for c in self._at(self._calls_by_line, line)
                 if not attrs or func_last(c) in attrs]
        return sorted(found, key=lambda c: (c.lineno, c.col_offset))

    def attr_assigns_at(self, line: int | None, attr: str) -> list[str]:
        """`t` for every `t.<attr> = ...` on `line`."""
        if line is None:
            return []
        return [base for _ln, base, a, _v in self._attrs_by_line.get(line, ()) if a == attr]

    def inplace_at(self, line: int | None) -> list[InplaceOp]:
        """In-place changes on `line`, else those of the statement spanning it."""
        return self._at(self._inplace_by_line, line)

    def inplace_before(self, before: int) -> list[InplaceOp]:
        return [op for ln in sorted(k for k in self._inplace_by_line if k < before)
                for op in self._inplace_by_line[ln]]

    def inplace_of(self, target: str) -> list[InplaceOp]:
        return list(self._inplace_by_target.get(target, ()))

    def inplace_on(self, names: set[str], after: int, before: int) -> list[InplaceOp]:
        ops = [op for n in names for op in self._inplace_by_target.get(n, ())
               if after < op.line < before]
        return sorted(ops, key=lambda op: self._inplace_pos[id(op)]) if len(names) > 1 else ops

    def backward_lines(self, after: int, before: int | None) -> list[int]:
        """Lines after `after` (and before `before`) that run backward() or autograd.grad."""
        lo = bisect.bisect_right(self.backward_call_lines, after)
        hi = len(self.backward_call_lines) if before is None else \
            bisect.bisect_left(self.backward_call_lines, before)
        return self.backward_call_lines[lo:hi]

    # ------------------------------------------------------------------ subjects

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
        return [self.subject(r.value, line, receiver=True)
                for r in self._at(self._reads_by_line, line)]

    def receivers_at(self, line: int | None, method: str) -> list[Subject]:
        """`t` for every `t.method(...)` on `line`."""
        return [self.subject(c.func.value, line, receiver=True)
                for c in self.calls_at(line, method) if isinstance(c.func, ast.Attribute)]

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
                arg = arg_of(c, 0, "outputs", "tensors")
                if arg is not None:
                    out.extend(self.elements(arg, line))
        return out

    def elements(self, node: ast.expr, line: int | None = None) -> list[Subject]:
        """The items of a list/tuple literal, or the expression itself."""
        if isinstance(node, ast.List | ast.Tuple):
            return [self.subject(e, line) for e in node.elts]
        return [self.subject(node, line)]

    # ------------------------------------------------------------------ grad mode, freezing

    def grad_context_at(self, line: int | None) -> GradContext | None:
        """The innermost grad-mode region around `line`."""
        if line is None:
            return None
        if self._ctx_of_line is None:  # built on first use: most explanations never ask
            self._ctx_of_line = _innermost_regions(self.contexts, len(self._scope_of_line))
        if not 0 <= line < len(self._ctx_of_line):
            return None
        best = self._ctx_of_line[line]
        if best is None or best[2].kind == "enable_grad":
            return None
        return best[2]

    def freeze_sites(self, name: str, before: int | None) -> list[tuple[int, str]]:
        """Lines (before `before`) that switched requires_grad off for `name` or its
        parameters: `t.requires_grad_(False)`, `t.requires_grad = False`, also through the
        loop variable of `for p in model.parameters()`."""
        if self._freeze_cache is None:
            self._freeze_cache = _freezes(self)
        sites = [(line, self.line_text(line)) for line, target in self._freeze_cache
                 if (before is None or line < before) and _covers(self, name, target, line)]
        return sorted(set(sites))


def _segment(raw: list[str], node: ast.AST, limit: int) -> str:
    """The node's source, collapsed to one line of at most `limit` characters. Reads only the
    node's own lines, and of a long node only as many as the excerpt needs."""
    first, last = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
    col, end_col = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
    if None in (first, last, col, end_col) or not 1 <= first <= last <= len(raw):
        return collapse(ast.unparse(node), limit)  # type: ignore[arg-type]
    if first == last:
        return collapse(_seg_one(raw[first - 1], col, end_col), limit)
    parts = [_seg_one(raw[first - 1], col, None)]
    shown = len(" ".join(parts[0].split()))
    for ln in range(first + 1, last):
        if shown > limit + 1:  # the excerpt is full: the rest would be cut off anyway
            return collapse("".join(parts) + " …", limit)
        parts.append(raw[ln - 1])
        shown += len(" ".join(parts[-1].split())) + 1
    parts.append(_seg_one(raw[last - 1], None, end_col))
    return collapse("".join(parts), limit)


def flags_set_at(program: Program, line: int | None) -> list[tuple[str, bool | None]]:
    """(t, value) for every `t.requires_grad = value` and `t.requires_grad_(value)` on
    `line`; value is None when it is not a literal True or False."""
    if line is None:
        return []
    out: list[tuple[str, bool | None]] = []
    for call in program.calls_at(line, "requires_grad_"):
        target = dotted(call.func.value) if isinstance(call.func, ast.Attribute) else None
        arg = arg_of(call, 0, "requires_grad")
        if target:
            out.append((target, True if arg is None else _literal_bool(arg)))
    for _ln, base, attr, value in program._attrs_by_line.get(line, ()):
        if attr == "requires_grad":
            out.append((base, _literal_bool(value)))
    return out


def _literal_bool(node: ast.expr) -> bool | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, bool) else None


def _innermost_regions(contexts: list[tuple[int, int, GradContext]], size: int
                       ) -> list[tuple[int, int, GradContext] | None]:
    """For every line, the innermost grad-mode region around it, in one sweep: regions nest (a
    `with` inside a block, a `set_grad_enabled` to the end of its block), so the open region
    that started last is the innermost."""
    table: list[tuple[int, int, GradContext] | None] = [None] * size
    order = sorted(range(len(contexts)), key=lambda i: (contexts[i][0], -contexts[i][1], i))
    stack: list[tuple[int, int, GradContext]] = []
    k = 0
    for ln in range(size):
        while k < len(order) and contexts[order[k]][0] <= ln:
            stack.append(contexts[order[k]])
            k += 1
        while stack and stack[-1][1] < ln:
            stack.pop()
        live = [r for r in stack if r[1] >= ln] if stack else []
        table[ln] = live[-1] if live else None
    return table


def _covers(program: Program, name: str, target: str, line: int) -> bool:
    """Whether switching off `target` at `line` freezes `name` (or one of its parameters)."""
    if target == name or target.startswith(name + ".") or name.startswith(target + "."):
        return True
    b = program.binding_at(target, line)  # `for n, p in model.named_parameters(): p...`
    if b is not None and b.kind == "for" and b.value_node is not None:
        it = b.value_node
        if isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute):
            owner = dotted(it.func.value)
            return owner is not None and (owner == name or owner.startswith(name + ".")
                                          or name.startswith(owner + "."))
    return False


def _freezes(program: Program) -> list[tuple[int, str]]:
    """(line, target) of every `t.requires_grad_(False)` and `t.requires_grad = False`."""
    found: list[tuple[int, str]] = []
    for call in program.calls:
        if isinstance(call.func, ast.Attribute) and call.func.attr == "requires_grad_":
            arg = call.args[0] if call.args else None
            target = dotted(call.func.value)
            if isinstance(arg, ast.Constant) and arg.value is False and target:
                found.append((call.lineno, target))
    for line, target, attr, value in program.attr_assigns:
        if attr == "requires_grad" and isinstance(value, ast.Constant) and value.value is False:
            found.append((line, target))
    return found
