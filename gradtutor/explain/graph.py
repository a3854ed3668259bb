"""The autograd graph of a learner's namespace: probe expression, decoding, tree and DOT views.

`PROBE_EXPRESSION` is evaluated by the sandbox in the learner's namespace after the code ran
(see probe.py for why it carries the probe's source text). Its typed-value result is untrusted
data: `graph_from_values` validates every field and returns `None` plus a reason rather than
raising. Rendering is plain text; colour is an injected flag so the core never looks at a TTY.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from gradtutor.explain.catalogue import L
from gradtutor.explain.names import Binding, Program
from gradtutor.explain.wire import WireError, plain

_PROBE_SOURCE = resources.files("gradtutor.explain").joinpath("probe.py").read_text("utf-8")
# exec the probe in a private dict (nothing leaks into the learner's namespace) and hand it the
# learner's globals. One expression, because the sandbox evaluates expressions, never statements.
PROBE_EXPRESSION = (
    "(lambda g: [exec(" + repr(_PROBE_SOURCE) + ", g), "
    "g['graph'](globals())][1])({'__name__': 'gradtutor_probe'})"
)

MAX_DEPTH = 40


class ProbeError(ValueError):
    """The probe's result is missing or malformed."""


@dataclass(frozen=True)
class TensorInfo:
    index: int
    name: str | None
    names: tuple[str, ...]
    shape: tuple[int, ...]
    dtype: str
    requires_grad: bool
    is_leaf: bool
    retains_grad: bool
    is_param: bool
    is_inference: bool
    has_grad: bool
    storage: int | None
    is_view: bool
    version: int | None
    grad_fn: int | None

    @property
    def label(self) -> str:
        return self.name or f"<unnamed {self.dtype}{list(self.shape)}>"

    @property
    def shape_text(self) -> str:
        return f"{self.dtype}[{', '.join(map(str, self.shape))}]"


@dataclass(frozen=True)
class NodeInfo:
    index: int
    name: str
    next: tuple[int | None, ...]
    variable: int | None  # AccumulateGrad: the leaf it accumulates into
    freed: bool | None  # backward already freed what it saved


@dataclass(frozen=True)
class OptimizerInfo:
    name: str
    type: str
    params: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class Graph:
    tensors: tuple[TensorInfo, ...]
    nodes: tuple[NodeInfo, ...]
    optimizers: tuple[OptimizerInfo, ...]
    truncated: bool = False
    grad_enabled: bool = True
    inference_mode: bool = False

    def tensor(self, name: str) -> TensorInfo | None:
        for t in self.tensors:
            if name in t.names:
                return t
        return None

    @property
    def named(self) -> list[TensorInfo]:
        return [t for t in self.tensors if t.name is not None]

    def sharing(self, t: TensorInfo) -> list[TensorInfo]:
        """Other tensors over the same memory (detach() aliases, views, .data)."""
        if t.storage is None:
            return []
        return [o for o in self.tensors if o.storage == t.storage and o.index != t.index]

    def producers(self, node: int) -> list[TensorInfo]:
        return [t for t in self.named if t.grad_fn == node]

    def below(self, node: int) -> set[int]:
        """Nodes reachable from `node`'s inputs (not `node` itself unless on a cycle)."""
        seen: set[int] = set()
        stack = [n for n in self.nodes[node].next if n is not None]
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            stack.extend(m for m in self.nodes[n].next if m is not None)
        return seen

    def roots(self) -> list[TensorInfo]:
        """Named non-leaf tensors that no other named tensor's graph passes through."""
        under: set[int] = set()
        for t in self.named:
            if t.grad_fn is not None:
                under |= self.below(t.grad_fn)
        roots: list[TensorInfo] = []
        taken: set[int] = set()
        for t in self.named:
            if t.grad_fn is None or t.grad_fn in under or t.grad_fn in taken:
                continue
            taken.add(t.grad_fn)  # outputs of one multi-output node: the first one shows it
            roots.append(t)
        return roots


# ------------------------------------------------------------------------------ decoding


def _get(d: Mapping[str, Any], key: str, kind: type | tuple[type, ...],
         optional: bool = False) -> Any:
    if key not in d:
        raise ProbeError(f"missing field {key!r}")
    value = d[key]
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ProbeError(f"field {key!r} has the wrong type")
    return value


