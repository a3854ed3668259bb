"""The autograd graph of a learner's namespace: probe expression, decoding, tree and DOT views.

`PROBE_EXPRESSION` is evaluated by the sandbox in the learner's namespace after the code ran
(see probe.py for why it carries the probe's source text). Its typed-value result is untrusted
data: `graph_from_values` validates every field and returns `None` plus a reason rather than
raising. Rendering is plain text; colour is an injected flag so the core never looks at a TTY.
"""

from __future__ import annotations

import ast
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from gradtutor.explain.catalogue import L
from gradtutor.explain.names import FACTORIES, Binding, Program, dotted
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
    "noreq": L("requires_grad=False", "不需要梯度"),
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
    "self_detach": L("{how} of the earlier {x} (line {line}: `{code}`): same memory, no graph",
                     "第 {line} 行原来的 {x}(`{code}`)的 {how}:内存相同,没有计算图"),
    "self_detach_rec": L("{how} of the earlier {x} (line {line}: `{code}`, recorded since {refs} "
                         "{verb} grad): same memory, no graph",
                         "第 {line} 行原来的 {x}(`{code}`,因为 {refs} 需要梯度而被记录)的 "
                         "{how}:内存相同,没有计算图"),
    "also": L("also named {names}", "也叫 {names}"),
    "frozen": L("requires_grad switched off on line {line} (`{code}`)",
                "第 {line} 行关闭了 requires_grad(`{code}`)"),
    "inplace_self": L("changed in place on line {line} (`{code}`)",
                      "第 {line} 行被原地修改(`{code}`)"),
    "inplace_via": L("changed in place through {x} on line {line} (`{code}`), which shares its "
                     "memory", "第 {line} 行通过与它共享内存的 {x} 被原地修改(`{code}`)"),
    "inplace_more": L("and {n} more in-place change(s)", "另有 {n} 处原地修改"),
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
    "untracked_named": L("untracked: {names}", "未被追踪:{names}"),
    "constant": L("the constant {c}", "常数 {c}"),
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
    "opt_of": L("{k} of the {m} parameters of {mod}", "{mod} 的 {m} 个参数中的 {k} 个"),
    "opt_left": L("not given: {names}", "没有交给它:{names}"),
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
    """Facts about `t` a learner should notice: other names, aliases, no_grad origin, inference,
    where requires_grad was switched off, in-place changes of its memory."""
    notes: list[str] = []
    b = final_binding(program, t.name)
    others = [n for n in t.names if n != t.name]
    if others:
        named = []
        for n in others[:3]:
            ob = final_binding(program, n)
            named.append(f"`{n}`" + (f" ({_w('line', lang, line=ob.line)}: "
                                     f"`{program.line_text(ob.line)}`)"
                                     if ob is not None and program is not None else ""))
        notes.append(_w("also", lang, names=", ".join(named)))
    sharing = [o for o in graph.sharing(t) if o.name is not None]
    if b is not None and b.alias_of and any(b.alias_of in o.names for o in sharing):
        key = {"detach": "detach_of", "data": "data_of"}.get(b.alias_how or "", "view_of")
        notes.append(_w(key, lang, x=f"`{b.alias_of}`"))
    else:
        if b is not None and program is not None and b.alias_of == t.name and \
                b.alias_how in ("detach", "data"):
            notes.append(_self_alias(graph, t, b, program, lang))
        if sharing:
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
    if program is not None and t.name is not None and t.is_leaf and not t.requires_grad and \
            (t.is_param or (b is not None and b.creation in ("leaf_grad", "object"))):
        sites = program.freeze_sites(t.name, None)
        if sites:
            notes.append(_w("frozen", lang, line=sites[-1][0], code=sites[-1][1]))
    notes += _inplace_notes(graph, t, program, lang)
    return notes


def _self_alias(graph: Graph, t: TensorInfo, b: Binding, program: Program, lang: str) -> str:
    """`y2 = y2.detach()`: the name now means a detached alias of the tensor it named before."""
    assert t.name is not None
    how = "detach()" if b.alias_how == "detach" else ".data"
    earlier = program.binding_at(t.name, b.line)
    if earlier is None:
        return _w("detach_of" if b.alias_how == "detach" else "data_of", lang, x=f"`{t.name}`")
    refs = [] if earlier.grad_ctx is not None else [
        r for r in sorted(earlier.refs) if r != t.name and (rt := graph.tensor(r)) is not None
        and rt.requires_grad and program.binding_at(r, earlier.line) is not None
        and program.binding_at(r, earlier.line) == program.binding_at(r, None)]
    if refs and earlier.creation == "op":
        return _w("self_detach_rec", lang, how=how, x=f"`{t.name}`", line=earlier.line,
                  code=earlier.code, refs=", ".join(f"`{r}`" for r in refs),
                  verb="requires" if len(refs) == 1 else "require")
    return _w("self_detach", lang, how=how, x=f"`{t.name}`", line=earlier.line,
              code=earlier.code)


