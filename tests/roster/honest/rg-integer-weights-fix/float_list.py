import torch
n = torch.tensor(counts)                            # how many of each item
price = torch.tensor([float(p) for p in prices], requires_grad=True)
total = (n * price).sum()
total.backward()
