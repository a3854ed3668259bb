# ruff: noqa
# source: https://github.com/CSCYQJ/MICCAI23-ProtoContra-SFDA/issues/18
# cause: outc is an nn.Module, so `self.model.outc.requires_grad = False` only sets a plain Python attribute on it and freezes none of its parameters; use requires_grad_(False) or set it on each parameter.
# class: 6
# mistake: line 29, variable self.model.outc
# fix: replace line 29 with: self.model.outc.requires_grad_(False)
# error: none
# expect: runs clean; torch.equal(w0, trainer.model.outc.weight)
# cause-words: outc, attribute|module|parameters
# fix-words: requires_grad_(false)|parameters()

import torch
import torch.nn as nn


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Conv2d(1, 4, 3, padding=1)
        self.outc = nn.Conv2d(4, 2, 1)

    def forward(self, x):
        return self.outc(torch.relu(self.enc(x)))


class Trainer:
    def __init__(self):
        self.model = UNet()
        self.model.outc.requires_grad = False
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-2)

    def step(self, x, y):
        loss = nn.functional.cross_entropy(self.model(x), y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()


trainer = Trainer()
w0 = trainer.model.outc.weight.detach().clone()
for _ in range(2):
    trainer.step(torch.randn(2, 1, 8, 8), torch.randint(0, 2, (2, 8, 8)))
