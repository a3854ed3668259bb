"""Programs that make torch raise each catalogued message, with what the explanation must say.

Shared by the live tests (run in the real sandbox under the installed torch) and the docs.
`message` is the verbatim torch 2.13 text (None: the entry's `sample`); a torch upgrade that
rewords a message fails `test_live_message_is_verbatim`, one that breaks a pattern fails
`test_live_message_matches`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Trigger:
    key: str
    code: str
    line: int  # learner line the message is attributed to
    variable: str | None  # variable the explanation must name
    says: tuple[str, ...] = ()  # fragments the English explanation (text + fix) must contain
    message: str | None = None  # verbatim message when it differs from the entry's sample
    id: str = ""  # distinguishes several triggers of one entry

    @property
    def name(self) -> str:
        return self.id or self.key


def src(*lines: str) -> str:
    return "\n".join(("import torch", *lines)) + "\n"


TRIGGERS: tuple[Trigger, ...] = (
    Trigger("nonleaf_grad", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "y = torch.tensor([3.0, 4.0], requires_grad=True)",
        "x = x * 2",
        "(x * y).sum().backward()",
        "print(x.grad)"),
        line=6, variable="x",
        says=("`x` was reassigned on line 4 by `x = x * 2`", "MulBackward0", "not a leaf",
              "x.retain_grad()", "line 2 no longer has a name")),
    Trigger("nonleaf_grad", src(
        "a = torch.tensor([1.0, 2.0], requires_grad=True)",
        "b = torch.tensor([3.0, 4.0], requires_grad=True)",
        "(a * b).sum().backward()",
        "print((a * b).grad)"),
        line=5, variable=None, id="nonleaf_grad_unnamed",
        says=("`(a * b).grad`", "always None")),
    Trigger("nonleaf_grad", src(
        "w = torch.tensor([1.0], requires_grad=True)",
        "h = w * 3",
        "h = h + 1",
        "h.backward()",
        "g = h.grad"),
        line=6, variable="h", id="nonleaf_grad_rebound",
        says=("line 4", "`h = h + 1`", "AddBackward0")),
    Trigger("backward_no_grad", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "y = torch.tensor([3.0, 4.0], requires_grad=False)",
        "y1 = 2.0 * x + 2.0 * y",
        "y.backward(torch.tensor([1.0, 1.0]))"),
        line=5, variable="y",
        says=("`y` was created on line 3", "with requires_grad=False",
              "backward() on `y1` (line 4)")),
    Trigger("backward_no_grad", src(
        "w = torch.tensor([1.0, 2.0], requires_grad=True)",
        "with torch.no_grad():",
        "    loss = (w * 2).sum()",
        "loss.backward()"),
        line=5, variable="loss", id="backward_no_grad_in_no_grad",
        says=("inside `with torch.no_grad():` (line 3)", "outside the `with torch.no_grad():`")),
    Trigger("backward_no_grad", src(
        "import torch.nn as nn",
        "model = nn.Linear(3, 1)",
        "model.requires_grad_(False)",
        "out = model(torch.randn(2, 3))",
        "loss = out.pow(2).mean()",
        "loss.backward()"),
        line=7, variable="loss", id="backward_no_grad_frozen_model",
        says=("every parameter of `model` was frozen (line 4",)),
    Trigger("int_requires_grad", src(
        "a = torch.tensor([1, 2])",
        "b = torch.tensor([3, 4], requires_grad=True)",
        "c = a + b"),
        line=3, variable="b",
        says=("`[3, 4]` holds only whole numbers", "torch.tensor([3.0, 4.0], requires_grad=True)")),
    Trigger("int_requires_grad", src(
        "t = torch.tensor([1, 2])",
        "t.requires_grad = True"),
        line=3, variable="t", id="int_requires_grad_attribute",
        message="only Tensors of floating point and complex dtype can require gradients",
        says=("int64", "t.float().requires_grad_()")),
    Trigger("int_requires_grad", src(
        "p = torch.nn.Parameter(torch.tensor([1, 2]))"),
        line=2, variable="p", id="int_requires_grad_parameter",
        says=("torch.nn.Parameter(torch.tensor([1, 2]).float())",)),
    Trigger("int_requires_grad_method", src(
        "t = torch.tensor([1, 2])",
        "t.requires_grad_()"),
        line=3, variable="t",
        says=("`t` was created on line 2", "t.float().requires_grad_()")),
    Trigger("nonleaf_requires_grad_flag", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "y = x * 2",
        "y.requires_grad_(False)"),
        line=4, variable="y",
        says=("`y` is computed on line 3 by `y = x * 2`", "MulBackward0", "y = y.detach()")),
    Trigger("nonleaf_requires_grad_flag", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "y = x * 2",
        "y.requires_grad = True",
        "y.sum().backward()",
        "print(y.grad)"),
        line=4, variable="y", id="nonleaf_requires_grad_flag_on",
        message="you can only change requires_grad flags of leaf variables.",
        says=("already requires grad", "Delete line 4", "`y.retain_grad()`")),
    Trigger("cuda_unavailable", src(
        "x = torch.ones(2, requires_grad=True)",
        "y = x.cuda()",
        "print(y)"),
        line=3, variable="x",
        says=("Line 3 asks for the GPU: `x.cuda()`", "device = torch.device(")),
    Trigger("cuda_unavailable", src(
        'w = torch.randn(3, requires_grad=True).to("cuda")',
        "print(w)"),
        line=2, variable="w", id="cuda_unavailable_leaf_copy",
        says=("asks for the GPU", 'w = torch.randn(3).to("cuda").requires_grad_()')),
    Trigger("nonleaf_grad", src(
        "a = torch.randn(3, requires_grad=True).double()",
        "a.sum().backward()",
        "print(a.grad)"),
        line=4, variable="a", id="nonleaf_grad_copy_of_leaf",
        says=("`.double()` on line 2 returns a converted copy of the leaf "
              "`torch.randn(3, requires_grad=True)`", "so `a` is not a leaf",
              "`a = torch.randn(3).double().requires_grad_()`")),
    Trigger("inplace_leaf", src(
        "w = torch.tensor([1.0, 2.0], requires_grad=True)",
        "(w ** 2).sum().backward()",
        "w -= 0.1 * w.grad",
        "print(w)"),
        line=4, variable="w",
        says=("Line 4 changes `w` in place (`w -= 0.1 * w.grad`)", "with torch.no_grad():")),
    Trigger("inplace_leaf_view", src(
        "w = torch.tensor([1.0, 2.0], requires_grad=True)",
        "w[0] = 0.0"),
        line=3, variable="w",
        says=("`w[0] = 0.0`", "w.requires_grad_()")),
    Trigger("backward_twice", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "loss = (x ** 2).sum()",
        "loss.backward()",
        "loss.backward()"),
        line=5, variable="loss",
        says=("`loss.backward()` already ran on line 4", "retain_graph=True")),
    Trigger("backward_twice", src(
        "w = torch.tensor([1.0, 2.0], requires_grad=True)",
        "h = w * 3",
        "for step in range(3):",
        "    loss = (h ** 2).sum()",
        "    loss.backward()"),
        line=6, variable="h", id="backward_twice_loop",
        says=("loop that starts on line 4", "`h` is computed only once, on line 3",
              "Move `h = w * 3` (line 3) into the loop")),
    Trigger("backward_twice", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "h = x.exp()",
        "loss1 = h.sum()",
        "loss2 = (h * 2).sum()",
        "loss1.backward()",
        "loss2.backward()"),
        line=7, variable="h", id="backward_twice_shared",
        says=("`loss1.backward()` on line 6 already went through `h` (line 3)",
              "(loss1 + loss2).backward()")),
    Trigger("nonscalar_backward", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "y = x * 2",
        "y.backward()"),
        line=4, variable="y",
        says=("`y` has shape [2] (2 values): it is not a single number", "y.sum().backward()")),
    Trigger("nonscalar_backward", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "g = torch.autograd.grad(x * 2, x)"),
        line=3, variable=None, id="nonscalar_autograd_grad",
        says=("grad_outputs=torch.ones_like(x * 2)", "differentiate `(x * 2).sum()`")),
    Trigger("grad_shape_mismatch", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "y = x * 2",
        "y.backward(torch.ones(3))"),
        line=4, variable="y",
        says=("`torch.ones(3)` has shape [3]", "y.backward(torch.ones_like(y))")),
    Trigger("inplace_saved", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "y = x.exp()",
        "y.add_(1)",
        "y.sum().backward()"),
        line=5, variable="y",
        says=("output of Exp, computed on line 3 by `y = x.exp()`", "`y.add_(1)`",
              "from 0 to 1", "y = y.add(1)")),
    Trigger("inplace_saved", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "a = x * 1",
        "b = a ** 2",
        "a.mul_(3)",
        "b.sum().backward()"),
        line=6, variable="a", id="inplace_saved_input",
        message=("one of the variables needed for gradient computation has been modified by an "
                 "inplace operation: [torch.FloatTensor [2]], which is output 0 of Mul, is at "
                 "version 1; expected version 0 instead. Hint: enable anomaly detection to find "
                 "the operation that failed to compute its gradient, with "
                 "torch.autograd.set_detect_anomaly(True, check_nan=False)."),
        says=("`a.mul_(3)`", "a = a.mul(3)")),
    Trigger("inplace_saved", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "y = x.sigmoid()",
        "y.detach().zero_()",
        "y.sum().backward()"),
        line=5, variable="y", id="inplace_saved_detach_alias",
        message=("one of the variables needed for gradient computation has been modified by an "
                 "inplace operation: [torch.FloatTensor [2]], which is output 0 of Sigmoid, is at "
                 "version 1; expected version 0 instead. Hint: enable anomaly detection to find "
                 "the operation that failed to compute its gradient, with "
                 "torch.autograd.set_detect_anomaly(True, check_nan=False)."),
        says=("through `y.detach()`", "shares memory and the version counter",
              "y.detach().clone().zero_()")),
    Trigger("inplace_saved", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "e = x.exp()",
        "d = e.detach()",
        "d.mul_(2)",
        "e.sum().backward()"),
        line=6, variable="e", id="inplace_saved_named_alias",
        says=("through `d`", "`d.mul_(2)`")),
    Trigger("numpy_requires_grad", src(
        "w = torch.tensor([1.0, 2.0], requires_grad=True)",
        "pred = w * 3",
        "arr = pred.numpy()"),
        line=4, variable="pred",
        says=("`pred` requires grad (computed on line 3 from `w`)",
              "arr = pred.detach().numpy()", "with torch.no_grad():")),
    Trigger("inference_saved", src(
        "backbone = torch.nn.Linear(4, 3)",
        "head = torch.nn.Linear(3, 1, bias=False)",
        "with torch.inference_mode():",
        "    feats = backbone(torch.ones(2, 4))",
        "loss = head(feats).sum()"),
        line=6, variable="feats",
        says=("`feats` was created on line 5 inside `with torch.inference_mode():`",
              "loss = head(feats.clone()).sum()")),
    Trigger("inference_inplace", src(
        "with torch.inference_mode():",
        "    t = torch.ones(2)",
        "t.add_(1)"),
        line=4, variable="t", says=("t = t.clone()",)),
    Trigger("inference_requires_grad", src(
        "with torch.inference_mode():",
        "    t = torch.ones(2)",
        "t.requires_grad_()"),
        line=4, variable="t", says=("`t` was created on line 3",)),
    Trigger("grad_unused_input", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "z = torch.tensor([3.0], requires_grad=True)",
        "y = (x ** 2).sum()",
        "print(torch.autograd.grad(y, [x, z]))"),
        line=5, variable="z",
        says=("`z` (index 1 of the inputs) is not used to compute `y`",
              "torch.autograd.grad(y, [x, z], allow_unused=True)")),
    Trigger("grad_input_no_req", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "c = torch.tensor([3.0, 4.0])",
        "y = (x * c).sum()",
        "torch.autograd.grad(y, c)"),
        line=5, variable="c",
        says=("`c` was created on line 3", "requires_grad=True")),
    Trigger("optimizer_empty", src(
        "m = torch.nn.Linear(2, 2)",
        "m.requires_grad_(False)",
        "opt = torch.optim.SGD(filter(lambda p: p.requires_grad, m.parameters()), lr=0.1)"),
        line=4, variable="m",
        says=("froze every parameter of `m`", "line 3")),
    Trigger("optimizer_nonleaf", src(
        "w = torch.tensor([1.0, 2.0], requires_grad=True)",
        "opt = torch.optim.SGD([w * 2], lr=0.1)"),
        line=3, variable=None,
        says=("`w * 2` computes a new tensor", "Give the optimizer `w` itself")),
    Trigger("retain_grad_no_req", src(
        "x = torch.tensor([1.0, 2.0])",
        "x.retain_grad()"),
        line=3, variable="x", says=("`x` was created on line 2 without requires_grad=True",)),
    Trigger("hook_no_req", src(
        "x = torch.tensor([1.0, 2.0])",
        "x.register_hook(lambda g: g)"),
        line=3, variable="x", says=("`x` was created on line 2 without requires_grad=True",)),
    Trigger("no_grad_view_inplace", src(
        "w = torch.tensor([1.0, 2.0], requires_grad=True)",
        "a = w * 1",
        "with torch.no_grad():",
        "    v = a[:1]",
        "v.mul_(2)"),
        line=6, variable="v",
        says=("`v` is a view of `a` created on line 5 inside `with torch.no_grad():`",)),
    Trigger("multi_view_inplace", src(
        "w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)",
        "a, b = (w * 1).unbind(0)",
        "a.mul_(2)"),
        line=4, variable="a",
        says=("one of the pieces returned on line 3", "a = a.mul(2)")),
    Trigger("tensor_copy_construct", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "y = torch.tensor(x)"),
        line=3, variable="x", says=("y = x.detach().clone()", "y = x.clone()")),
    Trigger("create_graph_cycle", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "(x ** 3).sum().backward(create_graph=True)"),
        line=3, variable="x", says=("torch.autograd.grad(", "create_graph=True")),
    Trigger("grad_is_none", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "x.grad.zero_()"),
        line=3, variable="x",
        says=("No backward() ran before line 3", "x.grad = None")),
    Trigger("grad_assign_shape", src(
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "x.grad = torch.zeros(3)"),
        line=3, variable="x", says=("x.grad = torch.zeros_like(x)",)),
    Trigger("deepcopy_nonleaf", src(
        "import copy",
        "x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "y = copy.deepcopy(x * 2)"),
        line=4, variable=None, says=("(x * 2).detach().clone()",)),
    Trigger("volatile_removed", src(
        "from torch.autograd import Variable",
        "v = Variable(torch.ones(2), volatile=True)"),
        line=3, variable="v",
        says=("Replace `Variable(torch.ones(2), volatile=True)` by `torch.ones(2)`",
              "with torch.no_grad():")),
    Trigger("anomaly_trace", src(
        "with torch.autograd.set_detect_anomaly(True):",
        "    x = torch.tensor([1.0, 2.0], requires_grad=True)",
        "    y = x.exp()",
        "    y.add_(1)",
        "    y.sum().backward()"),
        line=6, variable=None, says=("computed on line 4: `y = x.exp()`",)),
    Trigger("no_grad_without_parens", src(
        "w = torch.tensor([1.0], requires_grad=True)",
        "with torch.no_grad:",
        "    y = w * 2"),
        line=3, variable=None, says=("with torch.no_grad():",)),
)

# Silent problems: torch says nothing, the graph probe finds them.
SILENT: tuple[Trigger, ...] = (
    Trigger("optimizer_frozen_param", src(
        "m = torch.nn.Linear(2, 1)",
        "opt = torch.optim.SGD(m.parameters(), lr=0.1)",
        "m.weight.requires_grad_(False)",
        "m(torch.ones(1, 2)).sum().backward()",
        "opt.step()"),
        line=3, variable="opt",
        says=("`m.weight`", "frozen on line 4", "silently skips")),
    Trigger("optimizer_frozen_param", src(
        "w = torch.tensor([1.0, 2.0])",
        "opt = torch.optim.SGD([w], lr=0.1)"),
        line=3, variable="opt", id="optimizer_plain_tensor",
        says=("`w` was created on line 2 without requires_grad=True",)),
    Trigger("update_rebinds_leaf", src(
        "w = torch.tensor([1.0, 2.0], requires_grad=True)",
        "(w ** 2).sum().backward()",
        "w = w - 0.1 * w.grad",
        "print(w.is_leaf)"),
        line=4, variable="w",
        says=("Line 4 (`w = w - 0.1 * w.grad`) makes `w` a new non-leaf tensor (SubBackward0)",
              "with torch.no_grad():\n        w -= 0.1 * w.grad")),
    Trigger("update_rebinds_leaf", src(
        "w = torch.tensor([1.0, 2.0], requires_grad=True)",
        "(w ** 2).sum().backward()",
        "with torch.no_grad():",
        "    w = w - 0.1 * w.grad"),
        line=5, variable="w", id="update_rebinds_leaf_no_grad",
        says=("a new tensor that does not require grad",)),
)