def _index(value: Any, limit: int, optional: bool = True) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < limit:
        raise ProbeError("index out of range")
    return value


def graph_from_plain(data: Any) -> Graph:
    """Validate the probe's plain-data result and build a Graph. Raises ProbeError."""
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ProbeError("not a probe result")
    raw_t = _get(data, "tensors", list)
    raw_n = _get(data, "nodes", list)
    raw_o = _get(data, "optimizers", list)
    nt, nn_ = len(raw_t), len(raw_n)
    tensors = []
    for i, t in enumerate(raw_t):
        if not isinstance(t, dict):
            raise ProbeError("tensor is not a dict")
        names = _get(t, "names", list)
        if not all(isinstance(n, str) for n in names):
            raise ProbeError("bad tensor names")
        shape = _get(t, "shape", list)
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape):
            raise ProbeError("bad shape")
        tensors.append(TensorInfo(
            index=i, name=_get(t, "name", str, optional=True), names=tuple(names),
            shape=tuple(shape), dtype=_get(t, "dtype", str),
            requires_grad=_get(t, "requires_grad", bool), is_leaf=_get(t, "is_leaf", bool),
            retains_grad=_get(t, "retains_grad", bool), is_param=_get(t, "is_param", bool),
            is_inference=_get(t, "is_inference", bool), has_grad=_get(t, "has_grad", bool),
            storage=_get(t, "storage", int, optional=True), is_view=_get(t, "is_view", bool),
            version=_get(t, "version", int, optional=True),
            grad_fn=_index(t.get("grad_fn"), nn_)))
    nodes = []
    for i, n in enumerate(raw_n):
        if not isinstance(n, dict):
            raise ProbeError("node is not a dict")
        nxt = tuple(_index(x, nn_) for x in _get(n, "next", list))
        nodes.append(NodeInfo(index=i, name=_get(n, "name", str), next=nxt,
                              variable=_index(n.get("variable"), nt),
                              freed=_get(n, "freed", bool, optional=True)))
    opts = []
    for o in raw_o:
        if not isinstance(o, dict):
            raise ProbeError("optimizer is not a dict")
        params = tuple(_index(p, nt, optional=False) for p in _get(o, "params", list))
        opts.append(OptimizerInfo(name=_get(o, "name", str), type=_get(o, "type", str),
                                  params=params,  # type: ignore[arg-type]
                                  total=_get(o, "total", int)))
    return Graph(tuple(tensors), tuple(nodes), tuple(opts),
                 truncated=bool(data.get("truncated")),
                 grad_enabled=bool(data.get("grad_enabled", True)),
                 inference_mode=bool(data.get("inference_mode", False)))


def graph_from_values(values: Mapping[str, Any] | None) -> tuple[Graph | None, str | None]:
    """(graph, None) from a RunResult's values, or (None, why not)."""
    if not values or PROBE_EXPRESSION not in values:
        return None, "the graph probe did not run"
    value = values[PROBE_EXPRESSION]
    if isinstance(value, dict) and value.get("kind") == "error":
        return None, f"the graph probe failed: {value.get('type')}: {value.get('message')}"
    try:
        return graph_from_plain(plain(value)), None
    except (WireError, ProbeError) as exc:
        return None, f"the graph probe returned unusable data ({exc})"


# ------------------------------------------------------------------------------ annotations

