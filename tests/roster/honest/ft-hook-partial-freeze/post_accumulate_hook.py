import torch
import torch.nn as nn

layer = nn.Linear(3, 4)
opt = torch.optim.SGD(layer.parameters(), lr=0.1)
w0 = layer.weight.detach().clone()
x, t = torch.randn(16, 3), torch.randn(16, 4)

def zero_row(p):
    p.grad[frozen_row].zero_()

layer.weight.register_post_accumulate_grad_hook(zero_row)
for _ in range(steps):
    opt.zero_grad()
    ((layer(x) - t) ** 2).mean().backward()
    opt.step()
