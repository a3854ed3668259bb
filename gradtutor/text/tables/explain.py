"""Messages of the explain area: key -> (English, Chinese). Chinese uses full-width punctuation.

explain.<entry>.title/.text/.fix: the catalogue's generic words for each warning or error
(gradtutor/explain/catalogue.py). explain.<builder>.*: the sentences about the learner's own
variables. explain.graph.*, explain.memory.*: the graph and memory views. explain.cli.*: the
`gradtutor explain` command. A field holding a list of facts is rendered joined by
explain.series.semicolon; explain.series.* are separators (gradtutor/views/explanation.py).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # the size cap on learner files (gradtutor/explain/limits.py)
    "explain.source_too_large": (
        "{file}: {size} bytes in {lines} lines is over the limit for a learner program "
        "({max_bytes} bytes or {max_lines} lines); shorten the file (remove generated or pasted "
        "code) and try again",
        "{file}：{size} 字节、{lines} 行，超过了学习者程序的上限（{max_bytes} 字节或 {max_lines} "
        "行）；请缩短文件（删掉生成或粘贴的代码）后再试"),
    "explain.source_too_large_bytes": (
        "{file}: {size} bytes is over the limit for a learner program ({max_bytes} bytes); "
        "shorten the file (remove generated or pasted code) and try again",
        "{file}：{size} 字节，超过了学习者程序的上限（{max_bytes} 字节）；请缩短文件（删掉生成或"
        "粘贴的代码）后再试"),
    # the catalogue: one title, text and fix per entry
    "explain.nonleaf_grad.title": (
        ".grad read on a tensor that is not a leaf",
        "读取了非叶子张量的 .grad"),
    "explain.nonleaf_grad.text": (
        "Only leaf tensors (created by you with requires_grad=True, or parameters) get their "
        ".grad filled in by backward(). A tensor computed from other tensors is a non-leaf: "
        "backward() passes its gradient on to the leaves and does not store it, so its .grad "
        "stays None.",
        "backward() 只会填写叶子张量（你自己用 requires_grad=True 创建的张量或模型参数）的 "
        ".grad。由其他张量计算得到的张量是非叶子张量：backward() 把梯度继续传给叶子，并不保存在它"
        "身上，所以它的 .grad 一直是 None。"),
    "explain.nonleaf_grad.fix": (
        "Read .grad of the leaf tensor you created, or call .retain_grad() on the non-leaf "
        "tensor before backward() if you really want its gradient.",
        "读取你创建的叶子张量的 .grad；如果确实需要这个中间张量的梯度，在 backward() 之前对它调"
        "用 .retain_grad()。"),
    "explain.backward_no_grad.title": (
        "backward() on a tensor that has no graph",
        "对没有计算图的张量调用了 backward()"),
    "explain.backward_no_grad.text": (
        "backward() walks the graph that autograd recorded while the tensor was computed. This "
        "tensor does not require grad and has no grad_fn, so nothing was recorded: it was "
        "created without requires_grad=True, computed only from tensors that do not require grad "
        "(detached or frozen ones), or computed inside torch.no_grad() / torch.inference_mode().",
        "backward() 沿着计算该张量时 autograd 记录下的计算图反向传播。这个张量不需要梯度，也没有 "
        "grad_fn，说明什么都没有被记录：它在创建时没有 requires_grad=True，或者只由不需要梯度的张"
        "量（被 detach 或被冻结的）计算得到，或者是在 torch.no_grad() / torch.inference_mode() 里"
        "计算的。"),
    "explain.backward_no_grad.fix": (
        "Make sure at least one input requires grad (requires_grad=True on the leaf, or an "
        "unfrozen parameter) and compute the value you call backward() on outside "
        "torch.no_grad().",
        "确保至少有一个输入需要梯度（叶子张量设置 requires_grad=True，或参数没有被冻结），并在 "
        "torch.no_grad() 之外计算要调用 backward() 的值。"),
    "explain.int_requires_grad.title": (
        "requires_grad=True on an integer tensor",
        "对整数张量设置了 requires_grad=True"),
    "explain.int_requires_grad.text": (
        "Gradients are only defined for floating point (and complex) tensors. Numbers written "
        "without a decimal point (3, not 3.0) make an int64 tensor, and autograd refuses to "
        "track it.",
        "只有浮点（和复数）张量才有梯度。不带小数点的数字（写 3 而不是 3.0）得到的是 int64 张量，"
        "autograd 不会追踪它。"),
    "explain.int_requires_grad.fix": (
        "Create a floating point tensor: write the numbers as 1.0, 2.0, or pass "
        "dtype=torch.float32.",
        "创建浮点张量：把数字写成 1.0、2.0，或者传入 dtype=torch.float32。"),
    "explain.int_requires_grad_method.title": (
        "requires_grad_() on an integer tensor",
        "对整数张量调用了 requires_grad_()"),
    "explain.int_requires_grad_method.text": (
        "Gradients are only defined for floating point tensors, and this tensor holds integers "
        "(or booleans), so it cannot be switched to requires_grad=True.",
        "只有浮点张量才有梯度；这个张量存的是整数（或布尔值），所以不能把它切换成 "
        "requires_grad=True。"),
    "explain.int_requires_grad_method.fix": (
        "Convert it first: t = t.float().requires_grad_(), or create it with float values.",
        "先转换类型：t = t.float().requires_grad_()，或者一开始就用浮点数创建。"),
    "explain.nonleaf_requires_grad_flag.title": (
        "requires_grad changed on a non-leaf tensor",
        "修改了非叶子张量的 requires_grad"),
    "explain.nonleaf_requires_grad_flag.text": (
        "A computed (non-leaf) tensor requires grad because its inputs do; the flag follows from "
        "the graph and cannot be changed on the tensor itself, neither switched off nor set "
        "again.",
        "计算得到的（非叶子）张量需要梯度，是因为它的输入需要梯度；这个标志由计算图决定，不能在它"
        "自己身上修改：既不能关掉，也不能再设置一次。"),
    "explain.nonleaf_requires_grad_flag.fix": (
        "To stop tracking, use t = t.detach() (same values, outside the graph) or set "
        "requires_grad=False on the leaf before computing with it; to get the gradient of a "
        "computed tensor, call t.retain_grad() before backward() instead of setting the flag.",
        "想停止追踪，就用 t = t.detach()（数值相同，但不在计算图中），或者在计算之前就把叶子张量"
        "设为 requires_grad=False；想得到计算出的张量的梯度，就在 backward() 之前调用 "
        "t.retain_grad()，而不是设置这个标志。"),
    "explain.inplace_leaf_view.title": (
        "in-place write into part of a leaf that requires grad",
        "原地修改了需要梯度的叶子张量的一部分"),
    "explain.inplace_leaf_view.text": (
        "Indexing a leaf (w[0] = ...) gives a view that shares its memory, so writing into it "
        "changes the leaf in place. Autograd forbids in-place changes to a leaf that requires "
        "grad: its gradient would no longer match its value.",
        "对叶子张量做索引赋值（w[0] = ...）修改的是共享内存的视图，也就是原地修改了叶子。"
        "autograd 禁止原地修改需要梯度的叶子张量：否则它的梯度就和它的值对不上了。"),
    "explain.inplace_leaf_view.fix": (
        "Set the values before turning on requires_grad, or make the change inside `with "
        "torch.no_grad():` if it is not part of the computation.",
        "在打开 requires_grad 之前设置好数值；如果这个修改不属于要求导的计算，就把它放进 `with "
        "torch.no_grad():`。"),
    "explain.inplace_leaf.title": (
        "in-place change of a leaf that requires grad",
        "原地修改了需要梯度的叶子张量"),
    "explain.inplace_leaf.text": (
        "A leaf that requires grad is what autograd computes gradients for. Changing it in place "
        "(w -= ..., w.add_(...)) while autograd is recording would make its gradient refer to a "
        "value that no longer exists, so torch refuses.",
        "需要梯度的叶子张量是 autograd 求梯度的对象。在 autograd 记录时原地修改它（w -= ...、"
        "w.add_(...)），梯度就会对应一个已经不存在的值，所以 torch 拒绝这样做。"),
    "explain.inplace_leaf.fix": (
        "Parameter updates are not part of the computation: do them inside `with "
        "torch.no_grad():` (that is what optimizer.step() does), or use an optimizer.",
        "参数更新不属于要求导的计算：把它放进 `with torch.no_grad():`（optimizer.step() 就是这样"
        "做的），或者直接使用优化器。"),
    "explain.backward_twice.title": (
        "backward through a graph that was already freed",
        "对已经释放的计算图再次 backward"),
    "explain.backward_twice.text": (
        "To save memory, backward() frees the values the graph saved for it as soon as it has "
        "used them. A second backward() through the same graph (or through a part of it computed "
        "earlier, e.g. before a loop) finds them gone.",
        "为了节省内存，backward() 用完计算图中保存的中间值后会立即释放它们。再次通过同一个计算图"
        "（或者它的一部分，比如循环之前算好的部分）调用 backward()，这些值已经不在了。"),
    "explain.backward_twice.fix": (
        "Recompute the forward pass before each backward(), or pass retain_graph=True to every "
        "backward() except the last one through that graph.",
        "每次 backward() 之前重新做一次前向计算；或者对同一个计算图除最后一次以外的每次 "
        "backward() 传入 retain_graph=True。"),
    "explain.nonscalar_backward.title": (
        "backward() without a gradient on a tensor with several values",
        "对多元素张量调用 backward() 却没有给出梯度"),
    "explain.nonscalar_backward.text": (
        "backward() with no argument means d(out)/d(out) = 1, which only makes sense for a "
        "single number. For a tensor with several elements, torch needs to know how to weight "
        "each element.",
        "不带参数的 backward() 相当于 d(out)/d(out) = 1，只对单个数有意义。对多元素张量，torch 需"
        "要知道每个元素的权重。"),
    "explain.nonscalar_backward.fix": (
        "Reduce it to a scalar first (out.sum().backward() or out.mean().backward()), or pass a "
        "gradient of the same shape: out.backward(torch.ones_like(out)).",
        "先把它变成标量（out.sum().backward() 或 out.mean().backward()），或者传入形状相同的梯"
        "度：out.backward(torch.ones_like(out))。"),
    "explain.grad_shape_mismatch.title": (
        "gradient passed to backward() has the wrong shape",
        "传给 backward() 的梯度形状不对"),
    "explain.grad_shape_mismatch.text": (
        "The tensor given to out.backward(gradient) holds d(loss)/d(out) for every element of "
        "out, so it must have exactly out's shape.",
        "out.backward(gradient) 的参数表示 out 每个元素的 d(loss)/d(out)，所以它的形状必须和 out "
        "完全一样。"),
    "explain.grad_shape_mismatch.fix": (
        "Build it from the output itself: out.backward(torch.ones_like(out)).",
        "用输出本身来构造：out.backward(torch.ones_like(out))。"),
    "explain.inplace_saved.title": (
        "a value saved for backward was changed in place",
        "反向传播需要的值被原地修改了"),
    "explain.inplace_saved.text": (
        "Many operations save their input or output to compute the gradient later (exp saves its "
        "result, x ** 2 saves x). Every tensor has a version counter that in-place operations "
        "increase; backward() checks it and refuses to use a saved value that has changed since. "
        "detach() shares both the memory and the version counter, so writing through a detached "
        "copy counts too.",
        "很多运算会保存输入或输出，留给之后计算梯度用（exp 保存结果，x ** 2 保存 x）。每个张量都"
        "有一个版本计数器，原地操作会让它加一；backward() 会检查它，拒绝使用保存之后又被修改过的"
        "值。detach() 得到的张量共享内存和版本计数器，所以通过它原地修改也算。"),
    "explain.inplace_saved.fix": (
        "Use an out-of-place operation (y = y + 1 instead of y += 1 or y.add_(1)), or modify a "
        ".clone() of the tensor.",
        "改用非原地操作（用 y = y + 1 代替 y += 1 或 y.add_(1)），或者修改该张量的 .clone()。"),
    "explain.numpy_requires_grad.title": (
        ".numpy() on a tensor that requires grad",
        "对需要梯度的张量调用了 .numpy()"),
    "explain.numpy_requires_grad.text": (
        "A NumPy array shares the tensor's memory but autograd cannot see what NumPy does with "
        "it, so torch will not hand out a tensor that is part of a graph.",
        "NumPy 数组和张量共享内存，但 autograd 看不到 NumPy 对它做了什么，所以 torch 不允许把计算"
        "图中的张量直接交给 NumPy。"),
    "explain.numpy_requires_grad.fix": (
        "Leave the graph first: t.detach().numpy() (t.detach().cpu().numpy() for GPU tensors). "
        "For a single number use t.item().",
        "先离开计算图：t.detach().numpy()（GPU 张量用 t.detach().cpu().numpy()）。单个数用 "
        "t.item()。"),
    "explain.inference_saved.title": (
        "a tensor made under inference_mode used in training",
        "在训练中使用了 inference_mode 下创建的张量"),
    "explain.inference_saved.text": (
        "Tensors created inside torch.inference_mode() are 'inference tensors': they skip "
        "autograd's bookkeeping (version counter and all) to be fast, so autograd can never save "
        "them for a backward pass.",
        "在 torch.inference_mode() 中创建的张量是“推理张量”：为了快，它们省掉了 autograd 的记录（"
        "包括版本计数器），所以 autograd 永远不能为反向传播保存它们。"),
    "explain.inference_saved.fix": (
        "Make a normal tensor with .clone() outside the inference_mode block, or use "
        "torch.no_grad() instead of torch.inference_mode() there.",
        "在 inference_mode 块外用 .clone() 得到普通张量，或者在那里用 torch.no_grad() 代替 "
        "torch.inference_mode()。"),
    "explain.inference_inplace.title": (
        "in-place change of an inference tensor outside inference_mode",
        "在 inference_mode 之外原地修改推理张量"),
    "explain.inference_inplace.text": (
        "A tensor created inside torch.inference_mode() has no version counter, so outside that "
        "block torch cannot track in-place changes to it.",
        "在 torch.inference_mode() 中创建的张量没有版本计数器，所以在这个块之外 torch 无法追踪对"
        "它的原地修改。"),
    "explain.inference_inplace.fix": (
        "Clone it first (t = t.clone()) and modify the clone, or create it under torch.no_grad() "
        "instead.",
        "先克隆（t = t.clone()）再修改克隆出来的张量，或者改在 torch.no_grad() 下创建它。"),
    "explain.inference_requires_grad.title": (
        "requires_grad on an inference tensor",
        "对推理张量设置 requires_grad"),
    "explain.inference_requires_grad.text": (
        "A tensor created inside torch.inference_mode() can never take part in autograd, so it "
        "cannot be made to require grad.",
        "在 torch.inference_mode() 中创建的张量永远不能参与 autograd，所以不能让它需要梯度。"),
    "explain.inference_requires_grad.fix": (
        "Use t = t.clone().requires_grad_() outside the block, or create the tensor outside "
        "inference_mode.",
        "在块外使用 t = t.clone().requires_grad_()，或者在 inference_mode 之外创建它。"),
    "explain.grad_unused_input.title": (
        "autograd.grad asked for a tensor the output does not depend on",
        "autograd.grad 要求对输出没有用到的张量求梯度"),
    "explain.grad_unused_input.text": (
        "torch.autograd.grad(outputs, inputs) found an input that was never used to compute the "
        "outputs. Its gradient would be zero (or None), and torch treats this as a probable "
        "mistake unless you say otherwise.",
        "torch.autograd.grad(outputs, inputs) 发现某个输入根本没有参与计算输出。它的梯度会是零（"
        "或 None），除非你明确说明，torch 认为这多半是写错了。"),
    "explain.grad_unused_input.fix": (
        "Pass allow_unused=True (the gradient comes back as None; add materialize_grads=True to "
        "get zeros), or remove that tensor from the inputs.",
        "传入 allow_unused=True（该梯度返回 None；再加 materialize_grads=True 得到零），或者把这"
        "个张量从 inputs 中去掉。"),
    "explain.grad_input_no_req.title": (
        "autograd.grad with respect to a tensor that does not require grad",
        "autograd.grad 对不需要梯度的张量求导"),
    "explain.grad_input_no_req.text": (
        "torch.autograd.grad(outputs, inputs) can only differentiate with respect to tensors "
        "that require grad; a constant has no gradient to compute.",
        "torch.autograd.grad(outputs, inputs) 只能对需要梯度的张量求导；常量没有梯度可算。"),
    "explain.grad_input_no_req.fix": (
        "Create that input with requires_grad=True before computing the output, or leave it out "
        "of the inputs.",
        "在计算输出之前就用 requires_grad=True 创建这个输入，或者不要把它放进 inputs。"),
    "explain.optimizer_empty.title": (
        "optimizer built with no parameters",
        "优化器没有拿到任何参数"),
    "explain.optimizer_empty.text": (
        "The parameters given to the optimizer were empty. With filter(lambda p: "
        "p.requires_grad, ...) this means every parameter was frozen (requires_grad=False) "
        "before the optimizer was built. A generator such as model.parameters() that was already "
        "used up is also empty.",
        "传给优化器的参数是空的。如果用了 filter(lambda p: p.requires_grad, ...)，说明在创建优化"
        "器之前所有参数都被冻结了（requires_grad=False）。已经被遍历过的生成器（例如 "
        "model.parameters()）也是空的。"),
    "explain.optimizer_empty.fix": (
        "Leave at least one parameter trainable, and call model.parameters() again where you "
        "build the optimizer.",
        "至少保留一个可训练的参数，并在创建优化器的地方重新调用 model.parameters()。"),
    "explain.optimizer_nonleaf.title": (
        "optimizer given a computed (non-leaf) tensor",
        "优化器拿到了计算得到的（非叶子）张量"),
    "explain.optimizer_nonleaf.text": (
        "An optimizer updates tensors in place using their .grad. Only leaf tensors get .grad, "
        "and a computed tensor is recomputed from its inputs anyway, so updating it would have "
        "no lasting effect.",
        "优化器用 .grad 原地更新张量。只有叶子张量才有 .grad，而计算得到的张量反正会由输入重新算"
        "出来，更新它没有持久的效果。"),
    "explain.optimizer_nonleaf.fix": (
        "Give the optimizer the leaf tensors themselves (the ones created with "
        "requires_grad=True), or model.parameters().",
        "把叶子张量本身（用 requires_grad=True 创建的那些）或 model.parameters() 交给优化器。"),
    "explain.optimizer_frozen_param.title": (
        "optimizer holds a tensor that does not require grad",
        "优化器里有不需要梯度的张量"),
    "explain.optimizer_frozen_param.text": (
        "torch accepts this without a warning, but a tensor that does not require grad never "
        "gets a .grad, and optimizer.step() silently skips tensors whose .grad is None: it will "
        "never change.",
        "torch 接受这种写法而不给出任何警告，但不需要梯度的张量永远不会有 .grad，而 "
        "optimizer.step() 会悄悄跳过 .grad 为 None 的张量：它永远不会被更新。"),
    "explain.optimizer_frozen_param.fix": (
        "If it should be trained, create it with requires_grad=True. If it is frozen on purpose, "
        "build the optimizer from filter(lambda p: p.requires_grad, ...) so the optimizer only "
        "holds what it trains.",
        "如果它应该被训练，就用 requires_grad=True 创建它。如果是故意冻结的，用 filter(lambda p: "
        "p.requires_grad, ...) 创建优化器，让优化器只包含要训练的参数。"),
    "explain.update_rebinds_leaf.title": (
        "a parameter update replaced the leaf with a new tensor",
        "参数更新用一个新张量替换了叶子"),
    "explain.update_rebinds_leaf.text": (
        "`w = w - lr * w.grad` does not change the tensor w: it computes a new tensor and moves "
        "the name to it. The new tensor is a non-leaf (or, under no_grad, a tensor that does not "
        "require grad), so the next backward() will not fill its .grad, and an optimizer holding "
        "the old leaf never sees the update.",
        "`w = w - lr * w.grad` 并没有修改张量 w：它计算出一个新张量，再让名字指向它。新张量是非叶"
        "子（在 no_grad 中则是不需要梯度的张量），所以下一次 backward() 不会填写它的 .grad，持有"
        "旧叶子的优化器也看不到这次更新。"),
    "explain.update_rebinds_leaf.fix": (
        "Update the tensor itself, in place, without recording it:\n    with "
        "torch.no_grad():\n        w -= lr * w.grad",
        "原地更新张量本身，并且不要被记录：\n    with torch.no_grad():\n        w -= lr * w.grad"),
    "explain.retain_grad_no_req.title": (
        "retain_grad() on a tensor that does not require grad",
        "对不需要梯度的张量调用了 retain_grad()"),
    "explain.retain_grad_no_req.text": (
        "retain_grad() asks backward() to keep the gradient that flows through a tensor, but no "
        "gradient flows through a tensor that does not require grad.",
        "retain_grad() 让 backward() 保留流经该张量的梯度，但不需要梯度的张量上不会有梯度流过。"),
    "explain.retain_grad_no_req.fix": (
        "Call it on a tensor computed from something that requires grad, or create the leaf with "
        "requires_grad=True.",
        "对由需要梯度的张量计算得到的张量调用它，或者用 requires_grad=True 创建叶子张量。"),
    "explain.hook_no_req.title": (
        "register_hook() on a tensor that does not require grad",
        "对不需要梯度的张量调用了 register_hook()"),
    "explain.hook_no_req.text": (
        "A tensor hook runs when a gradient for that tensor is computed; a tensor that does not "
        "require grad never gets one.",
        "张量钩子在计算该张量的梯度时运行；不需要梯度的张量永远不会有梯度。"),
    "explain.hook_no_req.fix": (
        "Register the hook on a tensor that requires grad (set requires_grad=True on the leaf "
        "first).",
        "在需要梯度的张量上注册钩子（先给叶子张量设置 requires_grad=True）。"),
    "explain.no_grad_view_inplace.title": (
        "view made under no_grad, changed in place outside it",
        "在 no_grad 中创建的视图在外面被原地修改"),
    "explain.no_grad_view_inplace.text": (
        "The view was created while autograd was off but is modified while it is on; torch "
        "cannot tell whether you want that change recorded.",
        "视图是在 autograd 关闭时创建的，却在 autograd 打开时被修改；torch 无法判断你是否希望记录"
        "这次修改。"),
    "explain.no_grad_view_inplace.fix": (
        "Put the view and the in-place change both inside the no_grad block (not recorded) or "
        "both outside it (recorded).",
        "把创建视图和原地修改都放进 no_grad 块（不记录），或者都放在块外（记录）。"),
    "explain.multi_view_inplace.title": (
        "in-place change of a piece from unbind/split/chunk",
        "原地修改了 unbind/split/chunk 得到的分块"),
    "explain.multi_view_inplace.text": (
        "unbind, split and chunk return several views of one tensor. autograd cannot track an "
        "in-place change to one of them.",
        "unbind、split、chunk 会返回同一个张量的多个视图，autograd 无法追踪对其中某一个的原地修"
        "改。"),
    "explain.multi_view_inplace.fix": (
        "Use an out-of-place operation (a = a * 2 instead of a.mul_(2)), or .clone() the piece "
        "first.",
        "改用非原地操作（用 a = a * 2 代替 a.mul_(2)），或者先对这个分块 .clone()。"),
    "explain.tensor_copy_construct.title": (
        "torch.tensor() called on a tensor",
        "对张量调用了 torch.tensor()"),
    "explain.tensor_copy_construct.text": (
        "torch.tensor(t) copies the values of t but not its place in the graph: the copy does "
        "not require grad and gradients will not flow back to t.",
        "torch.tensor(t) 只复制 t 的数值，不复制它在计算图中的位置：副本不需要梯度，梯度也不会流"
        "回 t。"),
    "explain.tensor_copy_construct.fix": (
        "Say what you mean: t.detach().clone() for an independent copy, or t.clone() to stay in "
        "the graph.",
        "明确写出意图：独立副本用 t.detach().clone()，想留在计算图中用 t.clone()。"),
    "explain.create_graph_cycle.title": (
        "backward(create_graph=True) keeps the graph alive",
        "backward(create_graph=True) 会让计算图一直存活"),
    "explain.create_graph_cycle.text": (
        "With create_graph=True the gradient stored in .grad is itself part of a graph that "
        "refers back to the parameter, so the memory is not freed on its own.",
        "使用 create_graph=True 时，存进 .grad 的梯度本身也是计算图的一部分，并且引用回参数，所以"
        "内存不会自动释放。"),
    "explain.create_graph_cycle.fix": (
        "For higher-order gradients use torch.autograd.grad(out, x, create_graph=True), or set "
        "x.grad = None when you are done.",
        "求高阶导数请用 torch.autograd.grad(out, x, create_graph=True)，或者用完后设置 x.grad = "
        "None。"),
    "explain.grad_is_none.title": (
        ".grad is None here",
        "这里的 .grad 是 None"),
    "explain.grad_is_none.text": (
        "A tensor's .grad is None until a backward() has reached it (and stays None for tensors "
        "that do not require grad and for non-leaf tensors).",
        "在 backward() 传到它之前，张量的 .grad 是 None（不需要梯度的张量和非叶子张量的 .grad 一"
        "直是 None）。"),
    "explain.grad_is_none.fix": (
        "Call backward() first, or check `if t.grad is not None:`. To reset gradients use "
        "optimizer.zero_grad() or t.grad = None.",
        "先调用 backward()，或者先判断 `if t.grad is not None:`。清空梯度用 "
        "optimizer.zero_grad() 或 t.grad = None。"),
    "explain.grad_assign_shape.title": (
        ".grad assigned with the wrong shape",
        "给 .grad 赋了形状不对的值"),
    "explain.grad_assign_shape.text": (
        "A tensor's .grad must have the same shape as the tensor: it holds one partial "
        "derivative per element.",
        "张量的 .grad 必须和张量形状相同：每个元素对应一个偏导数。"),
    "explain.grad_assign_shape.fix": (
        "Assign a tensor of the same shape, e.g. torch.zeros_like(t), or None.",
        "赋一个形状相同的张量，例如 torch.zeros_like(t)，或者赋 None。"),
    "explain.deepcopy_nonleaf.title": (
        "copy.deepcopy of a computed tensor",
        "对计算得到的张量做了 copy.deepcopy"),
    "explain.deepcopy_nonleaf.text": (
        "deepcopy would have to copy the graph that produced the tensor; torch only supports it "
        "for leaf tensors.",
        "deepcopy 需要复制产生该张量的计算图；torch 只支持对叶子张量这样做。"),
    "explain.deepcopy_nonleaf.fix": (
        "Copy the values instead: t.detach().clone().",
        "改为复制数值：t.detach().clone()。"),
    "explain.volatile_removed.title": (
        "Variable(volatile=True) from an old tutorial",
        "旧教程里的 Variable(volatile=True)"),
    "explain.volatile_removed.text": (
        "Variable and volatile date from PyTorch 0.3. Variable now just returns a tensor and "
        "volatile is ignored, so autograd is not switched off.",
        "Variable 和 volatile 是 PyTorch 0.3 时代的写法。现在 Variable 直接返回张量，volatile 被"
        "忽略，autograd 并没有被关闭。"),
    "explain.volatile_removed.fix": (
        "Use plain tensors, and wrap inference code in `with torch.no_grad():`.",
        "直接使用张量，把推理代码放进 `with torch.no_grad():`。"),
    "explain.anomaly_trace.title": (
        "anomaly detection: where the failing operation was computed",
        "异常检测：出错运算的前向位置"),
    "explain.anomaly_trace.text": (
        "torch.autograd.set_detect_anomaly(True) is on. When backward() fails, torch first "
        "prints where the failing operation ran in the forward pass; the error itself follows.",
        "torch.autograd.set_detect_anomaly(True) 已打开。backward() 失败时，torch 会先打印出错运"
        "算在前向计算中的位置，然后才是错误本身。"),
    "explain.anomaly_trace.fix": (
        "Look at the last line of your file in that traceback, then at the error explained below "
        "it.",
        "看这段回溯中属于你文件的最后一行，再看下面解释的错误。"),
    "explain.no_grad_without_parens.title": (
        "`with torch.no_grad:` without parentheses",
        "`with torch.no_grad:` 少了括号"),
    "explain.no_grad_without_parens.text": (
        "torch.no_grad is a class; the with statement needs an instance of it.",
        "torch.no_grad 是一个类；with 语句需要它的实例。"),
    "explain.no_grad_without_parens.fix": (
        "Write `with torch.no_grad():`.",
        "写成 `with torch.no_grad():`。"),
    "explain.op_output.computed_tensor": (
        "a computed tensor",
        "一个计算得到的张量"),
    "explain.op_output.result": (
        "the result of `{v}`",
        "`{v}` 的结果"),
    "explain.op_output.output_fn": (
        "the output of {fn}",
        "{fn} 的输出"),
    "explain.cuda_unavailable.title": (
        "the program asks for the GPU, but programs run on the CPU here",
        "程序要用 GPU，但这里的程序在 CPU 上运行"),
    "explain.cuda_unavailable.text": (
        "Learner programs run on the CPU here (gradtutor's sandbox cannot use a GPU), so "
        "`.cuda()`, `.to(\"cuda\")` and `device=\"cuda\"` fail here. Code that picks its device "
        "once runs on both.",
        "这里在 CPU 上运行学习者的程序（gradtutor 的沙箱用不了 GPU），所以 `.cuda()`、"
        "`.to(\"cuda\")` 和 `device=\"cuda\"` 会失败。只选一次设备的代码在两种环境下都能运行。"),
    "explain.cuda_unavailable.fix": (
        "Use a device variable: `device = torch.device(\"cuda\" if torch.cuda.is_available() "
        "else \"cpu\")`, and write `.to(device)` or `device=device` instead of \"cuda\".",
        "使用设备变量：`device = torch.device(\"cuda\" if torch.cuda.is_available() else "
        "\"cpu\")`，并用 `.to(device)` 或 `device=device` 代替 \"cuda\"。"),
    "explain.syntax_error.title": (
        "syntax error: Python cannot read the program",
        "语法错误：Python 无法读取这个程序"),
    "explain.syntax_error.text": (
        "Line {line} is not valid Python ({message}), so none of the program ran.",
        "第 {line} 行不是合法的 Python（{message}），所以程序一行都没有运行。"),
    "explain.syntax_error.fix": (
        "Correct line {line} (or the line just before it: an unclosed bracket or quote is often "
        "reported on the next line), then run the program again.",
        "改正第 {line} 行（或它前面一行：没有闭合的括号或引号常常在下一行才报错），然后再运行程"
        "序。"),
    # the builders: sentences about the learner's own variables
    "explain.origin.computed_line_code": (
        "`{n}` is computed on line {l} by `{code}`",
        "`{n}` 在第 {l} 行由 `{code}` 计算得到"),
    "explain.origin.created_line_code": (
        "`{n}` was created on line {l} by `{code}`",
        "`{n}` 在第 {l} 行由 `{code}` 创建"),
    "explain.origin.reassigned_line_code": (
        "`{n}` was reassigned on line {l} by `{code}`",
        "`{n}` 在第 {l} 行被 `{code}` 重新赋值"),
    "explain.origin.loop_variable_line": (
        "`{n}` is the loop variable of line {l} (`{code}`)",
        "`{n}` 是第 {l} 行循环的循环变量（`{code}`）"),
    "explain.origin.parameter_function_defined": (
        "`{n}` is a parameter of the function defined on line {l}",
        "`{n}` 是第 {l} 行定义的函数的参数"),
    "explain.no_parens.write": (
        "Write `with {e}():`.",
        "写成 `with {e}():`。"),
    "explain.no_parens.line_says": (
        "Line {l} says `with {e}:`.",
        "第 {l} 行写的是 `with {e}:`。"),
    "explain.anomaly.failing_operation_computed": (
        "The failing operation was computed on line {l}: `{code}`.",
        "出错的运算是在第 {l} 行计算的：`{code}`。"),
    "explain.volatile.replace_plain_tensor": (
        "Replace `{v}` by `{d}` (a plain tensor), and put the code that must not be recorded "
        "under `with torch.no_grad():`.",
        "把 `{v}` 换成 `{d}`（普通张量），并把不需要记录的代码放进 `with torch.no_grad():`。"),
    "explain.deepcopy.copy_values_instead": (
        "Copy the values instead: `{e}.detach().clone()`.",
        "改为复制数值：`{e}.detach().clone()`。"),
    "explain.grad_assign.assign_gradient_same": (
        "Assign a gradient of the same shape: `{n}.grad = torch.zeros_like({n})`, or None.",
        "赋一个形状相同的梯度：`{n}.grad = torch.zeros_like({n})`，或者赋 None。"),
    "explain.grad_is_none.reset_gradients_write": (
        "To reset gradients write `{e}.grad = None` (or optimizer.zero_grad()); both work before "
        "the first backward().",
        "清空梯度请写 `{e}.grad = None`（或 optimizer.zero_grad()）；两者在第一次 backward() 之前"
        "也能用。"),
    "explain.grad_is_none.grad_none_line": (
        "`{e}.grad` is None on line {l}",
        "第 {l} 行时 `{e}.grad` 是 None"),
    "explain.grad_is_none.no_backward_ran": (
        "no backward() ran before line {l}, so `{e}.grad` is still None",
        "第 {l} 行之前没有执行过 backward()，所以 `{e}.grad` 还是 None"),
    "explain.grad_is_none.leaf_backward_does": (
        "`{e}` is not a leaf, so backward() does not store its .grad",
        "`{e}` 不是叶子，所以 backward() 不会保存它的 .grad"),
    "explain.grad_is_none.does_require_grad": (
        "`{e}` does not require grad, so its .grad is always None",
        "`{e}` 不需要梯度，所以它的 .grad 永远是 None"),
    "explain.create_graph.torch_autograd_grad": (
        "`(g,) = torch.autograd.grad({e}, {x}, create_graph=True)` returns the gradient without "
        "storing it in `{x}.grad`.",
        "`(g,) = torch.autograd.grad({e}, {x}, create_graph=True)` 返回梯度，而不把它存进 "
        "`{x}.grad`。"),
    "explain.copy_construct.detach_clone_independent": (
        "`{v} = {n}.detach().clone()` for an independent copy, or `{v} = {n}.clone()` to keep "
        "gradients flowing to `{n}`.",
        "独立副本用 `{v} = {n}.detach().clone()`；想让梯度继续流向 `{n}` 就用 `{v} = "
        "{n}.clone()`。"),
    "explain.copy_construct.code_copies_values": (
        "`{code}` copies the values of `{n}` but not its place in the graph{t}.",
        "`{code}` 复制了 `{n}` 的数值，但没有复制它在计算图中的位置{t}。"),
    "explain.copy_construct.will_require_grad": (
        ": `{v}` will not require grad",
        "：`{v}` 不会需要梯度"),
    "explain.multi_view.write_instead": (
        "Write `{r}` instead.",
        "改写为 `{r}`。"),
    "explain.multi_view.one_pieces_returned": (
        "`{n}` is one of the pieces returned on line {l} by `{code}`.",
        "`{n}` 是第 {l} 行 `{code}` 返回的分块之一。"),
    "explain.no_grad_view.view_created_line": (
        "`{n}` is a view of `{a}` created on line {l} inside `{ctx}`; line {here} changes it in "
        "place outside that block.",
        "`{n}` 是第 {l} 行在 `{ctx}` 里面创建的 `{a}` 的视图；第 {here} 行在块外原地修改了它。"),
    "explain.optimizer_empty.empty_line_code": (
        "`{a}` is empty: line {l} (`{code}`) froze every parameter of `{o}` before the optimizer "
        "was built.",
        "`{a}` 是空的：第 {l} 行（`{code}`）在创建优化器之前冻结了 `{o}` 的所有参数。"),
    "explain.optimizer_nonleaf.not_leaf": (
        "{o}, so it is not a leaf.",
        "{o}，所以它不是叶子。"),
    "explain.optimizer_nonleaf.give_optimizer_lt": (
        "Give the optimizer {lt} instead.",
        "改为把 {lt} 交给优化器。"),
    "explain.optimizer_nonleaf.give_optimizer_lt_2": (
        "Give the optimizer {lt} itself, and use `{e}` in the forward pass.",
        "把 {lt} 本身交给优化器，在前向计算中再使用 `{e}`。"),
    "explain.optimizer_nonleaf.computes_new_tensor": (
        "`{e}` computes a new tensor, which is not a leaf.",
        "`{e}` 计算出的是一个新张量，不是叶子。"),
    "explain.grad_no_req.create_requires_grad": (
        "Create `{e}` with requires_grad=True before computing the output if you need d/d{e}; "
        "otherwise leave it out of the inputs.",
        "如果需要对 `{e}` 求导，就在计算输出之前用 requires_grad=True 创建它；否则不要把它放进 "
        "inputs。"),
    "explain.grad_no_req.why_does_require": (
        "{why}, so it does not require grad: there is no gradient to compute with respect to it.",
        "{why}，所以它不需要梯度：没有关于它的梯度可以计算。"),
    "explain.grad_unused.pos_used_compute": (
        "`{e}`{pos} is not used to compute `{o}`{w}.",
        "`{e}`{pos}没有参与计算 `{o}`{w}。"),
    "explain.grad_unused.index_inputs": (
        " (index {i} of the inputs)",
        "（inputs 中下标为 {i} 的元素）"),
    "explain.grad_unused.call_gradient_unused": (
        "`{call}` — the gradient of an unused input comes back as None (add "
        "materialize_grads=True for zeros); or remove it from the inputs.",
        "`{call}`——未被使用的输入的梯度返回 None（再加 materialize_grads=True 得到零）；或者把它"
        "从 inputs 中去掉。"),
    "explain.grad_unused.line_code": (
        " (line {l}: `{code}`)",
        "（第 {l} 行：`{code}`）"),
    "explain.inference_target.work_clone_clone": (
        "Work on a clone: `{n} = {n}.clone()` before this line.",
        "改为操作副本：在这一行之前写 `{n} = {n}.clone()`。"),
    "explain.inference_target.created_line_inside": (
        "`{n}` was created on line {l} inside `with torch.inference_mode():`, so it is an "
        "inference tensor.",
        "`{n}` 是在第 {l} 行、`with torch.inference_mode():` 里面创建的，所以它是推理张量。"),
    "explain.inference_saved.use_normal_copy": (
        "Use a normal copy here: `{fixed}`; or use `torch.no_grad()` instead of "
        "`torch.inference_mode()` on line {cl}.",
        "在这里使用普通副本：`{fixed}`；或者把第 {cl} 行的 `torch.inference_mode()` 换成 "
        "`torch.no_grad()`。"),
    "explain.inference_saved.created_line_inside": (
        "`{n}` was created on line {l} inside `with torch.inference_mode():` (line {cl}). "
        "Inference tensors can never be saved for backward, and line {here} uses it in a "
        "computation autograd records.",
        "`{n}` 是在第 {l} 行、`with torch.inference_mode():`（第 {cl} 行）里面创建的。推理张量永"
        "远不能为反向传播保存，而第 {here} 行把它用在了 autograd 记录的计算中。"),
    "explain.numpy.requires_grad_cannot": (
        "`{e}` requires grad{w}, so it cannot go to NumPy directly.",
        "`{e}` 需要梯度{w}，所以不能直接交给 NumPy。"),
    "explain.numpy.computed_line_parameters": (
        " (computed on line {l} by `{v}`, and the parameters of `{m}` require grad)",
        "（第 {l} 行由 `{v}` 计算得到，而 `{m}` 的参数需要梯度）"),
    "explain.numpy.computed_line_from": (
        " (computed on line {l} from {x})",
        "（第 {l} 行由 {x} 计算得到）"),
    "explain.numpy.created_requires_grad": (
        " (created with requires_grad=True on line {l})",
        "（第 {l} 行用 requires_grad=True 创建）"),
    "explain.inplace_saved.use_out_place": (
        "Use the out-of-place form on line {l}{s}, or change a `.clone()` of `{n}`.",
        "把第 {l} 行改成非原地写法{s}，或者修改 `{n}` 的 `.clone()`。"),
    "explain.inplace_saved.modify_copy_instead": (
        "Modify a copy instead: `{code}`; or make the change after backward().",
        "改为修改副本：`{code}`；或者在 backward() 之后再修改。"),
    "explain.inplace_saved.place_write_through": (
        "in-place write through a detach() alias broke backward",
        "通过 detach() 别名的原地修改破坏了反向传播"),
    "explain.inplace_saved.change_went_through": (
        "The change went through `{v}`: detach() gives a tensor outside the graph, but it shares "
        "memory and the version counter with `{n}`, so changing it changes `{n}`.",
        "这次修改是通过 `{v}` 进行的：detach() 得到的张量虽然不在计算图中，但和 `{n}` 共享内存和"
        "版本计数器，修改它就是修改 `{n}`。"),
    "explain.inplace_saved.output_op_computed": (
        "`{n}` — the output of {op}, computed on line {l} by `{code}` — is saved for the "
        "backward pass. Line {il} then changed it in place with `{icode}`{ver}, so backward() "
        "refuses to use the stale saved value.",
        "`{n}`（第 {l} 行由 `{code}` 计算得到的 {op} 的输出）被保存下来供反向传播使用。随后第 "
        "{il} 行用 `{icode}` 原地修改了它{ver}，所以 backward() 拒绝使用这个过期的保存值。"),
    "explain.inplace_saved.version_went_from": (
        " (its version went from {e} to {v})",
        "（版本从 {e} 变成了 {v}）"),
    "explain.inplace_saved.use_out_place_2": (
        "Use the out-of-place form instead{s}.",
        "改用非原地写法{s}。"),
    "explain.inplace_saved.line_changes_place": (
        "Line {l} changes `{t}` in place (`{code}`) after it was used in the computation, and "
        "backward() needs its old value.",
        "第 {l} 行在 `{t}` 参与计算之后原地修改了它（`{code}`），而 backward() 需要它原来的值。"),
    "explain.grad_shape.build_gradient_from": (
        "Build the gradient from the output itself: `{e}.backward(torch.ones_like({e}))`.",
        "用输出本身来构造梯度：`{e}.backward(torch.ones_like({e}))`。"),
    "explain.grad_shape.has_shape_but": (
        "`{g}` has shape {a}, but `{e}` has shape {b}.",
        "`{g}` 的形状是 {a}，而 `{e}` 的形状是 {b}。"),
    "explain.grad_shape.gradient": (
        "the gradient",
        "梯度"),
    "explain.nonscalar.sh_single_number": (
        "`{t}`{sh} is not a single number, so torch cannot start backward() from d{e}/d{e} = 1.",
        "`{t}`{sh}不是单个数，所以 torch 无法从 d{e}/d{e} = 1 开始反向传播。"),
    "explain.nonscalar.write_sum_backward": (
        "Write `{e}.sum().backward()`, or `{e}.backward(torch.ones_like({t}))`, which gives the "
        "same .grad.",
        "写成 `{e}.sum().backward()`，或 `{e}.backward(torch.ones_like({t}))`，二者得到的 .grad "
        "相同。"),
    "explain.nonscalar.pass_weights_explicitly": (
        "Pass the weights explicitly: `grad_outputs=torch.ones_like({t})`, or differentiate "
        "`{e}.sum()`.",
        "显式传入权重：`grad_outputs=torch.ones_like({t})`，或者对 `{e}.sum()` 求导。"),
    "explain.nonscalar.has_shape_sh": (
        " has shape {sh} ({n} values): it",
        "的形状是 {sh}（{n} 个元素），"),
    "explain.backward_twice.pass_retain_graph": (
        "Pass retain_graph=True to the backward() on line {ln}, or add the losses and call "
        "backward() once: `({t} + {n}).backward()`.",
        "在第 {ln} 行的 backward() 中传入 retain_graph=True，或者把损失加起来只调用一次 "
        "backward()：`({t} + {n}).backward()`。"),
    "explain.backward_twice.backward_line_ln": (
        "`{t}.backward()` on line {ln} already went through `{s}` (line {sl}), which `{n}` is "
        "also computed from, and freed what it saved.",
        "第 {ln} 行的 `{t}.backward()` 已经经过了 `{s}`（第 {sl} 行），而 `{n}` 也依赖它；它保存"
        "的值已被释放。"),
    "explain.backward_twice.really_want_two": (
        "If you really want two passes, add retain_graph=True to the first one (line {ln}); "
        "gradients then add up in .grad. Otherwise recompute `{n}` before line {l}.",
        "如果确实需要两次反向传播，在第一次（第 {ln} 行）加上 retain_graph=True；梯度会在 .grad "
        "中累加。否则在第 {l} 行之前重新计算 `{n}`。"),
    "explain.backward_twice.code_already_ran": (
        "`{code}` already ran on line {ln} and freed what the graph of `{n}` had saved; line {l} "
        "goes back through the same graph.",
        "第 {ln} 行的 `{code}` 已经执行过，并释放了 `{n}` 的计算图保存的值；第 {l} 行又要经过同一"
        "个计算图。"),
    "explain.backward_twice.move_into_loop": (
        "Move {m} into the loop, so that every iteration builds a fresh graph.",
        "把 {m}移到循环里面，让每次迭代都构建新的计算图。"),
    "explain.backward_twice.lines_ls": (
        "lines {ls}",
        "第 {ls} 行"),
    "explain.backward_twice.line": (
        "line {l}",
        "第 {l} 行"),
    "explain.inplace_leaf.parameter_update_part": (
        "A parameter update is not part of the computation to differentiate; wrap it:\n    with "
        "torch.no_grad():\n        {s}\n(or use an optimizer: optimizer.step() does exactly "
        "this).",
        "参数更新不属于要求导的计算；把它包起来：\n    with torch.no_grad():\n        {s}\n（或者"
        "使用优化器：optimizer.step() 做的正是这件事）。"),
    "explain.inplace_leaf.sets_starting_values": (
        "If this sets starting values, do it before requires_grad is switched on (fill the "
        "tensor, then call `{n}.requires_grad_()`). If it is an update, wrap it:\n    with "
        "torch.no_grad():\n        {s}",
        "如果这是在设置初始值，就在打开 requires_grad 之前完成（先填好数值，再调用 "
        "`{n}.requires_grad_()`）。如果这是一次更新，就把它包起来：\n    with "
        "torch.no_grad():\n        {s}"),
    "explain.inplace_leaf.line_changes_place": (
        "Line {l} changes `{n}` in place (`{code}`). `{n}` is a leaf that requires grad{made}, "
        "and autograd is recording here, so torch refuses.",
        "第 {l} 行原地修改了 `{n}`（`{code}`）。`{n}` 是需要梯度的叶子张量{made}，而这里 "
        "autograd 正在记录，所以 torch 拒绝执行。"),
    "explain.inplace_leaf.use_new_tensor": (
        "Compute a new tensor instead of changing the leaf: `{r}` (or give the result another "
        "name).",
        "不要修改叶子张量，改为计算一个新张量：`{r}`（或者给结果起另一个名字）。"),
    "explain.inplace_leaf.parameter_function": (
        " (a parameter of your function)",
        "（你的函数的参数）"),
    "explain.inplace_leaf.created_line_code": (
        " (created on line {l} by `{code}`)",
        "（第 {l} 行由 `{code}` 创建）"),
    "explain.nonleaf_flag.write_detach_get": (
        "Write `{n} = {n}.detach()` to get the same values outside the graph, or compute `{n}` "
        "inside `with torch.no_grad():` if it must not be recorded.",
        "写 `{n} = {n}.detach()` 得到数值相同但不在计算图中的张量；如果它不应被记录，就在 `with "
        "torch.no_grad():` 里计算 `{n}`。"),
    "explain.nonleaf_flag.first_out_leaf": (
        "{first}, so it is {out}, not a leaf: it requires grad because {src} does, and only a "
        "leaf's flag can be changed.",
        "{first}，所以它是 {out}，不是叶子：它需要梯度是因为 {src} 需要梯度，只有叶子的标志才能修"
        "改。"),
    "explain.nonleaf_flag.already_requires_grad": (
        "{first}, so it is {out}, not a leaf: it already requires grad because {src} does, and "
        "only a leaf's flag can be set.",
        "{first}，所以它是 {out}，不是叶子：因为 {src} 需要梯度，它本来就需要梯度，而只有叶子的标"
        "志才能设置。"),
    "explain.nonleaf_flag.delete_or_retain_grad": (
        "Delete line {l}: `{n}` already requires grad. If you want `{n}.grad` after backward(), "
        "call `{n}.retain_grad()` on that line instead (before backward()).",
        "删掉第 {l} 行：`{n}` 本来就需要梯度。如果想在 backward() 之后读取 `{n}.grad`，就在这一行"
        "改为调用 `{n}.retain_grad()`（在 backward() 之前）。"),
    "explain.nonleaf_flag.inputs": (
        "its inputs",
        "它的输入"),
    "explain.int_tensor_named.make_floating_point": (
        "Make it floating point first: `{n} = {n}.float().requires_grad_()`, or create it from "
        "floats (1.0 instead of 1).",
        "先把它变成浮点：`{n} = {n}.float().requires_grad_()`，或者一开始就用浮点数创建（写 1.0 "
        "而不是 1）。"),
    "explain.int_tensor_named.first_holds_values": (
        "{first}; it holds {d} values, which cannot require grad.",
        "{first}；它存的是 {d} 数值，无法求梯度。"),
    "explain.int_tensor_named.integer_dtype": (
        "an integer dtype",
        "整数类型"),
    "explain.never.never_created": (
        ", so `{v}` is never created",
        "，所以 `{v}` 根本没有被创建"),
    "explain.never.assigned_keeps_value": (
        ", so `{v}` is not assigned and keeps its value from line {l}",
        "，所以 `{v}` 没有被赋值，仍是第 {l} 行的值"),
    "explain.int_requires_grad.ask_floating_point": (
        "Ask for a floating point dtype: `{new}`.",
        "指定浮点类型：`{new}`。"),
    "explain.int_requires_grad.code_asks_integer": (
        "`{code}` asks for an integer tensor that requires grad. torch refuses{t}.",
        "`{code}` 要求的是一个需要梯度的整数张量。torch 拒绝了{t}。"),
    "explain.int_requires_grad.write_numbers_floats": (
        "Write the numbers as floats: `{new}`.",
        "把数字写成浮点数：`{new}`。"),
    "explain.int_requires_grad.holds_only_whole": (
        "`{d}` holds only whole numbers, so `{code}` asks for an int64 tensor that requires "
        "grad. torch refuses{t}.",
        "`{d}` 里全是整数，所以 `{code}` 要求的是一个需要梯度的 int64 张量。torch 拒绝了{t}。"),
    "explain.int_requires_grad.convert_data_first": (
        "Convert the data first: `{p}({i}.float())`.",
        "先转换数据：`{p}({i}.float())`。"),
    "explain.int_requires_grad.code_wraps_integer": (
        "`{code}` wraps an integer tensor: parameters always require grad, and integers cannot.",
        "`{code}` 包装的是整数张量：参数总是需要梯度，而整数不能求梯度。"),
    "explain.backward_no_grad.first_only_from": (
        "{first}, only from tensors that do not require grad: {r}.",
        "{first}，而它所依赖的张量都不需要梯度：{r}。"),
    "explain.backward_no_grad.first_but_none": (
        "{first}, but none of the tensors it is computed from requires grad.",
        "{first}，但它所依赖的张量都不需要梯度。"),
    "explain.backward_no_grad.create_leaf_computed": (
        "Create `{n}` (or a leaf it is computed from) with requires_grad=True.",
        "用 requires_grad=True 创建 `{n}`（或它所依赖的叶子张量）。"),
    "explain.backward_no_grad.did_mean_call": (
        "Did you mean to call backward() on `{a}` (line {l}), which is computed from `{n}`? "
        "Otherwise create `{n}` with requires_grad=True if you want its gradient.",
        "你是不是想对 `{a}`（第 {l} 行，由 `{n}` 计算得到）调用 backward()？否则，如果需要 `{n}` "
        "的梯度，就用 requires_grad=True 创建它。"),
    "explain.backward_no_grad.first_does_require": (
        "{first}, {w}, so it does not require grad and has no graph to go back through.",
        "{first}，{w}，所以它不需要梯度，也没有可以反向传播的计算图。"),
    "explain.backward_no_grad.without_requires_grad": (
        "without requires_grad=True",
        "没有设置 requires_grad=True"),
    "explain.backward_no_grad.requires_grad_false": (
        "with requires_grad=False",
        "设置了 requires_grad=False"),
    "explain.backward_no_grad.detached_tensor": (
        "as a detached tensor",
        "是一个 detach 后的张量"),
    "explain.backward_no_grad.compute_outside_ctx": (
        "Compute `{n}` outside the `{ctx}` block (move line {l} out of it). Keep only code that "
        "must not be recorded, such as evaluation or manual parameter updates, inside it.",
        "在 `{ctx}` 块之外计算 `{n}`（把第 {l} 行移出去）。块内只保留不需要记录的代码，例如评估或"
        "手动更新参数。"),
    "explain.backward_no_grad.computed_line_inside": (
        "`{n}` was computed on line {l} inside `{ctx}` (line {cl}). Autograd records nothing "
        "there, so `{n}` has no grad_fn and backward() has nothing to go back through.",
        "`{n}` 是在第 {l} 行、`{ctx}`（第 {cl} 行）里面计算的。autograd 在那里什么都不记录，所以 "
        "`{n}` 没有 grad_fn,backward() 无路可走。"),
    "explain.backward_no_grad.has_no_graph": (
        "`{e}` has no graph: {r}.",
        "`{e}` 没有计算图：{r}。"),
    "explain.no_grad_reasons.created_line_without": (
        "`{n}` was created on line {l} without requires_grad=True",
        "`{n}` 在第 {l} 行创建时没有设置 requires_grad=True"),
    "explain.no_grad_reasons.every_parameter_frozen": (
        "every parameter of `{n}` was frozen (line {l}: `{code}`)",
        "`{n}` 的所有参数都被冻结了（第 {l} 行：`{code}`）"),
    "explain.no_grad_reasons.line_tensor_cut": (
        "`{n}` is `{v}` (line {l}), a tensor cut off from the graph",
        "`{n}` 是 `{v}`（第 {l} 行），一个与计算图断开的张量"),
    "explain.no_grad_reasons.computed_line_inside": (
        "`{n}` was computed on line {l} inside `{ctx}` (line {cl}), where autograd records "
        "nothing",
        "`{n}` 是在第 {l} 行、`{ctx}`（第 {cl} 行）里面计算的，那里 autograd 什么都不记录"),
    "explain.cut_off.get_gradient_use": (
        "To get a gradient for `{n}`, {use}, and call `{n}.retain_grad()` right after line {l}.",
        "想得到 `{n}` 的梯度，就{use}，并紧接第 {l} 行之后调用 `{n}.retain_grad()`。"),
    "explain.cut_off.get_gradient_both": (
        "To get a gradient, both must change: {use}, and either call `{n}.retain_grad()` right "
        "after line {l} or give the result of line {l} its own name (e.g. `{n}2 = {v}`) so `{n}` "
        "stays the leaf you created.",
        "想得到梯度，两处都要改：{use}；并且要么紧接第 {l} 行之后调用 `{n}.retain_grad()`，要么给"
        "第 {l} 行的结果起一个新名字（例如 `{n}2 = {v}`），让 `{n}` 仍然是你创建的叶子。"),
    "explain.cut_off.cutting_gradient_flow": (
        "If cutting the gradient flow is what you meant, nothing is wrong: read .grad only of "
        "the leaves `{r}` reaches ({lt}).",
        "如果本来就是想切断梯度流，那么没有问题：只读取 `{r}` 能到达的叶子（{lt}）的 .grad。"),
    "explain.cut_off.compute_from": (
        "compute `{r}` from `{n}`",
        "用 `{n}` 来计算 `{r}`"),
    "explain.cut_off.graph_which_backward": (
        "the graph of `{r}`, which backward() ran from on line {bl}, does not pass through `{n}`",
        "第 {bl} 行 backward() 的起点 `{r}` 的计算图并不经过 `{n}`"),
    "explain.cut_off.compute_from_itself": (
        "compute `{r}` from `{n}` itself, not from {a} (line {al})",
        "用 `{n}` 本身而不是 {a}（第 {al} 行）来计算 `{r}`"),
    "explain.cut_off.which_backward_ran": (
        "`{r}`, which backward() ran from on line {bl}, gets `{n}` through `{code}` (line {al}), "
        "and {how} cuts the graph there",
        "第 {bl} 行 backward() 的起点 `{r}` 是通过 `{code}`（第 {al} 行）用到 `{n}` 的，而 {how} "
        "在那里切断了计算图"),
    "explain.nonleaf_grad.copy_of_leaf": (
        "`{call}` on line {l} returns a converted copy of the leaf `{leaf}`: a new tensor "
        "computed from it (ToCopyBackward0), so `{n}` is not a leaf and its .grad stays None; "
        "the gradient goes to the unnamed leaf.",
        "第 {l} 行的 `{call}` 返回的是叶子 `{leaf}` 转换后的副本：由它计算得到的新张量（"
        "ToCopyBackward0），所以 `{n}` 不是叶子，它的 .grad 一直是 None；梯度流向了那个没有名字的"
        "叶子。"),
    "explain.nonleaf_grad.keep_leaf_after_copy": (
        "Convert first, then ask for grad, so that `{n}` is the leaf: `{new}`; or create it "
        "where and as it should be, passing `device=` or `dtype=` to the factory together with "
        "requires_grad=True.",
        "先转换再要求梯度，让 `{n}` 成为叶子：`{new}`；或者直接在工厂函数里同时传入 `device=` 或 "
        "`dtype=` 和 requires_grad=True。"),
    "explain.device.line_asks_gpu": (
        "Line {l} asks for the GPU: `{code}`.",
        "第 {l} 行要用 GPU：`{code}`。"),
    "explain.device.trap_create_on_device": (
        "Keep the tensor a leaf: convert first, then ask for grad, as in `{new}` (with "
        "`.to(device)` for the GPU).",
        "要让它仍是叶子张量，就先转换再要求梯度，例如 `{new}`（用 GPU 时写 `.to(device)`）。"),
    "explain.nonleaf_grad.read_grad_leaf": (
        "Read .grad of the leaf `{n}` is computed from, or call `{n}.retain_grad()` after line "
        "{l}{w}.",
        "读取 `{n}` 所依赖的叶子张量的 .grad，或者在第 {l} 行之后{w}调用 `{n}.retain_grad()`。"),
    "explain.nonleaf_grad.read_leaf_gradient": (
        "Read the leaf's gradient ({lt}), or call `{n}.retain_grad()` after line {l}{w} if you "
        "want the gradient with respect to `{n}` itself.",
        "读取叶子张量的梯度（{lt}）；如果想要关于 `{n}` 本身的梯度，就在第 {l} 行之后{w}调用 "
        "`{n}.retain_grad()`。"),
    "explain.nonleaf_grad.give_result_own": (
        "Give the result its own name so `{n}` stays the leaf (e.g. `{n}2 = {v}`) and read "
        "`{n}.grad`; or call `{n}.retain_grad()` right after line {l}{w} to keep the gradient of "
        "the new tensor.",
        "给结果起一个新名字，让 `{n}` 仍然是叶子（例如 `{n}2 = {v}`），然后读取 `{n}.grad`；或者"
        "紧接第 {l} 行之后{w}调用 `{n}.retain_grad()` 来保留新张量的梯度。"),
    "explain.nonleaf_grad.before_line": (
        " (before line {l})",
        "（在第 {l} 行之前）"),
    "explain.nonleaf_grad.first_out_leaf": (
        "{first}, so it is {out}, not a leaf. Its .grad stays None.",
        "{first}，所以它是 {out}，不是叶子。它的 .grad 一直是 None。"),
    "explain.nonleaf_grad.first_now_out": (
        "{first}, so it is now {out}, not a leaf. Its .grad stays None.",
        "{first}，所以它现在是 {out}，不是叶子。它的 .grad 一直是 None。"),
    "explain.nonleaf_grad.read_grad_leaf_2": (
        "Read .grad of the leaf `{n}` is computed from, or call `{n}.retain_grad()` before "
        "backward().",
        "读取 `{n}` 所依赖的叶子张量的 .grad，或者在 backward() 之前调用 `{n}.retain_grad()`。"),
    "explain.nonleaf_grad.leaf_tensor_grad": (
        "`{n}` is not a leaf tensor, so its .grad stays None.",
        "`{n}` 不是叶子张量，所以它的 .grad 一直是 None。"),
    "explain.nonleaf_grad.read_grad_leaves": (
        "Read .grad of the leaves the expression is computed from. To see the gradient of `{e}` "
        "itself, store it in a variable before backward(), call `.retain_grad()` on it, and use "
        "that variable to compute the loss.",
        "读取该表达式所依赖的叶子张量的 .grad。想看 `{e}` 本身的梯度，就在 backward() 之前把它存"
        "进变量、对它调用 `.retain_grad()`，并用这个变量计算损失。"),
    "explain.nonleaf_grad.grad_asks_gradient": (
        "`{e}.grad` asks for the gradient of `{e}`, a new tensor computed right there. It is not "
        "a leaf, and backward() never saw it, so its .grad is always None.",
        "`{e}.grad` 读取的是 `{e}` 的梯度，而 `{e}` 是当场新算出来的张量。它不是叶子，backward() "
        "也从没经过它，所以它的 .grad 永远是 None。"),
    "explain.series.semicolon": (
        "; ",
        "；"),
    "explain.series.comma": (
        ", ",
        "、"),
    "explain.clauses": (
        "{items}",
        "{items}"),
    "explain.names_and": (
        "{a} and {b}",
        "{a} 和 {b}"),
    "explain.the_leaf": (
        "the leaf",
        "叶子张量"),
    "explain.colon_code": (
        ": `{x}`",
        "：`{x}`"),
    "explain.code_on_line": (
        "`{code}` (line {l})",
        "`{code}`（第 {l} 行）"),
    "explain.leaf_lost_name": (
        "The leaf you created on line {l} no longer has a name: `{n}` now means the new tensor.",
        "你在第 {l} 行创建的叶子张量已经没有名字了：`{n}` 现在指的是新张量。"),
    "explain.cut_off.no_gradient": (
        "Besides, no gradient reaches it here at all: {why}.",
        "而且这里根本没有梯度到达它：{why}。"),
    "explain.cut_off.no_gradient_nor_leaves": (
        "Besides, no gradient reaches it here at all: {why}, so neither `{n}` nor the leaves it "
        "was computed from get one from that backward().",
        "而且这里根本没有梯度到达它：{why}，所以 `{n}` 和计算它所用的叶子都不会从这次 backward() "
        "得到梯度。"),
    "explain.backward_twice.outside_loop_one": (
        "Line {l} runs backward() in the loop that starts on line {ls}, but {names} is computed "
        "only once, on {where}, before the loop. The first pass through the loop freed that "
        "graph; the second pass goes through it again.",
        "第 {l} 行在从第 {ls} 行开始的循环中调用 backward()，但 {names} 只在循环之前的{where}计算"
        "了一次。第一次循环已经释放了那部分计算图，第二次循环又要经过它。"),
    "explain.backward_twice.outside_loop_many": (
        "Line {l} runs backward() in the loop that starts on line {ls}, but {names} are computed "
        "only once, on {where}, before the loop. The first pass through the loop freed that "
        "graph; the second pass goes through it again.",
        "第 {l} 行在从第 {ls} 行开始的循环中调用 backward()，但 {names} 只在循环之前的{where}计算"
        "了一次。第一次循环已经释放了那部分计算图，第二次循环又要经过它。"),
    "explain.numpy.detach_first": (
        "Detach it first: `{line}`",
        "先 detach：`{line}`"),
    "explain.numpy.detach_first_or_no_grad": (
        "Detach it first: `{line}`. If you only need the values (plotting, metrics), you can "
        "also compute them under `with torch.no_grad():` (line {l}), which records nothing.",
        "先 detach：`{line}`。如果只需要数值（画图、计算指标），也可以在 `with torch.no_grad():` "
        "中计算它（第 {l} 行），这样什么都不会被记录。"),
    "explain.rebound.line_makes": (
        "Line {l} (`{code}`) makes `{n}` {now}; the leaf it used to name is left behind.",
        "第 {l} 行（`{code}`）让 `{n}` 变成了{now}；它原来指向的叶子被丢在一边。"),
    "explain.rebound.new_non_leaf": (
        "a new non-leaf tensor ({fn})",
        "一个新的非叶子张量（{fn}）"),
    "explain.rebound.computed_from_old": (
        "computed from the old one",
        "由旧张量计算得到"),
    "explain.rebound.new_tensor_no_grad": (
        "a new tensor that does not require grad",
        "一个不需要梯度的新张量"),
    "explain.update_rebinds_leaf.fix_with": (
        "Update the tensor itself, in place, without recording it:\n    with "
        "torch.no_grad():\n        {update}",
        "原地更新张量本身，并且不要被记录：\n    with torch.no_grad():\n        {update}"),
    "explain.optimizer_frozen.frozen_on": (
        "`{n}` was frozen on line {l} (`{code}`)",
        "`{n}` 在第 {l} 行被冻结（`{code}`）"),
    "explain.optimizer_frozen.on_line": (
        " (line {l})",
        "（第 {l} 行）"),
    "explain.optimizer_frozen.holds_one": (
        "Optimizer `{o}`{w} holds {names}, which does not require grad.",
        "优化器 `{o}`{w}中的 {names} 不需要梯度。"),
    "explain.optimizer_frozen.holds_many": (
        "Optimizer `{o}`{w} holds {names}, which do not require grad.",
        "优化器 `{o}`{w}中的 {names} 不需要梯度。"),
    "explain.reason.created_without_grad": (
        "`{n}` was created on line {l} without requires_grad=True",
        "`{n}` 在第 {l} 行创建时没有设置 requires_grad=True"),
    "explain.unknown.title": (
        "{category}: {message}",
        "{category}: {message}"),
    "explain.graph.leaf": (
        "leaf",
        "叶子"),
    "explain.graph.nonleaf": (
        "non-leaf",
        "非叶子"),
    "explain.graph.req": (
        "requires_grad",
        "requires_grad"),
    "explain.graph.noreq": (
        "requires_grad=False",
        "不需要梯度"),
    "explain.graph.grad_set": (
        ".grad set",
        ".grad 已填写"),
    "explain.graph.grad_none": (
        ".grad None",
        ".grad 为 None"),
    "explain.graph.retains": (
        "retains_grad",
        "retains_grad"),
    "explain.graph.param": (
        "parameter",
        "参数"),
    # the graph view
    "explain.graph.inference": (
        "inference tensor (made under inference_mode)",
        "推理张量（在 inference_mode 中创建）"),
    "explain.graph.detach_of": (
        "detach() of {x}: shares memory with {x}",
        "{x} 的 detach()：与 {x} 共享内存"),
    "explain.graph.data_of": (
        ".data of {x}: shares memory with {x}",
        "{x} 的 .data：与 {x} 共享内存"),
    "explain.graph.view_of": (
        "view of {x}: shares memory with {x}",
        "{x} 的视图：与 {x} 共享内存"),
    "explain.graph.shares": (
        "shares memory with {x}",
        "与 {x} 共享内存"),
    "explain.graph.self_detach": (
        "{how} of the earlier {x} (line {line}: `{code}`): same memory, no graph",
        "第 {line} 行原来的 {x}（`{code}`）的 {how}：内存相同，没有计算图"),
    "explain.graph.self_detach_rec_one": (
        "{how} of the earlier {x} (line {line}: `{code}`, recorded since {refs} requires grad): "
        "same memory, no graph",
        "第 {line} 行原来的 {x}（`{code}`，因为 {refs} 需要梯度而被记录）的 {how}：内存相同，没有"
        "计算图"),
    "explain.graph.self_detach_rec_many": (
        "{how} of the earlier {x} (line {line}: `{code}`, recorded since {refs} require grad): "
        "same memory, no graph",
        "第 {line} 行原来的 {x}（`{code}`，因为 {refs} 需要梯度而被记录）的 {how}：内存相同，没有"
        "计算图"),
    "explain.graph.also": (
        "also named {names}",
        "也叫 {names}"),
    "explain.graph.frozen": (
        "requires_grad switched off on line {line} (`{code}`)",
        "第 {line} 行关闭了 requires_grad(`{code}`)"),
    "explain.graph.inplace_self": (
        "changed in place on line {line} (`{code}`)",
        "第 {line} 行被原地修改（`{code}`）"),
    "explain.graph.inplace_via": (
        "changed in place through {x} on line {line} (`{code}`), which shares its memory",
        "第 {line} 行通过与它共享内存的 {x} 被原地修改（`{code}`）"),
    "explain.graph.inplace_more": (
        "and {n} more in-place change(s)",
        "另有 {n} 处原地修改"),
    "explain.graph.no_grad_from_one": (
        "computed under `{ctx}` (line {line}) from {refs}, which requires grad: not recorded",
        "在 `{ctx}`（第 {line} 行）中由需要梯度的 {refs} 计算得到：没有被记录"),
    "explain.graph.no_grad_from_many": (
        "computed under `{ctx}` (line {line}) from {refs}, which require grad: not recorded",
        "在 `{ctx}`（第 {line} 行）中由需要梯度的 {refs} 计算得到：没有被记录"),
    "explain.graph.no_grad_in": (
        "computed under `{ctx}` (line {line})",
        "在 `{ctx}`（第 {line} 行）中计算"),
    "explain.graph.line": (
        "line {line}",
        "第 {line} 行"),
    "explain.graph.tensors": (
        "Tensors (as the program left them)",
        "张量（程序结束时的状态）"),
    "explain.graph.graph": (
        "Autograd graph (grad_fn nodes down to the leaves)",
        "计算图（从 grad_fn 节点一直到叶子）"),
    "explain.graph.no_graph": (
        "No tensor in the namespace has a grad_fn: nothing was recorded.",
        "命名空间里没有任何张量有 grad_fn：什么都没有被记录。"),
    "explain.graph.no_tensors": (
        "The program left no tensors in its namespace.",
        "程序结束时命名空间里没有张量。"),
    "explain.graph.shown": (
        "(shown above)",
        "（见上文）"),
    "explain.graph.freed": (
        "saved values freed by backward()",
        "保存的值已被 backward() 释放"),
    "explain.graph.nograd_input": (
        "1 untracked input",
        "1 个未被追踪的输入"),
    "explain.graph.nograd_inputs": (
        "{n} untracked inputs",
        "{n} 个未被追踪的输入"),
    "explain.graph.untracked_named": (
        "untracked: {names}",
        "未被追踪：{names}"),
    "explain.graph.constant": (
        "the constant {c}",
        "常数 {c}"),
    # The word every "untracked" note of the graph contains: its presence calls for the legend.
    "explain.graph.untracked_word": ("untracked", "未被追踪"),
    "explain.graph.legend": (
        "untracked input: a constant, or a tensor that does not require grad (detached, computed "
        "under no_grad, or created without requires_grad=True); no gradient flows into it.",
        "未被追踪的输入：常数，或不需要梯度的张量（detach 得到的、在 no_grad 中计算的、或创建时没"
        "有 requires_grad=True 的）；梯度不会流进它。"),
    "explain.graph.unnamed_leaf": (
        "unnamed leaf {shape}",
        "无名叶子 {shape}"),
    "explain.graph.old_name": (
        "the old `{x}` from line {line}",
        "第 {line} 行原来的 `{x}`"),
    "explain.graph.truncated": (
        "(graph truncated)",
        "（计算图过大，已截断）"),
    "explain.graph.grad_off": (
        "Note: autograd was still switched off when the program ended "
        "(torch.set_grad_enabled(False)).",
        "注意：程序结束时 autograd 仍处于关闭状态（torch.set_grad_enabled(False)）。"),
    "explain.graph.optimizer": (
        "optimizer {name} ({type}): {n} tensor(s)",
        "优化器 {name}（{type}）：{n} 个张量"),
    "explain.graph.opt_of": (
        "{k} of the {m} parameters of {mod}",
        "{mod} 的 {m} 个参数中的 {k} 个"),
    "explain.graph.opt_left": (
        "not given: {names}",
        "没有交给它：{names}"),
    "explain.graph.opt_noreq": (
        "{names} do(es) not require grad",
        "{names} 不需要梯度"),
    "explain.graph.name_at": (
        "`{n}` (line {line}: `{code}`)",
        "`{n}`（第 {line} 行：`{code}`）"),
    # the memory view
    "explain.memory.head": (
        "Memory autograd saves for backward (counted with saved_tensors_hooks)",
        "autograd 为反向传播保存的内存（用 saved_tensors_hooks 统计）"),
    "explain.memory.total": (
        "total: {b} in {n} saved tensor(s)",
        "合计：{n} 个被保存的张量，共 {b}"),
    "explain.memory.act": (
        "activations (new memory kept alive only for backward): {b}",
        "中间结果（只为反向传播而保留的新内存）：{b}"),
    "explain.memory.leaf": (
        "inputs and parameters (exist anyway, saved by reference): {b}",
        "输入和参数（本来就存在，只是被引用）：{b}"),
    "explain.memory.by_line": (
        "by line:",
        "按行："),
    "explain.memory.row": (
        "line {l:<4} {b:>10}  {n:>3} tensor(s)   {code}",
        "第 {l:<4} 行 {b:>10}  {n:>3} 个张量   {code}"),
    "explain.memory.nothing": (
        "Nothing was saved for backward: no operation was recorded by autograd.",
        "没有为反向传播保存任何东西：autograd 没有记录任何运算。"),
    "explain.memory.block": (
        "`{code}` (lines {a}–{b}) saved {saved}. With grad enabled there, those lines would have "
        "saved {n} tensor(s) adding {would} ({act} of it activations; memory an earlier line "
        "already saved is not counted twice).",
        "`{code}`（第 {a}–{b} 行）保存了 {saved}。如果那里打开梯度，这些行会保存 {n} 个张量，新"
        "增 {would}（其中中间结果 {act}；之前的行已保存过的内存不重复计算）。"),
    "explain.memory.whole": (
        "The whole program: {a} as written, {b} without the no_grad blocks ({d} saved by them).",
        "整个程序：按原样运行保存 {a}，去掉 no_grad 块后保存 {b}（no_grad 块省下了 {d}）。"),
    "explain.memory.stopped": (
        "(counting stopped at line {l}: {e})",
        "（统计在第 {l} 行停止：{e}）"),
    "explain.memory.stopped_cf": (
        "(the run with grad enabled stopped at line {l}: {e}; its numbers cover the lines before "
        "that)",
        "（打开梯度的那次运行在第 {l} 行停止：{e}；它的数字只包括此前的行）"),
    "explain.memory.syntax": (
        "The program has a syntax error: {e}",
        "程序有语法错误：{e}"),
    "explain.memory.none_blocks": (
        "The program has no `with torch.no_grad():` or `with torch.inference_mode():` block to "
        "compare with.",
        "程序里没有可以比较的 `with torch.no_grad():` 或 `with torch.inference_mode():` 块。"),
    "explain.cli.output": (
        "Output",
        "输出"),
    "explain.cli.no_output": (
        "(the program printed nothing)",
        "（程序没有输出）"),
    "explain.cli.stderr": (
        "standard error:",
        "标准错误："),
    "explain.cli.problems": (
        "Warnings and errors, explained",
        "警告和错误的解释"),
    "explain.cli.none": (
        "No autograd warning or error. 🎉",
        "没有 autograd 警告或错误。🎉"),
    "explain.cli.graph": (
        "Graph",
        "计算图"),
    "explain.cli.memory": (
        "Memory",
        "内存"),
    "explain.cli.fix": (
        "Fix",
        "怎么改"),
    "explain.cli.torch": (
        "torch said",
        "torch 的原文"),
    "explain.cli.times": (
        "(×{n}, same line)",
        "（同一行，共 {n} 次）"),
    # `gradtutor explain`
    "explain.cli.unexplained": (
        "gradtutor has no explanation for this message; its own words are above.",
        "gradtutor 还没有这条消息的解释；上面是原文。"),
    "explain.cli.message": (
        "message",
        "原文"),
    "explain.cli.stopped": (
        "The program stopped: {reason}",
        "程序中止：{reason}"),
    "explain.cli.no_graph": (
        "No graph: {why}",
        "没有计算图：{why}"),
    "explain.cli.no_memory": (
        "No memory count: {why}",
        "没有内存统计：{why}"),
    "explain.cli.dot_hint": (
        "{n} warning(s)/error(s) not shown; run without --dot to see them explained.",
        "有 {n} 条警告/错误未显示；去掉 --dot 再运行即可看到解释。"),
    "explain.cli.same_as_line": (
        "(the same explanation as for line {line} above)",
        "（与上文第 {line} 行的解释相同）"),
    "explain.cli.same_as_above": (
        "(the same explanation as above)",
        "（与上文的解释相同）"),
    "explain.cli.no_such_file": (
        "{path}: no such file. Check the path and try again",
        "{path}：没有这个文件。请检查路径后再试"),
    "explain.cli.is_folder": (
        "{path} is a folder. Give the .py file to explain",
        "{path} 是一个文件夹。请给出要解释的 .py 文件"),
    "explain.cli.cannot_read": (
        "{path}: cannot read it ({error}). Save it as UTF-8 text",
        "{path}：无法读取（{error}）。请把它保存为 UTF-8 文本"),
    "explain.cli.where": (
        "  ({where})",
        "  （{where}）"),
    "explain.cli.labelled": (
        "{label}: ",
        "{label}："),
    "explain.cli.expr": (
        "while evaluating `{e}`",
        "在计算 `{e}` 时"),
    "explain.cli.line": (
        "line {line}",
        "第 {line} 行"),
}
