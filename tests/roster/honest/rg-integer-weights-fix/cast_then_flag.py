import torch
n = torch.tensor(counts)                            # how many of each item
price = torch.tensor(prices).float().requires_grad_()
total = torch.sum(n * price)
total.backward()
