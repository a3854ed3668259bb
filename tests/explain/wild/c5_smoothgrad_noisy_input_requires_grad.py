# ruff: noqa
# source: https://github.com/microsoft/tensorwatch/issues/25
# cause: (the thread has no accepted answer; this cause is checked by the fix) the noisy input is computed from an input that already carries a graph, so it is not a leaf and its requires_grad flag cannot be set; detach it first so it becomes a leaf of its own.
# class: 5
# mistake: line 21, variable inp
# fix: replace line 31 with: noisy_inp = (normalized + noise).detach()
# error: RuntimeError: you can only change requires_grad flags of leaf variables
# expect: runs clean; float(grad.abs().sum()) > 0
# cause-words: inp|noisy_inp, leaf
# fix-words: detach

import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(12, 8), nn.ReLU(), nn.Linear(8, 4))
input_tensor = torch.randn(1, 12, requires_grad=True)
normalized = (input_tensor - input_tensor.mean()) / input_tensor.std()


def _backprop(inp, ind):
    inp.requires_grad = True
    output = model(inp)
    model.zero_grad()
    output[0, ind].backward()
    return inp.grad


grad = torch.zeros_like(normalized)
for i in range(4):
    noise = 0.1 * torch.randn_like(normalized)
    noisy_inp = normalized + noise
    grad = grad + _backprop(noisy_inp, 1)
