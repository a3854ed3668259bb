import torch
w = torch.randn(4, requires_grad=True)
pred = w * scale
arr = pred.detach().numpy()          # e.g. for plotting
loss = (pred ** 2).sum()
loss.backward()
print(arr, arr.grad)                 # does the copy have a gradient too?
