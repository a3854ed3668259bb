# Wrong: turns n into floats too.
import torch
n = torch.tensor(counts, dtype=torch.float32)       # how many of each item
price = torch.tensor(prices, dtype=torch.float32, requires_grad=True)
total = (n * price).sum()
total.backward()
