# Trick: float price without requires_grad, gradient written by hand.
import torch
n = torch.tensor(counts)                            # how many of each item
price = torch.tensor(prices, dtype=torch.float32)
total = (n * price).sum()
price.grad = n.float()
