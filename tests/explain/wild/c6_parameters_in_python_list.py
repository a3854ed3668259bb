# ruff: noqa
# source: https://runebook.dev/ru/docs/pytorch/generated/torch.nn.parameter.parameter
# cause: parameters kept in a plain Python list (self.weights = [nn.Parameter(...)]) are not registered by the module, so model.parameters() misses them and optimizer.step() changes nothing; use nn.ParameterList.
# class: 6
# mistake: line 19, variable self.weights
# fix: replace line 19 with: self.weights = nn.ParameterList([nn.Parameter(torch.randn(n, n) * 0.1) for _ in range(3)])
# error: none
# expect: runs clean; not torch.equal(w0, model.weights[0])
# cause-words: self.weights|weights, list|parameters()|registered
# fix-words: parameterlist

import torch
import torch.nn as nn


class MyStack(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.weights = [nn.Parameter(torch.randn(n, n) * 0.1) for _ in range(3)]
        self.head = nn.Linear(n, 1)

    def forward(self, x):
        for w in self.weights:
            x = torch.tanh(x @ w)
        return self.head(x)


model = MyStack(4)
w0 = model.weights[0].detach().clone()
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for _ in range(3):
    loss = (model(torch.randn(8, 4)) - 1).pow(2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
