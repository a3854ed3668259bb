import torch
n = torch.tensor(counts)
price = torch.tensor(prices, dtype=torch.float32, requires_grad=True)
total = (n * price).sum()
total.backward()
print("d total / d price =", price.grad.item())
