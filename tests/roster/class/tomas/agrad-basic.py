import torch
x = torch.randn(n, requires_grad=True)
y = (x ** 3).sum() + x[0] * x[-1]
(g,) = torch.autograd.grad(y, x)
