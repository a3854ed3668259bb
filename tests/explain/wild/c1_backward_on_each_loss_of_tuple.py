# ruff: noqa
# source: https://github.com/mosaicml/composer/pull/1240
# cause: the model returns a tuple of losses that share one forward pass, and calling backward() on each loss in turn walks the shared graph again after the first backward() freed it; sum the losses and call backward once.
# class: 1
# mistake: line 34, variable loss
# fix: replace line 34 with: sum(outputs).backward()
# fix: delete line 35
# error: RuntimeError: Trying to backward through the graph a second time
# expect: runs clean; model.body.weight.grad is not None
# cause-words: loss|outputs, same|shared|freed|first backward
# fix-words: sum|total|one backward|retain_graph

import torch
import torch.nn as nn


class MultiLossModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(6, 6)
        self.head_a = nn.Linear(6, 1)
        self.head_b = nn.Linear(6, 1)

    def loss(self, x):
        h = torch.tanh(self.body(x))
        return self.head_a(h).pow(2).mean(), self.head_b(h).abs().mean()


model = MultiLossModel()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for microbatch in range(2):
    outputs = model.loss(torch.randn(4, 6))
    optimizer.zero_grad()
    for loss in outputs:
        loss.backward()
    optimizer.step()
