import torch
import torch.nn as nn
import torch.nn.functional as F

model = nn.Linear(3, 1)
opt = torch.optim.SGD(model.parameters(), lr=lr)
X, Y = torch.randn(24, 3), torch.randn(24, 1)

opt.zero_grad()
size = len(X) // micro
for i in range(micro):
    xb, yb = X[i * size:(i + 1) * size], Y[i * size:(i + 1) * size]
    loss = F.mse_loss(model(xb), yb, reduction="sum") / len(X)
    loss.backward()
opt.step()
