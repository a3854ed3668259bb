import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))
backbone = model[:3]
backbone.requires_grad_(False)                 # freeze the backbone
opt = torch.optim.SGD(model[3].parameters(), lr=0.1)
stats_before = model[1].running_mean.clone()
x, t = torch.randn(32, 4) * 2 + 1, torch.randn(32, 1)
for epoch in range(epochs):
    model.eval()                               # nothing here behaves differently in train mode but BN
    for xb, tb in zip(x.chunk(4), t.chunk(4)):
        opt.zero_grad()
        F.mse_loss(model(xb), tb).backward()
        opt.step()
