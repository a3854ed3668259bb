# ruff: noqa
# source: https://pytorch.org/blog/pytorch-0_4_0-migration-guide/
# cause: changes made through out.data are not tracked by autograd, so zeroing c (which shares memory with out) silently corrupts the value sigmoid's backward uses and a.grad comes out wrong; with detach() autograd would report it.
# class: 6
# mistake: line 16, variable c
# fix: replace line 16 with: c = out.detach().clone()
# error: none
# expect: runs clean; torch.allclose(a.grad, torch.sigmoid(a.detach()) * (1 - torch.sigmoid(a.detach())))
# cause-words: .data, c|out
# fix-words: detach

import torch

a = torch.tensor([1, 2, 3.], requires_grad=True)
out = a.sigmoid()
c = out.data
c.zero_()
print(out)
out.sum().backward()
print(a.grad)
