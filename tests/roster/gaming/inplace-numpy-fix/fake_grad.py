# Trick: arr from a detached copy, then the gradient written by hand, pred re-flagged.
import torch
w = torch.randn(4, requires_grad=True)
pred = (w * scale).detach()
arr = pred.numpy()          # e.g. for plotting
pred.requires_grad_()
loss = (pred ** 2).sum()
w.grad = (2 * pred * scale).detach()
