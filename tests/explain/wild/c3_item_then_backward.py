# ruff: noqa
# source: https://deepinout.com/pytorch/pytorch-questions/75_pytorch_runtime_error_element_0_of_tensors_does_not_require_grad_and_does_not_have_a_grad_fn.html
# cause: y.item() turns the tensor into a Python float, which has no graph (and no backward()); keep the value a tensor.
# class: 3
# mistake: line 16, variable z
# fix: replace line 16 with: z = y.sum()
# error: AttributeError: 'float' object has no attribute 'backward'
# expect: runs clean; x.grad is not None
# cause-words: item(), z|float
# fix-words: item|tensor|y.sum()|y.backward

import torch

x = torch.tensor([1.0], requires_grad=True)
y = torch.sin(x)
z = y.item()
z.backward()
print(x.grad)
