import torch
w = torch.randn(4, requires_grad=True)
pred = w * scale
arr = pred.detach().cpu().numpy().copy()
loss = (pred ** 2).sum()
loss.backward()
