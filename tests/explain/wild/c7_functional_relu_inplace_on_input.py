# ruff: noqa
# source: https://github.com/pytorch/pytorch/issues/727
# cause: F.relu(x, inplace=True) writes into x, a leaf that requires grad, and the in-place dropout after it would overwrite relu's saved output; just remove the inplace flags.
# class: 7
# mistake: line 19, variable x
# fix: replace line 19 with: x = F.relu(x)
# fix: replace line 20 with: x = F.dropout(x, p=0.1)
# error: RuntimeError: a leaf Variable that requires grad is being used in an in-place operation
# expect: runs clean; x0.grad is not None
# cause-words: `x`, leaf|in-place|inplace
# fix-words: inplace

import numpy as np
import torch
import torch.nn.functional as F

x = torch.from_numpy(np.random.randn(4, 6, 10, 10)).float().requires_grad_()
x0 = x
x = F.relu(x, inplace=True)
x = F.dropout(x, p=0.1, inplace=True)
result = torch.sum(x)
result.backward()
