import torch
import torch.nn as nn
import torch.nn.functional as F

G = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
D = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
opt_d = torch.optim.SGD(D.parameters(), lr=0.1)
noise = torch.randn(batch, 4)
fake = G(noise)

criterion = nn.BCEWithLogitsLoss()
d_out = D(fake.detach())
loss_d = criterion(d_out, torch.zeros(batch, 1))
loss_d.backward()
opt_d.step()
