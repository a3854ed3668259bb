# Wrong: zero_grad inside the loop keeps only the last chunk.
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=lr)
X, Y = torch.randn(24, 3), torch.randn(24, 1)

opt.zero_grad()
for xb, yb in zip(X.chunk(micro), Y.chunk(micro)):
    opt.zero_grad()
    (F.mse_loss(model(xb), yb) * 1.0).backward()
opt.step()
