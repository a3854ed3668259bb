# ruff: noqa
# source: https://github.com/pytorch/pytorch/issues/148835
# cause: relu saves its result for backward, and calling relu_() on that result changes the saved tensor in place.
# class: 7
# mistake: line 25, variable x
# fix: replace line 25 with: x = torch.nn.functional.relu(x)
# error: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# expect: runs clean; model.linear.weight.grad is not None
# cause-words: relu_, `x`
# fix-words: relu(x)|out-of-place|not in place|inplace

import torch

torch.set_grad_enabled(True)


class SimpleModel(torch.nn.Module):
    def __init__(self):
        super(SimpleModel, self).__init__()
        self.linear = torch.nn.Linear(10, 10)

    def forward(self, x):
        x = self.linear(x)
        x = torch.nn.functional.relu(x)
        x = torch.nn.functional.relu_(x)
        return x


model = SimpleModel()
inputs = torch.randn(1, 10)
out = model(*inputs)
out.sum().backward()
