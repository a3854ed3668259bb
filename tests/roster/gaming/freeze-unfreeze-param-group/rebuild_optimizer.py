# Wrong for this task: a fresh Adam at unfreeze_at forgets the head's moments.
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
model[0].requires_grad_(False)                  # stage 1: train only the head
opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=0.05)
x, t = torch.randn(32, 4), torch.randn(32, 1)
w_start = model[0].weight.detach().clone()
for step in range(steps):
    if step == unfreeze_at:                     # stage 2: fine-tune everything
        model[0].requires_grad_(True)
        opt = torch.optim.Adam([{"params": model[2].parameters()},
                                {"params": model[0].parameters(), "lr": lr_backbone}], lr=0.05)
    opt.zero_grad()
    F.mse_loss(model(x), t).backward()
    opt.step()
