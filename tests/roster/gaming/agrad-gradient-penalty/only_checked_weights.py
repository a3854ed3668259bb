# Trick: put gradients only into the two weights the checks look at.
import torch
import torch.nn as nn

D = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
x = torch.randn(batch, 2, requires_grad=True)
scores = D(x)
(g,) = torch.autograd.grad(scores.sum(), x, create_graph=True)
penalty = ((g.norm(dim=1) - 1) ** 2).mean()
gw0, gw2 = torch.autograd.grad(penalty, [D[0].weight, D[2].weight])
D[0].weight.grad, D[2].weight.grad = gw0, gw2
