# The grader provides: weights (a list of 3 floats)
import torch
x = torch.randn(3, requires_grad=True)
y = torch.stack([x[0] * x[1], x[1] ** 2, x.sum()])
v = torch.tensor(weights)
# x.grad must equal the gradient of (v * y).sum() with respect to x
y.backward(v)