def _inplace_notes(graph: Graph, t: TensorInfo, program: Program | None,
                   lang: str) -> list[str]:
    """In-place changes the program made to `t`'s memory, directly or through an alias that
    shares it (E7: `z1[0] = 5.0` also changes `z`). Only when the version counter moved."""
    if program is None or t.version is None or t.version == 0:
        return []
    own = set(t.names)
    via = {n for o in graph.sharing(t) for n in o.names} - own
    found: list[str] = []
    for op in sorted((op for n in own | via for op in program.inplace_of(n)),
                     key=lambda op: op.line):
        final = program.binding_at(op.target, None)
        at = program.binding_at(op.target, op.line)
        if final is None or at != final:
            continue  # the name meant another tensor then
        if op.target in own:
            found.append(_w("inplace_self", lang, line=op.line, code=op.code))
        else:
            found.append(_w("inplace_via", lang, x=f"`{op.target}`", line=op.line, code=op.code))
    if len(found) > 2:
        found = [*found[:2], _w("inplace_more", lang, n=len(found) - 2)]
    return found


def _flags(t: TensorInfo, lang: str) -> list[str]:
    flags = [_w("leaf" if t.is_leaf else "nonleaf", lang),
             _w("req" if t.requires_grad else "noreq", lang)]
    if t.is_param:
        flags.append(_w("param", lang))
    if t.retains_grad:
        flags.append(_w("retains", lang))
    if (t.is_leaf and t.requires_grad) or t.retains_grad:
        flags.append(_w("grad_set" if t.has_grad else "grad_none", lang))
    elif t.has_grad:  # e.g. a parameter frozen after a backward(): its old .grad stays
        flags.append(_w("grad_set", lang))
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
    flag_width = min(max(_cols(" · ".join(f)) for _t, f in rows), 60)
    shape_width = min(max(len(t.shape_text) for t in named), 24)
    for t, flags in rows:
        kind_style = "green" if t.is_leaf and t.requires_grad else (
            "yellow" if not t.is_leaf else "dim")
        plain = " · ".join(flags)
        styled = p(flags[0], kind_style) + "".join(
            " · " + (p(f, "cyan") if t.grad_fn is not None and i == 0 else f)
            for i, f in enumerate(flags[1:]))
        line = f"  {p((t.name or '').ljust(width), 'bold')}  {t.shape_text:<{shape_width}}  " \
            + styled
        b = final_binding(program, t.name)
        if b is not None and b.kind != "param":
            line += " " * max(flag_width - _cols(plain), 0)
            line += p(f"   {_w('line', lang, line=b.line)}: {b.code}", "dim")
        out.append(line.rstrip())
        for note in tensor_notes(graph, t, program, lang):
            out.append(" " * (width + 4) + p("↳ " + note, "magenta"))
    for opt in graph.optimizers:
        noreq = [graph.tensors[i].label for i in opt.params if not graph.tensors[i].requires_grad]
        text = "  " + _w("optimizer", lang, name=f"`{opt.name}`", type=opt.type, n=opt.total)
        for module, held, params in _optimizer_modules(graph, opt):
            text += " · " + _w("opt_of", lang, k=held, m=len(params), mod=f"`{module}`")
            left = [t.label for t in params if t.index not in opt.params]
            if left:
                shown = ", ".join(f"`{n}`" + ("" if graph.tensor(n) is None or
                                              graph.tensor(n).requires_grad  # type: ignore[union-attr]
                                              else " (requires_grad=False)")
                                  for n in left[:4])
                text += (";" if lang.startswith("zh") else "; ") + _w(
                    "opt_left", lang, names=shown + (" …" if len(left) > 4 else ""))
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
    labels = untracked_inputs(graph, program)
    for root in roots:
        assert root.grad_fn is not None
        hint = _old_leaf_hint(graph, root, program, lang)
        out.append("  " + p(root.label, "bold"))
        _tree(graph, root.grad_fn, "  ", True, shown, out, p, lang, hint, 0, root, labels)
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


