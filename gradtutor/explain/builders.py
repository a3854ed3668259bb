"""One builder per catalogue entry: the sentence about the learner's own variables.

A builder gets a `Ctx` (the program, the message, its line, observed facts) and returns a
`Specific` (text, fix, variable, title) or None when it cannot find its construct; the generic
catalogue text is added by observations.explain_one. Builders never raise on purpose, and a bug
in one is caught there, so torch's message is always shown.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from gradtutor.explain.catalogue import BY_KEY
from gradtutor.explain.context import (
    Ctx,
    Specific,
    backward_lines,
    is_probably_nonleaf,
    join_names,
    leaf_sources,
    may_require_grad,
    op_output,
    origin,
    receiver_text,
    sentence,
)
from gradtutor.explain.names import (
    Binding,
    InplaceOp,
    Program,
    Subject,
    call_name,
    collapse,
    dotted,
    grad_kind,
)

# ------------------------------------------------------------------------------ builders

Builder = Callable[[Ctx], Specific | None]
BUILDERS: dict[str, Builder] = {}


def builder(key: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        assert key in BY_KEY, key
        BUILDERS[key] = fn
        return fn
    return register


def _backward_target(c: Ctx) -> Subject | None:
    """The first tensor backward() (or autograd.grad) runs from on the current line."""
    targets = c.program.backward_targets_at(c.line)
    return targets[0] if targets else None


@builder("nonleaf_grad")
def _nonleaf_grad(c: Ctx) -> Specific | None:
    reads = c.subjects_from_expr() or c.program.grad_reads_at(c.line)
    if not reads:
        return None
    ranked = sorted(reads, key=lambda s: {True: 0, None: 1, False: 2}[is_probably_nonleaf(c, s)])
    s = ranked[0]
    if s.name is None:
        return Specific(
            text=c.tr("`{e}.grad` asks for the gradient of `{e}`, a new tensor computed right "
                      "there. It is not a leaf, and backward() never saw it, so its .grad is "
                      "always None.",
                      "`{e}.grad` 读取的是 `{e}` 的梯度,而 `{e}` 是当场新算出来的张量。"
                      "它不是叶子,backward() 也从没经过它,所以它的 .grad 永远是 None。",
                      e=s.text),
            fix=c.tr("Read .grad of the leaves the expression is computed from. To see the "
                     "gradient of `{e}` itself, store it in a variable before backward(), call "
                     "`.retain_grad()` on it, and use that variable to compute the loss.",
                     "读取该表达式所依赖的叶子张量的 .grad。想看 `{e}` 本身的梯度,就在 backward() "
                     "之前把它存进变量、对它调用 `.retain_grad()`,并用这个变量计算损失。",
                     e=s.text))
    b = c.binding(s.name)
    f = c.facts(s.name, b)
    name = s.name
    if b is None:
        text = c.tr("`{n}` is not a leaf tensor, so its .grad stays None.",
                    "`{n}` 不是叶子张量,所以它的 .grad 一直是 None。", n=name)
        return Specific(text=text, variable=name,
                        fix=c.tr("Read .grad of the leaf `{n}` is computed from, or call "
                                 "`{n}.retain_grad()` before backward().",
                                 "读取 `{n}` 所依赖的叶子张量的 .grad,或者在 backward() 之前调用 "
                                 "`{n}.retain_grad()`。", n=name))
    first = origin(c, name, b)
    out = op_output(c, b, f)
    text = c.tr("{first}, so it is now {out}, not a leaf. Its .grad stays None.",
                "{first},所以它现在是 {out},不是叶子。它的 .grad 一直是 None。",
                first=first, out=out) if b.self_ref else \
        c.tr("{first}, so it is {out}, not a leaf. Its .grad stays None.",
             "{first},所以它是 {out},不是叶子。它的 .grad 一直是 None。", first=first, out=out)
    later = backward_lines(c.program, b.line, c.line)
    where = c.tr(" (before line {l})", "(在第 {l} 行之前)", l=later[0]) if later else ""
    cut = _not_reached(c, name, b, later)
    if cut is not None:
        return _cut_off(c, name, b, text, cut)
    if b.self_ref:
        earlier = c.program.binding_at(name, b.line)
        if earlier is not None and earlier.creation in ("leaf", "leaf_grad"):
            text += c.sep + c.tr(
                "The leaf you created on line {l} no longer has a name: `{n}` now means the new "
                "tensor.", "你在第 {l} 行创建的叶子张量已经没有名字了:`{n}` 现在指的是新张量。",
                l=earlier.line, n=name)
        fix = c.tr("Give the result its own name so `{n}` stays the leaf (e.g. `{n}2 = {v}`) "
                   "and read `{n}.grad`; or call `{n}.retain_grad()` right after line {l}{w} "
                   "to keep the gradient of the new tensor.",
                   "给结果起一个新名字,让 `{n}` 仍然是叶子(例如 `{n}2 = {v}`),然后读取 "
                   "`{n}.grad`;或者紧接第 {l} 行之后{w}调用 `{n}.retain_grad()` "
                   "来保留新张量的梯度。",
                   n=name, v=b.value or "...", l=b.line, w=where)
    else:
        leaves = leaf_sources(c, b)
        leaf_text = ", ".join(f"`{x}.grad`" for x in leaves)
        if leaves:
            fix = c.tr("Read the leaf's gradient ({lt}), or call `{n}.retain_grad()` after "
                       "line {l}{w} if you want the gradient with respect to `{n}` itself.",
                       "读取叶子张量的梯度({lt});如果想要关于 `{n}` 本身的梯度,就在第 {l} 行之后"
                       "{w}调用 `{n}.retain_grad()`。", lt=leaf_text, n=name, l=b.line, w=where)
        else:
            fix = c.tr("Read .grad of the leaf `{n}` is computed from, or call "
                       "`{n}.retain_grad()` after line {l}{w}.",
                       "读取 `{n}` 所依赖的叶子张量的 .grad,或者在第 {l} 行之后{w}调用 "
                       "`{n}.retain_grad()`。", n=name, l=b.line, w=where)
    return Specific(text=text, fix=fix, variable=name)


def _named_sources(c: Ctx, name: str, line: int, depth: int = 0,
                   seen: set[tuple[str, int]] | None = None) -> set[tuple[str, int]]:
    """(name, binding line) of every binding `name` (as bound before `line`) is computed from."""
    seen = set() if seen is None else seen
    b = c.program.binding_at(name, line)
    if b is None or (name, b.line) in seen or depth > 30:
        return seen
    seen.add((name, b.line))
    for ref in sorted(b.refs):
        _named_sources(c, ref, b.line, depth + 1, seen)
    return seen


Cut = tuple[str, str, int, str, str | None]  # (code, how, line, root, alias name)


def _not_reached(c: Ctx, name: str, b: Binding, later: list[int]
                 ) -> tuple[str, int, list[Cut]] | None:
    """When no backward() run before the message's line passes through `name`'s grad_fn: the
    tensor backward() ran from, its line, and where its computation took `name` through
    detach() or .data (named aliases `x1 = x.detach()` and inline `x.detach()`)."""
    g = c.graph
    if g is None or not later or c.program.is_rebound_later(b):
        return None
    t = g.tensor(name)
    if t is None or t.grad_fn is None:
        return None
    found: tuple[str, int, list[Cut]] | None = None
    for line in later:
        for s in c.program.backward_targets_at(line):
            rb = c.program.binding_at(s.name, line) if s.name else None
            rt = g.tensor(s.name) if s.name else None
            if rb is None or rt is None or c.program.is_rebound_later(rb) or rt.grad_fn is None:
                return None  # a backward we cannot follow: claim nothing
            if t.grad_fn == rt.grad_fn or t.grad_fn in g.below(rt.grad_fn):
                return None
            if found is None:
                found = (s.name or "", line, _cuts(c, name, b, s.name or "", line))
    return found


def _cuts(c: Ctx, name: str, b: Binding, root: str, line: int) -> list[Cut]:
    cuts: list[Cut] = []
    for n, bl in sorted(_named_sources(c, root, line + 1), key=lambda x: x[1]):
        sb = c.program.binding_at(n, bl + 1)
        if sb is None or sb.line != bl or c.program.binding_at(name, bl) != b:
            continue
        if sb.alias_how in ("detach", "data") and sb.alias_of == name:
            cuts.append((sb.code, sb.alias_how, sb.line, root, sb.name))
            continue
        for node in ast.walk(sb.value_node) if sb.value_node is not None else ():
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "detach" and dotted(node.func.value) == name:
                cuts.append((c.program.segment(node), "detach", sb.line, root, None))
            elif isinstance(node, ast.Attribute) and node.attr == "data" and \
                    dotted(node.value) == name:
                cuts.append((c.program.segment(node), "data", sb.line, root, None))
    return cuts


def _cut_off(c: Ctx, name: str, b: Binding, text: str,
             cut: tuple[str, int, list[Cut]]) -> Specific:
    """`x.grad` of a non-leaf that the backward() before it never reached (E6: via detach())."""
    root, line, cuts = cut
    g = c.graph
    assert g is not None
    rt = g.tensor(root)
    reached: list[str] = []
    if rt is not None and rt.grad_fn is not None:
        for n in sorted(g.below(rt.grad_fn) | {rt.grad_fn}):
            var = g.nodes[n].variable
            if var is not None and g.tensors[var].name and g.tensors[var].requires_grad:
                reached.append(g.tensors[var].name)
    if cuts:
        code, how, al, _root, alias = cuts[0]
        why = c.tr("`{r}`, which backward() ran from on line {bl}, gets `{n}` through "
                   "`{code}` (line {al}), and {how} cuts the graph there",
                   "第 {bl} 行 backward() 的起点 `{r}` 是通过 `{code}`(第 {al} 行)用到 `{n}` 的,"
                   "而 {how} 在那里切断了计算图",
                   r=root, bl=line, n=name, code=code, al=al,
                   how="detach()" if how == "detach" else ".data")
        copy = f"`{alias}`" if alias else f"`{code}`"
        use = c.tr("compute `{r}` from `{n}` itself, not from {a} (line {al})",
                   "用 `{n}` 本身而不是 {a}(第 {al} 行)来计算 `{r}`",
                   r=root, n=name, a=copy, al=al)
    else:
        why = c.tr("the graph of `{r}`, which backward() ran from on line {bl}, does not pass "
                   "through `{n}`", "第 {bl} 行 backward() 的起点 `{r}` 的计算图并不经过 `{n}`",
                   r=root, bl=line, n=name)
        use = c.tr("compute `{r}` from `{n}`", "用 `{n}` 来计算 `{r}`", r=root, n=name)
    if b.self_ref:
        earlier = c.program.binding_at(name, b.line)
        if earlier is not None and earlier.creation in ("leaf", "leaf_grad"):
            text += c.sep + c.tr(
                "The leaf you created on line {l} no longer has a name: `{n}` now means the new "
                "tensor.", "你在第 {l} 行创建的叶子张量已经没有名字了:`{n}` 现在指的是新张量。",
                l=earlier.line, n=name)
    t = g.tensor(name)
    reach: set[int] = set()
    if rt is not None and rt.grad_fn is not None:
        reach = g.below(rt.grad_fn) | {rt.grad_fn}
    leaves_too = t is not None and t.grad_fn is not None and not any(
        g.nodes[n].variable is not None and n in reach for n in g.below(t.grad_fn))
    if leaves_too:
        text += c.sep + c.tr("Besides, no gradient reaches it here at all: {why}, so neither "
                             "`{n}` nor the leaves it was computed from get one from that "
                             "backward().", "而且这里根本没有梯度到达它:{why},所以 `{n}` 和计算它"
                             "所用的叶子都不会从这次 backward() 得到梯度。", why=why, n=name)
    else:
        text += c.sep + c.tr("Besides, no gradient reaches it here at all: {why}.",
                             "而且这里根本没有梯度到达它:{why}。", why=why)
    lt = join_names(c, reached) if reached else ""
    if reached:
        fix = c.tr("If cutting the gradient flow is what you meant, nothing is wrong: read .grad "
                   "only of the leaves `{r}` reaches ({lt}). ",
                   "如果本来就是想切断梯度流,那么没有问题:"
                   "只读取 `{r}` 能到达的叶子({lt})的 .grad。",
                   r=root, lt=lt)
    else:
        fix = ""
    if b.self_ref:
        fix += c.tr("To get a gradient, both must change: {use}, and either call "
                    "`{n}.retain_grad()` right after line {l} or give the result of line {l} its "
                    "own name (e.g. `{n}2 = {v}`) so `{n}` stays the leaf you created.",
                    "想得到梯度,两处都要改:{use};并且要么紧接第 {l} 行之后调用 "
                    "`{n}.retain_grad()`,要么给第 {l} 行的结果起一个新名字(例如 `{n}2 = {v}`),"
                    "让 `{n}` 仍然是你创建的叶子。", n=name, use=use, l=b.line, v=b.value or "...")
    else:
        fix += c.tr("To get a gradient for `{n}`, {use}, and call `{n}.retain_grad()` right "
                    "after line {l}.", "想得到 `{n}` 的梯度,就{use},并紧接第 {l} 行之后调用 "
                    "`{n}.retain_grad()`。", n=name, use=use, l=b.line)
    return Specific(text=text, fix=fix, variable=name)


def freeze_sites(c: Ctx, name: str, before: int | None) -> list[tuple[int, str]]:
    """Lines that switched requires_grad off for `name` or its parameters."""
    return c.program.freeze_sites(name, before)


def no_grad_reasons(c: Ctx, names: list[str], line: int | None, depth: int = 0,
                    seen: set[tuple[str, int | None]] | None = None) -> list[str]:
    """Why the tensors `names` (as bound at `line`) do not require grad, as sentences."""
    seen = set() if seen is None else seen
    reasons: list[str] = []
    for name in names:
        if (name, line) in seen or len(reasons) >= 3:
            continue
        seen.add((name, line))
        b = c.program.binding_at(name, line)
        if b is None or b.kind in ("import", "def"):
            continue
        f = c.facts(name, b)
        if b.grad_ctx is not None:
            kind = b.grad_ctx.code
            reasons.append(c.tr(
                "`{n}` was computed on line {l} inside `{ctx}` (line {cl}), where autograd "
                "records nothing", "`{n}` 是在第 {l} 行、`{ctx}`(第 {cl} 行)里面计算的,"
                "那里 autograd 什么都不记录", n=name, l=b.line, ctx=kind, cl=b.grad_ctx.line))
        elif b.creation == "detached":
            reasons.append(c.tr(
                "`{n}` is `{v}` (line {l}), a tensor cut off from the graph",
                "`{n}` 是 `{v}`(第 {l} 行),一个与计算图断开的张量", n=name, v=b.value,
                l=b.line))
        elif b.creation == "object":
            sites = freeze_sites(c, name, c.line)
            if sites:
                reasons.append(c.tr(
                    "every parameter of `{n}` was frozen (line {l}: `{code}`)",
                    "`{n}` 的所有参数都被冻结了(第 {l} 行:`{code}`)", n=name, l=sites[-1][0],
                    code=sites[-1][1]))
        elif b.creation == "leaf" or (f is not None and f.is_leaf and not f.requires_grad
                                      and b.creation not in ("op", "view")):
            reasons.append(c.tr(
                "`{n}` was created on line {l} without requires_grad=True",
                "`{n}` 在第 {l} 行创建时没有设置 requires_grad=True", n=name, l=b.line))
        elif b.creation in ("op", "view", "unknown") and depth < 4:
            reasons += no_grad_reasons(c, sorted(b.refs), b.line, depth + 1, seen)
    return reasons[:3]


@builder("backward_no_grad")
def _backward_no_grad(c: Ctx) -> Specific | None:
    s = _backward_target(c)
    if s is None:
        return None
    if s.name is None:
        names = sorted({n.id for n in ast.walk(s.node) if isinstance(n, ast.Name)}) \
            if s.node is not None else []
        reasons = no_grad_reasons(c, names, c.line)
        if not reasons:
            return None
        return Specific(
            text=c.tr("`{e}` has no graph: {r}.", "`{e}` 没有计算图:{r}。", e=s.text,
                      r=c.tr("; ", ";").join(reasons)),
            variable=None)
    b = c.binding(s.name)
    if b is None:
        return None
    name = s.name
    if b.grad_ctx is not None:
        ctx_code = b.grad_ctx.code
        return Specific(
            text=c.tr("`{n}` was computed on line {l} inside `{ctx}` (line {cl}). Autograd "
                      "records nothing there, so `{n}` has no grad_fn and backward() has "
                      "nothing to go back through.",
                      "`{n}` 是在第 {l} 行、`{ctx}`(第 {cl} 行)里面计算的。autograd 在那里什么"
                      "都不记录,所以 `{n}` 没有 grad_fn,backward() 无路可走。", n=name, l=b.line,
                      ctx=ctx_code, cl=b.grad_ctx.line),
            fix=c.tr("Compute `{n}` outside the `{ctx}` block (move line {l} out of it). Keep "
                     "only code that must not be recorded, such as evaluation or manual "
                     "parameter updates, inside it.",
                     "在 `{ctx}` 块之外计算 `{n}`(把第 {l} 行移出去)。块内只保留不需要记录的代码,"
                     "例如评估或手动更新参数。", n=name, ctx=ctx_code, l=b.line),
            variable=name)
    if b.creation in ("leaf", "detached") or (b.creation == "unknown" and b.requires_grad is False):
        first = origin(c, name, b)
        if b.creation != "leaf":
            what = c.tr("as a detached tensor", "是一个 detach 后的张量")
        elif b.requires_grad is False:
            what = c.tr("with requires_grad=False", "设置了 requires_grad=False")
        else:
            what = c.tr("without requires_grad=True", "没有设置 requires_grad=True")
        text = c.tr("{first}, {w}, so it does not require grad and has no graph to go back "
                    "through.", "{first},{w},所以它不需要梯度,也没有可以反向传播的计算图。",
                    first=first, w=what)
        later = [x for x in c.program.bindings
                 if name in x.refs and x.creation == "op" and b.line < x.line < (c.line or 10**9)
                 and x.name != name]
        if later:
            alt = later[-1].name
            fix = c.tr("Did you mean to call backward() on `{a}` (line {l}), which is computed "
                       "from `{n}`? Otherwise create `{n}` with requires_grad=True if you want "
                       "its gradient.",
                       "你是不是想对 `{a}`(第 {l} 行,由 `{n}` 计算得到)调用 backward()?"
                       "否则,如果需要 `{n}` 的梯度,就用 requires_grad=True 创建它。",
                       a=alt, l=later[-1].line, n=name)
        else:
            fix = c.tr("Create `{n}` (or a leaf it is computed from) with requires_grad=True.",
                       "用 requires_grad=True 创建 `{n}`(或它所依赖的叶子张量)。", n=name)
        return Specific(text=text, fix=fix, variable=name)
    reasons = no_grad_reasons(c, sorted(b.refs - {name}) if not b.self_ref else
                              sorted(b.refs), b.line)
    if not reasons:
        return Specific(text=c.tr("{first}, but none of the tensors it is computed from "
                                  "requires grad.",
                                  "{first},但它所依赖的张量都不需要梯度。",
                                  first=origin(c, name, b)), variable=name)
    return Specific(
        text=c.tr("{first}, only from tensors that do not require grad: {r}.",
                  "{first},而它所依赖的张量都不需要梯度:{r}。", first=origin(c, name, b),
                  r=c.tr("; ", ";").join(reasons)),
        variable=name)


def _float_literal(node: ast.expr) -> ast.expr | None:
    """`[1, 2]` -> `[1.0, 2.0]`; None when the data is not a literal of ints."""
    changed = False

    class T(ast.NodeTransformer):
        def visit_Constant(self, n: ast.Constant) -> ast.AST:
            nonlocal changed
            if isinstance(n.value, int) and not isinstance(n.value, bool):
                changed = True
                return ast.copy_location(ast.Constant(float(n.value)), n)
            return n

    if not all(isinstance(x, ast.List | ast.Tuple | ast.Constant | ast.UnaryOp | ast.expr_context
                          | ast.USub) for x in ast.walk(node)):
        return None
    new = T().visit(ast.parse(ast.unparse(node), mode="eval").body)
    return new if changed else None


def _target_of_line(c: Ctx, line: int | None) -> str | None:
    st = c.program.statement_at(line)
    if isinstance(st, ast.Assign) and len(st.targets) == 1:
        return dotted(st.targets[0])
    return None


@builder("int_requires_grad")
def _int_requires_grad(c: Ctx) -> Specific | None:
    target = _target_of_line(c, c.line)
    for call in c.program.calls_at(c.line):
        name = call_name(call) or ""
        last = name.rsplit(".", 1)[-1]
        kw = {k.arg: k.value for k in call.keywords}
        req = kw.get("requires_grad")
        code = c.program.segment(call, 120)
        if last == "Parameter" and call.args:
            inner = c.program.segment(call.args[0])
            return Specific(
                text=c.tr("`{code}` wraps an integer tensor: parameters always require grad, "
                          "and integers cannot.",
                          "`{code}` 包装的是整数张量:参数总是需要梯度,而整数不能求梯度。",
                          code=code),
                fix=c.tr("Convert the data first: `{p}({i}.float())`.",
                         "先转换数据:`{p}({i}.float())`。", p=name, i=inner),
                variable=target)
        if isinstance(req, ast.Constant) and req.value is True and call.args:
            data = call.args[0]
            floats = _float_literal(data) if last in ("tensor", "as_tensor") else None
            if floats is not None:
                new = code.replace(c.program.segment(data, 10**6),
                                   ast.unparse(floats), 1)
                return Specific(
                    text=c.tr("`{d}` holds only whole numbers, so `{code}` asks for an int64 "
                              "tensor that requires grad. torch refuses{t}.",
                              "`{d}` 里全是整数,所以 `{code}` 要求的是一个需要梯度的 int64 张量。"
                              "torch 拒绝了{t}。",
                              d=c.program.segment(data), code=code, t=_never(c, target)),
                    fix=c.tr("Write the numbers as floats: `{new}`.",
                             "把数字写成浮点数:`{new}`。", new=new),
                    variable=target)
            new = code[:-1] + ", dtype=torch.float32)" if "dtype" not in kw else None
            return Specific(
                text=c.tr("`{code}` asks for an integer tensor that requires grad. torch "
                          "refuses{t}.",
                          "`{code}` 要求的是一个需要梯度的整数张量。torch 拒绝了{t}。",
                          code=code, t=_never(c, target)),
                fix=c.tr("Ask for a floating point dtype: `{new}`.",
                         "指定浮点类型:`{new}`。", new=new) if new else None,
                variable=target)
    for base in c.program.attr_assigns_at(c.line, "requires_grad"):
        return _int_tensor_named(c, base)
    receivers = c.program.receivers_at(c.line, "requires_grad_")
    if receivers and receivers[0].name:
        return _int_tensor_named(c, receivers[0].name)
    return None


def _never(c: Ctx, target: str | None) -> str:
    """', so `b` is never created' when the failing line is `b = ...` (or nothing)."""
    if not target:
        return ""
    earlier = c.program.binding_at(target, c.line)
    if earlier is not None and earlier.kind not in ("import", "def"):
        return c.tr(", so `{v}` is not assigned and keeps its value from line {l}",
                    ",所以 `{v}` 没有被赋值,仍是第 {l} 行的值", v=target, l=earlier.line)
    return c.tr(", so `{v}` is never created", ",所以 `{v}` 根本没有被创建", v=target)


def _int_tensor_named(c: Ctx, name: str) -> Specific:
    b = c.binding(name)
    first = origin(c, name, b) if b is not None else c.tr("`{n}`", "`{n}`", n=name)
    f = c.facts(name, b)
    dtype = f.dtype if f is not None else c.tr("an integer dtype", "整数类型")
    return Specific(
        text=c.tr("{first}; it holds {d} values, which cannot require grad.",
                  "{first};它存的是 {d} 数值,无法求梯度。", first=first, d=dtype),
        fix=c.tr("Make it floating point first: `{n} = {n}.float().requires_grad_()`, or "
                 "create it from floats (1.0 instead of 1).",
                 "先把它变成浮点:`{n} = {n}.float().requires_grad_()`,"
                 "或者一开始就用浮点数创建(写 1.0 而不是 1)。", n=name),
        variable=name)


@builder("int_requires_grad_method")
def _int_requires_grad_method(c: Ctx) -> Specific | None:
    return _int_requires_grad(c)


@builder("nonleaf_requires_grad_flag")
def _nonleaf_flag(c: Ctx) -> Specific | None:
    names = [s.name for s in c.program.receivers_at(c.line, "requires_grad_") if s.name]
    names += c.program.attr_assigns_at(c.line, "requires_grad")
    if not names:
        return None
    name = names[0]
    b = c.binding(name)
    if b is None:
        return Specific(variable=name)
    f = c.facts(name, b)
    leaves = leaf_sources(c, b)
    src = ", ".join(f"`{x}`" for x in leaves) or c.tr("its inputs", "它的输入")
    return Specific(
        text=c.tr("{first}, so it is {out}, not a leaf: it requires grad because {src} "
                  "does, and only a leaf's flag can be changed.",
                  "{first},所以它是 {out},不是叶子:它需要梯度是因为 {src} 需要梯度,"
                  "只有叶子的标志才能修改。", first=origin(c, name, b), out=op_output(c, b, f),
                  src=src),
        fix=c.tr("Write `{n} = {n}.detach()` to get the same values outside the graph, or "
                 "compute `{n}` inside `with torch.no_grad():` if it must not be recorded.",
                 "写 `{n} = {n}.detach()` 得到数值相同但不在计算图中的张量;如果它不应被记录,"
                 "就在 `with torch.no_grad():` 里计算 `{n}`。", n=name),
        variable=name)


def _inplace_here(c: Ctx) -> list[InplaceOp]:
    return c.program.inplace_at(c.line)


@builder("inplace_leaf")
def _inplace_leaf(c: Ctx) -> Specific | None:
    ops = _inplace_here(c)
    if not ops:
        return None
    op = ops[0]
    name = op.target
    b = c.binding(name)
    made = ""
    if b is not None and b.creation in ("leaf_grad", "object"):
        made = c.tr(" (created on line {l} by `{code}`)", "(第 {l} 行由 `{code}` 创建)",
                    l=b.line, code=b.code)
    elif b is not None and b.kind == "param":
        made = c.tr(" (a parameter of your function)", "(你的函数的参数)")
    stmt = c.stmt_code()
    text = c.tr("Line {l} changes `{n}` in place (`{code}`). `{n}` is a leaf that requires "
                "grad{made}, and autograd is recording here, so torch refuses.",
                "第 {l} 行原地修改了 `{n}`(`{code}`)。`{n}` 是需要梯度的叶子张量{made},"
                "而这里 autograd 正在记录,所以 torch 拒绝执行。",
                l=c.line, n=name, code=op.code, made=made)
    if op.via == "setitem" or c.entry.key == "inplace_leaf_view":
        fix = c.tr("If this sets starting values, do it before requires_grad is switched on "
                   "(fill the tensor, then call `{n}.requires_grad_()`). If it is an update, "
                   "wrap it:\n    with torch.no_grad():\n        {s}",
                   "如果这是在设置初始值,就在打开 requires_grad 之前完成(先填好数值,再调用 "
                   "`{n}.requires_grad_()`)。如果这是一次更新,就把它包起来:\n"
                   "    with torch.no_grad():\n        {s}", n=name, s=stmt)
    else:
        fix = c.tr("A parameter update is not part of the computation to differentiate; "
                   "wrap it:\n    with torch.no_grad():\n        {s}\n"
                   "(or use an optimizer: optimizer.step() does exactly this).",
                   "参数更新不属于要求导的计算;把它包起来:\n    with torch.no_grad():\n"
                   "        {s}\n(或者使用优化器:optimizer.step() 做的正是这件事)。", s=stmt)
    return Specific(text=text, fix=fix, variable=name)


@builder("inplace_leaf_view")
def _inplace_leaf_view(c: Ctx) -> Specific | None:
    return _inplace_leaf(c)


def _ancestors(c: Ctx, name: str, line: int | None, depth: int = 0,
               seen: set[str] | None = None) -> dict[str, Binding]:
    """Computed (non-leaf) names `name` depends on, with their bindings, including itself."""
    seen = set() if seen is None else seen
    out: dict[str, Binding] = {}
    b = c.program.binding_at(name, line)
    if b is None or name in seen or depth > 8:
        return out
    seen.add(name)
    if b.creation in ("op", "view") and b.grad_ctx is None:
        out[name] = b
        for r in sorted(b.refs):
            if r != name:
                out.update(_ancestors(c, r, b.line, depth + 1, seen))
            else:
                out.update(_ancestors(c, r, b.line, depth + 1, seen - {name}))
    return out


@builder("backward_twice")
def _backward_twice(c: Ctx) -> Specific | None:
    s = _backward_target(c)
    if s is None or s.name is None:
        return None
    name = s.name
    assert name is not None
    b = c.binding(name)
    loop = None
    if c.line is not None:
        loop = _enclosing_loop(c.program, c.line)
    if loop is not None:
        anc = _ancestors(c, name, c.line)
        outside = sorted(((n, x) for n, x in anc.items()
                          if x.line < loop[0] and may_require_grad(c, n, x)),
                         key=lambda item: item[1].line)
        if outside:
            names = [n for n, _x in outside]
            listed = join_names(c, names)
            lines = sorted({x.line for _n, x in outside})
            where = c.tr("line {l}", "第 {l} 行", l=lines[0]) if len(lines) == 1 else \
                c.tr("lines {ls}", "第 {ls} 行", ls=", ".join(map(str, lines)))
            text = c.tr("Line {l} runs backward() in the loop that starts on line {ls}, but "
                        "{names} {verb} computed only once, on {where}, before the loop. The "
                        "first pass through the loop freed that graph; the second pass goes "
                        "through it again.",
                        "第 {l} 行在从第 {ls} 行开始的循环中调用 backward(),"
                        "但 {names} 只在循环之前的{where}计算了一次。"
                        "第一次循环已经释放了那部分计算图,第二次循环又要经过它。",
                        l=c.line, ls=loop[0], names=listed,
                        verb="is" if len(names) == 1 else "are", where=where)
            moves = c.tr(", ", "、").join(
                c.tr("`{code}` (line {l})", "`{code}`(第 {l} 行)", code=x.code, l=x.line)
                for _n, x in outside)
            return Specific(
                text=text,
                fix=c.tr("Move {m} into the loop, so that every iteration builds a fresh graph.",
                         "把 {m}移到循环里面,让每次迭代都构建新的计算图。", m=moves),
                variable=name if name in names else names[0])
    earlier = []
    for line in backward_lines(c.program, 0, c.line):
        for t in c.program.backward_targets_at(line):
            if t.name is not None:
                earlier.append((line, t))
    if b is not None:
        earlier = [(ln, t) for ln, t in earlier if ln > b.line]  # since `name` was bound
    same = [(ln, t) for ln, t in earlier if t.name == name]
    if same:
        ln = same[-1][0]
        code = c.program.line_text(ln)
        return Specific(
            text=c.tr("`{code}` already ran on line {ln} and freed what the graph of `{n}` had "
                      "saved; line {l} goes back through the same graph.",
                      "第 {ln} 行的 `{code}` 已经执行过,并释放了 `{n}` 的计算图保存的值;"
                      "第 {l} 行又要经过同一个计算图。", code=code, ln=ln, n=name, l=c.line),
            fix=c.tr("If you really want two passes, add retain_graph=True to the first one "
                     "(line {ln}); gradients then add up in .grad. Otherwise recompute `{n}` "
                     "before line {l}.",
                     "如果确实需要两次反向传播,在第一次(第 {ln} 行)加上 retain_graph=True;"
                     "梯度会在 .grad 中累加。否则在第 {l} 行之前重新计算 `{n}`。",
                     ln=ln, n=name, l=c.line),
            variable=name)
    mine = _ancestors(c, name, c.line)
    for ln, t in reversed(earlier):
        if t.name is None:
            continue
        shared = [n for n in _ancestors(c, t.name, ln) if n in mine and n != name]
        if shared:
            sb = mine[shared[0]]
            return Specific(
                text=c.tr("`{t}.backward()` on line {ln} already went through `{s}` (line "
                          "{sl}), which `{n}` is also computed from, and freed what it saved.",
                          "第 {ln} 行的 `{t}.backward()` 已经经过了 `{s}`(第 {sl} 行),"
                          "而 `{n}` 也依赖它;它保存的值已被释放。",
                          t=t.name, ln=ln, s=shared[0], sl=sb.line, n=name),
                fix=c.tr("Pass retain_graph=True to the backward() on line {ln}, or add the "
                         "losses and call backward() once: `({t} + {n}).backward()`.",
                         "在第 {ln} 行的 backward() 中传入 retain_graph=True,或者把损失加起来只调用"
                         "一次 backward():`({t} + {n}).backward()`。", ln=ln, t=t.name, n=name),
                variable=shared[0])
    return Specific(variable=name)


def _enclosing_loop(program: Program, line: int) -> tuple[int, int] | None:
    best = None
    if program.tree is None:
        return None
    for node in ast.walk(program.tree):
        if isinstance(node, ast.For | ast.While | ast.AsyncFor):
            end = node.end_lineno or node.lineno
            if node.lineno < line <= end and (best is None or node.lineno > best[0]):
                best = (node.lineno, end)
    return best


@builder("nonscalar_backward")
def _nonscalar(c: Ctx) -> Specific | None:
    s = _backward_target(c)
    if s is None:
        return None
    e = receiver_text(s)
    f = c.facts(s.name, c.binding(s.name))
    shape = ""
    if f is not None and f.shape:
        n = 1
        for d in f.shape:
            n *= d
        shape = c.tr(" has shape {sh} ({n} values): it", "的形状是 {sh}({n} 个元素),",
                     sh=list(f.shape), n=n)
    is_grad_call = any((call_name(x) or "").endswith("autograd.grad")
                       for x in c.program.calls_at(c.line))
    if is_grad_call:
        fix = c.tr("Pass the weights explicitly: `grad_outputs=torch.ones_like({t})`, or "
                   "differentiate `{e}.sum()`.",
                   "显式传入权重:`grad_outputs=torch.ones_like({t})`,或者对 `{e}.sum()` 求导。",
                   t=s.text, e=e)
    else:
        fix = c.tr("Write `{e}.sum().backward()`, or `{e}.backward(torch.ones_like({t}))`, "
                   "which gives the same .grad.",
                   "写成 `{e}.sum().backward()`,或 `{e}.backward(torch.ones_like({t}))`,"
                   "二者得到的 .grad 相同。", e=e, t=s.text)
    return Specific(
        text=c.tr("`{t}`{sh} is not a single number, so torch cannot start backward() from "
                  "d{e}/d{e} = 1.",
                  "`{t}`{sh}不是单个数,所以 torch 无法从 d{e}/d{e} = 1 开始反向传播。",
                  t=s.text, e=e if e.startswith("(") else f"({e})", sh=shape),
        fix=fix, variable=s.name)


@builder("grad_shape_mismatch")
def _grad_shape(c: Ctx) -> Specific | None:
    s = _backward_target(c)
    if s is None:
        return None
    m = re.search(r"grad_output\[\d+\] has a shape of torch\.Size\((\[[^\]]*\])\) and "
                  r"output\[\d+\] has a shape of torch\.Size\((\[[^\]]*\])\)", c.message)
    if m is None:
        return Specific(variable=s.name)
    calls = [x for x in c.program.calls_at(c.line, "backward") if x.args]
    grad = c.program.segment(calls[0].args[0]) if calls else c.tr("the gradient", "梯度")
    return Specific(
        text=c.tr("`{g}` has shape {a}, but `{e}` has shape {b}.",
                  "`{g}` 的形状是 {a},而 `{e}` 的形状是 {b}。", g=grad, a=m.group(1), e=s.text,
                  b=m.group(2)),
        fix=c.tr("Build the gradient from the output itself: "
                 "`{e}.backward(torch.ones_like({e}))`.",
                 "用输出本身来构造梯度:`{e}.backward(torch.ones_like({e}))`。", e=s.text),
        variable=s.name)


_OUT_OF_PLACE = {"zero_": "torch.zeros_like({r})", "fill_": "torch.full_like({r}, {a})",
                 "copy_": "{a}.clone()"}


def out_of_place(c: Ctx, op: InplaceOp) -> str | None:
    """The learner's in-place statement rewritten out of place, when that is mechanical."""
    st = c.program.statement_at(op.line)
    if isinstance(st, ast.AugAssign) and op.method:
        t = c.program.segment(st.target)
        return f"{t} = {t} {op.method[:-1]} {c.program.segment(st.value)}"
    if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call) and op.method and \
            isinstance(st.value.func, ast.Attribute):
        call = st.value
        recv = c.program.segment(call.func.value)
        args = ", ".join(c.program.segment(a) for a in call.args)
        if op.via == "detach":
            return f"{op.target}_copy = {recv}.clone().{op.method}({args})"
        if op.method in _OUT_OF_PLACE:
            return f"{op.target} = " + _OUT_OF_PLACE[op.method].format(r=recv, a=args)
        if op.via == "method" and recv == op.target:
            return f"{op.target} = {recv}.{op.method[:-1]}({args})"
    return None


