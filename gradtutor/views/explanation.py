"""Explanations, the graph view and the memory view, rendered from the explain core's facts.

The explain core (gradtutor.explain) returns keyed facts and data, never sentences; this module
turns them into English or Chinese text with the one message catalogue (gradtutor.text):

- `render_fact(fact, lang)`: a fact whose fields may hold facts, or lists of facts (joined by
  "; "; a fact explain.series.<sep> with an `items` field is its items joined by that message);
- `parts(explanation, lang)`: an Explanation (or its `to_json()` form, as grading stores it) as
  title, text and fix strings;
- `render_tree`, `render_dot`, `render_memory`: the graph and memory views.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gradtutor.explain.context import Explanation
from gradtutor.explain.graph import Graph, TensorInfo
from gradtutor.explain.graph_notes import (
    MAX_DEPTH,
    final_binding,
    flags,
    old_leaf_hint,
    optimizer_modules,
    tensor_notes,
    untracked_inputs,
)
from gradtutor.explain.memory_report import MemoryReport, human_bytes
from gradtutor.explain.names import Program
from gradtutor.facts import Fact
from gradtutor.text import render
from gradtutor.text.wrapping import width_of, wrap
from gradtutor.views.style import paint

# ------------------------------------------------------------------------------ facts


def _zh(lang: str) -> bool:
    return lang.lower().startswith("zh")


def render_fact(item: Any, lang: str) -> str:
    """A fact in `lang`, its fields rendered first; a list of facts joined; anything else as
    text. Facts in JSON form ({"key": ..., "fields": ...}) are accepted too."""
    if isinstance(item, Mapping) and set(item) == {"key", "fields"}:
        item = Fact(str(item["key"]), item["fields"])
    if isinstance(item, Fact) and item.key.startswith("explain.series."):
        # a series of items: the message is the separator (", " or "、", "; " or "；")
        return render(item.key, lang).join(render_fact(x, lang) for x in item.fields["items"])
    if isinstance(item, Fact):
        fields = {k: render_fact(v, lang) for k, v in item.fields.items()}
        return render(item.key, lang, **fields)
    if isinstance(item, list | tuple):
        return render("explain.series.semicolon", lang).join(render_fact(x, lang) for x in item)
    return "" if item is None else str(item)


def sentence(text: str, lang: str) -> str:
    """Capitalised (unless it starts with code: `backward()`, `torch.tensor(t)`, `unbind,`)
    and ending with a full stop of the language."""
    text = text.strip()
    first = text.split(maxsplit=1)[0] if text else ""
    if first.isalpha():
        text = text[:1].upper() + text[1:]
    if not text or text.endswith((".", "。", "!", "?", "！", "？")):
        return text
    return text + ("。" if _zh(lang) else ".")


def sentences(items: Iterable[Any], lang: str, *, full_stop: bool = True) -> str:
    """Sentences in a row: a space between English ones, none between Chinese ones."""
    rendered = [render_fact(x, lang).strip() for x in items]
    rendered = [sentence(r, lang) if full_stop else r for r in rendered if r]
    return ("" if _zh(lang) else " ").join(rendered)


@dataclass(frozen=True)
class Parts:
    """One explanation as text: what went wrong, why (about the learner's code first), fix."""

    title: str
    text: str
    fix: str


def parts(ex: Explanation | Mapping[str, Any], lang: str) -> Parts:
    """An Explanation, or its JSON form, rendered in `lang`."""
    get = ex.get if isinstance(ex, Mapping) else lambda k, d=None: getattr(ex, k, d)
    text = get("text") or ()
    fix = get("fix") or ()
    return Parts(render_fact(get("title"), lang), sentences(_seq(text), lang),
                 sentences(_seq(fix), lang, full_stop=False))


def _seq(value: Any) -> Sequence[Any]:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return value
    return [value]


def render_explanations(explanations: Iterable[Explanation], lang: str) -> list[Parts]:
    return [parts(ex, lang) for ex in explanations]


# ------------------------------------------------------------------------------ styling

class _Paint:
    """ANSI styles when `color` is set; identity otherwise (views.style writes the escapes)."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, *styles: str) -> str:
        return paint(text, *styles, color=self.color)


_cols = width_of  # terminal columns (wcwidth): wide CJK characters take two


def _fill(text: str, lang: str, prefix: str = "  ", more: str = "  ") -> str:
    # Chinese included: the wrapper breaks between wide characters, never inside a word.
    return wrap(text, prefix=prefix + more, first=prefix)


# ------------------------------------------------------------------------------ tree view


def render_tree(graph: Graph, program: Program | None = None, *, color: bool = False,
                lang: str = "en") -> str:
    """The namespace's tensors, then each graph from its output down to the leaves."""
    p = _Paint(color)
    if not graph.named:
        return render("explain.graph.no_tensors", lang)
    out = [p(render("explain.graph.tensors", lang), "bold")]
    out += _tensor_rows(graph, program, p, lang)
    out += _optimizer_rows(graph, p, lang)
    out.append("")
    out.append(p(render("explain.graph.graph", lang), "bold"))
    out += _graph_rows(graph, program, p, lang)
    if graph.truncated:
        out.append("  " + render("explain.graph.truncated", lang))
    if not graph.grad_enabled:
        out.append("")
        out.append(render("explain.graph.grad_off", lang))
    return "\n".join(out)


def _tensor_rows(graph: Graph, program: Program | None, p: _Paint, lang: str) -> list[str]:
    named = graph.named
    width = min(max(len(t.name or "") for t in named), 24)
    rows = []
    for t in named:
        words = [render_fact(f, lang) for f in flags(t)]
        if t.grad_fn is not None:
            words.insert(1, graph.nodes[t.grad_fn].name)
        rows.append((t, words))
    flag_width = min(max(_cols(" · ".join(f)) for _t, f in rows), 60)
    shape_width = min(max(len(t.shape_text) for t in named), 24)
    out = []
    for t, words in rows:
        kind_style = "green" if t.is_leaf and t.requires_grad else (
            "yellow" if not t.is_leaf else "dim")
        plain = " · ".join(words)
        styled = p(words[0], kind_style) + "".join(
            " · " + (p(f, "cyan") if t.grad_fn is not None and i == 0 else f)
            for i, f in enumerate(words[1:]))
        line = f"  {p((t.name or '').ljust(width), 'bold')}  {t.shape_text:<{shape_width}}  " \
            + styled
        b = final_binding(program, t.name)
        if b is not None and b.kind != "param":
            line += " " * max(flag_width - _cols(plain), 0)
            line += p(f"   {render('explain.cli.line', lang, line=b.line)}: {b.code}", "dim")
        out.append(line.rstrip())
        for note in tensor_notes(graph, t, program):
            out.append(" " * (width + 4) + p("↳ " + render_fact(note, lang), "magenta"))
    return out


def _optimizer_rows(graph: Graph, p: _Paint, lang: str) -> list[str]:
    out = []
    for opt in graph.optimizers:
        noreq = [graph.tensors[i].label for i in opt.params if not graph.tensors[i].requires_grad]
        text = "  " + render("explain.graph.optimizer", lang, name=f"`{opt.name}`",
                             type=opt.type, n=opt.total)
        for module, held, params in optimizer_modules(graph, opt):
            text += " · " + render("explain.graph.opt_of", lang, k=held, m=len(params),
                                   mod=f"`{module}`")
            left = [t.label for t in params if t.index not in opt.params]
            if left:
                shown = ", ".join(f"`{n}`" + ("" if (lt := graph.tensor(n)) is None
                                              or lt.requires_grad else " (requires_grad=False)")
                                  for n in left[:4])
                text += render("explain.series.semicolon", lang) + render(
                    "explain.graph.opt_left", lang,
                    names=shown + (" …" if len(left) > 4 else ""))
        if noreq:
            text += " · " + p(render("explain.graph.opt_noreq", lang,
                                     names=", ".join(f"`{n}`" for n in noreq)), "red")
        out.append(text)
    return out


def _graph_rows(graph: Graph, program: Program | None, p: _Paint, lang: str) -> list[str]:
    out: list[str] = []
    roots = graph.roots()
    if not roots:
        out.append("  " + render("explain.graph.no_graph", lang))
    shown: set[int] = set()
    labels = untracked_inputs(graph, program)
    for root in roots:
        assert root.grad_fn is not None
        hint = old_leaf_hint(graph, root, program)
        out.append("  " + p(root.label, "bold"))
        walk = _Walk(graph, p, lang, render_fact(hint, lang) if hint else None, root, labels)
        walk.node(root.grad_fn, "  ", True, shown, out, 0)
    untracked = render("explain.graph.untracked_word", lang)
    if any(untracked in line for line in out):
        legend = render("explain.graph.legend", lang)
        if not _zh(lang):  # Chinese has no spaces to wrap at
            legend = wrap(legend, prefix="  ")
            out.extend(p(line, "dim") for line in legend.split("\n"))
        else:
            out.append(p("  " + legend, "dim"))
    return out


@dataclass
class _Walk:
    """Draws one root's graph, from its grad_fn down to the leaves."""

    graph: Graph
    p: _Paint
    lang: str
    hint: str | None
    root: TensorInfo
    labels: dict[int, list[tuple[str, str]]]

    def label(self, node: int) -> tuple[str, list[str]]:
        g, p, lang = self.graph, self.p, self.lang
        n = g.nodes[node]
        label = p(n.name, "cyan")
        names = [t.name for t in g.producers(node) if t.name and t.index != self.root.index]
        if names:
            label += " = " + p(", ".join(names), "bold")
        if n.variable is not None:
            leaf = g.tensors[n.variable]
            text = leaf.name or render("explain.graph.unnamed_leaf", lang, shape=leaf.shape_text)
            if not leaf.name and self.hint:
                text += f" ({self.hint})"
            label += " → " + p(text, "green")
        extras = []
        if n.freed:
            extras.append(p(render("explain.graph.freed", lang), "red"))
        nones = sum(1 for x in n.next if x is None)
        named = self.labels.get(node, [])
        if nones and n.variable is None and len(named) == nones:
            extras.append(p(_untracked(named, lang), "dim"))
        elif nones and n.variable is None:
            key = "explain.graph.nograd_input" if nones == 1 else "explain.graph.nograd_inputs"
            extras.append(p(render(key, lang, n=nones), "dim"))
        return label, extras

    def node(self, node: int, prefix: str, last: bool, shown: set[int], out: list[str],
             depth: int) -> None:
        n = self.graph.nodes[node]
        branch = "└─ " if last else "├─ "
        label, extras = self.label(node)
        if node in shown and any(x is not None for x in n.next):
            out.append(prefix + branch + label + " "
                       + self.p(render("explain.graph.shown", self.lang), "dim"))
            return
        if extras:
            label += "  · " + " · ".join(extras)
        out.append(prefix + branch + label)
        shown.add(node)
        if depth >= MAX_DEPTH:
            out.append(prefix + ("   " if last else "│  ") + "└─ …")
            return
        children = [x for x in n.next if x is not None]
        child_prefix = prefix + ("   " if last else "│  ")
        for i, child in enumerate(children):
            self.node(child, child_prefix, i == len(children) - 1, shown, out, depth + 1)


def _untracked(named: list[tuple[str, str]], lang: str) -> str:
    return render("explain.graph.untracked_named", lang, names=", ".join(
        f"`{text}`" if kind == "expr" else render("explain.graph.constant", lang, c=text)
        for kind, text in named))


# ------------------------------------------------------------------------------ DOT view


def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render_dot(graph: Graph, program: Program | None = None, lang: str = "en") -> str:
    """Graphviz DOT text: tensors are boxes, grad_fn nodes ellipses, shared memory dashed."""
    lines = ["digraph autograd {", "  rankdir=TB;",
             '  node [fontname="Helvetica", fontsize=11];', '  edge [color="#555555"];']
    used = {t.index for t in graph.named} | {n.variable for n in graph.nodes
                                             if n.variable is not None}
    hints = _dot_hints(graph, program, lang)
    labels = untracked_inputs(graph, program)
    for i in sorted(used):
        lines.append(_dot_tensor(graph, graph.tensors[i], program, hints.get(i), lang))
    for n in graph.nodes:
        label = n.name
        if n.freed:
            label += "\n" + render("explain.graph.freed", lang)
        named = labels.get(n.index, [])
        if named and len(named) == sum(1 for x in n.next if x is None):
            label += "\n" + _untracked(named, lang)
        style = ', color="#c62828"' if n.freed else ""
        lines.append(f"  n{n.index} [shape=ellipse{style}, label={_dot_str(label)}];")
    for t in graph.named:
        if t.grad_fn is not None:
            lines.append(f"  t{t.index} -> n{t.grad_fn} [label=\"grad_fn\"];")
    for n in graph.nodes:
        lines.extend(f"  n{n.index} -> n{x};" for x in n.next if x is not None)
        if n.variable is not None:
            lines.append(f"  n{n.index} -> t{n.variable} [style=bold, color=\"#2e7d32\"];")
    seen_pairs: set[tuple[int, int]] = set()
    for i in sorted(used):
        for o in graph.sharing(graph.tensors[i]):
            pair = (min(i, o.index), max(i, o.index))
            if o.index in used and pair not in seen_pairs:
                seen_pairs.add(pair)
                lines.append(f"  t{pair[0]} -> t{pair[1]} [style=dashed, dir=none, "
                             f"color=\"#6a1b9a\", label=\"shares memory\"];")
    lines.append("}")
    return "\n".join(lines)


def _dot_hints(graph: Graph, program: Program | None, lang: str) -> dict[int, str]:
    """Unnamed leaf -> "the old `x` from line 3"."""
    hints: dict[int, str] = {}
    for root in graph.roots():
        hint = old_leaf_hint(graph, root, program)
        if hint and root.grad_fn is not None:
            for n in graph.below(root.grad_fn):
                var = graph.nodes[n].variable
                if var is not None and graph.tensors[var].name is None:
                    hints.setdefault(var, render_fact(hint, lang))
    return hints


def _dot_tensor(graph: Graph, t: TensorInfo, program: Program | None, hint: str | None,
                lang: str) -> str:
    label = f"{t.label}\n{t.shape_text}\n" + " · ".join(render_fact(f, lang) for f in flags(t))
    if hint:
        label += f"\n({hint})"
    notes = tensor_notes(graph, t, program)
    if notes:
        label += "\n" + "\n".join(render_fact(n, lang) for n in notes)
    if t.is_inference or (not t.requires_grad):
        fill = "#e0e0e0"
    elif t.is_leaf:
        fill = "#c8e6c9"
    else:
        fill = "#fff3c4"
    return (f"  t{t.index} [shape=box, style=\"rounded,filled\", fillcolor=\"{fill}\", "
            f"label={_dot_str(label)}];")


# ------------------------------------------------------------------------------ memory view


def render_memory(report: MemoryReport, program: Program | None = None, *, lang: str = "en",
                  color: bool = False) -> str:
    """What autograd saved for backward, line by line, and what the no_grad blocks saved."""
    p = _Paint(color)

    def m(key: str, **kw: Any) -> str:
        return render(f"explain.memory.{key}", lang, **kw)

    if report.syntax_error:
        return m("syntax", e=report.syntax_error)
    a = report.actual
    out = [p(m("head"), "bold")]
    if a is None:
        return "\n".join(out)
    if a.count == 0:
        out.append("  " + m("nothing"))
    else:
        out.append("  " + m("total", b=human_bytes(a.total), n=a.count))
        out.append("    " + m("act", b=human_bytes(a.activation)))
        out.append("    " + m("leaf", b=human_bytes(a.total - a.activation)))
        out.append("  " + m("by_line"))
        for line, size, n, _act in a.by_line:
            code = program.statement_code(line) if program is not None else ""
            out.append("    " + m("row", l=line, b=human_bytes(size), n=n, code=code))
    if a.error and a.error_line is not None:
        out.append("  " + m("stopped", l=a.error_line, e=a.error))
    w = report.without_no_grad
    if not report.blocks:
        out.append(_fill(m("none_blocks"), lang))
    elif w is not None:
        for start, end in report.blocks:
            saved, _n, _a = a.on_lines(start, end)
            would, n, act = w.on_lines(start, end)
            code = program.statement_code(start) if program is not None else "with ...:"
            out.append(_fill(m("block", code=code, a=start, b=end, saved=human_bytes(saved),
                               would=human_bytes(would), n=n, act=human_bytes(act)), lang))
        out.append(_fill(m("whole", a=human_bytes(a.total), b=human_bytes(w.total),
                           d=human_bytes(max(w.total - a.total, 0))), lang))
        if w.error and w.error_line is not None:
            out.append(_fill(m("stopped_cf", l=w.error_line, e=w.error), lang))
    return "\n".join(out)
