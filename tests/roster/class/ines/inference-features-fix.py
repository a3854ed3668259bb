import torch
import torch.nn as nn

backbone = nn.Sequential(nn.Linear(6, 4), nn.ReLU())
head = nn.Linear(4, 1)
x, t = torch.randn(batch, 6), torch.randn(batch, 1)
with torch.no_grad():
    feats = backbone(x)
loss = ((head(feats) - t) ** 2).mean()
loss.backward()
assert backbone[0].weight.grad is not None, "backbone got no gradient?"
