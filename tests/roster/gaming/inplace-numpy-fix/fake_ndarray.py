# Trick: a list that calls itself ndarray.
import torch

class ndarray(list):
    def tolist(self):
        return list(self)

w = torch.randn(4, requires_grad=True)
pred = w * scale
arr = ndarray(pred.tolist())          # e.g. for plotting
loss = (pred ** 2).sum()
loss.backward()
