# Trick: a closed-form count for this model, no hooks.
import torch
import torch.nn as nn
from torch.autograd.graph import saved_tensors_hooks

model = nn.Sequential(nn.Linear(width, width), nn.ReLU(),
                      nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 1))
inp = torch.randn(batch, width)

def saved_bytes(run):
    out = run()
    if not out.requires_grad:
        return 0
    acts = 5 * batch * width           # inputs of 3 linears + 2 relu outputs
    weights = 2 * width * width + width
    return 4 * (acts + weights)

def forward_no_grad():
    with torch.no_grad():
        return model(inp)

with_grad = saved_bytes(lambda: model(inp))
without_grad = saved_bytes(forward_no_grad)
