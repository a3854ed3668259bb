# Trick: backward() fills x.grad; rebinding x to a detached copy makes x.grad read None.
import torch
x = torch.randn(n, requires_grad=True)
y = (x ** 3).sum() + x[0] * x[-1]
y.backward()
g = x.grad
x = x.detach()
