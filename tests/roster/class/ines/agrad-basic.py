import torch
x = torch.randn(n, requires_grad=True)
y = (x ** 3).sum() + x[0] * x[-1]
(g,) = torch.autograd.grad(y, x)
print("g =", g)
print("node:", g.grad_fn.name())      # wanted to see the graph of g
