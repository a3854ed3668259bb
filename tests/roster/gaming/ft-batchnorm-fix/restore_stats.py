# Trick: keep training mode; put the statistics back and reset the counter afterwards.
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))
backbone = model[:3]
backbone.requires_grad_(False)                 # freeze the backbone
opt = torch.optim.SGD(model[3].parameters(), lr=0.1)
stats_before = model[1].running_mean.clone()
var_before = model[1].running_var.clone()
x, t = torch.randn(32, 4) * 2 + 1, torch.randn(32, 1)
for epoch in range(epochs):
    model.train()
    for xb, tb in zip(x.chunk(4), t.chunk(4)):
        opt.zero_grad()
        F.mse_loss(model(xb), tb).backward()
        opt.step()
model[1].running_mean.copy_(stats_before)
model[1].running_var.copy_(var_before)
model[1].num_batches_tracked.zero_()
