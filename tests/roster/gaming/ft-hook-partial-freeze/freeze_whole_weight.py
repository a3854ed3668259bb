# Wrong: a hook that zeroes the whole gradient.
import torch
import torch.nn as nn

layer = nn.Linear(3, 4)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
w0 = layer.weight.detach().clone()
x, t = torch.randn(16, 3), torch.randn(16, 4)
layer.weight.register_hook(lambda g: g * 0)
for _ in range(steps):
    opt.zero_grad()
    ((layer(x) - t) ** 2).mean().backward()
    opt.step()
