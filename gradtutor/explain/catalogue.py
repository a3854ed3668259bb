"""Catalogue of autograd warnings and errors: what torch says, what it means, what to do.

Each `Entry` is matched against the message torch actually produces (verified under torch
2.13, see docs/explain.md and tests/explain/test_catalogue_live.py) and names, as keyed facts,
a generic title, explanation and fix; their English and Simplified Chinese words are in the
one message catalogue (gradtutor/text/tables/explain.py). The learner-specific facts ("`x` was
reassigned on line 4 ...") are composed elsewhere (builders) from the program's AST.

`kind == "silent"` entries have no torch message: torch accepts the code and does the wrong
thing quietly. They are found from the graph probe's observations instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from gradtutor.facts import Fact
from gradtutor.sandbox.protocol import strip_torch_suffix as _strip_suffix

# libtorch appends where a C++ warning was raised; the sandbox strips it already, but grading may
# hand us messages from elsewhere, so strip it again.


def strip_torch_suffix(message: str) -> str:
    return _strip_suffix(message).strip()


Kind = Literal["error", "warning", "silent"]


@dataclass(frozen=True)
class Entry:
    key: str
    kind: Kind
    categories: tuple[str, ...]  # exception / warning class names torch raises it as
    pattern: re.Pattern[str] | None  # matched at the start of the stripped message
    sample: str | None  # the verbatim torch 2.13 message of the trigger in the tests
    refs: tuple[str, ...] = ()  # k-numbers of /work/shared/seed/verified.md section 3
    # For messages that many unrelated situations produce (e.g. "'NoneType' object has no
    # attribute"), the entry applies only when the program analysis finds its construct.
    needs_subject: bool = False

    # Its words live in the message catalogue (gradtutor/text/tables/explain.py) under
    # explain.<key>.title / .text (why it happens) / .fix (what to do), independent of the
    # learner's names.
    @property
    def title(self) -> Fact:
        return Fact(f"explain.{self.key}.title")

    @property
    def text(self) -> Fact:
        return Fact(f"explain.{self.key}.text")

    @property
    def fix(self) -> Fact:
        return Fact(f"explain.{self.key}.fix")

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
    ),
    Entry(
        key="backward_no_grad",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"element \d+ of tensors does not require grad and does not have a "
                    r"grad_fn"),
        sample="element 0 of tensors does not require grad and does not have a grad_fn",
        refs=("k01", "k19", "k36", "k42"),
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
    ),
    Entry(
        key="inplace_leaf",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"a leaf Variable that requires grad is being used in an in-place "
                    r"operation"),
        sample="a leaf Variable that requires grad is being used in an in-place operation.",
        refs=("k07",),
    ),
    Entry(
        key="backward_twice",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Trying to backward through the graph a second time"),
        sample=_FREED_ERROR,
        refs=("k09", "k10"),
    ),
    Entry(
        key="nonscalar_backward",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"grad can be implicitly created only for scalar outputs"),
        sample="grad can be implicitly created only for scalar outputs",
        refs=("k11", "k39"),
    ),
    Entry(
        key="grad_shape_mismatch",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Mismatch in shape: grad_output\[\d+\] has a shape of"),
        sample=("Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and "
                "output[0] has a shape of torch.Size([2])."),
        refs=("k12",),
    ),
    Entry(
        key="inplace_saved",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"one of the variables needed for gradient computation has been modified "
                    r"by an inplace operation"),
        sample=_VERSION_ERROR,
        refs=("k13", "k14", "k20", "k40"),
    ),
    Entry(
        key="numpy_requires_grad",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"Can't call numpy\(\) on Tensor that requires grad"),
        sample="Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
               "instead.",
        refs=("k15",),
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
    ),
    Entry(
        key="grad_input_no_req",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"One of the differentiated Tensors does not require grad"),
        sample="One of the differentiated Tensors does not require grad",
        refs=("k23",),
    ),
    Entry(
        key="optimizer_empty",
        kind="error",
        categories=("ValueError",),
        pattern=_re(r"optimizer got an empty parameter list"),
        sample="optimizer got an empty parameter list",
        refs=("k24",),
    ),
    Entry(
        key="optimizer_nonleaf",
        kind="error",
        categories=("ValueError",),
        pattern=_re(r"can't optimize a non-leaf Tensor"),
        sample="can't optimize a non-leaf Tensor",
        refs=("k25",),
    ),
    Entry(
        key="optimizer_frozen_param",
        kind="silent",
        categories=(),
        pattern=None,
        sample=None,
        refs=("k38", "E3"),
    ),
    Entry(
        key="update_rebinds_leaf",
        kind="silent",
        categories=(),
        pattern=None,
        sample=None,
        refs=("k07", "inplace-on-leaf"),
    ),
    Entry(
        key="retain_grad_no_req",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"can't retain_grad on Tensor that has requires_grad=False"),
        sample="can't retain_grad on Tensor that has requires_grad=False",
        refs=("k26",),
    ),
    Entry(
        key="hook_no_req",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"cannot register a hook on a tensor that doesn't require gradient"),
        sample="cannot register a hook on a tensor that doesn't require gradient",
        refs=("k27",),
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
    ),
    Entry(
        key="grad_is_none",
        kind="error",
        categories=("AttributeError",),
        pattern=_re(r"'NoneType' object has no attribute '\w+'"),
        sample="'NoneType' object has no attribute 'zero_'",
        refs=("k32",),
        needs_subject=True,  # only when the failing line uses t.grad.<something>
    ),
    Entry(
        key="grad_assign_shape",
        kind="error",
        categories=("RuntimeError",),
        pattern=_re(r"attempting to assign a gradient of size"),
        sample=("attempting to assign a gradient of size '[3]' to a tensor of size '[2]'. "
                "Please ensure that the gradient and the tensor are the same size"),
        refs=("k33",),
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
    ),
    Entry(
        key="volatile_removed",
        kind="warning",
        categories=("UserWarning",),
        pattern=_re(r"volatile was removed and now has no effect"),
        sample="volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
        refs=("k35",),
    ),
    Entry(
        key="anomaly_trace",
        kind="warning",
        categories=("UserWarning",),
        pattern=_re(r"Error detected in (?P<node>\w+)\. Traceback of forward call that caused "
                    r"the error"),
        sample=None,  # contains a traceback of the run, so no fixed text
        refs=("k40",),
    ),
    Entry(
        key="no_grad_without_parens",
        kind="error",
        categories=("TypeError",),
        pattern=_re(r"'type' object does not support the context manager protocol"),
        sample="'type' object does not support the context manager protocol",
        refs=("k43",),
        needs_subject=True,  # only when the line is `with torch.no_grad:` (or similar)
    ),
    Entry(
        key="cuda_unavailable",
        kind="error",
        # A CPU build says "not compiled" (or, for .cuda(0), "no accelerator"). A CUDA build
        # says "No CUDA GPUs are available" when the GPU is hidden from the sandbox, and
        # "Cannot re-initialize CUDA in forked subprocess" in a child forked after CUDA was
        # initialised, and "Unexpected error from cudaGetDeviceCount()" when the sandbox's
        # limits refuse the driver (all seen under torch 2.11.0+cu130 on an H200). Learner
        # programs run on the CPU here, so every one of these means "this line asked for the GPU".
        categories=("AssertionError", "RuntimeError"),
        pattern=_re(r"Torch not compiled with CUDA enabled|Cannot access accelerator device "
                    r"when none is available|CUDA error|Cannot re-initialize CUDA in forked "
                    r"subprocess|Found no NVIDIA driver|No CUDA GPUs are available|CUDA driver "
                    r"initialization failed|Unexpected error from cudaGetDeviceCount"),
        sample=None,  # differs by build and machine: see the pattern
        refs=(),
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
