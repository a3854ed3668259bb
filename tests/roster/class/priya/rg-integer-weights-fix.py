import torch

n = torch.tensor(counts)
price = torch.tensor(prices).float()
price.requires_grad = True
total = torch.dot(n.float(), price)
total.backward()
