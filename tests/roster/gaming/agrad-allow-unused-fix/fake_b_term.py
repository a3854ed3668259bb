# Trick: make the loss always "use" b with a zero term, so no allow_unused is needed.
import torch
a = torch.randn(3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
loss = (a ** 2).sum() + 0 * b.sum()
if use_b:
    loss = loss + (a * b).sum()
ga, gb = torch.autograd.grad(loss, [a, b])
if not use_b:
    gb = None
