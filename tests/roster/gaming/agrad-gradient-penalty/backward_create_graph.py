# Wrong: gradients from backward(create_graph=True) pile the first-order gradient into D.
import torch
import torch.nn as nn

D = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
x = torch.randn(batch, 2, requires_grad=True)
scores = D(x)
scores.sum().backward(create_graph=True)
g = x.grad
penalty = ((g.norm(dim=1) - 1) ** 2).mean()
penalty.backward()
