# The grader provides: micro (number of micro-batches, it divides 24) and lr
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=lr)
X, Y = torch.randn(24, 3), torch.randn(24, 1)

opt.zero_grad()
for xb, yb in zip(X.chunk(micro), Y.chunk(micro)):
    (F.mse_loss(model(xb), yb) / micro).backward()
opt.step()
