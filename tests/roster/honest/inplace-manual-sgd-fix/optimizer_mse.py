import torch
import torch.nn.functional as F

true_w = torch.tensor([2.0, -3.0, 0.5])
x = torch.randn(20, 3)
y = x @ true_w
w = torch.zeros(3, requires_grad=True)
opt = torch.optim.SGD([w], lr=lr)
for _ in range(steps):
    opt.zero_grad()
    loss = F.mse_loss(torch.matmul(x, w.unsqueeze(1)).squeeze(1), y)
    loss.backward()
    opt.step()