@builder("inplace_saved")
def _inplace_saved(c: Ctx) -> Specific | None:
    m = re.search(r"which is output (\d+) of (\w+), is at version (\d+); expected version (\d+)",
                  c.message)
    before = c.line if c.line is not None else 10**9
    candidates: list[Binding] = []
    if m is not None:
        op = m.group(2).lower()
        candidates = [b for b in c.program.bindings if b.op == op and b.line < before]
    found: tuple[Binding, InplaceOp, str | None] | None = None
    for b in reversed(candidates):
        aliases = c.program.aliases_of(b.name)
        ops = c.program.inplace_on({b.name, *aliases}, b.line, before)
        if ops:
            op0 = ops[0]
            found = (b, op0, op0.target if op0.target != b.name else None)
            break
    if found is None:
        ops = c.program.inplace_before(before)
        if not ops:
            return None
        op0 = ops[-1]
        return Specific(
            text=c.tr("Line {l} changes `{t}` in place (`{code}`) after it was used in the "
                      "computation, and backward() needs its old value.",
                      "第 {l} 行在 `{t}` 参与计算之后原地修改了它(`{code}`),"
                      "而 backward() 需要它原来的值。", l=op0.line, t=op0.target, code=op0.code),
            fix=c.tr("Use the out-of-place form instead{s}.", "改用非原地写法{s}。",
                     s=c.tr(": `{x}`", ":`{x}`", x=x) if (x := out_of_place(c, op0)) else ""),
            variable=op0.target)
    b, op0, alias = found
    versions = ""
    if m is not None:
        versions = c.tr(" (its version went from {e} to {v})", "(版本从 {e} 变成了 {v})",
                        e=m.group(4), v=m.group(3))
    text = c.tr("`{n}` — the output of {op}, computed on line {l} by `{code}` — is saved for "
                "the backward pass. Line {il} then changed it in place with `{icode}`{ver}, so "
                "backward() refuses to use the stale saved value.",
                "`{n}`(第 {l} 行由 `{code}` 计算得到的 {op} 的输出)被保存下来供反向传播使用。"
                "随后第 {il} 行用 `{icode}` 原地修改了它{ver},所以 backward() 拒绝使用这个过期的"
                "保存值。", n=b.name, op=m.group(2) if m else b.op, l=b.line, code=b.code,
                il=op0.line, icode=op0.code, ver=versions)
    title = None
    if op0.via == "detach" or (alias and (c.program.aliases_of(b.name).get(alias) == "detach")):
        via = f"{b.name}.detach()" if op0.via == "detach" else alias
        text += c.sep + c.tr(
            "The change went through `{v}`: detach() gives a tensor outside the graph, but it "
            "shares memory and the version counter with `{n}`, so changing it changes `{n}`.",
            "这次修改是通过 `{v}` 进行的:detach() 得到的张量虽然不在计算图中,但和 `{n}` 共享"
            "内存和版本计数器,修改它就是修改 `{n}`。", v=via, n=b.name)
        title = c.tr("in-place write through a detach() alias broke backward",
                     "通过 detach() 别名的原地修改破坏了反向传播")
        fix = c.tr("Modify a copy instead: `{code}`; or make the change after backward().",
                   "改为修改副本:`{code}`;或者在 backward() 之后再修改。",
                   code=out_of_place(c, op0) or f"{b.name}.detach().clone()")
    else:
        rewrite = out_of_place(c, op0)
        fix = c.tr("Use the out-of-place form on line {l}{s}, or change a `.clone()` of "
                   "`{n}`.", "把第 {l} 行改成非原地写法{s},或者修改 `{n}` 的 `.clone()`。",
                   l=op0.line, n=b.name,
                   s=c.tr(": `{x}`", ":`{x}`", x=rewrite) if rewrite else "")
    return Specific(text=text, fix=fix, variable=b.name, title=title)


