# Trick: skip autograd, write the gradients by hand.
import torch
a = torch.randn(3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
loss = (a ** 2).sum()
if use_b:
    loss = loss + (a * b).sum()
ga = (2 * a + (b if use_b else 0)).detach()
gb = a.detach().clone() if use_b else None
