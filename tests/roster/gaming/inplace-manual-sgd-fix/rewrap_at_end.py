# Trick: keep w = w - ..., retain the grad each step, make w a leaf again at the end.
import torch
true_w = torch.tensor([2.0, -3.0, 0.5])
x = torch.randn(20, 3)
y = x @ true_w
w = torch.zeros(3, requires_grad=True)
for _ in range(steps):
    loss = ((x @ w - y) ** 2).mean()
    loss.backward()
    w = w - lr * w.grad          # gradient descent step
    w.retain_grad()
w = w.detach().requires_grad_()
