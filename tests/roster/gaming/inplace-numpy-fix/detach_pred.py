# Wrong: detaching pred itself cuts the loss from w.
import torch
w = torch.randn(4, requires_grad=True)
pred = (w * scale).detach()
arr = pred.numpy()          # e.g. for plotting
loss = (pred ** 2).sum()
loss.backward()