@builder("numpy_requires_grad")
def _numpy(c: Ctx) -> Specific | None:
    recv = c.program.receivers_at(c.line, "numpy")
    if not recv:
        return None
    s = recv[0]
    b = c.binding(s.name)
    why = ""
    if b is not None and s.name is not None:
        modules = [r for r in sorted(b.refs) if (rb := c.binding(r)) is not None
                   and rb.creation == "object"]
        if b.creation == "leaf_grad":
            why = c.tr(" (created with requires_grad=True on line {l})",
                       "(第 {l} 行用 requires_grad=True 创建)", l=b.line)
        elif leaves := leaf_sources(c, b):
            why = c.tr(" (computed on line {l} from {x})", "(第 {l} 行由 {x} 计算得到)",
                       l=b.line, x=", ".join(f"`{x}`" for x in leaves))
        elif modules:
            why = c.tr(" (computed on line {l} by `{v}`, and the parameters of `{m}` require "
                       "grad)", "(第 {l} 行由 `{v}` 计算得到,而 `{m}` 的参数需要梯度)",
                       l=b.line, v=b.value, m=modules[0])
    line = c.stmt_code().replace(f"{s.text}.numpy()", f"{s.text}.detach().numpy()", 1)
    fix = c.tr("Detach it first: `{line}`", "先 detach:`{line}`", line=line)
    if b is not None and b.creation == "op":
        fix += c.tr(". If you only need the values (plotting, metrics), you can also compute "
                    "them under `with torch.no_grad():` (line {l}), which records nothing.",
                    "。如果只需要数值(画图、计算指标),也可以在 `with torch.no_grad():` 中计算它"
                    "(第 {l} 行),这样什么都不会被记录。", l=b.line)
    return Specific(
        text=c.tr("`{e}` requires grad{w}, so it cannot go to NumPy directly.",
                  "`{e}` 需要梯度{w},所以不能直接交给 NumPy。", e=s.text, w=why),
        fix=fix, variable=s.name)


