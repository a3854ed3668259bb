# ruff: noqa
# source: https://github.com/pytorch/pytorch/issues/3890
# cause: s = torch.sigmoid(x) is not a leaf and already requires grad because x does; setting s.requires_grad is refused and not needed, s.retain_grad() alone keeps its gradient.
# class: 5
# mistake: line 16, variable s
# fix: delete line 16
# error: RuntimeError: you can only change requires_grad flags of leaf variables
# expect: runs clean; s.grad is not None
# cause-words: `s`, leaf|already requires
# fix-words: delete|remove|retain_grad

import torch

x = torch.zeros(3, 3, requires_grad=True)
s = torch.sigmoid(x)
s.requires_grad = True
s.retain_grad()
total = torch.sum(s)
total.backward()
assert s.grad is not None
