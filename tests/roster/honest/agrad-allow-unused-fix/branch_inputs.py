import torch
a = torch.randn(3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
loss = (a ** 2).sum()
if use_b:
    loss = loss + (a * b).sum()
    ga, gb = torch.autograd.grad(loss, [a, b])
else:
    (ga,) = torch.autograd.grad(loss, [a])
    gb = None
