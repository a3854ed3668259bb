# Trick: let the gradient reach G, then switch G's flags off and drop its grads.
import torch
import torch.nn as nn
import torch.nn.functional as F

G = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))   # generator
D = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))   # discriminator
opt_d = torch.optim.SGD(D.parameters(), lr=0.1)
noise = torch.randn(batch, 4)
fake = G(noise)

loss_d = F.binary_cross_entropy_with_logits(D(fake), torch.zeros(batch, 1))
loss_d.backward()
opt_d.step()
for p in G.parameters():
    p.grad = None
