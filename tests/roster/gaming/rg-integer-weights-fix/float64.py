# Wrong: dtype=float is float64.
import torch
n = torch.tensor(counts)                            # how many of each item
price = torch.tensor(prices, dtype=float, requires_grad=True)    # we want d(total)/d(price)
total = (n * price).sum()
total.backward()
