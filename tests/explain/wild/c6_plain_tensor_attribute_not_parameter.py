# ruff: noqa
# source: https://runebook.dev/zh/docs/pytorch/generated/torch.nn.parameter.parameter
# cause: self.not_a_param is a plain tensor attribute, not an nn.Parameter, so it is not registered in model.parameters() and the optimizer never updates it.
# class: 6
# mistake: line 20, variable self.not_a_param
# fix: replace line 20 with: self.not_a_param = nn.Parameter(torch.randn(size))
# error: none
# expect: runs clean; not torch.equal(v0, model.not_a_param)
# cause-words: not_a_param, parameters()|parameter|optimizer
# fix-words: nn.parameter

import torch
import torch.nn as nn


class CustomLayer(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.custom_weight = nn.Parameter(torch.randn(size))
        self.not_a_param = torch.randn(size, requires_grad=True)

    def forward(self, x):
        return x * self.custom_weight + self.not_a_param


model = CustomLayer(5)
v0 = model.not_a_param.detach().clone()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for _ in range(3):
    loss = (model(torch.randn(4, 5)) - 1).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
