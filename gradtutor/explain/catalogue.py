"""Catalogue of autograd warnings and errors: what torch says, what it means, what to do.

Each `Entry` is matched against the message torch actually produces (verified under torch
2.13, see docs/explain.md and tests/explain/test_catalogue_live.py) and carries a generic
explanation and fix in English and Simplified Chinese. The learner-specific sentence ("`x` was
reassigned on line 4 ...") is composed elsewhere (`observations.py`) from the program's AST; the
catalogue stays plain data so that instructors and translators can read it in one place.

`kind == "silent"` entries have no torch message: torch accepts the code and does the wrong
thing quietly. They are found from the graph probe's observations instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from gradtutor.sandbox.protocol import strip_torch_suffix as _strip_suffix

# libtorch appends where a C++ warning was raised; the sandbox strips it already, but grading may
# hand us messages from elsewhere, so strip it again.


def strip_torch_suffix(message: str) -> str:
    return _strip_suffix(message).strip()


@dataclass(frozen=True)
class L:
    """A short localised text: English, and optionally Simplified Chinese."""

    en: str
    zh: str = ""

    def get(self, lang: str = "en") -> str:
        if lang.lower().startswith("zh") and self.zh:
            return self.zh
        return self.en


Kind = Literal["error", "warning", "silent"]


@dataclass(frozen=True)
class Entry:
    key: str
    kind: Kind
    categories: tuple[str, ...]  # exception / warning class names torch raises it as
    pattern: re.Pattern[str] | None  # matched at the start of the stripped message
    sample: str | None  # the verbatim torch 2.13 message of the trigger in the tests
    title: L
    text: L  # why it happens, independent of the learner's names
    fix: L  # what to do, independent of the learner's names
    refs: tuple[str, ...] = ()  # k-numbers of /work/shared/seed/verified.md section 3
    # For messages that many unrelated situations produce (e.g. "'NoneType' object has no
    # attribute"), the entry applies only when the program analysis finds its construct.
    needs_subject: bool = False

    def matches(self, message: str, category: str | None = None) -> re.Match[str] | None:
        if self.pattern is None:
            return None
        if category and self.categories and category not in self.categories:
            return None
        return self.pattern.match(strip_torch_suffix(message))


def _re(text: str) -> re.Pattern[str]:
    return re.compile(text, re.S)


_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad field "
    "to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you "
    "access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See "
    "github.com/pytorch/pytorch/pull/30531 for more information."
)
_VERSION_ERROR = (
    "one of the variables needed for gradient computation has been modified by an inplace "
    "operation: [torch.FloatTensor [2]], which is output 0 of Exp, is at version 1; expected "
    "version 0 instead. Hint: enable anomaly detection to find the operation that failed to "
    "compute its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
)
_FREED_ERROR = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you "
    "call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward "
    "through the graph a second time or if you need to access saved tensors after calling "
    "backward."
)

ENTRIES: tuple[Entry, ...] = (
    Entry(
        key="nonleaf_grad",
        kind="warning",
        categories=("UserWarning",),
        pattern=_re(r"The \.grad attribute of a Tensor that is not a leaf Tensor is being "
                    r"accessed"),
        sample=_GRAD_WARNING,
        refs=("k05",),
        title=L(".grad read on a tensor that is not a leaf",
                "读取了非叶子张量的 .grad"),
        text=L("Only leaf tensors (created by you with requires_grad=True, or parameters) get "
               "their .grad filled in by backward(). A tensor computed from other tensors is a "
               "non-leaf: backward() passes its gradient on to the leaves and does not store "
               "it, so its .grad stays None.",
               "backward() 只会填写叶子张量(你自己用 requires_grad=True 创建的张量或模型参数)"
               "的 .grad。由其他张量计算得到的张量是非叶子张量:backward() 把梯度继续传给叶子,"
               "并不保存在它身上,所以它的 .grad 一直是 None。"),
        fix=L("Read .grad of the leaf tensor you created, or call .retain_grad() on the "
              "non-leaf tensor before backward() if you really want its gradient.",
              "读取你创建的叶子张量的 .grad;如果确实需要这个中间张量的梯度,"
              "在 backward() 之前对它调用 .retain_grad()。"),
    ),
    Entry(
        key="backward_no_grad",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"element \d+ of tensors does not require grad and does not have a "
                    r"grad_fn"),
        sample="element 0 of tensors does not require grad and does not have a grad_fn",
        refs=("k01", "k19", "k36", "k42"),
        title=L("backward() on a tensor that has no graph",
                "对没有计算图的张量调用了 backward()"),
        text=L("backward() walks the graph that autograd recorded while the tensor was "
               "computed. This tensor does not require grad and has no grad_fn, so nothing was "
               "recorded: it was created without requires_grad=True, computed only from "
               "tensors that do not require grad (detached or frozen ones), or computed inside "
               "torch.no_grad() / torch.inference_mode().",
               "backward() 沿着计算该张量时 autograd 记录下的计算图反向传播。这个张量不需要梯度,"
               "也没有 grad_fn,说明什么都没有被记录:它在创建时没有 requires_grad=True,"
               "或者只由不需要梯度的张量(被 detach 或被冻结的)计算得到,"
               "或者是在 torch.no_grad() / torch.inference_mode() 里计算的。"),
        fix=L("Make sure at least one input requires grad (requires_grad=True on the leaf, or "
              "an unfrozen parameter) and compute the value you call backward() on outside "
              "torch.no_grad().",
              "确保至少有一个输入需要梯度(叶子张量设置 requires_grad=True,或参数没有被冻结),"
              "并在 torch.no_grad() 之外计算要调用 backward() 的值。"),
    ),
    Entry(
        key="int_requires_grad",
        kind="error",
        categories=("RuntimeError",),
        # "Only" from factories and nn.Parameter, "only" from `t.requires_grad = True`.
        pattern=_re(r"[Oo]nly Tensors of floating point and complex dtype can require "
                    r"gradients"),
        sample="Only Tensors of floating point and complex dtype can require gradients",
        refs=("k02", "k04"),
        title=L("requires_grad=True on an integer tensor",
                "对整数张量设置了 requires_grad=True"),
        text=L("Gradients are only defined for floating point (and complex) tensors. Numbers "
               "written without a decimal point (3, not 3.0) make an int64 tensor, and autograd "
               "refuses to track it.",
               "只有浮点(和复数)张量才有梯度。不带小数点的数字(写 3 而不是 3.0)得到的是 "
               "int64 张量,autograd 不会追踪它。"),
        fix=L("Create a floating point tensor: write the numbers as 1.0, 2.0, or pass "
              "dtype=torch.float32.",
              "创建浮点张量:把数字写成 1.0、2.0,或者传入 dtype=torch.float32。"),
    ),
    Entry(
        key="int_requires_grad_method",
        kind="error",
        categories=("RuntimeError",),
        # Lower-case "only" and no "complex": the message of requires_grad_() differs from the
        # factory keyword's (k02 vs k03).
        pattern=_re(r"only Tensors of floating point dtype can require gradients"),
        sample="only Tensors of floating point dtype can require gradients",
        refs=("k03",),
        title=L("requires_grad_() on an integer tensor",
                "对整数张量调用了 requires_grad_()"),
        text=L("Gradients are only defined for floating point tensors, and this tensor holds "
               "integers (or booleans), so it cannot be switched to requires_grad=True.",
               "只有浮点张量才有梯度;这个张量存的是整数(或布尔值),"
               "所以不能把它切换成 requires_grad=True。"),
        fix=L("Convert it first: t = t.float().requires_grad_(), or create it with float "
              "values.",
              "先转换类型:t = t.float().requires_grad_(),或者一开始就用浮点数创建。"),
    ),
    Entry(
        key="nonleaf_requires_grad_flag",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"you can only change requires_grad flags of leaf variables"),
        sample=("you can only change requires_grad flags of leaf variables. If you want to use "
                "a computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."),
        refs=("k06",),
        title=L("requires_grad changed on a non-leaf tensor",
                "修改了非叶子张量的 requires_grad"),
        text=L("A computed (non-leaf) tensor requires grad because its inputs do; the flag "
               "follows from the graph and cannot be switched off on the tensor itself.",
               "计算得到的(非叶子)张量需要梯度,是因为它的输入需要梯度;这个标志由计算图决定,"
               "不能在它自己身上关掉。"),
        fix=L("Use t = t.detach() to get a tensor with the same values outside the graph, or "
              "set requires_grad=False on the leaf before computing with it.",
              "用 t = t.detach() 得到数值相同但不在计算图中的张量;"
              "或者在计算之前就把叶子张量设为 requires_grad=False。"),
    ),
    Entry(
        key="inplace_leaf_view",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"a view of a leaf Variable that requires grad is being used in an "
                    r"in-place operation"),
        sample=("a view of a leaf Variable that requires grad is being used in an in-place "
                "operation."),
        refs=("k08",),
        title=L("in-place write into part of a leaf that requires grad",
                "原地修改了需要梯度的叶子张量的一部分"),
        text=L("Indexing a leaf (w[0] = ...) gives a view that shares its memory, so writing "
               "into it changes the leaf in place. Autograd forbids in-place changes to a leaf "
               "that requires grad: its gradient would no longer match its value.",
               "对叶子张量做索引赋值(w[0] = ...)修改的是共享内存的视图,也就是原地修改了叶子。"
               "autograd 禁止原地修改需要梯度的叶子张量:否则它的梯度就和它的值对不上了。"),
        fix=L("Set the values before turning on requires_grad, or make the change inside "
              "`with torch.no_grad():` if it is not part of the computation.",
              "在打开 requires_grad 之前设置好数值;如果这个修改不属于要求导的计算,"
              "就把它放进 `with torch.no_grad():`。"),
    ),
    Entry(
        key="inplace_leaf",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"a leaf Variable that requires grad is being used in an in-place "
                    r"operation"),
        sample="a leaf Variable that requires grad is being used in an in-place operation.",
        refs=("k07",),
        title=L("in-place change of a leaf that requires grad",
                "原地修改了需要梯度的叶子张量"),
        text=L("A leaf that requires grad is what autograd computes gradients for. Changing it "
               "in place (w -= ..., w.add_(...)) while autograd is recording would make its "
               "gradient refer to a value that no longer exists, so torch refuses.",
               "需要梯度的叶子张量是 autograd 求梯度的对象。在 autograd 记录时原地修改它"
               "(w -= ...、w.add_(...)),梯度就会对应一个已经不存在的值,所以 torch 拒绝这样做。"),
        fix=L("Parameter updates are not part of the computation: do them inside "
              "`with torch.no_grad():` (that is what optimizer.step() does), or use an "
              "optimizer.",
              "参数更新不属于要求导的计算:把它放进 `with torch.no_grad():`"
              "(optimizer.step() 就是这样做的),或者直接使用优化器。"),
    ),
    Entry(
        key="backward_twice",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Trying to backward through the graph a second time"),
        sample=_FREED_ERROR,
        refs=("k09", "k10"),
        title=L("backward through a graph that was already freed",
                "对已经释放的计算图再次 backward"),
        text=L("To save memory, backward() frees the values the graph saved for it as soon as "
               "it has used them. A second backward() through the same graph (or through a "
               "part of it computed earlier, e.g. before a loop) finds them gone.",
               "为了节省内存,backward() 用完计算图中保存的中间值后会立即释放它们。"
               "再次通过同一个计算图(或者它的一部分,比如循环之前算好的部分)调用 backward(),"
               "这些值已经不在了。"),
        fix=L("Recompute the forward pass before each backward(), or pass retain_graph=True "
              "to every backward() except the last one through that graph.",
              "每次 backward() 之前重新做一次前向计算;或者对同一个计算图除最后一次以外的每次"
              " backward() 传入 retain_graph=True。"),
    ),
    Entry(
        key="nonscalar_backward",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"grad can be implicitly created only for scalar outputs"),
        sample="grad can be implicitly created only for scalar outputs",
        refs=("k11", "k39"),
        title=L("backward() without a gradient on a tensor with several values",
                "对多元素张量调用 backward() 却没有给出梯度"),
        text=L("backward() with no argument means d(out)/d(out) = 1, which only makes sense "
               "for a single number. For a tensor with several elements, torch needs to know "
               "how to weight each element.",
               "不带参数的 backward() 相当于 d(out)/d(out) = 1,只对单个数有意义。"
               "对多元素张量,torch 需要知道每个元素的权重。"),
        fix=L("Reduce it to a scalar first (out.sum().backward() or out.mean().backward()), "
              "or pass a gradient of the same shape: out.backward(torch.ones_like(out)).",
              "先把它变成标量(out.sum().backward() 或 out.mean().backward()),"
              "或者传入形状相同的梯度:out.backward(torch.ones_like(out))。"),
    ),
    Entry(
        key="grad_shape_mismatch",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Mismatch in shape: grad_output\[\d+\] has a shape of"),
        sample=("Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and "
                "output[0] has a shape of torch.Size([2])."),
        refs=("k12",),
        title=L("gradient passed to backward() has the wrong shape",
                "传给 backward() 的梯度形状不对"),
        text=L("The tensor given to out.backward(gradient) holds d(loss)/d(out) for every "
               "element of out, so it must have exactly out's shape.",
               "out.backward(gradient) 的参数表示 out 每个元素的 d(loss)/d(out),"
               "所以它的形状必须和 out 完全一样。"),
        fix=L("Build it from the output itself: out.backward(torch.ones_like(out)).",
              "用输出本身来构造:out.backward(torch.ones_like(out))。"),
    ),
    Entry(
        key="inplace_saved",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"one of the variables needed for gradient computation has been modified "
                    r"by an inplace operation"),
        sample=_VERSION_ERROR,
        refs=("k13", "k14", "k20", "k40"),
        title=L("a value saved for backward was changed in place",
                "反向传播需要的值被原地修改了"),
        text=L("Many operations save their input or output to compute the gradient later "
               "(exp saves its result, x ** 2 saves x). Every tensor has a version counter "
               "that in-place operations increase; backward() checks it and refuses to use a "
               "saved value that has changed since. detach() shares both the memory and the "
               "version counter, so writing through a detached copy counts too.",
               "很多运算会保存输入或输出,留给之后计算梯度用(exp 保存结果,x ** 2 保存 x)。"
               "每个张量都有一个版本计数器,原地操作会让它加一;backward() 会检查它,"
               "拒绝使用保存之后又被修改过的值。detach() 得到的张量共享内存和版本计数器,"
               "所以通过它原地修改也算。"),
        fix=L("Use an out-of-place operation (y = y + 1 instead of y += 1 or y.add_(1)), or "
              "modify a .clone() of the tensor.",
              "改用非原地操作(用 y = y + 1 代替 y += 1 或 y.add_(1)),"
              "或者修改该张量的 .clone()。"),
    ),
    Entry(
        key="numpy_requires_grad",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Can't call numpy\(\) on Tensor that requires grad"),
        sample="Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
               "instead.",
        refs=("k15",),
        title=L(".numpy() on a tensor that requires grad",
                "对需要梯度的张量调用了 .numpy()"),
        text=L("A NumPy array shares the tensor's memory but autograd cannot see what NumPy "
               "does with it, so torch will not hand out a tensor that is part of a graph.",
               "NumPy 数组和张量共享内存,但 autograd 看不到 NumPy 对它做了什么,"
               "所以 torch 不允许把计算图中的张量直接交给 NumPy。"),
        fix=L("Leave the graph first: t.detach().numpy() (t.detach().cpu().numpy() for GPU "
              "tensors). For a single number use t.item().",
              "先离开计算图:t.detach().numpy()(GPU 张量用 t.detach().cpu().numpy())。"
              "单个数用 t.item()。"),
    ),
    Entry(
        key="inference_saved",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Inference tensors cannot be saved for backward"),
        sample=("Inference tensors cannot be saved for backward. Please do not use Tensors "
                "created in inference mode in computation tracked by autograd. To work around "
                "this, you can make a clone to get a normal tensor and use it in autograd, or "
                "use `torch.no_grad()` instead of `torch.inference_mode()`."),
        refs=("k16",),
        title=L("a tensor made under inference_mode used in training",
                "在训练中使用了 inference_mode 下创建的张量"),
        text=L("Tensors created inside torch.inference_mode() are 'inference tensors': they "
               "skip autograd's bookkeeping (version counter and all) to be fast, so autograd "
               "can never save them for a backward pass.",
               "在 torch.inference_mode() 中创建的张量是“推理张量”:为了快,它们省掉了 autograd "
               "的记录(包括版本计数器),所以 autograd 永远不能为反向传播保存它们。"),
        fix=L("Make a normal tensor with .clone() outside the inference_mode block, or use "
              "torch.no_grad() instead of torch.inference_mode() there.",
              "在 inference_mode 块外用 .clone() 得到普通张量,"
              "或者在那里用 torch.no_grad() 代替 torch.inference_mode()。"),
    ),
    Entry(
        key="inference_inplace",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Inplace update to inference tensor outside InferenceMode is not "
                    r"allowed"),
        sample=("Inplace update to inference tensor outside InferenceMode is not allowed.You "
                "can make a clone to get a normal tensor before doing inplace update.See "
                "https://github.com/pytorch/rfcs/pull/17 for more details."),
        refs=("k17",),
        title=L("in-place change of an inference tensor outside inference_mode",
                "在 inference_mode 之外原地修改推理张量"),
        text=L("A tensor created inside torch.inference_mode() has no version counter, so "
               "outside that block torch cannot track in-place changes to it.",
               "在 torch.inference_mode() 中创建的张量没有版本计数器,"
               "所以在这个块之外 torch 无法追踪对它的原地修改。"),
        fix=L("Clone it first (t = t.clone()) and modify the clone, or create it under "
              "torch.no_grad() instead.",
              "先克隆(t = t.clone())再修改克隆出来的张量,或者改在 torch.no_grad() 下创建它。"),
    ),
    Entry(
        key="inference_requires_grad",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Setting requires_grad=True on inference tensor outside InferenceMode is "
                    r"not allowed"),
        sample="Setting requires_grad=True on inference tensor outside InferenceMode is not "
               "allowed.",
        refs=("k18",),
        title=L("requires_grad on an inference tensor",
                "对推理张量设置 requires_grad"),
        text=L("A tensor created inside torch.inference_mode() can never take part in "
               "autograd, so it cannot be made to require grad.",
               "在 torch.inference_mode() 中创建的张量永远不能参与 autograd,"
               "所以不能让它需要梯度。"),
        fix=L("Use t = t.clone().requires_grad_() outside the block, or create the tensor "
              "outside inference_mode.",
              "在块外使用 t = t.clone().requires_grad_(),或者在 inference_mode 之外创建它。"),
    ),
    Entry(
        key="grad_unused_input",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"(?:The differentiated Tensor at index (?P<index>\d+)|One of the "
                    r"differentiated Tensors) appears to not have been used in the graph"),
        sample=("The differentiated Tensor at index 1 appears to not have been used in the "
                "graph. Set allow_unused=True if this is the desired behavior."),
        refs=("k22",),
        title=L("autograd.grad asked for a tensor the output does not depend on",
                "autograd.grad 要求对输出没有用到的张量求梯度"),
        text=L("torch.autograd.grad(outputs, inputs) found an input that was never used to "
               "compute the outputs. Its gradient would be zero (or None), and torch treats "
               "this as a probable mistake unless you say otherwise.",
               "torch.autograd.grad(outputs, inputs) 发现某个输入根本没有参与计算输出。"
               "它的梯度会是零(或 None),除非你明确说明,torch 认为这多半是写错了。"),
        fix=L("Pass allow_unused=True (the gradient comes back as None; add "
              "materialize_grads=True to get zeros), or remove that tensor from the inputs.",
              "传入 allow_unused=True(该梯度返回 None;再加 materialize_grads=True 得到零),"
              "或者把这个张量从 inputs 中去掉。"),
    ),
    Entry(
        key="grad_input_no_req",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"One of the differentiated Tensors does not require grad"),
        sample="One of the differentiated Tensors does not require grad",
        refs=("k23",),
        title=L("autograd.grad with respect to a tensor that does not require grad",
                "autograd.grad 对不需要梯度的张量求导"),
        text=L("torch.autograd.grad(outputs, inputs) can only differentiate with respect to "
               "tensors that require grad; a constant has no gradient to compute.",
               "torch.autograd.grad(outputs, inputs) 只能对需要梯度的张量求导;"
               "常量没有梯度可算。"),
        fix=L("Create that input with requires_grad=True before computing the output, or "
              "leave it out of the inputs.",
              "在计算输出之前就用 requires_grad=True 创建这个输入,或者不要把它放进 inputs。"),
    ),
    Entry(
        key="optimizer_empty",
        kind="error",
        categories=("ValueError",),
        pattern=_re(r"optimizer got an empty parameter list"),
        sample="optimizer got an empty parameter list",
        refs=("k24",),
        title=L("optimizer built with no parameters",
                "优化器没有拿到任何参数"),
        text=L("The parameters given to the optimizer were empty. With "
               "filter(lambda p: p.requires_grad, ...) this means every parameter was frozen "
               "(requires_grad=False) before the optimizer was built. A generator such as "
               "model.parameters() that was already used up is also empty.",
               "传给优化器的参数是空的。如果用了 filter(lambda p: p.requires_grad, ...),"
               "说明在创建优化器之前所有参数都被冻结了(requires_grad=False)。"
               "已经被遍历过的生成器(例如 model.parameters())也是空的。"),
        fix=L("Leave at least one parameter trainable, and call model.parameters() again "
              "where you build the optimizer.",
              "至少保留一个可训练的参数,并在创建优化器的地方重新调用 model.parameters()。"),
    ),
    Entry(
        key="optimizer_nonleaf",
        kind="error",
        categories=("ValueError",),
        pattern=_re(r"can't optimize a non-leaf Tensor"),
        sample="can't optimize a non-leaf Tensor",
        refs=("k25",),
        title=L("optimizer given a computed (non-leaf) tensor",
                "优化器拿到了计算得到的(非叶子)张量"),
        text=L("An optimizer updates tensors in place using their .grad. Only leaf tensors get "
               ".grad, and a computed tensor is recomputed from its inputs anyway, so updating "
               "it would have no lasting effect.",
               "优化器用 .grad 原地更新张量。只有叶子张量才有 .grad,"
               "而计算得到的张量反正会由输入重新算出来,更新它没有持久的效果。"),
        fix=L("Give the optimizer the leaf tensors themselves (the ones created with "
              "requires_grad=True), or model.parameters().",
              "把叶子张量本身(用 requires_grad=True 创建的那些)或 model.parameters() 交给优化器。"),
    ),
    Entry(
        key="optimizer_frozen_param",
        kind="silent",
        categories=(),
        pattern=None,
        sample=None,
        refs=("k38", "E3"),
        title=L("optimizer holds a tensor that does not require grad",
                "优化器里有不需要梯度的张量"),
        text=L("torch accepts this without a warning, but a tensor that does not require grad "
               "never gets a .grad, and optimizer.step() silently skips tensors whose .grad is "
               "None: it will never change.",
               "torch 接受这种写法而不给出任何警告,但不需要梯度的张量永远不会有 .grad,"
               "而 optimizer.step() 会悄悄跳过 .grad 为 None 的张量:它永远不会被更新。"),
        fix=L("If it should be trained, create it with requires_grad=True. If it is frozen on "
              "purpose, build the optimizer from filter(lambda p: p.requires_grad, ...) so the "
              "optimizer only holds what it trains.",
              "如果它应该被训练,就用 requires_grad=True 创建它。如果是故意冻结的,"
              "用 filter(lambda p: p.requires_grad, ...) 创建优化器,让优化器只包含要训练的参数。"),
    ),
    Entry(
        key="update_rebinds_leaf",
        kind="silent",
        categories=(),
        pattern=None,
        sample=None,
        refs=("k07", "inplace-on-leaf"),
        title=L("a parameter update replaced the leaf with a new tensor",
                "参数更新用一个新张量替换了叶子"),
        text=L("`w = w - lr * w.grad` does not change the tensor w: it computes a new tensor "
               "and moves the name to it. The new tensor is a non-leaf (or, under no_grad, a "
               "tensor that does not require grad), so the next backward() will not fill its "
               ".grad, and an optimizer holding the old leaf never sees the update.",
               "`w = w - lr * w.grad` 并没有修改张量 w:它计算出一个新张量,再让名字指向它。"
               "新张量是非叶子(在 no_grad 中则是不需要梯度的张量),所以下一次 backward() 不会"
               "填写它的 .grad,持有旧叶子的优化器也看不到这次更新。"),
        fix=L("Update the tensor itself, in place, without recording it:\n"
              "    with torch.no_grad():\n        w -= lr * w.grad",
              "原地更新张量本身,并且不要被记录:\n"
              "    with torch.no_grad():\n        w -= lr * w.grad"),
    ),
    Entry(
        key="retain_grad_no_req",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"can't retain_grad on Tensor that has requires_grad=False"),
        sample="can't retain_grad on Tensor that has requires_grad=False",
        refs=("k26",),
        title=L("retain_grad() on a tensor that does not require grad",
                "对不需要梯度的张量调用了 retain_grad()"),
        text=L("retain_grad() asks backward() to keep the gradient that flows through a "
               "tensor, but no gradient flows through a tensor that does not require grad.",
               "retain_grad() 让 backward() 保留流经该张量的梯度,"
               "但不需要梯度的张量上不会有梯度流过。"),
        fix=L("Call it on a tensor computed from something that requires grad, or create the "
              "leaf with requires_grad=True.",
              "对由需要梯度的张量计算得到的张量调用它,或者用 requires_grad=True 创建叶子张量。"),
    ),
    Entry(
        key="hook_no_req",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"cannot register a hook on a tensor that doesn't require gradient"),
        sample="cannot register a hook on a tensor that doesn't require gradient",
        refs=("k27",),
        title=L("register_hook() on a tensor that does not require grad",
                "对不需要梯度的张量调用了 register_hook()"),
        text=L("A tensor hook runs when a gradient for that tensor is computed; a tensor that "
               "does not require grad never gets one.",
               "张量钩子在计算该张量的梯度时运行;不需要梯度的张量永远不会有梯度。"),
        fix=L("Register the hook on a tensor that requires grad (set requires_grad=True on the "
              "leaf first).",
              "在需要梯度的张量上注册钩子(先给叶子张量设置 requires_grad=True)。"),
    ),
    Entry(
        key="no_grad_view_inplace",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"A view was created in no_grad mode and is being modified inplace with "
                    r"grad mode enabled"),
        sample=("A view was created in no_grad mode and is being modified inplace with grad "
                "mode enabled. Given that this use case is ambiguous and error-prone, it is "
                "forbidden. You can clarify your code by moving both the view and the inplace "
                "either both inside the no_grad block (if you don't want the inplace to be "
                "tracked) or both outside (if you want the inplace to be tracked)."),
        refs=("k28",),
        title=L("view made under no_grad, changed in place outside it",
                "在 no_grad 中创建的视图在外面被原地修改"),
        text=L("The view was created while autograd was off but is modified while it is on; "
               "torch cannot tell whether you want that change recorded.",
               "视图是在 autograd 关闭时创建的,却在 autograd 打开时被修改;"
               "torch 无法判断你是否希望记录这次修改。"),
        fix=L("Put the view and the in-place change both inside the no_grad block (not "
              "recorded) or both outside it (recorded).",
              "把创建视图和原地修改都放进 no_grad 块(不记录),或者都放在块外(记录)。"),
    ),
    Entry(
        key="multi_view_inplace",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Output \d+ of \w+ is a view and is being modified inplace\. This view is "
                    r"the output of a function that returns multiple views"),
        sample=("Output 0 of Unbind is a view and is being modified inplace. This view is the "
                "output of a function that returns multiple views. Such functions do not allow "
                "the output views to be modified inplace. You should replace the inplace "
                "operation by an out-of-place one."),
        refs=("k29",),
        title=L("in-place change of a piece from unbind/split/chunk",
                "原地修改了 unbind/split/chunk 得到的分块"),
        text=L("unbind, split and chunk return several views of one tensor. autograd cannot "
               "track an in-place change to one of them.",
               "unbind、split、chunk 会返回同一个张量的多个视图,"
               "autograd 无法追踪对其中某一个的原地修改。"),
        fix=L("Use an out-of-place operation (a = a * 2 instead of a.mul_(2)), or .clone() "
              "the piece first.",
              "改用非原地操作(用 a = a * 2 代替 a.mul_(2)),或者先对这个分块 .clone()。"),
    ),
    Entry(
        key="tensor_copy_construct",
        kind="warning",
        categories=("UserWarning",),
        pattern=_re(r"To copy construct from a tensor, it is recommended to use "
                    r"sourceTensor\.detach\(\)\.clone\(\)"),
        sample=("To copy construct from a tensor, it is recommended to use "
                "sourceTensor.detach().clone() or "
                "sourceTensor.detach().clone().requires_grad_(True), rather than "
                "torch.tensor(sourceTensor)."),
        refs=("k30",),
        title=L("torch.tensor() called on a tensor",
                "对张量调用了 torch.tensor()"),
        text=L("torch.tensor(t) copies the values of t but not its place in the graph: the "
               "copy does not require grad and gradients will not flow back to t.",
               "torch.tensor(t) 只复制 t 的数值,不复制它在计算图中的位置:"
               "副本不需要梯度,梯度也不会流回 t。"),
        fix=L("Say what you mean: t.detach().clone() for an independent copy, or t.clone() to "
              "stay in the graph.",
              "明确写出意图:独立副本用 t.detach().clone(),想留在计算图中用 t.clone()。"),
    ),
    Entry(
        key="create_graph_cycle",
        kind="warning",
        categories=("UserWarning",),
        pattern=_re(r"Using backward\(\) with create_graph=True will create a reference "
                    r"cycle"),
        sample=("Using backward() with create_graph=True will create a reference cycle between "
                "the parameter and its gradient which can cause a memory leak. We recommend "
                "using autograd.grad when creating the graph to avoid this. If you have to use "
                "this function, make sure to reset the .grad fields of your parameters to None "
                "after use to break the cycle and avoid the leak."),
        refs=("k31",),
        title=L("backward(create_graph=True) keeps the graph alive",
                "backward(create_graph=True) 会让计算图一直存活"),
        text=L("With create_graph=True the gradient stored in .grad is itself part of a graph "
               "that refers back to the parameter, so the memory is not freed on its own.",
               "使用 create_graph=True 时,存进 .grad 的梯度本身也是计算图的一部分,"
               "并且引用回参数,所以内存不会自动释放。"),
        fix=L("For higher-order gradients use torch.autograd.grad(out, x, create_graph=True), "
              "or set x.grad = None when you are done.",
              "求高阶导数请用 torch.autograd.grad(out, x, create_graph=True),"
              "或者用完后设置 x.grad = None。"),
    ),
    Entry(
        key="grad_is_none",
        kind="error",
        categories=("AttributeError",),
        pattern=_re(r"'NoneType' object has no attribute '\w+'"),
        sample="'NoneType' object has no attribute 'zero_'",
        refs=("k32",),
        needs_subject=True,  # only when the failing line uses t.grad.<something>
        title=L(".grad is None here",
                "这里的 .grad 是 None"),
        text=L("A tensor's .grad is None until a backward() has reached it (and stays None "
               "for tensors that do not require grad and for non-leaf tensors).",
               "在 backward() 传到它之前,张量的 .grad 是 None"
               "(不需要梯度的张量和非叶子张量的 .grad 一直是 None)。"),
        fix=L("Call backward() first, or check `if t.grad is not None:`. To reset gradients "
              "use optimizer.zero_grad() or t.grad = None.",
              "先调用 backward(),或者先判断 `if t.grad is not None:`。"
              "清空梯度用 optimizer.zero_grad() 或 t.grad = None。"),
    ),
    Entry(
        key="grad_assign_shape",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"attempting to assign a gradient of size"),
        sample=("attempting to assign a gradient of size '[3]' to a tensor of size '[2]'. "
                "Please ensure that the gradient and the tensor are the same size"),
        refs=("k33",),
        title=L(".grad assigned with the wrong shape",
                "给 .grad 赋了形状不对的值"),
        text=L("A tensor's .grad must have the same shape as the tensor: it holds one partial "
               "derivative per element.",
               "张量的 .grad 必须和张量形状相同:每个元素对应一个偏导数。"),
        fix=L("Assign a tensor of the same shape, e.g. torch.zeros_like(t), or None.",
              "赋一个形状相同的张量,例如 torch.zeros_like(t),或者赋 None。"),
    ),
    Entry(
        key="deepcopy_nonleaf",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Only Tensors created explicitly by the user \(graph leaves\) support the "
                    r"deepcopy protocol"),
        sample=("Only Tensors created explicitly by the user (graph leaves) support the "
                "deepcopy protocol at the moment.  If you were attempting to deepcopy a module, "
                "this may be because of a torch.nn.utils.weight_norm usage, see "
                "https://github.com/pytorch/pytorch/pull/103001"),
        refs=("k34",),
        title=L("copy.deepcopy of a computed tensor",
                "对计算得到的张量做了 copy.deepcopy"),
        text=L("deepcopy would have to copy the graph that produced the tensor; torch only "
               "supports it for leaf tensors.",
               "deepcopy 需要复制产生该张量的计算图;torch 只支持对叶子张量这样做。"),
        fix=L("Copy the values instead: t.detach().clone().",
              "改为复制数值:t.detach().clone()。"),
    ),
    Entry(
        key="volatile_removed",
        kind="warning",
        categories=("UserWarning",),
        pattern=_re(r"volatile was removed and now has no effect"),
        sample="volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
        refs=("k35",),
        title=L("Variable(volatile=True) from an old tutorial",
                "旧教程里的 Variable(volatile=True)"),
        text=L("Variable and volatile date from PyTorch 0.3. Variable now just returns a "
               "tensor and volatile is ignored, so autograd is not switched off.",
               "Variable 和 volatile 是 PyTorch 0.3 时代的写法。现在 Variable 直接返回张量,"
               "volatile 被忽略,autograd 并没有被关闭。"),
        fix=L("Use plain tensors, and wrap inference code in `with torch.no_grad():`.",
              "直接使用张量,把推理代码放进 `with torch.no_grad():`。"),
    ),
    Entry(
        key="anomaly_trace",
        kind="warning",
        categories=("UserWarning",),
        pattern=_re(r"Error detected in (?P<node>\w+)\. Traceback of forward call that caused "
                    r"the error"),
        sample=None,  # contains a traceback of the run, so no fixed text
        refs=("k40",),
        title=L("anomaly detection: where the failing operation was computed",
                "异常检测:出错运算的前向位置"),
        text=L("torch.autograd.set_detect_anomaly(True) is on. When backward() fails, torch "
               "first prints where the failing operation ran in the forward pass; the error "
               "itself follows.",
               "torch.autograd.set_detect_anomaly(True) 已打开。backward() 失败时,"
               "torch 会先打印出错运算在前向计算中的位置,然后才是错误本身。"),
        fix=L("Look at the last line of your file in that traceback, then at the error "
              "explained below it.",
              "看这段回溯中属于你文件的最后一行,再看下面解释的错误。"),
    ),
    Entry(
        key="no_grad_without_parens",
        kind="error",
        categories=("TypeError",),
        pattern=_re(r"'type' object does not support the context manager protocol"),
        sample="'type' object does not support the context manager protocol",
        refs=("k43",),
        needs_subject=True,  # only when the line is `with torch.no_grad:` (or similar)
        title=L("`with torch.no_grad:` without parentheses",
                "`with torch.no_grad:` 少了括号"),
        text=L("torch.no_grad is a class; the with statement needs an instance of it.",
               "torch.no_grad 是一个类;with 语句需要它的实例。"),
        fix=L("Write `with torch.no_grad():`.",
              "写成 `with torch.no_grad():`。"),
    ),
)

BY_KEY: dict[str, Entry] = {e.key: e for e in ENTRIES}


def match(message: str, category: str | None = None) -> Entry | None:
    """The first entry whose pattern matches `message` (torch's suffix is stripped first)."""
    for entry, _m in iter_matches(message, category):
        return entry
    return None


def iter_matches(message: str, category: str | None = None
                 ) -> Iterator[tuple[Entry, re.Match[str]]]:
    for entry in ENTRIES:
        m = entry.matches(message, category)
        if m is not None:
            yield entry, m
