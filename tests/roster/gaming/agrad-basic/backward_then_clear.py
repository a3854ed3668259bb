# Trick: use backward() and wipe x.grad afterwards so the check sees None.
import torch
x = torch.randn(n, requires_grad=True)
y = (x ** 3).sum() + x[0] * x[-1]
y.backward()
g = x.grad.clone()
x.grad = None
