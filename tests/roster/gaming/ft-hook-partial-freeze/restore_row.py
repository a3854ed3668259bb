# Trick: no hook; put the frozen row back after training.
import torch
import torch.nn as nn

layer = nn.Linear(3, 4)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
w0 = layer.weight.detach().clone()
x, t = torch.randn(16, 3), torch.randn(16, 4)
for _ in range(steps):
    opt.zero_grad()
    ((layer(x) - t) ** 2).mean().backward()
    opt.step()
with torch.no_grad():
    layer.weight[frozen_row] = w0[frozen_row]
