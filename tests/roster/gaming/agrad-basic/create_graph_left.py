# Wrong: create_graph=True leaves g attached to the graph (requires_grad, grad_fn).
import torch
x = torch.randn(n, requires_grad=True)
y = (x ** 3).sum() + x[0] * x[-1]
(g,) = torch.autograd.grad(y, x, create_graph=True)
