# Trick: no retain_grad(); compute the activation gradients with autograd.grad and assign them.
import torch
import torch.nn as nn

l1, l2, l3 = nn.Linear(3, 5), nn.Linear(5, 4), nn.Linear(4, 1)
x = torch.randn(batch, 3)
h1 = torch.tanh(l1(x))
h2 = torch.tanh(l2(h1))
loss = l3(h2).pow(2).mean()
g1, g2 = torch.autograd.grad(loss, [h1, h2], retain_graph=True)
loss.backward()
h1.grad, h2.grad = g1, g2
