"""The AST index: bindings in effect at a line, grad-mode regions, in-place changes, aliases."""

from __future__ import annotations

from pathlib import Path

from gradtutor.explain.names import Program


def prog(*lines: str) -> Program:
    return Program("\n".join(lines) + "\n")


def test_binding_in_effect_is_the_last_earlier_one() -> None:
    p = prog("import torch",
             "x = torch.tensor([1.0], requires_grad=True)",
             "x = x * 2",
             "print(x.grad)",
             "x = torch.zeros(1)",
             "print(x)")
    b = p.binding_at("x", 4)
    assert b is not None and b.line == 3 and b.self_ref and b.creation == "op" and b.op == "mul"
    first = p.binding_at("x", 3)  # the old x, read by line 3 itself
    assert first is not None and first.line == 2 and first.creation == "leaf_grad"
    assert first.requires_grad is True
    assert p.binding_at("x", 6).line == 5  # type: ignore[union-attr]
    assert p.binding_at("x", None).line == 5  # type: ignore[union-attr]
    assert p.binding_at("x", 2) is None  # nothing before line 2
    assert p.is_rebound_later(b)


def test_function_locals_and_globals() -> None:
    p = prog("import torch",
             "w = torch.ones(1, requires_grad=True)",
             "def step(w):",
             "    w = w * 3",
             "    return w.grad",
             "def read():",
             "    return w.grad",
             "w = w + 0")
    inner = p.binding_at("w", 5)
    assert inner is not None and inner.line == 4 and inner.scope != 0
    param = p.binding_at("w", 4)
    assert param is not None and param.kind == "param"
    # `read` never assigns w, so w is the module's: the last module binding before line 7
    glob = p.binding_at("w", 7)
    assert glob is not None and glob.scope == 0 and glob.line == 2


def test_global_statement_makes_the_name_module_level() -> None:
    p = prog("import torch",
             "h = torch.ones(1)",
             "def f():",
             "    global h",
             "    h = h * 2",
             "    return h.grad")
    b = p.binding_at("h", 6)
    assert b is not None and b.scope == 0


def test_grad_mode_regions() -> None:
    p = prog("import torch",
             "x = torch.ones(1, requires_grad=True)",
             "with torch.no_grad():",
             "    a = x * 2",
             "    with torch.enable_grad():",
             "        b = x * 2",
             "with torch.inference_mode():",
             "    c = x * 2",
             "with torch.inference_mode(False):",
             "    d = x * 2",
             "@torch.no_grad()",
             "def f(t):",
             "    e = t * 2",
             "    return e",
             "torch.set_grad_enabled(False)",
             "g = x * 2")
    kinds = {n: (b.grad_ctx.kind if (b := p.binding_at(n, None)) and b.grad_ctx else None)
             for n in "abcdg"}
    assert kinds == {"a": "no_grad", "b": None, "c": "inference_mode", "d": None,
                     "g": "no_grad"}
    e = p.binding_at("e", 14)
    assert e is not None and e.grad_ctx is not None and e.grad_ctx.code == "@torch.no_grad()"
    ctx = p.grad_context_at(4)
    assert ctx is not None and ctx.line == 3 and ctx.code == "with torch.no_grad():"
    assert p.grad_context_at(6) is None


def test_inplace_changes_are_traced_to_the_named_tensor() -> None:
    p = prog("import torch",
             "y = torch.ones(2)",
             "y += 1",
             "y.add_(1)",
             "y[0] = 5",
             "y.detach().zero_()",
             "y.data.mul_(2)",
             "torch.nn.init.zeros_(y)",
             "y.requires_grad_()",
             "y.view(2)[0] = 1")
    ops = [(op.line, op.target, op.via, op.method) for op in p.inplace]
    assert ops == [(3, "y", "augassign", "+="), (4, "y", "method", "add_"),
                   (5, "y", "setitem", None), (6, "y", "detach", "zero_"),
                   (7, "y", "data", "mul_"), (8, "y", "init", "zeros_"),
                   (10, "y", "setitem", None)]  # requires_grad_ is not a change of values


