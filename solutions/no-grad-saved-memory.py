# The grader provides: batch (rows of the input) and width (features per layer)
import torch
import torch.nn as nn
from torch.autograd.graph import saved_tensors_hooks

model = nn.Sequential(nn.Linear(width, width), nn.ReLU(),
                      nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 1))
inp = torch.randn(batch, width)

def saved_bytes(run):
    total = 0

    def pack(t):
        nonlocal total
        total += t.numel() * t.element_size()
        return t

    with saved_tensors_hooks(pack, lambda t: t):
        run()
    return total

def forward_no_grad():
    with torch.no_grad():
        return model(inp)

with_grad = saved_bytes(lambda: model(inp))
without_grad = saved_bytes(forward_no_grad)
