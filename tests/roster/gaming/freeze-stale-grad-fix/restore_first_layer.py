# Trick: leave the bug, copy the frozen values back at the end.
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
opt = torch.optim.Adam(model.parameters(), lr=0.01)
x, t = torch.randn(32, 4), torch.randn(32, 1)

def train(n):
    for _ in range(n):
        opt.zero_grad(set_to_none=False)
        F.mse_loss(model(x), t).backward()
        opt.step()

train(warmup)                        # stage 1: train everything
model[0].requires_grad_(False)       # stage 2: freeze the first layer ...
frozen_w = model[0].weight.detach().clone()
frozen_b = model[0].bias.detach().clone()
head_w = model[2].weight.detach().clone()
train(steps)                         # ... and keep training the head
with torch.no_grad():
    model[0].weight.copy_(frozen_w)
    model[0].bias.copy_(frozen_b)
