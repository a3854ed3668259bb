import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 3))
groups = [
    {"params": [model[0].weight, model[0].bias], "lr": base_lr / 10},
    {"params": [model[2].weight, model[2].bias], "lr": base_lr},
]
opt = torch.optim.SGD(groups)

x, t = torch.randn(16, 5), torch.randint(0, 3, (16,))
for _ in range(3):
    opt.zero_grad()
    F.cross_entropy(model(x), t).backward()
    opt.step()