def _inference_named(c: Ctx, names: list[str]) -> tuple[str, Binding] | None:
    for n in names:
        b = c.binding(n)
        f = c.facts(n, b)
        if b is not None and ((b.grad_ctx and b.grad_ctx.kind == "inference_mode")
                              or (f is not None and f.is_inference)):
            return n, b
    return None


def _names_on_line(c: Ctx) -> list[str]:
    st = c.program.statement_at(c.line)
    if st is None:
        return []
    names: list[str] = []
    for node in ast.walk(st):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in names:
            names.append(node.id)
    return names


@builder("inference_saved")
def _inference_saved(c: Ctx) -> Specific | None:
    names = _names_on_line(c)
    hit = _inference_named(c, names)
    if hit is None:  # one step further back: loss = f(out), out from inference mode
        for n in names:
            b = c.binding(n)
            if b is not None:
                hit = _inference_named(c, sorted(b.refs))
                if hit:
                    break
    if hit is None:
        return None
    name, b = hit
    ctx_line = b.grad_ctx.line if b.grad_ctx else b.line
    line = c.stmt_code()
    fixed = re.sub(rf"\b{re.escape(name)}\b(?!\s*=)", f"{name}.clone()", line, count=1)
    return Specific(
        text=c.tr("`{n}` was created on line {l} inside `with torch.inference_mode():` (line "
                  "{cl}). Inference tensors can never be saved for backward, and line {here} "
                  "uses it in a computation autograd records.",
                  "`{n}` 是在第 {l} 行、`with torch.inference_mode():`(第 {cl} 行)里面创建的。"
                  "推理张量永远不能为反向传播保存,而第 {here} 行把它用在了 autograd 记录的计算中。",
                  n=name, l=b.line, cl=ctx_line, here=c.line),
        fix=c.tr("Use a normal copy here: `{fixed}`; or use `torch.no_grad()` instead of "
                 "`torch.inference_mode()` on line {cl}.",
                 "在这里使用普通副本:`{fixed}`;或者把第 {cl} 行的 `torch.inference_mode()` "
                 "换成 `torch.no_grad()`。", fixed=fixed, cl=ctx_line),
        variable=name)