_W = {
    "leaf": L("leaf", "叶子"),
    "nonleaf": L("non-leaf", "非叶子"),
    "req": L("requires_grad", "requires_grad"),
    "noreq": L("no grad", "不需要梯度"),
    "grad_set": L(".grad set", ".grad 已填写"),
    "grad_none": L(".grad None", ".grad 为 None"),
    "retains": L("retains_grad", "retains_grad"),
    "param": L("parameter", "参数"),
    "inference": L("inference tensor (made under inference_mode)",
                   "推理张量(在 inference_mode 中创建)"),
    "detach_of": L("detach() of {x}: shares memory with {x}", "{x} 的 detach():与 {x} 共享内存"),
    "data_of": L(".data of {x}: shares memory with {x}", "{x} 的 .data:与 {x} 共享内存"),
    "view_of": L("view of {x}: shares memory with {x}", "{x} 的视图:与 {x} 共享内存"),
    "shares": L("shares memory with {x}", "与 {x} 共享内存"),
    "no_grad_from": L("computed under `{ctx}` (line {line}) from {refs}, which {verb} grad: "
                      "not recorded",
                      "在 `{ctx}`(第 {line} 行)中由需要梯度的 {refs} 计算得到:没有被记录"),
    "no_grad_in": L("computed under `{ctx}` (line {line})", "在 `{ctx}`(第 {line} 行)中计算"),
    "line": L("line {line}", "第 {line} 行"),
    "tensors": L("Tensors (as the program left them)", "张量(程序结束时的状态)"),
    "graph": L("Autograd graph (grad_fn nodes down to the leaves)",
               "计算图(从 grad_fn 节点一直到叶子)"),
    "no_graph": L("No tensor in the namespace has a grad_fn: nothing was recorded.",
                  "命名空间里没有任何张量有 grad_fn:什么都没有被记录。"),
    "no_tensors": L("The program left no tensors in its namespace.",
                    "程序结束时命名空间里没有张量。"),
    "shown": L("(shown above)", "(见上文)"),
    "freed": L("saved values freed by backward()", "保存的值已被 backward() 释放"),
    "nograd_input": L("1 untracked input", "1 个未被追踪的输入"),
    "nograd_inputs": L("{n} untracked inputs", "{n} 个未被追踪的输入"),
    "legend": L("untracked input: a constant, or a tensor that does not require grad (detached, "
                "computed under no_grad, or created without requires_grad=True); no gradient "
                "flows into it.",
                "未被追踪的输入:常数,或不需要梯度的张量(detach 得到的、在 no_grad 中计算的、"
                "或创建时没有 requires_grad=True 的);梯度不会流进它。"),
    "unnamed_leaf": L("unnamed leaf {shape}", "无名叶子 {shape}"),
    "old_name": L("the old `{x}` from line {line}", "第 {line} 行原来的 `{x}`"),
    "truncated": L("(graph truncated)", "(计算图过大,已截断)"),
    "grad_off": L("Note: autograd was still switched off when the program ended "
                  "(torch.set_grad_enabled(False)).",
                  "注意:程序结束时 autograd 仍处于关闭状态(torch.set_grad_enabled(False))。"),
    "optimizer": L("optimizer {name} ({type}): {n} tensor(s)", "优化器 {name}({type}):{n} 个张量"),
    "opt_noreq": L("{names} do(es) not require grad", "{names} 不需要梯度"),
}


def _w(key: str, lang: str, **kw: Any) -> str:
    return _W[key].get(lang).format(**kw)


_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
         "magenta": "35", "cyan": "36"}


