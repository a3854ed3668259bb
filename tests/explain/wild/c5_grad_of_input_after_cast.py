# ruff: noqa
# source: https://github.com/pytorch/pytorch/issues/12627
# cause: inputs.requires_grad is set before the device/dtype conversion, which returns a new non-leaf tensor, so inputs.grad is never populated; set requires_grad on the tensor after the conversion.
# class: 5
# mistake: line 20, variable inputs
# fix: delete line 18
# fix: insert after line 20: inputs.requires_grad = True
# error: none
# expect: runs clean; inputs.grad is not None
# cause-words: inputs, leaf|conversion|double()|new tensor
# fix-words: requires_grad|before|after|retain_grad

import torch
from torch import nn, optim

inputs = torch.Tensor(torch.randn(3, 5))
targets = torch.Tensor([1, 2, 3]).long()
inputs.requires_grad = True

inputs, targets = inputs.double(), targets

Net = nn.Sequential(nn.Linear(5, 5), nn.LogSoftmax(dim=-1)).double()
out = Net(inputs[0])
optimizer = optim.Adam(Net.parameters(), lr=0.001)
loss_fn = nn.NLLLoss()
for i in range(1):
    optimizer.zero_grad()
    loss = loss_fn(out.view(1, 5), targets[0].view(1))
    loss.backward(retain_graph=True)
    print(inputs.grad)
    optimizer.step()
