# The grader provides: batch (number of rows)
import torch
import torch.nn as nn

backbone = nn.Sequential(nn.Linear(6, 4), nn.ReLU())
head = nn.Linear(4, 1)
x, t = torch.randn(batch, 6), torch.randn(batch, 1)
with torch.inference_mode():          # the backbone is frozen: precompute its features
    feats = backbone(x)
loss = ((head(feats) - t) ** 2).mean()
loss.backward()
