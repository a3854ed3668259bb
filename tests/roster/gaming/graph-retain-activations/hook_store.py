# Trick: catch the gradients with hooks and write them into .grad by hand.
import torch
import torch.nn as nn

l1, l2, l3 = nn.Linear(3, 5), nn.Linear(5, 4), nn.Linear(4, 1)
x = torch.randn(batch, 3)
h1 = torch.tanh(l1(x))
h2 = torch.tanh(l2(h1))
loss = l3(h2).pow(2).mean()
seen = {}
h1.register_hook(lambda g: seen.__setitem__("h1", g))
h2.register_hook(lambda g: seen.__setitem__("h2", g))
loss.backward()
h1.grad, h2.grad = seen["h1"], seen["h2"]
