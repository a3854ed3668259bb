# Wrong: making h1, h2 leaves cuts the parameters off the graph.
import torch
import torch.nn as nn

l1, l2, l3 = nn.Linear(3, 5), nn.Linear(5, 4), nn.Linear(4, 1)
x = torch.randn(batch, 3)
h1 = torch.tanh(l1(x)).detach().requires_grad_()
h2 = torch.tanh(l2(h1)).detach().requires_grad_()
loss = l3(h2).pow(2).mean()
loss.backward()
