import troch
import torch.nn as nn

l1, l2, l3 = nn.Linear(3, 5), nn.Linear(5, 4), nn.Linear(4, 1)
x = troch.randn(batch, 3)
h1 = troch.tanh(l1(x))
h1.retain_grad()
h2 = troch.tanh(l2(h1))
h2.retain_grad()
loss = l3(h2).pow(2).mean()
loss.backward()