def test_aliases_detach_data_and_views() -> None:
    p = prog("import torch",
             "y = torch.ones(2, requires_grad=True) * 2",
             "d = y.detach()",
             "e = d.view(2)",
             "f = y.data",
             "g = y[0]",
             "h = torch.reshape(y, (2,))")
    assert p.aliases_of("y") == {"d": "detach", "e": "view", "f": "data", "g": "view"}


def test_grad_reads_named_unnamed_and_dotted() -> None:
    p = prog("print(x.grad, (a * b).grad, model.weight.grad, f(x).grad)")
    got = [(s.text, s.name) for s in p.grad_reads_at(1)]
    assert got == [("x", "x"), ("(a * b)", None), ("model.weight", "model.weight"),
                   ("f(x)", None)]


def test_multiline_statement_lines() -> None:
    p = prog("import torch",
             "loss = (",
             "    w.sum()",
             ")",
             "loss.backward(",
             "    retain_graph=True)")
    assert [s.text for s in p.backward_targets_at(6)] == ["loss"]  # line inside the call
    assert p.statement_code(2) == "loss = ( w.sum() )"


def test_backward_targets() -> None:
    p = prog("loss.backward()",
             "(x ** 2).sum().backward()",
             "torch.autograd.backward([a, b])",
             "torch.autograd.grad(out, [x])")
    assert [s.text for s in p.backward_targets_at(1)] == ["loss"]
    assert [s.text for s in p.backward_targets_at(2)] == ["(x ** 2).sum()"]
    assert [s.text for s in p.backward_targets_at(3)] == ["a", "b"]
    assert [s.text for s in p.backward_targets_at(4)] == ["out"]


def test_loop_targets_keep_what_they_iterate() -> None:
    p = prog("for n, p in model.named_parameters():",
             "    p.requires_grad = False")
    b = p.binding_at("p", 2)
    assert b is not None and b.kind == "for" and b.loop == (1, 2)
    assert b.value == "model.named_parameters()"
    assert p.attr_assigns[0][:3] == (2, "p", "requires_grad")


def test_unpacking_views_from_unbind() -> None:
    p = prog("a, b = (w * 1).unbind(0)")
    a = p.binding_at("a", None)
    assert a is not None and a.creation == "view" and a.op == "unbind"


def test_syntax_error_gives_an_empty_index() -> None:
    p = prog("x = (", "print(x.grad)")
    assert p.tree is None and p.syntax_error
    assert p.binding_at("x", 2) is None and p.grad_reads_at(2) == []


def test_source_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    p = Program(f"open({str(marker)!r}, 'w').write('x')\nx = 1\n")
    assert p.binding_at("x", None) is not None
    assert not marker.exists()


def test_segments_match_the_parser_on_long_and_non_ascii_source() -> None:
    import ast

    src = ("import torch\n"
           "données = torch.tensor([1.0, 2.0],\n"
           "                      requires_grad=True)  # ünïcode\n"
           "y = (données * 2\n     ).sum()\n"
           "with torch.no_grad():\n    z = y + 1\n")
    p = Program(src)
    tree = ast.parse(src)
    from gradtutor.explain.names import collapse
    for node in ast.walk(tree):
        if isinstance(node, ast.expr | ast.stmt):
            want = collapse(ast.get_source_segment(src, node) or "")
            assert p.segment(node) == want


def test_long_program_index_answers_like_a_short_one() -> None:
    block = ("x{i} = torch.ones(2, requires_grad=True)\n"
             "y{i} = x{i} * 2\n"
             "with torch.no_grad():\n"
             "    z{i} = y{i} + 1\n"
             "y{i}.add_(1)\n")
    src = "import torch\n" + "".join(block.format(i=i) for i in range(2000))
    p = Program(src)
    last = 1 + 5 * 1999
    assert p.binding_at("y1999", last + 3).line == last + 2  # type: ignore[union-attr]
    assert p.grad_context_at(last + 4) is not None and p.grad_context_at(last + 5) is None
    assert [op.line for op in p.inplace_at(last + 5)] == [last + 5]
    assert p.statement_at(last + 4).lineno == last + 4  # type: ignore[union-attr]
