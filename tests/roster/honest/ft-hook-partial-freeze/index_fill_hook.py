import torch
import torch.nn as nn

layer = nn.Linear(3, 4)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
w0 = layer.weight.detach().clone()
x, t = torch.randn(16, 3), torch.randn(16, 4)

def keep_row(grad):
    grad = grad.clone()
    grad[frozen_row] = 0.0
    return grad

handle = layer.weight.register_hook(keep_row)
for _ in range(steps):
    opt.zero_grad()
    ((layer(x) - t) ** 2).mean().backward()
    opt.step()
