# Trick: catch the error of the second backward() and carry on.
import torch
import torch.nn as nn
import torch.nn.functional as F

encoder = nn.Linear(4, 3)
head_a, head_b = nn.Linear(3, 1), nn.Linear(3, 1)
x = torch.randn(batch, 4)
h = torch.tanh(encoder(x))          # shared by both losses
loss_a = head_a(h).pow(2).mean()
loss_b = F.softplus(head_b(h)).mean()
loss_a.backward()
try:
    loss_b.backward()
except RuntimeError:
    pass
