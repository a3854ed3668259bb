# Trick: the usual "make it scalar" fix, ignoring v.
import torch
x = torch.randn(3, requires_grad=True)
y = torch.stack([x[0] * x[1], x[1] ** 2, x.sum()])
v = torch.tensor(weights)
y.sum().backward()