def _inference_target(c: Ctx, names: list[str]) -> Specific | None:
    hit = _inference_named(c, names)
    if hit is None:
        return None
    name, b = hit
    return Specific(
        text=c.tr("`{n}` was created on line {l} inside `with torch.inference_mode():`, so it "
                  "is an inference tensor.",
                  "`{n}` 是在第 {l} 行、`with torch.inference_mode():` 里面创建的,"
                  "所以它是推理张量。",
                  n=name, l=b.line),
        fix=c.tr("Work on a clone: `{n} = {n}.clone()` before this line.",
                 "改为操作副本:在这一行之前写 `{n} = {n}.clone()`。", n=name),
        variable=name)


@builder("inference_inplace")
def _inference_inplace(c: Ctx) -> Specific | None:
    return _inference_target(c, [op.target for op in _inplace_here(c)])


@builder("inference_requires_grad")
def _inference_requires_grad(c: Ctx) -> Specific | None:
    names = [s.name for s in c.program.receivers_at(c.line, "requires_grad_") if s.name]
    names += c.program.attr_assigns_at(c.line, "requires_grad")
    return _inference_target(c, names)


def _grad_call(c: Ctx) -> ast.Call | None:
    for call in c.program.calls_at(c.line):
        name = call_name(call) or ""
        if name.endswith("autograd.grad") or name == "grad":
            return call
    return None


