# Trick: set x.grad by hand from the formula instead of calling backward.
import torch
x = torch.randn(3, requires_grad=True)
y = torch.stack([x[0] * x[1], x[1] ** 2, x.sum()])
v = torch.tensor(weights)
d = x.detach()
x.grad = torch.stack([v[0] * d[1] + v[2], v[0] * d[0] + 2 * v[1] * d[1] + v[2], v[2]])