class _Paint:
    """ANSI styles when `color` is set; identity otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, *styles: str) -> str:
        if not self.color or not styles or not text:
            return text
        return f"\x1b[{';'.join(_ANSI[s] for s in styles)}m{text}\x1b[0m"


def final_binding(program: Program | None, name: str | None) -> Binding | None:
    if program is None or name is None:
        return None
    return program.binding_at(name, None)


def tensor_notes(graph: Graph, t: TensorInfo, program: Program | None,
                 lang: str = "en") -> list[str]:
    """Facts about `t` a learner should notice: aliases, no_grad origin, inference."""
    notes: list[str] = []
    b = final_binding(program, t.name)
    sharing = [o for o in graph.sharing(t) if o.name is not None]
    if b is not None and b.alias_of and any(b.alias_of in o.names for o in sharing):
        key = {"detach": "detach_of", "data": "data_of"}.get(b.alias_how or "", "view_of")
        notes.append(_w(key, lang, x=f"`{b.alias_of}`"))
    elif sharing:
        notes.append(_w("shares", lang, x=", ".join(f"`{o.name}`" for o in sharing[:3])))
    if t.is_inference:
        notes.append(_w("inference", lang))
    if b is not None and b.grad_ctx is not None and not t.requires_grad:
        refs = [r for r in sorted(b.refs) if (rt := graph.tensor(r)) and rt.requires_grad]
        if refs:
            notes.append(_w("no_grad_from", lang, ctx=b.grad_ctx.code.removesuffix(":")
                            .removeprefix("with "), line=b.grad_ctx.line,
                            refs=", ".join(f"`{r}`" for r in refs),
                            verb="requires" if len(refs) == 1 else "require"))
        else:
            notes.append(_w("no_grad_in", lang, ctx=b.grad_ctx.code.removesuffix(":")
                            .removeprefix("with "), line=b.grad_ctx.line))
    return notes


def _flags(t: TensorInfo, lang: str) -> list[str]:
    flags = [_w("leaf" if t.is_leaf else "nonleaf", lang),
             _w("req" if t.requires_grad else "noreq", lang)]
    if t.is_param:
        flags.append(_w("param", lang))
    if t.retains_grad:
        flags.append(_w("retains", lang))
    if (t.is_leaf and t.requires_grad) or t.retains_grad:
        flags.append(_w("grad_set" if t.has_grad else "grad_none", lang))
    return flags


# ------------------------------------------------------------------------------ tree view


def render_tree(graph: Graph, program: Program | None = None, *, color: bool = False,
                lang: str = "en") -> str:
    """The namespace's tensors, then each graph from its output down to the leaves."""
    p = _Paint(color)
    out: list[str] = []
    named = graph.named
    if not named:
        return _w("no_tensors", lang)
    out.append(p(_w("tensors", lang), "bold"))
    width = min(max(len(t.name or "") for t in named), 24)
    rows = []
    for t in named:
        flags = _flags(t, lang)
        if t.grad_fn is not None:
            flags.insert(1, graph.nodes[t.grad_fn].name)
        rows.append((t, flags))
    flag_width = min(max(len(" · ".join(f)) for _t, f in rows), 60)
    for t, flags in rows:
        kind_style = "green" if t.is_leaf and t.requires_grad else (
            "yellow" if not t.is_leaf else "dim")
        plain = " · ".join(flags)
        styled = p(flags[0], kind_style) + "".join(
            " · " + (p(f, "cyan") if t.grad_fn is not None and i == 0 else f)
            for i, f in enumerate(flags[1:]))
        line = f"  {p((t.name or '').ljust(width), 'bold')}  {t.shape_text:<14} " + styled
        b = final_binding(program, t.name)
        if b is not None and b.kind != "param":
            line += " " * max(flag_width - len(plain), 0)
            line += p(f"   {_w('line', lang, line=b.line)}: {b.code}", "dim")
        out.append(line.rstrip())
        for note in tensor_notes(graph, t, program, lang):
            out.append(" " * (width + 4) + p("↳ " + note, "magenta"))
    for opt in graph.optimizers:
        noreq = [graph.tensors[i].label for i in opt.params if not graph.tensors[i].requires_grad]
        text = "  " + _w("optimizer", lang, name=f"`{opt.name}`", type=opt.type, n=opt.total)
        if noreq:
            text += " · " + p(_w("opt_noreq", lang, names=", ".join(f"`{n}`" for n in noreq)),
                              "red")
        out.append(text)
    out.append("")
    out.append(p(_w("graph", lang), "bold"))
    roots = graph.roots()
    if not roots:
        out.append("  " + _w("no_graph", lang))
    shown: set[int] = set()
    for root in roots:
        assert root.grad_fn is not None
        hint = _old_leaf_hint(graph, root, program, lang)
        out.append("  " + p(root.label, "bold"))
        _tree(graph, root.grad_fn, "  ", True, shown, out, p, lang, hint, 0, root)
    if any("untracked" in line or "未被追踪" in line for line in out):
        legend = _w("legend", lang)
        if not lang.startswith("zh"):  # Chinese has no spaces to wrap at
            legend = textwrap.fill(legend, 92, initial_indent="  ", subsequent_indent="  ")
            out.extend(p(line, "dim") for line in legend.split("\n"))
        else:
            out.append(p("  " + legend, "dim"))
    if graph.truncated:
        out.append("  " + _w("truncated", lang))
    if not graph.grad_enabled:
        out.append("")
        out.append(_w("grad_off", lang))
    return "\n".join(out)


def _old_leaf_hint(graph: Graph, root: TensorInfo, program: Program | None,
                   lang: str) -> str | None:
    """`x = x * 2` leaves the original x unnamed; say which tensor that unnamed leaf was."""
    b = final_binding(program, root.name)
    if program is None or b is None or root.name is None or not b.self_ref:
        return None
    earlier = program.binding_at(root.name, b.line)
    if earlier is None or earlier.creation not in ("leaf", "leaf_grad"):
        return None
    return _w("old_name", lang, x=root.name, line=earlier.line)