def _with_kw(c: Ctx, call: ast.Call, kw: str) -> str:
    code = c.program.segment(call, 10**6)
    return collapse(code[:-1].rstrip() + f", {kw})", 120)


@builder("grad_unused_input")
def _grad_unused(c: Ctx) -> Specific | None:
    call = _grad_call(c)
    if call is None:
        return None
    idx = int(c.match.group("index")) if c.match.groupdict().get("index") else None
    inputs = call.args[1] if len(call.args) > 1 else next(
        (k.value for k in call.keywords if k.arg == "inputs"), None)
    outputs = call.args[0] if call.args else None
    if inputs is None:
        return None
    elems = c.program.elements(inputs, c.line)
    s = elems[idx] if idx is not None and isinstance(inputs, ast.List | ast.Tuple) and \
        idx < len(elems) else (elems[0] if len(elems) == 1 else None)
    out_text = c.program.segment(outputs) if outputs is not None else "outputs"
    out_b = c.binding(dotted(outputs)) if outputs is not None else None
    where = c.tr(" (line {l}: `{code}`)", "(第 {l} 行:`{code}`)", l=out_b.line,
                 code=out_b.code) if out_b else ""
    fix = c.tr("`{call}` — the gradient of an unused input comes back as None (add "
               "materialize_grads=True for zeros); or remove it from the inputs.",
               "`{call}`——未被使用的输入的梯度返回 None(再加 materialize_grads=True 得到零);"
               "或者把它从 inputs 中去掉。", call=_with_kw(c, call, "allow_unused=True"))
    if s is None:
        return Specific(fix=fix)
    pos = c.tr(" (index {i} of the inputs)", "(inputs 中下标为 {i} 的元素)", i=idx) \
        if idx is not None else ""
    return Specific(
        text=c.tr("`{e}`{pos} is not used to compute `{o}`{w}.",
                  "`{e}`{pos}没有参与计算 `{o}`{w}。", e=s.text, pos=pos, o=out_text, w=where),
        fix=fix, variable=s.name)


