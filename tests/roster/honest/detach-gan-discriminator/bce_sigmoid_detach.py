import torch
import torch.nn as nn
import torch.nn.functional as F

G = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))   # generator
D = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))   # discriminator
opt_d = torch.optim.SGD(D.parameters(), lr=0.1)
noise = torch.randn(batch, 4)
fake = G(noise)

fake = fake.detach()
logits = D(fake)
loss_d = nn.BCEWithLogitsLoss()(logits, torch.zeros(logits.shape))
opt_d.zero_grad()
loss_d.backward()
opt_d.step()
