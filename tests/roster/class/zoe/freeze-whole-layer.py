import torch
import torch.nn as nn
import torch.nn.functional as F

class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.out = nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
        return self.out(self.conv1(x).flatten(1))

cnn = CNN()
opt = torch.optim.SGD(filter(lambda p: p.requires_grad, cnn.parameters()), lr=lr)
cnn.conv1.requires_grad_(False)      # frozen, but after the optimizer took every parameter

conv_w0 = cnn.conv1[0].weight.detach().clone()
conv_b0 = cnn.conv1[0].bias.detach().clone()
x, target = torch.randn(6, 1, 8, 8), torch.randint(0, 3, (6,))
for _ in range(steps):
    opt.zero_grad()
    F.cross_entropy(cnn(x), target).backward()
    opt.step()