@builder("grad_input_no_req")
def _grad_no_req(c: Ctx) -> Specific | None:
    call = _grad_call(c)
    if call is None:
        return None
    inputs = call.args[1] if len(call.args) > 1 else next(
        (k.value for k in call.keywords if k.arg == "inputs"), None)
    if inputs is None:
        return None
    for s in c.program.elements(inputs, c.line):
        b = c.binding(s.name)
        f = c.facts(s.name, b)
        if (f is not None and not f.requires_grad) or (b is not None and b.creation in (
                "leaf", "detached")):
            why = origin(c, s.name, b) if b is not None and s.name else f"`{s.text}`"
            return Specific(
                text=c.tr("{why}, so it does not require grad: there is no gradient to compute "
                          "with respect to it.",
                          "{why},所以它不需要梯度:没有关于它的梯度可以计算。", why=why),
                fix=c.tr("Create `{e}` with requires_grad=True before computing the output if "
                         "you need d/d{e}; otherwise leave it out of the inputs.",
                         "如果需要对 `{e}` 求导,就在计算输出之前用 requires_grad=True 创建它;"
                         "否则不要把它放进 inputs。", e=s.text),
                variable=s.name)
    return None


def _optimizer_call(c: Ctx) -> ast.Call | None:
    for call in c.program.calls_at(c.line):
        name = call_name(call) or ""
        last = name.rsplit(".", 1)[-1]
        if ("optim." in name or last in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad")) \
                and last[:1].isupper():
            return call
    return None


@builder("optimizer_nonleaf")
def _optimizer_nonleaf(c: Ctx) -> Specific | None:
    call = _optimizer_call(c)
    if call is None or not call.args:
        return None
    for s in c.program.elements(call.args[0], c.line):
        if s.name is None and isinstance(s.node, ast.BinOp | ast.Call | ast.UnaryOp):
            leaves = sorted({n.id for n in ast.walk(s.node) if isinstance(n, ast.Name)
                             and (b := c.binding(n.id)) is not None and b.creation == "leaf_grad"})
            lt = ", ".join(f"`{x}`" for x in leaves) or c.tr("the leaf", "叶子张量")
            return Specific(
                text=c.tr("`{e}` computes a new tensor, which is not a leaf.",
                          "`{e}` 计算出的是一个新张量,不是叶子。", e=s.text),
                fix=c.tr("Give the optimizer {lt} itself, and use `{e}` in the forward pass.",
                         "把 {lt} 本身交给优化器,在前向计算中再使用 `{e}`。", lt=lt, e=s.text),
                variable=None)
        if s.name is not None:
            b = c.binding(s.name)
            if b is not None and b.creation in ("op", "view"):
                leaves = leaf_sources(c, b)
                lt = ", ".join(f"`{x}`" for x in leaves) or c.tr("the leaf", "叶子张量")
                return Specific(
                    text=c.tr("{o}, so it is not a leaf.", "{o},所以它不是叶子。",
                              o=origin(c, s.name, b)),
                    fix=c.tr("Give the optimizer {lt} instead.", "改为把 {lt} 交给优化器。",
                             lt=lt),
                    variable=s.name)
    return None


@builder("optimizer_empty")
def _optimizer_empty(c: Ctx) -> Specific | None:
    call = _optimizer_call(c)
    if call is None or not call.args:
        return None
    arg = call.args[0]
    owners = []
    for node in ast.walk(arg):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in ("parameters", "named_parameters"):
            owner = dotted(node.func.value)
            if owner:
                owners.append(owner)
    for owner in owners:
        sites = freeze_sites(c, owner, c.line)
        if sites:
            return Specific(
                text=c.tr("`{a}` is empty: line {l} (`{code}`) froze every parameter of "
                          "`{o}` before the optimizer was built.",
                          "`{a}` 是空的:第 {l} 行(`{code}`)在创建优化器之前"
                          "冻结了 `{o}` 的所有参数。",
                          a=c.program.segment(arg), l=sites[-1][0], code=sites[-1][1], o=owner),
                variable=owner)
    return None


@builder("retain_grad_no_req")
def _retain_grad(c: Ctx) -> Specific | None:
    return _no_req_receiver(c, "retain_grad")


@builder("hook_no_req")
def _hook(c: Ctx) -> Specific | None:
    return _no_req_receiver(c, "register_hook")


def _no_req_receiver(c: Ctx, method: str) -> Specific | None:
    recv = c.program.receivers_at(c.line, method)
    if not recv or recv[0].name is None:
        return None
    name = recv[0].name
    b = c.binding(name)
    if b is None:
        return Specific(variable=name)
    reasons = no_grad_reasons(c, [name], c.line)
    return Specific(text=sentence(reasons[0] if reasons else origin(c, name, b), c.lang),
                    variable=name)


@builder("no_grad_view_inplace")
def _no_grad_view(c: Ctx) -> Specific | None:
    ops = _inplace_here(c)
    if not ops:
        return None
    name = ops[0].target
    b = c.binding(name)
    if b is None or b.grad_ctx is None:
        return Specific(variable=name)
    return Specific(
        text=c.tr("`{n}` is a view of `{a}` created on line {l} inside `{ctx}`; line {here} "
                  "changes it in place outside that block.",
                  "`{n}` 是第 {l} 行在 `{ctx}` 里面创建的 `{a}` 的视图;"
                  "第 {here} 行在块外原地修改了它。",
                  n=name, a=b.alias_of or "?", l=b.line, ctx=b.grad_ctx.code, here=c.line),
        variable=name)


@builder("multi_view_inplace")
def _multi_view(c: Ctx) -> Specific | None:
    ops = _inplace_here(c)
    if not ops:
        return None
    op = ops[0]
    b = c.binding(op.target)
    if b is None:
        return Specific(variable=op.target)
    rewrite = out_of_place(c, op)
    return Specific(
        text=c.tr("`{n}` is one of the pieces returned on line {l} by `{code}`.",
                  "`{n}` 是第 {l} 行 `{code}` 返回的分块之一。", n=op.target, l=b.line,
                  code=b.code),
        fix=c.tr("Write `{r}` instead.", "改写为 `{r}`。", r=rewrite) if rewrite else None,
        variable=op.target)


@builder("tensor_copy_construct")
def _copy_construct(c: Ctx) -> Specific | None:
    for call in c.program.calls_at(c.line, "tensor"):
        if call.args and (s := c.program.subject(call.args[0], c.line)).name:
            target = _target_of_line(c, c.line) or "copy"
            return Specific(
                text=c.tr("`{code}` copies the values of `{n}` but not its place in the graph"
                          "{t}.", "`{code}` 复制了 `{n}` 的数值,但没有复制它在计算图中的位置{t}。",
                          code=c.program.segment(call), n=s.name,
                          t=c.tr(": `{v}` will not require grad", ":`{v}` 不会需要梯度", v=target)),
                fix=c.tr("`{v} = {n}.detach().clone()` for an independent copy, or "
                         "`{v} = {n}.clone()` to keep gradients flowing to `{n}`.",
                         "独立副本用 `{v} = {n}.detach().clone()`;想让梯度继续流向 `{n}` 就用 "
                         "`{v} = {n}.clone()`。", v=target, n=s.name),
                variable=s.name)
    return None


@builder("create_graph_cycle")
def _create_graph(c: Ctx) -> Specific | None:
    s = _backward_target(c)
    if s is None:
        return None
    b = c.binding(s.name)
    leaves = leaf_sources(c, b) if b is not None else []
    if s.name is None and s.node is not None:
        leaves = sorted({n.id for n in ast.walk(s.node) if isinstance(n, ast.Name)
                         and (lb := c.binding(n.id)) is not None and lb.creation == "leaf_grad"})
    if not leaves:
        return Specific(variable=s.name)
    x = leaves[0]
    return Specific(
        fix=c.tr("`(g,) = torch.autograd.grad({e}, {x}, create_graph=True)` returns the "
                 "gradient without storing it in `{x}.grad`.",
                 "`(g,) = torch.autograd.grad({e}, {x}, create_graph=True)` 返回梯度,"
                 "而不把它存进 `{x}.grad`。", e=s.text, x=x),
        variable=x)


@builder("grad_is_none")
def _grad_is_none(c: Ctx) -> Specific | None:
    m = re.match(r"'NoneType' object has no attribute '(\w+)'", c.message)
    attr = m.group(1) if m else None
    st = c.program.statement_at(c.line)
    if st is None or attr is None:
        return None
    for node in ast.walk(st):
        if isinstance(node, ast.Attribute) and node.attr == attr and \
                isinstance(node.value, ast.Attribute) and node.value.attr == "grad":
            s = c.program.subject(node.value.value, c.line)
            name = s.name
            b = c.binding(name)
            f = c.facts(name, b)
            before = backward_lines(c.program, 0, c.line)
            if b is not None and (b.creation in ("leaf", "detached") or
                                  (f is not None and not f.requires_grad)):
                why = c.tr("`{e}` does not require grad, so its .grad is always None",
                           "`{e}` 不需要梯度,所以它的 .grad 永远是 None", e=s.text)
            elif b is not None and (b.creation in ("op", "view") or (f and not f.is_leaf)):
                why = c.tr("`{e}` is not a leaf, so backward() does not store its .grad",
                           "`{e}` 不是叶子,所以 backward() 不会保存它的 .grad", e=s.text)
            elif not before:
                why = c.tr("no backward() ran before line {l}, so `{e}.grad` is still None",
                           "第 {l} 行之前没有执行过 backward(),所以 `{e}.grad` 还是 None",
                           l=c.line, e=s.text)
            else:
                why = c.tr("`{e}.grad` is None on line {l}", "第 {l} 行时 `{e}.grad` 是 None",
                           l=c.line, e=s.text)
            fix = None
            if attr == "zero_":
                fix = c.tr("To reset gradients write `{e}.grad = None` (or "
                           "optimizer.zero_grad()); both work before the first backward().",
                           "清空梯度请写 `{e}.grad = None`(或 optimizer.zero_grad());"
                           "两者在第一次 backward() 之前也能用。", e=s.text)
            return Specific(text=sentence(why, c.lang), fix=fix, variable=name)
    return None


@builder("grad_assign_shape")
def _grad_assign(c: Ctx) -> Specific | None:
    for base in c.program.attr_assigns_at(c.line, "grad"):
        return Specific(fix=c.tr("Assign a gradient of the same shape: "
                                 "`{n}.grad = torch.zeros_like({n})`, or None.",
                                 "赋一个形状相同的梯度:`{n}.grad = torch.zeros_like({n})`,"
                                 "或者赋 None。", n=base), variable=base)
    return None


@builder("deepcopy_nonleaf")
def _deepcopy(c: Ctx) -> Specific | None:
    for call in c.program.calls_at(c.line, "deepcopy"):
        if call.args:
            s = c.program.subject(call.args[0], c.line)
            return Specific(fix=c.tr("Copy the values instead: `{e}.detach().clone()`.",
                                     "改为复制数值:`{e}.detach().clone()`。",
                                     e=s.text if s.name else f"({s.text})"), variable=s.name)
    return None


@builder("volatile_removed")
def _volatile(c: Ctx) -> Specific | None:
    for call in c.program.calls_at(c.line, "Variable"):
        if call.args:
            data = c.program.segment(call.args[0])
            return Specific(
                fix=c.tr("Replace `{v}` by `{d}` (a plain tensor), and put the code that must "
                         "not be recorded under `with torch.no_grad():`.",
                         "把 `{v}` 换成 `{d}`(普通张量),并把不需要记录的代码放进 "
                         "`with torch.no_grad():`。", v=c.program.segment(call), d=data),
                variable=_target_of_line(c, c.line))
    return None


@builder("anomaly_trace")
def _anomaly(c: Ctx) -> Specific | None:
    # The forward traceback names files and lines; our file's last frame is the culprit.
    frames = re.findall(r'File "([^"]+)", line (\d+)', c.message)
    if not frames:
        return None
    lines = [int(n) for _f, n in frames]
    last = lines[-1]
    return Specific(text=c.tr("The failing operation was computed on line {l}: `{code}`.",
                              "出错的运算是在第 {l} 行计算的:`{code}`。", l=last,
                              code=c.program.line_text(last)))


@builder("no_grad_without_parens")
def _no_parens(c: Ctx) -> Specific | None:
    st = c.program.statement_at(c.line)
    if not isinstance(st, ast.With | ast.AsyncWith):
        return None
    for item in st.items:
        if grad_kind(item.context_expr) == "no_grad_noparens":
            code = c.program.segment(item.context_expr)
            return Specific(text=c.tr("Line {l} says `with {e}:`.", "第 {l} 行写的是 `with {e}:`。",
                                      l=c.line, e=code),
                            fix=c.tr("Write `with {e}():`.", "写成 `with {e}():`。", e=code))
    return None
