"""Child-side driver of `gradtutor explain --memory`: count what autograd saves for backward.

Sent to the sandbox as the *job code* (the zygote hides the source checkout, so it cannot be
imported there): this source followed by one call, with the learner's program in the inputs.
The learner's program runs in a fresh namespace under `torch.autograd.graph.saved_tensors_hooks`
whose pack hook records, per learner line, the bytes of every storage saved for backward.

Then it runs the program a second time with its `with torch.no_grad():` /
`torch.inference_mode()` blocks switched to `torch.enable_grad()`, to say how much those blocks
saved. Blocks that change tensors in place (parameter updates) are left alone: with grad on they
would fail, and they save nothing worth counting anyway.

stdlib and torch only; returns plain data.
"""

import ast
import random
import sys
import weakref

import torch
from torch.autograd.graph import saved_tensors_hooks

_GRAD_OFF = ("no_grad", "inference_mode")


class _Counter:
    def __init__(self, ns):
        self.ns = ns
        self.seen = {}  # storage data_ptr -> weakref of a tensor using it
        self.lines = {}  # line -> [bytes, count, activation bytes]
        self.total = 0
        self.activation = 0
        self.count = 0

    def line(self):
        f = sys._getframe(2)
        while f is not None:
            if f.f_globals is self.ns:
                return f.f_lineno
            f = f.f_back
        return 0  # saved inside library code called from outside the program's frames

    def pack(self, t):
        self.count += 1
        rec = self.lines.setdefault(self.line(), [0, 0, 0])
        rec[1] += 1
        try:
            storage = t.untyped_storage()
            ptr, size = storage.data_ptr(), storage.nbytes()
        except Exception:
            ptr, size = None, t.numel() * t.element_size()
        base = t
        while base._base is not None:  # a view (e.g. weight.t()) costs what its base costs
            base = base._base
        ref = self.seen.get(ptr) if ptr else None
        if ref is not None and ref() is not None:
            return t  # memory that is still alive and already counted: no extra cost
        if ptr:
            # The base owns the memory: a parameter stays alive after backward frees the
            # view of it that was saved, so saving it again later costs nothing new.
            self.seen[ptr] = weakref.ref(base)
        rec[0] += size
        self.total += size
        if not base.is_leaf:  # an intermediate result kept alive only for backward
            rec[2] += size
            self.activation += size
        return t

    def result(self, error=None, error_line=None):
        return {"total": self.total, "activation": self.activation, "count": self.count,
                "by_line": [[k, v[0], v[1], v[2]] for k, v in sorted(self.lines.items())],
                "error": error, "error_line": error_line}


def _count(code, filename):
    ns = {"__name__": "__main__", "__file__": filename, "__builtins__": __builtins__}
    counter = _Counter(ns)
    error = error_line = None
    try:
        with saved_tensors_hooks(counter.pack, lambda t: t):
            exec(code, ns)
    except (Exception, SystemExit) as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_globals is ns:
                error_line = tb.tb_lineno
            tb = tb.tb_next
    return counter.result(error, error_line)


def _grad_off(expr):
    func = expr.func if isinstance(expr, ast.Call) else None
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name in _GRAD_OFF:
        return True
    if name == "set_grad_enabled" and expr.args and isinstance(expr.args[0], ast.Constant):
        return expr.args[0].value is False
    return False


def _changes_in_place(body):
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if isinstance(node, ast.AugAssign):
            return True
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Subscript)
                                                for t in node.targets):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr.endswith("_") and not node.func.attr.startswith("_"):
            return True
    return False


class _EnableGrad(ast.NodeTransformer):
    """`with torch.no_grad():` -> `with torch.enable_grad():`, keeping line numbers."""

    def __init__(self):
        self.blocks = []

    def visit_With(self, node):
        self.generic_visit(node)
        if _changes_in_place(node.body):
            return node
        for item in node.items:
            if _grad_off(item.context_expr):
                new = ast.parse("__import__('torch').enable_grad()", mode="eval").body
                item.context_expr = ast.copy_location(new, item.context_expr)
                ast.fix_missing_locations(item.context_expr)
                self.blocks.append([node.lineno, node.end_lineno or node.lineno])
        return node


def run_counting(source, filename="submission.py"):
    """Bytes saved for backward per line, as written and with the no_grad blocks turned off."""
    seed = torch.initial_seed()
    py_state = random.getstate()
    try:
        import numpy as np
        np_state = np.random.get_state()
    except Exception:  # numpy is optional for the counting
        np, np_state = None, None
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as exc:
        return {"version": 1, "actual": None, "without_no_grad": None, "blocks": [],
                "syntax_error": f"{exc.msg} (line {exc.lineno})"}
    actual = _count(compile(tree, filename, "exec"), filename)
    transformer = _EnableGrad()
    changed = transformer.visit(tree)
    without = None
    if transformer.blocks:
        torch.manual_seed(seed)
        random.setstate(py_state)
        if np is not None:
            np.random.set_state(np_state)
        without = _count(compile(changed, filename, "exec"), filename)
    return {"version": 1, "actual": actual, "without_no_grad": without,
            "blocks": transformer.blocks, "syntax_error": None}
