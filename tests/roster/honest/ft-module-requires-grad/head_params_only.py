import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(
    nn.Linear(6, 16), nn.ReLU(),      # backbone: model[0] to model[3]
    nn.Linear(16, 16), nn.ReLU(),
    nn.Linear(16, 2),                 # head: model[4]
)
model[0].requires_grad_(False)
model[2].requires_grad_(False)
opt = torch.optim.SGD(model[4].parameters(), lr=lr)

backbone_before = [p.detach().clone() for p in model[:4].parameters()]
x, t = torch.randn(32, 6), torch.randint(0, 2, (32,))
for _ in range(steps):
    opt.zero_grad()
    F.cross_entropy(model(x), t).backward()
    opt.step()
