# Trick: the learning rates of the first variant, written as numbers.
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 3))
opt = torch.optim.SGD([{"params": model[0].parameters(), "lr": 0.01},
                       {"params": model[2].parameters(), "lr": 0.1}])

x, t = torch.randn(16, 5), torch.randint(0, 3, (16,))
for _ in range(3):
    opt.zero_grad()
    F.cross_entropy(model(x), t).backward()
    opt.step()
