import numpy as np
import torch
w = torch.randn(4, requires_grad=True)
pred = w * scale
arr = np.array(pred.tolist())
loss = (pred ** 2).sum()
loss.backward()
