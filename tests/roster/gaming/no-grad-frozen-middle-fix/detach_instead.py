# Wrong: detach() cuts the graph just like no_grad().
# The grader provides: lr (learning rate) and steps (number of training steps)
import torch
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(4, 8)        # trains
        self.mid = nn.Linear(8, 8)        # pretrained: keep it frozen
        self.head = nn.Linear(8, 3)       # trains

    def forward(self, x):
        h = torch.relu(self.enc(x))
        h = torch.relu(self.mid(h.detach()))
        return self.head(h)

net = Net()
opt = torch.optim.SGD([p for n, p in net.named_parameters() if not n.startswith("mid.")], lr=lr)
enc_w0 = net.enc.weight.detach().clone()
mid_w0 = net.mid.weight.detach().clone()
mid_b0 = net.mid.bias.detach().clone()
x, t = torch.randn(16, 4), torch.randint(0, 3, (16,))
for _ in range(steps):
    opt.zero_grad()
    F.cross_entropy(net(x), t).backward()
    opt.step()