def _tree(graph: Graph, node: int, prefix: str, last: bool, shown: set[int],
          out: list[str], p: _Paint, lang: str, hint: str | None, depth: int,
          root: TensorInfo) -> None:
    n = graph.nodes[node]
    branch = "└─ " if last else "├─ "
    label = p(n.name, "cyan")
    names = [t.name for t in graph.producers(node) if t.name and t.index != root.index]
    if names:
        label += " = " + p(", ".join(names), "bold")
    if n.variable is not None:
        leaf = graph.tensors[n.variable]
        if leaf.name:
            text = leaf.name
        else:
            text = _w("unnamed_leaf", lang, shape=leaf.shape_text)
            if hint:
                text += f" ({hint})"
        label += " → " + p(text, "green")
    extras = []
    if n.freed:
        extras.append(p(_w("freed", lang), "red"))
    nones = sum(1 for x in n.next if x is None)
    if nones and n.variable is None:
        extras.append(p(_w("nograd_input" if nones == 1 else "nograd_inputs", lang, n=nones),
                        "dim"))
    if node in shown and any(x is not None for x in n.next):
        out.append(prefix + branch + label + " " + p(_w("shown", lang), "dim"))
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
        _tree(graph, child, child_prefix, i == len(children) - 1, shown, out, p, lang, hint,
              depth + 1, root)


# ------------------------------------------------------------------------------ DOT view


def _dot_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def render_dot(graph: Graph, program: Program | None = None, lang: str = "en") -> str:
    """Graphviz DOT text: tensors are boxes, grad_fn nodes ellipses, shared memory dashed."""
    lines = ["digraph autograd {", "  rankdir=TB;",
             '  node [fontname="Helvetica", fontsize=11];', '  edge [color="#555555"];']
    used_tensors: set[int] = set()
    for t in graph.named:
        used_tensors.add(t.index)
    for n in graph.nodes:
        if n.variable is not None:
            used_tensors.add(n.variable)
    for i in sorted(used_tensors):
        t = graph.tensors[i]
        flags = " · ".join(_flags(t, lang))
        label = f"{t.label}\n{t.shape_text}\n{flags}"
        notes = tensor_notes(graph, t, program, lang)
        if notes:
            label += "\n" + "\n".join(notes)
        if t.is_inference or (not t.requires_grad):
            fill = "#e0e0e0"
        elif t.is_leaf:
            fill = "#c8e6c9"
        else:
            fill = "#fff3c4"
        lines.append(f"  t{i} [shape=box, style=\"rounded,filled\", fillcolor=\"{fill}\", "
                     f"label={_dot_str(label)}];")
    for n in graph.nodes:
        label = n.name
        if n.freed:
            label += "\n" + _w("freed", lang)
        style = ', color="#c62828"' if n.freed else ""
        lines.append(f"  n{n.index} [shape=ellipse{style}, label={_dot_str(label)}];")
    for t in graph.named:
        if t.grad_fn is not None:
            lines.append(f"  t{t.index} -> n{t.grad_fn} [label=\"grad_fn\"];")
    for n in graph.nodes:
        for x in n.next:
            if x is not None:
                lines.append(f"  n{n.index} -> n{x};")
        if n.variable is not None:
            lines.append(f"  n{n.index} -> t{n.variable} [style=bold, color=\"#2e7d32\"];")
    seen_pairs: set[tuple[int, int]] = set()
    for i in sorted(used_tensors):
        for o in graph.sharing(graph.tensors[i]):
            pair = (min(i, o.index), max(i, o.index))
            if o.index in used_tensors and pair not in seen_pairs:
                seen_pairs.add(pair)
                lines.append(f"  t{pair[0]} -> t{pair[1]} [style=dashed, dir=none, "
                             f"color=\"#6a1b9a\", label=\"shares memory\"];")
    lines.append("}")
    return "\n".join(lines)


def tensors_requiring(graph: Graph | None, names: Iterable[str]) -> list[str]:
    """Those of `names` that are tensors requiring grad, according to the graph."""
    if graph is None:
        return []
    return [n for n in names if (t := graph.tensor(n)) is not None and t.requires_grad]
