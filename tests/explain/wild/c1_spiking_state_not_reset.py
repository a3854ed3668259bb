# ruff: noqa
# source: https://github.com/jeshraghian/snntorch/issues/250
# cause: the membrane potential kept inside the network (self.mem) is carried from one batch into the next, so the second backward() reaches the first batch's freed graph; resetting the hidden states at the start of each forward pass fixes it.
# class: 1
# mistake: line 27, variable self.mem
# fix: insert before line 58: reset(net)
# error: RuntimeError: Trying to backward through the graph a second time
# expect: runs clean
# cause-words: self.mem|mem, previous|earlier|last|batch|iteration
# fix-words: reset|detach

import torch
import torch.nn as nn


class Leaky(nn.Module):
    """A leaky integrate-and-fire neuron that keeps its membrane potential between calls."""

    def __init__(self, beta):
        super().__init__()
        self.beta = beta
        self.mem = None

    def forward(self, x):
        if self.mem is None:
            self.mem = torch.zeros_like(x)
        self.mem = self.beta * self.mem + x
        spk = torch.sigmoid(5 * (self.mem - 1.0))
        return spk, self.mem


def reset(net):
    for m in net.modules():
        if isinstance(m, Leaky):
            m.mem = None


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(10, 16)
        self.lif1 = Leaky(0.9)
        self.fc2 = nn.Linear(16, 2)
        self.lif2 = Leaky(0.9)

    def forward(self, x):
        spk1, _ = self.lif1(self.fc1(x))
        return self.lif2(self.fc2(spk1))


net = Net()
optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
num_steps = 5
for batch in range(3):
    x = torch.randn(8, 10)
    targets = torch.randint(0, 2, (8,))
    spk_rec = []
    for step in range(num_steps):
        spk_out, mem_out = net(x)
        spk_rec.append(spk_out)
    loss = nn.functional.cross_entropy(torch.stack(spk_rec).sum(0), targets)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
