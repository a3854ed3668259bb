# Trick: skip autograd.grad, write dy/dx by hand.
import torch
x = torch.randn(n, requires_grad=True)
y = (x ** 3).sum() + x[0] * x[-1]
g = 3 * x.detach() ** 2
g[0] += x.detach()[-1]
g[-1] += x.detach()[0]
