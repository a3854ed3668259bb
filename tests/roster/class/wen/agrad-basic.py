import torch
x = torch.randn(n, requires_grad=True)
y = (x ** 3).sum() + x[0] * x[-1]
# 用 torch.autograd.grad 求 dy/dx,x.grad 保持 None
g = torch.autograd.grad(y, x)[0]
print("梯度：", g)
