import torch
n = torch.tensor(counts)
price = torch.tensor(prices, dtype=torch.double, requires_grad=True)
total = (n * price).sum()
total.backward()
