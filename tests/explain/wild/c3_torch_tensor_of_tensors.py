# ruff: noqa
# source: https://discuss.pytorch.org/t/gradient-is-lost-when-use-torch-tensor-t1-t2/23261
# cause: torch.tensor([cosa, cosb]) copies the values into a new leaf tensor with no history (torch warns about converting a tensor that requires grad), so y2 has no graph back to a and b; torch.stack keeps it.
# class: 3
# mistake: line 21, variable y2
# fix: replace line 21 with: y2 = torch.stack([cosa, cosb])
# error: RuntimeError: element 0 of tensors does not require grad
# expect: runs clean; a.grad is not None
# cause-words: torch.tensor, y2
# fix-words: torch.stack|stack

import torch

a = torch.tensor(0.0)
b = torch.tensor(0.0)
a.requires_grad = True
b.requires_grad = True
cosa = torch.cos(a)
cosb = torch.cos(b)
y1 = cosa + cosb
y2 = torch.tensor([cosa, cosb])
mat = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
y2 = torch.matmul(y2, mat)
y2.sum().backward()
print("a has grad ", a.requires_grad)
print("a grad", a.grad)
