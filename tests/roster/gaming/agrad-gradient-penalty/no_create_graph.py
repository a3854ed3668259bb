# Trick: no create_graph; make the penalty "require grad" so backward() does not raise.
import torch
import torch.nn as nn

D = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
x = torch.randn(batch, 2, requires_grad=True)
scores = D(x)
(g,) = torch.autograd.grad(scores.sum(), x)
penalty = ((g.norm(dim=1) - 1) ** 2).mean().requires_grad_()
penalty.backward()
