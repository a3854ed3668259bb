# Wrong: sums the micro-batch gradients without dividing by micro.
import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=lr)
X, Y = torch.randn(24, 3), torch.randn(24, 1)

opt.zero_grad()
for xb, yb in zip(X.chunk(micro), Y.chunk(micro)):
    F.mse_loss(model(xb), yb).backward()
opt.step()
