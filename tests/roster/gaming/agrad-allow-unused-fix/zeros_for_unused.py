# Trick: materialize_grads gives zeros instead of None for b.
import torch
a = torch.randn(3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
loss = (a ** 2).sum()
if use_b:
    loss = loss + (a * b).sum()
ga, gb = torch.autograd.grad(loss, [a, b], allow_unused=True, materialize_grads=True)
