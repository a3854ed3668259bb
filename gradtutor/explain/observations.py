"""Explain a run's warnings and errors in terms of the learner's own variables.

`explain_observations(source, result)` is the entry point shared by `gradtutor explain`
and grading. For every warning and the exception of a run it finds the catalogue entry; the
entry's builder (builders.py) looks at the program (names.py) and, when available, at the
observed tensors (the graph probe, or typed values of bare names) to say which variable is
meant, why, and what to change, quoting the learner's lines. Problems torch accepts silently
are added from the program and the graph.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from gradtutor.explain.builders import BUILDERS
from gradtutor.explain.catalogue import BY_KEY, Entry, iter_matches, strip_torch_suffix
from gradtutor.explain.context import Ctx, Explanation, ResultLike, Specific
from gradtutor.explain.graph import Graph, graph_from_values
from gradtutor.explain.limits import over_cap
from gradtutor.explain.names import Binding, Program, collapse, dotted
from gradtutor.facts import Fact

__all__ = ["Explanation", "explain_observations", "explain_one", "silent_findings"]


# ------------------------------------------------------------------------------ silent problems


def _reads_grad_of(node: ast.AST | None, name: str) -> bool:
    return node is not None and any(
        isinstance(n, ast.Attribute) and n.attr == "grad" and dotted(n.value) == name
        for n in ast.walk(node)
    )


def rebound_updates(program: Program, graph: Graph | None) -> list[Explanation]:
    """`w = w - lr * w.grad`: an update that rebinds the name instead of changing the leaf."""
    entry = BY_KEY["update_rebinds_leaf"]
    c = _silent_ctx(program, entry, graph)
    out = []
    for b in program.bindings:
        if b.kind != "assign" or not b.self_ref or not _reads_grad_of(b.value_node, b.name):
            continue
        f = c.facts(b.name, b)
        if b.grad_ctx is not None or (f is not None and f.is_leaf):
            now = Fact.of("explain.rebound.new_tensor_no_grad")
        else:
            now = Fact.of(
                "explain.rebound.new_non_leaf",
                fn=f.grad_fn
                if f is not None and f.grad_fn
                else Fact.of("explain.rebound.computed_from_old"),
            )
        text = Fact.of("explain.rebound.line_makes", l=b.line, code=b.code, n=b.name, now=now)
        out.append(
            Explanation(
                key=entry.key,
                title=entry.title,
                text=(text, entry.text),
                fix=(
                    Fact.of(
                        "explain.update_rebinds_leaf.fix_with", update=_in_place_update(program, b)
                    ),
                ),
                line=b.line,
                variable=b.name,
                kind="silent",
            )
        )
    return out


def _silent_ctx(program: Program, entry: Entry, graph: Graph | None) -> Ctx:
    dummy = re.match("", "")
    assert dummy is not None
    return Ctx(program, entry, dummy, None, None, "", graph, {})


def _in_place_update(program: Program, b: Binding) -> str:
    """`w = w - 0.1 * w.grad` -> `w -= 0.1 * w.grad` when the shape allows it."""
    v = b.value_node
    if (
        isinstance(v, ast.BinOp)
        and isinstance(v.op, ast.Sub | ast.Add)
        and dotted(v.left) == b.name
    ):
        op = "-=" if isinstance(v.op, ast.Sub) else "+="
        return f"{b.name} {op} {program.segment(v.right)}"
    return f"{b.name}.copy_({b.value})"


def silent_findings(program: Program, graph: Graph | None) -> list[Explanation]:
    """Problems torch accepts without a word: from the program, and from the graph probe."""
    out = rebound_updates(program, graph)
    if graph is None:
        return out
    entry = BY_KEY["optimizer_frozen_param"]
    for opt in graph.optimizers:
        noreq = [graph.tensors[i] for i in opt.params if not graph.tensors[i].requires_grad]
        if not noreq:
            continue
        ob = program.binding_at(opt.name, None)
        names = [t.label for t in noreq]
        shown = ", ".join(f"`{n}`" for n in names[:4]) + (" …" if len(names) > 4 else "")
        parts: list[Fact] = []
        for t in noreq[:4]:
            if t.name is None:
                continue
            sites = program.freeze_sites(t.name, None)
            if sites:
                parts.append(
                    Fact.of(
                        "explain.optimizer_frozen.frozen_on",
                        n=t.name,
                        l=sites[-1][0],
                        code=sites[-1][1],
                    )
                )
            elif not t.is_param:
                tb = program.binding_at(t.name, None)
                if tb is not None:
                    parts.append(
                        Fact.of("explain.reason.created_without_grad", n=t.name, l=tb.line)
                    )
        where = Fact.of("explain.optimizer_frozen.on_line", l=ob.line) if ob else ""
        key = (
            "explain.optimizer_frozen.holds_one"
            if len(names) == 1
            else "explain.optimizer_frozen.holds_many"
        )
        text = [Fact.of(key, o=opt.name, w=where, names=shown)]
        if parts:
            text.append(Fact.of("explain.clauses", items=parts))
        out.append(
            Explanation(
                key=entry.key,
                title=entry.title,
                text=(*text, entry.text),
                fix=(entry.fix,),
                line=ob.line if ob else None,
                variable=opt.name,
                kind="silent",
            )
        )
    return out


# ------------------------------------------------------------------------------ entry point


def _get(result: Any, field: str) -> Any:
    if isinstance(result, Mapping):
        return result.get(field)
    return getattr(result, field, None)


def _observations(result: Any) -> list[tuple[str, str, int | None, str | None, str]]:
    """(category, message, line, expr, kind) of every warning, then the exception."""
    out = []
    for w in _get(result, "warnings") or []:
        if isinstance(w, Mapping) and isinstance(w.get("message"), str):
            line = w.get("line") if isinstance(w.get("line"), int) else None
            expr = w.get("expr") if isinstance(w.get("expr"), str) else None
            out.append((str(w.get("category") or "Warning"), w["message"], line, expr, "warning"))
    exc = _get(result, "exception")
    if isinstance(exc, Mapping) and isinstance(exc.get("message"), str):
        line = exc.get("line") if isinstance(exc.get("line"), int) else None
        out.append((str(exc.get("type") or "Exception"), exc["message"], line, None, "error"))
    return out


def explain_one(
    program: Program,
    category: str | None,
    message: str,
    line: int | None,
    graph: Graph | None = None,
    values: Mapping[str, Any] | None = None,
    expr: str | None = None,
) -> Explanation | None:
    """Explain one warning or error message raised at `line` of `program`."""
    text = strip_torch_suffix(message)
    for entry, m in iter_matches(text, category):
        c = Ctx(program, entry, m, line, expr, text, graph, values or {})
        build = BUILDERS.get(entry.key)
        spec: Specific | None = None
        if build is not None:
            try:
                spec = build(c)
            except Exception:  # an analysis bug must never hide torch's own message
                spec = None
        if spec is None and entry.needs_subject:
            continue
        spec = spec or Specific()
        return Explanation(
            key=entry.key,
            title=spec.title or entry.title,
            text=(*spec.sentences, entry.text),
            fix=spec.fixes or (entry.fix,),
            line=line,
            variable=spec.variable,
            kind=entry.kind,
            category=category,
            message=text,
            expr=expr,
        )
    return None


def _unknown(category: str, message: str, line: int | None, kind: str,
             expr: str | None) -> Explanation:
    """A message the catalogue does not know: kept so a display shows torch's own words."""
    text = strip_torch_suffix(message)
    return Explanation(
        key="unknown", title=Fact.of("explain.unknown.title", category=category,
                                     message=collapse(text, 90)),
        text=(), fix=(), line=line, variable=None, kind=kind, category=category, message=text,
        expr=expr)


