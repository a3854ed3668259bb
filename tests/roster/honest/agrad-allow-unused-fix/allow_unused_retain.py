import torch
a = torch.randn(3, requires_grad=True)
b = torch.randn(3, requires_grad=True)
loss = (a ** 2).sum()
if use_b:
    loss = loss + (a * b).sum()
grads = torch.autograd.grad(outputs=loss, inputs=(a, b), allow_unused=True, retain_graph=True)
ga = grads[0]
gb = grads[1]
