import torch


def gradient_of(y, x):
	(g,) = torch.autograd.grad(y, x)
	return g


x = torch.randn(n, requires_grad=True)
y = (x ** 3).sum() + x[0] * x[-1]
g = gradient_of(y, x)
