import sys

import torch


def main():
    print("arr:", arr)
    return 0


w = torch.randn(4, requires_grad=True)
pred = w * scale
arr = pred.detach().numpy()
loss = (pred ** 2).sum()
loss.backward()

if __name__ == "__main__":
    sys.exit(main())
