# ruff: noqa
# source: https://github.com/chojw/genb/issues/6
# cause: optim_G.step() updates the generator in place after g_loss.backward() while the discriminator loss still has to backpropagate through the same generator forward pass; compute the generator loss and backward, but step only after the discriminator's backward.
# class: 2
# mistake: line 42, variable optim_G
# fix: delete line 42
# fix: insert after line 47: optim_G.step()
# error: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# expect: runs clean
# cause-words: optim_g|step(), genb|generator|weights|parameters
# fix-words: after|later|move|order|until

import torch
import torch.nn as nn
import torch.nn.functional as F


class GenB(nn.Module):
    def __init__(self):
        super().__init__()
        self.v = nn.Linear(12, 16)
        self.q = nn.Linear(8, 16)
        self.cls = nn.Linear(16, 5)

    def forward(self, v, q):
        return self.cls(torch.tanh(self.v(v) + self.q(q)))


genb = GenB()
discriminator = nn.Sequential(nn.Linear(5, 16), nn.ReLU(), nn.Linear(16, 1))
optim_G = torch.optim.Adamax(genb.parameters(), lr=1e-3)
optim_D = torch.optim.Adamax(discriminator.parameters(), lr=1e-3)

for i in range(2):
    v, q = torch.randn(4, 12), torch.randn(4, 8)
    a = torch.rand(4, 5)
    # train genb
    optim_G.zero_grad()
    pred_g = genb(v, q)
    g_loss = F.binary_cross_entropy_with_logits(pred_g, a)
    g_loss.backward(retain_graph=True)
    optim_G.step()
    # train the discriminator on the generator's output
    optim_D.zero_grad()
    d_out = discriminator(pred_g)
    d_loss = F.binary_cross_entropy_with_logits(d_out, torch.ones_like(d_out))
    d_loss.backward()
    optim_D.step()
