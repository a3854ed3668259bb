# The grader provides: counts and prices (two lists of ints of the same length)
import torch
n = torch.tensor(counts)                            # how many of each item
price = torch.tensor(prices, dtype=torch.float32, requires_grad=True)    # we want d(total)/d(price)
total = (n * price).sum()
total.backward()
