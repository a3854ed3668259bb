"""The autograd graph of a learner's namespace: the probe expression and its decoding.

`PROBE_EXPRESSION` is evaluated by the sandbox in the learner's namespace after the code ran
(see probe.py for why it carries the probe's source text). Its typed-value result is untrusted
data: `graph_from_values` validates every field and returns `None` plus a reason rather than
raising. What the view says about tensors and nodes is in graph_notes.py; the tree and DOT
views themselves are drawn by the presentation floor (gradtutor.views.explanation).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

from gradtutor.explain.wire import WireError, plain

_PROBE_SOURCE = resources.files("gradtutor.explain").joinpath("probe.py").read_text("utf-8")
# exec the probe in a private dict (nothing leaks into the learner's namespace) and hand it the
# learner's globals. One expression, because the sandbox evaluates expressions, never statements.
PROBE_EXPRESSION = (
    "(lambda g: [exec(" + repr(_PROBE_SOURCE) + ", g), "
    "g['graph'](globals())][1])({'__name__': 'gradtutor_probe'})"
)



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
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, TensorInfo]:
        """Every name of every tensor; the first tensor to hold a name keeps it."""
        out: dict[str, TensorInfo] = {}
        for t in self.tensors:
            for n in t.names:
                out.setdefault(n, t)
        return out

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
