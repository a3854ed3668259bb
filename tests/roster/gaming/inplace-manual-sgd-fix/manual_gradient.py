# Trick: no autograd at all; the gradient of the mean squared error written by hand.
import torch
true_w = torch.tensor([2.0, -3.0, 0.5])
x = torch.randn(20, 3)
y = x @ true_w
w = torch.zeros(3, requires_grad=True)
for _ in range(steps):
    with torch.no_grad():
        err = x @ w - y
        loss = (err ** 2).mean()
        w -= lr * 2 * x.T @ err / len(y)
