import warnings

import torch
import torch.nn as nn

l1, l2, l3 = nn.Linear(3, 5), nn.Linear(5, 4), nn.Linear(4, 1)
x = torch.randn(batch, 3)
h1 = torch.tanh(l1(x))
h2 = torch.tanh(l2(h1))
loss = l3(h2).pow(2).mean()
print("before:", h1.grad)              # a non-leaf .grad: torch warns
h1.retain_grad()
h2.retain_grad()
loss.backward()
warnings.warn("done with the backward pass")
for name, h in (("h1", h1), ("h2", h2)):
    print(name, h.grad.norm().item())
