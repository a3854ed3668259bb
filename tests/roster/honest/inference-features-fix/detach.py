import torch
import torch.nn as nn

backbone = nn.Sequential(nn.Linear(6, 4), nn.ReLU())
head = nn.Linear(4, 1)
x, t = torch.randn(batch, 6), torch.randn(batch, 1)
feats = backbone(x).detach()
loss = ((head(feats) - t) ** 2).mean()
loss.backward()