def _cols(text: str) -> int:
    """Terminal columns of `text`: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _optimizer_modules(graph: Graph, opt: OptimizerInfo
                       ) -> list[tuple[str, int, list[TensorInfo]]]:
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
    ast.Add: ("AddBackward0",), ast.Sub: ("SubBackward0",), ast.Mult: ("MulBackward0",),
    ast.Div: ("DivBackward0",), ast.Pow: ("PowBackward0", "PowBackward1", "PowBackward2"),
}
_MODULE_NAMES = frozenset({"torch", "F", "nn.functional", "torch.nn.functional"})


def _number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, int | float) and \
        not isinstance(node.value, bool)


_NOT_TENSOR_METHODS = frozenset({"item", "size", "dim", "numel", "tolist", "numpy",
                                 "data_ptr", "stride", "nelement", "element_size"})


def _tensorish(graph: Graph, node: ast.expr, depth: int = 0) -> bool:
    """Whether the source expression surely evaluates to a tensor: a name the graph knows as a
    tensor, or an operation/method/index of such an expression."""
    if depth > 20:
        return False
    if isinstance(node, ast.Name):
        return graph.tensor(node.id) is not None
    if isinstance(node, ast.BinOp):
        sides = [node.left, node.right]
        return any(_tensorish(graph, x, depth + 1) for x in sides) and \
            all(_tensorish(graph, x, depth + 1) or _number(x) for x in sides)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return _tensorish(graph, node.operand, depth + 1)
    if isinstance(node, ast.Subscript):
        return _tensorish(graph, node.value, depth + 1)
    if isinstance(node, ast.Attribute):
        return node.attr in ("T", "mT", "data", "grad") and \
            _tensorish(graph, node.value, depth + 1)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        owner = dotted(node.func.value)
        if owner in ("torch", "th") and node.func.attr in FACTORIES:
            return True
        if owner in _MODULE_NAMES:
            return bool(node.args) and _tensorish(graph, node.args[0], depth + 1)
        return node.func.attr not in _NOT_TENSOR_METHODS and \
            _tensorish(graph, node.func.value, depth + 1)
    return False


def untracked_inputs(graph: Graph, program: Program | None
                     ) -> dict[int, list[tuple[str, str]]]:
    """Which operand of the learner's expression each `None` input of a grad_fn node is:
    node -> [("expr", "3 * z1") or ("const", "2.0")], found by walking the assigned expression
    of every named tensor alongside its grad_fn nodes. Only where the two match exactly."""
    labels: dict[int, list[tuple[str, str]]] = {}
    if program is None:
        return labels
    for t in graph.named:
        b = final_binding(program, t.name)
        if t.grad_fn is None or b is None or b.value_node is None or \
                b.kind not in ("assign", "walrus"):
            continue
        if any(op.line >= b.line for op in program.inplace_of(t.name)):
            continue  # changed in place afterwards: its grad_fn is no longer this expression
        _match(graph, program, b.value_node, t.grad_fn, labels, 0)
    return labels


def _match(graph: Graph, program: Program, expr: ast.expr, node: int,
           labels: dict[int, list[tuple[str, str]]], depth: int) -> None:
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
        found = [("expr", program.segment(o)) for o, x in zip(ops, n.next, strict=True)
                 if x is None]
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
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute | ast.Name) and \
            len(n.next) == 1 and n.next[0] is not None:
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
          root: TensorInfo, labels: dict[int, list[tuple[str, str]]]) -> None:
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
    named = labels.get(node, [])
    if nones and n.variable is None and len(named) == nones:
        extras.append(p(_w("untracked_named", lang, names=", ".join(
            f"`{text}`" if kind == "expr" else _w("constant", lang, c=text)
            for kind, text in named)), "dim"))
    elif nones and n.variable is None:
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
              depth + 1, root, labels)


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
    hints: dict[int, str] = {}  # unnamed leaf -> "the old `x` from line 3"
    for root in graph.roots():
        hint = _old_leaf_hint(graph, root, program, lang)
        if hint and root.grad_fn is not None:
            for n in graph.below(root.grad_fn):
                var = graph.nodes[n].variable
                if var is not None and graph.tensors[var].name is None:
                    hints.setdefault(var, hint)
    labels = untracked_inputs(graph, program)
    for i in sorted(used_tensors):
        t = graph.tensors[i]
        flags = " · ".join(_flags(t, lang))
        label = f"{t.label}\n{t.shape_text}\n{flags}"
        if i in hints:
            label += f"\n({hints[i]})"
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
        named = labels.get(n.index, [])
        if named and len(named) == sum(1 for x in n.next if x is None):
            label += "\n" + _w("untracked_named", lang, names=", ".join(
                f"`{text}`" if kind == "expr" else _w("constant", lang, c=text)
                for kind, text in named))
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
