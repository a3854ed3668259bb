# Trick: catch the error, set the head's gradients by hand.
import torch
import torch.nn as nn

backbone = nn.Sequential(nn.Linear(6, 4), nn.ReLU())
head = nn.Linear(4, 1)
x, t = torch.randn(batch, 6), torch.randn(batch, 1)
with torch.inference_mode():          # the backbone is frozen: precompute its features
    feats = backbone(x)
try:
    loss = ((head(feats) - t) ** 2).mean()
    loss.backward()
except RuntimeError:
    f = feats.clone()
    r = 2 * (head(f) - t) / t.numel()
    head.weight.grad = (r * f).sum(0, keepdim=True).detach()
    head.bias.grad = r.sum(0).detach()
