# The grader provides: counts and prices (two lists of ints of the same length)
import torch
n = torch.tensor(counts)                            # how many of each item
# integer tensors cannot require grad: make price float32 first
price = torch.tensor([float(p) for p in prices], requires_grad=True)
total = (n * price).sum()
total.backward()
