"""Child-side graph probe: describe the autograd graph of the tensors in a namespace.

Runs inside the sandbox child, in the learner's namespace, after the learner's code. The zygote
hides the source checkout, so this module cannot be *imported* there: the parent sends its
source text inside an expression (`gradtutor.explain.graph.PROBE_EXPRESSION`) that execs it in
a private dict and calls `graph(globals())`. Hence: stdlib and torch only, no gradtutor imports,
nothing written into the learner's namespace, and a result made of plain dict/list/str/int/
bool/None that the sandbox encodes as typed values. The parent treats it as untrusted data.
"""

import warnings

import torch

MAX_TENSORS = 300
MAX_NODES = 500
MAX_NEXT = 16  # inputs shown per grad_fn node
MAX_ITEMS = 32  # elements looked at in a list/tuple/dict of tensors
MAX_PARAMS = 64  # parameters listed per optimizer


def graph(ns):
    """The namespace's tensors, grad_fn nodes and optimizers as plain data."""
    with warnings.catch_warnings():
        # Reading .grad of a non-leaf warns; those warnings are ours, not the learner's.
        warnings.simplefilter("ignore")
        return _Probe().run(ns)


def _freed(fn):
    """True if backward already freed what `fn` saved, False if not, None if it saves nothing."""
    seen = False
    for attr in dir(fn):
        if not attr.startswith("_saved_"):
            continue
        try:
            getattr(fn, attr)
        except RuntimeError:
            return True
        except Exception:
            continue
        seen = True
    return False if seen else None


class _Probe:
    def __init__(self):
        self.tensors = []
        self.tensor_ids = {}
        self.nodes = []
        self.node_ids = {}
        self.storages = {}
        self.keep = []  # keeps every object we took an id() of alive, so ids stay unique
        self.truncated = False
        self.skipped = []

    def run(self, ns):
        optimizers = []
        for name, obj in list(ns.items()):
            if not isinstance(name, str) or (name.startswith("__") and name.endswith("__")):
                continue
            try:
                self.visit(name, obj, optimizers)
            except Exception:  # one odd object (a hostile subclass) must not hide the rest
                self.skipped.append(name)
        # Optimizers last, so that their parameters already carry the module's names.
        opts = [self.optimizer(name, opt) for name, opt in optimizers]
        queue = []
        for t in list(self.tensors):
            t["grad_fn"] = self.node(t.pop("_fn"), queue) if "_fn" in t else None
        while queue:
            fn, rec = queue.pop(0)
            try:
                rec["next"] = [self.node(n, queue) if n is not None else None
                               for n, _ in fn.next_functions[:MAX_NEXT]]
                if len(fn.next_functions) > MAX_NEXT:
                    self.truncated = True
                var = getattr(fn, "variable", None)
                if isinstance(var, torch.Tensor):
                    rec["variable"] = self.tensor(var, None)
            except Exception:  # a custom autograd.Function can misbehave; keep the rest
                self.truncated = True
        for t in self.tensors:
            t.pop("_fn", None)
        return {"version": 1, "tensors": self.tensors, "nodes": self.nodes,
                "optimizers": opts, "truncated": self.truncated, "skipped": self.skipped[:20],
                "grad_enabled": torch.is_grad_enabled(),
                "inference_mode": torch.is_inference_mode_enabled()}

    def visit(self, name, obj, optimizers):
        if isinstance(obj, torch.Tensor):
            self.tensor(obj, name)
        elif isinstance(obj, torch.nn.Module):
            for i, (pname, p) in enumerate(obj.named_parameters()):
                if i >= MAX_PARAMS:
                    self.truncated = True
                    break
                self.tensor(p, name + "." + pname)
        elif isinstance(obj, torch.optim.Optimizer):
            optimizers.append((name, obj))
        elif isinstance(obj, list | tuple) and len(obj) <= MAX_ITEMS:
            for i, item in enumerate(obj):
                if isinstance(item, torch.Tensor):
                    self.tensor(item, f"{name}[{i}]")
        elif isinstance(obj, dict) and len(obj) <= MAX_ITEMS:
            for key, item in obj.items():
                if isinstance(key, str | int) and isinstance(item, torch.Tensor):
                    self.tensor(item, f"{name}[{key!r}]")

    def tensor(self, t, name):
        """Index of `t` in self.tensors (added if new); `name` is None for unnamed tensors."""
        key = id(t)
        if key in self.tensor_ids:
            rec = self.tensors[self.tensor_ids[key]]
            if name is not None:
                if rec["name"] is None:
                    rec["name"] = name
                if name not in rec["names"]:
                    rec["names"].append(name)
            return self.tensor_ids[key]
        if len(self.tensors) >= MAX_TENSORS:
            self.truncated = True
            return None
        self.keep.append(t)
        rec = {"name": name, "names": [name] if name is not None else [],
               "shape": [int(n) for n in t.shape], "dtype": str(t.dtype).replace("torch.", ""),
               "requires_grad": bool(t.requires_grad), "is_leaf": bool(t.is_leaf),
               "retains_grad": bool(t.retains_grad),
               "is_param": isinstance(t, torch.nn.Parameter),
               "is_inference": _call(t.is_inference, False),
               "has_grad": t.grad is not None, "storage": self.storage(t),
               "is_view": _call(t._is_view, False), "version": _version(t), "grad_fn": None}
        if t.grad_fn is not None:
            rec["_fn"] = t.grad_fn
        self.tensor_ids[key] = len(self.tensors)
        self.tensors.append(rec)
        return self.tensor_ids[key]

    def storage(self, t):
        """A small integer shared by tensors whose memory is the same storage."""
        try:
            s = t.untyped_storage()
            ptr, size = s.data_ptr(), s.nbytes()
        except Exception:  # sparse, meta and other layouts without one storage
            return None
        if not ptr or not size:
            return None
        return self.storages.setdefault(ptr, len(self.storages))

    def node(self, fn, queue):
        key = id(fn)
        if key in self.node_ids:
            return self.node_ids[key]
        if len(self.nodes) >= MAX_NODES:
            self.truncated = True
            return None
        self.keep.append(fn)
        rec = {"name": type(fn).__name__, "next": [], "variable": None, "freed": _freed(fn)}
        self.node_ids[key] = len(self.nodes)
        self.nodes.append(rec)
        queue.append((fn, rec))
        return self.node_ids[key]

    def optimizer(self, name, opt):
        params = []
        total = 0
        for group in opt.param_groups:
            for p in group.get("params", []):
                total += 1
                if len(params) < MAX_PARAMS and isinstance(p, torch.Tensor):
                    index = self.tensor(p, None)
                    if index is not None:
                        params.append(index)
        return {"name": name, "type": type(opt).__name__, "params": params, "total": total}


def _call(method, default):
    try:
        return bool(method())
    except Exception:
        return default


def _version(t):
    try:
        return int(t._version)
    except Exception:  # inference tensors have no version counter
        return None