_SYNTAX = ("SyntaxError", "IndentationError", "TabError")


def _syntax_error(program: Program, category: str, message: str, line: int | None) -> Explanation:
    """The file itself does not parse: say so with its line, and nothing about autograd."""
    where = line if line is not None else program.syntax_line
    text = collapse(strip_torch_suffix(message), 120)
    return Explanation(
        key="syntax_error",
        title=Fact.of("explain.syntax_error.title"),
        text=(Fact.of("explain.syntax_error.text", line=where, message=text),),
        fix=(Fact.of("explain.syntax_error.fix", line=where),),
        line=where,
        variable=None,
        kind="error",
        category=category,
        message=text,
    )


def explain_observations(
    source: str,
    result: ResultLike | Mapping[str, Any],
    graph: Graph | None = None,
    *,
    include_unmatched: bool = False,
) -> list[Explanation]:
    """Explanations for a run's warnings and exception (and silent problems the graph shows).

    `result` is a RunResult or its JSON dict. The graph is taken from the result's values when
    the run included `PROBE_EXPRESSION` and none is given. Identical warnings are merged.
    A source over the size cap (limits.py) gets no explanation: the work must stay bounded.
    """
    if over_cap(source):  # bounded work in the parent: a file over the cap is not analysed
        return []
    program = Program(source)
    values = _get(result, "values") or {}
    if graph is None and isinstance(values, Mapping):
        graph, _why = graph_from_values(values)
    out: list[Explanation] = []
    index: dict[tuple[str, int | None, str | None, str], int] = {}
    for category, message, line, expr, kind in _observations(result):
        if program.tree is None and category in _SYNTAX and kind == "error":
            out.append(_syntax_error(program, category, message, line))
            continue
        ex = explain_one(
            program,
            category,
            message,
            line,
            graph,
            values if isinstance(values, Mapping) else {},
            expr,
        )
        if ex is None:
            if not include_unmatched:
                continue
            ex = _unknown(category, message, line, kind, expr)
        key = (ex.key, ex.line, ex.variable, ex.message or "")
        if key in index and kind == "warning":
            prev = out[index[key]]
            out[index[key]] = replace(prev, count=prev.count + 1)
            continue
        index[key] = len(out)
        out.append(ex)
    out += silent_findings(program, graph)
    # In program order: a silent problem on line 11 comes before the error it leads to on 12.
    return sorted(out, key=lambda e: (e.line is None, e.line or 0))
