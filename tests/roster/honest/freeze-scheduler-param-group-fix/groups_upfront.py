import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
model[0].requires_grad_(False)                  # stage 1: train only the head
head_group = {"params": list(model[2].parameters()), "lr": 0.05}
backbone_group = {"params": list(model[0].parameters()), "lr": lr_backbone}
opt = torch.optim.Adam([head_group, backbone_group])
warmup = lambda s: min(1.0, (s + 1) / 4)
sched = torch.optim.lr_scheduler.LambdaLR(opt, [warmup, warmup])
x, t = torch.randn(32, 4), torch.randn(32, 1)
w_start = model[0].weight.detach().clone()
for step in range(steps):
    if step == unfreeze_at:                     # stage 2: fine-tune the first layer too
        model[0].requires_grad_(True)
    opt.zero_grad()
    F.mse_loss(model(x), t).backward()
    opt.step()
    sched.step()
